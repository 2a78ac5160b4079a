"""The per-article stage and the page rendering give the same site on one process or several."""
from __future__ import annotations

import pytest
from buildhelp import files, make_project

from timeline import articles, fanout
from timeline.articles import process_article, process_many
from timeline.pipeline import BuildConfig, build, gather_sources
from timeline.progress import Progress


def test_pool_results_equal_serial_results(tmp_path, monkeypatch):
    monkeypatch.setattr(articles, "PARALLEL_MIN", 1)  # the fixture is small: use the pool anyway
    sources, _ = gather_sources(make_project(tmp_path))
    counted = []
    pooled = tuple(process_many(sources, 2, counted.append))
    assert pooled == tuple(process_article(source) for source in sources)
    assert sum(counted) == len(sources)


def test_site_is_identical_for_any_number_of_jobs(tmp_path, monkeypatch):
    monkeypatch.setattr(articles, "PARALLEL_MIN", 1)
    monkeypatch.setattr(fanout, "PARALLEL_MIN", 1)  # pages rendered on forked workers too
    seeds = make_project(tmp_path)
    for jobs in (1, 2):
        build(BuildConfig(seeds=seeds, out=tmp_path / f"out{jobs}", use_cache=False, jobs=jobs))
    assert files(tmp_path / "out1") == files(tmp_path / "out2")


def test_forked_workers_return_every_job_in_order(monkeypatch):
    if not fanout.can_fork():
        pytest.skip("no fork here, or other threads are alive: the jobs run in this process")
    monkeypatch.setattr(fanout, "PARALLEL_MIN", 1)
    jobs = [lambda n=n: f"page {n}".encode() for n in range(37)]
    assert fanout.run_all(jobs, 2) == [f"page {n}".encode() for n in range(37)]


def test_progress_plain_lines_and_summary():
    ticks = iter(range(100))
    lines = []

    class Stream:
        def write(self, text):
            lines.append(text)

        def flush(self):
            pass

        def isatty(self):
            return False

    progress = Progress(Stream(), clock=lambda: float(next(ticks)))
    with progress.stage("articles", total=400, unit="articles") as advance:
        for _ in range(400):
            advance(1)
    progress.note("articles", "3 cached")
    with progress.stage("render"):
        pass
    assert "".join(lines) == "articles: 100/400 articles\narticles: 200/400 articles\narticles: 300/400 articles\n"
    assert progress.summary() == "time: articles 1.00s (400, 3 cached); render 1.00s; total 2.00s"


def test_progress_bar_on_a_terminal_redraws_in_place():
    ticks = iter([0.0, 0.05, 0.2, 0.35, 0.4, 0.5])
    lines = []

    class Terminal:
        def write(self, text):
            lines.append(text)

        def flush(self):
            pass

        def isatty(self):
            return True

    progress = Progress(Terminal(), clock=lambda: next(ticks))
    with progress.stage("articles", total=4, unit="articles") as advance:
        for _ in range(4):
            advance(1)
    drawn = "".join(lines)
    assert drawn.count("\r") == 4 and "\n" not in drawn  # start too soon to draw; then 3 draws and a clear
    assert "4/4 articles" in drawn and drawn.endswith("\r\x1b[K")
