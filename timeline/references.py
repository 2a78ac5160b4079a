"""How the records of a site refer to each other: which articles each event cites, which
events depend on which, which events each article reports and which of its dates each
event marks. Found in one pass over the events, by row (an event's position on the
timeline): the renderer looks these up for every page and every key it makes.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from operator import attrgetter

from .records import Article, Event

_ARTICLE_OF = attrgetter("article")


@dataclass(frozen=True)
class References:
    cited: tuple[tuple[str, ...], ...]  # by row: ``Event.articles``, worked out once
    depends: tuple[list[int], ...]  # by row: ``depended_on``
    dependents: tuple[list[int], ...]  # by row: the rows that depend on it, in timeline order
    reported: dict[str, list[int]]  # by article id: the rows of the events it reports, in timeline order
    # By article id: the row of the first event a report of which marks the date
    # expression starting at each offset of the article's text.
    marked: dict[str, dict[int, int]]


def references(events: tuple[Event, ...], articles: tuple[Article, ...],
               read: tuple[Sequence[tuple[str, ...]], dict[str, dict[int, int]]] | None = None) -> References:
    """The references; ``read`` is the ``cited`` and ``marked`` of the mentions when the
    caller has read them already (``pagekeys.site_keys``)."""
    if read is None:
        read = _mentions(events)
    cited, marked = read
    row = {e.id: index for index, e in enumerate(events)}
    depends: list[list[int]] = []
    dependents: list[list[int]] = [[] for _ in events]
    reported: dict[str, list[int]] = {a.id: [] for a in articles}
    for index, (event, own) in enumerate(zip(events, cited)):
        for article_id in own:
            if (rows := reported.get(article_id)) is not None:
                rows.append(index)
        depends.append(deps := depended_on(row, index, event))
        for other in deps:
            dependents[other].append(index)
    return References(tuple(cited), tuple(depends), tuple(dependents), reported, marked)


def reported_counts(cited: Sequence[tuple[str, ...]], articles: Sequence[Article]) -> dict[str, int]:
    """How many events each article reports: ``len`` of ``References.reported``, from the
    events' ``cited`` alone, without the rest of the references."""
    counts = {a.id: 0 for a in articles}
    for own in cited:
        for article_id in own:
            if article_id in counts:
                counts[article_id] += 1
    return counts


def _mentions(events: tuple[Event, ...]) -> tuple[list[tuple[str, ...]], dict[str, dict[int, int]]]:
    cited: list[tuple[str, ...]] = []
    marked: dict[str, dict[int, int]] = {}
    for index, event in enumerate(events):
        cited.append(tuple(dict.fromkeys(map(_ARTICLE_OF, event.mentions))))
        for mention in event.mentions:
            if mention.timex is not None:
                marks = marked.get(mention.article)
                if marks is None:
                    marks = marked[mention.article] = {}
                marks.setdefault(mention.timex.start, index)
    return cited, marked


def depended_on(row: dict[str, int], index: int, event: Event) -> list[int]:
    """The rows ``event``, at ``index``, depends on, each once, not its own; ``row`` is
    each event's row by id. Ids are unique (two events with one id would write one page
    twice), so an event's own row stands for its own id."""
    return [other for other in map(row.get, dict.fromkeys(event.depends_on)) if other is not None and other != index]


def arcs(depends: Sequence[Sequence[int]]) -> list[tuple[int, int]]:
    """(earlier row, later row) of each dependency, each once, sorted; ``depends[row]``
    is what ``depended_on`` gives for the row.

    The arcs are gathered by their earlier end. Each row's list starts with the later rows
    it depends on itself (rare: the timeline puts what an event depends on first),
    appended when the row is reached, then gets the later rows that depend on it, in order
    as they are reached: sorted and without repeats, unless it had some of the former.
    """
    later: list[list[int]] = [[] for _ in depends]
    unsorted: list[int] = []
    for index, rows in enumerate(depends):
        for other in rows:
            if other < index:
                later[other].append(index)
            else:
                if not later[index]:
                    unsorted.append(index)
                later[index].append(other)
    for first in unsorted:
        later[first] = sorted(set(later[first]))
    return [(first, last) for first, lasts in enumerate(later) for last in lasts]
