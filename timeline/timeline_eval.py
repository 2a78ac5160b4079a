"""Command ``eval-timeline``: score the timeline built from a folder against a reference.

Two kinds of reference are understood, told apart by their rows:

* a SemEval-2015 TimeLine ``timelines.jsonl`` (rows with ``entity``, ``entry``, ``date``,
  ``doc``, ``sentence_text``; the wikinews-timelines data set): the news-tls Date-F1 of
  the ranking (its top-k distinct day dates inside the reference's date range, k = the
  number of distinct reference day dates) and the share of dated reference events whose
  sentence the timeline turns into an event with the right date;
* a MEANTIME ``annotations.jsonl`` (rows with ``doc`` and ``events`` carrying
  ``cross_doc_id``): pairwise precision and recall of cross-article merges, over the gold
  event mentions that fall inside a clause of some event the timeline found.
"""
from __future__ import annotations

import argparse
import json
import re
from dataclasses import dataclass
from pathlib import Path

from .articles import process_article
from .pipeline import assemble_events, date_articles
from .records import Article, Event
from .sources import gather_sources

HELP = "score the timeline of SEEDS_DIR against a reference timeline (Date-F1) or coreference (merge P/R)"
DESCRIPTION = __doc__ + """
examples:
  python build.py eval-timeline corpus_1/articles corpus_1/timelines.jsonl
  python build.py eval-timeline meantime/airbus/articles meantime/airbus/annotations.jsonl
"""
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def register(subparsers: argparse._SubParsersAction) -> None:
    command = subparsers.add_parser("eval-timeline", help=HELP, description=DESCRIPTION,
                                    formatter_class=argparse.RawDescriptionHelpFormatter)
    command.add_argument("seeds_dir", type=Path, metavar="SEEDS_DIR", help="folder of articles (.md, .txt)")
    command.add_argument("reference", type=Path, metavar="REFERENCE.jsonl",
                         help="a wikinews-timelines timelines.jsonl, or a MEANTIME annotations.jsonl")
    command.set_defaults(func=run)


def build_timeline(seeds: Path) -> tuple[tuple[Article, ...], tuple[Event, ...]]:
    """The corpus stages of a build, without writing a site."""
    sources, _ = gather_sources(seeds)
    results, _ = date_articles(tuple(process_article(source) for source in sources))
    events, _ = assemble_events(results)
    return tuple(r.article for r in results if r.article is not None), events


def doc_of(article: Article) -> str:
    return Path(article.path).stem


def _rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


@dataclass(frozen=True)
class DateScores:
    precision: float
    recall: float
    f1: float
    k: int
    dated_events: int
    dated_correct: int

    @property
    def accuracy(self) -> float:
        return self.dated_correct / self.dated_events if self.dated_events else 0.0


def date_f1(events: tuple[Event, ...], reference_days: set[str]) -> tuple[float, float, float, int]:
    """news-tls Date-F1: the ranking's top-k distinct days in the reference range against the reference days."""
    if not reference_days:
        return 0.0, 0.0, 0.0, 0
    first, last, k = min(reference_days), max(reference_days), len(reference_days)
    chosen: list[str] = []
    for event in sorted(events, key=lambda e: (e.rank, e.id)):
        value = event.when.start.isoformat() if event.when.known and event.when.granularity in ("day", "time") else None
        if value and first <= value <= last and value not in chosen and not event.when.derived:
            chosen.append(value)
        if len(chosen) == k:
            break
    hits = len(set(chosen) & reference_days)
    precision = hits / len(chosen) if chosen else 0.0
    recall = hits / k
    f1 = 2 * precision * recall / (precision + recall) if hits else 0.0
    return precision, recall, f1, k


def _dated_right(event: Event, gold: str) -> bool:
    """The event's date says what the gold date says, at the gold's precision ("2007-10-XX")."""
    known = re.sub(r"(?:-XX)+$", "", gold)
    return event.when.value is not None and not event.when.derived and event.when.value[:10] == known


def _event_for(events_by_doc: dict[str, list[tuple[Event, str, str]]], row: dict) -> Event | None:
    """Our event for a gold mention: one whose clause holds the mention's words, else any in its sentence."""
    sentence = re.sub(r"\s+", " ", row["sentence_text"]).strip()
    inside = [(e, clause) for e, text, clause in events_by_doc.get(row["doc"], ()) if sentence in text or text in sentence]
    word = row["event_text"].split()[0]
    exact = [e for e, clause in inside if word in clause]
    pool = exact or [e for e, _ in inside]
    return min(pool, key=lambda e: e.id) if pool else None


