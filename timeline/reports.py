"""What an event page quotes: each report's sentence, its date expression marked, and
how the event's date was worked out."""
from __future__ import annotations

from .display import explain, format_when
from .export import article_url
from .records import Article, Event, Mention, Timex


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


def quote_pieces(mention: Mention) -> list[dict]:
    """The quoted sentence of a report, its date expression as a separate piece."""
    timex = mention.timex
    if timex is not None and mention.start <= timex.start and timex.end <= mention.end:
        start, end = timex.start - mention.start, timex.end - mention.start
        if mention.text[start:end] == timex.text:
            return highlight(mention.text, (Timex(start, end, timex.text, timex.type, timex.value, timex.granularity),), {})
    if mention.expression and mention.expression in mention.text:
        start = mention.text.index(mention.expression)
        end = start + len(mention.expression)
        return highlight(mention.text, (Timex(start, end, mention.expression, "DATE", None, None),), {})
    return [{"text": mention.text}]


def event_reports(event: Event, articles: dict[str, Article]) -> dict:
    """An event page's quoted reports, and how its date was worked out."""
    reports = [
        {
            "mention": m,
            "article": articles[m.article],
            "pieces": quote_pieces(m),
            "how": explain(event.when, m.expression, articles[m.article].published),
            "anchor": f"{article_url(m.article)}#t{m.timex.start}" if m.timex is not None else article_url(m.article),
        }
        for m in event.mentions
        if m.article in articles
    ]
    # The date comes from the first report that states it; others may have taken it by merging.
    first = next((r for r in reports if r["mention"].expression), reports[0] if reports else None)
    how = explain(event.when, first["mention"].expression, first["article"].published) if first else None
    return {"reports": reports, "quotes": _quotes(reports), "how": how}


def _quotes(reports: list[dict]) -> list[dict]:
    """The reports by the sentence they quote, in order of first appearance: a sentence
    that many outlets carry word for word is quoted once, above every one of them."""
    quotes: dict[tuple, dict] = {}
    for report in reports:
        key = tuple((piece["text"], "timex" in piece) for piece in report["pieces"])
        quotes.setdefault(key, {"pieces": report["pieces"], "reports": []})["reports"].append(report)
    return list(quotes.values())


def description(event: Event, articles: dict[str, Article]) -> str:
    """A short text for link previews: the date, then the first quoted sentence."""
    text = format_when(event.when)
    if event.mentions:
        quote = event.mentions[0].text
        if len(quote) > 220:
            quote = quote[:219].rstrip() + "…"
        text += f" — {quote}"
    return text
