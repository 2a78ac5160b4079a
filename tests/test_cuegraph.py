"""Linking from cues and date ranges gives just what the full event graph gives."""
import random
from datetime import date, timedelta

import networkx as nx
import pytest

from timeline.cuegraph import sparse_links
from timeline.graph import link_in_full, order_events, order_key
from timeline.records import Event, Mention, When

CUES = ("after", "since", "then", "before that")


def random_events(rng: random.Random, count: int) -> tuple[Event, ...]:
    day0 = date(2024, 1, 1)
    events = []
    for n in range(count):
        kind = rng.random()
        if kind < 0.35:
            when = When()
        else:
            start = day0 + timedelta(days=rng.randrange(12))
            end = start + timedelta(days=rng.choice((0, 0, 0, 1, 3, 10)))
            when = When("x", start, end, rng.choice(("day", "range", "time")))
        mentions = tuple(Mention(article=f"a{rng.randrange(4)}", text="t", start=0, end=1) for _ in range(rng.randint(1, 3)))
        events.append(Event(id=f"e{n:02d}", title="t", when=when, mentions=mentions, future=rng.random() < 0.1))
    ids = [e.id for e in events]
    linked = []
    for event in events:
        links = tuple(sorted({(rng.choice(ids), rng.choice(CUES)) for _ in range(rng.choice((0, 0, 0, 1, 1, 2)))}))
        links = tuple(link for link in links if link[0] != event.id)
        depends = tuple(i for i in {rng.choice(ids) for _ in range(rng.random() < 0.05)} if i != event.id)
        linked.append(Event(id=event.id, title="t", when=event.when, mentions=event.mentions, future=event.future,
                            links=links, depends_on=depends))
    rng.shuffle(linked)
    return tuple(linked)


def test_sparse_linking_equals_the_full_graph():
    rng = random.Random(7)
    published = {f"a{n}": date(2024, 1, 5 + 3 * n) for n in range(3)}  # a3 has no date
    taken, with_cycles = 0, 0
    for trial in range(600):
        events = random_events(rng, rng.randint(2, 30))
        sparse = sparse_links(events, published)
        if sparse is not None:
            taken += 1
            with_cycles += bool(sparse[1])
            assert sparse == link_in_full(events, published), trial
    assert taken > 300 and with_cycles > 50  # the shortcut is the usual case, and breaks loops


def test_a_loop_through_the_date_order_is_left_to_the_full_graph():
    def dated(ident, day, links=()):
        when = When("x", date(2024, 1, day), date(2024, 1, day), "day")
        return Event(id=ident, title="t", when=when, mentions=(Mention("a", "t", 0, 1),), links=links)

    # "late" follows "early" by date; "undated" follows "late" and comes before "early"
    events = (dated("early", 1, (("undated", "after"),)), dated("late", 9),
              Event(id="undated", title="t", when=When(), mentions=(Mention("a", "t", 0, 1),), links=(("late", "after"),)))
    assert sparse_links(events, {}) is None
    linked, problems = link_in_full(events, {})
    assert len(problems) == 1


def reference_order(events):
    by_id = {event.id: event for event in events}
    graph = nx.DiGraph()
    graph.add_nodes_from(sorted(by_id, key=str))
    graph.add_edges_from((before, e.id) for e in events for before in e.depends_on if before in by_id)
    ids = nx.lexicographical_topological_sort(graph, key=lambda node: order_key(by_id[node]))
    return tuple(by_id[node] for node in ids)


def test_order_equals_a_lexicographic_topological_sort():
    rng = random.Random(3)
    for _ in range(300):
        events = random_events(rng, rng.randint(1, 25))
        ids = [e.id for e in events]
        # dependencies that agree with the dates, and some that do not (no cycles: on lower ids)
        events = tuple(Event(id=e.id, title="t", when=e.when, mentions=e.mentions,
                             depends_on=tuple(rng.sample([i for i in ids if i < e.id], min(len([i for i in ids if i < e.id]), rng.randint(0, 3)))) + ("gone",))
                       for e in events)
        assert order_events(events) == reference_order(events)


def test_order_refuses_a_cycle():
    a = Event(id="a", title="t", when=When(), mentions=(), depends_on=("b",))
    b = Event(id="b", title="t", when=When(), mentions=(), depends_on=("a",))
    with pytest.raises(nx.NetworkXUnfeasible):
        order_events((a, b))


def test_strongly_connected_components_are_those_of_networkx():
    from timeline.cuegraph import strongly_connected

    rng = random.Random(11)
    for _ in range(300):
        count = rng.randint(1, 30)
        edges = [(rng.randrange(count), rng.randrange(count)) for _ in range(rng.randint(0, 3 * count))]
        graph = {node: [] for node in range(count)}
        for before, after in edges:
            graph[before].append(after)
        expected = nx.DiGraph(edges)
        expected.add_nodes_from(range(count))
        assert sorted(map(sorted, strongly_connected(graph))) == sorted(map(sorted, nx.strongly_connected_components(expected)))
