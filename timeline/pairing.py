"""Which reports to compare, and comparing each kind of report once.

Comparing every pair of reports is quadratic: 13,000 reports took minutes. Two cuts keep
the work near the number of pairs that can actually merge:

- Blocking: reports are compared only when they share a key (a name, a day) that at most
  ``BLOCK_LIMIT`` kinds share. Below that size the blocks hold every pair that can merge,
  so small corpora are exact; on larger ones, two reports sharing only very common keys are
  not compared.
- Kinds: reports that say the same words with the same date (a wire story printed by
  many outlets, a background paragraph repeated in every article of a series) are one
  *kind*, judged once against each other kind. Only the parts of a verdict that depend on
  the two articles themselves (when each appeared, whether they are one article) are
  worked out per pair of reports.

The module knows nothing of what makes a merge: the caller passes the kind of a report,
its keys, a judge of two kinds and a decision for two reports given the judge's verdict.
"""
from __future__ import annotations

from collections.abc import Callable, Hashable
from itertools import combinations
from typing import TypeVar

Item = TypeVar("Item")
Verdict = TypeVar("Verdict")
Found = TypeVar("Found")

BLOCK_LIMIT = 300


def blocks(keys: list[frozenset[str]]) -> list[tuple[int, int]]:
    """Index pairs (i < j) that share a key held by at most ``BLOCK_LIMIT`` items."""
    postings: dict[str, list[int]] = {}
    for index, found in enumerate(keys):
        for key in found:
            postings.setdefault(key, []).append(index)
    pairs: set[tuple[int, int]] = set()
    for members in postings.values():
        if len(members) <= BLOCK_LIMIT:
            pairs.update(combinations(members, 2))
    return sorted(pairs)


def kinds(items: tuple[Item, ...], kind_of: Callable[[Item], Hashable]) -> list[list[int]]:
    """Item indexes grouped by kind, each group in index order, groups by their first index."""
    groups: dict[Hashable, list[int]] = {}
    for index, item in enumerate(items):
        groups.setdefault(kind_of(item), []).append(index)
    return sorted(groups.values(), key=lambda members: members[0])


def candidate_pairs(
    items: tuple[Item, ...],
    kind_of: Callable[[Item], Hashable],
    keys_of: Callable[[Item], frozenset[str]],
    judge: Callable[[Item, Item], Verdict | None],
    decide: Callable[[Verdict, Item, Item], Found | None],
    score: Callable[[Found], float],
) -> list[tuple[float, int, int, Found]]:
    """Every pair (i < j) that ``decide`` accepts, best first, ties by index.

    ``judge`` sees one representative of each kind (the first); ``decide`` turns its
    verdict into a result for two particular items, or None.
    """
    groups = kinds(items, kind_of)
    first = [members[0] for members in groups]
    pairs: list[tuple[float, int, int, Found]] = []
    kind_pairs = blocks([keys_of(items[i]) for i in first]) + [(k, k) for k, members in enumerate(groups) if len(members) > 1]
    for x, y in kind_pairs:
        xs, ys = groups[x], groups[y]
        # Which orders occur: an item of x before one of y, and the other way round.
        forward = judge(items[first[x]], items[first[y]]) if xs[0] < ys[-1] else None
        backward = judge(items[first[y]], items[first[x]]) if x != y and ys[0] < xs[-1] else None
        if forward is None and backward is None:
            continue
        for i, j in (combinations(xs, 2) if x == y else ((i, j) for i in xs for j in ys)):
            verdict, (i, j) = (forward, (i, j)) if i < j else (backward, (j, i))
            found = decide(verdict, items[i], items[j]) if verdict is not None else None
            if found is not None:
                pairs.append((score(found), i, j, found))
    return sorted(pairs, key=lambda p: (-p[0], p[1], p[2]))
