"""Which files under the seeds folder are articles, and reading their bytes safely.

The folder is whatever a person (or a sync tool, or an editor) left there. Hidden files
and editor backups are ignored without a word; anything else that is not read gets a
problem naming it, so no article disappears silently. Only regular files are opened
(a named pipe would block the build forever) and links out of the folder are not
followed (a seed must not pull in ``~/.ssh/id_rsa``).
"""
from __future__ import annotations

import hashlib
import os
import re
import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .decode import MAX_BYTES
from .records import Problem

ARTICLE_SUFFIXES = (".txt", ".md", ".markdown", ".text")
# Editors' backup, swap and lock files, and operating system clutter.
BACKUP_SUFFIXES = (".bak", ".orig", ".swp", ".swo", ".tmp", ".part", ".crdownload")
CLUTTER = frozenset({"thumbs.db", "desktop.ini"})


def quietly_ignored(name: str) -> bool:
    """Hidden files, editor backups ("a.txt~", "#a.txt#", "a.txt.bak") and OS clutter.

    >>> [quietly_ignored(n) for n in (".DS_Store", "a.txt~", "#a.txt#", "a.bak", "a.txt")]
    [True, True, True, True, False]
    """
    low = name.lower()
    return (
        low.startswith(".")
        or low.endswith("~")
        or (low.startswith("#") and low.endswith("#"))
        or low.endswith(BACKUP_SUFFIXES)
        or low in CLUTTER
    )


def _link_problem(path: Path, rel: str, root: Path) -> Problem | None:
    """A problem when the symbolic link ``path`` must not be followed."""
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):  # dangling, or a loop of links
        return Problem(rel, "broken symbolic link (its target does not exist or loops); skipped", severity="error")
    if not target.is_relative_to(root):
        return Problem(rel, "symbolic link pointing outside the seeds folder; not followed", severity="error")
    if target.is_dir():
        return Problem(rel, "symbolic link to a folder; not followed (its articles are read where they are)",
                       severity="note")
    return None


def _entry_problem(path: Path, rel: str, root: Path) -> Problem | None:
    """Why the file ``path`` is not read as an article, or None when it is."""
    if path.is_symlink() and (found := _link_problem(path, rel, root)) is not None:
        return found
    if path.suffix.lower() not in ARTICLE_SUFFIXES:
        return Problem(rel, f"not an article file ({path.suffix or 'no suffix'}); ignored", severity="note")
    try:
        mode = path.stat().st_mode
    except OSError as err:
        return Problem(rel, f"cannot read: {err.strerror or err}", severity="error")
    if not stat.S_ISREG(mode):
        return Problem(rel, "not a regular file (a pipe, socket or device); skipped", severity="error")
    return None


def list_sources(seeds: Path) -> tuple[list[Path], tuple[Problem, ...]]:
    """Article files under ``seeds``, sorted by path; notes on what is skipped."""
    listed, problems = _listed(seeds)
    return [Path(path) for _, path, _ in listed], problems


def _listed(seeds: Path) -> tuple[list[tuple[str, str, os.stat_result | None]], tuple[Problem, ...]]:
    """``list_sources``, each file as its path relative to ``seeds`` (forward slashes), its
    path to open and, for a regular file that is not a link, what ``lstat`` said of it."""
    files: list[tuple[str, str, os.stat_result | None]] = []
    problems: list[Problem] = []
    root = seeds.resolve()

    def unreadable(err: OSError) -> None:
        where = Path(err.filename).relative_to(seeds).as_posix() if err.filename else "."
        problems.append(Problem(where, f"cannot read folder: {err.strerror or err}", severity="error"))

    # os.walk does not follow links to folders, so a link cannot lead the walk outside.
    for folder, dirs, names in os.walk(seeds, onerror=unreadable):
        dirs[:] = sorted((d for d in dirs if not quietly_ignored(d)), key=str)
        base = Path(folder)
        prefix = base.relative_to(seeds).as_posix() + "/"
        prefix = "" if prefix == "./" else prefix
        for name in sorted(names + [d for d in dirs if (base / d).is_symlink()], key=str):
            if quietly_ignored(name):
                continue
            path = os.path.join(folder, name)
            if (info := _plain_article(path, name)) is not None or (found := _entry_problem(Path(path), prefix + name, root)) is None:
                files.append((prefix + name, path, info))
            else:
                problems.append(found)
    # By path relative to the seeds, which orders them as their whole paths (one prefix).
    files.sort(key=lambda item: item[0])
    problems.sort(key=lambda p: p.path)
    return files, tuple(problems)


def _plain_article(path: str, name: str) -> os.stat_result | None:
    """What ``lstat`` says of ``path`` when it is a regular file, not a link, with an
    article's suffix: what almost every file is, told with one system call (anything
    else goes to ``_entry_problem``); else None."""
    if not name.lower().endswith(ARTICLE_SUFFIXES):
        return None
    try:
        info = os.lstat(path)
    except OSError:
        return None
    return info if stat.S_ISREG(info.st_mode) else None


def read_source(path: Path, limit: int = MAX_BYTES) -> bytes:
    """The file's bytes, or its first ``limit + 1`` when it is longer (enough to tell).

    A 50 MB file is never loaded whole. Opening without blocking and checking the opened
    file (not the name) means a file swapped for a pipe after listing cannot hang the build.
    """
    return _read_stamped(path, limit)[0]


