"""Anchoring: completing the underspecified values the tagger writes.

Tagging states only what the text says ("a Tuesday", "the month before this one"); this
stage places it on the calendar. Values it completes (see rules/b_relative.toml):

- ``XXXX-11-25``, ``XXXX-11``, ``XXXX-SU``, ``XXXX-Q3``: the year that puts the date nearest
  the publication date (DCT), moved by the tense when the nearest one contradicts it;
- ``WD:2``: a weekday; news reports the past, so it is the last one on or before the DCT
  unless the clause is in the future tense;
- a ``-`` / ``+`` / ``=`` prefix: the last one before, the next one after, the same period;
- ``REL:W:-1`` (offset from the DCT, at the unit's detail), ``AGO:D:-3`` (from the DCT, at
  day detail for days and weeks), ``REF:D:+7`` (from the last date the text mentioned, at
  that date's detail) and ``REFU:Y:+1`` (from the last date mentioned, at the unit's detail);
- ``YR-1:06``, ``YR1988:QL``: a month, quarter or season of a year given as an offset from
  the DCT's year or written out; ``QL`` is the quarter before the DCT's (the one reported on);
- ``WKOF:XXXX-03-06``: the week of a day (the day resolved as above); ``WKOF:XXXX-03-L``: the
  last week of a month, the one holding most of its last seven days;
- ``HOL:easter``: a named holiday in the year nearest the DCT, moved by the tense;
- ``WKND``: the weekend, the last one unless the clause is in the future tense;
- ``PER:Y:-1``: "a year ago" in a report about a quarter or half-year means that period a
  year before (results are compared period to period), otherwise the year before the DCT;
  after a quarter it is the quarter the report is about, the first one the text named by
  its number ("third-quarter net rose ... after a flat second quarter ... charges in the
  year-earlier period" compares with the third quarter);
- ``QEND:2``: "the quarter ended July 31", the calendar quarter it mostly covers, placed as
  ``XXXX-Q2``; it names no quarter by number, so "the quarter" later does not follow it
  (fiscal quarters are numbered their own way);
- ``QTR``: "the quarter", the quarter the text last named by its number, else the last one
  before the DCT; ``QREP``: "the latest period", the first one it named, else the same;
  ``DAY``: "ended the day", the day the text last named, else the DCT;
  ``WEEK``: "for the week", the week of that day;
- a ``T..`` suffix (part of day or clock time) is appended once the day is known; a clock
  time with no day of its own takes the day named next to it or shortly before it;
- the end of a range of dates without a year ("from June to November") follows its start.

Without a DCT every relative value becomes None; nothing here reads the clock.

>>> from datetime import date
>>> resolve("WD:2", date(2025, 11, 27), None, "past")
'2025-11-25'
>>> resolve("REL:W:0", date(2025, 11, 27), None, None)
'2025-W48'
>>> resolve("REF:D:-3", date(2025, 11, 27), "2025-11-18", None)
'2025-11-15'
"""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta

from timeline.calendar_units import (
    GRANULARITY_UNIT,
    UNIT_GRANULARITY,
    as_value,
    finer,
    holiday,
    shift,
)
from timeline.neighbours import clock_days, range_ends
from timeline.records import Timex
from timeline.tense import done_before, tense_at
from timeline.timevalues import PARTIAL, granularity_of, value_range

_OFFSET = re.compile(r"^(?P<kind>REL|AGO|REF|REFU|PER):(?P<unit>[A-Z]+):(?P<sign>[-+=]?)(?P<n>[\dX.]*)$")
_WEEKDAY = re.compile(r"^WD:(?P<day>[1-7])$")
_QUARTER_ENDED = re.compile(r"^QEND:(?P<q>[1-4])$")
_WEEK_OF_ANY_YEAR = re.compile(r"^XXXX-W[\dX]")  # a set ("every Monday"), not winter "XXXX-WI"
_OF_YEAR = re.compile(
    r"^YR(?:(?P<year>\d{4})|(?P<sign>[-+=])(?P<n>\d*)):(?P<rest>\d\d|Q[1-4L]|H[12]|SP|SU|FA|WI)$"
)
_ABSOLUTE = re.compile(r"^\d{4}(?:-(?:\d\d(?:-\d\d)?|W\d\d(?:-WE)?|Q[1-4]|H[12]|SP|SU|FA|WI))?$|^\d{2,3}X?$")
_DURATION = re.compile(r"^P(?:T|\d|X)")
_REFERENCE = frozenset({"PRESENT_REF", "PAST_REF", "FUTURE_REF"})
_THE_QUARTER = "QTR"
_LATEST_QUARTER = "QREP"
_THE_DAY = "DAY"
_THE_WEEK = "WEEK"
# The tense of a month or day that a passive past verb dates ("was introduced in January"):
# it has begun by the DCT, however near the next one is.
_DONE = "done"

