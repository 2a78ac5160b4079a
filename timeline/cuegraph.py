"""Linking events from their cue edges and date ranges, without the whole event graph.

The graph of ``graph.py`` holds every event and two hub nodes per date range, yet of its
tens of thousands of edges only those between events (a few hundred cues) say anything the
date ranges do not: a dated event keeps its own range, only undated events take one from
their cues, and the events just before a range are found from the ranges themselves. So
when no cycle runs through the date hubs and each cycle of cues is one simple loop (then
which edge it loses does not depend on where a search enters it), the answer is worked
out from the cues and the ranges alone, for every event at once; otherwise ``sparse_links``
gives up (None) and the full graph decides.
"""
from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from datetime import date

from .graph import DATE_PREDECESSORS, DATE_WEIGHT, Edges, _derived, cue_edges, cycle_problem, group_edges
from .records import Event, Problem, amended


def own_ranges(events: tuple[Event, ...]) -> dict[str, tuple[date, date]] | None:
    """Each dated event's range by id; None unless the shortcuts below hold: no range
    derived already or ending before it starts (the date hubs then reach exactly the
    ranges starting after one ends)."""
    dated = {}
    for event in events:
        when = event.when
        if when.derived or (when.start is not None and when.end is not None and when.end < when.start):
            return None
        if when.start is not None and when.end is not None:
            dated[event.id] = (when.start, when.end)
    return dated


def _gated(edges: Edges, dated: dict) -> dict[object, list]:
    """The cues, with the date order between their events through a chain of gates: gate i
    leads to every cued event starting on or after the i-th start, so an event reaches
    through them just the events starting after it ends, as it does through the hubs.
    As successor lists, every node a key."""
    graph: dict[object, list] = defaultdict(list)
    for before, after in edges:
        graph[before].append(after)
        graph[after]  # an event only cued into is a node too
    starts = sorted({dated[node][0] for node in graph if node in dated}, key=date.toordinal)
    where = {day: index for index, day in enumerate(starts)}
    for node in [node for node in graph if node in dated]:
        graph[("gate", where[dated[node][0]])].append(node)
        later = bisect_right(starts, dated[node][1])
        if later < len(starts):
            graph[node].append(("gate", later))
    for index in range(len(starts) - 1):
        graph[("gate", index)].append(("gate", index + 1))
    return dict(graph)


def strongly_connected(graph: dict[object, list]) -> list[set]:
    """The strongly connected components of a graph of successor lists (Tarjan's, without
    recursion: a chain of cues may be long)."""
    number: dict = {}
    low: dict = {}
    stack: list = []
    components: list[set] = []
    for root in graph:
        if root in number:
            continue
        number[root] = low[root] = len(number)
        stack.append(root)
        path = [(root, iter(graph[root]))]
        while path:
            node, successors = path[-1]
            for after in successors:
                if after not in number:
                    number[after] = low[after] = len(number)
                    stack.append(after)
                    path.append((after, iter(graph[after])))
                    break
                if after in low:  # still on the stack: in the component being found
                    low[node] = min(low[node], number[after])
            else:
                path.pop()
                if path:
                    low[path[-1][0]] = min(low[path[-1][0]], low[node])
                if low[node] == number[node]:
                    component = set()
                    while True:
                        member = stack.pop()
                        del low[member]  # off the stack
                        component.add(member)
                        if member == node:
                            break
                    components.append(component)
    return components


def break_loops(edges: Edges, dated: dict) -> tuple[Edges, tuple[Problem, ...]] | None:
    """``break_cycles`` on the cues: the same edges dropped, in the same order, or None
    when a cycle is not a simple loop of cues."""
    edges, problems = dict(edges), []

    def drop(edge) -> None:
        problems.append(cycle_problem(edges[edge][1], *edge))
        del edges[edge]

    for u, v in sorted(edges, key=str):
        if edges[u, v][0] < DATE_WEIGHT and u in dated and v in dated and dated[v][1] < dated[u][0]:
            drop((u, v))
    cyclic = [c for c in strongly_connected(_gated(edges, dated)) if len(c) > 1]
    for component in sorted(cyclic, key=lambda c: min(map(str, c))):
        inside = [edge for edge in edges if edge[0] in component and edge[1] in component]
        if any(isinstance(node, tuple) for node in component) or len(inside) != len(component):
            return None  # through the date order, or more than one loop
        drop(min(inside, key=lambda e: (edges[e][0], str(e))))
    return edges, tuple(problems)


def _topological(nodes: list[str], later: dict[str, list[str]], earlier: dict[str, list[str]]) -> list[str] | None:
    waiting = {node: len(earlier.get(node, ())) for node in nodes}
    ready = [node for node in nodes if not waiting[node]]
    order = []
    while ready:
        node = ready.pop()
        order.append(node)
        for after in later.get(node, ()):
            waiting[after] -= 1
            if not waiting[after]:
                ready.append(after)
    return order if len(order) == len(nodes) else None


