"""Files for publishing beside the pages: the Atom feed, the sitemap and a TimelineJS export.

The feed and the sitemap need absolute URLs (the Atom and sitemap formats require them),
so they are written only when the site's public URL (``--base-url``) is known. Nothing
here reads the clock: the feed's time is ``SOURCE_DATE_EPOCH`` when it is set, else the
latest publication date of an article, so the same input always gives the same bytes.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timezone

from markupsafe import escape as html_escape

from .display import format_when
from .export import Encoded, article_url, encode_item, event_url, record_lines
from .records import Article, Event

EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def normalise_base(base_url: str | None) -> str | None:
    """The site's public URL ending in one slash, or None.

    >>> normalise_base("https://user.github.io/repo"), normalise_base("https://x.org/a/"), normalise_base("")
    ('https://user.github.io/repo/', 'https://x.org/a/', None)
    """
    if not base_url:
        return None
    return base_url.rstrip("/") + "/"


def absolute(base: str, path: str) -> str:
    """The public URL of a site file; the index is the site's own URL.

    >>> absolute("https://x.org/t/", "events/a.html"), absolute("https://x.org/t/", "index.html")
    ('https://x.org/t/events/a.html', 'https://x.org/t/')
    """
    return base if path == "index.html" else base + path


def site_updated(articles: tuple[Article, ...], events: tuple[Event, ...], source_date_epoch: str | None = None) -> datetime:
    """When the site last changed, without reading the clock.

    >>> site_updated((), (), "1764201600").isoformat()
    '2025-11-27T00:00:00+00:00'
    >>> site_updated((), ()).isoformat()
    '1970-01-01T00:00:00+00:00'
    """
    if source_date_epoch:
        try:
            return datetime.fromtimestamp(int(source_date_epoch), tz=timezone.utc)
        except (ValueError, OverflowError, OSError):
            pass
    days = [a.published for a in articles if a.published]
    if not days:
        days = [e.when.start for e in events if e.when.start]
    if not days:
        return EPOCH
    return _midnight(max(days))


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=timezone.utc)


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def event_reported(event: Event, articles: dict[str, Article], fallback: datetime) -> datetime:
    """The latest publication date among the articles that report an event."""
    days = [articles[a].published for a in event.articles if a in articles and articles[a].published]
    return _midnight(max(days)) if days else fallback


def _summary(event: Event, articles: dict[str, Article]) -> str:
    names = [_source_name(articles[a]) for a in event.articles if a in articles]
    text = format_when(event.when)
    if names:
        text += f" — reported by {len(names)} source{'' if len(names) == 1 else 's'}: " + "; ".join(names)
    if event.mentions:
        text += f". “{event.mentions[0].text}”"
    return text


def _source_name(article: Article) -> str:
    return article.source or article.title


def atom_feed(title: str, base: str, articles: tuple[Article, ...], events: tuple[Event, ...], updated: datetime) -> str:
    """An Atom feed of the events, latest on the timeline first."""
    # Imported here: the module brings in urllib.request, a hundredth of a second that a
    # site without a base URL (no feed, no sitemap) need not spend.
    from xml.sax.saxutils import escape, quoteattr

    by_id = {a.id: a for a in articles}
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        f"  <title>{escape(title)}</title>",
        f"  <id>{escape(base)}</id>",
        f'  <link rel="self" type="application/atom+xml" href={quoteattr(base + "feed.xml")}/>',
        f'  <link rel="alternate" type="text/html" href={quoteattr(base)}/>',
        f"  <updated>{_stamp(updated)}</updated>",
        f"  <author><name>{escape(title)}</name></author>",
    ]
    for event in reversed(events):
        url = absolute(base, event_url(event.id))
        lines += [
            "  <entry>",
            f"    <title>{escape(format_when(event.when))}: {escape(event.title)}</title>",
            f"    <id>{escape(url)}</id>",
            f'    <link rel="alternate" type="text/html" href={quoteattr(url)}/>',
            f"    <updated>{_stamp(event_reported(event, by_id, updated))}</updated>",
            f"    <summary>{escape(_summary(event, by_id))}</summary>",
            "  </entry>",
        ]
    lines.append("</feed>")
    return "\n".join(lines) + "\n"


def sitemap(base: str, pages: list[tuple[str, datetime | None]]) -> str:
    """A sitemap of the given site paths, each with its last change if known."""
    from xml.sax.saxutils import escape

    lines = ['<?xml version="1.0" encoding="utf-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for path, modified in pages:
        lines.append("  <url>")
        lines.append(f"    <loc>{escape(absolute(base, path))}</loc>")
        if modified is not None:
            lines.append(f"    <lastmod>{modified.date().isoformat()}</lastmod>")
        lines.append("  </url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def _tl_date(day: date, granularity: str) -> dict:
    result: dict = {"year": day.year}
    if granularity in ("month", "day"):
        result["month"] = day.month
    if granularity == "day":
        result["day"] = day.day
    return result


def timelinejs_event(event: Event, articles: dict[str, Article], href: str) -> dict | None:
    """One event as a TimelineJS3 slide, at the precision of its date; None when undated."""
    when = event.when
    if not when.known:
        return None
    first, last = when.start, when.end
    slide: dict = {"unique_id": event.id}
    granularity = None if when.derived else when.granularity
    if granularity in ("day", "time") and first == last:
        slide["start_date"] = _tl_date(first, "day")
    elif granularity == "month" and (first.year, first.month) == (last.year, last.month):
        slide["start_date"] = _tl_date(first, "month")
    elif granularity == "year" and first.year == last.year:
        slide["start_date"] = _tl_date(first, "year")
    elif granularity in ("decade", "century"):
        slide["start_date"] = _tl_date(first, "year")
        slide["end_date"] = _tl_date(last, "year")
    else:
        slide["start_date"] = _tl_date(first, "day")
        slide["end_date"] = _tl_date(last, "day")
    slide["display_date"] = format_when(when)
    # TimelineJS shows these fields as HTML: everything from an article is escaped.
    sources = [articles[a] for a in event.articles if a in articles]
    text = "".join(f"<blockquote>{html_escape(m.text)}</blockquote>" for m in event.mentions[:1])
    if sources:
        text += "<p>Sources: " + "; ".join(str(html_escape(_source_name(a))) for a in sources) + "</p>"
    slide["text"] = {
        "headline": f'<a href="{html_escape(href)}">{html_escape(event.title)}</a>',
        "text": text,
    }
    slide["group"] = str(first.year)
    return slide


def timelinejs(title: str, articles: tuple[Article, ...], events: tuple[Event, ...], href) -> str:
    """The timeline in TimelineJS3's JSON format; ``href(path)`` makes each event's link."""
    by_id = {a.id: a for a in articles}
    lines = Encoded(line for line in (timelinejs_line(event, by_id, href) for event in events) if line is not None)
    return record_lines({"title": _title(title, len(lines), len(articles)), "events": lines})


def timelinejs_utf8(title: str, articles: tuple[Article, ...], slides: Sequence[bytes]) -> bytes:
    """``timelinejs(...)`` as UTF-8, from each event's ``timelinejs_line`` as UTF-8 (empty
    when undated), kept from an earlier build, say."""
    lines = [slide for slide in slides if slide]
    empty = record_lines({"title": _title(title, len(lines), len(articles)), "events": []}).encode("utf-8")
    if not lines:
        return empty
    # ``record_lines`` ends an empty last list with "[]\n}\n"; a full one has its items in between.
    return empty[:-len(b"[]\n}\n")] + b"[\n" + b",\n".join(lines) + b"\n]\n}\n"


def _title(title: str, dated: int, articles: int) -> dict:
    return {"text": {
        "headline": str(html_escape(title)),
        "text": f"<p>{dated} dated event{'' if dated == 1 else 's'} from {articles} article{'' if articles == 1 else 's'}.</p>",
    }}


def timelinejs_line(event: Event, articles: dict[str, Article], href) -> str | None:
    """One event's slide as JSON text; None when undated."""
    found = timelinejs_event(event, articles, href(event_url(event.id)))
    return encode_item(found) if found is not None else None


def sitemap_pages(articles: tuple[Article, ...], events: tuple[Event, ...], extra: list[str], updated: datetime) -> list[tuple[str, datetime | None]]:
    by_id = {a.id: a for a in articles}
    pages: list[tuple[str, datetime | None]] = [(path, updated) for path in extra]
    pages += [(event_url(e.id), event_reported(e, by_id, updated)) for e in events]
    pages += [(article_url(a.id), _midnight(a.published) if a.published else None) for a in articles]
    return pages
