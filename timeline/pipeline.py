"""The build, as a short list of named stages.

Per article (pure, so it can be cached and run in parallel; ``articles``): read -> tag and
anchor dates -> extract event reports. Then over the whole corpus: merge, order and rank
the events, render every page, write the site. Everything is gathered before a single
page is written, so every page sees the same data.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from functools import partial
from pathlib import Path
from time import time_ns

from . import cache as cache_mod
from . import lastbuild
from . import registry as registry_mod
from .articles import UNDATED, ArticleResult, default_jobs, process_cached, repack
from .progress import Progress
from .reuse import Prepared, prepare, scan_output, store_records
from .read import duplicate_problem, duplicates
from .sources import Known, Source, gather_known, gather_sources
from .records import Article, Event, Problem
from .site import DEFAULT_TEMPLATES, SiteData, SiteOptions
from .write import Keep, WriteReport, recover, scratch, write_site

# The language stages (tagging, extraction, merging, the graph) and the renderer are
# imported by the functions that use them: a rebuild that finds nothing changed needs
# none of them, and importing them costs a third of a second.


@dataclass(frozen=True)
class BuildConfig:
    seeds: Path
    out: Path
    templates: Path = DEFAULT_TEMPLATES
    base_url: str | None = None
    use_cache: bool = True
    cache_dir: Path | None = None  # None: <seeds>/../.cache/timeline
    lock: Path | None = None  # the event identity file; None keeps no registry
    jobs: int | None = None  # worker processes for the per-article stage and rendering; None: one per core


@dataclass(frozen=True)
class BuildResult:
    articles: tuple[Article, ...]
    events: tuple[Event, ...]
    problems: tuple[Problem, ...]
    written: WriteReport


def drop_duplicates(results: tuple[ArticleResult, ...]) -> tuple[ArticleResult, ...]:
    """A file with the same content as an earlier one is reported, and built once."""
    copies = duplicates(tuple(r.article for r in results if r.article is not None))
    return tuple(
        ArticleResult(r.source, None, (), (), (duplicate_problem(r.source, copies[r.source]),)) if r.source in copies else r
        for r in results
    )


def date_articles(results: tuple[ArticleResult, ...]) -> tuple[tuple[ArticleResult, ...], tuple[Problem, ...]]:
    """Articles without a publication date get one inferred from the others, and are re-read with it."""
    from .infer import infer_dates

    read = [r for r in results if r.article is not None]
    dated, problems = infer_dates([(r.article, r.timexes, r.reports) for r in read])
    by_source = {r.source: r if (a, t, e) == (r.article, r.timexes, r.reports) else replace(r, article=a, timexes=t, reports=e)
                 for r, (a, t, e) in zip(read, dated)}
    # An inferred date answers the warning; a failed inference says more than it: keep one.
    settled = {r.source for r in by_source.values() if r.article.published_from == "inferred"}
    settled |= {p.path for p in problems}
    results = tuple(
        replace(by_source.get(r.source, r), problems=tuple(p for p in r.problems if p.message != UNDATED)) if r.source in settled
        else by_source.get(r.source, r)
        for r in results
    )
    return results, problems


def assemble_events(results: tuple[ArticleResult, ...]) -> tuple[tuple[Event, ...], tuple[Problem, ...]]:
    """The corpus-wide stages: from every article's reports to the ordered, ranked timeline."""
    from .graph import link_events, order_events, rank_events
    from .likeness import learn
    from .merge import merge_reports

    for result in results:
        learn(result.features)
    reports = tuple(event for result in results for event in result.reports)
    published = {r.article.id: r.article.published for r in results if r.article is not None}
    events, problems = link_events(merge_reports(reports, published), published)
    return rank_events(order_events(events)), problems


# Options that cannot change what one article yields. Any other option, including one
# added later, is part of every article's cache key, so forgetting to list it here costs
# a recomputation, never a stale result.
OUTPUT_ONLY = frozenset({"seeds", "out", "templates", "base_url", "use_cache", "cache_dir", "lock", "jobs"})


def article_fingerprint(config: BuildConfig) -> str:
    """The code, rules and data, and the options, that decide each article's result."""
    options = sorted((f.name, repr(getattr(config, f.name))) for f in fields(config) if f.name not in OUTPUT_ONLY)
    return cache_mod.inputs_digest([cache_mod.code_fingerprint(), repr(options)])


