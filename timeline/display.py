"""Human-readable dates at the granularity the text stated.

>>> from datetime import date
>>> from timeline.records import When
>>> format_when(When("2025-11-25", date(2025, 11, 25), date(2025, 11, 25), "day"))
'Tuesday 25 November 2025'
>>> format_when(When("2025-07", date(2025, 7, 1), date(2025, 7, 31), "month"))
'July 2025'
>>> format_when(When("200X", date(2000, 1, 1), date(2009, 12, 31), "decade", mod="START"))
'early 2000s'
>>> format_when(When(None, date(2025, 11, 24), date(2025, 11, 27), None, derived=True))
'between 24 and 27 November 2025'
"""
from __future__ import annotations

from datetime import date

from .records import When

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
SEASONS = {"SP": "spring", "SU": "summer", "FA": "autumn", "WI": "winter"}
MODS = {"START": "early", "EARLY": "early", "MID": "mid", "END": "late", "LATE": "late",
        "APPROX": "about", "BEFORE": "before", "AFTER": "after"}


def format_day(day: date, weekday: bool = True) -> str:
    text = f"{day.day} {MONTHS[day.month - 1]} {day.year}"
    return f"{WEEKDAYS[day.weekday()]} {text}" if weekday else text


def format_range(first: date, last: date) -> str:
    """'between 24 and 27 November 2025', with only as much repeated as needed."""
    if first == last:
        return format_day(first)
    if (first.year, first.month) == (last.year, last.month):
        head = str(first.day)
    elif first.year == last.year:
        head = f"{first.day} {MONTHS[first.month - 1]}"
    else:
        head = format_day(first, weekday=False)
    return f"between {head} and {format_day(last, weekday=False)}"


def _by_granularity(when: When) -> str | None:
    first, value = when.start, when.value or ""
    granularity = when.granularity
    if granularity in ("day", "time"):
        text = format_day(first)
        return f"{text}, {value.split('T', 1)[1]}" if granularity == "time" and "T" in value else text
    if granularity == "week":
        return f"week of {format_day(first, weekday=False)}"
    if granularity == "month":
        return f"{MONTHS[first.month - 1]} {first.year}"
    if granularity == "quarter":
        return f"Q{(first.month - 1) // 3 + 1} {first.year}"
    if granularity == "half":
        return f"{'first' if first.month == 1 else 'second'} half of {first.year}"
    if granularity == "season":
        return f"{SEASONS.get(value[5:7], 'season')} {first.year}"
    if granularity == "year":
        return str(first.year)
    if granularity == "decade":
        return f"{first.year - first.year % 10}s"
    if granularity == "century":
        return f"{first.year // 100 + 1}th century"
    return None


def format_when(when: When) -> str:
    """The date of an event as a reader should see it; honest about uncertainty."""
    if not when.known:
        return "date unknown"
    text = None if when.derived else _by_granularity(when)
    if text is None:
        return format_range(when.start, when.end)
    mod = MODS.get(when.mod or "")
    return f"{mod} {text}" if mod else text
