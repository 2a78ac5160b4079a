"""Calendar arithmetic in TIMEX3 units: shifting a day by N units, writing a day as a value.

Units are the duration letters the rules use: D, W, WE (weekend), M, Q, H (half), Y,
DE (decade), CE (century).

>>> shift(date(2025, 11, 27), "M", -3)
datetime.date(2025, 8, 27)
>>> as_value(date(2025, 11, 27), "W")
'2025-W48'
>>> as_value(date(1994, 5, 1), "DE")
'199X'
"""
from __future__ import annotations

import calendar
from datetime import date, timedelta

# Finest first: used to compare how precise two values are.
ORDER = ("time", "day", "week", "month", "season", "quarter", "half", "year", "decade", "century")
UNIT_GRANULARITY = {
    "D": "day", "W": "week", "WE": "week", "M": "month", "Q": "quarter", "H": "half",
    "Y": "year", "DE": "decade", "CE": "century", "SE": "season",
}
_MONTHS_PER = {"M": 1, "Q": 3, "H": 6, "Y": 12, "DE": 120, "CE": 1200}


def finer(a: str, b: str) -> str:
    """The more precise of two granularities."""
    return a if ORDER.index(a) <= ORDER.index(b) else b


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def shift(day: date, unit: str, amount: int) -> date:
    """The day moved by ``amount`` units (calendar months keep the day where they can)."""
    if unit == "D":
        return day + timedelta(days=amount)
    if unit in ("W", "WE"):
        return day + timedelta(weeks=amount)
    return add_months(day, amount * _MONTHS_PER[unit])


def as_value(day: date, unit: str) -> str:
    """The TIMEX3 value of the period of the given unit that contains ``day``."""
    if unit in ("W", "WE"):
        year, week, _ = day.isocalendar()
        return f"{year:04d}-W{week:02d}" + ("-WE" if unit == "WE" else "")
    formats = {
        "D": lambda: day.isoformat(),
        "M": lambda: f"{day.year:04d}-{day.month:02d}",
        "Q": lambda: f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}",
        "H": lambda: f"{day.year:04d}-H{(day.month - 1) // 6 + 1}",
        "Y": lambda: f"{day.year:04d}",
        "DE": lambda: f"{day.year // 10:03d}X",
        "CE": lambda: f"{day.year // 100:02d}",
    }
    return formats[unit]()


GRANULARITY_UNIT = {
    "day": "D", "week": "W", "month": "M", "quarter": "Q", "half": "H", "year": "Y",
    "decade": "DE", "century": "CE", "time": "D",
}


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The n-th given weekday (1 = Monday) of a month; n = -1 for the last one."""
    if n > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.isoweekday()) % 7 + 7 * (n - 1))
    last = date(year, month, calendar.monthrange(year, month)[1])
    return last - timedelta(days=(last.isoweekday() - weekday) % 7)


def _easter(year: int) -> date:
    """Western Easter Sunday (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l) // 451
    month, day = divmod(h + l - 7 * m + 114, 31)
    return date(year, month, day + 1)


HOLIDAYS = {
    "christmas": lambda y: date(y, 12, 25),
    "christmas eve": lambda y: date(y, 12, 24),
    "new year's day": lambda y: date(y, 1, 1),
    "new year's eve": lambda y: date(y, 12, 31),
    "independence day": lambda y: date(y, 7, 4),
    "halloween": lambda y: date(y, 10, 31),
    "valentine's day": lambda y: date(y, 2, 14),
    "veterans day": lambda y: date(y, 11, 11),
    "thanksgiving": lambda y: _nth_weekday(y, 11, 4, 4),
    "labor day": lambda y: _nth_weekday(y, 9, 1, 1),
    "memorial day": lambda y: _nth_weekday(y, 5, 1, -1),
    "election day": lambda y: _nth_weekday(y, 11, 1, 1) + timedelta(days=1),
    "easter": _easter,
    "good friday": lambda y: _easter(y) - timedelta(days=2),
}


def holiday(name: str, year: int) -> date:
    """The day a named holiday falls on in a year (US and Western Christian calendars).

    >>> holiday("thanksgiving", 1999), holiday("easter", 2025), holiday("election day", 1998)
    (datetime.date(1999, 11, 25), datetime.date(2025, 4, 20), datetime.date(1998, 11, 3))
    """
    return HOLIDAYS[name](year)