def _read_stamped(path: Path | str, limit: int = MAX_BYTES) -> tuple[bytes, os.stat_result]:
    """``read_source``, and what ``fstat`` said of the opened file before it was read."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise OSError(0, "not a regular file")
        return _read_all(fd, limit + 1, info.st_size), info
    finally:
        os.close(fd)


def _read_all(fd: int, limit: int, size: int) -> bytes:
    """Up to ``limit`` bytes, to the end of the file: one read when the file holds the
    ``size`` bytes it was said to (asked for one more, it answers with just those)."""
    chunks: list[bytes] = []
    got, wanted = 0, min(limit, size + 1)
    while got < limit and (chunk := os.read(fd, wanted - got)):
        chunks.append(chunk)
        got += len(chunk)
        if got == size:
            break  # a short answer, at the size the file has: its end
        wanted = limit  # longer than it was said to be: on to the end or the limit
    return b"".join(chunks)


@dataclass(frozen=True)
class Source:
    """One input file, as bytes: the unit of per-article work and of caching."""

    path: str  # relative to the seeds folder, with forward slashes
    id: str
    raw: bytes | None  # None when the file could not be read, or was left unread (``unread``)
    error: str | None = None
    digest: str = ""  # of the bytes (``content_digest``); "" when they could not be read
    # Where the bytes are, when they were left unread: the file is as it was when the
    # last build read it (``Known``), and its digest is that build's.
    unread: str | None = None


def content_digest(raw: bytes) -> str:
    """The digest of a file's bytes, as sources and articles (``Article.digest``) carry it."""
    return hashlib.sha256(raw).hexdigest()


# What changes when a file is written: its size, modification and change times, inode.
Stamp = tuple[int, int, int, int]


def stamp_of(info: os.stat_result) -> Stamp:
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)


# A file changed this close (ns) before it was read may be written again with the same
# stamp (a file system's clock ticks coarsely): its stamp is not trusted to tell it
# unchanged. Told by its change time, which every write sets and nothing sets back.
SETTLED_NS = 2_000_000_000


@dataclass(frozen=True)
class Known:
    """What a build learnt of each file it read, by path relative to the seeds folder: its
    stamp and digest, for files that had settled when read. A later build takes a file
    whose stamp is unchanged for the same bytes, and leaves it unread."""

    files: dict[str, tuple[Stamp, str]]

    @staticmethod
    def of(sources: tuple[Source, ...], stamps: dict[str, Stamp]) -> Known:
        return Known({s.path: (stamps[s.path], s.digest) for s in sources if s.path in stamps and s.digest})


def slugify(text: str, fallback: str = "article") -> str:
    """A URL-safe slug: lowercase ASCII letters, digits and single hyphens.

    >>> slugify("Türkiye signals readiness: ‘reassurance force’")
    'turkiye-signals-readiness-reassurance-force'
    >>> slugify("../../etc/passwd")
    'etc-passwd'
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:80].rstrip("-") or fallback


def article_ids(paths: list[str]) -> dict[str, str]:
    """A unique, stable id per path, from the file name.

    >>> article_ids(["b/x.txt", "a/x.txt", "x-2.md"])
    {'a/x.txt': 'x', 'b/x.txt': 'x-3', 'x-2.md': 'x-2'}
    """
    ordered = sorted(paths, key=str)
    bases = {path: slugify(Path(path).stem) for path in ordered}
    ids: dict[str, str] = {}
    used: set[str] = set()
    # Files whose name is free keep it first, so adding a file never renames another
    # file's page unless the two names clash.
    for path in ordered:
        if bases[path] not in used:
            ids[path] = bases[path]
            used.add(bases[path])
    for path in ordered:
        if path in ids:
            continue
        n = 2
        while f"{bases[path]}-{n}" in used:
            n += 1
        ids[path] = f"{bases[path]}-{n}"
        used.add(ids[path])
    return dict(sorted(ids.items(), key=lambda item: item[0]))


def gather_sources(seeds: Path) -> tuple[tuple[Source, ...], tuple[Problem, ...]]:
    """Every article file under ``seeds``, read; and notes on what is skipped."""
    sources, problems, _ = gather_known(seeds)
    return sources, problems


def gather_known(seeds: Path, known: Known | None = None, now_ns: int = 0) -> tuple[tuple[Source, ...], tuple[Problem, ...], Known]:
    """``gather_sources``, where a file ``known`` holds with its stamp unchanged is left
    unread; and what is known of the files now, read at ``now_ns`` (the clock's time in
    nanoseconds: a file that had not settled by then is not known)."""
    listed, problems = _listed(seeds)
    ids = article_ids([rel for rel, _, _ in listed])
    files = known.files if known is not None else {}
    sources: list[Source] = []
    stamps: dict[str, Stamp] = {}
    for rel, path, info in listed:
        if info is not None and (seen := files.get(rel)) is not None and seen[0] == stamp_of(info):
            sources.append(Source(rel, ids[rel], None, digest=seen[1], unread=path))
            stamps[rel] = seen[0]
            continue
        try:
            raw, opened = _read_stamped(path)
        except OSError as err:
            sources.append(Source(rel, ids[rel], None, f"cannot read: {err.strerror or err}"))
            continue
        sources.append(Source(rel, ids[rel], raw, digest=content_digest(raw)))
        if info is not None and opened.st_ctime_ns < now_ns - SETTLED_NS:
            stamps[rel] = stamp_of(opened)
    found = tuple(sources)
    return found, problems, Known.of(found, stamps)


def read_unread(source: Source) -> Source:
    """``source`` with its bytes, when they were left unread."""
    if source.unread is None:
        return source
    try:
        raw = read_source(Path(source.unread))
    except OSError as err:
        return Source(source.path, source.id, None, f"cannot read: {err.strerror or err}")
    return Source(source.path, source.id, raw, digest=content_digest(raw))
