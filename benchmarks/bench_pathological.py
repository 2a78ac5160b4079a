"""Time and peak memory of the reader, sentence splitter and date tagger on hostile input.

    python benchmarks/bench_pathological.py [--scale 0.1] [--only NAME] [--build]

Each case is run stage by stage: ``read`` (bytes to an article, with the reader's size
limit), ``sentences`` and ``tag`` (both on the full text, past that limit, to show their
cost is linear whatever reaches them). A cost that grows faster than the input (regex
backtracking, rescanning a paragraph per line) shows up here as seconds, not
milliseconds. Peak memory is what Python allocated during the stage (tracemalloc, in a second run).
With ``--build`` each case is also built into a whole site (every stage, no cache), which
shows the cost of the corpus-wide stages (merging, ordering, rendering) on the same input.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from timeline.read import read_article  # noqa: E402
from timeline.sentences import split_sentences  # noqa: E402

try:
    from timeline.tag import tag
except ImportError:  # the tagger is optional for this script
    tag = None

DCT = date(2025, 11, 27)
MB = 1024 * 1024


@dataclass(frozen=True)
class Case:
    name: str
    make: Callable[[float], str]  # scale -> the article text


def _many_dates(scale: float) -> str:
    forms = ("on 27 November 2025", "in July 2025", "on Tuesday", "2015", "Nov. 18, 2025", "last week",
             "the early 2000s", "two years ago", "2025-11-25", "since 1990")
    n = int(100_000 * scale)
    # Numbered, so no two paragraphs are alike (the reader keeps one of repeated ones).
    sentences = (f"Minister {i} met {forms[i % len(forms)]} and talked." for i in range(n))
    # Paragraphs of 20 sentences: a long article, not one giant line.
    chunks = []
    batch: list[str] = []
    for sentence in sentences:
        batch.append(sentence)
        if len(batch) == 20:
            chunks.append(" ".join(batch))
            batch = []
    chunks.append(" ".join(batch))
    return "Headline of the story\n\n" + "\n\n".join(chunks) + "\n"


def _no_punctuation(scale: float) -> str:
    words = "the ministers met again and talked about a plan for many hours with their officials".split()
    target = int(10 * MB * scale)
    line, lines, size = [], [], 0
    i = 0
    while size < target:  # hard-wrapped at about 70 characters, as pasted pages are
        word = words[i % len(words)]
        i += 1
        line.append(word)
        if sum(len(w) + 1 for w in line) > 70:
            lines.append(" ".join(line))
            size += len(lines[-1]) + 1
            line = []
    return "\n".join(lines) + "\n"


def _nested_brackets(scale: float) -> str:
    depth = int(100_000 * scale)
    return ("(" * depth + "on 27 November 2025" + ")" * depth + "\n\n"
            + "[" * depth + "({" * depth + " 2015 " + "})" * depth + "]" * depth + "\n")


def _one_long_line(scale: float) -> str:
    unit = "Talks resumed on Tuesday (the 25th), said officials; more in July 2025 - or later? "
    return unit * int(MB * scale / len(unit)) + "\n"


def _runs_of_marks(scale: float) -> str:
    n = int(MB * scale)
    return "Headline words here\n\n" + "." * n + "\n\n" + "!?" * (n // 2) + " x\n\n" + "'" * n + ". A\n"


def _digits_and_spaces(scale: float) -> str:
    n = int(MB * scale)
    return ("2025 11 27 " * (n // 11)) + "\n\n" + ("1" * n) + "\n"


CASES = (
    Case("100k-dates", _many_dates),
    Case("10mb-no-punctuation", _no_punctuation),
    Case("nested-brackets", _nested_brackets),
    Case("1mb-line", _one_long_line),
    Case("runs-of-marks", _runs_of_marks),
    Case("digits", _digits_and_spaces),
)


def measure(run: Callable[[], object]) -> tuple[float, float, object]:
    """Seconds, peak megabytes allocated, and the result of ``run()``.

    Tracing allocations slows Python several times over, so time and memory are taken
    from two separate runs.
    """
    started = time.perf_counter()
    result = run()
    seconds = time.perf_counter() - started
    tracemalloc.start()
    run()
    peak = tracemalloc.get_traced_memory()[1] / MB
    tracemalloc.stop()
    return seconds, peak, result


def stages(text: str) -> list[tuple[str, Callable[[], object], Callable[[object], str]]]:
    raw = text.encode("utf-8")
    found = [
        ("read", lambda: read_article(raw, "case.txt", "case"),
         lambda r: f"{len(r[0].text) if r[0] else 0:,} chars kept, {len(r[1])} problems"),
        ("sentences", lambda: split_sentences("case", text), lambda r: f"{len(r):,} sentences"),
    ]
    if tag is not None:
        found.append(("tag", lambda: tag(text, DCT), lambda r: f"{len(r):,} date expressions"))
    return found


def _build(text: str) -> Callable[[], object]:
    from timeline.pipeline import BuildConfig, build

    def run() -> object:
        with tempfile.TemporaryDirectory() as folder:
            seeds = Path(folder) / "seeds"
            seeds.mkdir()
            (seeds / "case.txt").write_text("November 27, 2025\n\n" + text, "utf-8")
            return build(BuildConfig(seeds=seeds, out=Path(folder) / "site", use_cache=False, lock=None, jobs=1))

    return run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="size of every case relative to the full one")
    parser.add_argument("--only", default=None, help="run only the case with this name")
    parser.add_argument("--build", action="store_true", help="also build each case into a whole site")
    args = parser.parse_args(argv)
    print(f"{'case':22} {'input':>9} {'stage':10} {'seconds':>8} {'peak MB':>8}  result")
    for case in CASES:
        if args.only and case.name != args.only:
            continue
        text = case.make(args.scale)
        found = stages(text)
        if args.build and tag is not None:
            found.append(("build", _build(text), lambda r: f"{len(r.events):,} events"))
        for name, run, describe in found:
            seconds, peak, result = measure(run)
            size = f"{len(text.encode('utf-8')) / MB:.1f} MB"
            print(f"{case.name:22} {size:>9} {name:10} {seconds:8.2f} {peak:8.1f}  {describe(result)}", flush=True)
    if tag is None:
        print("(the tagger is not installed here: its stage was skipped)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
