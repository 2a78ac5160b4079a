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


@dataclass
class Group:
    """A cluster being built: its reports, the matches that joined them, and what a join
    must check against (the articles and the distinct dates), kept as it grows."""

    members: list[int]
    reasons: list[tuple[int, int, Match]]
    articles: set[str]
    whens: set[When]


def compatible(a: Group, b: Group) -> bool:
    """At most one report per article, and every date agrees with every other."""
    return a.articles.isdisjoint(b.articles) and all(dates_agree(x, y) for x in a.whens for y in b.whens)


# Groups by the index of their first report. A report no pair has reached yet has no
# entry: it is a group of one, made when first needed (most reports never merge).
Groups = dict[int, Group]


def _group(groups: Groups, reports: tuple[Event, ...], k: int) -> Group:
    found = groups.get(k)
    if found is None:
        report = reports[k]
        found = groups[k] = Group([k], [], {report.mentions[0].article}, {report.when})
    return found


def join(groups: Groups, owner: list[int], reports: tuple[Event, ...], i: int, j: int, found: Match) -> None:
    a, b = owner[i], owner[j]
    if a == b:
        return
    first, second = _group(groups, reports, a), _group(groups, reports, b)
    if not compatible(first, second):
        return
    keep, drop = min(a, b), max(a, b)
    dropped, kept = groups.pop(drop), groups[keep]
    kept.members += dropped.members
    kept.reasons += [*dropped.reasons, (i, j, found)]
    kept.articles |= dropped.articles
    kept.whens |= dropped.whens
    for index in dropped.members:
        owner[index] = keep


def after_merged(i: int, j: int, reports: tuple[Event, ...], owner: list[int], index: dict[str, int]) -> bool:
    """Whether the reports each follow a report of one merged group."""
    before = lambda k: {owner[index[e]] for e, _ in reports[k].links if e in index}  # noqa: E731
    return bool(before(i) & before(j))
