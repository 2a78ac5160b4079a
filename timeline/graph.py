"""Stage: order events as a directed acyclic graph, derive missing dates, rank.

Edges point from an event to an event that comes after it. They come from two kinds of
evidence: cue words in the text ("after his return", "Then, ...") and dates whose ranges do
not overlap. A range that contains another ("2022" and "March 2022") gives no edge, so
neither is forced before the other. Evidence that would close a cycle loses its weakest
edge, and that is reported. The graph is kept sparse (transitive reduction). The timeline
is a deterministic topological order keyed by date range and then id.

The graph is the definition; ``cuegraph.py`` works the same answer out from the cue edges
and the date ranges alone whenever it can be sure to, which is most builds.
"""
from __future__ import annotations

from bisect import bisect_right
from functools import lru_cache
from operator import attrgetter
from dataclasses import replace
from datetime import date
from heapq import heappop, heappush
from typing import TYPE_CHECKING

from .records import Event, Problem, When, amended
from .titles import future_clause

if TYPE_CHECKING:
    import networkx as nx

# networkx is imported by the functions of the full graph that use it: most builds link
# events without it (see cuegraph.py), and importing it costs a tenth of a second.

_FAR_FUTURE = date.max
# How much an edge's evidence weighs when a cycle forces one to go.
DATE_WEIGHT = 3  # two dates written in the text
CUE_WEIGHT = 2  # an order cue between clauses


def order_key(event: Event) -> tuple:
    """Earlier ranges first; undated events last; ties broken by id."""
    when = event.when
    return (when.start or _FAR_FUTURE, when.end or _FAR_FUTURE, event.id)


# Date order is carried by two hub nodes per distinct date range rather than by an edge
# between every pair of events: a day with 60 events after a day with 60 events would
# otherwise need 3,600 edges, and the graph grows with the square of the corpus. Hub
# nodes are tuples ("in" | "out", index of the date group); event nodes are strings.
DATE_PREDECESSORS = 8  # at most this many date-implied predecessors are listed per event


def date_groups(events: tuple[Event, ...]) -> list[tuple[Event, ...]]:
    """Dated events (with dates of their own) grouped by identical range, in date order."""
    groups: dict[tuple[date, date], list[Event]] = {}
    for event in sorted((e for e in events if e.when.known and not e.when.derived), key=order_key):
        groups.setdefault((event.when.start, event.when.end), []).append(event)
    return [tuple(groups[key]) for key in sorted(groups)]


def group_edges(ranges: list[tuple[date, date]]) -> list[tuple[int, int]]:
    """Edges between date ranges that do not overlap, sparse: each range points only at
    the first "layer" of ranges that start after it ends; later ones follow through them.
    A range containing another gives no edge. ``ranges`` are sorted by start."""
    starts = [first for first, _ in ranges]
    # The earliest end among the ranges from each index on: the first layer after a range
    # is every later range starting no later than that, found by bisection, not a scan.
    earliest_end = [date.max] * (len(ranges) + 1)
    for index in range(len(ranges) - 1, -1, -1):
        earliest_end[index] = min(ranges[index][1], earliest_end[index + 1])
    edges = []
    for index, (_, last) in enumerate(ranges):
        first_later = bisect_right(starts, last)
        if first_later == len(ranges):
            continue
        layer_end = bisect_right(starts, earliest_end[first_later], lo=first_later)
        edges += [(index, j) for j in range(first_later, layer_end)]
    return edges


Edges = dict[tuple[str, str], tuple[int, str]]  # (before, after) -> (weight, cue words)


def cue_edges(events: tuple[Event, ...], ids: set[str]) -> Edges:
    """The edges between events: a given dependency, else the first cue that links them."""
    edges: Edges = {}
    for event in sorted((e for e in events if e.depends_on or e.links), key=lambda e: e.id):
        for before in event.depends_on:
            if before in ids:
                edges[before, event.id] = (DATE_WEIGHT + 1, "given")
        for before, cue in event.links:
            if before in ids and (before, event.id) not in edges:
                edges[before, event.id] = (CUE_WEIGHT, cue)
    return edges


