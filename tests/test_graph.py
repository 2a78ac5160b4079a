"""Ordering and ranking of events."""
from dataclasses import replace
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.graph import order_events, rank_events
from timeline.records import Event, Mention, When


def event(eid, start=None, end=None, depends=(), articles=("a",)):
    when = When("x", start, end, "day") if start else When()
    mentions = tuple(Mention(article=a, text="t", start=0, end=1) for a in articles)
    return Event(id=eid, title=eid, when=when, mentions=mentions, depends_on=depends)


def test_order_is_by_date_then_id_with_undated_last():
    events = (event("c"), event("b", date(2025, 1, 2), date(2025, 1, 2)), event("a", date(2025, 1, 2), date(2025, 1, 2)),
              event("d", date(2024, 5, 1), date(2024, 5, 31)))
    assert [e.id for e in order_events(events)] == ["d", "a", "b", "c"]


def test_dependencies_come_first_whatever_the_dates():
    events = (event("early", date(2025, 1, 1), date(2025, 1, 1), depends=("late",)), event("late", date(2025, 2, 1), date(2025, 2, 1)))
    assert [e.id for e in order_events(events)] == ["late", "early"]


def test_order_does_not_depend_on_input_order():
    events = [event(i, date(2025, 1, n % 3 + 1), date(2025, 1, n % 3 + 1)) for n, i in enumerate("abcdef")]
    assert order_events(tuple(events)) == order_events(tuple(reversed(events)))


def test_rank_prefers_widely_reported_events():
    ranked = rank_events((event("one"), event("many", articles=("a", "b", "c"))))
    assert {e.id: e.rank for e in ranked} == {"many": 1, "one": 2}


def test_links_become_edges_and_undated_events_get_a_derived_range():
    from timeline.graph import link_events
    monday = event("monday", date(2025, 11, 24), date(2025, 11, 24))
    call = Event(id="call", title="call", when=When(), mentions=(Mention(article="a", text="t", start=0, end=1),),
                 links=(("monday", "after"),))
    linked, problems = link_events((monday, call), {"a": date(2025, 11, 27)})
    derived = {e.id: e for e in linked}["call"]
    assert derived.when.derived and (derived.when.start, derived.when.end) == (date(2025, 11, 24), date(2025, 11, 27))
    assert derived.depends_on == ("monday",) and not problems


def test_a_cycle_drops_the_weakest_edge_and_reports_it():
    from timeline.graph import link_events
    early = Event(id="early", title="e", when=When("2025-01", date(2025, 1, 1), date(2025, 1, 31), "month"),
                  mentions=(Mention(article="a", text="t", start=0, end=1),), links=(("late", "after"),))
    late = event("late", date(2025, 3, 1), date(2025, 3, 31))
    linked, problems = link_events((early, late), {})
    assert {e.id: e.depends_on for e in linked}["late"] == ("early",) and len(problems) == 1


def test_a_range_containing_another_is_not_forced_before_it():
    from timeline.graph import link_events
    year, month = event("year", date(2022, 1, 1), date(2022, 12, 31)), event("month", date(2022, 3, 1), date(2022, 3, 31))
    linked, _ = link_events((year, month), {})
    assert all(e.depends_on == () for e in linked)


def test_same_day_events_all_precede_the_next_day_through_few_edges():
    from timeline.graph import DATE_PREDECESSORS, build_graph, link_events
    day1 = [event(f"a{i}", date(2025, 1, 1), date(2025, 1, 1)) for i in range(30)]
    day2 = [event(f"b{i}", date(2025, 1, 2), date(2025, 1, 2)) for i in range(30)]
    graph = build_graph(tuple(day1 + day2))
    assert graph.number_of_edges() == 2 * 60 + 1  # in and out of each event, one between the days
    linked = {e.id: e for e in link_events(tuple(day1 + day2), {})[0]}
    assert len(linked["b0"].depends_on) == DATE_PREDECESSORS and linked["a0"].depends_on == ()


def test_rank_puts_dated_happenings_before_undated_conditions_of_equal_breadth():
    from dataclasses import replace
    condition = replace(event("condition", articles=("a", "b", "c")), future=True)
    dated = event("dated", date(2025, 11, 27), date(2025, 11, 27), articles=("a", "b", "c"))
    narrow = event("narrow", date(2025, 11, 25), date(2025, 11, 25))
    ranks = {e.id: e.rank for e in rank_events((condition, narrow, dated))}
    assert ranks["dated"] < ranks["condition"] and ranks["narrow"] < ranks["condition"]


def test_among_equally_reported_events_those_on_much_reported_days_rank_higher():
    busy = [event(f"busy{i}", date(2025, 1, 2), date(2025, 1, 2), articles=(f"a{i}",)) for i in range(3)]
    quiet = event("quiet", date(2025, 1, 9), date(2025, 1, 9), articles=("z",))
    ranks = {e.id: e.rank for e in rank_events((quiet, *busy))}
    assert ranks["quiet"] == 4


