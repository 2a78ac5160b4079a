"""The per-article stage: read, tag and extract one article, a pure function of its bytes
(``process_article``); and that stage over a whole corpus, from the cache where it can
(``process_cached``), on worker processes otherwise (``process_many``).
"""
from __future__ import annotations

import os
import pickle
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from . import cache as cache_mod
from . import pack
from .aside import forked
from .progress import Progress
from .read import read_article
from .records import Article, Event, Problem, Timex
from .sources import Source, read_unread

if TYPE_CHECKING:
    from .likeness import Packed

T = TypeVar("T")
A = TypeVar("A")

# The language stages (tagging, extraction) are imported by ``process_article``, where
# they are used: a build whose articles are all cached never needs them, and importing
# the tagger compiles its rules.


@dataclass(frozen=True)
class ArticleResult:
    """Everything the per-article stages learn from one source."""

    source: str
    article: Article | None
    timexes: tuple[Timex, ...]
    reports: tuple[Event, ...]
    problems: tuple[Problem, ...]
    # What merging reads of each report's text (``likeness.text_features``): worked out
    # here, where it is cached and parallel, rather than for the whole corpus every build.
    features: tuple[tuple[str, Packed], ...] = ()


UNDATED = "no publication date (front matter 'date' or a dateline); relative dates such as 'Tuesday' stay unresolved"


def process_article(source: Source) -> ArticleResult:
    """Read, tag and extract one article: a pure function of the source's bytes."""
    if source.raw is None:
        problem = Problem(source.path, source.error or "cannot read", severity="error")
        return ArticleResult(source.path, None, (), (), (problem,))
    article, problems = read_article(source.raw, source.path, source.id)
    if article is None:
        return ArticleResult(source.path, None, (), (), problems)
    if article.published is None:
        problems += (Problem(source.path, UNDATED),)
    from .extract import extract_reports
    from .likeness import text_features
    from .tag import tag

    try:
        timexes = tag(article.text, article.published)
        reports = extract_reports(article, timexes)
        features = text_features(reports)
        for report in reports:
            for mention in report.mentions:  # worked out here, to be cached with the mention
                mention.page_digest, mention.sentence_digest  # noqa: B018
        article.page_digest  # noqa: B018  (likewise)
    except Exception as err:  # a fault one article triggers must not stop the others: report it
        problem = Problem(source.path, f"internal error finding dates ({type(err).__name__}: {err}); "
                          "the article is shown without dates", severity="error")
        return ArticleResult(source.path, article, (), (), (*problems, problem))
    return ArticleResult(source.path, article, timexes, reports, problems, features)


# Below this many articles to process, starting worker processes costs more than it saves.
PARALLEL_MIN = 16


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not every platform can tell which cores are usable
        return max(1, os.cpu_count() or 1)


def _process_and_store(job: tuple[Source, str | None, cache_mod.Cache | None]) -> bytes:
    """``process_article`` on a worker process, its result pickled once: the same bytes are
    stored in the cache and sent back, rather than pickled again to cross to the main
    process. Storing here spares the main process, which also gathers every result,
    writing them all on one core while the workers wait."""
    source, key, cache = job
    data = pickle.dumps(process_article(source), protocol=cache_mod.PROTOCOL)
    if cache is not None and key is not None:
        cache.store_pickled(key, data)
    return data