# A month or day without a year is taken in the year nearest the DCT unless it lies this
# many days on the wrong side of it for the tense ("said in December", published in
# November, is last December; news announces next month's dates as often as it reports).
_TENSE_SLACK = 120


def anchor(timexes: tuple[Timex, ...], text: str, dct: date | None) -> tuple[Timex, ...]:
    """Resolve every timex in text order; relative ones follow the last date resolved."""
    resolved = []
    last: str | None = None
    quarter: str | None = None  # the last quarter named by its number ("the third quarter")
    day: str | None = None  # the last day named, for "ended the day" after "in 1982"
    headline: str | None = None  # the first quarter named by its number: the one reported on
    for timex in timexes:
        tense = tense_at(text, timex.start, timex.end) if _needs_tense(timex.value) else None
        if tense == "past" and PARTIAL.match(timex.value or "") and done_before(text, timex.start):
            tense = _DONE
        if timex.value == _THE_QUARTER:  # "the quarter", "its quarter": the one last named
            value = quarter if quarter is not None else resolve("REL:Q:-1", dct, last, tense)
        elif timex.value == _LATEST_QUARTER:  # "the latest period": the one the report is about
            value = headline if headline is not None else resolve("REL:Q:-1", dct, last, tense)
        elif timex.value == _THE_DAY:  # "ended the day": the day last named, else the DCT
            value = day if day is not None else resolve("REL:D:0", dct, last, tense)
        elif timex.value == _THE_WEEK:  # "for the week": the week of that day
            value = resolve(f"WKOF:{day}" if day is not None else "REL:W:0", dct, last, tense)
        elif (timex.value or "").startswith("PER:") and headline and granularity_of(last) == "quarter":
            value = resolve(timex.value, dct, headline, tense)
        else:
            value = resolve(timex.value, dct, last, tense)
        if value and PARTIAL.match(timex.value or "") and granularity_of(value) == "quarter":
            quarter = value
            headline = headline or value
        end_value = resolve(timex.end_value, dct, last, tense) if timex.end_value else None
        granularity = _granularity(timex, value)
        resolved.append(replace(timex, value=value, end_value=end_value, granularity=granularity))
        if _is_reference(timex.value) and value_range(value) is not None:
            last = value
        if granularity in ("day", "time") and value:
            day = value.partition("T")[0]
    return tuple(range_ends(timexes, clock_days(timexes, resolved, text), text))


def _is_reference(raw: str | None) -> bool:
    """Whether a later "a year earlier" may count from this mention: dates placed from
    another mention ("a year ago" after a quarter) would make a chain drift back."""
    return bool(raw) and not raw.lstrip("-+=").startswith(("REF", "PER"))


def _needs_tense(value: str | None) -> bool:
    return bool(value) and value.startswith(("WD:", "XXXX", "WKND", "HOL:", "WKOF:XXXX", "QEND:"))


