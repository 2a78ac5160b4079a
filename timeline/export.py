"""The public data file of every site: ``events.json``."""
from __future__ import annotations

import json

from .records import Article, Event


def article_record(article: Article) -> dict:
    return {
        "id": article.id,
        "path": article.path,
        "title": article.title,
        "published": article.published.isoformat() if article.published else None,
        "published_from": article.published_from,
        "url": article.url,
        "source": article.source,
        "page": article_url(article.id),
    }


def event_url(event_id: str) -> str:
    return f"events/{event_id}.html"


def article_url(article_id: str) -> str:
    return f"articles/{article_id}.html"


def event_record(event: Event) -> dict:
    return {
        "id": event.id,
        "url": event_url(event.id),
        "title": event.title,
        "when": event.when.as_dict(),
        "mentions": [
            {
                "article": m.article,
                "text": m.text,
                "expression": m.expression,
                "start": m.start,
                "end": m.end,
                "timex": m.timex.as_dict() if m.timex else None,
            }
            for m in event.mentions
        ],
        "depends_on": list(event.depends_on),
        "rank": event.rank,
        "merge_reasons": list(event.merge_reasons),
    }


def events_document(articles: tuple[Article, ...], events: tuple[Event, ...]) -> dict:
    return {
        "articles": [article_record(a) for a in articles],
        "events": [event_record(e) for e in events],
    }


def dumps(document: dict) -> str:
    """Stable JSON: sorted keys are not used, so field order stays as documented.

    ``<``, ``>`` and ``&`` are written as \\u escapes (the same JSON), so the document can
    be inlined in a page's ``<script>`` without article text closing the element.
    """
    text = json.dumps(document, ensure_ascii=False, indent=1)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026") + "\n"
