"""Stage: order events as a directed acyclic graph and rank them.

Edges point from an event to the events that come after it. The timeline is a
deterministic topological order of that graph, keyed by date range and then id, so
that an event always appears after everything it depends on.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date

import networkx as nx

from .records import Event

_FAR_FUTURE = date.max


def order_key(event: Event) -> tuple:
    """Earlier ranges first; undated events last; ties broken by id."""
    when = event.when
    return (when.start or _FAR_FUTURE, when.end or _FAR_FUTURE, event.id)


def build_graph(events: tuple[Event, ...]) -> nx.DiGraph:
    graph = nx.DiGraph()
    for event in events:
        graph.add_node(event.id)
    for event in events:
        for before in event.depends_on:
            graph.add_edge(before, event.id)
    return graph


def order_events(events: tuple[Event, ...]) -> tuple[Event, ...]:
    """Events in timeline order: a topological order of the graph keyed by ``order_key``."""
    by_id = {event.id: event for event in events}
    graph = build_graph(events)
    ids = nx.lexicographical_topological_sort(graph, key=lambda node: order_key(by_id[node]))
    return tuple(by_id[node] for node in ids)


def importance_key(event: Event) -> tuple:
    """More distinct articles, then more reports, then earlier in its articles."""
    prominence = min((m.paragraph for m in event.mentions), default=0)
    return (-len(event.articles), -len(event.mentions), prominence, event.id)


def rank_events(events: tuple[Event, ...]) -> tuple[Event, ...]:
    """The same events, each with ``rank`` set (1 = most important), order kept."""
    ranked = sorted(events, key=importance_key)
    rank = {event.id: number for number, event in enumerate(ranked, start=1)}
    return tuple(replace(event, rank=rank[event.id]) for event in events)