def _chunksize(count: int, jobs: int) -> int:
    # Chunks amortise the cost of sending work to a process, yet stay small enough that
    # every process gets several and an uneven chunk does not hold up the end.
    return max(1, min(32, count // (jobs * 8)))


def process_many(sources: tuple[Source, ...], jobs: int, advance: Callable[[int], None],
                 cache: cache_mod.Cache | None = None, keys: tuple[str, ...] | None = None) -> Iterator[ArticleResult]:
    """``process_article`` over ``sources``, in order, on up to ``jobs`` processes; each
    result stored in ``cache`` under its key from ``keys`` when given."""
    work = tuple(zip(sources, keys if keys is not None else (None,) * len(sources), (cache,) * len(sources)))
    if jobs <= 1 or len(sources) < PARALLEL_MIN:
        for source, key, _ in work:
            result = process_article(source)
            if cache is not None and key is not None:
                cache.store(key, result)
            yield result
            advance(1)
        return
    with ProcessPoolExecutor(max_workers=min(jobs, len(sources))) as pool:
        for data in pool.map(_process_and_store, work, chunksize=_chunksize(len(sources), jobs)):
            yield pickle.loads(data)
            advance(1)


def _readied(source: Source, key: str | None) -> tuple[Source, str | None]:
    """``source`` with its bytes, to be worked out, and the key to store its result under:
    none when bytes left unread are no longer those its key was made from (the file
    changed during the build: the next build reads it again)."""
    ready = read_unread(source)
    return ready, key if ready.digest == source.digest else None


def _of(hit: object, source: Source) -> bool:
    return isinstance(hit, ArticleResult) and hit.source == source.path


def _load_stored(sources: tuple[Source, ...], keys: tuple[str, ...], stored: dict[int, tuple[str, pack.Stamp]],
                 cache: cache_mod.Cache, advance: Callable[[int], None]) -> tuple[dict[int, ArticleResult], pack.Use]:
    """The results of ``stored`` (source index: entry path and stamp) that can be read and
    are of their source, and how the cache's pack served: a packed result is taken while
    its entry is the file it was packed from, else the entry is read."""
    packed = pack.load(cache.pack()) if stored else None
    found: dict[int, ArticleResult] = {}
    served = 0
    for index, (entry, stamp) in stored.items():
        item = packed.get(keys[index]) if packed is not None else None
        hit = item[1] if item is not None and item[0] == stamp else None
        if _of(hit, sources[index]):
            served += 1
        else:
            hit = cache_mod.read_pickle(entry, ArticleResult)
        if _of(hit, sources[index]):
            found[index] = hit
    advance(len(found))
    return found, pack.Use(None if packed is None else len(packed), served)


def process_cached(sources: tuple[Source, ...], cache: cache_mod.Cache | None, keys: tuple[str, ...], jobs: int, progress: Progress,
                   meanwhile: Callable[[Callable[[], A] | None], T] = lambda aside: None, aside: Callable[[], A] | None = None
                   ) -> tuple[tuple[ArticleResult, ...], T, pack.Use]:
    """Every source's result: from the cache when its key is there, else computed and
    stored; the value of ``meanwhile``; and how the cache's pack served.

    Sources with no entry at all are worked out on other processes while the stored
    results load here: after adding an article, tagging it (its first use of the rules
    compiles them) takes longer than loading the thousands of others, so ``meanwhile``,
    work the build needs later, runs here before waiting for them. With more than one
    job, ``aside()`` (whose value must pickle cheaply) is worked out on a process of its
    own from the start, and ``meanwhile`` is given a function that waits for its value;
    else None, and it does that work itself.
    """
    with progress.stage("articles", total=len(sources), unit="articles") as advance:
        paths = cache.entry_paths(keys) if cache is not None else []
        stored = {index: (path, stamp) for index, path in enumerate(paths) if (stamp := pack.stamp(path)) is not None}
        fresh = tuple(index for index in range(len(sources)) if index not in stored)
        # Forked before the pool below starts the threads that make forking unsafe.
        set_aside = forked(aside) if aside is not None and jobs > 1 and stored else None
        found: dict[int, ArticleResult] = {}
        if jobs > 1 and stored and fresh:
            work = tuple((*_readied(sources[index], keys[index]), cache) for index in fresh)
            with ProcessPoolExecutor(max_workers=min(jobs, len(fresh))) as pool:
                computing = pool.map(_process_and_store, work, chunksize=_chunksize(len(fresh), jobs))  # starts now
                loaded, packing = _load_stored(sources, keys, stored, cache, advance)
                prepared = meanwhile(set_aside)
                for index, data in zip(fresh, computing):
                    found[index] = pickle.loads(data)
                    advance(1)
        else:
            loaded, packing = _load_stored(sources, keys, stored, cache, advance)
            prepared = meanwhile(set_aside)
        found.update(loaded)
        # The sources not computed above, and those whose entry could not be read.
        missing = tuple(index for index in range(len(sources)) if index not in found)
        readied = tuple(_readied(sources[i], keys[i]) for i in missing)
        computed = process_many(tuple(source for source, _ in readied), jobs, advance, cache, tuple(key for _, key in readied))
        for index, result in zip(missing, computed):
            found[index] = result
        progress.note("articles", f"{len(loaded)} cached")
    return tuple(found[index] for index in range(len(sources))), prepared, packing


def repack(cache: cache_mod.Cache | None, keys: tuple[str, ...], results: tuple[ArticleResult, ...], packing: pack.Use) -> Callable[[], bool]:
    """Start packing ``results`` (the entries under ``keys``) for the next build when the
    pack is outdated, on a forked process; the function returned waits for it."""
    if cache is None or not packing.outdated(len(results)):
        return lambda: False
    return pack.write_forked(cache.pack(), keys, cache.entry_paths(keys), results)
