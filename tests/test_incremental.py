"""Incremental builds: pages whose inputs did not change are neither rendered nor written,
and the site is byte for byte what a fresh build makes, whatever the hash seed."""
from __future__ import annotations

import os
import subprocess
import sys

from buildhelp import ROOT, files, make_project, stamps

from timeline.pipeline import BuildConfig, build
from timeline.progress import Progress

BUILD = """
import sys
from pathlib import Path
from timeline.pipeline import BuildConfig, build
seeds, out, cache = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3] == "cache"
build(BuildConfig(seeds=seeds, out=out, lock=seeds.parent / (out.name + ".lock"), use_cache=cache, jobs=1,
                  base_url="https://example.org/timeline/"))
"""


def _build(seeds, out, hash_seed: str, cache: bool) -> None:
    env = dict(os.environ, PYTHONHASHSEED=hash_seed, PYTHONPATH=str(ROOT))
    subprocess.run([sys.executable, "-c", BUILD, str(seeds), str(out), "cache" if cache else "none"],
                   check=True, env=env, cwd=ROOT, timeout=120)


NEW = "---\ntitle: Port strike\ndate: 2025-11-29\n---\nDock workers walked out on Friday, the union said on 28 November 2025.\n"


def test_incremental_builds_equal_fresh_builds(tmp_path):
    seeds = make_project(tmp_path)
    _build(seeds, tmp_path / "project" / "site", "1", cache=True)
    (seeds / "zz-new.md").write_text(NEW, encoding="utf-8")  # add one
    _build(seeds, tmp_path / "project" / "site", "2", cache=True)
    _build(seeds, tmp_path / "project" / "fresh", "3", cache=False)
    assert files(tmp_path / "project" / "site") == files(tmp_path / "project" / "fresh")
    victim = sorted(p for p in seeds.iterdir() if p.name != "zz-new.md")[1]
    victim.write_text(victim.read_text(encoding="utf-8") + "\nOn 3 March 2021 the company said it would appeal.\n", encoding="utf-8")
    (seeds / "zz-new.md").unlink()  # edit one, delete another
    lock = (seeds.parent / "site.lock").read_bytes()
    (seeds.parent / "fresh2.lock").write_bytes(lock)  # the same event identities to start from
    _build(seeds, tmp_path / "project" / "site", "4", cache=True)
    _build(seeds, tmp_path / "project" / "fresh2", "5", cache=False)
    assert files(tmp_path / "project" / "site") == files(tmp_path / "project" / "fresh2")


def _config(seeds, **changes) -> BuildConfig:
    options = dict(seeds=seeds, out=seeds.parent / "output", lock=seeds.parent / "timeline.lock", jobs=1)
    options.update(changes)
    return BuildConfig(**options)


def test_adding_an_article_renders_and_writes_only_what_changed(tmp_path):
    seeds = make_project(tmp_path)
    first = build(_config(seeds))
    before = stamps(seeds.parent / "output")
    (seeds / "zz-new.md").write_text(NEW, encoding="utf-8")
    progress = Progress()
    second = build(_config(seeds), progress)
    after = stamps(seeds.parent / "output")
    written = set(second.written.written)
    assert "articles/zz-new.html" in written
    # Every file not reported written keeps its inode and time; and most pages are kept.
    assert all(after[name] == before[name] for name in after if name not in written)
    assert len(written) < len(after) // 2
    reused = int(progress.summary().split("render ")[1].split("(")[1].split()[0])
    pages = sum(1 for name in after if name.startswith(("events/", "articles/")))
    assert reused > pages // 2, (reused, pages)
    assert len(second.articles) == len(first.articles) + 1


def test_a_page_edited_by_hand_is_restored(tmp_path):
    seeds = make_project(tmp_path)
    build(_config(seeds))
    expected = files(seeds.parent / "output")
    page = next(p for p in sorted((seeds.parent / "output" / "articles").iterdir()))
    page.write_bytes(b"defaced")
    (seeds / "zz-new.md").write_text(NEW, encoding="utf-8")  # so the build is not a no-op
    build(_config(seeds))
    name = page.relative_to(seeds.parent / "output").as_posix()
    assert page.read_bytes() == expected[name]
