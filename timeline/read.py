"""Stage 1: read source files into clean articles.

Pasted web pages are messy: hard-wrapped lines, navigation, social bars, photo captions
printed twice, "latest news" lists of other stories with their own dates. Reading turns one
file's bytes into an ``Article`` whose ``text`` is only what the article says, paragraphs
separated by blank lines, plus the metadata the file gives (front matter or a dateline).
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .decode import MAX_BYTES, decode
from .frontmatter import parse_date, split_front_matter
from .records import Article, Problem
from .safety import safe_url
from .sources import content_digest, gather_sources
from .vocab import load_data

# Longer titles are a paragraph taken for a heading, or a mistake; pages need a headline.
MAX_TITLE = 200

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


def read_article(raw: bytes, path: str, article_id: str, size: int | None = None,
                 limit: int = MAX_BYTES) -> tuple[Article | None, tuple[Problem, ...]]:
    """Read one file's bytes into an Article (None when nothing can be read).

    ``size`` is the file's full size when ``raw`` holds only its first ``limit`` bytes.
    """
    text, problems = decode(raw, path, size, limit)
    if text is None:
        return None, problems
    if not text.strip():
        return None, (*problems, Problem(path, "empty file; skipped", severity="error"))
    meta, body, meta_problems = split_front_matter(text, path)
    problems += meta_problems
    lines = _drop_furniture(body.split("\n"))
    published, lines = _find_dateline(lines)
    paragraphs = _dedupe(_reflow(lines))
    if not paragraphs:
        problems += (Problem(path, "no article text left after removing page furniture"),)
    title, paragraphs = _choose_title(meta.get("title"), paragraphs, article_id)
    if len(title) > MAX_TITLE:
        problems += (Problem(path, f"title is {len(title)} characters long; shortened to {MAX_TITLE}",
                             line=meta.line_of("title")),)
        title = title[:MAX_TITLE].rsplit(" ", 1)[0] + "…"
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
    url = safe_url(meta.get("url"))
    if meta.get("url") and url is None:
        problems += (Problem(path, f"url {meta['url'][:80]!r} is not a well-formed http(s) address; not linked",
                             line=meta.line_of("url")),)
    article = Article(
        id=article_id,
        path=path,
        title=title,
        text="\n\n".join(paragraphs),
        published=published,
        published_from=published_from,
        url=url,
        source=meta.get("source"),
        digest=content_digest(raw),
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


# The joining tests look only at the ends of a line being re-joined, so a paragraph of
# many thousand wrapped lines costs linear time, not a rescan of the whole per line.
_EDGE = 256


@dataclass
class _Joined:
    """A line being re-joined from hard-wrapped pieces; only its ends are inspected."""

    parts: list[str]
    head: str
    tail: str
    length: int

    @classmethod
    def of(cls, line: str) -> _Joined:
        return cls([line], line[:_EDGE], line[-_EDGE:], len(line))

    def add(self, line: str) -> None:
        self.parts.append(line)
        self.length += 1 + len(line)
        if len(self.head) < _EDGE:
            self.head = f"{self.head} {line}"[:_EDGE]
        self.tail = f"{self.tail} {line[-_EDGE:]}"[-_EDGE:]

    def text(self) -> str:
        return " ".join(self.parts)


def _joins(previous: _Joined, line: str) -> bool:
    """Whether ``line`` continues the hard-wrapped paragraph ending in ``previous``."""
    if _LIST_ITEM.match(line) or FURNITURE.caption_credit.search(previous.tail):
        return False
    if line[0].islower() or line[0] in ",;)]–—":
        return True
    if _TERMINAL.search(previous.tail):
        return False
    if _LIST_ITEM.match(previous.head):
        return True
    # A short line without end punctuation before a capitalised line is a heading.
    return previous.length >= 40


def _reflow(lines: list[str]) -> list[str]:
    """Join hard-wrapped lines into paragraphs; a list keeps one item per line."""
    blocks: list[list[_Joined]] = []
    current: list[_Joined] = []  # the lines of the current block, each being re-joined
    for line in lines:
        if not line:
            blocks.append(current)
            current = []
        elif current and _joins(current[-1], line):
            current[-1].add(line)
        elif current and _LIST_ITEM.match(line) and _LIST_ITEM.match(current[0].head):
            current.append(_Joined.of(line))
        else:
            blocks.append(current)
            current = [_Joined.of(line)]
    blocks.append(current)
    return ["\n".join(joined.text() for joined in block) for block in blocks if block]


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


def _content_key(article: Article) -> str:
    """Two files with this key would build the same pages: one is a copy of the other.

    Compared after decoding and cleaning, so a copy saved with other line ends or in
    another encoding is still recognised.
    """
    fields = (article.title, article.text, str(article.published), article.url or "", article.source or "")
    return hashlib.sha256("\x00".join(fields).encode("utf-8")).hexdigest()


def duplicates(articles: tuple[Article, ...]) -> dict[str, str]:
    """The path of each article that copies an earlier one, mapped to the earlier one's."""
    first_with: dict[str, str] = {}
    copies: dict[str, str] = {}
    for article in articles:
        key = _content_key(article)
        if key in first_with:
            copies[article.path] = first_with[key]
        else:
            first_with[key] = article.path
    return copies


def duplicate_problem(path: str, original: str) -> Problem:
    return Problem(path, f"same content as {original}; duplicate not built")


def read_articles(seeds: Path) -> tuple[tuple[Article, ...], tuple[Problem, ...]]:
    """Read every article under ``seeds``; problems never stop the others.

    Problems come sorted by file and line, so a report reads top to bottom.
    """
    sources, problems = gather_sources(seeds)
    articles: list[Article] = []
    all_problems = list(problems)
    for source in sources:
        if source.raw is None:
            all_problems.append(Problem(source.path, source.error or "cannot read", severity="error"))
            continue
        article, found = read_article(source.raw, source.path, source.id)
        all_problems.extend(found)
        if article is not None:
            articles.append(article)
    copies = duplicates(tuple(articles))
    all_problems.extend(duplicate_problem(path, original) for path, original in copies.items())
    all_problems.sort(key=lambda p: (p.path, p.line or 0))
    return tuple(a for a in articles if a.path not in copies), tuple(all_problems)
