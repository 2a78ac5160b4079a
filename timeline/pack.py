"""The cached per-article results of a whole corpus, packed in one file for the next build.

Loading thousands of cached results costs the time it takes to create their objects
(records, strings, dates), not to read the files. Articles have most of their small
values in common (the words of their text features, the date ranges of their events,
wire copy repeated in many files), yet each entry, pickled on its own, holds copies of
them all. Packed as one pickle in which equal immutable values are one object, the same
results load faster (for 4,000 articles, 0.20-0.29 s where reading the entries one by
one takes 0.31-0.32 s).

Each article's own entry stays the source of truth. The pack records, for every result
in it, the size and modification time its entry had when it was packed, and a
result is taken from the pack only while its entry is still that file: an entry
rewritten, damaged or deleted since is read, or recomputed, as if there were no pack.
"""
from __future__ import annotations

import io
import os
import pickle
import stat as stat_mod
from collections.abc import Callable, Iterable, Sequence
from dataclasses import MISSING, dataclass, fields
from datetime import date
from pathlib import Path
from typing import BinaryIO

from .aside import Aside
from .cache import no_collections, write_atomic
from .records import When

PROTOCOL = 5  # as the cache's other entries: fixed, so the bytes do not depend on the interpreter
KIND = "timeline results pack 1"  # bump when the layout below changes

# An entry file's size and modification time (ns): what a write changes. Not its inode,
# so that a copy of the project that keeps the times (``cp -a``) keeps its pack in use.
Stamp = tuple[int, int]


def stamp(path: str) -> Stamp | None:
    """The identity of the regular file at ``path`` as it is now; None when there is none."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    return (found.st_size, found.st_mtime_ns) if stat_mod.S_ISREG(found.st_mode) else None


# The results are packed again when more than this share of them came from elsewhere
# (articles added or edited since), or this share of the pack went unused (articles
# removed): rarely, so that adding an article does not pack thousands again, and on a
# process of its own (``write_forked``).
REPACK_SHARE = 4


def outdated(results: int, packed: int | None, served: int) -> bool:
    """Whether to pack ``results`` again, of which ``served`` came from a pack of ``packed``
    (None: there is none)."""
    if packed is None:
        return results > 0
    return (results - served) * REPACK_SHARE > results or (packed - served) * REPACK_SHARE > packed


@dataclass(frozen=True)
class Use:
    """How the last build's pack served this one: whether to pack the results again."""

    packed: int | None  # results in the pack; None when there is none that can be read
    served: int  # results taken from it

    def outdated(self, results: int) -> bool:
        return outdated(results, self.packed, self.served)


def load(path: Path) -> dict[str, tuple[Stamp, object]] | None:
    # Unpickled from the file as it is read, a frame at a time: the results of thousands of
    # articles load nearly a fifth faster than from the whole file's bytes read first, which
    # also cost the memory (and the page faults) of a second copy of the pack.
    try:
        with open(path, "rb") as handle:
            return read(handle)
    except OSError:
        return None


def write_forked(path: Path, keys: Sequence[str], entries: Sequence[str], results: Sequence[object],
                 fork: bool = True) -> Callable[[], bool]:
    """Pack ``results``, stored at ``entries`` under ``keys``, into ``path``: on a forked
    process when ``fork`` and possible (``aside.Aside``), else when waited for. A result
    whose entry could not be stored is left out: the pack is only ever trusted beside
    its entry. Returns a function that waits for the pack and says whether it was
    written (a full or read-only disk is not an error); call it once, always."""
    def make() -> bytes:
        return encode((key, found, result) for key, entry, result in zip(keys, entries, results)
                      if (found := stamp(entry)) is not None)
    # ``Aside`` forks only a process with no other thread, so no lock ``write_atomic``
    # takes (drawing a temporary name) can be left held in the forked one.
    job = Aside(lambda given: write_atomic(path, make()) or [], fork=fork)

    def written() -> bool:
        try:
            job.result()
        except OSError:
            return False
        return True
    return written


# Results are pickled in segments of this many, one after the other with one pickler,
# so that later segments still refer to values met in earlier ones. Between segments the
# loading process may switch threads: the threads that hand work to other processes wait
# for no more than a segment's loading (a few thousandths of a second), not the whole.
SEGMENT = 64


