"""Cutting a sentence into the parts that each tell one happening.

A sentence can tell several happenings: its clauses ("Erdogan hosted Zelenskyy, and after
his return he held a call"), the phrase of an order cue ("soon after Russia's invasion of
Ukraine in February 2022") and the attribution after a quote ("“...,” it added"). This
module finds those parts and the cue words that order them; ``extract`` turns them into
reports.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from operator import attrgetter

from .records import Sentence, Timex
from .timevalues import value_range
from .lexicon import alternation, word_set
from .verbs import find_verb

# Timex types that place an event in time; durations and sets do not.
DATED_TYPES = frozenset({"DATE", "TIME"})
# Words before a mid-clause cue for it to bind the main verb ("This occurred soon after X").
MAIN_WORDS = 14


def datable(timex: Timex) -> bool:
    """Whether a timex gives a calendar range an event can be placed in."""
    return timex.type in DATED_TYPES and _has_range(timex.value)


@lru_cache(maxsize=1 << 12)
def _has_range(value: str | None) -> bool:
    # Asked of each timex for every clause around it; an article has few distinct values.
    return value_range(value) is not None


def pending(timex: Timex) -> bool:
    """A relative date ("on Thursday") the article's missing publication date would resolve."""
    return timex.type in DATED_TYPES and timex.value is None and timex.granularity in ("day", "week", "month")


@dataclass(frozen=True)
class Part:
    """A stretch of a sentence that tells one happening."""

    start: int
    end: int
    text: str
    timex: Timex | None
    sequence: str | None = None  # "first" | "next": the clause continues a told sequence


def _cue_pattern(words) -> re.Pattern:
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.I)


_EARLIER = _cue_pattern(word_set("order_cues", "earlier"))
_LATER = _cue_pattern(word_set("order_cues", "later"))
NEXT_CUE = re.compile(rf"^(?:{_cue_pattern(word_set('sequence_next')).pattern})\b", re.I)
FIRST_CUE = re.compile(rf"^(?:{_cue_pattern(word_set('sequence_first')).pattern})\b", re.I)
# The attribution after a quote: "“...,” the ministry said at a briefing." (group 1: up to its words).
_ATTRIBUTION = re.compile(rf"([,.!?]?[”\"]\s+)(?:[\w’'.-]+\s+){{0,4}}?(?:{alternation('attribution_verbs')})\b[^“”\"]*$")
# Where an order phrase ends: "after the talks, ...", "before the war and would ...".
_PHRASE_STOP = re.compile(r",|\s+and\s+(?=(?:would|will|could|must|is|are|was|were)\b)")
_SPLIT = re.compile(r";\s+|,\s+(?:and|but|while)\s+|\s+and\s+(?=later\b|then\b)")


@cache
def _comparison() -> re.Pattern:
    return re.compile(rf"\b(?:{alternation('superlatives')})\b[^,.;]{{0,40}}\bsince\s+(?:the\s+)?$"
                      rf"|\b(?:{alternation('yardsticks')})\s+(?:the\s+)?(?:same\s+period\s+(?:of|in)\s+)?$", re.I)


def compared(before: str) -> bool:
    """Whether a date is only the yardstick of a comparison ("its lowest level since
    October 1997", "a decrease from the close of trading Wednesday", "compared to March of
    2008"): it does not date the clause."""
    return bool(_comparison().search(before))


_START = attrgetter("start")


def part_at(text: str, start: int, end: int, timexes: tuple[Timex, ...]) -> Part:
    while start < end and text[start] in " ,;“\"‘":
        start += 1
    while end > start and text[end - 1] in " ,;.”\"’":
        end -= 1
    # Timexes are sorted by start: look only at those inside the part, not the whole article.
    first = bisect_left(timexes, start, key=_START)
    inside = [t for t in timexes[first:bisect_left(timexes, end, key=_START)]
              if t.end <= end and (datable(t) or pending(t)) and not compared(text[start:t.start])]
    words = text[start:end]
    sequence = "next" if NEXT_CUE.match(words) else "first" if FIRST_CUE.match(words) else None
    return Part(start, end, words, inside[0] if inside else None, sequence)


def clauses(text: str, sentence: Sentence, timexes: tuple[Timex, ...]) -> list[Part]:
    """The sentence cut at clause boundaries whose right side has a verb of its own."""
    spans, start = [], sentence.start
    for match in _SPLIT.finditer(text, sentence.start, sentence.end):
        right = text[match.end():sentence.end].split()
        if right and not right[0].endswith(",") and find_verb(["x"] + right[:8]) is not None:
            spans.append((start, match.start()))
            start = match.end()
    attribution = _ATTRIBUTION.search(text, start, sentence.end)
    if attribution and text[start:attribution.start()].strip(" “\"‘"):
        spans.append((start, attribution.start() + 1))
        start = attribution.start() + len(attribution.group(1))
    spans.append((start, sentence.end))
    parts = [part_at(text, a, b, timexes) for a, b in spans if b > a]
    if parts and parts[0].sequence:  # "Following that, X must be set, and Y must be determined"
        parts = parts[:1] + [replace(p, sequence=p.sequence or "next") for p in parts[1:]]
    if attribution and len(parts) > 1:  # "..., they added": the saying, not a step of what was said
        parts[-1] = replace(parts[-1], sequence=None)
    return parts


def order_phrase(part: Part) -> tuple[str, str, int, int] | None:
    """The first order cue of a clause: (direction, cue, phrase start, phrase end)."""
    found = []
    for direction, pattern in (("earlier", _EARLIER), ("later", _LATER)):
        match = pattern.search(part.text)
        if match and not (part.sequence and match.start() == 0):
            found.append((match.start(), direction, match))
    if not found:
        return None
    _, direction, match = min(found, key=lambda f: f[0])
    before = part.text[:match.start()]
    if match.start() > 0 and ("," in before or len(before.split()) > MAIN_WORDS):
        return None  # the cue belongs to a clause nested in the object, not to the main verb
    rest = part.text[match.end():]
    stop = _PHRASE_STOP.search(rest)
    end = match.end() + (stop.start() if stop else len(rest))
    return direction, match.group().lower(), part.start + match.end(), part.start + end


_LIST_MARK = re.compile(r"^[-*•–]\s")
_END_MARK = re.compile(r"[.!”\"’]$")


def tells_nothing(sentence: Sentence) -> bool:
    """Headings, questions and list items tell no happening."""
    text = sentence.text
    if text.endswith("?") or _LIST_MARK.match(text):
        return True
    return not _END_MARK.search(text) and len(text.split()) < 9