def build_graph(events: tuple[Event, ...]) -> nx.DiGraph:
    import networkx as nx

    graph = nx.DiGraph()
    ids = {event.id for event in events}
    graph.add_nodes_from(sorted(ids))
    for event in events:  # own date ranges, to tell cue edges that contradict them
        if event.when.known and not event.when.derived:
            graph.nodes[event.id].update(start=event.when.start, end=event.when.end)
    groups = date_groups(events)
    for index, group in enumerate(groups):
        for event in group:
            graph.add_edge(("in", index), event.id, weight=DATE_WEIGHT, cue="dates")
            graph.add_edge(event.id, ("out", index), weight=DATE_WEIGHT, cue="dates")
    ranges = [(g[0].when.start, g[0].when.end) for g in groups]
    for before, after in group_edges(ranges):
        graph.add_edge(("out", before), ("in", after), weight=DATE_WEIGHT, cue="dates")
    for (before, after), (weight, cue) in cue_edges(events, ids).items():
        graph.add_edge(before, after, weight=weight, cue=cue)
    return graph


def _contradicts_dates(graph: nx.DiGraph, u, v) -> bool:
    """A cue edge from an event to one whose own dates end before it starts: the date
    order already runs the other way, so the edge closes a cycle through the hubs."""
    first, second = graph.nodes[u], graph.nodes[v]
    return graph.edges[u, v]["weight"] < DATE_WEIGHT and "start" in first and "end" in second and second["end"] < first["start"]


def cycle_problem(cue: str, u, v) -> Problem:
    return Problem("events", f"conflicting order: dropped '{cue}' edge {u} -> {v}, which closed a cycle")


def break_cycles(graph: nx.DiGraph) -> tuple[nx.DiGraph, tuple[Problem, ...]]:
    """Drop the weakest edge of each cycle until none is left, reporting each drop.

    A cue that contradicts two written dates is the weakest edge of the cycle it closes,
    and is dropped first without searching for that cycle (it runs through every date in
    between). Other cycles are looked for only inside strongly connected components, so an
    acyclic graph costs one linear pass whatever its size; each component is searched on a
    copy of its own (a subgraph view filters every neighbour lookup through the component).
    """
    import networkx as nx

    graph, problems = graph.copy(), []

    def drop(u, v) -> None:
        problems.append(cycle_problem(graph.edges[u, v]["cue"], u, v))
        graph.remove_edge(u, v)

    events = [(u, v) for u, v in graph.edges if isinstance(u, str) and isinstance(v, str)]
    for u, v in sorted(events, key=str):
        if _contradicts_dates(graph, u, v):
            drop(u, v)
    cyclic = sorted((c for c in nx.strongly_connected_components(graph) if len(c) > 1), key=lambda c: min(map(str, c)))
    for component in cyclic:
        part = graph.subgraph(component).copy()
        while True:
            try:
                cycle = nx.find_cycle(part)
            except nx.NetworkXNoCycle:
                break
            u, v = min(((a, b) for a, b, *_ in cycle), key=lambda e: (graph.edges[e]["weight"], str(e)))
            drop(u, v)
            part.remove_edge(u, v)
    return graph, tuple(problems)


def derive_dates(events: tuple[Event, ...], graph: nx.DiGraph, published: dict[str, date | None]) -> tuple[Event, ...]:
    """Undated past events get the tightest range their edges imply, capped by the
    publication date of the articles that report them."""
    import networkx as nx

    by_id = {e.id: e for e in events}
    order = list(nx.topological_sort(graph))
    low: dict = {}
    for node in order:
        event = by_id.get(node)
        own = event.when.start if event is not None and event.when.known else None
        low[node] = own or max((low[p] for p in graph.predecessors(node) if low[p]), default=None)
    high: dict = {}
    for node in reversed(order):
        event = by_id.get(node)
        caps = [published.get(m.article) for m in event.mentions] if event is not None and not event.future else []
        own = event.when.end if event is not None and event.when.known else None
        bounds = [d for d in [*caps, *(high[s] for s in graph.successors(node))] if d]
        high[node] = own or min(bounds, default=None)
    return tuple(_derived(e, low[e.id], high[e.id]) for e in events)


def _derived(event: Event, start: date | None, end: date | None) -> Event:
    if event.when.known or event.future or start is None or end is None or start > end:
        return event
    return replace(event, when=When(start=start, end=end, granularity="range", derived=True))


