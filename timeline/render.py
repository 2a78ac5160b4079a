"""Stage: render the site's pages from the gathered data, through Jinja2 templates.

Rendering is pure: it returns a mapping of output path to bytes and writes nothing in the
output, so the writer can compare, swap in atomically, and refuse collisions. (Given a
scratch folder beside the output, the process that makes the whole-corpus files writes
them there, and they are given as ``write.Staged``.) Every page links with
paths relative to itself, so the site works from any subpath (GitHub Pages project sites,
a local server, or the file system).
"""
from __future__ import annotations

import heapq
import os
import pickle
from collections.abc import Callable, Mapping
from contextlib import ExitStack
from pathlib import Path

import jinja2
from markupsafe import Markup

from . import fanout, publish
from .aside import Aside
from .display import datetime_attr, format_day, format_when
from .export import article_url, event_url
from .links import linker, relative
from .markup import Highlight, article_html, safe_url
from .overview import Names, Overview, group_events, pack, unpack  # noqa: F401  (group_events: part of this stage's interface)
from .pagekeys import digest, label_digests, plain_problems, plain_timexes, site_keys
from .pieces import Piece, found
from .reports import description, event_reports
from .site import DEFAULT_TEMPLATES, SiteData, SiteOptions  # noqa: F401  (part of this stage's interface)
from .records import Article, Event
from .references import references, reported_counts
from .write import KEEP, Keep, Staged, stage

# The files showing the whole corpus (``overview``), in their place in the site's order.
OVERVIEW_PAGES = ("index.html", "key.html", "graph.html", "sources.html")
OVERVIEW_DATA = ("events.json", "timelinejs.json")


class CompiledTemplates(jinja2.BytecodeCache):
    """The templates' compiled code, kept between builds as one piece: compiling the
    templates a rebuild renders with costs more than the pages it renders. Jinja checks
    the code against the template's source before using it."""

    def __init__(self, kept: Piece | None) -> None:
        self.code: dict[str, bytes] = pickle.loads(kept) if isinstance(kept, bytes) else {}
        self.made: dict[str, bytes] = {}  # by this process

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if (found := self.code.get(bucket.key)) is not None:
            bucket.bytecode_from_string(found)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.code[bucket.key] = self.made[bucket.key] = bucket.bytecode_to_string()

    def piece(self) -> bytes:
        return pickle.dumps(dict(sorted(self.code.items())), protocol=5)


def _environment(templates: Path, compiled: CompiledTemplates | None = None) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        bytecode_cache=compiled,
        autoescape=True,  # everything from an article is untrusted text
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["when"] = format_when
    env.filters["day"] = format_day
    env.filters["datetime"] = datetime_attr
    env.globals.update(event_url=event_url, article_url=article_url)
    return env


def source_name(article: Article) -> str:
    return article.source or article.title


def key_event_ids(events: tuple[Event, ...], count: int) -> frozenset[str]:
    """The ``count`` best-ranked events (rank 1 is the most important; 0 is unranked)."""
    ranked = [(e.rank, e.id) for e in events if e.rank > 0]
    # ``nsmallest`` is ``sorted(...)[:count]`` without sorting them all, for a positive count.
    best = heapq.nsmallest(count, ranked) if count > 0 else sorted(ranked)[:count]
    return frozenset(event_id for _, event_id in best)


def render_site(data: SiteData, options: SiteOptions) -> dict[str, bytes]:
    """Every file of the site, by path relative to the output root."""
    files, _, _ = render_changed(data, options)
    return files  # type: ignore[return-value]  # nothing to reuse: every value is bytes


def render_changed(data: SiteData, options: SiteOptions, reuse: Mapping[str, str] | None = None, salt: str = "",
                   fragments: Mapping[str, Piece] | None = None, workers: int = 1, scratch: Path | None = None
                   ) -> tuple[dict[str, bytes | Keep | Staged], dict[str, str], dict[str, Piece]]:
    """Every file of the site, and the key of each event and article page.

    A page's key is a digest of everything it is made from: ``salt`` (the code, the
    templates and the options, from the caller), its path, and what it shows of the
    records (``pagekeys``). A page whose key is ``reuse[path]`` (the previous build's, for
    a page still intact in the output) is not rendered again: its value is ``KEEP``. With
    ``reuse`` None, no keys are made.

    The files that show the whole corpus (``overview``) are made of one piece per record
    (an event's list item, lines of the data files and row of the graph; an article's
    items on the sources page and in the filter and line of the data), keyed the same way:
    ``fragments`` holds the previous build's, by key, and the third value returned the
    ones this build used.

    With more than one of ``workers``, those files are made on a forked process while the
    keys are worked out here, and event and article pages are rendered on up to
    ``workers`` processes; the site is the same for any number. With a ``scratch``
    folder (``write.scratch``), those files are written there where they are made, and
    given as ``Staged``.
    """
    with ExitStack() as stack:
        return _render_changed(stack, data, options, reuse, salt, fragments, workers, scratch)


