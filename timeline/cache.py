"""Build cache: per-article results and the last site build, keyed by content hashes.

An article's result depends only on its bytes, its path and id, and the code and data
that process it, so it is stored under a hash of exactly those. The "code and data" part
is one fingerprint over the package version, its own Python sources and every rule and
data file: editing any of them invalidates everything, which is what a cache has to do
when the tagger or extractor changes under it.

Entries are pickles written to a temporary file and renamed into place, so a reader sees
a whole entry or none. The results of the whole corpus are also kept in one file, which
loads faster than the entries one by one and is trusted only beside them (``pack``).
Anything unreadable (truncated, corrupt, from another version) is treated as a miss and
recomputed; the cache is never a reason for a build to fail.
"""
from __future__ import annotations

import gc
import hashlib
import os
import pickle
import shutil
import tempfile
from collections import ChainMap
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__

if TYPE_CHECKING:
    from .sources import Known

PACKAGE = Path(__file__).resolve().parent
FORMAT = 1  # bump when the layout of cache entries changes
# Pickle protocol fixed, so the bytes of an entry do not depend on the interpreter default.
PROTOCOL = 5


def _digest(parts: Iterable[bytes]) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(len(part).to_bytes(8, "big"))  # length-prefixed: no ambiguous joins
        h.update(part)
    return h.hexdigest()


def _tree_files(root: Path, patterns: tuple[str, ...]) -> list[Path]:
    found = {p for pattern in patterns for p in root.glob(pattern) if p.is_file()}
    return sorted(found, key=lambda p: p.relative_to(root).as_posix())


def code_fingerprint(package: Path = PACKAGE) -> str:
    """A hash of everything besides an article that decides its result."""
    parts = [f"format {FORMAT}".encode(), f"version {__version__}".encode()]
    for path in _tree_files(package, ("**/*.py", "**/*.toml")):
        parts += [path.relative_to(package).as_posix().encode(), path.read_bytes()]
    return _digest(parts)


def tree_fingerprint(root: Path) -> str:
    """A hash of every file under ``root`` (names and bytes), e.g. the site templates."""
    if not root.is_dir():
        return _digest([b"missing"])
    parts: list[bytes] = []
    for path in _tree_files(root, ("**/*",)):
        parts += [path.relative_to(root).as_posix().encode(), path.read_bytes()]
    return _digest(parts)


def source_key(fingerprint: str, path: str, article_id: str, digest: str) -> str:
    """The key of a source's result: its path, id and bytes (by ``digest``, "" when they
    could not be read) under ``fingerprint``."""
    return _digest([fingerprint.encode(), path.encode(), article_id.encode(), digest.encode() or b"\0unreadable"])


def default_cache_dir(seeds: Path) -> Path:
    """``<seeds>/../.cache/timeline``: beside the seeds, inside the project folder."""
    return seeds.resolve().parent / ".cache" / "timeline"


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see either the old or the new bytes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)  # a private temporary file becomes an ordinary one
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


@contextmanager
def no_collections() -> Iterator[None]:
    """Pause the cycle collector, for loading cached records or for a whole build.

    A build holds a million small, acyclic records; the collector would walk them again
    and again (a quarter of a rebuild's time) and find nothing. Memory is still
    reclaimed by reference counting; the few cycles a build makes (template
    environments) wait for the collection after it.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            # Everything allocated meanwhile is still in the youngest generation, which
            # the first collection after enabling would walk whole (a third of a second
            # after a build). Moved to the oldest, it waits for a full collection.
            gc.freeze()
            gc.unfreeze()
            gc.enable()


def read_pickle(path: str | Path, expected: type | tuple[type, ...]) -> object | None:
    """The object stored at ``path``, or None when it is missing, damaged or of the wrong kind."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
        with no_collections():
            value = pickle.loads(data)
    except Exception:  # any damage at all means "not cached"
        return None
    return value if isinstance(value, expected) else None


