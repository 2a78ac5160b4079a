"""The events vocabulary (timeline/data), read once, and the word lists and patterns made from it.

Titles, clauses, merging and ordering all read the same lists; each is built once per process.
"""
from __future__ import annotations

import re
from functools import cache

from .vocab import load_data

WORD = re.compile(r"[\w’'.-]*\w", re.UNICODE)  # a word as tokens() and names() read it

# Every clause passes through the pure functions of its text several times (a title, a subject,
# a main verb), and news copy repeats itself across articles: their results are kept, within a bound.
MEMO = 1 << 14


@cache
def vocabulary() -> dict:
    return load_data("events")


@cache
def word_set(*path: str) -> frozenset[str]:
    """A word list of the vocabulary, by its path of keys ("order_cues", "earlier")."""
    node = vocabulary()
    for key in path:
        node = node[key]
    return frozenset(node)


@cache
def alternation(*path: str) -> str:
    """A regex alternation of a word list of the vocabulary, longest first (built once:
    patterns are assembled from it for every clause)."""
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(word_set(*path), key=lambda w: (-len(w), w)))


def tokens(text: str) -> list[str]:
    return WORD.findall(text)
