"""Pieces kept between builds: a change re-renders exactly the pieces that show it, and a
site made from kept pieces is byte for byte the site rendered from nothing."""
from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest

from timeline.export import dumps, events_document, events_json, rankless_line
from timeline.pagekeys import article_digest, digest, event_digest, label_digest
from timeline.records import Article, Event, MergeReason, Mention, Timex, When
from timeline.render import SiteData, SiteOptions, render_changed, render_site
from timeline.write import KEEP

SALT = "code, templates and options"


def _article(number: int, **fields) -> Article:
    values = dict(id=f"a{number}", path=f"a{number}.md", title=f"Report <{number}> & more", text=f"On 1 May 2020 thing {number} happened.",
                  published=date(2020, 5, 2), published_from="front-matter", source=f"Outlet {number % 3}")
    values.update(fields)
    return Article(**values)


def _event(number: int, articles: tuple[int, ...], **fields) -> Event:
    timex = Timex(3, 13, "1 May 2020", "DATE", "2020-05-01", "day")
    mentions = tuple(Mention(f"a{a}", f"On 1 May 2020 thing {a} <happened> & so on.", 0, 40, "1 May 2020", timex) for a in articles)
    values = dict(id=f"e{number:02d}", title=f"Thing {number} \"happened\"", when=When("2020-05-01", date(2020, 5, 1), date(2020, 5, 1), "day"),
                  mentions=mentions, depends_on=(f"e{number - 1:02d}",) if number % 4 == 1 and number > 1 else (), rank=number,
                  merge_reasons=(MergeReason(f"a{articles[0]}", f"a{articles[-1]}", "date same"),) if len(articles) > 1 else ())
    values.update(fields)
    return Event(**values)


def _data(events: tuple[Event, ...], articles: tuple[Article, ...]) -> SiteData:
    return SiteData(articles, events, (), {})


ARTICLES = tuple(_article(n) for n in range(12))
EVENTS = tuple(_event(n, (n % 12, (n * 5) % 12)) for n in range(30))
OPTIONS = SiteOptions(source_date_epoch="", key_events=5)


def _rendered(files: dict) -> set[str]:
    return {path for path, value in files.items() if value is not KEEP and path.endswith(".html")}


def test_a_site_from_kept_pieces_equals_one_rendered_from_nothing():
    first, keys, pieces = render_changed(_data(EVENTS, ARTICLES), OPTIONS, {}, SALT, {})
    changed = tuple(replace(e, title="A new title <b>") if e.id == "e07" else e for e in EVENTS)
    changed = tuple(replace(e, rank=len(changed) - e.rank) for e in changed)  # every rank moves
    data = _data(changed, ARTICLES + (_article(12),))
    again, _, _ = render_changed(data, OPTIONS, keys, SALT, pieces)
    fresh = render_site(data, OPTIONS)
    assert again.keys() == fresh.keys()
    assert all(value == fresh[path] for path, value in again.items() if value is not KEEP)
    assert all(first[path] == fresh[path] for path, value in again.items() if value is KEEP)


def test_a_changed_event_renders_the_pages_that_show_it_and_no_others():
    _, keys, pieces = render_changed(_data(EVENTS, ARTICLES), OPTIONS, {}, SALT, {})
    changed = tuple(replace(e, title="Renamed") if e.id == "e07" else e for e in EVENTS)
    files, _, used = render_changed(_data(changed, ARTICLES), OPTIONS, keys, SALT, pieces)
    cited = {f"articles/{a}.html" for a in changed[7].articles}
    neighbours = {"events/e06.html", "events/e07.html", "events/e08.html"}  # its page, and the two that name it
    assert _rendered(files) == {"index.html", "key.html", "graph.html", "sources.html", "problems.html", "404.html"} | neighbours | cited
    assert len(set(used) - set(pieces)) == 3  # its list item, its line of events.json and its slide


def test_a_new_report_of_an_event_leaves_the_articles_that_link_to_it_alone():
    _, keys, pieces = render_changed(_data(EVENTS, ARTICLES), OPTIONS, {}, SALT, {})
    reported = tuple(replace(e, mentions=e.mentions + (replace(e.mentions[0], article="a11"),)) if e.id == "e03" else e for e in EVENTS)
    files, _, _ = render_changed(_data(reported, ARTICLES), OPTIONS, keys, SALT, pieces)
    pages = {path for path in _rendered(files) if "/" in path}
    assert pages == {"events/e03.html", "articles/a11.html"}  # the event's page, and the article it now cites


def test_only_ranks_moving_remakes_no_line_of_events_json():
    reranked = tuple(replace(e, rank=e.rank + 100) for e in EVENTS)
    options = SiteOptions(source_date_epoch="", key_events=0)  # no "key event" badge to move
    _, keys, pieces = render_changed(_data(EVENTS, ARTICLES), options, {}, SALT, {})
    files, _, used = render_changed(_data(reranked, ARTICLES), options, keys, SALT, pieces)
    assert set(used) <= set(pieces)
    assert files["events.json"] == render_site(_data(reranked, ARTICLES), options)["events.json"]


@pytest.mark.parametrize("events", [EVENTS, EVENTS[:1], ()])
def test_events_json_from_lines_is_the_document(events):
    expected = dumps(events_document(ARTICLES, events)).encode("utf-8")
    assert events_json(ARTICLES, events) == expected
    assert events_json((), events) == dumps(events_document((), events)).encode("utf-8")
    json.loads(expected)


def test_a_rankless_line_has_one_place_for_the_rank():
    event = _event(3, (1, 2), title="Tab\there, NUL \0 and <script>")
    line = rankless_line(event)
    assert line.count(b"\0") == 1
    assert json.loads(line.replace(b"\0", b"7"))["rank"] == 7


def test_keys_do_not_depend_on_shared_objects_or_rank():
    event = EVENTS[5]
    copied = replace(event, title="".join(list(event.title)), mentions=tuple(replace(m, text="".join(list(m.text))) for m in event.mentions))
    assert event_digest(copied) == event_digest(event) == event_digest(replace(event, rank=99))
    assert event_digest(replace(event, future=True)) != event_digest(event)
    assert label_digest(replace(event, mentions=())) == label_digest(event) != label_digest(replace(event, title="x"))
    assert article_digest(ARTICLES[0]) != article_digest(replace(ARTICLES[0], published=date(2020, 5, 3)))
    assert digest(("a", 1)) != digest(("a", "1")) != digest((("a",), 1))


def test_a_value_keys_cannot_write_stops_the_build():
    with pytest.raises(ValueError):
        digest((object(),))


def test_a_changed_article_remakes_the_pieces_that_name_it():
    _, keys, pieces = render_changed(_data(EVENTS, ARTICLES), OPTIONS, {}, SALT, {})
    renamed = tuple(replace(a, source="Renamed <outlet>") if a.id == "a4" else a for a in ARTICLES)
    files, _, used = render_changed(_data(EVENTS, renamed), OPTIONS, keys, SALT, pieces)
    citing = [e for e in EVENTS if "a4" in e.articles]
    # its item on the sources page and in the filter and its line of events.json, and each
    # citing event's list item, line and slide
    assert len(set(used) - set(pieces)) == 3 + 3 * len(citing)
    fresh = render_site(_data(EVENTS, renamed), OPTIONS)
    assert all(value == fresh[path] for path, value in files.items() if value is not KEEP)
    assert "Renamed &lt;outlet&gt;" in fresh["sources.html"].decode() and "Renamed &lt;outlet&gt;" in fresh["index.html"].decode()
