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
