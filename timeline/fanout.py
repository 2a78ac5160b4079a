"""Run many small, independent jobs (rendering pages) on forked worker processes.

A page is rendered from the whole site's data and a Jinja environment, neither of which
pickles cheaply (closures, compiled templates, a million records). Forked workers inherit
them instead: the jobs are left in a module variable before the pool starts, and only
index ranges go out and bytes come back. Each job is a pure function of that data, so
the result is the same for any number of workers, in the order of the jobs.

Forking is only safe when this is the process's only thread (a lock another thread holds
at the fork stays held in the child), so otherwise, or where fork does not exist, the
jobs run here, one after the other.
"""
from __future__ import annotations

import gc
import multiprocessing
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor

# Below this many jobs, starting processes costs more than it saves.
PARALLEL_MIN = 200

_JOBS: Sequence[Callable[[], bytes]] = ()  # what forked workers run: inherited, never pickled


def _run(bounds: tuple[int, int]) -> list[bytes]:
    start, end = bounds
    return [_JOBS[index]() for index in range(start, end)]


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def run_all(jobs: Sequence[Callable[[], bytes]], workers: int) -> list[bytes]:
    """Every job's result, in order."""
    global _JOBS
    if workers <= 1 or len(jobs) < PARALLEL_MIN or not can_fork():
        return [job() for job in jobs]
    # Several chunks per worker, so one slow chunk (a page quoting hundreds of reports)
    # does not hold up the end.
    size = max(1, len(jobs) // (workers * 8))
    chunks = [(start, min(start + size, len(jobs))) for start in range(0, len(jobs), size)]
    _JOBS = jobs
    # Frozen objects are left out of the children's collections: otherwise a collection
    # walks the whole inherited heap, touching (and so copying) every page of it.
    gc.freeze()
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
            return [page for chunk in pool.map(_run, chunks) for page in chunk]
    finally:
        _JOBS = ()
        gc.unfreeze()
