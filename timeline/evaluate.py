"""Scoring the date tagger against gold TIMEX3 annotations (the TempEval-3 measures).

Gold is JSON lines, one document a line: ``{"id", "dct", "text", "timexes": [{"start",
"end", "text", "type", "value"}]}``. A system timex *matches* a gold one when their spans
overlap (relaxed) or are equal (strict); pairs are one-to-one, in text order. A matched
system timex is value-correct when its value equals the gold value, type-correct likewise;
value and type F1 use those counts over all system and all gold timexes (micro-averaged).

>>> gold = [{"id": "d", "dct": "2025-11-27", "text": "It fell on Tuesday.",
...          "timexes": [{"start": 11, "end": 18, "text": "Tuesday", "type": "DATE",
...                       "value": "2025-11-25"}]}]
>>> round(score(gold).f1("value"), 3)
1.0
"""
from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from timeline.records import Timex
from timeline.timevalues import granularity_of

MEASURES = ("strict", "relaxed", "value", "type")


@dataclass
class Tally:
    """Counts of correct system and gold timexes for each measure."""

    system: int = 0
    gold: int = 0
    correct: Counter = field(default_factory=Counter)

    def precision(self, measure: str) -> float:
        return self.correct[measure] / self.system if self.system else 0.0

    def recall(self, measure: str) -> float:
        return self.correct[measure] / self.gold if self.gold else 0.0

    def f1(self, measure: str) -> float:
        p, r = self.precision(measure), self.recall(measure)
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    total: Tally = field(default_factory=Tally)
    by_type: dict[str, Tally] = field(default_factory=dict)
    by_granularity: dict[str, Tally] = field(default_factory=dict)
    errors: list[dict] = field(default_factory=list)
    documents: int = 0

    def f1(self, measure: str) -> float:
        return self.total.f1(measure)


def canonical_value(value: str | None) -> str | None:
    """One spelling per TIMEX3 value: decades "197" and "197X", weeks "W7" and "W07".

    >>> canonical_value("197"), canonical_value("19XX"), canonical_value("2000-W7")
    ('197X', '19', '2000-W07')
    """
    if value is None:
        return None
    if re.fullmatch(r"\d{3}", value):
        return value + "X"
    if re.fullmatch(r"\d{2}XX", value):
        return value[:2]
    return re.sub(r"-W(\d)(?!\d)", r"-W0\1", value)


def bucket(value: str | None, type_: str) -> str:
    """The granularity class a gold timex is reported under."""
    if type_ in ("DURATION", "SET"):
        return type_.lower()
    if value and value.endswith("_REF"):
        return "reference"
    if value and "T" in value:
        return "time"
    return granularity_of(canonical_value(value)) or "other"


def _overlap(a, b) -> bool:
    return a["start"] < b["end"] and b["start"] < a["end"]


def _pairs(system: list[dict], gold: list[dict]) -> list[tuple[dict | None, dict | None]]:
    """One-to-one overlap pairs in text order, plus unpaired ones on either side."""
    used: set[int] = set()
    pairs = []
    for s in system:
        match = next((i for i, g in enumerate(gold) if i not in used and _overlap(s, g)), None)
        if match is None:
            pairs.append((s, None))
        else:
            used.add(match)
            pairs.append((s, gold[match]))
    pairs.extend((None, g) for i, g in enumerate(gold) if i not in used)
    return pairs


def _judge(s: dict | None, g: dict | None) -> dict[str, bool]:
    if s is None or g is None:
        return {m: False for m in MEASURES}
    return {
        "relaxed": True,
        "strict": (s["start"], s["end"]) == (g["start"], g["end"]),
        "value": canonical_value(s["value"]) == canonical_value(g["value"]),
        "type": s["type"] == g["type"],
    }


def _count(tally: Tally, s: dict | None, g: dict | None, verdict: dict[str, bool]) -> None:
    tally.system += s is not None
    tally.gold += g is not None
    for measure, ok in verdict.items():
        tally.correct[measure] += ok


