"""The pages and data files that show the whole corpus at once: the lists of events (all of
them, and the key ones), the dependency graph, the sources page, ``events.json`` and
``timelinejs.json``.

They are made from pieces, one per record, kept between builds by keys that the records'
digests start (``Names``): a rebuild joins the last build's pieces and makes only the new
ones. None of this is needed for the keys of the other pages, so the renderer has it made
on a forked process while it works those keys out (``aside``); what comes back is the
files' bytes and the pieces made.
"""
from __future__ import annotations

import pickle
import struct
from array import array
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from itertools import groupby
from operator import attrgetter, itemgetter
from typing import Any, BinaryIO, TypeVar

from markupsafe import Markup

from . import fanout, publish
from .display import period
from .export import article_line, event_url, events_json, rankless_line
from .links import linker
from .pieces import Piece, Pieces
from .records import Article, Event, Problem
from .svg import drawing, edges, row as graph_row
from .write import Staged

DIGEST = 32  # bytes of a record's digest (``pagekeys``)
_SIZE = struct.Struct("<Q")
_WHEN_OF = attrgetter("when")
T = TypeVar("T")


def group_events(events: Sequence[T], periods: Sequence[tuple[str, str | None]] | None = None) -> list[dict]:
    """Consecutive events under year headings, and within a year under month headings;
    ``periods`` is each event's ``period``, which the events (any items standing for them,
    then) need not be asked for.

    Events whose date is not within one month (a year, a quarter) come in a run of their
    own with no month heading. The timeline order is kept as it is.
    """
    years: list[dict] = []
    found = map(period, map(_WHEN_OF, events)) if periods is None else periods
    for (year, month), run in groupby(zip(found, events), key=itemgetter(0)):
        if not years or years[-1]["label"] != year:
            years.append({"label": year, "id": "y-" + year.replace("–", "-").replace(" ", "-").lower(), "runs": []})
        years[-1]["runs"].append({"month": month, "events": [event for _, event in run]})
    return years


@dataclass(frozen=True)
class Names:
    """What the keys of each record's pieces start with, as text, and how many events each
    article reports. Without keys (no names), every piece is made and none is kept."""

    events: list[str] | None  # by row
    articles: dict[str, str] | None  # by article id
    reported: dict[str, int]  # by article id

    @staticmethod
    def room(events: int, articles: int) -> int:
        """The most bytes ``encode`` gives for this many records."""
        return 1 + DIGEST * (events + articles) + array("I").itemsize * articles

    @staticmethod
    def encode(events: Sequence[bytes] | None, articles: Mapping[str, bytes] | None, reported: Mapping[str, int], listed: Sequence[Article]) -> bytes:
        """The names as ``decode`` reads them, from the digests they are the text of
        (``SiteKeys.events`` and ``SiteKeys.articles``), ``listed`` being the site's articles."""
        counts = array("I", [reported[a.id] for a in listed]).tobytes()
        if events is None or articles is None:
            return b"\0" + counts
        return b"".join([b"\1", *events, *(articles[a.id] for a in listed), counts])

    @staticmethod
    def decode(data: bytes, events: int, articles: Sequence[Article]) -> Names:
        counts = array("I")
        counts.frombytes(data[len(data) - counts.itemsize * len(articles):])
        reported = {a.id: count for a, count in zip(articles, counts)}
        if data[:1] == b"\0":
            return Names(None, None, reported)
        digests = data[1:1 + DIGEST * (events + len(articles))].hex()
        names = [digests[at:at + 2 * DIGEST] for at in range(0, len(digests), 2 * DIGEST)]
        return Names(names[:events], {a.id: name for a, name in zip(articles, names[events:])}, reported)


@dataclass(frozen=True)
class Ready:
    """What the overview needs besides the names, worked out while they are: the last
    build's pieces, the graph's arcs, and of each event, by row, its rank and whether it
    is a key event and dated."""

    pieces: Pieces
    arcs: list[tuple[int, int]]
    ranks: list[int]
    flags: list[bool]
    dated: list[bool]


