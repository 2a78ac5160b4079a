"""The public data file of every site: ``events.json``."""
from __future__ import annotations

import json
from collections.abc import Sequence

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
        "merge_reasons": [str(reason) for reason in event.merge_reasons],
    }


class Encoded(list):
    """Items of a top-level list that are JSON text already (kept from an earlier build)."""


_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def encode_item(item: object) -> str:
    """One item as its line of a document made by ``record_lines``."""
    return _ENCODE(item)


def events_document(articles: tuple[Article, ...], events: tuple[Event, ...]) -> dict:
    """The site's data."""
    return {"articles": [article_record(a) for a in articles], "events": [event_record(e) for e in events]}


def dumps(document: dict) -> str:
    """Stable JSON, one record per line: sorted keys are not used, so field order stays as
    documented, and a change to one event changes one line of the file.

    Records are written compactly, which lets the C encoder do the work (an indented
    document falls back to a slower one written in Python). ``<``, ``>`` and ``&`` are
    written as \\u escapes (the same JSON), so the document can be inlined in a page's
    ``<script>`` without article text closing the element.

    >>> print(dumps({"a": [1, {"b": "<i>"}], "c": []}), end="")
    {
    "a": [
    1,
    {"b":"\\u003ci\\u003e"}
    ],
    "c": []
    }
    """
    return escape_script(record_lines(document))


def escape_script(text: str) -> str:
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


# Where an event's rank goes in its line of ``events.json``: JSON text has no raw control
# characters, so this one is found only where it was put.
RANK = b"\0"


def rankless_line(event: Event) -> bytes:
    """An event's line of ``events.json`` as ``dumps`` writes it (UTF-8), with ``RANK`` for
    its rank: an event added to the corpus moves the rank of thousands of others, whose
    lines are then remade by putting in their new rank."""
    record = event_record(event)
    names = list(record)
    split = names.index("rank")  # neither first nor last, so both sides are objects
    before = _ENCODE({name: record[name] for name in names[:split]})
    after = _ENCODE({name: record[name] for name in names[split + 1:]})
    return escape_script(f'{before[:-1]},"rank":').encode("utf-8") + RANK + escape_script(f",{after[1:]}").encode("utf-8")


def article_line(article: Article) -> bytes:
    """An article's line of ``events.json`` as ``dumps`` writes it (UTF-8)."""
    return escape_script(_ENCODE(article_record(article))).encode("utf-8")


def events_json(articles: tuple[Article, ...], events: tuple[Event, ...], rankless: Sequence[bytes] | None = None,
                article_lines: Sequence[bytes] | None = None, ranks: Sequence[int] | None = None) -> bytes:
    """``dumps(events_document(articles, events))`` as UTF-8, from each event's
    ``rankless_line`` and rank and each article's ``article_line`` when given (kept from an
    earlier build, say)."""
    if article_lines is None:
        article_lines = list(map(article_line, articles))
    # As ``record_lines`` writes the document: a list with items has each on a line of its
    # own; an empty one is written inline.
    head = b'{\n"articles": ' + (b"[\n" + b",\n".join(article_lines) + b"\n]" if article_lines else b"[]") + b',\n"events": '
    if not events:
        return head + b"[]\n}\n"
    if ranks is None:
        ranks = [event.rank for event in events]
    lines = [line.replace(RANK, b"%d" % rank, 1) for rank, line in zip(ranks, map(rankless_line, events) if rankless is None else rankless)]
    # The events are tens of megabytes: joined once, the rest of the document around them.
    lines[0] = head + b"[\n" + lines[0]
    lines[-1] += b"\n]\n}\n"
    return b",\n".join(lines)


def record_lines(document: dict) -> str:
    """``document`` as JSON with each item of its top-level lists on a line of its own."""
    encode = _ENCODE
    lines = ["{"]
    for number, (key, value) in enumerate(document.items()):
        comma = "," if number + 1 < len(document) else ""
        if isinstance(value, list) and value:
            lines.append(f"{encode(key)}: [")
            lines.append(",\n".join(value if isinstance(value, Encoded) else map(encode, value)))
            lines.append(f"]{comma}")
        else:
            lines.append(f"{encode(key)}: {encode(value)}{comma}")
    lines.append("}")
    return "\n".join(lines) + "\n"
