"""Stage: order events as a directed acyclic graph, derive missing dates, rank.

Edges point from an event to an event that comes after it. They come from two kinds of
evidence: cue words in the text ("after his return", "Then, ...") and dates whose ranges do
not overlap. A range that contains another ("2022" and "March 2022") gives no edge, so
neither is forced before the other. Evidence that would close a cycle loses its weakest
edge, and that is reported. The graph is kept sparse (transitive reduction). The timeline
is a deterministic topological order keyed by date range and then id.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import replace
from datetime import date

import networkx as nx

from .records import Event, Problem, When
from .titles import main_verb, word_set

_FAR_FUTURE = date.max
# How much an edge's evidence weighs when a cycle forces one to go.
DATE_WEIGHT = 3  # two dates written in the text
CUE_WEIGHT = 2  # an order cue between clauses


def order_key(event: Event) -> tuple:
    """Earlier ranges first; undated events last; ties broken by id."""
    when = event.when
    return (when.start or _FAR_FUTURE, when.end or _FAR_FUTURE, event.id)


def date_edges(events: tuple[Event, ...]) -> list[tuple[str, str]]:
    """Edges between dated events whose ranges do not overlap, sparse: each event points
    only at the first "layer" of events that start after it ends."""
    dated = sorted((e for e in events if e.when.known and not e.when.derived), key=order_key)
    starts = [e.when.start for e in dated]
    edges = []
    for event in dated:
        after = dated[bisect_right(starts, event.when.end):]
        if not after:
            continue
        frontier = min(e.when.end for e in after)
        edges += [(event.id, later.id) for later in after if later.when.start <= frontier]
    return edges


def build_graph(events: tuple[Event, ...]) -> nx.DiGraph:
    graph = nx.DiGraph()
    ids = {event.id for event in events}
    for event in sorted(events, key=lambda e: e.id):
        graph.add_node(event.id)
    for before, after in date_edges(events):
        graph.add_edge(before, after, weight=DATE_WEIGHT, cue="dates")
    for event in sorted(events, key=lambda e: e.id):
        for before in event.depends_on:
            if before in ids:
                graph.add_edge(before, event.id, weight=DATE_WEIGHT + 1, cue="given")
        for before, cue in event.links:
            if before in ids and not graph.has_edge(before, event.id):
                graph.add_edge(before, event.id, weight=CUE_WEIGHT, cue=cue)
    return graph


def break_cycles(graph: nx.DiGraph) -> tuple[nx.DiGraph, tuple[Problem, ...]]:
    """Drop the weakest edge of each cycle until none is left, reporting each drop."""
    graph, problems = graph.copy(), []
    while True:
        try:
            cycle = nx.find_cycle(graph)
        except nx.NetworkXNoCycle:
            return graph, tuple(problems)
        u, v = min(((a, b) for a, b, *_ in cycle), key=lambda e: (graph.edges[e]["weight"], e))
        cue = graph.edges[u, v]["cue"]
        problems.append(Problem("events", f"conflicting order: dropped '{cue}' edge {u} -> {v}, which closed a cycle"))
        graph.remove_edge(u, v)


def derive_dates(events: tuple[Event, ...], graph: nx.DiGraph, published: dict[str, date | None]) -> tuple[Event, ...]:
    """Undated past events get the tightest range their edges imply, capped by the
    publication date of the articles that report them."""
    by_id = {e.id: e for e in events}
    low: dict[str, date | None] = {}
    for node in nx.topological_sort(graph):
        own = by_id[node].when.start if by_id[node].when.known else None
        low[node] = own or max((low[p] for p in graph.predecessors(node) if low[p]), default=None)
    high: dict[str, date | None] = {}
    for node in reversed(list(nx.topological_sort(graph))):
        event = by_id[node]
        caps = [published.get(m.article) for m in event.mentions] if not event.future else []
        own = event.when.end if event.when.known else None
        bounds = [d for d in [*caps, *(high[s] for s in graph.successors(node))] if d]
        high[node] = own or min(bounds, default=None)
    return tuple(_derived(e, low[e.id], high[e.id]) for e in events)


def _derived(event: Event, start: date | None, end: date | None) -> Event:
    if event.when.known or event.future or start is None or end is None or start > end:
        return event
    return replace(event, when=When(start=start, end=end, granularity="range", derived=True))


def link_events(events: tuple[Event, ...], published: dict[str, date | None]) -> tuple[tuple[Event, ...], tuple[Problem, ...]]:
    """Events with derived dates and ``depends_on`` set from the reduced graph."""
    graph, problems = break_cycles(build_graph(events))
    events = derive_dates(events, graph, published)
    reduced = nx.transitive_reduction(graph)
    linked = tuple(replace(e, depends_on=tuple(sorted(reduced.predecessors(e.id), key=str))) for e in events)
    return linked, problems


def order_events(events: tuple[Event, ...]) -> tuple[Event, ...]:
    """Events in timeline order: a topological order of the graph keyed by ``order_key``."""
    by_id = {event.id: event for event in events}
    graph = nx.DiGraph()
    graph.add_nodes_from(sorted(by_id, key=str))
    graph.add_edges_from((before, e.id) for e in events for before in e.depends_on if before in by_id)
    ids = nx.lexicographical_topological_sort(graph, key=lambda node: order_key(by_id[node]))
    return tuple(by_id[node] for node in ids)


def day_salience(events: tuple[Event, ...]) -> dict[date, int]:
    """For each day, how many articles report something on it: the days the news is about."""
    articles: dict[date, set[str]] = {}
    for event in events:
        if event.when.known and not event.when.derived and event.when.granularity in ("day", "time"):
            articles.setdefault(event.when.start, set()).update(event.articles)
    return {day: len(found) for day, found in articles.items()}


def _planned(event: Event) -> bool:
    """A dated report built on a modal ("will take off on October 25"): planned, not yet news."""
    mention = event.mentions[0]
    verb = main_verb(mention.clause or mention.text)
    return verb is not None and verb in word_set("modals")


def importance_key(event: Event, salience: dict[date, int] | None = None) -> tuple:
    """Dated happenings first (an undated condition is not news of a day), then more distinct
    articles, then days more articles report on, then more prominent in them (earlier
    paragraphs), then more reports."""
    first = {}
    for mention in event.mentions:
        first[mention.article] = min(first.get(mention.article, mention.paragraph), mention.paragraph)
    prominence = sum(1 / (1 + p) for p in first.values())
    dated = event.when.known and not event.when.derived
    planned = event.future or _planned(event)
    day = (salience or {}).get(event.when.start, 0) if event.when.granularity in ("day", "time") else 0
    return (not dated, planned, -len(first), -day, -round(prominence, 6), -len(event.mentions), event.id)


def rank_events(events: tuple[Event, ...]) -> tuple[Event, ...]:
    """The same events, each with ``rank`` set (1 = most important), order kept."""
    salience = day_salience(events)
    ranked = sorted(events, key=lambda event: importance_key(event, salience))
    rank = {event.id: number for number, event in enumerate(ranked, start=1)}
    return tuple(replace(event, rank=rank[event.id]) for event in events)
