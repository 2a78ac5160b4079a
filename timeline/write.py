"""Stage: write the rendered site to disk.

Only files whose bytes changed are written (or, made elsewhere and staged beside the
output, moved in); unchanged files keep their inode and timestamp, and files no page
produces any more are removed. Which files are unchanged is decided from the previous
build's manifest (each file's size, modification time and content digest) when the
caller has one: a file whose size and modification time are still as recorded is not
read again. Without a manifest, each file is read and compared.

A build interrupted at any point leaves either the whole previous site or the whole new
one, in one of two ways:

- many changes (or a first build): the new site is assembled in a staging folder beside
  the output (unchanged files hard-linked into it) and swapped in with two renames;
- a few changes: the changed files are written to a staging folder beside the output,
  with the list of files to remove, and the folder is renamed to mark the change as
  committed. Only then are the files moved into the output, one rename each. Ctrl-C or
  an error during the moves completes them before the build stops, and a build killed
  outright during them (a window of a few renames) is completed by the next build
  (``recover``) before it does anything else. The trade-off: a reader of the output at
  that instant may see some pages new and some old, which the whole-folder swap avoids
  at the cost of one link per file of the site.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import NamedTuple


class Keep:
    """In place of a file's bytes: the file already in the output is current."""

    def __repr__(self) -> str:
        return "KEEP"

    def __reduce__(self) -> str:
        return "KEEP"


KEEP = Keep()


@dataclass(frozen=True)
class Staged:
    """In place of a file's bytes: the bytes are in the file at ``path``, written beside the
    output (``scratch``) by whoever made them, and are moved into place rather than
    written again. A large site's whole-corpus files are made on another process, which
    writes them there itself instead of sending tens of megabytes across."""

    path: str
    size: int
    digest: bytes  # of the bytes (``content_digest``)


SCRATCH = "scratch"  # the kind of folder ``scratch`` makes beside the output


@contextmanager
def scratch(out: Path) -> Iterator[Path]:
    """A folder beside ``out`` (on its file system, so a file staged in it moves into the
    output with a rename) for ``stage``; removed with whatever is left in it. One that a
    killed build left is removed by the next."""
    for stale in _leftovers(out, SCRATCH):
        shutil.rmtree(stale, ignore_errors=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=f".{out.name}.{SCRATCH}-", dir=out.parent))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def stage(folder: Path, number: int, content: bytes) -> Staged:
    """``content`` written to ``folder`` (made by ``scratch``) as the file ``number``: a
    file to be written into the output."""
    path = folder / f"{number}.staged"
    path.write_bytes(content)
    return Staged(str(path), len(content), content_digest(content))


class FileRecord(NamedTuple):
    """What a build knows about one file it left in the output. A tuple: a site has
    tens of thousands of them, loaded and stored by every build."""

    size: int
    mtime_ns: int
    digest: bytes  # of the file's bytes


def content_digest(content: bytes) -> bytes:
    return hashlib.sha256(content).digest()


@dataclass(frozen=True)
class WriteReport:
    written: tuple[str, ...]  # new or changed files
    kept: tuple[str, ...]  # unchanged files
    removed: tuple[str, ...]  # files of the previous site no longer produced
    # Every file of the output as left by this write, for the next build's comparison.
    manifest: Mapping[str, FileRecord] = field(default_factory=dict, compare=False, repr=False)


# At most this share of a site's files changed, they are moved into place one by one;
# more, and the whole site is staged and swapped in.
IN_PLACE_SHARE = 4


def _safe_path(root: Path, name: str) -> Path:
    pure = PurePosixPath(name)
    if pure.is_absolute() or ".." in pure.parts or not pure.parts:
        raise ValueError(f"refusing to write outside the output folder: {name!r}")
    return root.joinpath(*pure.parts)


def scan(out: Path, previous: Mapping[str, FileRecord] | None = None) -> dict[str, FileRecord | None]:
    """Every file in ``out``, with its record from ``previous`` when the file's size and
    modification time are still as recorded (so its digest can be trusted), else None."""
    found: dict[str, FileRecord | None] = {}
    previous = previous or {}
    for name, item in _files(out):
        try:
            if item.is_file(follow_symlinks=False):
                record = previous.get(name)
                if record is not None:
                    stat = item.stat(follow_symlinks=False)
                    if stat.st_size != record.size or stat.st_mtime_ns != record.mtime_ns:
                        record = None
                found[name] = record
        except OSError:
            continue
    return found