def resolve(value: str | None, dct: date | None, last: str | None, tense: str | None) -> str | None:
    """The TIMEX3 value of an underspecified one, or None when it cannot be placed."""
    if value is None or value in _REFERENCE or _DURATION.match(value) or _WEEK_OF_ANY_YEAR.match(value):
        return value
    if value.startswith("WKOF:"):  # the week of a day
        if value.endswith("-L"):  # the last week of a month: the one holding most of its last seven days
            month = resolve(value[5:-2], dct, last, tense)
            span = value_range(month) if month else None
            return as_value(span[1] - timedelta(days=3), "W") if span else None
        day = resolve(value[5:], dct, last, tense)
        span = value_range(day) if day else None
        return as_value(span[0], "W") if span else None
    base, _, clock = value.partition("T")
    if _ABSOLUTE.match(base):
        return value
    if dct is None:
        return None
    try:
        day_value = _resolve_base(base, dct, last, tense)
    except (ValueError, OverflowError):  # "4,000 years ago": before year 1 of the calendar
        return None
    if day_value is None or not clock:
        return day_value
    return f"{day_value}T{clock}" if granularity_of(day_value) == "day" else day_value


def _resolve_base(base: str, dct: date, last: str | None, tense: str | None) -> str | None:
    direction, core = (base[0], base[1:]) if base[:1] in "-+=" else ("", base)
    if m := _OFFSET.match(core):
        return _offset(m, dct, last)
    if core.startswith("HOL:"):
        return _holiday(core[4:], dct, direction, tense)
    if core == "WKND":  # the weekend: the last one, or the next in the future tense
        return as_value(_weekday(6, dct, direction, tense), "WE")
    if m := _OF_YEAR.match(core):
        return _of_year(m, dct)
    if m := _WEEKDAY.match(core):
        return _weekday(int(m["day"]), dct, direction, tense).isoformat()
    if m := PARTIAL.match(core):
        return _partial(m["rest"], dct, direction, tense)
    if m := _QUARTER_ENDED.match(core):
        return _partial(f"Q{m['q']}", dct, direction, tense)
    return None


def _offset(m: re.Match, dct: date, last: str | None) -> str | None:
    unit, sign, n = m["unit"], m["sign"], m["n"]
    if n == "X":  # "years ago", "in coming years": somewhere in the past or the future
        return "PAST_REF" if sign == "-" else "FUTURE_REF"
    amount = 0 if sign == "=" or not n else int(float(n)) * (-1 if sign == "-" else 1)
    kind = m["kind"]
    if kind == "PER":
        kind = "REF" if granularity_of(last) in ("quarter", "half") else "REL"
    if kind in ("REL", "AGO"):
        detail = "D" if kind == "AGO" and unit in ("D", "W") else unit
        return as_value(shift(dct, unit, amount), detail)
    anchor_range = value_range(last) if last else None
    if anchor_range is None:  # no earlier date in the text: the DCT is the reference
        anchor_range, anchor_gran = (dct, dct), "day"
    else:
        anchor_gran = granularity_of(last) or "day"
    anchor_gran = "day" if anchor_gran == "time" else anchor_gran
    unit_gran = UNIT_GRANULARITY.get(unit, "day")
    if kind == "REFU":
        if amount == 0 and finer(unit_gran, anchor_gran) == unit_gran != anchor_gran:
            return last  # "that day" after "in 2019": no day to pick
        return as_value(shift(anchor_range[0], unit, amount), unit)
    detail = finer(anchor_gran, unit_gran)
    if detail == "season":
        detail = "month"
    return as_value(shift(anchor_range[0], unit, amount), GRANULARITY_UNIT[detail])


def _of_year(m: re.Match, dct: date) -> str:
    """ "YR-1:06" June of last year, "YR1988:QL" the 1988 quarter matching the one reported on."""
    if m["year"]:
        year = int(m["year"])
    else:
        n = 0 if m["sign"] == "=" or not m["n"] else int(m["n"])
        year = dct.year + (-n if m["sign"] == "-" else n)
    rest = m["rest"]
    if rest == "QL":  # the quarter before the publication date's quarter
        rest = f"Q{((dct.month - 1) // 3 - 1) % 4 + 1}"
    return f"{year:04d}-{rest}"


def _holiday(name: str, dct: date, direction: str, tense: str | None) -> str:
    """A holiday's day in the year that puts it nearest the DCT, as for a day without a year."""
    days = [holiday(name, year) for year in (dct.year - 1, dct.year, dct.year + 1)]
    candidates = [(day.isoformat(), (day, day)) for day in days]
    if direction == "-":
        return [v for v, (d, _) in candidates if d < dct][-1]
    if direction == "+":
        return next(v for v, (d, _) in candidates if d > dct)
    if direction == "=":
        return candidates[1][0]
    return _nearest(candidates, dct, tense)


