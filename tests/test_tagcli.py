"""The tag and eval subcommands, run through argparse as the main CLI runs them."""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from timeline.tagcli import register

SAMPLE = Path(__file__).with_name("data") / "meantime_sample.jsonl"


def run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="timeline")
    register(parser.add_subparsers(required=True))
    args = parser.parse_args(argv)
    return args.func(args)


def test_tag_file(tmp_path, capsys):
    article = tmp_path / "a.txt"
    article.write_text("Macron on Tuesday suggested talks in July 2025.", encoding="utf-8")
    assert run(["tag", "--dct", "2025-11-27", str(article)]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(m["text"], m["value"], m["granularity"]) for m in lines] == [
        ("Tuesday", "2025-11-25", "day"), ("July 2025", "2025-07", "month")]
    assert set(lines[0]) >= {"start", "end", "text", "type", "value", "mod", "granularity"}


def test_tag_jsonl_keeps_input_order(tmp_path, capsys):
    docs = tmp_path / "in.jsonl"
    docs.write_text("\n".join(json.dumps(d) for d in [
        {"id": "b", "dct": "2025-11-27", "text": "yesterday"},
        {"id": "a", "dct": None, "text": "in 2015 and yesterday"},
    ]) + "\n", encoding="utf-8")
    assert run(["tag", "--jsonl", str(docs)]) == 0
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [o["id"] for o in out] == ["b", "a"]
    assert [t["value"] for t in out[1]["timexes"]] == ["2015", None]


def test_eval_prints_scores_and_errors(capsys):
    assert run(["eval", str(SAMPLE), "--errors", "--limit", "3"]) == 0
    out = capsys.readouterr().out
    assert "documents 3" in out and "by granularity" in out and "errors" in out


def test_eval_split_halves_add_up(capsys):
    counts = {}
    for split in ("dev", "test"):
        assert run(["eval", str(SAMPLE), "--split", split]) == 0
        first = capsys.readouterr().out.splitlines()[0]
        counts[split] = int(first.split(",")[0].split()[1])
    assert counts["dev"] + counts["test"] == 12


def test_reader_closing_early_is_no_traceback(tmp_path):
    """``build.py tag ... | head -1``: the output is cut short, quietly."""
    import subprocess
    import sys

    article = tmp_path / "long.txt"
    article.write_text("They met on Tuesday in July 2025. " * 20000, encoding="utf-8")  # far more than a pipe holds
    root = Path(__file__).resolve().parents[1]
    child = subprocess.Popen([sys.executable, str(root / "build.py"), "tag", "--dct", "2025-11-27", str(article)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=root)
    first = child.stdout.readline()
    child.stdout.close()  # the reader goes away with most of the output unread
    error = child.stderr.read().decode()
    child.wait(timeout=60)
    assert json.loads(first)["text"] == "Tuesday"
    assert "Traceback" not in error and child.returncode == 1
