"""A deterministic synthetic corpus for benchmarks: real news sentences, recombined.

Each synthetic article takes the front matter and opening of one real article, shifts its
publication date (and the years written in its text) by a seeded offset, and mixes in
sentences from other articles, so the tagger and the event stages see realistic text at
any corpus size. The same seed and size always give the same files.

Recombined sentences recur word for word (each one in about twenty articles at 4,000),
which merging judges once per distinct text. With ``distinct``, every sentence ends in a
made-up word of its own, as if each outlet worded its report its own way: the most
comparing merging can be asked to do.
"""
from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

DEFAULT_SOURCE = Path("/work/shared/data/wikinews-timelines")
_YEAR = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")
_DATE = re.compile(r"^date:\s*(\d{4})-(\d\d)-(\d\d)\s*$", re.M)
_TITLE = re.compile(r"^title:\s*\"?(.*?)\"?\s*$", re.M)


@dataclass(frozen=True)
class Template:
    name: str
    title: str
    published: date
    sentences: tuple[str, ...]


def load_templates(source: Path = DEFAULT_SOURCE) -> tuple[Template, ...]:
    """Every article of the source folder, split into front matter facts and sentences."""
    templates = []
    for path in sorted(source.glob("*/articles/*.md"), key=lambda p: p.as_posix()):
        text = path.read_text(encoding="utf-8")
        head, _, body = text.partition("\n---\n")
        day, title = _DATE.search(head), _TITLE.search(head)
        if not day or not title:
            continue
        lines = [line.strip() for line in body.splitlines() if line.strip()]
        sentences = tuple(line for line in lines[1:] if len(line) > 30)  # first line: dateline
        if sentences:
            published = date(int(day[1]), int(day[2]), int(day[3]))
            templates.append(Template(f"{path.parent.parent.name}-{path.stem}", title[1], published, sentences))
    return tuple(templates)


def _shift_years(text: str, years: int) -> str:
    return _YEAR.sub(lambda m: str(int(m[1]) + years), text)


_SENTENCE_END = re.compile(r"(?<=\w)(?=[.!?](?:\s|$))")


def _made_up_word(n: int) -> str:
    """A lower-case word no dictionary has, one for each number: "zvb", "zvc", ..."""
    letters = ""
    while True:
        letters = "bcdfghjklmnpqrstvwxz"[n % 20] + letters
        n //= 20
        if not n:
            return "zv" + letters


def _distinct(text: str, number: int) -> str:
    count = iter(range(1_000))
    return _SENTENCE_END.sub(lambda _: " " + _made_up_word(number * 1_000 + next(count)), text)


def synthetic_article(templates: tuple[Template, ...], rng: random.Random, number: int, distinct: bool = False) -> tuple[str, str]:
    """One article as (file name, Markdown with front matter); with ``distinct``, every
    sentence made unlike any other by a word of its own."""
    base = templates[rng.randrange(len(templates))]
    years = rng.randint(-3, 3)
    days = rng.randint(-40, 40)
    try:
        published = base.published.replace(year=base.published.year + years) + timedelta(days=days)
    except ValueError:  # 29 February in a year without one
        published = base.published.replace(day=28, year=base.published.year + years) + timedelta(days=days)
    own = list(base.sentences[: rng.randint(4, max(4, len(base.sentences)))])
    for _ in range(rng.randint(2, 8)):
        other = templates[rng.randrange(len(templates))]
        own.insert(rng.randrange(len(own) + 1), other.sentences[rng.randrange(len(other.sentences))])
    paragraphs, sentences = [], [_shift_years(s, years) for s in own]
    while sentences:
        size = rng.randint(1, 3)
        paragraphs.append(" ".join(sentences[:size]))
        sentences = sentences[size:]
    title = _shift_years(base.title, years).replace('"', "'")
    body = "\n\n".join(paragraphs)
    text = (
        f'---\ntitle: "{title} ({number})"\ndate: {published.isoformat()}\n'
        f'source: "Synthetic"\n---\n' + (_distinct(body, number) if distinct else body) + "\n"
    )
    return f"{number:05d}-{base.name}.md", text


def write_corpus(folder: Path, size: int, seed: int = 2015, source: Path = DEFAULT_SOURCE, distinct: bool = False) -> list[Path]:
    """Write ``size`` articles into ``folder``; the same arguments give the same bytes."""
    templates = load_templates(source)
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for number in range(size):
        name, text = synthetic_article(templates, rng, number, distinct)
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