@dataclass(frozen=True)
class Cache:
    """A folder of entries, one sub-folder per code fingerprint.

    Keeping generations apart means a fingerprint change never reads stale entries, and
    the old generation can be dropped as a whole by ``prune_generations``.
    """

    root: Path
    fingerprint: str

    @property
    def folder(self) -> Path:
        return self.root / self.fingerprint[:16]

    def entry(self, key: str) -> Path:
        return self.folder / "articles" / key[:2] / f"{key}.pickle"

    def entry_paths(self, keys: Iterable[str]) -> list[str]:
        """``entry`` of each key, as text: a build asks for thousands, and joining text
        costs a tenth of making paths."""
        articles = os.path.join(self.folder, "articles")
        return [os.path.join(articles, key[:2], f"{key}.pickle") for key in keys]

    def load(self, key: str, expected: type | tuple[type, ...]) -> object | None:
        return read_pickle(self.entry(key), expected)

    def store(self, key: str, value: object) -> None:
        self.store_pickled(key, pickle.dumps(value, protocol=PROTOCOL))

    def store_pickled(self, key: str, data: bytes) -> None:
        """Store a value already pickled with ``PROTOCOL``."""
        try:
            write_atomic(self.entry(key), data)
        except OSError:
            pass  # a read-only or full disk costs speed, not correctness

    def site_state(self) -> Path:
        return self.folder / "site.pickle"

    def site_result(self) -> Path:
        return self.folder / "result.pickle"

    def pages(self) -> Path:
        return self.folder / "pages.pickle"

    def known(self) -> Path:
        return self.folder / "sources.pickle"

    def pack(self) -> Path:
        return self.folder / "results.pack"

    def prune(self, live_keys: set[str]) -> int:
        """Remove entries of this generation not in ``live_keys`` and other generations."""
        removed = 0
        if self.root.is_dir():
            for other in sorted(self.root.iterdir(), key=lambda p: p.name):
                if other.is_dir() and other.name != self.folder.name:
                    shutil.rmtree(other, ignore_errors=True)
        for leftover in sorted(self.folder.glob(".*.tmp"), key=lambda p: p.name):
            leftover.unlink(missing_ok=True)  # from a build that was interrupted mid-write
        live = {f"{key}.pickle" for key in live_keys}
        articles = self.folder / "articles"
        for folder in _names(articles):
            for name in _names(articles / folder):
                if name in live:
                    continue
                try:
                    (articles / folder / name).unlink()  # also leftovers of writes that were interrupted
                    removed += 1
                except OSError:
                    pass
        return removed


def _names(folder: Path) -> list[str]:
    """The names of what ``folder`` holds, sorted; none when it cannot be read."""
    try:
        with os.scandir(folder) as items:
            return sorted((item.name for item in items), key=str)
    except OSError:
        return []


@dataclass(frozen=True)
class SiteState:
    """What the last build read and wrote: when both are unchanged, there is nothing to do."""

    inputs: str
    manifest: tuple[tuple[str, int, int], ...]  # see output_manifest


def output_manifest(out: Path) -> tuple[tuple[str, int, int], ...]:
    """The shape of the output folder: every file's name, and every folder's identity.

    Folders are recorded with their inode and modification time, which change whenever a
    file in them is added, removed or renamed (and the writer swaps in a new folder on
    every write), so a site that was damaged or replaced is rebuilt rather than trusted.
    Files are recorded by name only: a stat per file would cost more than the rest of a
    no-op build. A page edited in place by hand is restored by ``--no-cache``.
    """
    found: list[tuple[str, int, int]] = []
    pending = [(out, "")]
    while pending:
        folder, prefix = pending.pop()
        try:
            stat = folder.stat()
            found.append((prefix or "./", stat.st_ino, stat.st_mtime_ns))
            with os.scandir(folder) as items:
                for item in items:
                    if item.is_dir(follow_symlinks=False):
                        pending.append((Path(item.path), f"{prefix}{item.name}/"))
                    else:
                        found.append((prefix + item.name, 0, 0))
        except OSError:
            continue
    return tuple(sorted(found, key=lambda row: row[0]))


def inputs_digest(parts: Iterable[str | bytes]) -> str:
    return _digest(part.encode() if isinstance(part, str) else part for part in parts)


def load_site_state(cache: Cache) -> SiteState | None:
    state = read_pickle(cache.site_state(), SiteState)
    return state if isinstance(state, SiteState) else None


def load_site_result(cache: Cache, inputs: str) -> tuple | None:
    """The last build's counts of articles and events, and its problems (``lastbuild``);
    None unless made from ``inputs``."""
    from . import lastbuild

    try:
        data = cache.site_result().read_bytes()
    except OSError:
        return None
    return lastbuild.decode(data, inputs)


def store_site_state(cache: Cache, state: SiteState) -> None:
    """Recorded after what the last build stored of its result (``lastbuild``) is in place:
    a state whose stored result is missing or older is never trusted, as it names other inputs."""
    try:
        write_atomic(cache.site_state(), pickle.dumps(state, protocol=PROTOCOL))
    except OSError:
        pass