def _nearest_by_dates(graph: nx.DiGraph, by_id: dict[str, Event], hubs: frozenset) -> tuple[str, ...]:
    """The events of the date ranges just before ``hubs``, the latest first (at most ``DATE_PREDECESSORS``)."""
    by_dates: set[str] = set()
    for hub in hubs:
        for out in (h for h in graph.predecessors(hub) if isinstance(h, tuple)):
            by_dates.update(e for e in graph.predecessors(out) if isinstance(e, str))
    return tuple(sorted(by_dates, key=lambda i: order_key(by_id[i]), reverse=True)[:DATE_PREDECESSORS])


def predecessors(graph: nx.DiGraph, cues: nx.DiGraph, by_id: dict[str, Event], node: str,
                 nearest_for: dict[frozenset, tuple[str, ...]] | None = None) -> tuple[str, ...]:
    """The events ``node`` depends on, without those its other predecessors already imply.

    Date order comes through the hubs: the events of the date ranges just before this
    one, the latest first (at most ``DATE_PREDECESSORS``); every event of one date range
    has the same, so ``nearest_for`` keeps them by hubs. A cue edge adds nothing when
    the dates already put its event earlier, or when another cued predecessor follows it
    (``cues`` holds only the edges between events, few, so this stays cheap where a full
    transitive reduction of a long timeline would be quadratic).
    """
    from networkx import ancestors

    hubs = frozenset(p for p in graph.predecessors(node) if isinstance(p, tuple))
    nearest_for = {} if nearest_for is None else nearest_for
    if hubs not in nearest_for:
        nearest_for[hubs] = _nearest_by_dates(graph, by_id, hubs)
    nearest = nearest_for[hubs]
    cued = [p for p in graph.predecessors(node) if isinstance(p, str)]
    own = by_id[node].when

    def implied(before: str) -> bool:
        when = by_id[before].when
        if own.known and not own.derived and when.known and not when.derived and when.end < own.start:
            return True
        return any(before in ancestors(cues, other) for other in cued if other != before)

    return tuple(sorted({*nearest, *(c for c in cued if not implied(c))}, key=str))


def link_events(events: tuple[Event, ...], published: dict[str, date | None]) -> tuple[tuple[Event, ...], tuple[Problem, ...]]:
    """Events with derived dates and ``depends_on`` set from the graph."""
    from .cuegraph import sparse_links  # it builds on this module

    return sparse_links(events, published) or link_in_full(events, published)


def link_in_full(events: tuple[Event, ...], published: dict[str, date | None]) -> tuple[tuple[Event, ...], tuple[Problem, ...]]:
    """``link_events`` on the whole graph, whatever its cycles."""
    import networkx as nx

    graph, problems = break_cycles(build_graph(events))
    events = derive_dates(events, graph, published)
    by_id = {e.id: e for e in events}
    # A graph of its own, not a view: a view's size is recounted on every ancestors() call.
    cues = nx.DiGraph((u, v) for u, v in graph.edges if isinstance(u, str) and isinstance(v, str))
    nearest_for: dict[frozenset, tuple[str, ...]] = {}
    linked = tuple(replace(e, depends_on=predecessors(graph, cues, by_id, e.id, nearest_for)) for e in events)
    return linked, problems


def order_events(events: tuple[Event, ...]) -> tuple[Event, ...]:
    """Events in timeline order: a topological order of the graph keyed by ``order_key``.

    Of all the orders that put every event after those it depends on, the one that is
    smallest by ``order_key`` position by position (keys are unique, so there is one):
    each step places the smallest key among the events whose dependencies are all placed.
    Events are numbered in key order first, so the choosing compares numbers.
    """
    by_id = {event.id: event for event in events}
    queue = sorted(by_id.values(), key=order_key)
    number = {event.id: index for index, event in enumerate(queue)}
    later: list[list[int]] = [[] for _ in queue]
    waiting = [0] * len(queue)
    if len(by_id) == len(events):  # ids unique, as they are after merging: each event's own dependencies
        needs = ((event.id, event.depends_on) for event in events if event.depends_on)
    else:  # an id given twice: the dependencies of both
        gathered: dict[str, tuple[str, ...]] = {}
        for event in events:
            if event.depends_on:
                gathered[event.id] = gathered.get(event.id, ()) + event.depends_on
        needs = iter(gathered.items())
    for ident, before in needs:
        after = number[ident]
        for earlier in (before if len(before) == 1 else dict.fromkeys(before)):
            index = number.get(earlier)
            if index is not None:
                later[index].append(after)
                waiting[after] += 1
    ready = [index for index, count in enumerate(waiting) if not count]  # ascending: a heap already
    ordered = []
    while ready:
        index = heappop(ready)
        ordered.append(queue[index])
        for after in later[index]:
            waiting[after] -= 1
            if not waiting[after]:
                heappush(ready, after)
    if len(ordered) < len(queue):
        from networkx import NetworkXUnfeasible

        raise NetworkXUnfeasible("the events depend on each other in a cycle")
    return tuple(ordered)


