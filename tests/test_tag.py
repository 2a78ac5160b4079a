"""The tagger on the expressions the pipeline relies on, and its invariants."""
from __future__ import annotations

import time
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.calendar_units import ORDER
from timeline.tag import tag

DCT = date(2025, 11, 27)  # a Thursday

_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"]
_ABBR = ["Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.",
         "Nov.", "Dec."]


def values(text: str, dct: date | None = DCT) -> list[tuple[str, str | None]]:
    return [(t.text, t.value) for t in tag(text, dct)]


def test_seed_article_expressions():
    assert values("The ministry said on Thursday that") == [("Thursday", "2025-11-27")]
    assert values("Macron on Tuesday suggested a force") == [("Tuesday", "2025-11-25")]
    assert values("Erdogan said on Monday") == [("Monday", "2025-11-24")]
    assert values("Macron earlier this week announced") == [("earlier this week", "2025-W48")]
    assert values("the 13th Operational Brigade of the 13th") == []
    assert values("talks on March 29–30, 2022 in Istanbul")[0][1] == "2022-03-29"
    assert values("in February 2022") == [("February 2022", "2022-02")]
    assert values("in 2022") == [("2022", "2022")]
    assert values("the 2015 downing") == [("2015", "2015")]
    assert values("three in Istanbul this year") == [("this year", "2025")]
    assert values("his March 2025 proposal") == [("March 2025", "2025-03")]
    assert values("Recently, the name") == [("Recently", "PAST_REF")]


def test_range_has_end_value():
    (timex,) = tag("March 29–30, 2022", DCT)
    assert (timex.value, timex.end_value, timex.granularity) == ("2022-03-29", "2022-03-30", "day")


def test_decade_with_mod():
    (timex,) = tag("since the early 2000s", DCT)
    assert (timex.value, timex.mod, timex.granularity) == ("200X", "START", "decade")


def test_types_and_granularities():
    found = {t.text: (t.type, t.value, t.granularity) for t in tag(
        "Now after three years and a meeting every Monday, at 3 p.m.; on Tuesday morning "
        "in Q3 2023, the summer of 2019, mid-2024 and fiscal 1998.", DCT)}
    assert found["Now"] == ("DATE", "PRESENT_REF", None)
    assert found["three years"] == ("DURATION", "P3Y", None)
    assert found["every Monday"] == ("SET", "XXXX-WXX-1", None)
    assert found["Tuesday morning"] == ("TIME", "2025-11-25TMO", "time")
    assert found["3 p.m."] == ("TIME", "2025-11-27T15:00", "time")
    assert found["Q3 2023"] == ("DATE", "2023-Q3", "quarter")
    assert found["the summer of 2019"] == ("DATE", "2019-SU", "season")
    assert found["mid-2024"][1:] == ("2024", "year")
    assert found["fiscal 1998"][1] == "1998"


def test_datelines():
    assert values("KYIV, 25.Nov.2025 — ") == [("25.Nov.2025", "2025-11-25")]
    assert values("Published 2025-11-27 09:00") == [("2025-11-27 09:00", "2025-11-27T09:00")]


def test_sorted_and_non_overlapping():
    found = tag("On Nov. 18, 2025, two years ago, and last week, since 1990.", DCT)
    starts = [t.start for t in found]
    assert starts == sorted(starts, key=int)
    assert all(a.end <= b.start for a, b in zip(found, found[1:]))


def test_no_dct_leaves_relative_values_unresolved():
    found = dict(values("On Tuesday, Nov. 18, 2025 and yesterday and in 2015", None))
    assert found["yesterday"] is None
    assert found["Tuesday, Nov. 18, 2025"] == "2025-11-18"
    assert found["2015"] == "2015"


def test_pathological_inputs_finish_quickly():
    start = time.perf_counter()
    tag("word " * 2_000_000, DCT)  # 10 MB without punctuation
    tag("Nov. 18, 2025 " * 100_000, DCT)  # 100,000 dates
    tag("1" * 1_000_000 + " " + "- " * 200_000, DCT)
    assert time.perf_counter() - start < 15


def _forms(day: date) -> list[str]:
    month = _MONTHS[day.month - 1]
    return [f"{day.day} {month} {day.year}", f"{month} {day.day}, {day.year}",
            f"{_ABBR[day.month - 1]} {day.day}, {day.year}", day.isoformat()]


@settings(max_examples=60, deadline=None)
@given(st.dates(min_value=date(1800, 1, 1), max_value=date(2099, 12, 31)))
def test_surface_forms_agree(day):
    for form in _forms(day):
        found = tag(f"It happened on {form}.", DCT)
        assert [(t.value, t.granularity) for t in found] == [(day.isoformat(), "day")], form


@settings(max_examples=60, deadline=None)
@given(st.dates(min_value=date(1900, 6, 1), max_value=date(2090, 12, 31)), st.integers(1, 20))
def test_days_before_and_days_earlier(day, n):
    form = _forms(day)[1]
    before = tag(f"{n} days before {form}", DCT)
    assert before[-1].value == (day - timedelta(days=n)).isoformat()
    earlier = tag(f"It began on {form}. {n} days earlier, talks failed.", DCT)
    assert earlier[-1].value == (day - timedelta(days=n)).isoformat()


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(["in 1998", "March 2021", "Nov. 18, 2025", "the 1990s",
                        "the summer of 2019", "Q3 2023", "mid-2024", "2025-11-27"]),
       st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 12, 31)))
