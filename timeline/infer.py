"""Stage: infer a missing publication date from other articles that report the same events.

An undated article that says "the ministry said on Thursday", when another article dates
the same statement to Thursday 27 November, was published on that Thursday or in the six
days after. Each candidate day is tried: the article is tagged and read again as if
published then, and the day is scored by how many of its reports agree with dated reports
elsewhere, minus how many clash. The best score wins; among equals, the earliest day.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta

from .extract import extract_reports, pending
from .likeness import date_relation, similarity
from .merge import ONE_DATED
from .records import Article, Event, Problem, Timex

# A relative date ("Thursday", "last week") reaches back at most this far.
REACH_DAYS = 6
NO_SUPPORT = "no publication date, and no other article dates the events it reports; relative dates stay unresolved"

Reader = Callable[[Article], tuple[tuple[Timex, ...], tuple[Event, ...]]]


def read_as_of(article: Article) -> tuple[tuple[Timex, ...], tuple[Event, ...]]:
    from .tag import tag  # compiling the rules costs a quarter second: only when an article is read again

    timexes = tag(article.text, article.published)
    return timexes, extract_reports(article, timexes)


def same_happening(a: Event, b: Event) -> bool:
    """Words and names alike enough to be one happening, whatever the dates say."""
    text, names = similarity(a, b)
    return text >= ONE_DATED and len(names) >= 1


def candidate_days(reports: tuple[Event, ...], dated: tuple[Event, ...]) -> list[date]:
    """Days the article may have appeared on: each dated day a relative report matches, and the week after."""
    days = set()
    for report in reports:
        timex = report.mentions[0].timex
        if timex is None or not pending(timex):
            continue
        for other in dated:
            if other.when.granularity == "day" and same_happening(report, other):
                days.update(other.when.start + timedelta(days=k) for k in range(REACH_DAYS + 1))
    return sorted(days, key=date.toordinal)


def support(reports: tuple[Event, ...], dated: tuple[Event, ...]) -> int:
    """Reports whose date agrees with a dated report of the same happening, minus those that clash."""
    score = 0
    for report in reports:
        if not report.when.known:
            continue
        alike = [other for other in dated if same_happening(report, other)]
        if alike:
            agree = any(date_relation(report.when, other.when) is not None for other in alike)
            score += 1 if agree else -1
    return score


def infer_date(article: Article, reports: tuple[Event, ...], dated: tuple[Event, ...],
               read: Reader = read_as_of) -> tuple[Article, tuple[Timex, ...], tuple[Event, ...]] | None:
    """The article re-read with its inferred date, or None when nothing supports one."""
    best = None
    for day in candidate_days(reports, dated):
        trial = replace(article, published=day, published_from="inferred")
        timexes, trial_reports = read(trial)
        score = support(trial_reports, dated)
        if score > 0 and (best is None or score > best[0]):
            best = (score, trial, timexes, trial_reports)
    return best[1:] if best else None


def infer_dates(items: list[tuple[Article, tuple[Timex, ...], tuple[Event, ...]]], read: Reader = read_as_of
                ) -> tuple[list[tuple[Article, tuple[Timex, ...], tuple[Event, ...]]], tuple[Problem, ...]]:
    """Every article with a publication date: given, inferred, or still unknown with a warning."""
    if all(article.published is not None for article, _, _ in items):
        return list(items), ()  # nothing to infer: the dated reports are not even gathered
    dated = tuple(e for article, _, reports in items if article.published for e in reports if e.when.known)
    out, problems = [], []
    for article, timexes, reports in items:
        if article.published is not None:
            out.append((article, timexes, reports))
            continue
        inferred = infer_date(article, reports, dated, read)
        if inferred is None:
            problems.append(Problem(article.path, NO_SUPPORT))
            out.append((article, timexes, reports))
        else:
            out.append(inferred)
            problems.append(Problem(article.path, f"publication date inferred as {inferred[0].published.isoformat()} from other articles", severity="note"))
    return out, tuple(problems)
