"""Immutable records passed between the pipeline stages.

Every stage is a function from records to records; nothing here has behaviour beyond
small derived views, so a record can be cached, compared and sent to a worker process.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property


@dataclass(frozen=True)
class Problem:
    """Something wrong with an input file, reported but never fatal to the build."""

    path: str
    message: str
    line: int | None = None
    severity: str = "warning"  # "warning" | "error" (an error means content was not read)

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.severity}: {self.message}"


@dataclass(frozen=True)
class Article:
    """One source article, cleaned of page furniture.

    ``text`` is the article body: paragraphs separated by one blank line, each paragraph
    on a single line. All character offsets elsewhere (timexes, sentences) index ``text``.
    """

    id: str
    path: str
    title: str
    text: str
    published: date | None = None
    published_from: str | None = None  # "front-matter" | "text" | "inferred" | None
    url: str | None = None
    source: str | None = None
    digest: str = ""  # content hash of the raw file

    @cached_property
    def page_digest(self) -> bytes:
        """``pagekeys.article_digest``: what a page shows of the article (its whole text)."""
        from .pagekeys import article_digest

        return article_digest(self)


@dataclass(frozen=True)
class Timex:
    """A date expression found in a text (a TIMEX3 mention).

    ``start``/``end`` are character offsets (end exclusive). ``value`` is the TIMEX3
    value once anchored ("2025-11-25", "2025-07", "2015", "200X", "P3Y", "PRESENT_REF"),
    or None when it needs a publication date the article does not have.
    ``granularity`` is the unit the text states: "day", "week", "month", "quarter",
    "season", "year", "decade", "century", "time", or None for durations and references.
    """

    start: int
    end: int
    text: str
    type: str  # "DATE" | "TIME" | "DURATION" | "SET"
    value: str | None
    granularity: str | None
    mod: str | None = None  # TIMEX3 mod: "EARLY", "MID", "LATE", "APPROX", ...
    end_value: str | None = None  # last day of a written range ("March 29-30, 2022")
    rule: str = ""  # id of the rule that found it, for error analysis

    def as_dict(self) -> dict:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "type": self.type,
            "value": self.value,
            "mod": self.mod,
            "granularity": self.granularity,
            "end_value": self.end_value,
        }


@dataclass(frozen=True)
class When:
    """When an event happened: a TIMEX3 value and the inclusive calendar range it covers."""

    value: str | None = None
    start: date | None = None
    end: date | None = None
    granularity: str | None = None
    derived: bool = False  # the range comes from the event graph, not the text
    mod: str | None = None

    @property
    def known(self) -> bool:
        return self.start is not None and self.end is not None

    def as_dict(self) -> dict:
        return {
            "value": self.value,
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "granularity": self.granularity,
            "derived": self.derived,
            "mod": self.mod,
        }


@dataclass(frozen=True)
class Sentence:
    """A sentence of an article, by offsets into ``Article.text``."""

    article: str
    start: int
    end: int
    text: str
    paragraph: int  # index of the paragraph in the article, for prominence


@dataclass(frozen=True)
class Mention:
    """One report of an event in one article."""

    article: str
    text: str  # the sentence as it reads in the article
    start: int  # offsets of the sentence in Article.text
    end: int
    expression: str | None = None  # the date expression as written
    timex: Timex | None = None
    paragraph: int = 0
    clause: str | None = None  # the words of the sentence that tell this happening
    clause_start: int | None = None  # offset of ``clause`` in Article.text

    @property
    def key(self) -> tuple:
        """A content key for choosing a first report independent of processing order."""
        return (self.article, self.start, self.clause_start or self.start, self.clause or self.text)

    # Digests every build asks of every mention of the corpus. Worked out where the mention
    # is made (``articles.process_article``: cached, and run in parallel) and kept in its
    # ``__dict__``, which the cache stores with it; a mention is never changed in place.
    @cached_property
    def page_digest(self) -> bytes:
        """``pagekeys.mention_digest``: what a page shows of the mention."""
        from .pagekeys import mention_digest

        return mention_digest(self)

    @cached_property
    def sentence_digest(self) -> str:
        """``registry.sentence_digest`` of its sentence: the mark the lock file knows it by."""
        from .registry import sentence_digest

        return sentence_digest(self.text)


@dataclass(frozen=True)
class MergeReason:
    """Why the reports of two articles were taken for one event."""

    first: str  # article ids
    second: str
    detail: str  # "date same 2025-11-25; names france, macron; verb say; text 0.52"

    def __str__(self) -> str:
        return f"{self.first} ~ {self.second}: {self.detail}"


@dataclass(frozen=True)
class Event:
    id: str
    title: str
    when: When
    mentions: tuple[Mention, ...]
    depends_on: tuple[str, ...] = ()
    rank: int = 0
    merge_reasons: tuple[MergeReason, ...] = field(default=())
    future: bool = False  # a statement about the future or a condition ("must be established")
    candidate: bool = False  # undated and unlinked: kept only if another article confirms it
    links: tuple[tuple[str, str], ...] = ()  # (id of an earlier event, the cue words that say so)
    subject: str = ""  # who acts, for titles and comparing reports

    @property
    def articles(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for mention in self.mentions:
            seen.setdefault(mention.article, None)
        return tuple(seen)


def amended(record, **changes):
    """``dataclasses.replace`` for these records, without running ``__init__`` again.

    The records have no ``__post_init__`` and no computed fields, so a copy of the field
    values with some of them changed is the very record ``replace`` builds (equal, and
    pickled to the same bytes); the corpus-wide stages amend every event of a build, and
    going through ``__init__`` with every field costs them a tenth of a second. Memos
    (``Mention.page_digest``) are worked out of the old fields: the copy leaves them out.
    """
    if not changes.keys() <= record.__dataclass_fields__.keys():
        unknown = sorted(changes.keys() - record.__dataclass_fields__.keys())
        raise TypeError(f"{type(record).__name__} has no field {unknown[0]!r}")
    state = record.__dict__.copy()  # a copy of a whole table: cheaper than filling a new one
    state.update(changes)
    for memo in _MEMOS.get(type(record), ()):
        state.pop(memo, None)
    copy = object.__new__(type(record))
    object.__setattr__(copy, "__dict__", state)  # frozen: its own __setattr__ refuses
    return copy


# The memos (``cached_property``) each record type keeps in its ``__dict__``, by type.
_MEMOS = {kind: names for kind in (Problem, Article, Timex, When, Sentence, Mention, MergeReason, Event)
          if (names := tuple(name for name, value in vars(kind).items() if isinstance(value, cached_property)))}
