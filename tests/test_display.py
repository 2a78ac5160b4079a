"""Dates as readers see them: honest about the precision the articles give."""
from datetime import date

import pytest

from timeline.display import datetime_attr, explain, format_range, format_when, period
from timeline.records import When


def when(value, first, last, granularity, **kw):
    return When(value, first, last, granularity, **kw)


@pytest.mark.parametrize(
    "w, text",
    [
        (when("2025-11-25", date(2025, 11, 25), date(2025, 11, 25), "day"), "Tuesday 25 November 2025"),
        (when("2025-07", date(2025, 7, 1), date(2025, 7, 31), "month"), "July 2025"),
        (when("2015", date(2015, 1, 1), date(2015, 12, 31), "year"), "2015"),
        (when("200X", date(2000, 1, 1), date(2009, 12, 31), "decade", mod="START"), "early 2000s"),
        (when(None, date(2025, 11, 24), date(2025, 11, 27), None, derived=True), "between 24 and 27 November 2025"),
        (when("2025-W48", date(2025, 11, 24), date(2025, 11, 30), "week"), "week of 24 November 2025"),
        (When(), "date unknown"),
    ],
)
def test_format_when(w, text):
    assert format_when(w) == text


def test_derived_range_ignores_the_stated_granularity():
    w = when("2025-11-25", date(2025, 11, 24), date(2025, 12, 2), "day", derived=True)
    assert format_when(w) == "between 24 November and 2 December 2025"


def test_range_across_years():
    assert format_range(date(2024, 12, 30), date(2025, 1, 2)) == "between 30 December 2024 and 2 January 2025"


@pytest.mark.parametrize(
    "w, value",
    [
        (when("2025-11-25", date(2025, 11, 25), date(2025, 11, 25), "day"), "2025-11-25"),
        (when("2025-07", date(2025, 7, 1), date(2025, 7, 31), "month"), "2025-07"),
        (when("2015", date(2015, 1, 1), date(2015, 12, 31), "year"), "2015"),
        (when("2025-W48", date(2025, 11, 24), date(2025, 11, 30), "week"), "2025-W48"),
        (when("2024-02", date(2024, 2, 1), date(2024, 2, 29), "month"), "2024-02"),
        (When(), None),
    ],
)
def test_datetime_attribute(w, value):
    assert datetime_attr(w) == value


def test_period_headings():
    assert period(when("2025-11-25", date(2025, 11, 25), date(2025, 11, 25), "day")) == ("2025", "November")
    assert period(when("2025-Q2", date(2025, 4, 1), date(2025, 6, 30), "quarter")) == ("2025", None)
    assert period(when("200X", date(2000, 1, 1), date(2009, 12, 31), "decade")) == ("2000s", None)


def test_explain_relative_and_absolute():
    day = when("2025-11-25", date(2025, 11, 25), date(2025, 11, 25), "day")
    assert explain(day, "Tuesday", date(2025, 11, 27)) == "“Tuesday” in an article published Thursday 27 November 2025"
    assert explain(day, "Nov. 25, 2025", date(2025, 11, 27)) == "“Nov. 25, 2025”, as written in the article"
    assert "no known publication date" in explain(day, "Tuesday", None)