def _weekday(target: int, dct: date, direction: str, tense: str | None) -> date:
    back = (dct.isoweekday() - target) % 7  # days back to the last such weekday, 0 = DCT
    if direction == "=":
        return dct + timedelta(days=target - dct.isoweekday())
    if direction == "-":
        return dct - timedelta(days=back or 7)
    if direction == "+":
        return dct + timedelta(days=(target - dct.isoweekday()) % 7 or 7)
    if tense == "future":  # "will land on Monday", published on a Monday: today, not in a week
        return dct + timedelta(days=(target - dct.isoweekday()) % 7)
    return dct - timedelta(days=back)


def _partial(rest: str, dct: date, direction: str, tense: str | None) -> str | None:
    candidates = []
    for year in (dct.year - 1, dct.year, dct.year + 1):
        value = f"{year:04d}-{rest}"
        span = value_range(value)
        if span is not None:
            candidates.append((value, span))
    if not candidates:
        return None
    if direction == "=":
        return next((v for v, _ in candidates if v.startswith(f"{dct.year:04d}")), None)
    if direction == "-":
        before = [v for v, (first, last) in candidates if last < dct]
        return before[-1] if before else None
    if direction == "+":
        after = [v for v, (first, last) in candidates if first > dct]
        return after[0] if after else None
    if tense == _DONE:
        begun = [v for v, (first, _) in candidates if first <= dct]
        if begun:
            return begun[-1]
    # A month, day or season in the future tense is the next one ("will fly in December",
    # written in March); a quarter keeps the slack: "will report third-quarter results" in
    # November is about the quarter just ended.
    ahead = 0 if re.fullmatch(r"\d\d(?:-\d\d)?|SP|SU|FA|WI", rest) else _TENSE_SLACK
    if tense == "past" and rest[:1] in "QH":  # results are reported for a quarter that has begun
        begun = [v for v, (first, _) in candidates if first <= dct]
        if begun and value_range(_nearest(candidates, dct, tense, ahead))[0] > dct:
            return begun[-1]
    return _nearest(candidates, dct, tense, ahead)


def _nearest(candidates: list[tuple[str, tuple[date, date]]], dct: date, tense: str | None,
             ahead: int = _TENSE_SLACK) -> str:
    def distance(item: tuple[str, tuple[date, date]]) -> int:
        first, last = item[1]
        return 0 if first <= dct <= last else min(abs((first - dct).days), abs((last - dct).days))

    ranked = sorted(candidates, key=distance)
    best, (first, last) = ranked[0]
    if tense != "future" and first > dct + timedelta(days=_TENSE_SLACK):  # news reports the past
        earlier = [v for v, (f, _) in candidates if f <= dct]
        return earlier[-1] if earlier else best
    if tense == "future" and last < dct - timedelta(days=ahead):
        later = [v for v, (_, l) in candidates if l >= dct]
        return later[0] if later else best
    return best


def _granularity(timex: Timex, value: str | None) -> str | None:
    """The detail the value states; for an unresolved value, what the text states."""
    if timex.type in ("DURATION", "SET") or value in _REFERENCE:
        return None
    if value is not None:
        if "T" in value and granularity_of(value.partition("T")[0]) == "day":
            return "time"
        return granularity_of(value) or ("week" if value.endswith("-WE") else None)
    raw = timex.value or ""
    if raw in (_THE_QUARTER, _LATEST_QUARTER) or _QUARTER_ENDED.match(raw):
        return "quarter"
    if raw == _THE_WEEK:
        return "week"
    if raw == _THE_DAY:
        return "day"
    if "T" in raw:
        return "time"
    if m := _OFFSET.match(raw.lstrip("-+=")):
        return "day" if m["kind"] == "AGO" and m["unit"] in ("D", "W") else UNIT_GRANULARITY.get(m["unit"])
    if raw.lstrip("-+=").startswith("WD:"):
        return "day"
    return timex.granularity
