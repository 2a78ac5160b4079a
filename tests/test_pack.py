"""The pack of cached results: equal to the entries it stands for, and never trusted over them."""
from __future__ import annotations

import os
import pickle
from datetime import date
from pathlib import Path

import pytest
from buildhelp import files, make_project

from timeline import cache as cache_mod
from timeline import aside, fanout, pack
from timeline.articles import ArticleResult, process_cached
from timeline.pipeline import BuildConfig, article_fingerprint, build, gather_sources
from timeline.progress import Progress
from timeline.records import Event, Mention, Timex, When
from timeline.reuse import prepare, scan_output
from timeline.site import DEFAULT_TEMPLATES, SiteOptions


def _config(seeds: Path, **changes) -> BuildConfig:
    options = dict(seeds=seeds, out=seeds.parent / "output", lock=seeds.parent / "timeline.lock", jobs=1)
    options.update(changes)
    return BuildConfig(**options)


def _cached(seeds: Path, jobs: int = 1):
    """Every source's result as ``process_cached`` gives it, how the pack served, and the cache."""
    config = _config(seeds)
    sources, _ = gather_sources(seeds)
    fingerprint = article_fingerprint(config)
    keys = tuple(cache_mod.source_key(fingerprint, s.path, s.id, s.digest) for s in sources)
    cache = cache_mod.Cache(cache_mod.default_cache_dir(seeds), fingerprint)
    results, _, packing = process_cached(sources, cache, keys, jobs, Progress())
    return results, packing, cache, keys


def test_sharing_copies_equal_records_and_makes_equal_values_one():
    when = When("2025-11-25", date(2025, 11, 25), date(2025, 11, 25), "day")
    timex = Timex(0, 8, "Tuesday", "DATE", "2025-11-25", "day")
    first = Event("a", "A", when, (Mention("x", "Talks began.", 0, 12, timex=timex),))
    second = Event("b", "B", When("2025-11-25", date(2025, 11, 25), date(2025, 11, 25), "day"),
                   (Mention("y", "".join(["Talks ", "began."]), 0, 12),))
    share = pack.Sharing()
    items = (first, second, (timex,))
    copies = tuple(share(item) for item in items)
    assert copies == items and pickle.loads(pickle.dumps(copies)) == items
    assert copies[0].when is copies[1].when  # equal ranges: one object
    assert copies[0].mentions[0].text is copies[1].mentions[0].text
    assert copies[0].mentions[0].timex is copies[2][0]  # one record reached twice stays one


def test_sharing_keeps_values_of_different_types_apart():
    share = pack.Sharing()
    plain = When("x", None, None, None, derived=False)
    odd = When("x", None, None, None, derived=0)
    kept = share(plain), share(odd)
    assert type(kept[0].derived) is bool and type(kept[1].derived) is int
    assert share(("a", "b")) is share(("a", "b")) and share((1, True)) == (1, True)


def test_sharing_leaves_defaults_to_the_class():
    event = Event("a", "A", When("-", None, None, None), (Mention("x", "Talks began.", 0, 12),), rank=0, future=True)
    copy = pack.Sharing()(event)
    assert copy == event and pickle.loads(pickle.dumps(copy)) == event
    assert "rank" not in vars(copy) and copy.rank == 0 and vars(copy)["future"] is True  # a default is read from the class
    assert "timex" not in vars(copy.mentions[0]) and copy.mentions[0].timex is None
    odd = pack.Sharing()(Event("a", "A", When("-", None, None, None), (), rank=False))
    assert vars(odd)["rank"] is False  # equal to the default, of another type: kept