def derive_cued(by_id: dict[str, Event], later, earlier, order: list[str], published: dict) -> dict[str, Event]:
    """``derive_dates`` for the cued events: only an undated event takes a range, from
    its cues' ranges and its publication dates, never from a date hub."""
    low: dict[str, date | None] = {}
    for node in order:
        when = by_id[node].when
        low[node] = when.start if when.known else max((low[p] for p in earlier.get(node, ()) if low[p]), default=None)
    high: dict[str, date | None] = {}
    for node in reversed(order):
        event = by_id[node]
        if event.when.known:
            high[node] = event.when.end
            continue
        caps = [published.get(m.article) for m in event.mentions] if not event.future else []
        high[node] = min([d for d in [*caps, *(high[s] for s in later.get(node, ()))] if d], default=None)
    derived = {}
    for node in order:
        event = _derived(by_id[node], low[node], high[node])
        if event is not by_id[node]:
            derived[node] = event
    return derived


def range_groups(dated: dict[str, tuple[date, date]]) -> tuple[list[tuple[date, date]], list[list[str]]]:
    """``date_groups`` by id: the distinct ranges in order, and the events of each by id
    (which is their ``order_key`` order, all else being equal)."""
    groups: dict[tuple[date, date], list[str]] = {}
    for ident in sorted(dated, key=str):
        groups.setdefault(dated[ident], []).append(ident)
    ranges = sorted(groups, key=lambda span: (span[0].toordinal(), span[1].toordinal()))
    return ranges, [groups[key] for key in ranges]


def nearest_by_group(ranges: list[tuple[date, date]], members: list[list[str]]) -> list[tuple[str, ...]]:
    """For each date group, the events of the ranges just before it, the latest first (at
    most ``DATE_PREDECESSORS``): those of the groups with a date edge into it."""
    into: dict[int, list[int]] = defaultdict(list)
    for before, after in group_edges(ranges):
        into[after].append(before)
    nearest = []
    for index in range(len(ranges)):
        # Groups are in ``order_key`` order, and so are the events of each: the latest
        # events come from the last groups, last first, with no sorting.
        found: list[str] = []
        for before in reversed(into.get(index, ())):
            found += reversed(members[before][-DATE_PREDECESSORS:])
            if len(found) >= DATE_PREDECESSORS:
                break
        nearest.append(tuple(found[:DATE_PREDECESSORS]))
    return nearest


def _ancestors(node: str, earlier: dict[str, list[str]], known: dict[str, set[str]]) -> set[str]:
    if node not in known:
        seen, stack = set(), [node]
        while stack:
            for before in earlier.get(stack.pop(), ()):
                if before not in seen:
                    seen.add(before)
                    stack.append(before)
        known[node] = seen
    return known[node]


def cued_predecessors(node: str, nearest: tuple[str, ...], by_id: dict[str, Event], earlier, known) -> tuple[str, ...]:
    """``predecessors`` for an event with cue edges into it."""
    cued = earlier[node]
    own = by_id[node].when

    def implied(before: str) -> bool:
        when = by_id[before].when
        if own.known and not own.derived and when.known and not when.derived and when.end < own.start:
            return True
        return any(before in _ancestors(other, earlier, known) for other in cued if other != before)

    return tuple(sorted({*nearest, *(c for c in cued if not implied(c))}, key=str))


def sparse_links(events: tuple[Event, ...], published: dict[str, date | None]
                 ) -> tuple[tuple[Event, ...], tuple[Problem, ...]] | None:
    """``link_events`` without the full graph, or None when it needs the full graph."""
    by_id = {e.id: e for e in events}
    dated = own_ranges(events)
    edges = cue_edges(events, set(by_id))
    if dated is None or len(by_id) < len(events) or any(before == after for before, after in edges):
        return None  # no event may come after itself
    broken = break_loops(edges, dated)
    if broken is None:
        return None
    edges, problems = broken
    later, earlier = defaultdict(list), defaultdict(list)
    for before, after in edges:
        later[before].append(after)
        earlier[after].append(before)
    later, earlier = dict(later), dict(earlier)  # read with .get from here: asking adds no node
    order = _topological(list(dict.fromkeys(node for edge in edges for node in edge)), later, earlier)
    if order is None:
        return None
    by_id.update(derive_cued(by_id, later, earlier, order, published))
    ranges, members = range_groups(dated)
    group_of = {ident: index for index, group in enumerate(members) for ident in group}
    nearest = nearest_by_group(ranges, members)
    plain = [tuple(sorted(ids, key=str)) for ids in nearest]  # an event with no cue into it
    known: dict[str, set[str]] = {}
    linked = []
    for event in events:
        index = group_of.get(event.id)
        if event.id in earlier:
            depends_on = cued_predecessors(event.id, () if index is None else nearest[index], by_id, earlier, known)
        else:
            depends_on = () if index is None else plain[index]
        current = by_id[event.id]
        linked.append(current if depends_on == current.depends_on else amended(current, depends_on=depends_on))
    return tuple(linked), problems
