"""Anchoring: tense, the DCT and earlier mentions choose where a relative date falls."""
from __future__ import annotations

from datetime import date

from timeline.anchor import anchor, resolve, tense_at
from timeline.tag import find, tag

THU = date(2025, 11, 27)


def value_of(text: str, dct: date | None = THU, index: int = -1) -> str | None:
    return tag(text, dct)[index].value


def test_bare_weekday_defaults_to_the_past():
    assert value_of("Talks were held Friday.") == "2025-11-21"
    assert value_of("Tuesday") == "2025-11-25"


def test_weekday_of_the_dct_in_past_tense_is_the_dct():
    assert value_of("The ministry said on Thursday") == "2025-11-27"


def test_future_tense_looks_forward():
    assert value_of("The leaders will meet on Tuesday.") == "2025-12-02"
    assert value_of("They are expected to vote on Monday.") == "2025-12-01"


def test_explicit_direction():
    assert value_of("last Friday") == "2025-11-21"
    assert value_of("next Thursday") == "2025-12-04"


def test_offsets_from_the_dct():
    assert value_of("yesterday") == "2025-11-26"
    assert value_of("last week") == "2025-W47"
    assert value_of("next month") == "2025-12"
    assert value_of("two years ago") == "2023"


def test_relative_to_an_earlier_mention():
    text = "The treaty was signed on March 3, 2019. A week later it was ratified."
    assert value_of(text) == "2019-03-10"
    assert value_of("It opened in 1995. The following year it closed.") == "1996"
    assert value_of("It began on March 3, 2021, and that day ended.") == "2021-03-03"


def test_year_without_a_year_takes_the_nearest():
    assert value_of("Shares rose since Sept. 30.", date(1989, 10, 27)) == "1989-09-30"
    assert value_of("in October", date(1998, 2, 13)) == "1997-10"


def test_no_dct_never_uses_the_clock():
    assert [t.value for t in tag("yesterday, Tuesday, next month, Sept. 30", None)] == [None] * 4
    assert resolve("REL:D:-1", None, None, None) is None


def test_tense_cues():
    text = "They met on Tuesday and will meet again."
    assert tense_at(text, text.index("Tuesday"), text.index("Tuesday") + 7) == "past"
    text = "The vote will be held on Tuesday."
    assert tense_at(text, text.index("Tuesday"), text.index("Tuesday") + 7) == "future"


def test_anchor_is_a_separate_stage():
    raw = find("on Tuesday")
    assert raw[0].value == "WD:2"
    assert anchor(raw, "on Tuesday", THU)[0].value == "2025-11-25"


def test_months_and_quarters_of_a_relative_or_written_year():
    assert resolve("YR-1:06", date(1998, 2, 19), None, None) == "1997-06"
    assert resolve("YR=1:Q3", date(1989, 11, 1), None, None) == "1989-Q3"
    assert resolve("YR1988:QL", date(1989, 10, 26), None, None) == "1988-Q3"
    assert resolve("YR1988:QL", date(1990, 2, 1), None, None) == "1988-Q4"  # Q1 reports on Q4
    assert resolve("YR-1:06", None, None, None) is None


def test_future_month_is_the_next_one():
    assert value_of("He will command a mission in December.", date(1998, 3, 4)) == "1998-12"
    assert value_of("He commanded a mission in December.", date(1998, 3, 4)) == "1997-12"


def test_weekend_and_holidays_follow_the_tense():
    assert value_of("They met over the weekend.") == "2025-W47-WE"
    assert value_of("They will meet over the weekend.") == "2025-W48-WE"
    assert value_of("It was found on Thanksgiving Day.", date(2000, 1, 7)) == "1999-11-25"
    assert value_of("They will meet before Christmas.") == "2025-12-25"


def test_not_until_and_irregular_pasts():
    text = "It was not until Tuesday that he spoke."
    assert tense_at(text, text.index("Tuesday"), text.index("Tuesday") + 7) == "past"
    text = "The United Nations meets Thursday."
    assert tense_at(text, text.index("Thursday"), text.index("Thursday") + 8) is None


def test_planned_is_future_only_as_a_plan():
    assert value_of("Organisers planned a march on Saturday.") == "2025-11-29"
    assert value_of("On Friday, after a hastily planned visit, she left.", index=0) == "2025-11-21"
    assert value_of("The vote went ahead as planned on Monday.") == "2025-11-24"


