"""Merging reports of one happening across articles."""
import itertools
from datetime import date

from timeline.extract import extract_reports
from timeline.merge import merge_reports
from timeline.records import Article
from timeline.tag import tag

TEXTS = {
    "a": "French President Emmanuel Macron on Tuesday announced a reassurance force for Ukraine.\n\n"
         "The Kremlin said Tuesday it appreciates Turkey’s support for a peaceful resolution.",
    "b": "On Tuesday, Emmanuel Macron announced the creation of a reassurance force for post-war Ukraine.",
    "c": "Turkish President Erdogan joined a virtual meeting Tuesday of the coalition of the willing on Ukraine.",
}


def reports(names):
    out = []
    for name in names:
        article = Article(id=name, path=f"{name}.txt", title=name, text=TEXTS[name], published=date(2025, 11, 27))
        out += extract_reports(article, tag(article.text, article.published))
    return tuple(out)


def test_same_event_merges_and_different_events_on_the_same_day_stay_apart():
    events = merge_reports(reports("abc"), {n: date(2025, 11, 27) for n in "abc"})
    macron = [e for e in events if "Macron" in e.title]
    assert len(macron) == 1 and macron[0].articles == ("a", "b")
    assert macron[0].merge_reasons and "same 2025-11-25" in macron[0].merge_reasons[0]
    assert len([e for e in events if e.when.value == "2025-11-25"]) == 3


def test_merging_does_not_depend_on_the_order_of_articles():
    published = {n: date(2025, 11, 27) for n in "abc"}
    results = {merge_reports(reports(order), published) for order in itertools.permutations("abc")}
    assert len(results) == 1


def test_the_seeds_give_the_same_timeline_in_any_reading_order():
    from pathlib import Path

    from timeline.pipeline import assemble_events, date_articles, gather_sources, process_article
    sources, _ = gather_sources(Path(__file__).resolve().parents[1] / "seeds")
    if not sources:
        return
    runs = []
    for order in (sources, sources[::-1], sources[2:] + sources[:2]):
        results, _ = date_articles(tuple(process_article(s) for s in order))
        runs.append([(e.id, e.title, e.depends_on, e.rank) for e in assemble_events(results)[0]])
    assert runs[0] == runs[1] == runs[2]
