"""Stage 1: read source files into clean articles.

Pasted web pages are messy: hard-wrapped lines, navigation, social bars, photo captions
printed twice, "latest news" lists of other stories with their own dates. Reading turns one
file's bytes into an ``Article`` whose ``text`` is only what the article says, paragraphs
separated by blank lines, plus the metadata the file gives (front matter or a dateline).
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .frontmatter import parse_date, split_front_matter
from .records import Article, Problem
from .vocab import load_data

ARTICLE_SUFFIXES = (".txt", ".md", ".markdown", ".text")

_TERMINAL = re.compile(r"[.!?:;]['\"’”)\]]*$")
_LIST_ITEM = re.compile(r"^(?:[-*•–]\s|\d{1,2}[.)]\s)")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f]+")


@dataclass(frozen=True)
class Furniture:
    """Compiled page-furniture vocabulary (see data/furniture.toml)."""

    lines: frozenset[str]
    social: frozenset[str]
    list_headings: tuple[re.Pattern, ...]
    tail_headings: tuple[re.Pattern, ...]
    caption_credit: re.Pattern


@dataclass(frozen=True)
class Dateline:
    id: str
    pattern: re.Pattern


def _load_furniture() -> Furniture:
    data = load_data("furniture")
    return Furniture(
        lines=frozenset(data["lines"]),
        social=frozenset(data["social"]),
        list_headings=tuple(re.compile(p, re.I) for p in data["list_headings"]),
        tail_headings=tuple(re.compile(p, re.I) for p in data["tail_headings"]),
        caption_credit=re.compile(data["caption_credit"]),
    )


def _load_datelines() -> tuple[Dateline, ...]:
    rules = load_data("datelines")["dateline"]
    return tuple(
        Dateline(r["id"], re.compile(r["pattern"], re.I if "i" in r.get("flags", "") else 0))
        for r in rules
    )


FURNITURE = _load_furniture()
DATELINES = _load_datelines()


def slugify(text: str, fallback: str = "article") -> str:
    """A URL-safe slug: lowercase ASCII letters, digits and single hyphens.

    >>> slugify("Türkiye signals readiness: ‘reassurance force’")
    'turkiye-signals-readiness-reassurance-force'
    >>> slugify("../../etc/passwd")
    'etc-passwd'
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:80].rstrip("-") or fallback


def decode(raw: bytes, path: str) -> tuple[str | None, tuple[Problem, ...]]:
    """Bytes to text: UTF-8 (with or without BOM), UTF-16 with a BOM, else cp1252."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), ()
        except UnicodeDecodeError:
            return None, (Problem(path, "invalid UTF-16 text; file skipped", severity="error"),)
    if b"\x00" in raw[:8192]:
        return None, (Problem(path, "binary file, not text; skipped", severity="error"),)
    try:
        return raw.decode("utf-8-sig"), ()
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        text = raw.decode("cp1252", errors="replace")
        note = "not valid UTF-8; read as Windows-1252 (cp1252), check the characters"
        return text, (Problem(path, note, line=line),)


def read_article(raw: bytes, path: str, article_id: str) -> tuple[Article | None, tuple[Problem, ...]]:
    """Read one file's bytes into an Article (None when nothing can be read)."""
    text, problems = decode(raw, path)
    if text is None:
        return None, problems
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        return None, (*problems, Problem(path, "empty file; skipped", severity="error"))
    meta, body, meta_problems = split_front_matter(text, path)
    problems += meta_problems
    lines = _drop_furniture(body.split("\n"))
    published, lines = _find_dateline(lines)
    paragraphs = _dedupe(_reflow(lines))
    title, paragraphs = _choose_title(meta.get("title"), paragraphs, article_id)
    published_from = None
    meta_date, date_problems = parse_date(meta.get("date"), path, meta.line_of("date"))
    problems += date_problems
    if meta_date is not None:
        if published is not None and published != meta_date:
            problems += (Problem(path, f"front matter date {meta_date} differs from the "
                                 f"dateline {published}; using the front matter"),)
        published, published_from = meta_date, "front-matter"
    elif published is not None:
        published_from = "text"
    article = Article(
        id=article_id,
        path=path,
        title=title,
        text="\n\n".join(paragraphs),
        published=published,
        published_from=published_from,
        url=meta.get("url"),
        source=meta.get("source"),
        digest=hashlib.sha256(raw).hexdigest(),
    )
    return article, problems