def _read_lock(path: Path | None) -> bytes:
    try:
        return path.read_bytes() if path is not None else b""
    except OSError:
        return b""


def _site_inputs(config: BuildConfig, options: SiteOptions, fingerprint: str, keys: tuple[str, ...]) -> Callable[[bytes], str]:
    """Everything the site is made from, as a function of the lock file's bytes."""
    fixed = [fingerprint, cache_mod.tree_fingerprint(config.templates), repr(options), str(config.out.resolve()), *keys]
    return lambda lock_bytes: cache_mod.inputs_digest([lock_bytes, *fixed])


@dataclass(frozen=True)
class _Start:
    """What a build starts from, read from the seeds folder and the configuration."""

    options: SiteOptions
    sources: tuple[Source, ...]
    problems: tuple[Problem, ...]  # found listing the seeds
    fingerprint: str  # ``article_fingerprint``
    keys: tuple[str, ...]  # each source's cache key
    inputs: Callable[[bytes], str]  # ``_site_inputs``
    cache: cache_mod.Cache | None
    known: tuple[Known | None, Known | None]  # of the source files: as the last build left it, and now

    @staticmethod
    def of(config: BuildConfig) -> _Start:
        options = SiteOptions(templates=config.templates, base_url=config.base_url)
        fingerprint = article_fingerprint(config)
        cache, known = None, (None, None)
        if config.use_cache:
            cache = cache_mod.Cache(config.cache_dir or cache_mod.default_cache_dir(config.seeds), fingerprint)
            # Files whose stamp is as the last build found them are not read again. The
            # clock only decides which stamps are trusted next time, never the output.
            before = cache_mod.load_known(cache)
            sources, problems, now = gather_known(config.seeds, before, time_ns())
            known = (before, now)
        else:
            sources, problems = gather_sources(config.seeds)
        keys = tuple(cache_mod.source_key(fingerprint, s.path, s.id, s.digest) for s in sources)
        return _Start(options, sources, problems, fingerprint, keys, _site_inputs(config, options, fingerprint, keys), cache, known)


def _previous_result(cache: cache_mod.Cache, inputs: str, config: BuildConfig) -> BuildResult | None:
    """The last build's result, if it was made from the same inputs and its output is
    intact. Its counts and problems were stored; its articles and events are worked out
    again when first looked at, which fails if the inputs have changed since."""
    state = cache_mod.load_site_state(cache)
    if state is None or state.inputs != inputs or state.manifest != cache_mod.output_manifest(config.out):
        return None
    stored = cache_mod.load_site_result(cache, inputs)
    if stored is None:
        return None
    articles, events, problems = stored
    later = lastbuild.Later(partial(_records_again, config, inputs))
    kept = tuple(row[0] for row in state.manifest if not row[0].endswith("/"))
    return BuildResult(lastbuild.Records(articles, later, 0), lastbuild.Records(events, later, 1), problems,
                       WriteReport((), kept, ()))


def _records_again(config: BuildConfig, inputs: str) -> tuple[tuple[Article, ...], tuple[Event, ...]]:
    """The articles and events of a build of ``inputs`` that found nothing changed, worked
    out from the cache as a build does, short of rendering."""
    start = _Start.of(config)
    if start.inputs(_read_lock(config.lock)) != inputs:
        raise RuntimeError(f"the seeds in {config.seeds}, the templates or the lock file changed after this build: "
                           "build again to see its articles and events")
    with cache_mod.no_collections():
        results, _, _ = process_cached(start.sources, start.cache, start.keys, config.jobs or default_jobs(), Progress())
        _, articles, events, _, _ = _corpus(drop_duplicates(results), registry_mod.load(config.lock), Progress())
    return articles, events


def _corpus(results: tuple[ArticleResult, ...], registry: registry_mod.Registry, progress: Progress) -> tuple[
        tuple[ArticleResult, ...], tuple[Article, ...], tuple[Event, ...], tuple[Problem, ...], registry_mod.Registry]:
    """The corpus-wide stages, from every article's result to the timeline's events with
    their lasting ids: the results as dated, the articles, the events, the problems found
    on the way and the registry of ids."""
    with progress.stage("events"):
        results, inferred = date_articles(results)
        articles = tuple(r.article for r in results if r.article is not None)
        problems = tuple(p for r in results for p in r.problems) + inferred
        events, order_problems = assemble_events(results)
        events, registry = registry_mod.reconcile(registry, events, articles)
    return results, articles, events, problems + order_problems, registry


