"""The writer: atomic swap, unchanged files untouched, stale files pruned, no escapes."""
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
