"""Stage: merge reports of the same happening across articles into one event.

Two reports are the same happening when their dates are compatible, they share names and
their words are alike enough. Pairs are merged best first (an agglomerative clustering
whose order is fixed by scores and content keys, never by the order articles were read),
with two constraints: a cluster holds at most one report per article, and its dated
reports agree on the date. Every merge records why (``merge_reasons``).
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from functools import cache

from .extract import event_id
from .records import Event, Mention, When
from .titles import content_words, names

# Minimum word similarity (Dice) for a merge, by what the two dates say.
SAME_DATE = 0.2  # both dated and equal: the date already says a lot
ONE_DATED = 0.3  # one undated report takes the other's date
UNDATED = 0.4  # neither is dated: only words and names speak
WITHIN = 0.45  # a day inside a year: the coarse date says little
MIN_NAMES = 1
NO_NAMES = 0.4  # without a shared name, the words must agree more
_GRANULARITY = {"time": 0, "day": 1, "week": 2, "month": 3, "quarter": 4, "season": 4, "half": 5,
                "year": 6, "decade": 7, "century": 8}


@dataclass(frozen=True)
class Match:
    """Why two reports look like the same happening."""

    date: str
    names: tuple[str, ...]
    text: float

    @property
    def score(self) -> float:
        return self.text + 0.05 * len(self.names)

    def reason(self, articles: str) -> str:
        return f"{articles}: date {self.date}; names {', '.join(self.names) or '-'}; text {self.text:.2f}"


def report_text(report: Event) -> str:
    mention = report.mentions[0]
    return mention.clause or mention.text


@cache
def _words(text: str) -> frozenset[str]:
    return content_words(text)


@cache
def _names(text: str) -> frozenset[str]:
    return names(text)


def similarity(a: Event, b: Event) -> tuple[float, tuple[str, ...]]:
    """Dice similarity of the two reports' words, and the names they share."""
    wa, wb = _words(report_text(a)), _words(report_text(b))
    dice = 2 * len(wa & wb) / (len(wa) + len(wb)) if wa and wb else 0.0
    shared = tuple(sorted(_names(report_text(a)) & _names(report_text(b))))
    return dice, shared


def date_relation(a: When, b: When) -> str | None:
    """How two dates relate for a merge ("same 2025-11-25", "within 2025-W48"), None if they clash."""
    if not a.known or not b.known:
        return "undated" if not a.known and not b.known else f"takes {(a if a.known else b).value}"
    if a.value == b.value:
        return f"same {a.value}"
    finer, coarser = sorted((a, b), key=lambda w: _GRANULARITY.get(w.granularity or "", 9))
    if coarser.start <= finer.start and finer.end <= coarser.end and finer.granularity != coarser.granularity:
        return f"{finer.value} within {coarser.value}"
    return None


def match(a: Event, b: Event, published: dict[str, date | None]) -> Match | None:
    """A merge of two reports from different articles, or None."""
    relation = date_relation(a.when, b.when)
    if relation is None or a.future != b.future and (a.when.known or b.when.known):
        return None
    for dated, other in ((a, b), (b, a)):
        day = published.get(other.mentions[0].article)
        if dated.when.known and not other.when.known and day and dated.when.start > day:
            return None  # an article cannot report what had not happened when it appeared
    text, shared = similarity(a, b)
    threshold = SAME_DATE if relation.startswith("same") else WITHIN if " within " in relation \
        else ONE_DATED if relation.startswith("takes") else UNDATED
    if text < threshold or len(shared) < MIN_NAMES and (text < NO_NAMES or relation != "undated"):
        return None
    return Match(relation, shared, round(text, 3))


def candidate_pairs(reports: tuple[Event, ...], published: dict[str, date | None]) -> list[tuple[float, int, int, Match]]:
    """Every mergeable pair, best first; ties broken by the reports' content keys."""
    pairs = []
    for i, a in enumerate(reports):
        for j in range(i + 1, len(reports)):
            b = reports[j]
            if a.mentions[0].article == b.mentions[0].article:
                continue
            found = match(a, b, published)
            if found is not None:
                pairs.append((found.score, i, j, found))
    return sorted(pairs, key=lambda p: (-p[0], p[1], p[2]))


