"""What the last build leaves for a rebuild that finds nothing changed to return.

Its callers mostly want counts and problems (the command line prints them), so that is
what is stored: a small file, written at once. The records themselves (articles and
events) are worked out again from the cache when a caller first looks at them
(``Records``): pickling the 11,750 events of a 4,000-article corpus took a forked
process 0.4 s in every build, and the copies its fork made of the memory the build went
on to touch cost the build itself a tenth of a second, for a value the command line
never reads.
"""
from __future__ import annotations

import io
import pickle
from collections.abc import Callable, Iterator, Sequence

from .records import Article, Event, Problem

PROTOCOL = 5  # as the cache's other entries: fixed, so the bytes do not depend on the interpreter
KIND = "timeline last build 2"  # bump when the layout below changes


def encode(inputs: str, articles: int, events: int, problems: tuple[Problem, ...]) -> bytes:
    """The stored summary of a build of ``inputs``: its counts of articles and events, and its problems."""
    return pickle.dumps((KIND, inputs, articles, events, problems), protocol=PROTOCOL)


def decode(data: bytes, inputs: str) -> tuple[int, int, tuple[Problem, ...]] | None:
    """The counts of articles and events and the problems stored in ``data``, or None
    unless ``data`` is whole, of this layout and made from ``inputs``."""
    try:
        stream = io.BytesIO(data)
        kind, made_from, articles, events, problems = pickle.load(stream)
    except Exception:  # any damage at all means "not stored"
        return None
    if kind != KIND or made_from != inputs or stream.tell() != len(data):
        return None
    if not (type(articles) is int and type(events) is int and isinstance(problems, tuple)
            and all(isinstance(p, Problem) for p in problems)):
        return None
    return articles, events, problems


class Later:
    """The articles and events ``compute()`` gives, worked out once, when first needed."""

    def __init__(self, compute: Callable[[], tuple[tuple[Article, ...], tuple[Event, ...]]]) -> None:
        self._compute: Callable[[], tuple[tuple[Article, ...], tuple[Event, ...]]] | None = compute
        self._parts: tuple[tuple, tuple] | None = None

    def part(self, index: int) -> tuple:
        if self._parts is None:
            assert self._compute is not None
            self._parts = self._compute()
            self._compute = None
        return self._parts[index]


class Records(Sequence):
    """A tuple of records whose length is known at once and whose items are worked out
    when first looked at. Compares equal to the tuple it stands for."""

    __slots__ = ("_count", "_body", "_index")

    def __init__(self, count: int, body: Later, index: int) -> None:
        self._count, self._body, self._index = count, body, index

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, item):
        return self._body.part(self._index)[item]

    def __iter__(self) -> Iterator:
        return iter(self._body.part(self._index))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (tuple, Records)):
            return len(self) == len(other) and tuple(self) == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __add__(self, other: object) -> tuple:
        return tuple(self) + tuple(other) if isinstance(other, (tuple, Records)) else NotImplemented

    def __radd__(self, other: object) -> tuple:
        return tuple(other) + tuple(self) if isinstance(other, (tuple, Records)) else NotImplemented

    def __repr__(self) -> str:
        return repr(tuple(self))