def score_timelines(articles: tuple[Article, ...], events: tuple[Event, ...], rows: list[dict]) -> DateScores:
    doc = {a.id: doc_of(a) for a in articles}
    by_doc: dict[str, list[tuple[Event, str, str]]] = {}
    for event in events:
        for m in event.mentions:
            by_doc.setdefault(doc[m.article], []).append((event, re.sub(r"\s+", " ", m.text), m.clause or m.text))
    gold: dict[tuple[str, int], list[dict]] = {}
    for row in rows:
        gold.setdefault((row["entity"], row["entry"]), []).append(row)
    days = {r["date"] for r in rows if _DAY.match(r["date"])}
    precision, recall, f1, k = date_f1(events, days)
    dated = [mentions for mentions in gold.values() if not mentions[0]["date"].startswith("XXXX")]
    correct = 0
    for mentions in dated:
        found = [e for row in mentions if not row["in_title"] and (e := _event_for(by_doc, row)) is not None]
        correct += any(_dated_right(e, mentions[0]["date"]) for e in found)
    return DateScores(precision, recall, f1, k, len(dated), correct)


def _body(path: Path) -> str:
    text = path.read_text("utf-8")
    if text.startswith("---"):
        end = text.find("\n---\n", 3)
        return text[end + 5:] if end >= 0 else text
    return text


def gold_mentions(seeds: Path, rows: list[dict]) -> list[tuple[str, str, str, str]]:
    """(doc, sentence, event words, cross-document id) of every gold mention with an id."""
    out = []
    for row in rows:
        files = sorted(seeds.glob(f"{row['doc']}.*"), key=lambda path: path.name)
        if not files:
            continue
        body = _body(files[0])
        for event in row.get("events", []):
            if not event.get("cross_doc_id"):
                continue
            start = body.rfind("\n", 0, event["start"]) + 1
            end = body.find("\n", event["start"])
            line = body[start:end if end >= 0 else len(body)].strip()
            out.append((row["doc"], re.sub(r"\s+", " ", line), event["text"], event["cross_doc_id"]))
    return out


@dataclass(frozen=True)
class MergeScores:
    precision: float
    recall: float
    mentions: int
    gold_pairs: int
    predicted_pairs: int


def score_merges(articles: tuple[Article, ...], events: tuple[Event, ...], gold: list[tuple[str, str, str, str]]) -> MergeScores:
    """Pairwise merge precision and recall across articles, over gold mentions the timeline found."""
    doc = {a.id: doc_of(a) for a in articles}
    by_doc: dict[str, list[tuple[Event, str, str]]] = {}
    for event in events:
        for m in event.mentions:
            by_doc.setdefault(doc[m.article], []).append((event, re.sub(r"\s+", " ", m.text), m.clause or m.text))
    found, seen = [], set()
    for name, line, words, gold_id in gold:
        hits = sorted((e.id for e, text, clause in by_doc.get(name, ()) if (line in text or text in line) and words in clause), key=str)
        if hits and (name, hits[0]) not in seen:  # one gold mention per report: a clause tells one happening
            seen.add((name, hits[0]))
            found.append((name, gold_id, hits[0]))
    tp = gold_pairs = predicted = 0
    for i, (doc_a, gold_a, ours_a) in enumerate(found):
        for doc_b, gold_b, ours_b in found[i + 1:]:
            if doc_a == doc_b:
                continue
            same_gold, same_ours = gold_a == gold_b, ours_a == ours_b
            gold_pairs += same_gold
            predicted += same_ours
            tp += same_gold and same_ours
    return MergeScores(tp / predicted if predicted else 0.0, tp / gold_pairs if gold_pairs else 0.0,
                       len(found), gold_pairs, predicted)


def run(args: argparse.Namespace) -> int:
    if not args.seeds_dir.is_dir() or not args.reference.is_file():
        print("error: SEEDS_DIR must be a folder and REFERENCE.jsonl a file")
        return 2
    rows = _rows(args.reference)
    articles, events = build_timeline(args.seeds_dir)
    if rows and "entity" in rows[0]:
        s = score_timelines(articles, events, rows)
        print(f"Date-F1 {s.f1:.3f} (P {s.precision:.3f}, R {s.recall:.3f}, k={s.k}); "
              f"dated events right {s.dated_correct}/{s.dated_events} = {s.accuracy:.3f}; "
              f"{len(articles)} articles, {len(events)} events")
        return 0
    if rows and "events" in rows[0]:
        m = score_merges(articles, events, gold_mentions(args.seeds_dir, rows))
        print(f"merge pairwise P {m.precision:.3f} R {m.recall:.3f} over {m.mentions} gold mentions found "
              f"({m.gold_pairs} gold pairs, {m.predicted_pairs} merged pairs); {len(events)} events")
        return 0
    print("error: REFERENCE.jsonl is neither a timelines.jsonl nor an annotations.jsonl")
    return 2
