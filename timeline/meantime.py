"""Reading the MEANTIME corpus (NewsReader, CC BY 4.0) as gold documents for evaluation.

Each topic folder has ``articles/<doc>.md`` (front matter, then the body the offsets index)
and ``annotations.jsonl``. Only the start of each body, up to ``annotated_until``, carries
time annotations, so the text is cut there: the tagger is then neither charged for dates
nobody annotated nor credited for them.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path


def body(markdown: str) -> str:
    """The text after the line ``---`` that closes the front matter."""
    lines = markdown.split("\n")
    if lines and lines[0] == "---":
        closing = lines.index("---", 1)
        return "\n".join(lines[closing + 1:])
    return markdown


def documents(root: str | Path) -> Iterator[dict]:
    """Gold documents {"id", "dct", "text", "timexes"} for every annotated article."""
    root = Path(root)
    for topic in sorted((p for p in root.iterdir() if p.is_dir()), key=lambda p: p.name):
        annotations = topic / "annotations.jsonl"
        if not annotations.exists():
            continue
        with open(annotations, encoding="utf-8") as handle:
            for line in handle:
                yield _document(topic, json.loads(line))


def _document(topic: Path, record: dict) -> dict:
    text = body((topic / "articles" / f"{record['doc']}.md").read_text(encoding="utf-8"))
    text = text[: record["annotated_until"]]
    timexes = [
        {key: t[key] for key in ("start", "end", "text", "type", "value")}
        for t in record["timexes"]
        if t["end"] <= len(text)
    ]
    return {"id": f"{topic.name}/{record['doc']}", "dct": record["dct"], "text": text, "timexes": timexes}
