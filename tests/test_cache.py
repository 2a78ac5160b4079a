"""Incremental builds: cached results equal fresh ones, and an unchanged build writes nothing."""
from __future__ import annotations

import pickle
import shutil
from pathlib import Path

from buildhelp import files, make_project, stamps

from timeline import cache as cache_mod
from timeline.likeness import report_text
from timeline.articles import ArticleResult, process_article
from timeline.pipeline import BuildConfig, build, gather_sources
from timeline.sources import content_digest


def _config(seeds: Path, out: str = "output", **changes) -> BuildConfig:
    project = seeds.parent
    options = dict(seeds=seeds, out=project / out, lock=project / "timeline.lock", jobs=1)
    options.update(changes)
    return BuildConfig(**options)


def test_cache_lives_beside_the_seeds(tmp_path):
    seeds = make_project(tmp_path)
    assert cache_mod.default_cache_dir(seeds) == seeds.parent.resolve() / ".cache" / "timeline"
    build(_config(seeds))
    assert list((seeds.parent / ".cache" / "timeline").glob("*/articles/*/*.pickle"))


def test_unchanged_rebuild_writes_no_file(tmp_path):
    seeds = make_project(tmp_path)
    first = build(_config(seeds))
    before = stamps(seeds.parent)  # the site, the cache and the lock file
    second = build(_config(seeds))
    assert second.written.written == () and second.written.removed == ()
    assert stamps(seeds.parent) == before
    assert (len(second.articles), len(second.events)) == (len(first.articles), len(first.events))


def test_cached_build_equals_fresh_build(tmp_path):
    seeds = make_project(tmp_path)
    build(_config(seeds))
    shutil.rmtree(seeds.parent / "output")  # output gone: rebuilt from the cached articles
    build(_config(seeds))
    build(_config(seeds, out="fresh", use_cache=False))
    assert files(seeds.parent / "output") == files(seeds.parent / "fresh")