def _norm(line: str) -> str:
    return _SPACES.sub(" ", line).strip()


def _is_furniture_line(line: str) -> bool:
    low = line.lower()
    if low in FURNITURE.lines:
        return True
    words = low.split()
    return bool(words) and len(words) <= 8 and all(w in FURNITURE.social for w in words)


def _drop_furniture(lines: list[str]) -> list[str]:
    """Remove navigation lines and lists of other stories; keep blank lines as breaks."""
    kept: list[str] = []
    in_list = False
    for raw in lines:
        line = _norm(raw)
        if in_list:
            in_list = bool(line)  # a list of other stories ends at a blank line
            continue
        if any(p.search(line) for p in FURNITURE.tail_headings):
            break
        if any(p.search(line) for p in FURNITURE.list_headings):
            in_list = True
            continue
        if not _is_furniture_line(line):
            kept.append(line)
    return kept


def match_dateline(line: str) -> tuple[date, str] | None:
    """The publication date a dateline gives, and the text after it, or None.

    >>> match_dateline("November 27, 2025 03:44 PM GMT+03:00")
    (datetime.date(2025, 11, 27), '')
    >>> match_dateline("date 2025-11-27 Turkish sources said")
    (datetime.date(2025, 11, 27), 'Turkish sources said')
    """
    for rule in DATELINES:
        m = rule.pattern.match(line)
        if m is None:
            continue
        day = parse_date(f"{m['year']} {m['month']} {m['day']}", "", None, strict=False)[0]
        if day is not None:
            rest = m.groupdict().get("rest") or ""
            return day, rest.strip()
    return None


def _find_dateline(lines: list[str]) -> tuple[date | None, list[str]]:
    """The first dateline's date; every dateline line is metadata, not content."""
    published: date | None = None
    kept: list[str] = []
    for line in lines:
        found = match_dateline(line) if line else None
        if found is None:
            kept.append(line)
            continue
        published = published or found[0]
        if found[1]:
            kept.append(found[1])
    return published, kept


def _joins(previous: str, line: str) -> bool:
    """Whether ``line`` continues the hard-wrapped paragraph ending in ``previous``."""
    if _LIST_ITEM.match(line) or FURNITURE.caption_credit.search(previous):
        return False
    if line[0].islower() or line[0] in ",;)]–—":
        return True
    if _TERMINAL.search(previous):
        return False
    if _LIST_ITEM.match(previous):
        return True
    # A short line without end punctuation before a capitalised line is a heading.
    return len(previous) >= 40


def _reflow(lines: list[str]) -> list[str]:
    """Join hard-wrapped lines into paragraphs; a list keeps one item per line."""
    blocks: list[list[str]] = []
    current: list[str] = []  # the lines of the current block, each already reflowed
    for line in lines:
        if not line:
            blocks.append(current)
            current = []
        elif current and _joins(current[-1], line):
            current[-1] = f"{current[-1]} {line}"
        elif current and _LIST_ITEM.match(line) and _LIST_ITEM.match(current[0]):
            current.append(line)
        else:
            blocks.append(current)
            current = [line]
    blocks.append(current)
    return ["\n".join(block) for block in blocks if block]


def _dedupe(paragraphs: list[str]) -> list[str]:
    """Keep the first of paragraphs printed twice (a photo caption above and below)."""
    seen: set[str] = set()
    kept: list[str] = []
    for paragraph in paragraphs:
        key = re.sub(r"\W+", " ", paragraph).strip().lower()
        if key in seen:
            continue
        seen.add(key)
        kept.append(paragraph)
    return kept


