"""Anchoring from the expression next door: the day a clock time falls on, the year of the
end of a range of dates.

These run after every expression has its own value (see timeline/anchor.py), because each
needs its neighbour's resolved value.
"""
from __future__ import annotations

import re
from dataclasses import replace

from timeline.records import Timex
from timeline.timevalues import PARTIAL, granularity_of, value_range

_RANGE_JOIN = re.compile(r"\s*(?:to|until|till|through|-|–|—)\s*")
_BETWEEN_JOIN = re.compile(r"\s+and\s+")
_BETWEEN = re.compile(r"\bbetween\s+$", re.IGNORECASE)


def range_ends(timexes: tuple[Timex, ...], resolved: list[Timex], text: str) -> list[Timex]:
    """ "from June to November", "between October and March": the end of a range of
    dates without a year is the first such date after its start."""
    out = list(resolved)
    for i in range(1, len(timexes)):
        first, second = timexes[i - 1], timexes[i]
        joined = _RANGE_JOIN.fullmatch(text, first.end, second.start) or (
            _BETWEEN_JOIN.fullmatch(text, first.end, second.start)
            and _BETWEEN.search(text, max(0, first.start - 10), first.start))
        if not joined or not all(PARTIAL.match(t.value or "") for t in (first, second)):
            continue
        start, end = out[i - 1].value, out[i].value
        start_span, end_span = value_range(start or ""), value_range(end or "")
        if start_span and end_span and end_span[0] < start_span[0]:
            rest = second.value[len("XXXX-"):]
            for year in (start_span[0].year, start_span[0].year + 1):
                span = value_range(f"{year:04d}-{rest}")
                if span is not None and span[0] >= start_span[0]:
                    out[i] = replace(out[i], value=f"{year:04d}-{rest}" + _clock_of(out[i].value))
                    break
    return out


# What may stand between a clock time and the day it falls on: "10:35 a.m. (0735 GMT)
# Friday", "Friday at 9 p.m.", "Friday, around 9 p.m.".
_DAY_AFTER = re.compile(r"\s*,?\s*(?:\([^()\n]{0,30}\)\s*,?\s*)?(?:on\s+)?")
_DAY_BEFORE = re.compile(r"\s*,?\s*(?:(?:at|around|about|from|by|until|shortly\s+(?:before|after))\s+)?")


# A clock time with no day next to it falls on the last day the text named shortly before
# ("Police were called on Oct. 23. The shots were fired at 10 p.m."), else on the DCT.
_NEAR = 400


def clock_days(timexes: tuple[Timex, ...], resolved: list[Timex], text: str) -> list[Timex]:
    """A clock time the text gives no day for is on the day named right next to it, or
    else on the publication date."""
    out = list(resolved)
    for i, timex in enumerate(timexes):
        if timex.type != "TIME" or not re.match(r"REL:D:0T\d", timex.value or ""):
            continue
        clock = timex.value.partition("T")[2]
        day = None
        if out[i].value is None:  # no publication date: nothing to place the day on
            continue
        if i + 1 < len(timexes) and _DAY_AFTER.fullmatch(text, timex.end, timexes[i + 1].start):
            day = _day_of(resolved[i + 1])
        if day is None and i > 0 and _DAY_BEFORE.fullmatch(text, timexes[i - 1].end, timex.start):
            day = _day_of(resolved[i - 1])
        if day is None:
            for j in range(i - 1, -1, -1):
                if timex.start - timexes[j].end > _NEAR:
                    break
                day = _day_of(resolved[j])
                if day is not None:
                    break
        if day is not None:
            out[i] = replace(out[i], value=f"{day}T{clock}")
    return out


def _clock_of(value: str | None) -> str:
    clock = (value or "").partition("T")[2]
    return f"T{clock}" if clock else ""


def _day_of(timex: Timex) -> str | None:
    value = (timex.value or "").partition("T")[0]
    return value if timex.type in ("DATE", "TIME") and granularity_of(value) == "day" else None