def test_absolute_expressions_do_not_depend_on_the_dct(text, dct):
    assert values(text, dct) == values(text, None)


_STATED = {"1998": "year", "March 2021": "month", "Nov. 18, 2025": "day", "the 1990s": "decade",
           "Q3 2023": "quarter", "last week": "week", "yesterday": "day", "next month": "month",
           "this year": "year", "Tuesday": "day", "the summer of 2019": "season"}


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(sorted(_STATED, key=str)), st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 12, 31)))
def test_granularity_never_finer_than_the_text(text, dct):
    (timex,) = tag(f"It was {text}.", dct)
    assert ORDER.index(timex.granularity) >= ORDER.index(_STATED[text])


def test_present_past_future_references_by_syntax():
    assert values("The fund now holds cash.") == [("now", "PRESENT_REF")]
    assert values("Now, he says, it is over.") == []
    assert values("Officials now say it was a mistake.") == []
    assert values("NATO would now act.") == []
    assert values("the current system") == []
    assert values("It soon became a flood.") == []
    assert values("The court may soon rule.") == [("soon", "FUTURE_REF")]
    assert values("in recent years") == [("recent years", "PXY")]
    assert values("a speech against the now-cancelled deal") == []
    assert values("guests at the soon-to-open terminal") == []
    assert values("Currently, organs are rationed by region.") == []
    assert values("a new design currently under development") == []
    assert values("less than 5% of the average daily volume") == []
    assert values("Montedison currently owns about 72% of it.") == [("currently", "PRESENT_REF")]


def test_duration_qualifiers_and_ranges_are_part_of_the_expression():
    assert values("the road was shut for nearly two years") == [("nearly two years", "P2Y")]
    assert values("for no more than sixty days") == [("no more than sixty days", "P60D")]
    assert values("within two to three weeks") == [("two to three weeks", "P2W")]
    assert values("within 18 months") == [("18 months", "P18M")]
    assert values("barely a month after the airline cut flights") == [("a month", "P1M")]
    assert values("more than a quarter of the market") == []


def test_years_read_aloud_and_year_relative_periods():
    assert values("In nineteen ninety-one he was convicted", date(1998, 1, 15)) == [
        ("nineteen ninety-one", "1991")]
    assert values("two thousand people") == []
    assert values("In June last year it split.", date(1998, 2, 19)) == [("June last year", "1997-06")]
    assert values("Net for this year's third quarter rose.", date(1989, 11, 1)) == [
        ("this year's third quarter", "1989-Q3")]
    assert values("For the year, volume was flat.", date(1989, 11, 2)) == [("the year", "1989")]


def test_prefix_dispatch_matches_the_full_alternation(monkeypatch):
    import json
    from pathlib import Path

    from timeline import rulebook
    from timeline.tag import find

    sample = Path(__file__).with_name("data") / "meantime_sample.jsonl"
    texts = [json.loads(line)["text"] for line in sample.read_text(encoding="utf-8").splitlines() if line.strip()]
    fast = [find(text) for text in texts]
    monkeypatch.setattr(rulebook, "pattern_at", lambda text, start: rulebook.PATTERN)
    assert fast == [find(text) for text in texts]


def test_a_second_day_of_the_same_month_is_its_own_date():
    found = [(t.text, t.value) for t in tag("The summit will meet on May 12 and 13 in Oslo.", DCT)]
    assert found == [("May 12", "2026-05-12"), ("13", "2026-05-13")]
    found = [(t.text, t.value) for t in tag("Voting is on 6 or 7 December.", DCT)]
    assert found == [("6", "2025-12-06"), ("7 December", "2025-12-07")]
    assert [t.text for t in tag("On May 12 and 13 people were hurt.", DCT)] == ["May 12"]


def test_ordinal_days_early_and_late_weekdays_and_a_sentence_final_clock():
    assert [(t.text, t.value) for t in tag("It was ratified on April 2nd.", DCT)] == [("April 2nd", "2025-04-02")]
    found = tag("Officials said late Monday that it was over.", DCT)
    assert [(t.text, t.value, t.mod) for t in found] == [("late Monday", "2025-11-24", "END")]
    assert [t.text for t in tag("The match ends before 11pm.", DCT)] == ["11pm"]
    assert [t.text for t in tag("The match ends before 11 p.m.", DCT)] == ["11 p.m."]


def test_halves_of_a_unit():
    assert [(t.text, t.value) for t in tag("The talks lasted three and a half hours.", DCT)] == [
        ("three and a half hours", "PT3H30M")]
    assert [(t.text, t.value) for t in tag("He spent half a year abroad.", DCT)] == [("half a year", "P6M")]
    assert [(t.text, t.value) for t in tag("It took half a day.", DCT)] == [("half a day", "PT12H")]