def test_damaged_cache_is_ignored(tmp_path):
    seeds = make_project(tmp_path)
    build(_config(seeds))
    expected = files(seeds.parent / "output")
    cache_root = seeds.parent / ".cache" / "timeline"
    for number, entry in enumerate(sorted(cache_root.rglob("*.pickle"))):
        data = entry.read_bytes()
        entry.write_bytes(data[: len(data) // 2] if number % 2 else b"not a pickle")
    shutil.rmtree(seeds.parent / "output")
    build(_config(seeds))
    assert files(seeds.parent / "output") == expected


def test_cache_entry_of_another_kind_is_a_miss(tmp_path):
    cache = cache_mod.Cache(tmp_path, "f" * 64)
    cache.store("ab" * 32, {"not": "a result"})
    assert cache.load("ab" * 32, ArticleResult) is None
    assert cache.load("cd" * 32, ArticleResult) is None


def test_store_and_load_round_trip(tmp_path):
    seeds = make_project(tmp_path)
    sources, _ = gather_sources(seeds)
    cache = cache_mod.Cache(tmp_path / "cache", "0" * 64)
    result = process_article(sources[0])
    # What merging reads of each report's text travels with the cached result.
    assert result.reports and {text for text, _ in result.features} >= {report_text(r) for r in result.reports}
    cache.store("12" * 32, result)
    assert cache.load("12" * 32, ArticleResult) == result
    assert not [p for p in (tmp_path / "cache").rglob("*") if p.name.endswith(".tmp")]


def test_key_changes_with_bytes_path_and_code():
    text, other = content_digest(b"text"), content_digest(b"text!")
    base = cache_mod.source_key("code", "a.md", "a", text)
    assert base == cache_mod.source_key("code", "a.md", "a", content_digest(b"text"))
    others = {
        cache_mod.source_key("other code", "a.md", "a", text),
        cache_mod.source_key("code", "b.md", "a", text),
        cache_mod.source_key("code", "a.md", "b", text),
        cache_mod.source_key("code", "a.md", "a", other),
        cache_mod.source_key("code", "a.md", "a", ""),  # unreadable
    }
    assert base not in others and len(others) == 5


def test_rules_change_changes_fingerprint(tmp_path):
    package = tmp_path / "timeline"
    shutil.copytree(cache_mod.PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    before = cache_mod.code_fingerprint(package)
    assert before == cache_mod.code_fingerprint(package)
    rule = sorted(package.glob("rules/*.toml"))[0]
    rule.write_bytes(rule.read_bytes() + b"\n# changed\n")
    after_rule = cache_mod.code_fingerprint(package)
    (package / "extract.py").write_text((package / "extract.py").read_text() + "\n# changed\n")
    assert len({before, after_rule, cache_mod.code_fingerprint(package)}) == 3


def test_edit_and_delete_update_only_what_changed(tmp_path):
    seeds = make_project(tmp_path)
    build(_config(seeds))
    victim = sorted(seeds.iterdir())[0]
    victim.unlink()
    result = build(_config(seeds))
    assert result.written.removed  # the deleted article's page is pruned
    assert all(name.startswith(("articles/", "events/")) for name in result.written.removed)
    expected = build(_config(seeds, out="fresh", use_cache=False, lock=None))
    assert len(expected.events) == len(result.events)


def test_no_cache_neither_reads_nor_writes_it(tmp_path):
    seeds = make_project(tmp_path)
    build(_config(seeds, use_cache=False))
    assert not (seeds.parent / ".cache").exists()


def test_old_generations_and_stale_entries_are_pruned(tmp_path):
    stale = cache_mod.Cache(tmp_path, "1" * 64)
    stale.store("aa" * 32, 1)
    current = cache_mod.Cache(tmp_path, "2" * 64)
    current.store("bb" * 32, 2)
    current.store("cc" * 32, 3)
    current.prune({"bb" * 32})
    assert not stale.folder.exists()
    assert current.load("bb" * 32, int) == 2 and current.load("cc" * 32, int) is None


def test_damaged_output_is_rebuilt(tmp_path):
    seeds = make_project(tmp_path)
    build(_config(seeds))
    expected = files(seeds.parent / "output")
    (seeds.parent / "output" / "index.html").unlink()
    result = build(_config(seeds))
    assert result.written.written == ("index.html",)
    assert files(seeds.parent / "output") == expected


def test_leftovers_of_interrupted_writes_are_pruned(tmp_path):
    cache = cache_mod.Cache(tmp_path, "3" * 64)
    cache.store("dd" * 32, 4)
    (cache.folder / ".site.pickle.abc.tmp").write_bytes(b"half")
    (cache.entry("dd" * 32).parent / f".{'dd' * 32}.pickle.xyz.tmp").write_bytes(b"half")
    cache.prune({"dd" * 32})
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == [f"{'dd' * 32}.pickle"]


def test_options_that_shape_articles_are_part_of_the_key(tmp_path):
    from dataclasses import dataclass, field

    from timeline.pipeline import article_fingerprint

    seeds = make_project(tmp_path)
    base = _config(seeds)
    assert article_fingerprint(base) == article_fingerprint(_config(seeds, out="elsewhere", jobs=2, base_url="https://x/"))

    @dataclass(frozen=True)
    class Extended(BuildConfig):  # an option added later, unknown to the cache
        strict_dates: bool = field(default=False)

    plain = dict(seeds=seeds, out=seeds.parent / "output")
    assert article_fingerprint(Extended(**plain)) != article_fingerprint(Extended(**plain, strict_dates=True))


def test_noop_rebuild_returns_the_stored_records(tmp_path):
    seeds = make_project(tmp_path)
    first = build(_config(seeds))
    second = build(_config(seeds))
    assert second.written.written == ()
    assert second.articles == first.articles and second.events == first.events and second.problems == first.problems
    assert second.events[:2] == first.events[:2] and list(second.articles) == list(first.articles)
    assert second.events + () == first.events and () + second.articles == first.articles


def test_damaged_stored_records_mean_a_full_rebuild(tmp_path):
    seeds = make_project(tmp_path)
    first = build(_config(seeds))
    folder = next((seeds.parent / ".cache" / "timeline").iterdir())
    stored = folder / "result.pickle"
    data = stored.read_bytes()
    for damaged in (data[:-1], data[:-10] + bytes(10), b"", b"not a pickle", None):
        if damaged is None:
            stored.unlink()
        else:
            stored.write_bytes(damaged)
        result = build(_config(seeds))
        assert result.events == first.events and result.articles == first.articles
        again = build(_config(seeds))  # stored again, whole: nothing left to do
        assert again.written.written == () and again.events == first.events and again.problems == first.problems


def test_stored_summary_names_its_inputs():
    from timeline import lastbuild
    from timeline.records import Problem

    data = lastbuild.encode("inputs", 3, 7, (Problem("a.md", "odd"),))
    assert lastbuild.decode(data, "inputs") == (3, 7, (Problem("a.md", "odd"),))
    assert lastbuild.decode(data, "other inputs") is None
    for damaged in (data[:-1], data + b"x", b"", b"not a pickle", lastbuild.encode("inputs", 3, 7, ("not a problem",))):
        assert lastbuild.decode(damaged, "inputs") is None


def test_noop_records_are_worked_out_when_looked_at(tmp_path):
    seeds = make_project(tmp_path)
    first = build(_config(seeds))
    second = build(_config(seeds))
    assert second.written.written == () and len(second.events) == len(first.events)
    stored = next((seeds.parent / ".cache" / "timeline").glob("*/result.pickle"))
    assert stored.stat().st_size < 4096  # counts and problems, not the records
    assert second.events == first.events and second.articles == first.articles  # worked out here, from the cache


def test_noop_records_of_changed_seeds_are_refused(tmp_path):
    import pytest

    seeds = make_project(tmp_path)
    build(_config(seeds))
    second = build(_config(seeds))
    assert second.written.written == ()
    (seeds / "zz-later.md").write_text("---\ntitle: Later\ndate: 2025-12-01\n---\nIt rained on 30 November 2025.\n",
                                       encoding="utf-8")
    with pytest.raises(RuntimeError, match="changed after this build"):
        second.events[0]
    assert len(second.events) > 0  # the counts were stored


def test_fragments_are_stored_as_a_whole_and_additions(tmp_path):
    cache = cache_mod.Cache(tmp_path, "4" * 64)
    whole = {f"k{n}": f"v{n}" for n in range(100)}
    cache_mod.store_fragments(cache, whole, cache_mod.load_fragments(cache))
    loaded = cache_mod.load_fragments(cache)
    assert dict(loaded) == whole
    grown = {**whole, "new": "item"}
    cache_mod.store_fragments(cache, grown, loaded)
    assert (cache.folder / "fragments-added.pickle").is_file()  # the whole set is not rewritten
    assert dict(cache_mod.load_fragments(cache)) == grown
    (cache.folder / "fragments.pickle").write_bytes(b"damaged")  # what is left is still right
    assert dict(cache_mod.load_fragments(cache)) == {"new": "item"}
    shrunk = {f"k{n}": f"v{n}" for n in range(50)}
    cache_mod.store_fragments(cache, shrunk, cache_mod.load_fragments(cache))
    assert dict(cache_mod.load_fragments(cache)) == shrunk and not (cache.folder / "fragments-added.pickle").exists()


def test_rebuild_with_cache_equals_build_without(tmp_path):
    seeds = make_project(tmp_path)
    build(_config(seeds))
    (seeds / "zz-new.md").write_text("---\ntitle: Port strike\ndate: 2025-11-29\n---\nDock workers walked out on 28 November 2025.\n",
                                     encoding="utf-8")
    cached = build(_config(seeds, jobs=2))
    fresh = build(_config(seeds, out="fresh", use_cache=False, lock=seeds.parent / "fresh.lock"))
    assert cached.events == fresh.events and cached.articles == fresh.articles and cached.problems == fresh.problems


def test_page_records_are_stored_and_loaded_as_they_were(tmp_path):
    from timeline.write import FileRecord

    cache = cache_mod.Cache(tmp_path / "cache", "code")
    out = tmp_path / "output"
    records = {"index.html": ("k" * 64, FileRecord(10, 123, b"d" * 32)), "static/site.css": (None, FileRecord(5, 456, b"e" * 32))}
    cache_mod.store_pages(cache, out, records)
    loaded = cache_mod.load_pages(cache, out)
    assert loaded == records and all(type(record) is FileRecord for _, record in loaded.values())
    assert cache_mod.load_pages(cache, tmp_path / "elsewhere") == {}  # recorded for another output folder
    cache.pages().write_bytes(pickle.dumps((str(out.resolve()), {"index.html": ("k", 10, 123)}), protocol=5))
    assert cache_mod.load_pages(cache, out) == {}  # not of this layout
