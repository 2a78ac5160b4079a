"""Which reports to compare, and comparing each kind of report once.

Comparing every pair of reports is quadratic: 13,000 reports took minutes. Two cuts keep
the work near the number of pairs that can actually merge:

- Blocking: reports are compared only when they share a key that at most ``BLOCK_LIMIT``
  kinds share (or a limit of the key's own). Merging's keys (``merge._match_keys``) are a
  name alone, held by few kinds, or a name with a rare word or a day: in a small corpus
  the blocks hold every pair that can merge; in a large one, two reports that share only
  a common name and common words are not compared.
- Kinds: reports that say the same words with the same date (a wire story printed by
  many outlets, a background paragraph repeated in every article of a series) are one
  *kind*, judged once against each other kind. Only the parts of a verdict that depend on
  the two articles themselves (when each appeared, whether they are one article) are
  worked out per pair of reports.

The module knows nothing of what makes a merge: the caller passes the reports grouped by kind,
each one's keys, a judge of two kinds and a decision for two reports given the judge's verdict.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Hashable, Iterable
from itertools import combinations, repeat
from typing import TypeVar

Item = TypeVar("Item")
Verdict = TypeVar("Verdict")
Found = TypeVar("Found")

BLOCK_LIMIT = 300


Family = tuple[list[Iterable[Hashable]], int]


def blocks(families: list[Family], paths: list[tuple] | None = None) -> list[tuple[int, int]]:
    """Index pairs (i < j) that share a key held by at most as many items as its family's
    limit. A family is each item's keys and the limit; keys of two families never meet
    (a name alone is one family, a name with a rare word another).

    With ``paths``, two items of a block pair only when one's path is a prefix of the
    other's: a cheap necessary condition (a date pairs only with dates of its year, or
    of its month, or with a date spanning more than a year) that spares judging most of
    a busy block.
    """
    # A pair (i, j) is kept as the number i * size + j: numbers are hashed and sorted
    # without a call for each, and the pairs of a busy corpus are many.
    size = max((len(keys) for keys, _ in families), default=0)
    pairs: set[int] = set()
    # Paths by rank in their sorted order, where the paths a path is a prefix of follow it:
    # each path's followers end where a path not beginning with it starts.
    ordered = sorted(set(paths)) if paths is not None else []
    rank = {path: place for place, path in enumerate(ordered)}
    place = list(map(rank.__getitem__, paths)) if paths is not None else []
    end = [bisect_right(ordered, (*path, _PAST)) for path in ordered]
    wider = frozenset(place for place in range(len(ordered)) if end[place] > place + 1)  # paths others begin with
    for keys, limit in families:
        postings: dict[Hashable, list[int]] = {}
        for index, found in enumerate(keys):
            for key in found:
                held = postings.get(key)
                if held is None:
                    postings[key] = [index]
                else:
                    held.append(index)
        for members in postings.values():
            # Most keys (a name with a rare word) are held by one item alone: they pair nothing.
            if len(members) < 2 or len(members) > limit:
                continue
            if paths is None:
                pairs.update([i * size + j for i, j in combinations(members, 2)])
            else:
                _pair_by_path(members, place, end, wider, size, pairs)
    return list(map(divmod, sorted(pairs), repeat(size)))


_PAST = 1 << 62  # after any year, month or day in a path


def _pair_by_path(members: list[int], place: list[int], end: list[int], wider: frozenset[int], size: int, pairs: set[int]) -> None:
    """Add to ``pairs`` the pairs of ``members`` (in index order) whose paths are equal or
    one a prefix of the other: ``place`` gives each item's path by rank, ``end`` where the
    paths a path is a prefix of end, ``wider`` the paths that are prefixes of others; a
    pair as ``blocks`` numbers it. Most members of a block have paths of their own, of
    which none is a prefix of another: they are passed over without a step each."""
    found = sorted(members, key=place.__getitem__)  # by path, members of one path in index order
    ranks = list(map(place.__getitem__, found))
    distinct = set(ranks)
    if len(distinct) < len(ranks):  # members of one path pair with each other
        for path, count in Counter(ranks).items():
            if count > 1:
                start = bisect_left(ranks, path)
                pairs.update([i * size + j for i, j in combinations(found[start:start + count], 2)])
    for path in distinct & wider:  # members of a path pair with those of paths it begins
        start, stop = bisect_left(ranks, path), bisect_right(ranks, path)
        followers = found[stop:bisect_left(ranks, end[path], stop)]
        pairs.update([i * size + j if i < j else j * size + i for i in found[start:stop] for j in followers])


def kinds(items: tuple[Item, ...], kind_of: Callable[[Item], Hashable]) -> list[list[int]]:
    """Item indexes grouped by kind, each group in index order, groups by their first index."""
    groups: dict[Hashable, list[int]] = {}
    for index, item in enumerate(items):
        groups.setdefault(kind_of(item), []).append(index)
    return sorted(groups.values(), key=lambda members: members[0])


class Undecided:
    """A verdict on two kinds that leaves the result for two particular items to
    ``decide``; any other verdict is the result for every two items of the kinds."""


def candidate_pairs(
    groups: list[list[int]],
    families: list[Family],
    judge: Callable[[int, int], Found | Undecided | None],
    score: Callable[[Found], float],
    decide: Callable[[Undecided, int, int], Found | None] | None = None,
    owners: list[Hashable] | None = None,
    star: bool = True,
    paths: list[tuple] | None = None,
) -> list[tuple[float, int, int, Found]]:
    """Pairs of items (i < j) that the verdicts accept, best first, ties by index: each as
    (-score, i, j, result).

    ``groups`` are the items' kinds (``kinds``). ``families`` (their keys), ``paths``
    and ``judge`` see kinds, by their index in ``groups``; ``decide`` turns an
    ``Undecided`` verdict into a result for two particular items, by their indexes, or
    None. Two items of one of ``owners`` (one article) never pair. Of two kinds, not every
    pair of their items is listed but a star: each item with the first item of the other
    kind (and of its own). Clustering joins whole groups, so the star joins what every
    pair would, in linear rather than quadratic number: a background sentence repeated in
    100 articles is 99 pairs, not 4,950. With ``star`` False every pair is listed, for a
    caller whose use of a pair depends on more than the two items' kinds. ``paths`` narrow
    blocks as ``blocks`` says.
    """
    pairs: list[tuple[float, int, int, Found]] = []

    def add(verdict: Found | Undecided, i: int, j: int) -> None:
        if owners is not None and owners[i] == owners[j]:
            return
        found = decide(verdict, i, j) if isinstance(verdict, Undecided) else verdict
        if found is not None:
            pairs.append((-score(found), i, j, found))

    for x, y in blocks(families, paths):
        xs, ys = groups[x], groups[y]
        if len(xs) == 1 and len(ys) == 1:
            # Two kinds of one item each, the most pairs where sentences seldom repeat: the
            # first comes first (kinds are in order of their first items), so one verdict.
            verdict = judge(x, y)
            if verdict is not None:
                add(verdict, xs[0], ys[0])
            continue
        # Which orders occur: an item of x before one of y, and the other way round.
        forward = judge(x, y) if xs[0] < ys[-1] else None
        backward = judge(y, x) if ys[0] < xs[-1] else None
        if forward is None and backward is None:
            continue
        for i, j in (_star(xs, ys) if star else ((i, j) for i in xs for j in ys)):
            verdict, (i, j) = (forward, (i, j)) if i < j else (backward, (j, i))
            if verdict is not None:
                add(verdict, i, j)
    for x, xs in enumerate(groups):  # the items of one kind with each other: one verdict for them all
        if len(xs) < 2:
            continue
        verdict = judge(x, x)
        if verdict is None:
            continue
        if star and not isinstance(verdict, Undecided):  # the most pairs of a corpus that repeats itself
            first, mark = xs[0], -score(verdict)
            apart = xs[1:] if owners is None else [j for j in xs[1:] if owners[j] != owners[first]]
            pairs += [(mark, first, j, verdict) for j in apart]
            continue
        for i, j in (((xs[0], j) for j in xs[1:]) if star else combinations(xs, 2)):
            add(verdict, i, j)
    # Best first, ties by index: the pairs as they are, each (-score, i, j, result), and
    # two of them never alike in (i, j). Each pair of items is listed once, so the order
    # they were found in does not matter.
    pairs.sort()
    return pairs


def _star(xs: list[int], ys: list[int]) -> list[tuple[int, int]]:
    """Each item with the first of the other kind, once each."""
    return list(dict.fromkeys([*((xs[0], j) for j in ys), *((i, ys[0]) for i in xs)]))
