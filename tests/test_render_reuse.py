"""Pieces kept between builds: a change re-renders exactly the pieces that show it, and a
site made from kept pieces is byte for byte the site rendered from nothing."""
from __future__ import annotations

import json
import pickle
from dataclasses import fields, replace
from datetime import date, timedelta

import pytest

from timeline.export import dumps, events_document, events_json, rankless_line
from timeline.pagekeys import UNSHOWN, article_digest, digest, event_digest, label_digest
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
    assert _rendered(files) == {"index.html", "key.html", "graph.html", "sources.html"} | neighbours | cited
    assert len(set(used) - set(pieces)) == 1  # its piece: its list item, its line of events.json and its slide


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
    assert event_digest(replace(event, depends_on=("e01",))) != event_digest(event) == event_digest(replace(event, future=True))
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
    # its piece (its item on the sources page and in the filter and its line of events.json),
    # and each citing event's (its list item, line and slide)
    assert len(set(used) - set(pieces)) == 1 + len(citing)
    fresh = render_site(_data(EVENTS, renamed), OPTIONS)
    assert all(value == fresh[path] for path, value in files.items() if value is not KEEP)
    assert "Renamed &lt;outlet&gt;" in fresh["sources.html"].decode() and "Renamed &lt;outlet&gt;" in fresh["index.html"].decode()


