"""Arbitrary input never breaks the reader, the sentence splitter or the date tagger.

Examples are generated from a fixed seed (derandomize) so a run is repeatable; the
counts are modest so the whole file stays within a few seconds.
"""
from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from timeline.frontmatter import EARLIEST_YEAR, LATEST_YEAR, parse_date, split_front_matter
from timeline.read import read_article
from timeline.records import Problem
from timeline.sentences import split_sentences

FUZZ = settings(max_examples=150, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow])

# TIMEX3 values: calendar dates at any granularity (possibly unanchored "XXXX"), times of
# day, durations, and the three reference values.
_NUM = r"(?:\d+(?:\.\d+)?|X)"
_DATE = (r"(?:\d{4}|\d{3}X|\d{2}XX|\d{2}|XXXX)"
         r"(?:-(?:\d{2}|XX)(?:-(?:\d{2}|XX))?|-W(?:\d{2}|XX)(?:-(?:WE|[1-7]))?|-Q[1-4X]|-H[12]|-(?:SP|SU|FA|WI))?"
         r"(?:T(?:\d{2}(?::\d{2}(?::\d{2})?)?|MO|AF|EV|NI|DT))?")
_DURATION = rf"P(?:(?:{_NUM}(?:Y|M|W|D|Q|H|DE|CE|ML|WE))+(?:T(?:{_NUM}[HMS])+)?|T(?:{_NUM}[HMS])+)"
TIMEX3_VALUE = re.compile(rf"^(?:{_DATE}|{_DURATION}|PRESENT_REF|PAST_REF|FUTURE_REF)$")
SEVERITIES = {"note", "warning", "error"}

# Text that looks like pasted articles: date words, digits, punctuation, line ends of
# every kind, front matter fences, and arbitrary characters between them.
_TOKENS = st.sampled_from([
    "---", "title:", "date:", "url:", "source:", "2025-11-27", "2025-13-45", "Nov.", "November", "27,",
    "2025", "Tuesday", "last", "week", "next", "month", "the", "early", "2000s", "ago", "years", "two",
    "since", "1990", "Q3", "summer", "10:30", "a.m.", "(", ")", "[", "]", ".", "!", "?", ",", "\"", "“",
    "\n", "\n\n", "\r\n", "\r", " ", "\t", "Close", "Latest news", "More from", "(AA Photo)", "-", "•",
    "0", "9999", "-0001", "\x00", "\ufeff", "é", "İ",
])
ARTICLE_TEXT = st.lists(st.one_of(_TOKENS, st.text(max_size=12)), max_size=60).map(" ".join)
SCALAR = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\n\r"), max_size=30)
DCT = st.one_of(st.none(), st.dates(min_value=date(EARLIEST_YEAR, 1, 1), max_value=date(LATEST_YEAR, 12, 31)))


def _check_problems(problems: tuple, path: str) -> None:
    for problem in problems:
        assert isinstance(problem, Problem) and problem.path == path
        assert problem.severity in SEVERITIES and problem.message
        assert problem.line is None or problem.line >= 1


def _check_article(article, problems, path: str) -> None:
    _check_problems(problems, path)
    if article is None:
        assert any(p.severity == "error" for p in problems), "an article is dropped only with an error"
        return
    assert article.title and "\n" not in article.title
    assert "\r" not in article.text and "\n\n\n" not in article.text
    assert article.published is None or EARLIEST_YEAR <= article.published.year <= LATEST_YEAR
    assert article.url is None or article.url.lower().startswith(("http://", "https://"))


@FUZZ
@given(st.binary(max_size=3000))
def test_reader_takes_any_bytes(raw):
    article, problems = read_article(raw, "f.txt", "f")
    _check_article(article, problems, "f.txt")


@FUZZ
@given(st.sampled_from([b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff"]),
       st.binary(max_size=2000), st.integers(min_value=1, max_value=2500))
def test_reader_takes_any_bytes_after_any_byte_order_mark_and_any_limit(bom, raw, limit):
    article, problems = read_article(bom + raw, "f.txt", "f", limit=limit)
    _check_article(article, problems, "f.txt")


@FUZZ
@given(ARTICLE_TEXT, st.sampled_from(["utf-8", "utf-16", "utf-16-be", "utf-32", "cp1252", "utf-8-sig"]))
def test_reader_takes_any_text_in_any_encoding(text, encoding):
    raw = text.encode(encoding, errors="replace")
    article, problems = read_article(raw, "f.md", "f", limit=2000)
    _check_article(article, problems, "f.md")


@FUZZ
@given(st.dictionaries(st.one_of(st.sampled_from(["title", "date", "url", "source"]), SCALAR), SCALAR, max_size=6),
       ARTICLE_TEXT)
def test_reader_takes_any_front_matter(meta, body):
    front = "".join(f"{key}: {value}\n" for key, value in meta.items())
    article, problems = read_article(f"---\n{front}---\n{body}".encode("utf-8"), "f.md", "f")
    _check_article(article, problems, "f.md")


@FUZZ
@given(st.text(max_size=400))
def test_front_matter_split_never_fails(text):
    meta, body, problems = split_front_matter(text, "f.md")
    _check_problems(problems, "f.md")
    assert all(isinstance(value, str) for value in meta.values())
    assert all(1 <= line <= text.count("\n") + 1 for line in meta.lines.values())
    assert body in text


@FUZZ
@given(st.one_of(SCALAR, st.dates().map(date.isoformat), st.from_regex(r"-?\d{1,5}-\d{1,3}-\d{1,3}", fullmatch=True)))
def test_dates_are_parsed_or_reported(value):
    day, problems = parse_date(value, "f.md", 2)
    _check_problems(problems, "f.md")
    assert day is None or EARLIEST_YEAR <= day.year <= LATEST_YEAR
    assert day is not None or not value.strip() or problems


@FUZZ
@given(ARTICLE_TEXT)
def test_sentences_are_spans_of_the_text(text):
    for sentence in split_sentences("a", text):
        assert 0 <= sentence.start < sentence.end <= len(text)
        assert text[sentence.start:sentence.end] == sentence.text


@FUZZ
@given(ARTICLE_TEXT, DCT)
@example("last week", date(1, 1, 8))  # ISO week years of the first centuries are four digits too
@example("next year and next week", date(LATEST_YEAR, 12, 31))
def test_tagger_spans_and_values_are_well_formed(text, dct):
    # Publication dates reach the tagger only through the reader, so they lie in its range.
    tag = pytest.importorskip("timeline.tag").tag
    found = tag(text, dct)
    previous_end = 0
    for timex in found:
        assert 0 <= timex.start < timex.end <= len(text), timex
        assert text[timex.start:timex.end] == timex.text, timex
        assert timex.start >= previous_end, "sorted by start and non-overlapping"
        previous_end = timex.end
        assert timex.type in ("DATE", "TIME", "DURATION", "SET"), timex
        for value in (timex.value, timex.end_value):
            assert value is None or TIMEX3_VALUE.match(value), timex