def test_a_pack_round_trips_and_damage_means_none():
    items = [("k1", (10, 20), ("a", date(2020, 1, 1))), ("k2", (11, 21), ("a", None))]
    data = pack.encode(items)
    assert pack.decode(data) == {key: (stamp, value) for key, stamp, value in items}
    for damaged in (data[:-1], data[: len(data) // 2], b"", b"not a pack", pickle.dumps(("other", (), ()))):
        assert pack.decode(damaged) is None
    assert pack.decode(pack.encode([])) == {}


def test_a_pack_loaded_from_its_file_is_the_pack_decoded(tmp_path):
    items = [(f"k{n}", (n, n), ("a sentence", date(2020, 1, 1 + n % 28))) for n in range(pack.SEGMENT + 5)]
    data = pack.encode(items)
    path = tmp_path / "results.pack"
    path.write_bytes(data)
    assert pack.load(path) == pack.decode(data) == {key: (stamp, value) for key, stamp, value in items}
    for damaged in (data[:-1], data[: len(data) // 2], b""):
        path.write_bytes(damaged)
        assert pack.load(path) is None
    assert pack.load(tmp_path / "missing.pack") is None and pack.load(tmp_path) is None  # no file, a folder


def test_a_pack_of_many_segments_refers_back_across_them():
    shared = "a sentence many articles repeat"
    items = [(f"k{n}", (n, n), (shared, n)) for n in range(pack.SEGMENT * 2 + 3)]
    decoded = pack.decode(pack.encode(items))
    assert [decoded[key][1] for key, _, _ in items] == [value for _, _, value in items]
    assert len({id(value[0]) for _, value in decoded.values()}) == 1


def test_the_pack_is_written_again_only_when_much_of_it_is_outdated():
    assert pack.outdated(10, None, 0) and not pack.outdated(0, None, 0)
    assert not pack.outdated(4001, 4000, 4000)  # an article added
    assert pack.outdated(100, 100, 70)  # 30 edited: read one by one now
    assert pack.outdated(60, 100, 60)  # 40 removed: loaded for nothing
    assert not pack.outdated(100, 100, 100)


def test_a_build_packs_its_results_and_the_next_takes_them_from_the_pack(tmp_path):
    seeds = make_project(tmp_path)
    build(_config(seeds))
    results, packing, cache, _ = _cached(seeds)
    assert cache.pack().is_file()
    assert packing.served == packing.packed == len(results)
    fresh = tuple(process_cached(*_sources_and_nothing_cached(seeds))[0])
    assert results == fresh


def _sources_and_nothing_cached(seeds: Path):
    sources, _ = gather_sources(seeds)
    return sources, None, tuple("" for _ in sources), 1, Progress()


@pytest.mark.parametrize("damage", ["rewritten", "deleted"])
def test_an_entry_changed_since_packing_is_not_taken_from_the_pack(tmp_path, damage):
    seeds = make_project(tmp_path)
    build(_config(seeds))
    before, _, cache, keys = _cached(seeds)
    victim = cache.entry(keys[0])
    if damage == "rewritten":
        victim.write_bytes(b"not a pickle")
    else:
        victim.unlink()
    after, packing, _, _ = _cached(seeds)
    assert packing.served == len(before) - 1  # the pack is not trusted for it
    assert after == before  # recomputed
    assert isinstance(cache.load(keys[0], ArticleResult), ArticleResult)  # and stored again


def test_a_damaged_pack_is_ignored(tmp_path):
    seeds = make_project(tmp_path)
    first = build(_config(seeds))
    expected = files(seeds.parent / "output")
    _, _, cache, _ = _cached(seeds)
    cache.pack().write_bytes(cache.pack().read_bytes()[:1000])
    (seeds.parent / "output" / "index.html").unlink()
    again = build(_config(seeds))
    assert files(seeds.parent / "output") == expected and len(again.events) == len(first.events)
    assert pack.load(cache.pack()) is not None  # packed again, as none could be read


def test_a_project_copied_with_its_times_keeps_its_pack(tmp_path):
    seeds = make_project(tmp_path)
    build(_config(seeds))
    _, _, cache, keys = _cached(seeds)
    entry = cache.entry(keys[0])
    stat = entry.stat()
    copy = entry.with_name("copy")
    copy.write_bytes(entry.read_bytes())
    os.utime(copy, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    os.replace(copy, entry)  # another inode, the same size and time
    _, packing, _, _ = _cached(seeds)
    assert packing.served == packing.packed


def test_loading_with_workers_gives_what_loading_alone_does(tmp_path):
    seeds = make_project(tmp_path)
    build(_config(seeds))
    alone, _, cache, keys = _cached(seeds)
    cache.entry(keys[-1]).unlink()  # one to compute on a worker while the rest load
    together, _, _, _ = _cached(seeds, jobs=2)
    assert together == alone


def test_forked_gives_the_value_worked_out_elsewhere():
    parent = os.getpid()
    assert aside.forked(lambda: (os.getpid() != parent, [1, 2, 3] * 10000))() == (fanout.can_fork(), [1, 2, 3] * 10000)


def test_forked_works_out_here_what_failed_there():
    def flaky():
        if os.getpid() != parent:
            raise RuntimeError("only here")
        return "here"

    parent = os.getpid()
    assert aside.forked(flaky)() == "here"
    with pytest.raises(ZeroDivisionError):
        aside.forked(lambda: 1 // 0)()


class _Unpicklable:
    def __reduce__(self):
        return 1 // 0


@pytest.mark.parametrize("fork", [True, False])
def test_a_pack_is_written_on_a_forked_process_or_here(tmp_path, fork):
    entry = tmp_path / "entry.pickle"
    entry.write_bytes(b"stored")
    path = tmp_path / "deep" / "results.pack"
    assert pack.write_forked(path, ["k", "gone"], [str(entry), str(tmp_path / "missing")], ["result", "lost"], fork)() is True
    assert pack.load(path) == {"k": (pack.stamp(str(entry)), "result")}  # only what sits beside its entry
    (tmp_path / "file").write_bytes(b"")
    assert pack.write_forked(tmp_path / "file" / "results.pack", ["k"], [str(entry)], ["result"], fork)() is False  # cannot be written
    with pytest.raises(ZeroDivisionError):  # a fault, not the disk: raised where it belongs
        pack.write_forked(path, ["k"], [str(entry)], [_Unpicklable()], fork)()
    assert pack.load(path) == {"k": (pack.stamp(str(entry)), "result")} and not list(path.parent.glob(".*.tmp"))


def test_the_output_scanned_aside_is_the_output_scanned_here(tmp_path):
    seeds = make_project(tmp_path)
    config = _config(seeds)
    build(config)
    out = config.out
    (out / "index.html").write_bytes(b"edited by hand")  # no longer as recorded
    (out / "stray.txt").write_bytes(b"not the site's")
    cache = cache_mod.Cache(cache_mod.default_cache_dir(seeds), article_fingerprint(config))
    options = SiteOptions(templates=DEFAULT_TEMPLATES)
    here = prepare(cache, config.lock, out, DEFAULT_TEMPLATES, options, "f")
    elsewhere = prepare(cache, config.lock, out, DEFAULT_TEMPLATES, options, "f", aside.forked(lambda: scan_output(out, cache)))
    assert list(here.current.items()) == list(elsewhere.current.items())
    assert here.current["index.html"] is None and here.current["stray.txt"] is None
    assert sum(record is not None for record in here.current.values()) > 10