def _add(report: Report, doc_id: str, s: dict | None, g: dict | None) -> None:
    verdict = _judge(s, g)
    _count(report.total, s, g, verdict)
    ref = g or s
    type_key = ref["type"]
    gran_key = bucket(ref["value"], ref["type"])
    _count(report.by_type.setdefault(type_key, Tally()), s, g, verdict)
    _count(report.by_granularity.setdefault(gran_key, Tally()), s, g, verdict)
    if not (verdict["value"] and verdict["strict"]):
        report.errors.append({"id": doc_id, "system": s, "gold": g, **verdict})


Tagger = Callable[[str, date | None], tuple[Timex, ...]]


def score(docs: Iterable[dict], tagger: Tagger | None = None) -> Report:
    """Tag every gold document (with ``tagger``, the library's by default) and tally the TempEval-3 measures."""
    if tagger is None:
        from timeline.tag import tag as tagger  # here: importing the tagger compiles its rules
    report = Report()
    for doc in docs:
        dct = date.fromisoformat(doc["dct"]) if doc.get("dct") else None
        system = [t.as_dict() for t in tagger(doc["text"], dct)]
        gold = sorted(doc["timexes"], key=lambda t: (t["start"], t["end"]))
        for s, g in _pairs(system, gold):
            _add(report, doc["id"], s, g)
        report.documents += 1
    return report


SPLITS = ("dev", "test")


def split_of(doc_id: str) -> str:
    """The half a gold document belongs to: "dev" when the last hex digit of the SHA-1 of
    its id is even, else "test". Stable across runs, machines and file order, so rules can
    be studied on one half and checked on the other.

    >>> split_of("wsj_0006"), split_of("APW19980227.0489")
    ('dev', 'test')
    """
    digest = hashlib.sha1(doc_id.encode("utf-8")).hexdigest()
    return "dev" if int(digest[-1], 16) % 2 == 0 else "test"


def in_split(docs: Iterable[dict], split: str | None) -> Iterator[dict]:
    """Only the documents of one half (all of them when ``split`` is None)."""
    if split is not None and split not in SPLITS:
        raise ValueError(f"unknown split {split!r}; expected one of {SPLITS}")
    for doc in docs:
        if split is None or split_of(str(doc.get("id", ""))) == split:
            yield doc


def read_gold(path: str | Path, limit: int | None = None, split: str | None = None) -> Iterator[dict]:
    """Gold documents from a JSON lines file, streamed; ``split`` keeps one half only."""

    def lines() -> Iterator[dict]:
        with open(path, encoding="utf-8") as handle:
            for number, line in enumerate(handle):
                if limit is not None and number >= limit:
                    return
                if line.strip():
                    yield json.loads(line)

    yield from in_split(lines(), split)


def _row(name: str, tally: Tally) -> str:
    cells = " ".join(f"{100 * tally.f1(m):6.1f}" for m in MEASURES)
    return f"{name:<14} {tally.gold:5d} {tally.system:5d} {cells}"


def format_report(report: Report) -> str:
    """A plain-text table: P/R/F1 per measure, then F1 by type and by granularity."""
    lines = [f"documents {report.documents}, gold {report.total.gold}, system {report.total.system}", ""]
    lines.append(f"{'measure':<10} {'P':>6} {'R':>6} {'F1':>6}")
    for m in MEASURES:
        t = report.total
        lines.append(f"{m:<10} {100 * t.precision(m):6.1f} {100 * t.recall(m):6.1f} {100 * t.f1(m):6.1f}")
    header = f"{'':<14} {'gold':>5} {'sys':>5} " + " ".join(f"{m:>6}" for m in MEASURES)
    for title, table in (("by type (F1)", report.by_type), ("by granularity (F1)", report.by_granularity)):
        lines += ["", title, header]
        lines += [_row(k, v) for k, v in sorted(table.items(), key=lambda kv: (-kv[1].gold, kv[0]))]
    return "\n".join(lines)


def format_error(error: dict) -> str:
    s, g = error["system"], error["gold"]
    shown = lambda t: f"{t['text']!r} {t['type']} {t['value']}" if t else "-"  # noqa: E731
    return f"{error['id']}\tgold: {shown(g)}\tsystem: {shown(s)}"