def load_pages(cache: Cache, out: Path) -> dict:
    """What the last build left in ``out``: each file's page key (None for a file that is
    not a keyed page) and its ``write.FileRecord``; empty when unknown."""
    stored = read_pickle(cache.pages(), tuple)
    from .write import FileRecord

    if not (isinstance(stored, tuple) and len(stored) == 2 and stored[0] == str(out.resolve()) and isinstance(stored[1], dict)):
        return {}
    try:
        return {path: (key, FileRecord(size, mtime_ns, digest)) for path, (key, size, mtime_ns, digest) in stored[1].items()}
    except (TypeError, ValueError):
        return {}


def store_pages(cache: Cache, out: Path, records: dict) -> None:
    """Store ``records`` as ``load_pages`` gives them, each as one plain tuple: what
    pickles and loads fastest."""
    plain = {path: (key, *record) for path, (key, record) in records.items()}
    try:
        write_atomic(cache.pages(), pickle.dumps((str(out.resolve()), plain), protocol=PROTOCOL))
    except OSError:
        pass


def load_known(cache: Cache) -> Known | None:
    """What the last build learnt of the source files (``sources.Known``); None when unknown."""
    from .sources import Known

    stored = read_pickle(cache.known(), Known)
    if stored is None or not isinstance(stored.files, dict):
        return None
    for path, entry in stored.files.items():
        if not (type(path) is str and type(entry) is tuple and len(entry) == 2 and type(entry[1]) is str
                and type(entry[0]) is tuple and len(entry[0]) == 4 and all(type(n) is int for n in entry[0])):
            return None
    return stored


def store_known(cache: Cache, known: Known) -> None:
    try:
        write_atomic(cache.known(), pickle.dumps(known, protocol=PROTOCOL))
    except OSError:
        pass


# Rendered fragments are keyed by a digest of all they are made from, so an entry of any
# earlier build of this generation is still right: they are kept as the whole set one
# build used plus, in a second file, those later builds added, so that adding an article
# (which changes the rank, and so the fragments, of a sixth of the events) does not
# rewrite them all. The whole set is rewritten when the additions, or the entries no
# longer used, grow past half of it: the files never hold more than about twice the set.
FRAGMENTS_ADDED_SHARE = 2
FRAGMENTS_UNUSED_SHARE = 2


def _fragment_files(cache: Cache) -> tuple[Path, Path]:
    return cache.folder / "fragments.pickle", cache.folder / "fragments-added.pickle"


def _read_fragments(path: Path) -> dict[str, str | bytes]:
    try:
        # Unpickled from the file as it is read: the text goes straight into its objects,
        # twice as fast as reading tens of megabytes whole and unpickling those.
        with open(path, "rb") as handle, no_collections():
            stored = pickle.load(handle)
    except Exception:  # any damage at all means "none stored"
        return {}
    if not isinstance(stored, dict) or not all(type(k) is str and type(v) in (str, bytes) for k, v in stored.items()):
        return {}
    return stored


def load_fragments(cache: Cache) -> ChainMap[str, str | bytes]:
    """Rendered pieces of pages (the items of the event lists, lines of the data files) by
    key; empty when unknown. The later additions first, then the set they were added to."""
    whole, added = _fragment_files(cache)
    return ChainMap(_read_fragments(added), _read_fragments(whole))


def store_fragments(cache: Cache, fragments: dict[str, str | bytes], loaded: Mapping[str, str | bytes] | None = None) -> None:
    """Store the fragments a build used; ``loaded`` is what ``load_fragments`` gave it."""
    whole_path, added_path = _fragment_files(cache)
    whole = loaded.maps[-1] if isinstance(loaded, ChainMap) else {}
    added = {key: text for key, text in fragments.items() if key not in whole}
    unused = len(whole) - (len(fragments) - len(added))
    try:
        if len(added) * FRAGMENTS_ADDED_SHARE > len(fragments) or unused * FRAGMENTS_UNUSED_SHARE > len(whole):
            write_atomic(whole_path, pickle.dumps(fragments, protocol=PROTOCOL))
            added_path.unlink(missing_ok=True)  # all in the whole set now
        elif added:  # every addition still used, the earlier ones too
            write_atomic(added_path, pickle.dumps(added, protocol=PROTOCOL))
    except OSError:
        pass
