"""The build, as a short list of named stages: read, tag, extract, order, render, write.

Everything is gathered before a single page is written, so every page sees the same data.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from .extract import extract_reports
from .graph import order_events, rank_events
from .read import read_articles
from .records import Article, Event, Problem, Timex
from .render import DEFAULT_TEMPLATES, SiteData, SiteOptions, render_site
from .tag import tag
from .write import WriteReport, write_site

log = logging.getLogger("timeline")


@dataclass(frozen=True)
class BuildConfig:
    seeds: Path
    out: Path
    templates: Path = DEFAULT_TEMPLATES
    base_url: str | None = None
    use_cache: bool = True


@dataclass(frozen=True)
class BuildResult:
    articles: tuple[Article, ...]
    events: tuple[Event, ...]
    problems: tuple[Problem, ...]
    written: WriteReport


def undated_problems(articles: tuple[Article, ...]) -> tuple[Problem, ...]:
    note = "no publication date (front matter 'date' or a dateline); relative dates such as 'Tuesday' stay unresolved"
    return tuple(Problem(a.path, note) for a in articles if a.published is None)


def tag_articles(articles: tuple[Article, ...]) -> dict[str, tuple[Timex, ...]]:
    return {a.id: tag(a.text, a.published) for a in articles}


def extract_events(articles: tuple[Article, ...], timexes: dict[str, tuple[Timex, ...]]) -> tuple[Event, ...]:
    return tuple(event for a in articles for event in extract_reports(a, timexes[a.id]))


def build(config: BuildConfig) -> BuildResult:
    articles, problems = read_articles(config.seeds)
    problems += undated_problems(articles)
    timexes = tag_articles(articles)
    events = rank_events(order_events(extract_events(articles, timexes)))
    files = render_site(
        SiteData(articles, events, problems, timexes),
        SiteOptions(templates=config.templates, base_url=config.base_url),
    )
    written = write_site(files, config.out)
    return BuildResult(articles, events, problems, written)
