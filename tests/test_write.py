"""The writer: atomic swap, unchanged files untouched, stale files pruned, no escapes."""
import os
from pathlib import Path

import pytest

from timeline.write import recover, write_site


def test_first_write_then_noop_then_change(tmp_path):
    out = tmp_path / "site"
    first = write_site({"index.html": b"a", "events/x.html": b"x"}, out)
    assert first.written == ("events/x.html", "index.html")
    stamp = (out / "events/x.html").stat().st_mtime_ns
    again = write_site({"index.html": b"a", "events/x.html": b"x"}, out)
    assert again.written == () and again.removed == ()
    changed = write_site({"index.html": b"b", "events/y.html": b"y"}, out)
    assert changed.written == ("events/y.html", "index.html")
    assert changed.removed == ("events/x.html",)
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == ["events/y.html", "index.html"]
    assert (out / "index.html").read_bytes() == b"b"
    assert stamp  # the unchanged file was carried over, not rewritten, in the no-op build


def test_unchanged_file_keeps_its_timestamp_when_others_change(tmp_path):
    out = tmp_path / "site"
    write_site({"a.html": b"a", "b.html": b"b"}, out)
    stamp = (out / "a.html").stat().st_mtime_ns
    write_site({"a.html": b"a", "b.html": b"B"}, out)
    assert (out / "a.html").stat().st_mtime_ns == stamp


@pytest.mark.parametrize("name", ["../evil.html", "/etc/passwd", "a/../../b"])
def test_refuses_paths_outside_the_output(tmp_path, name):
    with pytest.raises(ValueError):
        write_site({name: b"x"}, tmp_path / "site")
    assert not (tmp_path / "evil.html").exists()


def test_failed_write_leaves_previous_site(tmp_path):
    out = tmp_path / "site"
    write_site({"index.html": b"old"}, out)
    with pytest.raises(ValueError):
        write_site({"index.html": b"new", "../x": b"x"}, out)
    assert (out / "index.html").read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


# --- interrupted and failed builds leave the previous site whole -----------------------


def _listing(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_interrupt_while_writing_leaves_previous_site(tmp_path, monkeypatch):
    out = tmp_path / "site"
    write_site({"index.html": b"old", "a.html": b"a"}, out)
    calls = []
    real = Path.write_bytes

    def interrupted(self, data):
        calls.append(self.name)
        if len(calls) == 2:
            raise KeyboardInterrupt  # Ctrl-C halfway through the new site
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_site({"index.html": b"new", "b.html": b"b", "c.html": b"c"}, out)
    assert _listing(out) == {"a.html": b"a", "index.html": b"old"}
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_failed_swap_puts_the_previous_site_back(tmp_path, monkeypatch):
    out = tmp_path / "site"
    write_site({"index.html": b"old"}, out)
    real = Path.rename

    def failing(self, target):
        if self.name.startswith(".site.new-"):
            raise OSError(28, "No space left on device")
        return real(self, target)

    monkeypatch.setattr(Path, "rename", failing)
    with pytest.raises(OSError):
        write_site({"index.html": b"new"}, out)
    assert _listing(out) == {"index.html": b"old"}
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_a_build_killed_between_the_renames_is_recovered(tmp_path):
    out = tmp_path / "site"
    retired = tmp_path / ".site.old-abc123"
    retired.mkdir()
    (retired / "index.html").write_bytes(b"previous")
    stale = tmp_path / ".site.new-def456"
    stale.mkdir()
    (stale / "half.html").write_bytes(b"half")
    recover(out)
    assert _listing(out) == {"index.html": b"previous"}
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_leftovers_are_cleared_on_the_next_write(tmp_path):
    out = tmp_path / "site"
    write_site({"index.html": b"a"}, out)
    (tmp_path / ".site.new-zzz").mkdir()
    report = write_site({"index.html": b"a"}, out)
    assert report.written == () and [p.name for p in tmp_path.iterdir()] == ["site"]


def test_exception_mid_render_leaves_previous_site(tmp_path, monkeypatch):
    from timeline import render as render_mod
    from timeline.pipeline import BuildConfig, build

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "a.md").write_text("---\ntitle: A\ndate: 2025-11-27\n---\nThe ministers met on Tuesday.\n")
    (seeds / "b.md").write_text("---\ntitle: B\ndate: 2025-11-28\n---\nThe talks ended on Friday.\n")
    config = BuildConfig(seeds=seeds, out=tmp_path / "site", use_cache=False, lock=None, jobs=1)
    build(config)
    before = _listing(tmp_path / "site")
    (seeds / "c.md").write_text("---\ntitle: C\ndate: 2025-11-29\n---\nMore talks.\n")

    def broken(*args, **kwargs):
        raise RuntimeError("template bug")

    monkeypatch.setattr(render_mod, "format_day", broken)  # the index renders; article pages fail
    with pytest.raises(RuntimeError):
        build(config)
    assert _listing(tmp_path / "site") == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["seeds", "site"]


# --- a few changes are committed, then moved into place ---------------------------------


def _big_site(changed: dict[str, bytes] | None = None) -> dict[str, bytes]:
    files = {f"pages/{n:02d}.html": f"page {n}".encode() for n in range(20)}
    files.update(changed or {})
    return files


