"""The date tagger: find date expressions, then anchor them.

>>> from datetime import date
>>> [(t.text, t.value) for t in tag("Macron on Tuesday suggested it.", date(2025, 11, 27))]
[('Tuesday', '2025-11-25')]
>>> [t.value for t in tag("the early 2000s", None)], tag("the early 2000s", None)[0].mod
(['200X'], 'START')
"""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from functools import lru_cache

from timeline import rulebook
from timeline.anchor import anchor
from timeline.calendar_units import as_value, shift
from timeline.records import Timex
from timeline.tense import tense_at
from timeline.timevalues import granularity_of, value_range

# A fraction of a unit is written in the next smaller one: 1.5 years is P18M.
_FINER = {"Y": ("M", 12), "W": ("D", 7), "D": ("TH", 24), "TH": ("TM", 60)}
_DURATION = re.compile(r"^P(?P<n>[\dX.]+)(?P<unit>TH|TM|TS|DE|CE|WE|[YMWDQ])$")
# How far an expression reaches from its trigger: "the beginning of this year" starts five
# words before "year"; no rule matches more than _REACH characters either side of it.
_WORDS_BACK = 5
_REACH = 60
_SPAN = 2 * _REACH + 40  # the longest stretch one expression may cover
_WORD = re.compile(r"'?\w+")
_SHIFT = re.compile(r"^(?P<sign>[-+=])(?P<n>\d+)(?P<unit>[A-Z]+)$")


def tag(text: str, dct: date | None) -> tuple[Timex, ...]:
    """Every date expression in ``text``, sorted by start and non-overlapping, anchored on ``dct``."""
    found = tuple(t for t in find(text) if not _out_of_tense(t, text))
    return anchor(_paired_days(found, text), text, dct)


# "April 24 and 25", "24 and 25 April": the bare number is a second date of the same month.
_DAY_AFTER = re.compile(r"\s+(?:and|or)\s+(?P<day>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?\b(?![.,]?\d|\s*(?:,\s*)?\d{4}|[-\w]|\s+(?!(?:in|at|on|when|with|for|to|and|as|after|before|during|while)\b)[a-z])")
_DAY_BEFORE = re.compile(r"(?<![\w.,$-])(?P<day>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?\s+(?:and|or)\s+$")
_DAY_VALUE = re.compile(r"^XXXX-\d\d-\d\d$")


def _paired_days(found: tuple[Timex, ...], text: str) -> tuple[Timex, ...]:
    out: list[Timex] = []
    for i, timex in enumerate(found):
        if timex.end_value is None and _DAY_VALUE.match(timex.value or ""):
            lower = out[-1].end if out else 0
            before = _DAY_BEFORE.search(text, max(lower, timex.start - 12), timex.start)
            if before and timex.rule == "dm":
                out.append(_day_like(timex, before, text))
            out.append(timex)
            upper = found[i + 1].start if i + 1 < len(found) else len(text)
            after = _DAY_AFTER.match(text, timex.end, min(upper, timex.end + 40))
            if after and timex.rule == "md":
                out.append(_day_like(timex, after, text))
            continue
        out.append(timex)
    return tuple(out)


def _day_like(timex: Timex, m: re.Match, text: str) -> Timex:
    start, end = m.span("day")
    end = end + 2 if text[end:end + 2] in ("st", "nd", "rd", "th") else end
    return replace(timex, start=start, end=end, text=text[start:end],
                   value=f"{timex.value[:8]}{int(m['day']):02d}")


def _out_of_tense(timex: Timex, text: str) -> bool:
    """Whether a rule that holds only outside some tense matched in a clause of that tense."""
    unless = rulebook.RULES_BY_ID[timex.rule].unless_tense
    return unless is not None and tense_at(text, timex.start, timex.end) == unless


def find(text: str) -> tuple[Timex, ...]:
    """The expressions with the values the text states, before anchoring.

    Every expression contains a trigger (a digit or a date word), and starts at most a few
    words before it. So instead of trying the big alternation at every character, try it
    at the word starts just before each trigger: leftmost first, the first match that
    reaches the trigger wins, and triggers inside an accepted match are skipped.
    """
    found = []
    cursor = 0  # end of the last accepted expression; matches never overlap
    attempts = _Attempts(text)
    for trigger in rulebook.TRIGGER.finditer(text):
        if trigger.start() < cursor:
            continue
        for start in _starts(text, max(cursor, trigger.start() - _REACH), trigger.start()):
            match = attempts.at(start)
            if match is not None and match.end() > trigger.start():
                found.append(_timex(match))
                cursor = match.end()
                break
    return tuple(found)