def _is_heading(paragraph: str) -> bool:
    words = paragraph.split()
    return (
        2 <= len(words) <= 30
        and not _LIST_ITEM.match(paragraph)
        and not re.search(r"[.;,]['\"’”]?$", paragraph)
        and paragraph[0].isupper()
    )


def _choose_title(meta_title: str | None, paragraphs: list[str], article_id: str) -> tuple[str, list[str]]:
    """Front matter title, else the first heading before the body; else the first sentence."""
    if meta_title:
        return meta_title, paragraphs
    for index, paragraph in enumerate(paragraphs):
        if _LIST_ITEM.match(paragraph):
            continue
        if _is_heading(paragraph):
            return paragraph, paragraphs[:index] + paragraphs[index + 1:]
        break  # the body has begun: a later heading is a subheading
    prose = [p for p in paragraphs if not _LIST_ITEM.match(p)]
    if prose:
        return _shorten(prose[0]), paragraphs
    return article_id, paragraphs


# "Ankara (Brussels Morning Newspaper) – ": a place-and-agency dateline before the story.
_PLACE_LINE = re.compile(r"^[A-Z][\w .'-]{1,40}\([^()]{1,60}\)\s*[-–—]\s*")


def _shorten(text: str, limit: int = 90) -> str:
    sentence = re.split(r"(?<=[.!?])\s", _PLACE_LINE.sub("", text), maxsplit=1)[0]
    if len(sentence) <= limit:
        return sentence.rstrip(".")
    return sentence[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def list_sources(seeds: Path) -> tuple[list[Path], tuple[Problem, ...]]:
    """Article files under ``seeds``, sorted by path; notes on what is skipped."""
    files: list[Path] = []
    problems: list[Problem] = []
    root = seeds.resolve()
    for path in sorted(seeds.rglob("*"), key=lambda p: p.as_posix()):
        rel = path.relative_to(seeds).as_posix()
        if any(part.startswith(".") for part in path.relative_to(seeds).parts) or rel.endswith("~"):
            continue  # hidden files and editor backups: quietly ignored
        if path.is_symlink() and not path.resolve().is_relative_to(root):
            problems.append(Problem(rel, "symbolic link pointing outside the seeds folder; not followed"))
            continue
        if path.is_dir():
            continue
        if path.suffix.lower() not in ARTICLE_SUFFIXES:
            problems.append(Problem(rel, f"not an article file ({path.suffix or 'no suffix'}); ignored",
                                    severity="note"))
            continue
        files.append(path)
    return files, tuple(problems)


def article_ids(paths: list[str]) -> dict[str, str]:
    """A unique, stable id per path, from the file name."""
    ids: dict[str, str] = {}
    used: set[str] = set()
    for path in sorted(paths):
        base = slugify(Path(path).stem)
        candidate, n = base, 2
        while candidate in used:
            candidate, n = f"{base}-{n}", n + 1
        used.add(candidate)
        ids[path] = candidate
    return ids


def read_articles(seeds: Path) -> tuple[tuple[Article, ...], tuple[Problem, ...]]:
    """Read every article under ``seeds``; problems never stop the others."""
    files, problems = list_sources(seeds)
    rels = [f.relative_to(seeds).as_posix() for f in files]
    ids = article_ids(rels)
    articles: list[Article] = []
    all_problems = list(problems)
    for path, rel in zip(files, rels):
        try:
            raw = path.read_bytes()
        except OSError as err:
            all_problems.append(Problem(rel, f"cannot read: {err.strerror}", severity="error"))
            continue
        article, found = read_article(raw, rel, ids[rel])
        all_problems.extend(found)
        if article is not None:
            articles.append(article)
    return tuple(articles), tuple(all_problems)
