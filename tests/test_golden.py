"""Golden site: the fixture seeds build into exactly the committed expected files.

When a change is intended: python tests/update_golden.py, then review the diff.
"""
from pathlib import Path

from timeline.pipeline import BuildConfig, build

GOLDEN = Path(__file__).resolve().parent / "golden"


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_golden_site(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)  # the expected feed has no pinned time
    out = tmp_path / "site"
    build(BuildConfig(seeds=GOLDEN / "seeds", out=out, base_url="https://example.org/timeline/", use_cache=False))
    produced, expected = _files(out), _files(GOLDEN / "expected")
    assert sorted(produced) == sorted(expected), "the set of files changed; run python tests/update_golden.py if intended"
    for name in sorted(expected):
        assert produced[name] == expected[name], f"{name} differs; run python tests/update_golden.py if intended"