def encode(items: Iterable[tuple[str, Stamp, object]]) -> bytes:
    """A pack of (cache key, stamp of its entry, result) items."""
    items = tuple(items)
    share = Sharing()
    stream = io.BytesIO()
    pickler = pickle.Pickler(stream, protocol=PROTOCOL)
    pickler.dump((KIND, tuple(key for key, _, _ in items), tuple(s for _, s, _ in items)))
    for start in range(0, len(items), SEGMENT):
        pickler.dump(tuple(share(value) for _, _, value in items[start:start + SEGMENT]))
    return stream.getvalue()


def decode(data: bytes) -> dict[str, tuple[Stamp, object]] | None:
    """The items of a pack by key, or None when ``data`` is not a whole pack of this layout."""
    return read(io.BytesIO(data))


def read(stream: BinaryIO) -> dict[str, tuple[Stamp, object]] | None:
    """``decode`` of the bytes ``stream`` gives; None also when it cannot be read."""
    try:
        with no_collections():
            unpickler = pickle.Unpickler(stream)
            kind, keys, stamps = unpickler.load()
            if kind != KIND or not (type(keys) is type(stamps) is tuple and len(keys) == len(stamps)):
                return None
            values: list = []
            while len(values) < len(keys):
                segment = unpickler.load()
                if type(segment) is not tuple or not segment:
                    return None
                values += segment
    except Exception:  # any damage at all means "no pack"
        return None
    if len(values) != len(keys):
        return None
    return dict(zip(keys, zip(stamps, values)))


_NO_DEFAULT = object()
_DEFAULTS: dict[type, dict[str, object]] = {}


def _defaults(kind: type) -> dict[str, object]:
    """The fields of a record type whose default the class itself holds, by name: a
    record without its own value for one reads the class's (the records are frozen, and
    nothing reads their ``__dict__`` for a field)."""
    found = _DEFAULTS.get(kind)
    if found is None:
        found = _DEFAULTS[kind] = {f.name: f.default for f in fields(kind)
                                   if f.default is not MISSING and kind.__dict__.get(f.name, _NO_DEFAULT) is f.default}
    return found


class Sharing:
    """Copies of records in which equal immutable values are one object.

    Shared are strings, dates, tuples of strings and ``When`` ranges: values nothing
    modifies or tells apart by identity. Keys carry each value's exact type, so that
    values that are equal but of different types (``1`` and ``True``) stay apart and the
    copy equals the original, field by field, type and all. A record reached twice (a
    timex an article lists and one of its reports cites) is copied once, so it stays one
    object. A field whose value is the default its class holds is left to the class
    (``_defaults``): nearly a third of a corpus's record fields are, and each one stored costs
    loading.
    """

    def __init__(self) -> None:
        self._strings: dict[str, str] = {}
        self._dates: dict[date, date] = {}
        self._words: dict[tuple[str, ...], tuple[str, ...]] = {}
        self._ranges: dict[tuple, When] = {}
        self._copies: dict[int, tuple[object, object]] = {}  # id of an original: (original, copy)

    def __call__(self, value: object) -> object:
        kind = type(value)
        if kind is str:
            return self._strings.setdefault(value, value)
        if kind is date:
            return self._dates.setdefault(value, value)
        if kind is tuple:
            items = tuple(map(self, value))
            if items and all(type(item) is str for item in items):
                return self._words.setdefault(items, items)
            return items
        if hasattr(kind, "__dataclass_fields__") and hasattr(value, "__dict__"):
            return self._record(value)
        return value  # numbers, None, anything else: kept as they are

    def _record(self, value: object) -> object:
        known = self._copies.get(id(value))
        if known is not None:
            return known[1]
        kind = type(value)
        defaults = _defaults(kind)
        copy = object.__new__(kind)
        copy.__dict__.update({name: self(field) for name, field in value.__dict__.items()
                              if (default := defaults.get(name, _NO_DEFAULT)) is _NO_DEFAULT
                              or type(field) is not type(default) or field != default})
        if type(value) is When:
            copy = self._ranges.setdefault(tuple((name, type(field), field) for name, field in copy.__dict__.items()), copy)
        self._copies[id(value)] = (value, copy)  # the original is kept alive: its id is not reused
        return copy
