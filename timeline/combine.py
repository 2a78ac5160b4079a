"""Merging's last step: one event of the reports a cluster holds (``merge.cluster``).

The event is dated by its most precise report, cites every report, is titled by the
report most like the others and records why each pair of reports was merged.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from itertools import chain, repeat
from operator import is_, itemgetter
from typing import TYPE_CHECKING

from .extract import event_id
from .likeness import GRANULARITY, dice, words_of
from .records import Event, MergeReason, When

if TYPE_CHECKING:
    from .kinds import Read
    from .merge import Match

# Titles opening with these name no one: another report's title is preferred.
PRONOUN_TITLES = frozenset({"it", "this", "that", "these", "those", "they", "he", "she"})


def _best_when(dates: tuple[When | None, ...], firsts: list[int]) -> When:
    """The most precise date the reports give (a day beats "earlier this week"); None: unknown.
    ``firsts``: the first member of each kind, in order: the others' dates are equal to theirs."""
    dated = [dates[index] for index in firsts if dates[index] is not None]
    if len(dated) < 2:
        return dated[0] if dated else When()
    return min(dated, key=lambda w: (GRANULARITY.get(w.granularity or "", 9), w.start, w.value or ""))


def _representative(titles: tuple[str, ...], dates: tuple[When | None, ...], texts: Callable[[], list[str]], one_text: bool) -> int:
    """Which report is most like the others, preferring dated ones: its title names the
    event. ``titles`` and ``dates``: each member's, as ``combine`` has them; ``texts``
    gives each member's text, asked only when likeness has to decide; ``one_text``: the
    members all have one text, so are all equally alike."""
    # Ranked by titles and dates first, likeness last: ties go to the report told first
    # (its first mention's key), the first of them, as members come in that order.
    if one_text and _rank(titles[0], dates[0] is None) == (False, False, dates.count(None) == len(dates)):
        return 0  # none ranks higher: a whole title naming someone, dated if any report is
    # Members of one event often share their title and date: each alike ranked once.
    told = tuple(zip(titles, map(is_, dates, repeat(None))))
    first = dict(zip(reversed(told), range(len(told) - 1, -1, -1)))  # the last of the reversed stays
    ranked = {alike: _rank(*alike) for alike in first}
    best = min(ranked.values())
    if one_text:
        return min(first[alike] for alike, rank in ranked.items() if rank == best)
    tied = [index for index, alike in enumerate(told) if ranked[alike] == best]
    if len(tied) == 1:
        return tied[0]
    said = texts()
    if all(said[index] == said[tied[0]] for index in tied):
        return tied[0]  # one text is equally alike to the others: no need to work out how alike
    words = [words_of(text) for text in said]
    likeness = _likeness(words, {words[index] for index in tied})
    return max(tied, key=lambda index: (likeness[words[index]], -index))


def _rank(title: str, undated: bool) -> tuple[bool, bool, bool]:
    """How a member's title and date rank, lowest first: a title naming someone, whole, of a dated report."""
    return (title.split(None, 1)[0].lower() in PRONOUN_TITLES if title else True, title.endswith("…"), undated)


def _likeness(words: list[frozenset[str]], asked: set[frozenset[str]]) -> dict[frozenset[str], float]:
    """How alike each word set ``asked`` is to the members' (``words``): its summed Dice
    likeness to the others, rounded. Members often repeat the same words: summed over the
    distinct word sets with their counts, not over every pair (quadratic in a big event),
    in an order fixed by the words themselves."""
    counts = Counter(words)
    distinct = sorted(counts.items(), key=lambda item: sorted(item[0]))
    return {found: round(sum(n * dice(found, other) for other, n in distinct) - dice(found, found), 6) for found in asked}


def combine(indexes: list[int], matches: list[tuple[int, int, Match]], found: Read) -> Event:
    """One event of the reports at ``indexes`` (ascending), with what merging ``found``
    of them. Reports are in the order of their first mentions (``merge.read``), so reports
    of one mention each need no sorting again."""
    reports = found.reports
    if len(indexes) == 1:
        return alone(reports[indexes[0]], found.facts.dates[indexes[0]] is not None)
    pick = itemgetter(*indexes)  # each member's entry of a list by report, picked at once
    dates = pick(found.facts.dates)
    told = pick(found.mentions)
    mentions = tuple(chain.from_iterable(told))
    if len(mentions) > len(told):
        mentions = tuple(sorted(mentions, key=lambda m: m.key))
    keys, kinds = found.keys, pick(found.kind_of)
    firsts, at = [], -1  # the first member of each kind, by position: kinds in order of their first
    for kind in dict.fromkeys(kinds):
        at = kinds.index(kind, at + 1)
        firsts.append(at)
    when = _best_when(dates, firsts)
    chosen = _representative(pick(found.titles), dates, lambda: [keys[k][0] for k in kinds], len({keys[kinds[at]][0] for at in firsts}) == 1)
    title_from = reports[indexes[chosen]]
    return Event(
        id=event_id(when, mentions[0]),
        title=title_from.title, when=when, mentions=mentions, merge_reasons=_reasons(matches, found.facts.articles),
        future=all(keys[kinds[at]][3] for at in firsts), candidate=False,
        links=tuple(sorted(set(chain.from_iterable(pick(found.links))), key=lambda link: link)), subject=title_from.subject,
    )


def _reasons(matches: list[tuple[int, int, Match]], articles: list[str]) -> tuple[MergeReason, ...]:
    """Why each pair was merged, in the order of the reasons written out (``str``): an
    event of many reports cites many, each written out here rather than by ``str``.

    Each record is made without ``__init__``, which sets each field of a frozen record
    through a call: its fields are set in its ``__dict__`` in their order, as ``__init__``
    would set them (and as ``records.amended`` makes records). A corpus that repeats
    itself cites tens of thousands of reasons."""
    said = [(articles[i], articles[j], match.detail) for i, j, match in matches]
    written = [f"{first} ~ {second}: {detail}" for first, second, detail in said]
    reasons = []
    for first, second, detail in map(said.__getitem__, sorted(range(len(said)), key=written.__getitem__)):
        reason = object.__new__(MergeReason)
        state = reason.__dict__
        state["first"], state["second"], state["detail"] = first, second, detail
        reasons.append(reason)
    return tuple(reasons)


def alone(report: Event, dated: bool) -> Event:
    """``combine`` of one report (most of them), its date known if ``dated``: nothing to
    choose between or sort."""
    mentions, links = report.mentions, report.links
    # A report this would copy field for field is the event: one mention, at most one
    # link, no field not copied set, and a date that is known or empty.
    if (len(mentions) == 1 and len(links) < 2 and not report.depends_on and report.rank == 0 and not report.merge_reasons
            and (dated or report.when == _NO_DATE)):
        return report
    mentions = mentions if len(mentions) == 1 else tuple(sorted(mentions, key=lambda m: m.key))
    links = links if len(links) < 2 else tuple(sorted(set(links), key=lambda link: link))
    return Event(id=report.id, title=report.title, when=report.when if dated else When(), mentions=mentions,
                 future=report.future, candidate=report.candidate, links=links, subject=report.subject)


_NO_DATE = When()
