"""Front matter: an optional block of ``key: value`` lines between two ``---`` lines.

Only a flat subset of YAML is read (title, date, url, source and any other scalar key);
anything else is reported with its line number rather than guessed at.
"""
from __future__ import annotations

import re
from datetime import date

from .records import Problem

KNOWN_KEYS = ("title", "date", "url", "source")
_KEY = re.compile(r"^(?P<key>[A-Za-z_][\w-]*)\s*:\s*(?P<value>.*)$")
_MONTHS = {
    name: number
    for number, names in enumerate(
        (("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
         ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
         ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
         ("dec", "december")),
        start=1,
    )
    for name in names
}
# Dates outside this range are almost certainly typos; they are reported, not used.
EARLIEST_YEAR, LATEST_YEAR = 1, 2200


class Meta(dict):
    """Front matter values by key, remembering the line each came from."""

    def __init__(self, values: dict[str, str] | None = None, lines: dict[str, int] | None = None):
        super().__init__(values or {})
        self.lines = lines or {}

    def line_of(self, key: str) -> int | None:
        return self.lines.get(key)


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        inner = value[1:-1]
        return inner.replace('\\"', '"') if value[0] == '"' else inner.replace("''", "'")
    return value


# Past this many, further "not understood" lines are counted in one problem, not listed.
MAX_LINE_PROBLEMS = 5
# YAML block and flow values ("title: |", "tags: [a, b]") are not read by this subset.
_STRUCTURED = re.compile(r"^[|>][+-]?\d*$|^[\[{]")


def split_front_matter(text: str, path: str) -> tuple[Meta, str, tuple[Problem, ...]]:
    """Split ``text`` into front matter and body.

    >>> meta, body, problems = split_front_matter('---\\ntitle: "A"\\n---\\nBody', "a.md")
    >>> meta["title"], body, problems
    ('A', 'Body', ())
    """
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return Meta(), text, ()
    closing = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if closing is None:
        note = "front matter opened on line 1 is never closed with '---'; read as article text"
        return Meta(), text, (Problem(path, note, line=1),)
    values: dict[str, str] = {}
    where: dict[str, int] = {}
    problems: list[Problem] = []
    not_understood: list[int] = []
    structured = 0  # known keys with a value this subset does not read
    for number, line in enumerate(lines[1:closing], start=2):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        m = _KEY.match(line)
        if m is None:
            not_understood.append(number)
            continue
        key, value = m["key"].lower(), _unquote(m["value"])
        if key in where:
            problems.append(Problem(path, f"front matter key {key!r} given again (first on line {where[key]}); "
                                    "using this one", line=number))
        if key in KNOWN_KEYS and _STRUCTURED.match(value):
            problems.append(Problem(path, f"front matter {key!r} must be a single-line value; ignored", line=number))
            structured += 1
            continue
        values[key], where[key] = value, number
    if not_understood and len(not_understood) > len(where) + structured:
        # Mostly not "key: value": a rule line ("---") opening the article, not front
        # matter. Keeping it as text loses nothing.
        note = f"lines 1-{closing + 1} between '---' lines are not front matter; read as article text"
        return Meta(), text, (Problem(path, note, line=1),)
    for number in not_understood[:MAX_LINE_PROBLEMS]:
        problems.append(Problem(path, f"front matter line not understood: {lines[number - 1].strip()[:60]!r}",
                                line=number))
    if len(not_understood) > MAX_LINE_PROBLEMS:
        problems.append(Problem(path, f"{len(not_understood) - MAX_LINE_PROBLEMS} more front matter lines "
                                "not understood", line=not_understood[MAX_LINE_PROBLEMS]))
    problems.sort(key=lambda p: p.line or 0)
    return Meta(values, where), "\n".join(lines[closing + 1:]), tuple(problems)


def _ymd(text: str) -> tuple[int, int, int] | None:
    text = text.strip()
    if text.startswith(("-", "\u2212")):  # a year before 1 AD; the digits alone would say year 1
        return None
    if m := re.match(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$", text):
        return int(m[1]), int(m[2]), int(m[3])
    parts = re.findall(r"[A-Za-z]+|\d+", text)
    if len(parts) != 3:
        return None
    numbers = [p for p in parts if p.isdigit()]
    words = [p for p in parts if not p.isdigit()]
    if len(words) == 1 and words[0].lower() in _MONTHS and len(numbers) == 2:
        year = next((int(n) for n in numbers if len(n) == 4), None)
        day = next((int(n) for n in numbers if len(n) <= 2), None)
        if year is not None and day is not None:
            return year, _MONTHS[words[0].lower()], day
    if len(numbers) == 3 and len(numbers[0]) == 4:
        return int(numbers[0]), int(numbers[1]), int(numbers[2])
    return None


def parse_date(value: str | None, path: str, line: int | None, strict: bool = True) -> tuple[date | None, tuple[Problem, ...]]:
    """A calendar date from front matter or a dateline; problems instead of exceptions.

    >>> parse_date("2025-11-27", "a.md", 3)
    (datetime.date(2025, 11, 27), ())
    >>> parse_date("2025-13-45", "a.md", 3)[1][0].message
    "date '2025-13-45' is not a real calendar date; ignored"
    """
    if value is None or not value.strip():
        return None, ()
    parts = _ymd(value)
    if parts is None:
        return None, (Problem(path, f"date {value!r} not understood (use YYYY-MM-DD); ignored", line),) if strict else ()
    year, month, day = parts
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        return None, (Problem(path, f"date {value!r} is out of range (years {EARLIEST_YEAR}-{LATEST_YEAR}); ignored", line),)
    try:
        return date(year, month, day), ()
    except ValueError:
        return None, (Problem(path, f"date {value!r} is not a real calendar date; ignored", line),)
