"""Stage: write the rendered site to disk.

The new site is assembled in a temporary folder beside the output and swapped in at the
end, so an interrupted or failed build leaves the previous site whole. Files whose bytes
did not change are carried over as hard links (or copies), so their timestamps stay, and
files no page produces any more are gone with the old folder.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath


@dataclass(frozen=True)
class WriteReport:
    written: tuple[str, ...]  # new or changed files
    kept: tuple[str, ...]  # unchanged files
    removed: tuple[str, ...]  # files of the previous site no longer produced


def _safe_path(root: Path, name: str) -> Path:
    pure = PurePosixPath(name)
    if pure.is_absolute() or ".." in pure.parts or not pure.parts:
        raise ValueError(f"refusing to write outside the output folder: {name!r}")
    return root.joinpath(*pure.parts)


def _existing(out: Path) -> set[str]:
    if not out.is_dir():
        return set()
    return {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file() and not p.is_symlink()}


def _same(path: Path, content: bytes) -> bool:
    try:
        return path.stat().st_size == len(content) and path.read_bytes() == content
    except OSError:
        return False


def _leftovers(out: Path, kind: str) -> list[Path]:
    """Folders an earlier, interrupted write left beside ``out``, newest first."""
    if not out.parent.is_dir():
        return []
    found = [p for p in out.parent.glob(f".{out.name}.{kind}-*") if p.is_dir() and not p.is_symlink()]
    return sorted(found, key=lambda p: (p.stat().st_mtime_ns, p.name), reverse=True)


def recover(out: Path) -> None:
    """Undo what a killed write left behind, before writing again.

    A build killed between the two renames of the swap leaves no ``out`` and the
    previous site in a retired folder: that site is put back. Staging folders of
    killed builds are half-written and only take space: they are removed.
    """
    retired = _leftovers(out, "old")
    if retired and not out.exists():
        retired[0].rename(out)
        retired = retired[1:]
    for stale in retired + _leftovers(out, "new"):
        shutil.rmtree(stale, ignore_errors=True)


def write_site(files: dict[str, bytes], out: Path) -> WriteReport:
    """Make ``out`` hold exactly ``files``; write nothing when nothing changed."""
    recover(out)
    old = _existing(out)
    changed = sorted((name for name, content in files.items() if not _same(_safe_path(out, name), content)), key=str)
    removed = sorted(old - files.keys(), key=str)
    unchanged = files.keys() - set(changed)  # a set: a site may have 100,000 pages
    kept = sorted(unchanged, key=str)
    if not changed and not removed:
        return WriteReport((), tuple(kept), ())
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    staging.chmod(0o755)  # a private temporary folder becomes the site: web servers must read it
    try:
        for name in sorted(files, key=str):
            target = _safe_path(staging, name)
            target.parent.mkdir(parents=True, exist_ok=True)
            if name in unchanged:
                _carry_over(_safe_path(out, name), target)
            else:
                target.write_bytes(files[name])
        _swap(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return WriteReport(tuple(changed), tuple(kept), tuple(removed))


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