_ARTICLE_PARAGRAPH = attrgetter("article", "paragraph")


def first_paragraphs(event: Event) -> dict[str, int]:
    """The first paragraph of each article that reports ``event``, the articles in the order met."""
    mentions = event.mentions
    first = dict(map(_ARTICLE_PARAGRAPH, mentions))
    if len(first) == len(mentions):  # each article reports it once: most events
        return first
    first = {}
    for mention in mentions:
        article, paragraph = mention.article, mention.paragraph
        if article not in first or paragraph < first[article]:
            first[article] = paragraph
    return first


def day_salience(events: tuple[Event, ...], firsts: list[dict[str, int]] | None = None) -> dict[date, int]:
    """For each day, how many articles report something on it: the days the news is about.
    ``firsts``: each event's ``first_paragraphs`` when known, for its articles."""
    articles: dict[date, set[str]] = {}
    for index, event in enumerate(events):
        when = event.when
        if when.granularity in ("day", "time") and when.known and not when.derived:
            found = articles.get(when.start)
            if found is None:
                found = articles[when.start] = set()
            found.update(firsts[index] if firsts else event.articles)
    return {day: len(found) for day, found in articles.items()}


def importance_key(event: Event, salience: dict[date, int] | None = None, first: dict[str, int] | None = None) -> tuple:
    """Dated happenings first (an undated condition is not news of a day), then more distinct
    articles, then days more articles report on, then more prominent in them (earlier
    paragraphs), then more reports. ``first``: the event's ``first_paragraphs`` when known."""
    first = first_paragraphs(event) if first is None else first
    when = event.when
    dated = when.known and not when.derived
    # A report built on a modal ("will take off on October 25") is planned, not yet news.
    planned = event.future or future_clause(event.mentions[0].clause or event.mentions[0].text)
    day = (salience or {}).get(when.start, 0) if when.granularity in ("day", "time") else 0
    return (not dated, planned, -len(first), -day, -_prominence(tuple(first.values())), -len(event.mentions), event.id)


@lru_cache(maxsize=1 << 12)
def _prominence(paragraphs: tuple[int, ...]) -> float:
    """How early in their articles the reports come, to six places. Worked out once for
    each run of first paragraphs: most events are reported at the start of one article."""
    return round(sum([1 / (1 + p) for p in paragraphs]), 6)


def rank_events(events: tuple[Event, ...]) -> tuple[Event, ...]:
    """The same events, each with ``rank`` set (1 = most important), order kept.

    ``importance_key`` of every event, worked out with ``first_paragraphs`` and
    ``day_salience`` in one pass over the events and their reports, and a second over
    the partial keys alone: a rebuild ranks every event anew, and going back to records
    spread over memory costs more than the work done with them.
    """
    partial = []
    articles: dict[date, set[str]] = {}
    for event in events:
        when, mentions = event.when, event.mentions
        first = first_paragraphs(event)
        dated = when.start is not None and when.end is not None and not when.derived
        day = when.start if when.granularity == "day" or when.granularity == "time" else None
        if dated and day is not None:  # day_salience
            found = articles.get(day)
            if found is None:
                found = articles[day] = set()
            found.update(first)
        # A report built on a modal ("will take off on October 25") is planned, not yet news.
        planned = event.future or future_clause(mentions[0].clause or mentions[0].text)
        partial.append((not dated, planned, -len(first), day, -_prominence(tuple(first.values())), -len(mentions), event.id))
    salience = {day: len(found) for day, found in articles.items()}
    keys = [(undated, planned, articles, 0 if day is None else -salience.get(day, 0), prominence, reports, ident)
            for undated, planned, articles, day, prominence, reports, ident in partial]
    ranked = sorted(range(len(events)), key=keys.__getitem__)
    rank = {events[index].id: number for number, index in enumerate(ranked, start=1)}
    return tuple(event if event.rank == (number := rank[event.id]) else amended(event, rank=number) for event in events)
