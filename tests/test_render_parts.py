"""The renderer's building blocks agree with the plain computations they stand for: the
references between records, the graph's arcs, bulk look-ups of kept pieces, memoised
dates, links from the top of the site, escaping, the key events and the list groups."""
from __future__ import annotations

from collections import ChainMap
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import escape

from timeline import display
from timeline.links import _from_top, _relative, linker
from timeline.pieces import Pieces, flat
from timeline.records import Event, Mention, Timex, When
from timeline.references import references
from timeline.render import group_events, key_event_ids
from timeline.svg import _escape, edges

IDS = [f"e{n}" for n in range(8)]
WHENS = [
    When(),
    When("2020-05-01", date(2020, 5, 1), date(2020, 5, 1), "day"),
    When("2020-05", date(2020, 5, 1), date(2020, 5, 31), "month", mod="START"),
    When("2020", date(2020, 1, 1), date(2020, 12, 31), "year"),
    When(None, date(2019, 12, 30), date(2020, 1, 2), None, derived=True),
    When("201X", date(2010, 1, 1), date(2019, 12, 31), "decade"),
]


@st.composite
def timelines(draw) -> tuple[Event, ...]:
    """Events with unique ids, depending on each other in any direction, on themselves, on
    ids not listed and on the same id twice; mentions of a few articles, some marking a date."""
    count = draw(st.integers(0, len(IDS)))
    events = []
    for index in range(count):
        depends = tuple(draw(st.lists(st.sampled_from(IDS + ["gone"]), max_size=4)))
        mentions = tuple(
            Mention(f"a{article}", "text", 0, 4, None, Timex(start, start + 1, "x", "DATE", "2020", "year") if start is not None else None)
            for article, start in draw(st.lists(st.tuples(st.integers(0, 3), st.none() | st.integers(0, 3)), max_size=4))
        )
        events.append(Event(IDS[index], f"t{index}", draw(st.sampled_from(WHENS)), mentions, depends, rank=draw(st.integers(0, 5))))
    return tuple(events)


def _edges_by_set(events: tuple[Event, ...]) -> list[tuple[int, int]]:
    """The arcs as first written: every dependency's ends, deduplicated by a set, sorted."""
    row = {event.id: index for index, event in enumerate(events)}
    ends = [(row.get(dep), index) for index, event in enumerate(events) for dep in event.depends_on]
    return sorted({(other, index) if other < index else (index, other) for other, index in ends if other is not None and other != index})


@settings(max_examples=300, deadline=None)
@given(timelines())
def test_references_are_what_each_record_says(events):
    from timeline.records import Article
    articles = tuple(Article(f"a{n}", f"a{n}.md", "t", "text") for n in range(3))  # a3 is cited but missing
    refs = references(events, articles)
    by_id = {e.id: e for e in events}
    assert edges(events) == _edges_by_set(events)
    for index, event in enumerate(events):
        assert refs.cited[index] == event.articles
        listed = [events.index(by_id[d]) for d in dict.fromkeys(event.depends_on) if d in by_id and d != event.id]
        assert refs.depends[index] == listed
        assert refs.dependents[index] == [i for i, e in enumerate(events) if index in refs.depends[i]]
    assert refs.reported == {a.id: [i for i, e in enumerate(events) if a.id in e.articles] for a in articles}
    marked: dict[str, dict[int, int]] = {}
    for index, event in enumerate(events):
        for m in event.mentions:
            if m.timex is not None:
                marked.setdefault(m.article, {}).setdefault(m.timex.start, index)
    assert refs.marked == marked


@settings(max_examples=200, deadline=None)
@given(timelines(), st.integers(-3, 10))
def test_key_events_are_the_best_ranked(events, count):
    ranked = sorted((e for e in events if e.rank > 0), key=lambda e: (e.rank, e.id))
    assert key_event_ids(events, count) == frozenset(e.id for e in ranked[:count])


@settings(max_examples=200, deadline=None)
@given(timelines())
def test_groups_from_given_periods_are_the_groups(events):
    assert group_events(events, [display.period(e.when) for e in events]) == group_events(events)


@given(st.sampled_from(WHENS), st.booleans())
def test_dates_memoised_by_value_are_the_dates(when, copy):
    if copy:  # an equal When that is another object
        when = When(when.value, when.start and when.start + timedelta(0), when.end, when.granularity, when.derived, when.mod)
    for memoised in (display.format_when, display.datetime_attr, display.period):
        assert memoised(when) == memoised.__wrapped__(when)


def test_a_date_memo_keeps_to_its_bound(monkeypatch):
    monkeypatch.setattr(display, "DATES_MEMO", 2)
    texts = display.by_value(lambda when: when.value)
    assert [texts(When(str(n))) for n in range(5)] == [str(n) for n in range(5)]


@given(st.lists(st.sampled_from(["", ".", "..", "a", "events", "x.html", "/"]), min_size=1, max_size=5).map("/".join).filter(bool))
def test_links_from_the_top_are_relative_links(target):
    assert _from_top(target) == _relative("", target) == linker("index.html")(target)


@given(st.text(alphabet=st.sampled_from(list("ab&<>'\"%{}…\0 "))))
def test_graph_text_is_escaped_as_markup_escapes_it(text):
    assert _escape(text) == str(escape(text))


def test_pieces_in_layers_read_as_one_mapping():
    layered = ChainMap({"a": "new", "b": b"2"}, {"a": "old", "c": "3"})
    assert flat(layered) == dict(layered) == {"a": "new", "b": b"2", "c": "3"}
    plain = {"a": "1"}
    assert flat(plain) is plain and flat(None) == {}


