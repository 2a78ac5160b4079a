"""The build, as a short list of named stages.

Per article (pure, so it can be cached and run in parallel): read -> tag and anchor dates
-> extract event reports. Then over the whole corpus: order and rank the events, render
every page, write the site. Everything is gathered before a single page is written, so
every page sees the same data.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from .extract import extract_reports
from .graph import link_events, order_events, rank_events
from .infer import infer_dates
from .merge import merge_reports
from .read import article_ids, list_sources, read_article
from .records import Article, Event, Problem, Timex
from .render import DEFAULT_TEMPLATES, SiteData, SiteOptions, render_site
from .tag import tag
from .write import WriteReport, write_site


@dataclass(frozen=True)
class BuildConfig:
    seeds: Path
    out: Path
    templates: Path = DEFAULT_TEMPLATES
    base_url: str | None = None
    use_cache: bool = True


@dataclass(frozen=True)
class Source:
    """One input file, as bytes: the unit of per-article work and of caching."""

    path: str  # relative to the seeds folder, with forward slashes
    id: str
    raw: bytes | None  # None when the file could not be read
    error: str | None = None


@dataclass(frozen=True)
class ArticleResult:
    """Everything the per-article stages learn from one source."""

    source: str
    article: Article | None
    timexes: tuple[Timex, ...]
    reports: tuple[Event, ...]
    problems: tuple[Problem, ...]


@dataclass(frozen=True)
class BuildResult:
    articles: tuple[Article, ...]
    events: tuple[Event, ...]
    problems: tuple[Problem, ...]
    written: WriteReport


UNDATED = "no publication date (front matter 'date' or a dateline); relative dates such as 'Tuesday' stay unresolved"


def gather_sources(seeds: Path) -> tuple[tuple[Source, ...], tuple[Problem, ...]]:
    files, problems = list_sources(seeds)
    rels = [f.relative_to(seeds).as_posix() for f in files]
    ids = article_ids(rels)
    sources: list[Source] = []
    for path, rel in zip(files, rels):
        try:
            sources.append(Source(rel, ids[rel], path.read_bytes()))
        except OSError as err:
            sources.append(Source(rel, ids[rel], None, f"cannot read: {err.strerror or err}"))
    return tuple(sources), problems


def process_article(source: Source) -> ArticleResult:
    """Read, tag and extract one article: a pure function of the source's bytes."""
    if source.raw is None:
        problem = Problem(source.path, source.error or "cannot read", severity="error")
        return ArticleResult(source.path, None, (), (), (problem,))
    article, problems = read_article(source.raw, source.path, source.id)
    if article is None:
        return ArticleResult(source.path, None, (), (), problems)
    if article.published is None:
        problems += (Problem(source.path, UNDATED),)
    timexes = tag(article.text, article.published)
    return ArticleResult(source.path, article, timexes, extract_reports(article, timexes), problems)


def date_articles(results: tuple[ArticleResult, ...]) -> tuple[tuple[ArticleResult, ...], tuple[Problem, ...]]:
    """Articles without a publication date get one inferred from the others, and are re-read with it."""
    read = [r for r in results if r.article is not None]
    dated, problems = infer_dates([(r.article, r.timexes, r.reports) for r in read])
    by_source = {r.source: replace(r, article=a, timexes=t, reports=e) for r, (a, t, e) in zip(read, dated)}
    inferred = {r.source for r in by_source.values() if r.article.published_from == "inferred"}
    results = tuple(
        replace(by_source.get(r.source, r), problems=tuple(p for p in r.problems if not (r.source in inferred and p.message == UNDATED)))
        for r in results
    )
    return results, problems


def assemble_events(results: tuple[ArticleResult, ...]) -> tuple[tuple[Event, ...], tuple[Problem, ...]]:
    """The corpus-wide stages: from every article's reports to the ordered, ranked timeline."""
    reports = tuple(event for result in results for event in result.reports)
    published = {r.article.id: r.article.published for r in results if r.article is not None}
    events, problems = link_events(merge_reports(reports, published), published)
    return rank_events(order_events(events)), problems


def build(config: BuildConfig) -> BuildResult:
    sources, problems = gather_sources(config.seeds)
    results, inferred = date_articles(tuple(process_article(source) for source in sources))
    articles = tuple(r.article for r in results if r.article is not None)
    problems += tuple(p for r in results for p in r.problems) + inferred
    events, order_problems = assemble_events(results)
    problems += order_problems
    timexes = {r.article.id: r.timexes for r in results if r.article is not None}
    files = render_site(
        SiteData(articles, events, problems, timexes),
        SiteOptions(templates=config.templates, base_url=config.base_url),
    )
    return BuildResult(articles, events, problems, write_site(files, config.out))
