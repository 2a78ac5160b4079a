"""The writer: atomic swap, unchanged files untouched, stale files pruned, no escapes."""
import pytest

from timeline.write import write_site


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
