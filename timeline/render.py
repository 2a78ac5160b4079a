"""Stage: render the site's pages from the gathered data, through Jinja2 templates.

Rendering is pure: it returns a mapping of output path to bytes and writes nothing, so
the writer can compare, swap in atomically, and refuse collisions. Every page links with
paths relative to itself, so the site works from any subpath (GitHub Pages project sites,
a local server, or the file system).
"""
from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from .display import format_day, format_when
from .export import article_url, dumps, event_url, events_document
from .records import Article, Event, Problem, Timex

DEFAULT_TEMPLATES = Path(__file__).resolve().parent.parent / "site_templates"


@dataclass(frozen=True)
class SiteData:
    articles: tuple[Article, ...]
    events: tuple[Event, ...]
    problems: tuple[Problem, ...] = ()
    timexes: dict[str, tuple[Timex, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class SiteOptions:
    templates: Path = DEFAULT_TEMPLATES
    base_url: str | None = None
    title: str = "Timeline"


def _environment(templates: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        autoescape=True,  # everything from an article is untrusted text
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["when"] = format_when
    env.filters["day"] = format_day
    env.globals.update(event_url=event_url, article_url=article_url)
    return env


def relative(from_page: str, target: str) -> str:
    """The link from one site page to another, relative so any subpath works.

    >>> relative("events/a.html", "index.html")
    '../index.html'
    >>> relative("index.html", "events/a.html")
    'events/a.html'
    """
    start = posixpath.dirname(from_page) or "."
    return posixpath.relpath(target, start)


def highlight(text: str, timexes: tuple[Timex, ...], links: dict[int, str]) -> list[dict]:
    """Split ``text`` into plain and date-expression pieces (escaped by the template)."""
    pieces: list[dict] = []
    cursor = 0
    for timex in sorted(timexes, key=lambda t: t.start):
        if timex.start < cursor:
            continue
        if timex.start > cursor:
            pieces.append({"text": text[cursor:timex.start]})
        pieces.append({"text": text[timex.start:timex.end], "timex": timex, "link": links.get(timex.start)})
        cursor = timex.end
    if cursor < len(text):
        pieces.append({"text": text[cursor:]})
    return pieces


def _article_paragraphs(article: Article, timexes: tuple[Timex, ...], links: dict[int, str]) -> list[list[dict]]:
    paragraphs: list[list[dict]] = []
    offset = 0
    for block in article.text.split("\n\n"):
        inside = tuple(
            Timex(t.start - offset, t.end - offset, t.text, t.type, t.value, t.granularity, t.mod)
            for t in timexes
            if offset <= t.start and t.end <= offset + len(block)
        )
        local_links = {start - offset: link for start, link in links.items()}
        paragraphs.append(highlight(block, inside, local_links))
        offset += len(block) + 2
    return paragraphs


def render_site(data: SiteData, options: SiteOptions) -> dict[str, bytes]:
    """Every file of the site, by path relative to the output root."""
    env = _environment(options.templates)
    articles = {a.id: a for a in data.articles}
    pages: dict[str, str] = {}

    def render(path: str, template: str, **context) -> None:
        if path in pages:
            raise ValueError(f"two pages would be written to {path}")
        link = lambda target: relative(path, target)  # noqa: E731
        pages[path] = env.get_template(template).render(
            link=link, site=options, articles=articles, page_path=path, **context
        )

    render("index.html", "index.html", events=data.events, problems=data.problems)
    for index, event in enumerate(data.events):
        previous = data.events[index - 1] if index else None
        following = data.events[index + 1] if index + 1 < len(data.events) else None
        render(event_url(event.id), "event.html", event=event, previous=previous, next=following)
    # One pass over the mentions, not one per article: that was quadratic in corpus size.
    article_links: dict[str, dict[int, str]] = {}
    for e in data.events:
        for m in e.mentions:
            if m.timex is not None:
                article_links.setdefault(m.article, {})[m.timex.start] = event_url(e.id)
    for article in data.articles:
        links = article_links.get(article.id, {})
        paragraphs = _article_paragraphs(article, data.timexes.get(article.id, ()), links)
        render(article_url(article.id), "article.html", article=article, paragraphs=paragraphs)
    files = {path: text.encode("utf-8") for path, text in pages.items()}
    files["events.json"] = dumps(events_document(data.articles, data.events)).encode("utf-8")
    files[".nojekyll"] = b""
    for static in sorted((options.templates / "static").rglob("*"), key=lambda p: p.as_posix()):
        if static.is_file():
            files[static.relative_to(options.templates).as_posix()] = static.read_bytes()
    return files


def render_pages(pages: tuple[tuple[str, str, dict], ...], options: SiteOptions) -> dict[str, bytes]:
    """Standalone pages (path, template, context) beside the site, e.g. for retired URLs."""
    env = _environment(options.templates)
    return {
        path: env.get_template(template).render(link=lambda target, p=path: relative(p, target), site=options, page_path=path, **context).encode("utf-8")
        for path, template, context in pages
    }
