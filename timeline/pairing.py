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

from collections.abc import Callable, Hashable
from itertools import combinations
from operator import itemgetter
from typing import TypeVar

Item = TypeVar("Item")
Verdict = TypeVar("Verdict")
Found = TypeVar("Found")

BLOCK_LIMIT = 300


def blocks(keys: list[frozenset[str]], buckets: list[Hashable | None] | None = None,
           limit_of: Callable[[str], int] | None = None) -> list[tuple[int, int]]:
    """Index pairs (i < j) that share a key held by at most ``BLOCK_LIMIT`` items (or by at
    most ``limit_of(key)``, when given).

    With ``buckets``, two items of a block pair only when their buckets are equal or one
    is None: a cheap necessary condition (two dates in different years never merge) that
    spares judging most of a busy block.
    """
    postings: dict[str, list[int]] = {}
    for index, found in enumerate(keys):
        for key in found:
            postings.setdefault(key, []).append(index)
    pairs: set[tuple[int, int]] = set()
    for key, members in postings.items():
        # Most keys (a name with a rare word) are held by one item alone: they pair nothing.
        if len(members) < 2 or len(members) > (limit_of(key) if limit_of is not None else BLOCK_LIMIT):
            continue
        if buckets is None:
            pairs.update(combinations(members, 2))
            continue
        wild = [i for i in members if buckets[i] is None]
        split: dict[Hashable, list[int]] = {}
        for i in members:
            if buckets[i] is not None:
                split.setdefault(buckets[i], []).append(i)
        pairs.update(combinations(wild, 2))
        pairs.update((i, j) if i < j else (j, i) for i in wild for j in members if buckets[j] is not None)
        for group in split.values():
            pairs.update(combinations(group, 2))
    return sorted(pairs)


def kinds(items: tuple[Item, ...], kind_of: Callable[[Item], Hashable]) -> list[list[int]]:
    """Item indexes grouped by kind, each group in index order, groups by their first index."""
    groups: dict[Hashable, list[int]] = {}
    for index, item in enumerate(items):
        groups.setdefault(kind_of(item), []).append(index)
    return sorted(groups.values(), key=lambda members: members[0])


def candidate_pairs(
    groups: list[list[int]],
    keys_of: Callable[[int], frozenset[str]],
    judge: Callable[[int, int], Verdict | None],
    decide: Callable[[Verdict, int, int], Found | None],
    score: Callable[[Found], float],
    star: bool = True,
    bucket_of: Callable[[int], Hashable | None] | None = None,
    limit_of: Callable[[str], int] | None = None,
) -> list[tuple[float, int, int, Found]]:
    """Pairs of items (i < j) that ``decide`` accepts, best first, ties by index.

    ``groups`` are the items' kinds (``kinds``). ``keys_of``, ``bucket_of`` and ``judge``
    see kinds, by their index in ``groups``; ``decide`` turns its verdict into a result for
    two particular items, by their indexes, or None. Of two kinds, not every pair
    of their items is listed but a star: each item with the first item of the other kind
    (and of its own). Clustering joins whole groups, so the star joins what every pair
    would, in linear rather than quadratic number: a background sentence repeated in 100
    articles is 99 pairs, not 4,950. With ``star`` False every pair is listed, for a
    caller whose use of a pair depends on more than the two items' kinds. ``bucket_of``
    narrows blocks as ``blocks`` says.
    """
    pairs: list[tuple[float, int, int, Found]] = []
    buckets = [bucket_of(k) for k in range(len(groups))] if bucket_of is not None else None
    kind_pairs = blocks([keys_of(k) for k in range(len(groups))], buckets, limit_of)
    kind_pairs += [(k, k) for k, members in enumerate(groups) if len(members) > 1]
    for x, y in kind_pairs:
        xs, ys = groups[x], groups[y]
        if len(xs) == 1 and len(ys) == 1 and x != y:
            # Two kinds of one item each, the most pairs where sentences seldom repeat: the
            # first comes first (kinds are in order of their first items), so one verdict.
            verdict = judge(x, y)
            if verdict is not None:
                found = decide(verdict, xs[0], ys[0])
                if found is not None:
                    pairs.append((score(found), xs[0], ys[0], found))
            continue
        # Which orders occur: an item of x before one of y, and the other way round.
        forward = judge(x, y) if xs[0] < ys[-1] else None
        backward = judge(y, x) if x != y and ys[0] < xs[-1] else None
        if forward is None and backward is None:
            continue
        if not star:
            members = combinations(xs, 2) if x == y else ((i, j) for i in xs for j in ys)
        else:
            members = _star(xs, ys) if x != y else ((xs[0], j) for j in xs[1:])
        for i, j in members:
            verdict, (i, j) = (forward, (i, j)) if i < j else (backward, (j, i))
            found = decide(verdict, i, j) if verdict is not None else None
            if found is not None:
                pairs.append((score(found), i, j, found))
    # Best first, ties by index: by index, then (stably) by score from the highest.
    pairs.sort(key=itemgetter(1, 2))
    pairs.sort(key=itemgetter(0), reverse=True)
    return pairs


def _star(xs: list[int], ys: list[int]) -> list[tuple[int, int]]:
    """Each item with the first of the other kind, once each."""
    return list(dict.fromkeys([*((xs[0], j) for j in ys), *((i, ys[0]) for i in xs)]))
