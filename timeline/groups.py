"""Clusters of reports as merging builds them: which reports each holds, the matches that
joined them, and the constraints a join must keep (``merge.cluster``).

A cluster holds at most one report per article, and its dated reports agree on the date.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .likeness import dates_agree
from .records import When

if TYPE_CHECKING:
    from .merge import Match


@dataclass(frozen=True)
class Facts:
    """What a join reads of each report, by report index, looked up once for all the joins."""

    articles: list[str]
    dates: list[When | None]  # None when unknown: an unknown date agrees with every other
    days: list[tuple | None]  # each known date's ``date_key``


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


def _group(facts: Facts, k: int) -> Group:
    day = facts.dates[k]
    return Group([k], [], {facts.articles[k]}, {facts.days[k]: day} if day is not None else {})


def date_key(day: When) -> tuple:
    """A date by all ``dates_agree`` reads of it."""
    return (day.value, day.start, day.end, day.granularity)


def join(groups: Groups, owner: list[int], facts: Facts, i: int, j: int, found: Match) -> None:
    """Join the groups of reports ``i`` and ``j`` if they are compatible; the joined group
    keeps the lower index."""
    join_all(groups, owner, facts, [(0.0, i, j, found)])


def _join_groups(groups: Groups, owner: list[int], facts: Facts, i: int, j: int, found: Match, keep: int, drop: int) -> None:
    """``join`` where the report ``drop`` belongs to is a group of several."""
    kept = groups.get(keep) or _group(facts, keep)
    dropped = groups[drop]
    if not compatible(kept, dropped):
        return
    del groups[drop]
    kept.members += dropped.members
    kept.reasons += [*dropped.reasons, (i, j, found)]
    kept.articles |= dropped.articles
    kept.whens.update(dropped.whens)
    for index in dropped.members:
        owner[index] = keep
    groups[keep] = kept


def join_all(groups: Groups, owner: list[int], facts: Facts, pairs: list[tuple[float, int, int, Match]]) -> None:
    """``join`` the reports of each pair, in order: the loop of every merge, with the join
    of a lone report to a group (most joins) written out in it rather than called."""
    articles, dates, days = facts.articles, facts.dates, facts.days
    for _, i, j, found in pairs:
        a, b = owner[i], owner[j]
        if a == b:
            continue
        keep, drop = (a, b) if a < b else (b, a)
        if drop in groups:  # two groups
            _join_groups(groups, owner, facts, i, j, found, keep, drop)
            continue
        kept = groups.get(keep)
        made = kept is None
        if made:
            kept = _group(facts, keep)
        article = articles[drop]
        if article in kept.articles:
            continue
        day = dates[drop]
        if day is not None:
            key, whens = days[drop], kept.whens
            if key not in whens:
                if not all(dates_agree(day, other) for other in whens.values()):
                    continue
                whens[key] = day
            # A group of one date takes that date again (a sentence repeated in many
            # articles) without comparing it with itself.
            elif len(whens) > 1 and not all(dates_agree(day, other) for other in whens.values()):
                continue
        kept.members.append(drop)
        kept.reasons.append((i, j, found))
        kept.articles.add(article)
        owner[drop] = keep
        if made:
            groups[keep] = kept


def join_chains(groups: Groups, owner: list[int], facts: Facts, waiting: list[tuple[float, int, int, Match]],
                before: dict[int, list[int]]) -> None:
    """Join the pairs ``waiting`` whose reports each follow a report of one merged group
    (``before``: the reports each report's links point at, by index), in rounds: a chain
    merges link by link, each round's joins letting in pairs of the next."""
    while waiting:
        # The groups each report follows, as the round starts: a report is in many pairs.
        heads = {i: {owner[k] for k in before[i]} for i in {i for pair in waiting for i in pair[1:3]}}
        ready, rest = [], []
        for pair in waiting:
            (rest if heads[pair[1]].isdisjoint(heads[pair[2]]) else ready).append(pair)
        if not ready:
            return
        for _, i, j, found in ready:
            join(groups, owner, facts, i, j, found)
        waiting = rest
