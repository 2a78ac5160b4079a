"""Source files whose stamp (size, times, inode) is as the last build found them are not
read again: their bytes are known by the digest that build worked out."""
from __future__ import annotations

import os
import pickle
import time

from buildhelp import GOLDEN_SEEDS, files, make_project

from timeline import cache as cache_mod
from timeline import pipeline
from timeline import sources as sources_mod
from timeline.articles import _readied
from timeline.pipeline import BuildConfig, build
from timeline.sources import Known, gather_known, gather_sources, read_unread

# A clock long after the files were written: every file has settled by then.
LATER = 10**20


def _seeds(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "a.md").write_text("---\ntitle: A\ndate: 2025-11-27\n---\nThe ministers met on Tuesday.\n", "utf-8")
    (seeds / "b.md").write_text("---\ntitle: B\ndate: 2025-11-28\n---\nThe talks ended on Friday.\n", "utf-8")
    return seeds


def _plain(sources):
    return [(s.path, s.id, s.digest, s.error) for s in sources]


def test_unchanged_files_are_known_and_left_unread(tmp_path):
    seeds = _seeds(tmp_path)
    read, _, known = gather_known(seeds, None, LATER)
    assert sorted(known.files) == ["a.md", "b.md"]
    again, _, known_again = gather_known(seeds, known, LATER)
    assert all(s.raw is None and s.unread is not None for s in again)
    assert _plain(again) == _plain(read) and known_again == known
    assert [read_unread(s) for s in again] == list(read) == list(gather_sources(seeds)[0])


def test_a_file_written_since_is_read_again_though_size_and_mtime_are_as_before(tmp_path):
    seeds = _seeds(tmp_path)
    _, _, known = gather_known(seeds, None, LATER)
    path = seeds / "a.md"
    before = path.stat()
    time.sleep(0.05)  # past a tick of the file system's clock, which stamps the change time
    path.write_text("---\ntitle: A\ndate: 2025-11-27\n---\nThe ministers sat on Tuesday.\n", "utf-8")  # same size
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # a tool that keeps the time
    assert path.stat().st_size == before.st_size
    again, _, _ = gather_known(seeds, known, LATER)
    changed = {s.path: s for s in again}["a.md"]
    assert changed.unread is None and changed.raw == path.read_bytes()
    assert changed.digest != known.files["a.md"][1]


def test_files_just_written_are_not_known(tmp_path):
    seeds = _seeds(tmp_path)
    _, _, recent = gather_known(seeds, None, time.time_ns())
    assert recent.files == {}  # written within the last two seconds: a write may follow with the same stamp
    _, _, clockless = gather_known(seeds)
    assert clockless.files == {}


def test_unreadable_file_is_not_known(tmp_path, monkeypatch):
    seeds = _seeds(tmp_path)
    real = sources_mod._read_stamped

    def refuse(path, *args):
        if os.path.basename(path) == "b.md":
            raise PermissionError(13, "Permission denied")
        return real(path, *args)

    monkeypatch.setattr(sources_mod, "_read_stamped", refuse)
    found, _, known = gather_known(seeds, None, LATER)
    assert sorted(known.files) == ["a.md"]
    assert {s.path: s.error for s in found}["b.md"] == "cannot read: Permission denied"


def test_bytes_that_changed_after_listing_are_worked_out_but_not_stored(tmp_path):
    seeds = _seeds(tmp_path)
    _, _, known = gather_known(seeds, None, LATER)
    unread = {s.path: s for s in gather_known(seeds, known, LATER)[0]}
    assert _readied(unread["b.md"], "key") == (read_unread(unread["b.md"]), "key")
    (seeds / "a.md").write_text("Changed while the build ran.\n", "utf-8")
    source, key = _readied(unread["a.md"], "key")
    assert source.raw == b"Changed while the build ran.\n" and key is None


def test_damaged_record_of_the_files_is_ignored(tmp_path):
    cache = cache_mod.Cache(tmp_path / "cache", "code")
    known = Known({"a.md": ((1, 2, 3, 4), "ab" * 32)})
    cache_mod.store_known(cache, known)
    assert cache_mod.load_known(cache) == known
    for damaged in (b"not a pickle", pickle.dumps({"a.md": 1}), pickle.dumps(Known({"a.md": ((1, 2), "x")}))):
        cache.known().write_bytes(damaged)
        assert cache_mod.load_known(cache) is None


def test_builds_that_leave_files_unread_give_the_site_a_fresh_build_gives(tmp_path, monkeypatch):
    seeds = make_project(tmp_path, GOLDEN_SEEDS)
    project = seeds.parent
    config = BuildConfig(seeds=seeds, out=project / "output", lock=project / "timeline.lock", jobs=1)
    monkeypatch.setattr(pipeline, "time_ns", lambda: LATER)
    build(config)
    reads: list[str] = []
    real = sources_mod._read_stamped

    def counted(path, *args):
        reads.append(os.path.basename(path))
        return real(path, *args)

    monkeypatch.setattr(sources_mod, "_read_stamped", counted)
    (seeds / "added.md").write_text("---\ntitle: Added\ndate: 2025-11-29\n---\nThe summit opened on Saturday.\n", "utf-8")
    rebuilt = build(config)
    assert reads == ["added.md"]  # the others were known unchanged
    fresh = tmp_path / "fresh"
    fresh_config = BuildConfig(seeds=seeds, out=fresh / "output", lock=fresh / "timeline.lock", use_cache=False, jobs=1)
    (fresh / "output").parent.mkdir()
    (fresh / "timeline.lock").write_bytes((project / "timeline.lock").read_bytes())
    build(fresh_config)
    assert files(project / "output") == files(fresh / "output")
    assert "added" in {a.id for a in rebuilt.articles}
