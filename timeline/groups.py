"""Clusters of reports as merging builds them: which reports each holds, the matches that
joined them, and the constraints a join must keep (``merge.cluster``).

A cluster holds at most one report per article, and its dated reports agree on the date.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .likeness import dates_agree
from .records import Event, When

if TYPE_CHECKING:
    from .merge import Match


@dataclass(frozen=True)
class Facts:
    """What a join reads of each report, by report index, looked up once for all the joins."""

    articles: list[str]
    dates: list[When | None]  # None when unknown: an unknown date agrees with every other


def facts_of(reports: tuple[Event, ...]) -> Facts:
    return Facts([r.mentions[0].article for r in reports], [r.when if r.when.known else None for r in reports])


@dataclass
class Group:
    """A cluster being built: its reports, the matches that joined them, and what a join
    must check against (the articles and the distinct known dates), kept as it grows."""

    members: list[int]
    reasons: list[tuple[int, int, Match]]
    articles: set[str]
    # Its distinct known dates, by all ``dates_agree`` reads of them: dates alike in that
    # agree alike, and plain tuples are hashed without a call into Python.
    whens: dict[tuple, When]


def compatible(a: Group, b: Group) -> bool:
    """At most one report per article, and every date agrees with every other."""
    if not a.articles.isdisjoint(b.articles):
        return False
    return not a.whens or not b.whens or all(dates_agree(x, y) for x in a.whens.values() for y in b.whens.values())


# Groups by the index of their first report. A report no pair has reached yet has no
# entry: it is a group of one, made when first needed (most reports never merge).
Groups = dict[int, Group]


def _group(groups: Groups, facts: Facts, k: int) -> Group:
    found = groups.get(k)
    if found is None:
        day = facts.dates[k]
        whens = {(day.value, day.start, day.end, day.granularity): day} if day is not None else {}
        found = groups[k] = Group([k], [], {facts.articles[k]}, whens)
    return found


def join(groups: Groups, owner: list[int], facts: Facts, i: int, j: int, found: Match) -> None:
    a, b = owner[i], owner[j]
    if a == b:
        return
    first, second = _group(groups, facts, a), _group(groups, facts, b)
    if not compatible(first, second):
        return
    keep, drop = min(a, b), max(a, b)
    dropped, kept = groups.pop(drop), groups[keep]
    kept.members += dropped.members
    kept.reasons += [*dropped.reasons, (i, j, found)]
    kept.articles |= dropped.articles
    kept.whens.update(dropped.whens)
    for index in dropped.members:
        owner[index] = keep


def after_merged(i: int, j: int, before: dict[int, list[int]], owner: list[int]) -> bool:
    """Whether the reports each follow a report of one merged group (``before``: the
    reports each report's links point at, by index)."""
    return not {owner[k] for k in before[i]}.isdisjoint([owner[k] for k in before[j]])
