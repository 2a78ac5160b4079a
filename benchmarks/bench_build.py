"""Build-time benchmark on a synthetic corpus: python benchmarks/bench_build.py [--sizes 1000 4000]

For each size, writes a deterministic corpus into a temporary project folder and times
the command line build as a user runs it (a fresh process each time, imports included):

- cold: no cache, no output yet;
- no-op: the same again, nothing changed;
- add one: one new article;
- edit one: one existing article gets another sentence.

The last three run ``--repeat`` times (3 by default), with another article added or
edited each time, and the targets are checked on their median. Each run's peak resident
memory is shown too (its own and its worker processes', whichever is largest). Python
caches compiled modules for the builds, as it does by default, even where the
environment (PYTHONDONTWRITEBYTECODE) says not to.

Targets for 4,000 articles on two cores: cold <= 30 s, no-op <= 1 s, add one <= 2 s.
"""
from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.corpus import DEFAULT_SOURCE, load_templates, synthetic_article, write_corpus  # noqa: E402

TARGETS = {4000: {"cold": 30.0, "no-op": 1.0, "add one": 2.0}}


def timed_build(project: Path, extra: list[str]) -> tuple[float, float, int, str]:
    """Wall seconds, CPU seconds (the build and its workers), peak memory in MiB, and the
    build's own timing line. CPU time is shown because wall time on a busy machine
    measures the other load as much as the build."""
    command = [sys.executable, str(ROOT / "build.py"), "--seeds", str(project / "seeds"), "--out", str(project / "output"), *extra]
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    # As Python runs for a user: compiled modules are cached. An environment that turns
    # that off would time compiling the package's modules again in every build.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    started = time.perf_counter()
    child = subprocess.Popen(command, cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = _communicate(child)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    if status:
        raise SystemExit(f"build failed:\n{err.decode()}")
    peak = usage.ru_maxrss // 1024  # KiB on Linux: the largest of the build and its workers
    timing = next((line for line in err.decode().splitlines() if line.startswith("time:")), "")
    cpu = usage.ru_utime + usage.ru_stime
    return seconds, cpu, peak, f"{out.decode().strip()} | {timing}"


def _communicate(child: subprocess.Popen) -> tuple[bytes, bytes]:
    """Read both pipes to the end without reaping the child, so wait4 can report its usage."""
    import threading

    chunks: dict[str, bytes] = {}
    readers = [
        threading.Thread(target=lambda name=name, pipe=pipe: chunks.__setitem__(name, pipe.read()))
        for name, pipe in (("out", child.stdout), ("err", child.stderr))
    ]
    for reader in readers:
        reader.start()
    for reader in readers:
        reader.join()
    return chunks["out"], chunks["err"]


def run(size: int, source: Path, jobs: int | None, keep: bool, distinct: bool = False, repeat: int = 3) -> dict[str, list[float]]:
    """Wall seconds of each run of each step, by step. The rebuilds are run ``repeat``
    times each (another article added, another edited, each time): one run of a
    two-second build says as much about the machine's other work as about the build."""
    folder = Path(tempfile.mkdtemp(prefix=f"timeline-bench-{size}-"))
    project = folder / "project"
    try:
        write_corpus(project / "seeds", size, seed=2015, source=source, distinct=distinct)
        extra = ["--jobs", str(jobs)] if jobs else []
        figures: dict[str, list[float]] = {}

        def step(name: str) -> None:
            seconds, cpu, peak, line = timed_build(project, extra)
            figures.setdefault(name, []).append(seconds)
            load = os.getloadavg()[0]  # other processes share the machine: wall time says less than CPU time
            print(f"  {name:<9} {seconds:7.2f} s wall {cpu:7.2f} s cpu  peak {peak:5d} MiB  load {load:4.1f}   {line}", flush=True)

        print(f"{size} articles in {project} (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
        step("cold")
        templates = load_templates(source)
        listed = sorted((project / "seeds").iterdir(), key=lambda p: p.name)
        for turn in range(repeat):
            step("no-op")
            name, text = synthetic_article(templates, random.Random(99 + turn), size + turn, distinct)
            (project / "seeds" / name).write_text(text, encoding="utf-8")
            step("add one")
            edited = listed[size // 2 + turn]
            edited.write_text(edited.read_text(encoding="utf-8") + "\nOn 3 March 2021 the company said it would appeal.\n", encoding="utf-8")
            step("edit one")
        for name, runs in figures.items():
            if len(runs) > 1:
                print(f"  {name:<9} median {statistics.median(runs):.2f} s, best {min(runs):.2f} s of {len(runs)} runs")
        return figures
    finally:
        if keep:
            print(f"  kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 4000])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="folder of real articles to recombine")
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--keep", action="store_true", help="keep the temporary project folders")
    parser.add_argument("--distinct", action="store_true", help="no sentence repeated word for word (see benchmarks/corpus.py)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each rebuild (no-op, add one, edit one); targets are checked on the median")
    args = parser.parse_args()
    misses = []
    for size in args.sizes:
        figures = run(size, args.source, args.jobs, args.keep, args.distinct, max(1, args.repeat))
        for name, limit in TARGETS.get(size, {}).items():
            if (typical := statistics.median(figures[name])) > limit:
                misses.append(f"{size} articles, {name}: {typical:.2f} s > {limit:.0f} s")
    print("targets met" if not misses else "targets missed: " + "; ".join(misses))
    return 0


if __name__ == "__main__":
    sys.exit(main())