def _files(root: Path) -> Iterator[tuple[str, os.DirEntry]]:
    """Every entry below ``root`` that is not a folder, by its path relative to ``root``;
    folders that cannot be read, and entries that cannot be told apart, are passed over."""
    pending = [(root, "")]
    while pending:
        folder, prefix = pending.pop()
        try:
            items = list(os.scandir(folder))
        except OSError:
            continue
        for item in items:
            try:
                is_dir = item.is_dir(follow_symlinks=False)
            except OSError:
                continue
            if is_dir:
                pending.append((Path(item.path), f"{prefix}{item.name}/"))
            else:
                yield prefix + item.name, item


def _same(path: Path, content: bytes | Staged) -> bool:
    try:
        if isinstance(content, Staged):
            return path.stat().st_size == content.size and path.read_bytes() == Path(content.path).read_bytes()
        return path.stat().st_size == len(content) and path.read_bytes() == content
    except OSError:
        return False


def _put(target: Path, content: bytes | Staged) -> None:
    """Write ``content`` to ``target``; a staged file is moved there."""
    if isinstance(content, Staged):
        os.replace(content.path, target)
    else:
        target.write_bytes(content)


def _record(path: Path, digest: bytes) -> FileRecord:
    stat = path.stat()
    return FileRecord(stat.st_size, stat.st_mtime_ns, digest)


def _leftovers(out: Path, kind: str) -> list[Path]:
    """Folders an earlier, interrupted write left beside ``out``, newest first."""
    if not out.parent.is_dir():
        return []
    found = [p for p in out.parent.glob(f".{out.name}.{kind}-*") if p.is_dir() and not p.is_symlink()]
    return sorted(found, key=lambda p: (p.stat().st_mtime_ns, p.name), reverse=True)


def recover(out: Path) -> None:
    """Undo or complete what a killed write left behind, before writing again.

    A build killed between the two renames of the swap leaves no ``out`` and the
    previous site in a retired folder: that site is put back. A build killed while
    moving committed files into ``out`` left them in a committed folder: the moves are
    completed. Staging folders of killed builds are half-written and only take space:
    they are removed.
    """
    retired = _leftovers(out, "old")
    if retired and not out.exists():
        retired[0].rename(out)
        retired = retired[1:]
    for committed in reversed(_leftovers(out, "commit")):  # oldest first
        if out.is_dir():
            try:
                _apply(committed, out)
            except (OSError, ValueError):
                pass  # cannot be completed: the build that follows rewrites what differs
        shutil.rmtree(committed, ignore_errors=True)
    for stale in retired + _leftovers(out, "new"):
        shutil.rmtree(stale, ignore_errors=True)


def write_site(files: Mapping[str, bytes | Keep | Staged], out: Path,
               current: Mapping[str, FileRecord | None] | None = None) -> WriteReport:
    """Make ``out`` hold exactly ``files``; write nothing when nothing changed.

    ``current`` is ``scan(out, previous manifest)``, when the caller has made it;
    a file given as ``KEEP`` must be in it with a record. A file given as ``Staged`` is
    moved from its staging folder when it changed, and left there when it did not.
    """
    recover(out)
    if current is None:
        current = scan(out)
    changed: list[str] = []
    unchanged: list[str] = []
    manifest: dict[str, FileRecord] = {}
    digests: dict[str, bytes] = {}
    for name, content in files.items():
        record = current.get(name)
        if isinstance(content, Keep) and record is not None:
            # Most of a rebuilt site. Its name was found in the output by ``scan``, so it
            # needs no check that it stays inside.
            unchanged.append(name)
            manifest[name] = record
            continue
        target = _safe_path(out, name)
        if isinstance(content, Keep):
            raise ValueError(f"{name} is to be kept but is not in the output as recorded")
        digest = digests[name] = content.digest if isinstance(content, Staged) else content_digest(content)
        if record is not None:
            same = record.digest == digest
        else:
            same = name in current and _same(target, content)
            if same:
                try:
                    record = _record(target, digest)
                except OSError:
                    same = False
        if same:
            unchanged.append(name)
            manifest[name] = record
        else:
            changed.append(name)
    changed.sort(key=str)
    removed = sorted(current.keys() - files.keys(), key=str)
    kept = tuple(sorted(unchanged, key=str))
    if not changed and not removed:
        return WriteReport((), kept, (), manifest)
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.is_dir() and (len(changed) + len(removed)) * IN_PLACE_SHARE <= len(files) and not _clashes(changed, current):
        _write_in_place(files, changed, removed, out)
    else:
        _write_swapped(files, set(unchanged), out)
    for name in changed:
        manifest[name] = _record(_safe_path(out, name), digests[name])
    return WriteReport(tuple(changed), kept, tuple(removed), manifest)


