"""Publication date inference from other articles."""
from datetime import date

from timeline.extract import extract_reports
from timeline.infer import infer_dates
from timeline.records import Article
from timeline.tag import tag


def item(name, text, published):
    article = Article(id=name, path=f"{name}.txt", title=name, text=text, published=published)
    timexes = tag(text, published)
    return article, timexes, extract_reports(article, timexes)


def test_a_weekday_matched_to_a_dated_report_gives_the_earliest_consistent_day():
    dated = item("dated", "Turkey’s defence ministry on Thursday said a ceasefire between Russia and Ukraine must come first.", date(2025, 11, 27))
    undated = item("undated", "The Turkish Defence Ministry said on Thursday that a ceasefire between Russia and Ukraine must come first.", None)
    out, problems = infer_dates([dated, undated])
    assert out[1][0].published == date(2025, 11, 27) and out[1][0].published_from == "inferred"
    assert all(p.severity == "note" for p in problems)


def test_without_support_the_date_stays_unknown_with_a_warning_naming_the_file():
    out, problems = infer_dates([item("lonely", "Officials met on Tuesday in Geneva.", None)])
    assert out[0][0].published is None
    assert problems[0].path == "lonely.txt" and problems[0].severity == "warning"


def test_the_undated_seeds_are_dated_by_the_statement_they_report():
    from pathlib import Path

    from timeline.articles import process_article
    from timeline.pipeline import date_articles, gather_sources
    sources, _ = gather_sources(Path(__file__).resolve().parents[1] / "seeds")
    results, _ = date_articles(tuple(process_article(s) for s in sources))
    inferred = {r.source[:3]: r.article.published for r in results if r.article.published_from == "inferred"}
    if results:
        assert inferred == {"001": date(2025, 11, 27), "002": date(2025, 11, 27)}
