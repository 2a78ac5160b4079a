"""The last build's records, kept so that a rebuild that finds nothing changed can return them.

Its callers mostly want counts and problems (the command line prints them), while
pickling the 11,750 events of a 4,000-article corpus and unpickling them again costs
about 0.4 s each way. So the stored file is a small head (the inputs it was made from,
the counts, the problems, the size and checksum of the rest) followed by a body (the
articles and events). A rebuild reads and checks the whole file but unpickles the body
only when a caller looks at the records; and the build that stores it pickles it on a
forked process, while this one renders and writes the site.
"""
from __future__ import annotations

import io
import os
import pickle
import zlib
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from .records import Article, Event, Problem

PROTOCOL = 5  # as the cache's other entries: fixed, so the bytes do not depend on the interpreter
KIND = "timeline last build 1"  # bump when the layout below changes


def encode(inputs: str, articles: tuple[Article, ...], events: tuple[Event, ...], problems: tuple[Problem, ...]) -> bytes:
    body = pickle.dumps((articles, events), protocol=PROTOCOL)
    head = (KIND, inputs, len(articles), len(events), problems, len(body), zlib.crc32(body))
    return pickle.dumps(head, protocol=PROTOCOL) + body


class _Body:
    """The pickled articles and events, unpickled once, when first needed."""

    def __init__(self, data: bytes) -> None:
        self._data: bytes | None = data
        self._parts: tuple[tuple, tuple] | None = None

    def part(self, index: int) -> tuple:
        if self._parts is None:
            from .cache import no_collections

            assert self._data is not None
            with no_collections():
                self._parts = pickle.loads(self._data)
            self._data = None
        return self._parts[index]


class Records(Sequence):
    """A tuple of stored records whose length is known at once and whose items are
    unpickled when first looked at. Compares equal to the tuple it stands for."""

    __slots__ = ("_count", "_body", "_index")

    def __init__(self, count: int, body: _Body, index: int) -> None:
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


def decode(data: bytes, inputs: str) -> tuple[Records, Records, tuple[Problem, ...]] | None:
    """The articles, events and problems stored in ``data``, or None unless ``data`` is
    whole, of this layout and made from ``inputs``."""
    try:
        stream = io.BytesIO(data)
        head = pickle.load(stream)
        kind, made_from, articles, events, problems, size, checksum = head
        body = data[stream.tell():]
    except Exception:  # any damage at all means "not stored"
        return None
    if kind != KIND or made_from != inputs or len(body) != size or zlib.crc32(body) != checksum:
        return None
    if not (type(articles) is int and type(events) is int and isinstance(problems, tuple)):
        return None
    loaded = _Body(body)
    return Records(articles, loaded, 0), Records(events, loaded, 1), problems


def write_forked(path: Path, make: Callable[[], bytes], can_fork: bool) -> Callable[[], bool]:
    """Write ``make()`` to ``path`` on a forked process when ``can_fork``, else here, now.

    Returns a function that waits for the write and says whether it succeeded; call it
    before relying on the file. The file is written under a temporary name and renamed
    into place, so a reader sees the old file or the new one, never a part.
    """
    if can_fork:
        try:
            pid = os.fork()
        except OSError:
            pid = -1
        if pid == 0:  # the child: write, and leave without running the parent's clean-up
            code = 1
            try:
                _write(path, make())
                code = 0
            finally:
                os._exit(code)
        if pid > 0:
            return lambda: _waited(pid)
    try:
        _write(path, make())
    except OSError:
        return lambda: False
    return lambda: True


def _waited(pid: int) -> bool:
    try:
        _, status = os.waitpid(pid, 0)
    except ChildProcessError:
        return False
    return os.waitstatus_to_exitcode(status) == 0


def _write(path: Path, data: bytes) -> None:
    # Named by process, not by the ``tempfile`` module, whose locks another thread of
    # the parent might have held at the fork. Leftovers match the cache's ``.*.tmp``.
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