def test_a_few_changes_are_moved_into_place_and_the_rest_untouched(tmp_path):
    out = tmp_path / "site"
    write_site(_big_site(), out)
    inode = out.stat().st_ino
    before = {p.name: p.stat().st_ino for p in (out / "pages").iterdir()}
    files = _big_site({"pages/03.html": b"new"})
    del files["pages/07.html"]
    report = write_site(files, out)
    assert report.written == ("pages/03.html",) and report.removed == ("pages/07.html",)
    assert out.stat().st_ino == inode  # not swapped: changed in place
    assert _listing(out) == files
    after = {p.name: p.stat().st_ino for p in (out / "pages").iterdir()}
    assert all(after[name] == before[name] for name in after if name != "03.html")
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_interrupt_while_moving_committed_changes_completes_them(tmp_path, monkeypatch):
    out = tmp_path / "site"
    write_site(_big_site(), out)
    real = os.replace
    calls = []

    def interrupted(source, target):
        calls.append(target)
        if len(calls) == 2:
            raise KeyboardInterrupt  # Ctrl-C between two moves
        return real(source, target)

    monkeypatch.setattr(os, "replace", interrupted)
    new = _big_site({"pages/01.html": b"one", "pages/02.html": b"two", "pages/03.html": b"three"})
    with pytest.raises(KeyboardInterrupt):
        write_site(new, out)
    assert _listing(out) == new  # the whole new site, not a mix
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_a_build_killed_while_moving_committed_changes_is_completed(tmp_path, monkeypatch):
    from timeline import write as write_mod

    out = tmp_path / "site"
    write_site(_big_site(), out)
    new = _big_site({"pages/01.html": b"one", "pages/02.html": b"two"})
    del new["pages/05.html"]

    def killed(committed, target):
        raise SystemExit  # stands for the process dying: nothing after this runs

    monkeypatch.setattr(write_mod, "_apply", killed)
    with pytest.raises(SystemExit):
        write_site(new, out)
    monkeypatch.undo()
    assert _listing(out) == _big_site()  # nothing moved yet: still the whole previous site
    assert any(p.name.startswith(".site.commit-") for p in tmp_path.iterdir())
    recover(out)
    assert _listing(out) == new
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_manifest_spares_reading_unchanged_files(tmp_path, monkeypatch):
    from timeline.write import KEEP, scan

    out = tmp_path / "site"
    first = write_site(_big_site(), out)
    current = scan(out, first.manifest)
    assert all(record is not None for record in current.values())
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail(f"read {self}"))
    files = dict(_big_site({"pages/04.html": b"four"}), **{"pages/09.html": KEEP})
    report = write_site(files, out, current)
    assert report.written == ("pages/04.html",)
    monkeypatch.undo()
    assert (out / "pages/09.html").read_bytes() == b"page 9"


def test_a_file_changed_since_the_manifest_is_not_trusted(tmp_path):
    from timeline.write import scan

    out = tmp_path / "site"
    first = write_site(_big_site(), out)
    (out / "pages/06.html").write_bytes(b"edited by hand")
    current = scan(out, first.manifest)
    assert current["pages/06.html"] is None and current["pages/05.html"] is not None
    report = write_site(_big_site(), out, current)
    assert report.written == ("pages/06.html",)
    assert _listing(out) == _big_site()


def test_a_file_replacing_a_folder_is_swapped_in(tmp_path):
    out = tmp_path / "site"
    files = _big_site({"extra/a.html": b"a"})
    write_site(files, out)
    del files["extra/a.html"]
    files["extra"] = b"now a file"
    write_site(files, out)
    assert _listing(out) == files
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def _staged(folder: Path, files: dict[str, bytes]) -> dict:
    from timeline.write import stage

    return {name: stage(folder, number, content) for number, (name, content) in enumerate(files.items())}


@pytest.mark.parametrize("few", [True, False], ids=["moved-in-place", "swapped"])
def test_staged_files_are_moved_in_when_changed_and_left_when_not(tmp_path, few):
    from timeline.write import scan, scratch

    out = tmp_path / "site"
    first = write_site(_big_site(), out)
    changes = {"pages/01.html": b"one"} if few else {f"pages/{n:02d}.html": b"new %d" % n for n in range(20)}
    new = _big_site(changes)
    with scratch(out) as folder:
        assert folder.parent == tmp_path and folder.name.startswith(".site.scratch-")
        staged = _staged(folder, {"pages/01.html": new["pages/01.html"], "pages/02.html": new["pages/02.html"]})
        report = write_site(dict(new, **staged), out, scan(out, first.manifest))
        # Moved when changed; the unchanged one stays in the scratch folder, with nothing else.
        assert sorted(p.name for p in folder.iterdir()) == ([] if not few else [Path(staged["pages/02.html"].path).name])
    assert "pages/01.html" in report.written and ("pages/02.html" in report.written) != few
    assert _listing(out) == new
    assert report.manifest["pages/01.html"].digest == staged["pages/01.html"].digest
    assert [p.name for p in tmp_path.iterdir()] == ["site"]  # the scratch folder went with its leftovers


def test_a_staged_file_is_compared_with_an_unrecorded_one_by_its_bytes(tmp_path):
    from timeline.write import scratch

    out = tmp_path / "site"
    write_site(_big_site(), out)
    with scratch(out) as folder:
        same = write_site(dict(_big_site(), **_staged(folder, {"pages/03.html": b"page 3"})), out)  # no manifest
        changed = write_site(dict(_big_site(), **_staged(folder, {"pages/03.html": b"page 3!"})), out)
    assert same.written == () and changed.written == ("pages/03.html",)
    assert (out / "pages/03.html").read_bytes() == b"page 3!"


def test_a_scratch_folder_a_killed_build_left_is_removed_by_the_next(tmp_path):
    from timeline.write import scratch

    out = tmp_path / "site"
    left = tmp_path / ".site.scratch-killed"
    left.mkdir()
    (left / "0.staged").write_bytes(b"x")
    with scratch(out) as folder:
        assert not left.exists() and folder.is_dir()
    assert list(tmp_path.iterdir()) == []
