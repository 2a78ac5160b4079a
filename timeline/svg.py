"""The dependency graph of the events as a static SVG, laid out along time.

Time runs down the page: one row per event in timeline order, a node on a vertical axis
with the event's date and title to its right. An edge ``A depends on B`` is an arc on the
left of the axis from B (earlier, higher) to A, wider the further apart they are, so the
drawing stays legible however many events there are; the page scrolls instead of
shrinking the text. Every node links to its event page. No script is involved.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from itertools import groupby

from markupsafe import Markup, escape

from .display import format_when, period
from .records import Event
from .references import arcs, depended_on

ROW = 38  # vertical distance between two events: a line for the date, one for the title
HEADING = 30  # room for a year heading
TOP = 16
AXIS = 150  # x of the time axis and the nodes; the arcs are on its left
ARC_MIN, ARC_MAX = 14, AXIS - 8
TEXT_X = AXIS + 14
TITLE_CHARS = 64
WIDTH = TEXT_X + TITLE_CHARS * 7 + 16


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _escape(text: str) -> str:
    """``markupsafe.escape(text)`` as plain text: the same characters, without making a
    Markup object for each of the tens of thousands of texts of a large graph."""
    return text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;").replace("'", "&#39;").replace('"', "&#34;")


def edges(events: tuple[Event, ...]) -> list[tuple[int, int]]:
    """(earlier row, later row) for every dependency between two listed events, sorted."""
    row = {event.id: index for index, event in enumerate(events)}
    return arcs([depended_on(row, index, event) for index, event in enumerate(events)])


def dependency_svg(events: tuple[Event, ...], href: Callable[[str], str], key: frozenset[str] = frozenset(), title: str = "Dependency graph of the events",
                   arcs: list[tuple[int, int]] | None = None, years: Sequence[str] | None = None) -> Markup:
    """The graph as an ``<svg>`` element for inclusion in a page; ``arcs`` is ``edges(events)``
    and ``years`` each event's ``period(event.when)[0]``, when the caller has them already."""
    return Markup(drawing(
        [row(event, href(event.id), event.id in key).encode("utf-8") for event in events],
        [period(event.when)[0] for event in events] if years is None else years,
        edges(events) if arcs is None else arcs, title).decode("utf-8"))


def row(event: Event, href: str, is_key: bool) -> str:
    """An event's row of the graph, as a template for ``%`` with the four heights the row
    is drawn at (the row's place depends on the events above it; the rest on the event)."""
    def text(value: str) -> str:
        return _escape(value).replace("%", "%%")
    return (
        f'<a class="{"graph-node graph-key" if is_key else "graph-node"}" href="{text(href)}">\n'
        f'<rect class="graph-hit" x="0" y="%d" width="{WIDTH}" height="{ROW}" fill="transparent"/>\n'
        f'<circle cx="{AXIS}" cy="%d" r="{6 if is_key else 4}" fill="currentColor"/>\n'
        f'<text class="graph-date" x="{TEXT_X}" y="%d">{text(format_when(event.when))}</text>\n'
        f'<text class="graph-title" x="{TEXT_X}" y="%d">{text(_short(event.title, TITLE_CHARS))}</text>\n'
        "</a>"
    )


def drawing(rows: Sequence[bytes], years: Sequence[str], arcs: list[tuple[int, int]], title: str = "Dependency graph of the events") -> bytes:
    """The ``<svg>`` element, as UTF-8, from each event's ``row`` (as UTF-8), the year it
    is listed under and the arcs between the rows (``edges``)."""
    y: list[int] = []
    headings: list[tuple[int, str]] = []
    cursor = TOP
    for year, run in groupby(years):
        headings.append((cursor, year))
        cursor += HEADING
        first = cursor + ROW // 2
        y.extend(range(first, first + ROW * sum(1 for _ in run), ROW))
        cursor = y[-1] + ROW - ROW // 2
    height = cursor + TOP
    out = [
        f'<svg class="graph" xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" aria-labelledby="graph-title">',
        f'<title id="graph-title">{escape(title)}</title>',
        '<defs><marker id="graph-arrow" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" '
        'orient="auto-start-reverse"><path class="graph-arrowhead" d="M0,0 L8,4 L0,8 z" fill="currentColor"/></marker></defs>',
    ]
    if rows:
        out.append(f'<line class="graph-axis" x1="{AXIS}" y1="{TOP}" x2="{AXIS}" y2="{height - TOP}" stroke="currentColor"/>')
    for top, year in headings:
        out.append(f'<line class="graph-year-rule" x1="0" y1="{top}" x2="{WIDTH}" y2="{top}" stroke="currentColor"/>')
        out.append(f'<text class="graph-year" x="{TEXT_X}" y="{top + HEADING - 9}">{escape(year)}</text>')
    span = math.log(max(len(rows), 2))
    # wider for events further apart, on a log scale so long arcs spread out: the x of an
    # arc's bend for each distance between its ends, worked out once
    bend = [str(AXIS - ARC_MIN)] + [str(AXIS - round(ARC_MIN + (ARC_MAX - ARC_MIN) * math.log(d) / span)) for d in range(1, len(rows))]
    # An arc is made of the text of its two rows and of its bend: tens of thousands of
    # arcs, from pieces written once per row.
    starts = [f'<path class="graph-edge" d="M{AXIS - 5},{row_y + 4} C' for row_y in y]
    middles = [f",{row_y + 4} " for row_y in y]
    ends = [f',{row_y - 4} {AXIS - 6},{row_y - 4}" fill="none" stroke="currentColor" marker-end="url(#graph-arrow)"/>' for row_y in y]
    out.extend([f"{starts[first]}{bend[last - first]}{middles[first]}{bend[last - first]}{ends[last]}" for first, last in arcs])
    # One piece per row, not one per element: tens of thousands of rows on a large site.
    return b"\n".join([
        "\n".join(out).encode("utf-8"),
        *[template % (row_y - ROW // 2, row_y, row_y - 4, row_y + 12) for template, row_y in zip(rows, y)],
        b"</svg>",
    ])