@dataclass(frozen=True)
class Overview:
    """A site's whole-corpus files, from what the renderer has made ready: ``page(path,
    template, **context)`` renders a page; ``item(event)`` an event's item on a top-level
    list, ``source(article, count)`` an article's item on the sources page and ``option``
    its item in the lists' filter; ``template(name)`` loads a template."""

    events: tuple[Event, ...]
    articles: tuple[Article, ...]
    problems: tuple[Problem, ...]
    key_ids: frozenset[str]
    sources: list[Article]  # the site's articles in the order the sources page lists them
    title: str
    href: Callable[[str], str]  # the link to a page from the data files
    page: Callable[..., bytes]
    item: Callable[[Event], str]
    source: Callable[[Article, int], str]
    option: Callable[[Article], str]
    template: Callable[[str], Any]
    workers: int

    def keys(self, names: Names, flags: Sequence[bool]) -> list[str] | None:
        """The keys of the events' pieces, by row, then of the articles', in the site's
        order: a digest's name and what else the piece shows (whether the event is a key
        event, ``flags`` by row; how many events the article reports)."""
        if names.events is None or names.articles is None:
            return None
        return list(map(str.__add__, names.events, [" overview 1" if flag else " overview 0" for flag in flags])) + [
            f"{names.articles[a.id]} overview {names.reported[a.id]}" for a in self.articles]

    def ready(self, fragments: Mapping[str, Piece] | None) -> Ready:
        """Everything the files need but the names. On a forked process, worked out while
        this one waits for them, in time that would otherwise go unused."""
        for name in ("index.html", "graph.html", "sources.html"):
            self.template(name)  # compiled now, with the templates they extend
        events = self.events
        return Ready(Pieces(fragments), edges(events), [e.rank for e in events], [e.id in self.key_ids for e in events],
                     [e.when.known for e in events])

    def event_pieces(self, rows: list[int]) -> list[bytes]:
        """The piece of each event at ``rows``: its item on the lists (rendered on the
        workers: all of them, the first time), its line of events.json, its slide, its row
        of the graph and the period it is listed under."""
        events, link = self.events, linker("graph.html")
        by_id = {a.id: a for a in self.articles}
        items = fanout.run_all([lambda e=events[row]: self.item(e).encode("utf-8") for row in rows], self.workers)
        made = []
        for row, item in zip(rows, items):
            event = events[row]
            year, month = period(event.when)
            made.append(_joined(item, rankless_line(event), (publish.timelinejs_line(event, by_id, self.href) or "").encode("utf-8"),
                                graph_row(event, link(event_url(event.id)), event.id in self.key_ids).encode("utf-8"),
                                f"{year}\n{month or ''}".encode("utf-8")))
        return made

    def article_pieces(self, rows: list[int], reported: Mapping[str, int]) -> list[bytes]:
        """The piece of each article at ``rows`` (in the site's order): its item on the
        sources page, showing how many events it ``reported``, and in the lists' filter,
        and its line of events.json."""
        made = []
        for row in rows:
            article = self.articles[row]
            made.append(_joined(self.source(article, reported[article.id]).encode("utf-8"), self.option(article).encode("utf-8"),
                                article_line(article)))
        return made

    def files(self, names: Names, ready: Ready) -> tuple[dict[str, bytes], dict[str, Piece]]:
        """The files, by path, and the pieces made for them (those the last build did not
        leave). The events are not looked at here but for pieces to make: on a forked
        process, each record looked at is memory copied."""
        keys, pieces, count = self.keys(names, ready.flags), ready.pieces, len(self.events)
        found = pieces.many(keys and keys[:count], self.event_pieces, count)
        found += pieces.many(keys and keys[count:], lambda rows: self.article_pieces(rows, names.reported), len(self.articles))
        # Each piece's parts, split apart: the items of the lists and rows of the graph, lines of the data files.
        items, lines, slides, rows, periods = zip(*map(_EVENT_PARTS, found[:count])) if count else ((),) * 5
        sourced, options, article_lines = zip(*map(_ARTICLE_PARTS, found[count:])) if self.articles else ((),) * 3
        when = [(year, month or None) for year, _, month in (text.decode("utf-8").partition("\n") for text in periods)]
        at = {a.id: row for row, a in enumerate(self.articles)}
        order = [at[a.id] for a in self.sources]
        # The lists' events by row: the templates only count them and pass them to event_items.
        every, key = range(count), [row for row in range(count) if ready.flags[row]]

        def lists(mark: Callable[[bytes], Markup]) -> dict:
            return dict(key_ids=self.key_ids,
                        event_items=lambda run, between: mark(between.encode("utf-8").join([items[row] for row in run])),
                        source_options=lambda between: mark(between.encode("utf-8").join([options[row] for row in order])))
        files = {
            "index.html": _spliced(lambda mark: self.page(
                "index.html", "index.html", events=every, groups=group_events(every, when), problems=self.problems,
                view="all", dated=sum(ready.dated), **lists(mark))),
            "key.html": _spliced(lambda mark: self.page(
                "key.html", "index.html", events=key, groups=group_events(key, [when[row] for row in key]), problems=(),
                view="key", dated=sum(ready.dated[row] for row in key), **lists(mark))),
            "graph.html": _spliced(lambda mark: self.page(
                "graph.html", "graph.html", events=every, edge_count=len(ready.arcs),
                graph=mark(drawing(rows, [year for year, _ in when], ready.arcs)))),
            "sources.html": _spliced(lambda mark: self.page(
                "sources.html", "sources.html", sources=self.sources,
                source_items=lambda between: mark(between.encode("utf-8").join([sourced[row] for row in order])))),
            # One event's lines are all that change in the data files (and its rank, in one of them).
            "events.json": events_json(self.articles, self.events, lines, article_lines, ready.ranks),
            "timelinejs.json": publish.timelinejs_utf8(self.title, self.articles, slides),
        }
        return files, pieces.made


