"""TIMEX3 values as calendar ranges.

A TIMEX3 value keeps the granularity the text stated ("2015" is a year, "2025-W48" a
week); to order and compare events we need the inclusive range of days it covers.

>>> value_range("2025-11")
(datetime.date(2025, 11, 1), datetime.date(2025, 11, 30))
>>> value_range("200X")
(datetime.date(2000, 1, 1), datetime.date(2009, 12, 31))
>>> granularity_of("2025-Q3")
'quarter'
"""
from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

_DAY = re.compile(r"^(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?:T.*)?$")
_MONTH = re.compile(r"^(?P<y>\d{4})-(?P<m>\d{2})$")
_YEAR = re.compile(r"^(?P<y>\d{4})$")
_DECADE = re.compile(r"^(?P<c>\d{3})X$")
_CENTURY = re.compile(r"^(?P<c>\d{2})(?:XX)?$")
_WEEK = re.compile(r"^(?P<y>\d{4})-W(?P<w>\d{2})(?:-WE)?$")
_QUARTER = re.compile(r"^(?P<y>\d{4})-Q(?P<q>[1-4])$")
_HALF = re.compile(r"^(?P<y>\d{4})-H(?P<h>[12])$")
_SEASON = re.compile(r"^(?P<y>\d{4})-(?P<s>SP|SU|FA|WI)$")
# A day, month, season, quarter or half without its year, as the tagger writes it before
# anchoring places it in a year.
PARTIAL = re.compile(r"^XXXX-(?P<rest>\d\d-\d\d|\d\d|SP|SU|FA|WI|Q[1-4]|H[12])$")

# Northern-hemisphere meteorological seasons; winter runs into the next year.
_SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _months(year: int, first: int, last: int) -> tuple[date, date]:
    end_year, end_month = year + (last - 1) // 12, (last - 1) % 12 + 1
    return date(year, first, 1), _month_end(end_year, end_month)


def value_range(value: str | None) -> tuple[date, date] | None:
    """The inclusive (first day, last day) a TIMEX3 date value covers, or None."""
    if not value:
        return None
    try:
        return _range(value)
    except ValueError:  # a well-formed pattern with an impossible date ("2025-02-30")
        return None


def _range(value: str) -> tuple[date, date] | None:
    if m := _DAY.match(value):
        day = date(int(m["y"]), int(m["m"]), int(m["d"]))
        return day, day
    if m := _MONTH.match(value):
        return _months(int(m["y"]), int(m["m"]), int(m["m"]))
    if m := _YEAR.match(value):
        return date(int(m["y"]), 1, 1), date(int(m["y"]), 12, 31)
    if m := _DECADE.match(value):
        first = int(m["c"]) * 10
        return date(max(first, 1), 1, 1), date(first + 9, 12, 31)
    if m := _WEEK.match(value):
        monday = date.fromisocalendar(int(m["y"]), int(m["w"]), 1)
        if value.endswith("-WE"):
            return monday + timedelta(days=5), monday + timedelta(days=6)
        return monday, monday + timedelta(days=6)
    if m := _QUARTER.match(value):
        q = int(m["q"])
        return _months(int(m["y"]), 3 * q - 2, 3 * q)
    if m := _HALF.match(value):
        h = int(m["h"])
        return _months(int(m["y"]), 6 * h - 5, 6 * h)
    if m := _SEASON.match(value):
        first, last = _SEASON_MONTHS[m["s"]]
        return _months(int(m["y"]), first, last)
    if m := _CENTURY.match(value):
        first = int(m["c"]) * 100
        return date(max(first, 1), 1, 1), date(first + 99, 12, 31)
    return None


def granularity_of(value: str | None) -> str | None:
    """The granularity a TIMEX3 date value states, or None for non-date values."""
    if not value:
        return None
    for pattern, name in (
        (_DAY, "day"),
        (_MONTH, "month"),
        (_YEAR, "year"),
        (_DECADE, "decade"),
        (_WEEK, "week"),
        (_QUARTER, "quarter"),
        (_HALF, "half"),
        (_SEASON, "season"),
        (_CENTURY, "century"),
    ):
        if pattern.match(value):
            return "time" if name == "day" and "T" in value else name
    return None
