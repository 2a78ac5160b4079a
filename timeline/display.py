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

from collections.abc import Callable
from dataclasses import fields
from datetime import date, timedelta
from functools import wraps
from operator import attrgetter
from typing import TypeVar

from .records import When

T = TypeVar("T")

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


# A site shows each event's date on many pages (its own, the lists, the pages of the events
# and articles linked to it), so the texts are memoised. When is immutable and its text
# depends on nothing else; the bound keeps a long-running preview server's memo small.
DATES_MEMO = 1 << 16

_WHEN_VALUES = attrgetter(*(f.name for f in fields(When)))
_MISSING = object()


def by_value(function: Callable[[When], T]) -> Callable[[When], T]:
    """``function`` memoised by the values of a When's fields, which is When equality: a
    When as the key would hash and compare through the methods its dataclass generates,
    in Python, where a tuple of its values does so in C."""
    memo: dict[tuple, T] = {}

    @wraps(function)
    def memoised(when: When) -> T:
        key = _WHEN_VALUES(when)
        found = memo.get(key, _MISSING)
        if found is _MISSING:
            if len(memo) >= DATES_MEMO:
                memo.clear()
            found = memo[key] = function(when)
        return found  # type: ignore[return-value]
    return memoised


@by_value
def format_when(when: When) -> str:
    """The date of an event as a reader should see it; honest about uncertainty."""
    if not when.known:
        return "date unknown"
    text = None if when.derived else _by_granularity(when)
    if text is None:
        return format_range(when.start, when.end)
    mod = MODS.get(when.mod or "")
    return f"{mod} {text}" if mod else text


@by_value
def datetime_attr(when: When) -> str | None:
    """A valid HTML ``<time datetime>`` value for an event's date, as precise as it is.

    >>> datetime_attr(When("2025-11-25", date(2025, 11, 25), date(2025, 11, 25), "day"))
    '2025-11-25'
    >>> datetime_attr(When("2025-W48", date(2025, 11, 24), date(2025, 11, 30), "week"))
    '2025-W48'
    >>> datetime_attr(When("2015", date(2015, 1, 1), date(2015, 12, 31), "year"))
    '2015'
    >>> datetime_attr(When(None, date(2025, 11, 1), date(2025, 11, 30), None, derived=True))
    '2025-11'
    >>> datetime_attr(When(None, date(2025, 11, 24), date(2025, 11, 27), None, derived=True))
    '2025-11-24'
    """
    if not when.known:
        return None
    first, last = when.start, when.end
    value = when.value or ""
    if when.granularity == "week" and len(value) == 8 and value[5] == "W":
        return value
    if first == last:
        return first.isoformat()
    if first.day == 1 and (last + timedelta(days=1)).day == 1:
        if (first.year, first.month) == (last.year, last.month):
            return f"{first.year:04d}-{first.month:02d}"
        if first.year == last.year and (first.month, last.month) == (1, 12):
            return f"{first.year:04d}"
    return first.isoformat()


@by_value
def period(when: When) -> tuple[str, str | None]:
    """The year heading and month heading an event is listed under on the timeline.

    The month is None when the date is not within one month (a year, a quarter, a
    decade): such events are listed under their year heading only.

    >>> period(When("2025-11-25", date(2025, 11, 25), date(2025, 11, 25), "day"))
    ('2025', 'November')
    >>> period(When("2015", date(2015, 1, 1), date(2015, 12, 31), "year"))
    ('2015', None)
    >>> period(When("200X", date(2000, 1, 1), date(2009, 12, 31), "decade", mod="START"))
    ('2000s', None)
    >>> period(When("2019", date(2019, 6, 1), date(2021, 5, 31), None, derived=True))
    ('2019', None)
    >>> period(When())
    ('Date unknown', None)
    """
    if not when.known:
        return ("Date unknown", None)
    first, last = when.start, when.end
    if first.year != last.year:
        if first.year % 10 == 0 and last.year == first.year + 9:
            return (f"{first.year}s", None)
        # Other spans of years sort by their first day, so they are listed under that
        # year; a heading of their own would split a year's run in two.
        return (str(first.year), None)
    month = MONTHS[first.month - 1] if first.month == last.month else None
    return (str(first.year), month)


def has_written_year(expression: str | None) -> bool:
    """Whether a date expression states its own year (and so needs no anchor).

    >>> has_written_year("Nov. 18, 2025"), has_written_year("the early 2000s"), has_written_year("Tuesday")
    (True, True, False)
    """
    return bool(expression) and any(part.isdigit() and len(part) == 4 for part in _words(expression))


def _words(text: str) -> list[str]:
    word, words = "", []
    for char in text:
        if char.isdigit():
            word += char
        else:
            if word:
                words.append(word)
            word = ""
    if word:
        words.append(word)
    return words


def explain(when: When, expression: str | None, published: date | None) -> str:
    """How an event's date was worked out, in words.

    >>> explain(When("2025-11-25", date(2025, 11, 25), date(2025, 11, 25), "day"), "Tuesday", date(2025, 11, 27))
    '“Tuesday” in an article published Thursday 27 November 2025'
    >>> explain(When("2015", date(2015, 1, 1), date(2015, 12, 31), "year"), "2015", date(2025, 11, 27))
    '“2015”, as written in the article'
    >>> explain(When(None, date(2025, 11, 24), date(2025, 11, 27), None, derived=True), None, None)
    'derived from the dates of the events it is linked to'
    """
    if when.derived:
        return "derived from the dates of the events it is linked to"
    if not expression:
        return "from the article"
    if has_written_year(expression):
        return f"“{expression}”, as written in the article"
    if published is None:
        return f"“{expression}” in an article with no known publication date"
    return f"“{expression}” in an article published {format_day(published)}"