def _other(value, annotation: str):
    """A different value of a field, of its type."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 1
    if isinstance(value, str):
        return value + "·"
    if isinstance(value, date):
        return value + timedelta(days=1)
    if value is None:
        return date(2020, 5, 9) if "date" in annotation else 7 if "int" in annotation else "x"
    raise AssertionError(f"no other value for {value!r}")


def _changes(record, leave_out=(), shown=True, **others):
    """``record`` with each of its plain fields changed in turn, by field name, of those a
    page shows (or with ``shown`` false, of the others); ``others`` gives the new value of
    a field that must stay valid (an article the event cites)."""
    unshown = UNSHOWN.get(type(record), ())
    return {f.name: replace(record, **{f.name: others.get(f.name, _other(getattr(record, f.name), str(f.type)))})
            for f in fields(record) if f.name not in leave_out and (f.name in unshown) != shown
            and not isinstance(getattr(record, f.name), (tuple, When))}


# e07 reported by a third article too, so that any of its reports can change
REPORTED = replace(EVENTS[7], mentions=EVENTS[7].mentions + (replace(EVENTS[7].mentions[0], article="a3"),))
BEFORE = tuple(REPORTED if e.id == "e07" else e for e in EVENTS)


def _event_changes() -> dict[str, Event]:
    event = REPORTED
    mention, timex, reason = event.mentions[2], event.mentions[2].timex, event.merge_reasons[0]
    reports = event.mentions[:2]
    changed = {f"event.{name}": value for name, value in _changes(event, ("id", "rank")).items()}
    changed |= {f"when.{name}": replace(event, when=value) for name, value in _changes(event.when).items()}
    changed |= {f"mention.{name}": replace(event, mentions=reports + (value,)) for name, value in _changes(mention, ("timex",), article="a5").items()}
    changed |= {f"timex.{name}": replace(event, mentions=reports + (replace(mention, timex=value),)) for name, value in _changes(timex).items()}
    changed |= {f"reason.{name}": replace(event, merge_reasons=(value,)) for name, value in _changes(reason, first="a3", second="a3").items()}
    changed |= {
        "mentions": replace(event, mentions=reports),
        "mention.timex": replace(event, mentions=reports + (replace(mention, timex=None),)),
        "depends_on": replace(event, depends_on=("e03",)),
        "merge_reasons": replace(event, merge_reasons=()),
    }
    return changed


def test_what_no_page_shows_changes_no_byte_of_the_site():
    """The fields left out of the keys (``pagekeys.UNSHOWN``) are shown nowhere: a
    template that comes to show one must take it off that list."""
    event = REPORTED
    mention = event.mentions[2]
    changed = [replace(event, links=(("e03", "after"),), subject="someone else", future=True, candidate=True)]
    changed += [replace(event, mentions=event.mentions[:2] + (value,)) for value in _changes(mention, ("timex",), shown=False).values()]
    changed += [replace(event, mentions=event.mentions[:2] + (replace(mention, timex=value),)) for value in _changes(mention.timex, shown=False).values()]
    assert len(changed) == 1 + len(UNSHOWN[Mention]) + len(UNSHOWN[Timex])
    site, keys, pieces = render_changed(_data(BEFORE, ARTICLES), OPTIONS, {}, SALT, {})
    for other in changed:
        data = _data(tuple(other if e.id == "e07" else e for e in BEFORE), ARTICLES)
        assert render_site(data, OPTIONS) == site
        files, again, used = render_changed(data, OPTIONS, keys, SALT, pieces)
        assert again == keys and set(used) == set(pieces)


EVENT_CHANGES = _event_changes()


@pytest.mark.parametrize("change", sorted(EVENT_CHANGES))
def test_every_field_of_an_event_is_in_the_keys_of_what_shows_it(change):
    """An event's page, its item on the lists and its lines of the data files show all of
    it; the pages that link to it show its title and date."""
    _, keys, pieces = render_changed(_data(BEFORE, ARTICLES), OPTIONS, {}, SALT, {})
    changed = tuple(EVENT_CHANGES[change] if e.id == "e07" else e for e in BEFORE)
    files, again, used = render_changed(_data(changed, ARTICLES), OPTIONS, keys, SALT, pieces)
    assert again["events/e07.html"] != keys["events/e07.html"]
    # its piece, and that of each article whose count of events it changed
    recounted = {a.id for a in ARTICLES if sum(a.id in e.articles for e in BEFORE) != sum(a.id in e.articles for e in changed)}
    assert len(set(used) - set(pieces)) == 1 + len(recounted)
    if change.startswith("when.") or change == "event.title":
        linking = {"events/e06.html", "events/e08.html"} | {f"articles/{a}.html" for a in changed[7].articles}
        assert all(again[path] != keys[path] for path in linking)
    fresh = render_site(_data(changed, ARTICLES), OPTIONS)
    assert all(value == fresh[path] for path, value in files.items() if value is not KEEP)


@pytest.mark.parametrize("name", sorted(_changes(ARTICLES[4], ("id",))))
def test_every_field_of_an_article_is_in_the_keys_of_what_shows_it(name):
    _, keys, pieces = render_changed(_data(EVENTS, ARTICLES), OPTIONS, {}, SALT, {})
    renamed = tuple(_changes(a)[name] if a.id == "a4" else a for a in ARTICLES)
    files, again, used = render_changed(_data(EVENTS, renamed), OPTIONS, keys, SALT, pieces)
    citing = [e for e in EVENTS if "a4" in e.articles]
    assert again["articles/a4.html"] != keys["articles/a4.html"]
    assert all(again[f"events/{e.id}.html"] != keys[f"events/{e.id}.html"] for e in citing)
    assert len(set(used) - set(pieces)) == 1 + len(citing)


def test_the_dates_of_an_article_are_in_the_key_of_its_page():
    timex = Timex(3, 13, "1 May 2020", "DATE", "2020-05-01", "day")
    _, keys, pieces = render_changed(SiteData(ARTICLES, EVENTS, (), {"a4": (timex,)}), OPTIONS, {}, SALT, {})
    for name, value in _changes(timex).items():
        _, again, _ = render_changed(SiteData(ARTICLES, EVENTS, (), {"a4": (value,)}), OPTIONS, keys, SALT, pieces)
        assert again["articles/a4.html"] != keys["articles/a4.html"], name


def test_the_problems_page_is_kept_until_a_problem_changes():
    from timeline.records import Problem
    problem = Problem("a.md", "no date", 3)
    data = SiteData(ARTICLES, EVENTS, (problem,), {})
    _, keys, pieces = render_changed(data, OPTIONS, {}, SALT, {})
    same, _, _ = render_changed(data, OPTIONS, keys, SALT, pieces)
    assert same["problems.html"] is KEEP and same["404.html"] is KEEP
    for name, value in _changes(problem).items():
        files, _, _ = render_changed(SiteData(ARTICLES, EVENTS, (value,), {}), OPTIONS, keys, SALT, pieces)
        assert files["problems.html"] == render_site(SiteData(ARTICLES, EVENTS, (value,), {}), OPTIONS)["problems.html"], name


def test_templates_compiled_once_are_kept_and_give_the_same_pages():
    from timeline.render import CompiledTemplates
    _, keys, pieces = render_changed(_data(EVENTS, ARTICLES), OPTIONS, {}, SALT, {})
    kept = pieces[f"{SALT} templates"]
    assert len(CompiledTemplates(kept).code) == len(list(OPTIONS.templates.glob("*.html"))) - 2  # all but the retired pages' two
    changed = tuple(replace(e, title="Renamed") if e.id == "e07" else e for e in EVENTS)
    files, _, again = render_changed(_data(changed, ARTICLES), OPTIONS, keys, SALT, pieces)
    assert again[f"{SALT} templates"] == kept  # nothing compiled again
    fresh = render_site(_data(changed, ARTICLES), OPTIONS)
    assert all(value == fresh[path] for path, value in files.items() if value is not KEEP)
    # Code kept from templates that have changed since is compiled anew.
    stale = {key: b"\x00not jinja code" for key in CompiledTemplates(kept).code}
    files, _, _ = render_changed(_data(changed, ARTICLES), OPTIONS, keys, SALT, {**pieces, f"{SALT} templates": pickle.dumps(stale)})
    assert all(value == fresh[path] for path, value in files.items() if value is not KEEP)
