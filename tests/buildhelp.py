"""Shared helpers for the build tests: a throw-away project folder and file listings."""
from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLDEN_SEEDS = ROOT / "tests" / "golden" / "seeds"
REPO_SEEDS = ROOT / "seeds"


def make_project(tmp: Path, *seed_folders: Path) -> Path:
    """A project folder under ``tmp`` with ``seeds/`` holding copies of the given seeds."""
    seeds = tmp / "project" / "seeds"
    seeds.mkdir(parents=True)
    for folder in seed_folders or (GOLDEN_SEEDS, REPO_SEEDS):
        for path in sorted(folder.iterdir(), key=lambda p: p.name):
            if path.is_file():
                shutil.copyfile(path, seeds / path.name)
    return seeds


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def stamps(root: Path) -> dict[str, tuple[int, int, int]]:
    """Every file with its inode, size and modification time: any write changes one."""
    found = {}
    for path in sorted(root.rglob("*")):
        if path.is_file():
            stat = path.stat()
            found[path.relative_to(root).as_posix()] = (stat.st_ino, stat.st_size, stat.st_mtime_ns)
    return found