def _spliced(render: Callable[[Callable[[bytes], Markup]], bytes]) -> bytes:
    """The page ``render(mark)`` gives, where ``mark(part)`` stands for a long part already
    in UTF-8 (the items of a list): rendered with a mark in its place, and put in as bytes
    after, rather than decoded, joined as text and encoded again. A mark is a NUL and the
    part's number: should the page hold a NUL of its own, it is rendered with the parts
    decoded instead."""
    parts: list[bytes] = []

    def mark(part: bytes) -> Markup:
        parts.append(part)
        return Markup(f"\0{len(parts) - 1}\0")
    around = render(mark).split(b"\0")
    if around[1::2] != [b"%d" % number for number in range(len(parts))]:
        return render(lambda part: Markup(part.decode("utf-8")))
    return b"".join([piece for pair in zip(around[::2], parts) for piece in pair] + [around[-1]])


def _joined(*parts: bytes) -> bytes:
    """Parts of a piece as one bytes, the lengths of all but the last ahead."""
    return b"".join((struct.pack(f"<{len(parts) - 1}I", *map(len, parts[:-1])), *parts))


def _splitter(count: int) -> Callable[[bytes], tuple[bytes, ...]]:
    """The parts of a piece of ``count`` parts (``_joined``)."""
    lengths = struct.Struct(f"<{count - 1}I")

    def parts(piece: bytes) -> tuple[bytes, ...]:
        at, split = lengths.size, []
        for length in lengths.unpack_from(piece):
            split.append(piece[at:at + length])
            at += length
        split.append(piece[at:])
        return tuple(split)
    return parts


_FOUR = struct.Struct("<4I")


def _event_parts(piece: bytes) -> tuple[bytes, bytes, bytes, bytes, bytes]:
    """``_splitter(5)``, unrolled: it splits every event's piece on every build."""
    a, b, c, d = _FOUR.unpack_from(piece)
    b += a + 16
    c += b
    d += c
    return piece[16:a + 16], piece[a + 16:b], piece[b:c], piece[c:d], piece[d:]


_EVENT_PARTS, _ARTICLE_PARTS = _event_parts, _splitter(3)


def pack(files: dict[str, bytes | Staged], made: dict[str, Piece], compiled: dict[str, bytes]) -> list[bytes]:
    """``files``, ``made`` and ``compiled`` as a run of bytes, in parts: a short head (with
    the files already staged), then the other files."""
    sizes = [(path, len(data) if type(data) is bytes else data) for path, data in files.items()]
    head = pickle.dumps((sizes, made, compiled), protocol=5)
    return [_SIZE.pack(len(head)), head, *(data for data in files.values() if type(data) is bytes)]


def unpack(stream: BinaryIO) -> tuple[dict[str, bytes | Staged], dict[str, Piece], dict[str, bytes]]:
    """What ``pack`` wrote, read from ``stream``: each file straight into bytes of its size."""
    size, = _SIZE.unpack(stream.read(_SIZE.size))
    sizes, made, compiled = pickle.loads(stream.read(size))
    files = {path: stream.read(length) if type(length) is int else length for path, length in sizes}
    if any(len(files[path]) != length for path, length in sizes if type(length) is int):
        raise EOFError("the files were cut short")
    return files, made, compiled
