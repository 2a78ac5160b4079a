"""Command-line subcommands of the date tagger: ``tag`` and ``eval``.

``register(subparsers)`` adds them to the main ``timeline`` command; each subparser sets
``func`` to a callable taking the parsed arguments and returning the exit code.
"""
from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from timeline.evaluate import SPLITS, format_error, format_report, read_gold, score

_TAG_HELP = """\
Find date expressions and resolve them against the publication date.

examples:
  timeline tag --dct 2025-11-27 article.txt      one JSON mention per line
  echo "They met on Tuesday." | timeline tag --dct 2025-11-27 -
  timeline tag --jsonl docs.jsonl > tagged.jsonl  lines {"id","dct","text"} in, timexes out
"""

_EVAL_HELP = """\
Score the tagger against gold TIMEX3 annotations (TempEval-3 measures).

GOLD.jsonl has one document a line: {"id", "dct", "text", "timexes": [{"start", "end",
"text", "type", "value"}]}.

example:
  timeline eval tests/data/meantime_sample.jsonl --errors --limit 20
  timeline eval GOLD.jsonl --split dev --errors    study errors on one half only
  timeline eval GOLD.jsonl --split test            check on the other half

--split puts a document in "dev" when the last hex digit of the SHA-1 of its id is even,
else in "test"; the halves are the same on every run.
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``tag`` and ``eval`` subcommands."""
    fmt = argparse.RawDescriptionHelpFormatter
    tagger = subparsers.add_parser("tag", help="find and resolve date expressions",
                                   description=_TAG_HELP, formatter_class=fmt)
    tagger.add_argument("file", nargs="?", default="-", help="text file, or - for standard input")
    tagger.add_argument("--dct", type=date.fromisoformat, default=None,
                        help="publication date YYYY-MM-DD (relative dates stay unresolved without it)")
    tagger.add_argument("--jsonl", metavar="IN.jsonl", default=None,
                        help='tag documents {"id","dct","text"}, one per line, streaming')
    tagger.set_defaults(func=run_tag)
    scorer = subparsers.add_parser("eval", help="score the tagger against gold annotations",
                                   description=_EVAL_HELP, formatter_class=fmt)
    scorer.add_argument("gold", metavar="GOLD.jsonl", help="gold documents in JSON lines")
    scorer.add_argument("--errors", action="store_true", help="also list every wrong or missed timex")
    scorer.add_argument("--limit", type=int, default=None, metavar="N", help="score the first N documents only")
    scorer.add_argument("--split", choices=SPLITS, default=None,
                        help="score one half of the documents, split by a hash of their id")
    scorer.set_defaults(func=run_eval)


def run_tag(args: argparse.Namespace) -> int:
    from timeline.tag import tag  # here, not at the top: building the site never needs this command

    if args.jsonl:
        return _tag_jsonl(args.jsonl, sys.stdout)
    text = sys.stdin.read() if args.file == "-" else Path(args.file).read_text(encoding="utf-8")
    for timex in tag(text, args.dct):
        mention = {k: v for k, v in timex.as_dict().items() if k != "end_value"}
        if timex.end_value:
            mention["end_value"] = timex.end_value
        print(json.dumps(mention, ensure_ascii=False))
    return 0


def _tag_jsonl(path: str, out) -> int:
    """One output line per input line, in input order; nothing is held beyond one line."""
    from timeline.tag import tag

    handle = sys.stdin if path == "-" else open(path, encoding="utf-8")
    try:
        for line in handle:
            if not line.strip():
                continue
            doc = json.loads(line)
            dct = date.fromisoformat(doc["dct"]) if doc.get("dct") else None
            timexes = [
                {"start": t.start, "end": t.end, "text": t.text, "type": t.type, "value": t.value}
                for t in tag(doc["text"], dct)
            ]
            out.write(json.dumps({"id": doc.get("id"), "timexes": timexes}, ensure_ascii=False) + "\n")
    finally:
        if handle is not sys.stdin:
            handle.close()
    return 0


def run_eval(args: argparse.Namespace) -> int:
    report = score(read_gold(args.gold, args.limit, getattr(args, "split", None)))
    print(format_report(report))
    if args.errors:
        print("\nerrors")
        for error in report.errors:
            print(format_error(error))
    return 0