def _clashes(changed: list[str], current: Mapping[str, object]) -> bool:
    """Whether a changed file would replace a folder of the output, or go inside a file of it:
    a change of shape that moving files one by one cannot make."""
    folders = _folders(current)
    return any(name in folders or any(name[:cut] in current for cut in _slashes(name)) for name in changed)


def _folders(names: Iterable[str]) -> set[str]:
    """Every folder that holds one of ``names`` (a name's every prefix ending before a "/")."""
    folders: set[str] = set()
    for name in names:
        cut = name.rfind("/")
        # Deepest first: a folder already seen was added with all the folders above it.
        while cut != -1 and name[:cut] not in folders:
            folders.add(name[:cut])
            cut = name.rfind("/", 0, cut)
    return folders


def _slashes(name: str) -> list[int]:
    return [index for index, char in enumerate(name) if char == "/"]


def _staging(out: Path) -> Path:
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    staging.chmod(0o755)  # a private temporary folder may become the site: web servers must read it
    return staging


def _write_swapped(files: Mapping[str, bytes | Keep | Staged], unchanged: set[str], out: Path) -> None:
    """The whole new site in a staging folder, swapped in for the old one."""
    staging = _staging(out)
    try:
        made: set[Path] = set()
        for name in sorted(files, key=str):
            target = _safe_path(staging, name)
            if target.parent not in made:
                target.parent.mkdir(parents=True, exist_ok=True)
                made.add(target.parent)
            if name in unchanged:
                _carry_over(_safe_path(out, name), target)
            else:
                _put(target, files[name])
        _swap(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


JOURNAL = "removed.json"  # in a staging folder of changes: the files to remove
CHANGES = "files"  # in a staging folder of changes: the new files, as in the site


def _write_in_place(files: Mapping[str, bytes | Keep | Staged], changed: list[str], removed: list[str], out: Path) -> None:
    """Stage the changes, commit them with one rename, then move them into ``out``."""
    staging = _staging(out)
    try:
        root = staging / CHANGES
        made: set[Path] = set()
        for name in changed:
            target = _safe_path(root, name)
            if target.parent not in made:
                target.parent.mkdir(parents=True, exist_ok=True)
                made.add(target.parent)
            _put(target, files[name])
        (staging / JOURNAL).write_text(json.dumps(removed), encoding="utf-8")
        committed = staging.with_name(staging.name.replace(".new-", ".commit-", 1))
        staging.rename(committed)  # the commit point: from here on the change is completed
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    try:
        _apply(committed, out)
    except BaseException:
        # Interrupted while moving: complete the moves, so the site is whole, then stop.
        try:
            _apply(committed, out)
        except OSError:
            raise  # the committed folder stays for the next build to complete
        shutil.rmtree(committed, ignore_errors=True)
        raise
    shutil.rmtree(committed, ignore_errors=True)


def _apply(committed: Path, out: Path) -> None:
    """Move a committed folder's files into ``out`` and remove the files it lists.
    Each step can be repeated, so an interrupted application can simply be run again."""
    root = committed / CHANGES
    staged = [(name, Path(item.path)) for name, item in _files(root)]
    for name, source in sorted(staged):
        target = _safe_path(out, name)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(source, target)
    try:
        removed = json.loads((committed / JOURNAL).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        removed = []
    for name in removed:
        target = _safe_path(out, name)
        target.unlink(missing_ok=True)
        parent = target.parent
        while parent != out:  # a folder emptied by the removals goes too, as with a swap
            try:
                parent.rmdir()
            except OSError:
                break
            parent = parent.parent


def _carry_over(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _swap(staging: Path, out: Path) -> None:
    """Replace ``out`` with ``staging``; the old site survives until the new one is in."""
    if not out.exists():
        staging.rename(out)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
    retired.rmdir()
    out.rename(retired)
    try:
        staging.rename(out)
    except OSError:
        retired.rename(out)
        raise
    shutil.rmtree(retired, ignore_errors=True)
