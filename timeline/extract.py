"""Stage: turn sentences with resolved dates into event reports.

A report is one article's statement that something happened at a time. Merging reports
of the same happening across articles, and ordering them, are later stages.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

from .records import Article, Event, Mention, Sentence, Timex, When
from .sentences import split_sentences
from .timevalues import value_range

# Timex types that place an event in time; durations and sets do not.
DATED_TYPES = frozenset({"DATE", "TIME"})
TITLE_WORDS = 14


def datable(timex: Timex) -> bool:
    """Whether a timex gives a calendar range an event can be placed in."""
    return timex.type in DATED_TYPES and value_range(timex.value) is not None


def when_of(timex: Timex) -> When:
    first, last = value_range(timex.value) or (None, None)
    if timex.end_value and (end := value_range(timex.end_value)):
        last = end[1]
    return When(
        value=timex.value,
        start=first,
        end=last,
        granularity=timex.granularity,
        mod=timex.mod,
    )


def _timexes_in(sentence: Sentence, timexes: Iterable[Timex]) -> list[Timex]:
    return [t for t in timexes if sentence.start <= t.start and t.end <= sentence.end]


def short_title(sentence: str, expression: str | None) -> str:
    """A headline-length title: the sentence without its date phrase, cut at a word.

    >>> short_title("French President Emmanuel Macron on Tuesday suggested a force.", "Tuesday")
    'French President Emmanuel Macron suggested a force'
    """
    text = sentence
    if expression:
        prepositions = r"(?:(?:on|in|at|since|during|by|from|until|of)\s+)?"
        text = re.sub(rf"\s*,?\s*\b{prepositions}{re.escape(expression)}\s*,?", " ", text, count=1, flags=re.I)
    text = re.sub(r"\s+", " ", text).strip(" ,;:-–—“”\"'‘’")
    text = re.sub(r"[.!?]+$", "", text)
    words = text.split()
    if len(words) > TITLE_WORDS:
        return " ".join(words[:TITLE_WORDS]).rstrip(",;:") + "…"
    return text[:1].upper() + text[1:] if text else sentence[:80]


def event_id(when: When, article: str, sentence: str) -> str:
    """An id from the event's content: its date and its first report."""
    digest = hashlib.sha1(f"{when.value}|{article}|{sentence}".encode()).hexdigest()[:8]
    return f"{when.value or 'undated'}-{digest}".lower().replace(":", "")


def extract_reports(article: Article, timexes: tuple[Timex, ...]) -> tuple[Event, ...]:
    """One event per sentence that has a datable expression, dated by its first one."""
    events: list[Event] = []
    for sentence in split_sentences(article.id, article.text):
        dated = [t for t in _timexes_in(sentence, timexes) if datable(t)]
        if not dated:
            continue
        timex = dated[0]
        when = when_of(timex)
        mention = Mention(
            article=article.id,
            text=sentence.text,
            start=sentence.start,
            end=sentence.end,
            expression=timex.text,
            timex=timex,
            paragraph=sentence.paragraph,
        )
        events.append(
            Event(
                id=event_id(when, article.id, sentence.text),
                title=short_title(sentence.text, timex.text),
                when=when,
                mentions=(mention,),
            )
        )
    return tuple(events)
