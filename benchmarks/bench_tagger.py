"""Throughput of the date tagger, and of dateparser.search_dates on the same documents.

Run from the project root:

    python benchmarks/bench_tagger.py [DOCS.jsonl] [--docs N] [--dateparser-docs M]

DOCS.jsonl has lines with "text" and optionally "dct" (the TimeML corpora in the shared
data folder work). Reports words per second on one core and peak memory (tracemalloc,
measured in a separate pass because tracing slows the code it measures).
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
import tracemalloc
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from timeline.tag import tag  # noqa: E402

_DEFAULT = Path(os.environ.get("TIMELINE_SHARED", Path(__file__).resolve().parents[2] / "shared"))
_DEFAULT = _DEFAULT / "data" / "timeml" / "te3-silver.jsonl"


def load(path: Path, limit: int) -> list[tuple[str, date | None]]:
    docs = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if len(docs) >= limit:
                break
            doc = json.loads(line)
            dct = date.fromisoformat(doc["dct"]) if doc.get("dct") else None
            docs.append((doc["text"], dct))
    return docs


def words(docs: list[tuple[str, date | None]]) -> int:
    return sum(len(text.split()) for text, _ in docs)


def time_tagger(docs) -> float:
    start = time.perf_counter()
    for text, dct in docs:
        tag(text, dct)
    return time.perf_counter() - start


def time_dateparser(docs) -> float:
    from datetime import datetime

    from dateparser.search import search_dates

    start = time.perf_counter()
    for text, dct in docs:
        base = datetime(dct.year, dct.month, dct.day) if dct else datetime(2000, 1, 1)
        search_dates(text, languages=["en"], settings={"RELATIVE_BASE": base})
    return time.perf_counter() - start


def peak_memory(docs) -> int:
    tracemalloc.start()
    for text, dct in docs:
        tag(text, dct)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("docs", nargs="?", type=Path, default=_DEFAULT)
    parser.add_argument("--docs", dest="limit", type=int, default=2500)
    parser.add_argument("--dateparser-docs", type=int, default=40)
    args = parser.parse_args()
    docs = load(args.docs, args.limit)
    tag("warm up on Tuesday, Nov. 18, 2025", date(2025, 11, 27))
    elapsed = min(time_tagger(docs) for _ in range(3))
    n = words(docs)
    print(f"tagger:      {len(docs)} docs, {n} words, {elapsed:.2f} s, {n / elapsed:,.0f} words/s")
    subset = docs[: args.dateparser_docs]
    if subset:
        slow = time_dateparser(subset)
        m = words(subset)
        print(f"dateparser:  {len(subset)} docs, {m} words, {slow:.2f} s, {m / slow:,.0f} words/s")
        print(f"tagger on the same subset: {m / time_tagger(subset):,.0f} words/s")
    print(f"peak traced allocation while tagging: {peak_memory(docs) / 1e3:,.0f} kB")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kB on Linux
    print(f"peak resident memory of the process (documents loaded, dateparser imported): {rss / 1e3:,.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