def test_pieces_kept_are_the_last_builds_and_the_others_made_in_one_call():
    last = {"k1": "one", "k3": "three"}
    made: list[list[int]] = []

    def make(missing: list[int]) -> list[str]:
        made.append(missing)
        return [f"made {i}" for i in missing]
    pieces = Pieces(ChainMap({}, last))
    assert pieces.many(["k1", "k2", "k3", "k4"], make, 4) == ["one", "made 1", "three", "made 3"]
    assert made == [[1, 3]]  # one call for all the missing ones
    assert pieces.used == {"k1": "one", "k2": "made 1", "k3": "three", "k4": "made 3"}
    assert pieces.made == {"k2": "made 1", "k4": "made 3"}
    unkept = Pieces(last)
    assert unkept.many(None, make, 2) == ["made 0", "made 1"] and unkept.used == unkept.made == {}


@settings(max_examples=200, deadline=None)
@given(timelines())
def test_keys_read_the_mentions_as_the_references_do(events):
    from timeline.pagekeys import _hash, label_digest, label_digests, plain_event, site_keys
    from timeline.records import Article
    from timeline.references import reported_counts
    articles = tuple(Article(f"a{n}", f"a{n}.md", "t", "text") for n in range(3))
    keys = site_keys(events, articles, "salt", "https://x.org/")
    refs = references(events, articles)
    assert references(events, articles, (keys.cited, keys.marked)) == refs
    assert reported_counts(keys.cited, articles) == {a: len(rows) for a, rows in refs.reported.items()}
    assert label_digests(events) == [label_digest(e) for e in events]
    assert keys.events == [_hash(("salt", "https://x.org/", plain_event(e), tuple(keys.articles.get(a) or a for a in e.articles))) for e in events]
    assert keys.event_names == [d.hex() for d in keys.events]


def test_kept_pieces_found_in_layers_are_the_merged_ones():
    from timeline.pieces import found
    layered = ChainMap({"a": "new", "d": "4"}, ChainMap({"b": "2"}), {"a": "old", "c": "3"})
    keys = ["a", "b", "c", "e"]
    assert found(layered, keys) == [dict(layered).get(k) for k in keys] == ["new", "2", "3", None]
    assert found({"a": "1"}, ["a", "b"]) == ["1", None] and found(None, ["a"]) == [None]


@settings(max_examples=50, deadline=None)
@given(timelines(), st.booleans())
def test_names_sent_aside_are_the_names(events, keyed):
    import hashlib

    from timeline.overview import Names
    from timeline.records import Article
    articles = tuple(Article(f"a{n}", f"a{n}.md", "t", "text") for n in range(3))
    digests = [hashlib.sha256(e.id.encode()).digest() for e in events]
    of_articles = {a.id: hashlib.sha256(a.id.encode()).digest() for a in articles}
    reported = {a.id: n * 70_000 for n, a in enumerate(articles)}
    sent = Names.encode(digests if keyed else None, of_articles if keyed else None, reported, articles)
    assert len(sent) <= Names.room(len(events), len(articles))
    names = Names.decode(sent, len(events), articles)
    assert names.reported == reported
    if keyed:
        assert names.events == [d.hex() for d in digests] and names.articles == {i: d.hex() for i, d in of_articles.items()}
    else:
        assert names.events is None and names.articles is None


def test_files_packed_aside_unpack_as_they_were():
    from timeline.overview import pack, unpack
    files = {"index.html": b"<html>\xe2\x80\xa6", "events.json": b"", "graph.html": b"\0" * 70_000}
    made = {"k item 0 ": "text", "k json": b"line"}
    import io
    packed = b"".join(pack(files, made, {"key": b"code"}))
    assert unpack(io.BytesIO(packed)) == (files, made, {"key": b"code"})
    assert list(unpack(io.BytesIO(packed))[0]) == list(files)
    with pytest.raises(EOFError):
        unpack(io.BytesIO(packed[:-1]))


def test_files_staged_aside_come_back_as_staged():
    import io

    from timeline.overview import pack, unpack
    from timeline.write import Staged
    files = {"index.html": Staged("/x/0.staged", 5, b"d" * 32), "events.json": b"[]", "graph.html": Staged("/x/1.staged", 0, b"e" * 32)}
    packed = b"".join(pack(files, {}, {}))
    assert unpack(io.BytesIO(packed)) == (files, {}, {})
    assert list(unpack(io.BytesIO(packed))[0]) == list(files)


@given(st.lists(st.binary(), min_size=1, max_size=6) | st.lists(st.binary(), min_size=5, max_size=5))
def test_the_parts_of_a_piece_come_apart_as_they_were(parts):
    from timeline.overview import _event_parts, _joined, _splitter
    assert _splitter(len(parts))(_joined(*parts)) == tuple(parts)
    if len(parts) == 5:
        assert _event_parts(_joined(*parts)) == tuple(parts)


@pytest.mark.parametrize("around", ["<p>", "<p>\0</p>", "\0", "\x001\0"])  # a NUL of the page's own: rendered whole
def test_a_page_spliced_from_parts_is_the_page_rendered_whole(around):
    from timeline.overview import _spliced
    page = lambda mark: f"{around}{mark('… one'.encode())}|{mark(b'two')}{around}".encode()  # noqa: E731
    assert _spliced(page) == f"{around}… one|two{around}".encode()