def build(config: BuildConfig, progress: Progress | None = None, keep: list | None = None) -> BuildResult:
    """Build the site; unchanged inputs and output mean nothing is computed or written.

    ``keep``, when given, is handed what the build made on the way (every article's
    result, the pages, the state carried over): a caller about to leave without freeing
    memory (the command line) spares freeing a large build's million objects one by one.
    """
    with cache_mod.no_collections():
        return _build(config, progress or Progress(), keep if keep is not None else [])


def _build(config: BuildConfig, progress: Progress, keep: list) -> BuildResult:
    with progress.stage("sources"):
        recover(config.out)  # a write a killed build left half done is completed or undone first
        start = _Start.of(config)
        options, sources, problems, fingerprint, keys, inputs, cache = (
            start.options, start.sources, start.problems, start.fingerprint, start.keys, start.inputs, start.cache)
        if cache is not None:
            if start.known[1] != start.known[0]:
                cache_mod.store_known(cache, start.known[1])
            if previous := _previous_result(cache, inputs(_read_lock(config.lock)), config):
                progress.note("sources", "nothing changed since the last build")
                return previous
    results, before, packing = process_cached(
        sources, cache, keys, config.jobs or default_jobs(), progress,
        lambda scanned: prepare(cache, config.lock, config.out, config.templates, options, fingerprint, scanned),
        partial(scan_output, config.out, cache))
    # Packed (when it is due) on another process while this one goes on, and waited for
    # before the cache is pruned of unfinished files.
    repacked = repack(cache, keys, results, packing)
    try:
        results, articles, events, found, registry = _corpus(drop_duplicates(results), before.registry, progress)
        problems += found
        lock_text = registry_mod.dumps(registry).encode("utf-8")
        # What a later rebuild that finds nothing changed returns, under the inputs as
        # they will be once the lock file is written.
        records_stored = store_records(cache, inputs(lock_text if config.lock is not None else b""), len(articles), len(events), problems)
        timexes = {r.article.id: r.timexes for r in results if r.article is not None}
        site = SiteData(articles, events, problems, timexes)
        with scratch(config.out) as staging:
            files, page_keys, fragments = _render(site, registry, options, before, config, progress, staging)
            pages, current = before.pages, before.current
            with progress.stage("write", total=len(files), unit="files") as advance:
                written = write_site(files, config.out, current)
                advance(len(files))
                if config.lock is not None and lock_text != _read_lock(config.lock):
                    cache_mod.write_atomic(config.lock, lock_text)
    finally:
        repacked()
    manifest, written = written.manifest, replace(written, manifest={})
    if cache is not None:
        with progress.stage("cache"):
            if records_stored:
                # Recorded with the lock as just written: building again from it gives the same ids.
                state = cache_mod.SiteState(inputs(_read_lock(config.lock)), cache_mod.output_manifest(config.out))
                cache_mod.store_site_state(cache, state)
            records = {path: (page_keys.get(path), record) for path, record in manifest.items()}
            if records != pages:
                cache_mod.store_pages(cache, config.out, records)
            cache_mod.store_fragments(cache, fragments, before.fragments)
            cache.prune(set(keys))
    keep += (results, before, site, files, page_keys, fragments, manifest)
    return BuildResult(articles, events, problems, written)


def _render(site: SiteData, registry: registry_mod.Registry, options: SiteOptions, before: Prepared,
            config: BuildConfig, progress: Progress, staging: Path) -> tuple:
    """Every file of the site (``KEEP`` for a page kept as it is, ``Staged`` for one
    written to ``staging``), the pages' keys and the rendered fragments to store."""
    from .render import render_changed, render_pages

    with progress.stage("render"):
        # Pages whose inputs are as they were, and whose file is still as written, are kept.
        reuse = {path: key for path, (key, _) in before.pages.items() if key and before.current.get(path) is not None} \
            if config.use_cache else None
        files, page_keys, fragments = render_changed(site, options, reuse, before.salt, before.fragments,
                                                     workers=config.jobs or default_jobs(), scratch=staging)
        retired = render_pages(registry_mod.retired_pages(registry), options)
        if clash := sorted(files.keys() & retired.keys()):
            raise ValueError(f"a retired event page would replace a page of the site: {clash[0]}")
        files.update(retired)
        progress.note("render", f"{sum(1 for v in files.values() if isinstance(v, Keep))} pages reused")
    return files, page_keys, fragments