def test_the_seeds_read_like_an_analysts_timeline():
    from pathlib import Path

    from timeline.articles import process_article
    from timeline.pipeline import assemble_events, date_articles, gather_sources
    sources, _ = gather_sources(Path(__file__).resolve().parents[1] / "seeds")
    if not sources:
        return
    results, _ = date_articles(tuple(process_article(s) for s in sources))
    events = assemble_events(results)[0]
    by_title = {e.title: e for e in events}
    assert by_title["Downing of a Russian jet"].when.value == "2015"
    assert by_title["Macron proposes the Coalition of the Willing"].when.value == "2025-03"
    talks = next(e for e in events if e.when.value == "2022-03-29")
    assert len(talks.articles) == 2
    ceasefire = next(e for e in events if e.title.startswith("A ceasefire between Russia and Ukraine must"))
    framework = next(e for e in events if e.title.startswith("A mission framework"))
    extent = next(e for e in events if e.title.startswith("Extent to which each country"))
    assert ceasefire.id in framework.depends_on and framework.id in extent.depends_on
    assert not ceasefire.when.known and ceasefire.future
    sidebar = ("Kazakhstan", "Rheinmetall", "Shatura", "Duma", "TRIPP", "Air Defense")
    assert not [e.title for e in events if any(word in e.title for word in sidebar)]
    statement = next(e for e in events if e.rank == 1)
    assert statement.when.value == "2025-11-27" and len(statement.articles) == 5


def test_a_planned_dated_report_ranks_after_a_dated_happening():
    from dataclasses import replace
    planned = event("planned", date(2025, 1, 9), date(2025, 1, 9))
    planned = replace(planned, mentions=(Mention(article="a", text="The jet will fly on 9 January.", start=0, end=1),))
    done = event("done", date(2025, 1, 2), date(2025, 1, 2), articles=("b",))
    ranks = {e.id: e.rank for e in rank_events((planned, done))}
    assert ranks == {"done": 1, "planned": 2}


def test_predecessors_shared_by_a_date_range_are_the_same_as_worked_out_per_event():
    import networkx as nx

    from timeline.graph import break_cycles, build_graph, predecessors
    days = [date(2025, 1, d) for d in (1, 1, 2, 2, 2, 3)]
    events = tuple(event(f"e{i}", day, day) for i, day in enumerate(days)) + (event("u", depends=("e0",)),)
    graph, _ = break_cycles(build_graph(events))
    by_id = {e.id: e for e in events}
    cues = nx.DiGraph((u, v) for u, v in graph.edges if isinstance(u, str) and isinstance(v, str))
    shared: dict = {}
    for e in events:
        assert predecessors(graph, cues, by_id, e.id, shared) == predecessors(graph, cues, by_id, e.id)
    assert predecessors(graph, cues, by_id, "e2", shared) == ("e0", "e1")


def _reference_rank(events):
    """``rank_events`` as the functions it is made of define it, one call each."""
    from timeline.graph import day_salience, first_paragraphs, importance_key
    firsts = [first_paragraphs(e) for e in events]
    salience = day_salience(events, firsts)
    keys = [importance_key(e, salience, first) for e, first in zip(events, firsts)]
    ranked = sorted(range(len(events)), key=keys.__getitem__)
    rank = {events[index].id: number for number, index in enumerate(ranked, start=1)}
    return tuple(e if e.rank == rank[e.id] else replace(e, rank=rank[e.id]) for e in events)


def _reference_prominence(first):
    if len(first) == 1:
        return round(1 / (1 + next(iter(first.values()))), 6)
    return round(sum([1 / (1 + p) for p in first.values()]), 6)


_DAYS = st.sampled_from([None, date(2025, 1, 1), date(2025, 1, 2), date(2025, 3, 1)])
_MENTIONS = st.lists(st.tuples(st.sampled_from("abcd"), st.integers(0, 4),
                               st.sampled_from(["It fell.", "It will rise.", "They met on Monday."])), min_size=1, max_size=5)


@st.composite
def _events(draw):
    made = []
    for number in range(draw(st.integers(0, 12))):
        start = draw(_DAYS)
        when = When("v", start, start, draw(st.sampled_from(["day", "time", "year", None])), derived=draw(st.booleans())) \
            if start else When(granularity=draw(st.sampled_from(["day", None])))
        mentions = tuple(Mention(article=a, text=t, start=0, end=1, paragraph=p, clause=draw(st.sampled_from([None, t])))
                         for a, p, t in draw(_MENTIONS))
        ident = draw(st.sampled_from([f"e{number}", "same"]))  # an id given twice now and then
        made.append(Event(id=ident, title=ident, when=when, mentions=mentions, future=draw(st.booleans()),
                          rank=draw(st.integers(0, 3)), depends_on=tuple(draw(st.lists(st.sampled_from(["e0", "e1", "e2", "x"]), max_size=3)))))
    return tuple(made)


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(_events())
def test_ranking_in_two_passes_is_ranking_by_importance_key(events):
    assert rank_events(events) == _reference_rank(events)
    from timeline.graph import first_paragraphs, importance_key
    for e in events:  # the prominence table gives what the formula does
        assert importance_key(e, {}, first_paragraphs(e))[4] == -_reference_prominence(first_paragraphs(e))


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(_events())
def test_order_with_an_id_given_twice_takes_the_dependencies_of_both(events):
    import networkx as nx

    from timeline.graph import order_key
    by_id = {e.id: e for e in events}
    graph = nx.DiGraph()
    graph.add_nodes_from(by_id)
    graph.add_edges_from((before, e.id) for e in events for before in e.depends_on if before in by_id)
    if not nx.is_directed_acyclic_graph(graph):
        return
    expected = [by_id[i] for i in nx.lexicographical_topological_sort(graph, key=lambda i: order_key(by_id[i]))]
    assert list(order_events(events)) == expected