def _compatible(group_a: list[int], group_b: list[int], reports: tuple[Event, ...]) -> bool:
    articles = {reports[i].mentions[0].article for i in group_a}
    if any(reports[j].mentions[0].article in articles for j in group_b):
        return False
    return all(date_relation(reports[i].when, reports[j].when) is not None for i in group_a for j in group_b)


def cluster(reports: tuple[Event, ...], published: dict[str, date | None]) -> list[tuple[list[int], list[tuple[int, int, Match]]]]:
    """Groups of report indexes, each with the pair matches that joined it."""
    group = {i: [i] for i in range(len(reports))}
    reasons: dict[int, list[tuple[int, int, Match]]] = {i: [] for i in range(len(reports))}
    owner = list(range(len(reports)))
    for _, i, j, found in candidate_pairs(reports, published):
        a, b = owner[i], owner[j]
        if a == b or not _compatible(group[a], group[b], reports):
            continue
        keep, drop = min(a, b), max(a, b)
        group[keep] += group.pop(drop)
        reasons[keep] += reasons.pop(drop) + [(i, j, found)]
        for index in group[keep]:
            owner[index] = keep
    return [(sorted(group[k]), reasons[k]) for k in sorted(group)]


def _best_when(members: list[Event]) -> When:
    """The most precise date the reports give (a day beats "earlier this week")."""
    dated = [m.when for m in members if m.when.known]
    if not dated:
        return When()
    return min(dated, key=lambda w: (_GRANULARITY.get(w.granularity or "", 9), w.start, w.value or ""))


def _representative(members: list[Event]) -> Event:
    """The report most like the others, preferring dated ones: its title names the event."""
    def key(member: Event) -> tuple:
        likeness = sum(similarity(member, other)[0] for other in members if other is not member)
        return (member.title.endswith("…"), not member.when.known, -round(likeness, 6), member.mentions[0].key)
    return min(members, key=key)


def combine(members: list[Event], matches: list[tuple[int, int, Match]], reports: tuple[Event, ...]) -> Event:
    mentions = tuple(sorted((m for e in members for m in e.mentions), key=lambda m: m.key))
    when = _best_when(members)
    first = mentions[0]
    title_from = _representative(members)
    pair = lambda i, j: f"{reports[i].mentions[0].article} ~ {reports[j].mentions[0].article}"  # noqa: E731
    reasons = tuple(sorted(found.reason(pair(i, j)) for i, j, found in matches))
    return Event(
        id=event_id(when, first) if len(members) > 1 else members[0].id,
        title=title_from.title, when=when, mentions=mentions, merge_reasons=reasons,
        future=all(e.future for e in members), candidate=all(e.candidate for e in members) and len(members) == 1,
        links=tuple(sorted({link for e in members for link in e.links})), subject=title_from.subject,
    )


def merge_reports(reports: tuple[Event, ...], published: dict[str, date | None]) -> tuple[Event, ...]:
    """One event per happening, links pointing at merged ids, unconfirmed candidates dropped."""
    reports = tuple(sorted(reports, key=lambda r: r.mentions[0].key))
    merged: list[Event] = []
    new_id: dict[str, str] = {}
    for indexes, matches in cluster(reports, published):
        event = combine([reports[i] for i in indexes], matches, reports)
        merged.append(event)
        new_id.update({reports[i].id: event.id for i in indexes})
    linked = {new_id[i] for e in merged for link in e.links for i in (link[0],)} | {e.id for e in merged if e.links}
    kept = [e for e in merged if not e.candidate or e.id in linked]
    kept_ids = {e.id for e in kept}
    return tuple(
        replace(e, links=tuple(sorted({(new_id[a], cue) for a, cue in e.links if new_id[a] in kept_ids and new_id[a] != e.id})))
        for e in kept
    )
