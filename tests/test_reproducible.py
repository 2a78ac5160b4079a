"""The same seeds give the same bytes: across hash seeds, processes, and with or without cache."""
from __future__ import annotations

import os
import subprocess
import sys

from buildhelp import ROOT, files, make_project

BUILD = """
import sys
from pathlib import Path
from timeline.pipeline import BuildConfig, build
seeds, out, cache, jobs = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3] == "cache", int(sys.argv[4])
build(BuildConfig(seeds=seeds, out=out, lock=out.parent / (out.name + ".lock"), use_cache=cache, jobs=jobs,
                  base_url="https://example.org/timeline/"))
"""


def _build(seeds, out, hash_seed: str, cache: bool, jobs: int) -> None:
    env = dict(os.environ, PYTHONHASHSEED=hash_seed, PYTHONPATH=str(ROOT))
    subprocess.run(
        [sys.executable, "-c", BUILD, str(seeds), str(out), "cache" if cache else "none", str(jobs)],
        check=True, env=env, cwd=ROOT, timeout=120,
    )


def test_byte_identical_across_hash_seeds_and_cache(tmp_path):
    seeds = make_project(tmp_path)
    _build(seeds, tmp_path / "a", "1", cache=False, jobs=1)
    _build(seeds, tmp_path / "b", "2", cache=True, jobs=2)  # fills the cache
    _build(seeds, tmp_path / "c", "3", cache=True, jobs=1)  # every article from the cache
    a, b, c = (files(tmp_path / name) for name in "abc")
    assert a == b == c
    locks = {(tmp_path / f"{name}.lock").read_bytes() for name in "abc"}
    assert len(locks) == 1