def _render_changed(stack: ExitStack, data: SiteData, options: SiteOptions, reuse: Mapping[str, str] | None, salt: str,
                    fragments: Mapping[str, Piece] | None, workers: int, scratch: Path | None
                    ) -> tuple[dict[str, bytes | Keep | Staged], dict[str, str], dict[str, Piece]]:
    # Under a key the salt starts: code and templates of another version are not looked at.
    templates_key = f"{salt} templates"
    compiled = CompiledTemplates(fragments.get(templates_key) if fragments else None) if reuse is not None else None
    env = _environment(options.templates, compiled)
    events = data.events
    articles = {a.id: a for a in data.articles}
    base = publish.normalise_base(options.base_url)
    epoch = options.source_date_epoch if options.source_date_epoch is not None else os.environ.get("SOURCE_DATE_EPOCH")
    updated = publish.site_updated(data.articles, events, epoch)
    key_ids = key_event_ids(events, options.key_events)
    sources = sorted(data.articles, key=lambda a: (source_name(a).casefold(), a.id))
    pages: dict[str, bytes | Keep | Staged] = {}  # encoded as rendered: a large site is not held twice
    deferred: list[tuple[str, Callable[[], bytes]]] = []
    cited: dict[str, tuple[str, ...]] = {}  # by event id, once worked out

    def event_sources(event: Event) -> list[Article]:
        return [articles[a] for a in cited.get(event.id, event.articles) if a in articles]

    def reserve(path: str) -> None:
        """Takes a page's place in the site's order; its value is replaced once rendered."""
        if path in pages:
            raise ValueError(f"two pages would be written to {path}")
        pages[path] = KEEP

    def page_job(path: str, template: str, later: Callable[[], dict] = dict, **context) -> Callable[[], bytes]:
        """A page to render; ``later`` gives the part of the context that is costly to work
        out, in whichever process renders."""
        link = linker(path)
        canonical = publish.absolute(base, path) if base and path != "404.html" else None
        context = dict(dict(articles=articles, filter_sources=sources, event_item=lambda event: event_item(event, path),
                            event_items=lambda events, between: event_items(events, path, between), source_options=source_options),
                       **context)
        return lambda: env.get_template(template).render(
            link=link, site=options, page_path=path, canonical=canonical,
            has_feed=base is not None, source_name=source_name, event_sources=event_sources, **context, **later()
        ).encode("utf-8")

    def render(path: str, template: str, defer: bool = False, later: Callable[[], dict] = dict, **context) -> None:
        """Render a page now, or with ``defer`` queue it for the workers."""
        reserve(path)
        job = page_job(path, template, later, **context)
        if defer:
            deferred.append((path, job))
        else:
            pages[path] = job()

    def render_item(event: Event, page_path: str) -> str:
        return env.get_template("_event_item.html").render(
            event=event, event_sources=event_sources, key_ids=key_ids, source_name=source_name,
            link=linker(page_path), page_path=page_path, site=options,
        ).rstrip("\n")

    # The lists as a page other than the overview's would show them: none of the site's
    # templates does (the overview's pages are made of pieces kept between builds).
    def event_item(event: Event, page_path: str) -> Markup:
        """One event of a list, as the page at ``page_path`` shows it."""
        return Markup(render_item(event, page_path))

    def event_items(events: list[Event], page_path: str, between: str) -> Markup:
        """A run of a list's events, ``between`` each two."""
        return Markup(between.join([render_item(event, page_path) for event in events]))

    def source_options(between: str) -> Markup:
        """The articles to filter the lists by, ``between`` each two."""
        return Markup(between.join(map(option, sources)))

    def option(article: Article) -> str:
        return env.get_template("_source_option.html").render(article=article, source_name=source_name).rstrip("\n")

    href = (lambda path: publish.absolute(base, path)) if base else (lambda path: path)
    overview = Overview(
        events, data.articles, data.problems, key_ids, sources, options.title, href,
        page=lambda path, template, **context: page_job(path, template, **context)(),
        item=lambda event: render_item(event, "index.html"),
        source=lambda article, count: env.get_template("_source_item.html").render(
            article=article, reported=count, link=linker("sources.html"), source_name=source_name, site=options).rstrip("\n"),
        option=option, template=env.get_template, workers=workers,
    )

    def made_aside(given: Callable[[], bytes]) -> list[bytes]:
        ready = overview.ready(fragments)  # while the names are worked out
        files, made = overview.files(Names.decode(given(), len(events), data.articles), ready)
        if scratch is not None:  # tens of megabytes: written here rather than sent across to be written
            files = {path: stage(scratch, number, content) for number, (path, content) in enumerate(files.items())}
        return pack(files, made, compiled.made if compiled else {})
    # The overview is made on a forked process while the keys of the other pages are
    # worked out here, when there is more than one process to render with.
    aside = stack.enter_context(Aside(made_aside, Names.room(len(events), len(data.articles)), fork=workers > 1))

    ids = [e.id for e in events]
    flags = [i in key_ids for i in ids]  # by row: whether it is a key event
    keys: dict[str, str] = {}
    digests = site_keys(events, data.articles, salt, base) if reuse is not None else None
    # Only what the overview needs is worked out before it is sent: the rest of the
    # references and the labels are needed here alone, while the overview is made.
    refs = None if digests else references(events, data.articles)
    reported = reported_counts(digests.cited if digests else refs.cited, data.articles)
    aside.send(Names.encode(digests and digests.events, digests and digests.articles, reported, data.articles))
    names = Names(digests.event_names, digests.article_names, reported) if digests else Names(None, None, reported)
    if refs is None:
        refs = references(events, data.articles, (digests.cited, digests.marked))
    cited.update(zip(ids, refs.cited))
    labels = label_digests(events) if digests else []

    def unchanged(path: str, material: tuple) -> bool:
        """Whether the page at ``path`` can be kept; records its key either way. Only
        called with keys to make (``reuse`` given)."""
        if path in pages or path in keys:
            raise ValueError(f"two pages would be written to {path}")
        keys[path] = key = digest((salt, path, base, *material))
        if reuse.get(path) == key:
            pages[path] = KEEP
            return True
        return False

    for path in OVERVIEW_PAGES:
        reserve(path)
    if not (digests and unchanged("problems.html", ("problems", plain_problems(data.problems)))):
        render("problems.html", "problems.html", problems=data.problems)

    last, label = len(events) - 1, labels.__getitem__
    for index, event in enumerate(events):
        path = event_url(event.id)
        depends_on, dependents = refs.depends[index], refs.dependents[index]
        if digests and unchanged(path, (
            "event", digests.events[index], flags[index],  # the event, and every article that reports it
            index and labels[index - 1], index < last and labels[index + 1],
            tuple(map(label, depends_on)), tuple(map(label, dependents)),
        )):
            continue
        render(
            path, "event.html", defer=True, event=event,
            previous=events[index - 1] if index else None, next=events[index + 1] if index < last else None,
            later=lambda event=event: event_reports(event, articles),
            depends_on=[events[row] for row in depends_on],
            dependents=[events[row] for row in dependents],
            is_key=flags[index],
            description=description(event, articles),
            # A page's key covers the articles it cites, not the others.
            articles={a: articles[a] for a in refs.cited[index] if a in articles}, filter_sources=(),
        )
    for article in data.articles:
        marks = refs.marked.get(article.id, {})
        path = article_url(article.id)
        reports = refs.reported[article.id]
        timexes = data.timexes.get(article.id, ())
        if digests and unchanged(path, (
            "article", digests.articles[article.id], plain_timexes(timexes),
            tuple([(start, labels[row]) for start, row in sorted(marks.items())]), tuple(map(label, reports)),
        )):
            continue
        highlights = []
        for timex in timexes:
            target = marks.get(timex.start)
            if target is not None:
                title = f"{format_when(events[target].when)}: event page"
                href = relative(article_url(article.id), event_url(events[target].id))
            else:
                title = timex.value or "not resolved"
                href = None
            highlights.append(Highlight(timex.start, timex.end, timex.text, title, href))
        render(path, "article.html", defer=True, article=article, later=lambda text=article.text, marks=highlights: {"body": article_html(text, marks)},
               original=safe_url(article.url), reported=[events[row] for row in reports],
               articles={article.id: article}, filter_sources=())
    if not (digests and unchanged("404.html", ("404",))):
        render("404.html", "404.html", base=base)
    for (path, _), page in zip(deferred, fanout.run_all([job for _, job in deferred], workers)):
        pages[path] = page
    files = pages
    for path in OVERVIEW_DATA:
        reserve(path)
    if base:
        files["feed.xml"] = publish.atom_feed(options.title, base, data.articles, events, updated).encode("utf-8")
        pages_listed = publish.sitemap_pages(data.articles, events, ["index.html", "key.html", "graph.html", "sources.html"], updated)
        files["sitemap.xml"] = publish.sitemap(base, pages_listed).encode("utf-8")
    files[".nojekyll"] = b""
    for static in sorted((options.templates / "static").rglob("*"), key=lambda p: p.as_posix()):
        if static.is_file():
            files[static.relative_to(options.templates).as_posix()] = static.read_bytes()
    made, new, templates = aside.result(unpack)
    files.update(made)
    # The pieces the overview used: the last build's, and the ones made for it.
    used = overview.keys(names, flags) or []
    pieces = dict(zip(used, found(fragments, used)))
    pieces.update(new)
    if compiled and (compiled.made or templates):
        compiled.code.update(templates)  # what the forked process compiled
        pieces[templates_key] = compiled.piece()
    elif compiled and fragments and templates_key in fragments:
        pieces[templates_key] = fragments[templates_key]
    return files, keys, pieces


def render_pages(pages: tuple[tuple[str, str, dict], ...], options: SiteOptions) -> dict[str, bytes]:
    """Standalone pages (path, template, context) beside the site, e.g. for retired URLs."""
    env = _environment(options.templates)
    return {
        path: env.get_template(template).render(link=linker(path), site=options, page_path=path, **context).encode("utf-8")
        for path, template, context in pages
    }