class _Attempts:
    """The rules tried once per start position: in a run of trigger words ("year year
    year ...") each word is a candidate start for several triggers, and trying it again
    would make the cost grow with the run length times the look-back."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.limit = len(text)
        self.seen: dict[int, re.Match | None] = {}

    def at(self, start: int) -> re.Match | None:
        if start not in self.seen:
            if len(self.seen) > 64:  # only the last few starts can come up again
                self.seen = {k: v for k, v in self.seen.items() if k >= start - 2 * _REACH}
            end = min(self.limit, start + _SPAN)
            self.seen[start] = rulebook.pattern_at(self.text, start).match(self.text, start, end)
        return self.seen[start]


def _starts(text: str, lower: int, trigger: int) -> list[int]:
    """Starts of the last few words before a trigger that can open an expression, then the
    trigger itself, in text order."""
    words = list(_WORD.finditer(text, lower, trigger))[-_WORDS_BACK:]
    return [m.start() for m in words if opens(m.group())] + [trigger]


@lru_cache(maxsize=4096)  # news reuses a small vocabulary; the answer depends only on the word
def opens(word: str) -> bool:
    """Whether an expression can start with this word ("the", "two", "mid", "'90s", "Q3").

    >>> opens("the"), opens("Q3"), opens("'90s"), opens("said")
    (True, True, True, False)
    """
    word = word.lower().lstrip("'")
    return word[:1].isdigit() or word in rulebook.OPENERS or word.rstrip("0123456789") in rulebook.OPENERS


def _slots(match: re.Match, index: int) -> dict[str, str]:
    slots: dict[str, str] = {}
    for full, slot in rulebook.RULE_GROUPS[index]:
        captured = match.group(full)
        if captured is not None and slot not in slots:
            slots[slot] = rulebook.normalise(slot, captured)
    if "hour" in slots:
        slots["time"] = _clock(slots)
    return slots


def _clock(slots: dict[str, str]) -> str:
    hour = int(slots["hour"])
    if "ampm" in slots:  # a 24-hour clock states the hour as it is: "at 20:00"
        hour = hour % 12 + (12 if slots["ampm"] == "pm" else 0)
    return f"{hour:02d}:{slots.get('minute', '00')}"


def _timex(match: re.Match) -> Timex | None:
    index = int(match.lastgroup[1:])
    rule = rulebook.RULES[index]
    slots = _slots(match, index)
    value = rulebook.fill(rule.value, slots)
    type_ = rule.type
    start, end = match.span()
    if index in rulebook.SET_IF and rulebook.SET_IF[index].search(match.string, max(0, start - _REACH), end):
        type_ = "SET"
    if type_ in ("DURATION", "SET"):
        value = canonical_duration(value)
    if rule.shift:
        value = _shifted(value, rulebook.fill(rule.shift, slots))
    end_value = rulebook.fill(rule.end_value, slots) if rule.end_value else None
    mod = rule.mod or slots.get("mod") or None
    return Timex(
        start=start, end=end, text=match.group(), type=type_, value=value,
        granularity=granularity_of(value), mod=mod, end_value=end_value, rule=rule.id,
    )


def canonical_duration(value: str) -> str:
    """TIMEX3 spelling of a duration built from a template: PT3H, P20Y for two decades.

    >>> canonical_duration("P3TH"), canonical_duration("P2DE"), canonical_duration("P1WE")
    ('PT3H', 'P20Y', 'P2D')
    >>> canonical_duration("P5.5TH"), canonical_duration("P1.5Y"), canonical_duration("P0.5TH")
    ('PT5H30M', 'P18M', 'PT30M')
    """
    m = _DURATION.match(value)
    if not m:
        return value
    n, unit = m["n"], m["unit"]
    if "." in n and unit in _FINER:  # "5 1/2 hours": PT5H30M
        finer, per = _FINER[unit]
        whole, rest = int(float(n)), round((float(n) % 1) * per)
        if unit.startswith("T"):
            return f"PT{whole}{unit[1:]}{rest}{finer[1:]}" if whole else f"PT{rest}{finer[1:]}"
        if finer.startswith("T"):  # "a day and a half": P1DT12H; "half a day": PT12H
            return f"P{whole}{unit}T{rest}{finer[1:]}" if whole else f"PT{rest}{finer[1:]}"
        return f"P{round(float(n) * per)}{finer}"
    if unit.startswith("T"):
        return f"PT{n}{unit[1:]}"
    if unit in ("DE", "CE") and n != "X":
        return f"P{int(float(n) * (10 if unit == 'DE' else 100))}Y"
    if unit == "WE":
        return "P2D"
    return value


def _shifted(value: str, amount: str) -> str | None:
    """An absolute day moved by "-3D": "three days before Nov. 25, 2025"."""
    m = _SHIFT.match(amount)
    span = value_range(value)
    if not m or span is None:
        return value
    n = int(m["n"]) * (-1 if m["sign"] == "-" else 1)
    return as_value(shift(span[0], m["unit"], n), "D")