def test_clock_time_takes_the_day_named_next_to_it():
    assert value_of("The blast came at 10:35 a.m. (0735 GMT) Friday.", index=0) == "2025-11-21T10:35"
    assert value_of("Polls open Tuesday at 7 a.m.") == "2025-11-25T07:00"
    assert value_of("He landed at 9 p.m. and said on Monday he was tired.", index=0) == "2025-11-27T21:00"
    assert value_of("Polls open Tuesday at 7 a.m.", None) is None


def test_clock_times_on_a_24_hour_dial_and_in_universal_time():
    assert value_of("The station closed at 23:45 local time.") == "2025-11-27T23:45"
    assert value_of("The launch is set for 14:30 UTC.") == "2025-11-27T14:30Z"
    assert value_of("They met at 3 p.m. GMT on Tuesday.") == "2025-11-25T15:00Z"
    assert value_of("The deadline expired at midnight.") == "2025-11-27T24:00"
    assert [t.text for t in tag("The score stood at 2:1 after a 10:30 start.", THU)] == []


def test_winter_is_a_season_not_a_week_and_follows_the_tense():
    june = date(2010, 6, 16)
    assert value_of("It snowed in the winter.", june) == "2009-WI"
    assert value_of("It will snow in the winter.", june) == "2010-WI"
    assert value_of("The ferry runs every Monday.", june) == "XXXX-WXX-1"


def test_the_end_of_a_range_follows_its_start():
    june = date(2010, 6, 16)
    found = tag("The hurricane season lasts from June to November.", june)
    assert [t.value for t in found] == ["2010-06", "2010-11"]
    assert [t.value for t in tag("The show ran from March to May.", june)] == ["2010-03", "2010-05"]
    assert [t.value for t in tag("It is shut from Dec. 28 to Jan. 3.", june)] == ["2009-12-28", "2010-01-03"]


def test_a_quarter_reported_in_the_past_tense_has_begun():
    october = date(1989, 10, 26)
    assert value_of("It earned $5.2 million in the fiscal first quarter.", october) == "1989-Q1"
    assert value_of("It will report first-quarter results.", october) == "1990-Q1"
    text = "The blasts next to the embassies killed 20 people on Friday."
    assert tense_at(text, text.index("Friday"), text.index("Friday") + 6) == "past"


def test_a_clock_time_falls_on_the_day_named_shortly_before():
    text = "Police were called on Nov. 18. Shots were fired at 10 p.m., a witness said."
    assert [t.value for t in tag(text, THU)] == ["2025-11-18", "2025-11-18T22:00"]
    assert value_of("Shots were fired at 10 p.m., a witness said.") == "2025-11-27T22:00"
    assert value_of("It was quiet on Nov. 18. Later this morning the talks resume.") == "2025-11-27TMO"


def test_a_timetable_in_the_present_tense_looks_forward():
    assert value_of("The summit opens Monday in Brussels.") == "2025-12-01"
    assert value_of("He is due in court on Friday.") == "2025-11-28"
    assert value_of("Markets reopened Monday after a holiday.") == "2025-11-24"


def test_the_latest_period_and_the_year_ago_period_follow_the_quarter_reported_on():
    november = date(1989, 11, 2)
    text = "Ralston reported a decline in fourth-quarter earnings. Sales in the latest period rose."
    assert value_of(text, november) == "1989-Q4"
    text = ("Net rose in the third quarter. After a flat second quarter, results gained. "
            "Charges were taken in the year-earlier period.")
    assert value_of(text, november) == "1988-Q3"
    # without a quarter named by its number: the last quarter before the DCT
    assert value_of("Sales in the latest period rose.", november) == "1989-Q3"


def test_a_quarter_named_by_the_day_it_ended_is_the_calendar_quarter_it_mostly_covers():
    october = date(1989, 10, 30)
    assert value_of("In the quarter ended July 31, it had 5.6 million shares.", october, 0) == "1989-Q2"
    # a fiscal quarter named by its number stays the quarter "the quarter" refers back to
    text = "Sun had a first-quarter loss. Sales for the quarter ended Sept. 29 rose. In the quarter, it shipped more."
    assert [t.value for t in tag(text, october)] == ["1989-Q1", "1989-Q3", "1989-09-29", "1989-Q1"]


def test_a_month_a_passive_past_verb_dates_has_begun():
    # The nearest January is the next one, but a thing "was introduced" in the last one.
    assert value_of("The Shuffle was introduced in January.", date(2005, 9, 7)) == "2005-01"
    assert value_of("The Nano is sold from January.", date(2005, 9, 7)) == "2006-01"
