"""Merging's last step: one event of the reports a cluster holds (``merge.cluster``).

The event is dated by its most precise report, cites every report, is titled by the
report most like the others and records why each pair of reports was merged.
"""
from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from .extract import event_id
from .likeness import GRANULARITY, dice, words_of
from .records import Event, When

if TYPE_CHECKING:
    from .merge import Match, Read

# Titles opening with these name no one: another report's title is preferred.
PRONOUN_TITLES = frozenset({"it", "this", "that", "these", "those", "they", "he", "she"})


def _best_when(dates: list[When | None]) -> When:
    """The most precise date the reports give (a day beats "earlier this week"); None: unknown."""
    dated = [day for day in dates if day is not None]
    if not dated:
        return When()
    return min(dated, key=lambda w: (GRANULARITY.get(w.granularity or "", 9), w.start, w.value or ""))


def _representative(members: list[Event], words: list[frozenset[str]], dates: list[When | None]) -> Event:
    """The report most like the others, preferring dated ones: its title names the event.
    ``words`` and ``dates``: each member's words and date, as ``combine`` has them."""
    # Reports of one event often repeat the same words: likeness is summed over distinct
    # word sets with their counts, not over every pair of members (quadratic in a big event).
    counts = Counter(words)
    distinct = sorted(counts.items(), key=lambda item: sorted(item[0]))
    # Members with the same words are alike to the others alike: worked out once per word set.
    likeness = {found: round(sum(n * dice(found, other) for other, n in distinct) - dice(found, found), 6) for found in counts}
    pronoun: dict[str, bool] = {}  # by title: members of one event often share theirs
    for member in members:
        if member.title not in pronoun:
            pronoun[member.title] = member.title.split(None, 1)[0].lower() in PRONOUN_TITLES if member.title else True
    ranks = [(pronoun[m.title], m.title.endswith("…"), day is None, -likeness[found]) for m, found, day in zip(members, words, dates)]
    # Ties go to the report told first (its first mention's key): the first of them, as
    # members come in that order.
    return members[ranks.index(min(ranks))]


def combine(indexes: list[int], matches: list[tuple[int, int, Match]], reports: tuple[Event, ...], found: Read) -> Event:
    """One event of the reports at ``indexes`` (ascending), with what merging ``found``
    of them. ``reports`` are in the order of their first mentions (``merge_reports`` sorts
    them), so reports of one mention each need no sorting again."""
    if len(indexes) == 1:
        return _alone(reports[indexes[0]])
    members = [reports[i] for i in indexes]
    dates = [found.facts.dates[i] for i in indexes]
    mentions = tuple(m for e in members for m in e.mentions)
    if len(mentions) > len(members):
        mentions = tuple(sorted(mentions, key=lambda m: m.key))
    when = _best_when(dates)
    title_from = _representative(members, [words_of(found.texts[i]) for i in indexes], dates)
    articles = found.facts.articles
    reasons = tuple(sorted((match.reason(articles[i], articles[j]) for i, j, match in matches), key=str))
    return Event(
        id=event_id(when, mentions[0]),
        title=title_from.title, when=when, mentions=mentions, merge_reasons=reasons,
        future=all(e.future for e in members), candidate=False,
        links=tuple(sorted({link for e in members for link in e.links}, key=lambda link: link)), subject=title_from.subject,
    )


def _alone(report: Event) -> Event:
    """``combine`` of one report, most of them: nothing to choose between or sort."""
    if _plain(report):  # the event would equal the report in every field
        return report
    mentions = report.mentions if len(report.mentions) == 1 else tuple(sorted(report.mentions, key=lambda m: m.key))
    links = report.links if len(report.links) < 2 else tuple(sorted(set(report.links), key=lambda link: link))
    return Event(id=report.id, title=report.title, when=report.when if report.when.known else When(), mentions=mentions,
                 future=report.future, candidate=report.candidate, links=links, subject=report.subject)


def _plain(report: Event) -> bool:
    """A report ``_alone`` would copy field for field: one mention, at most one link, no
    field it does not copy set, and a date that is known or empty."""
    return (len(report.mentions) == 1 and len(report.links) < 2 and not report.depends_on and report.rank == 0
            and not report.merge_reasons and (report.when.known or report.when == _NO_DATE))


_NO_DATE = When()
