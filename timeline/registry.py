"""Event identity: a lock file that keeps every event URL working across builds.

An event's id is decided once, when it first appears, and recorded in ``timeline.lock``
beside the seeds folder together with a fingerprint of what it is: the (article path,
sentence digest) pairs of its mentions. A later build re-identifies each of its events
with the registered one it shares the most mentions with, so an event keeps its URL when
new articles report it, when its title or date wording changes, or when its reports are
regrouped. A registered event that no longer matches anything becomes ``merged-into`` the
event that took its mentions (its page turns into a redirect), or ``withdrawn`` (its page
says so). Ids are never reused for something else.

The file is sorted text, one event per line, so its history reads well in a diff;
commit it with the seeds. Format::

    <id> live <when> <path>#<digest> ...
    <id> merged-into:<id> <when> <path>#<digest> ...
    <id> withdrawn <when> <path>#<digest> ...
"""
from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from itertools import chain
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from pathlib import Path
from urllib.parse import quote, unquote

from .export import event_url
from .records import Article, Event

LOCK_NAME = "timeline.lock"
HEADER = (
    "# timeline.lock: the identity of every event ever published, so its URL keeps working.\n"
    "# Written by the build; commit it with the seeds. One event per line:\n"
    "# <id> live|merged-into:<id>|withdrawn <when> <article path>#<sentence digest> ...\n"
)
LIVE, WITHDRAWN, MERGED = "live", "withdrawn", "merged-into"
_STATUS_ORDER = {LIVE: 0, MERGED: 1, WITHDRAWN: 2}  # prefer reviving live ids


@dataclass(frozen=True)
class Entry:
    id: str
    status: str  # LIVE | MERGED | WITHDRAWN
    when: str  # the event's date value when last seen, "-" if none
    marks: frozenset[str]  # "<quoted article path>#<sentence digest>"
    target: str | None = None  # the surviving event of a merged one


@dataclass(frozen=True)
class Registry:
    entries: tuple[Entry, ...] = ()  # sorted by id

    def by_id(self) -> dict[str, Entry]:
        return {entry.id: entry for entry in self.entries}


def default_lock_path(seeds: Path) -> Path:
    """``<seeds>/../timeline.lock``: committed in the project folder beside the seeds."""
    return seeds.resolve().parent / LOCK_NAME


# A sentence repeated across articles (a wire story, a background line) is digested once;
# bounded, since a preview server rebuilds in one process for as long as it runs.
@lru_cache(maxsize=1 << 17)
def sentence_digest(text: str) -> str:
    """A short digest of a sentence, blind to whitespace changes.

    >>> sentence_digest("Talks  began\\n on Tuesday.") == sentence_digest("Talks began on Tuesday.")
    True
    """
    return hashlib.sha1(" ".join(text.split()).encode("utf-8")).hexdigest()[:10]


def all_marks(events: tuple[Event, ...], articles: tuple[Article, ...]) -> dict[str, frozenset[str]]:
    """The marks of every event by id: "<quoted article path>#<sentence digest>" for each
    of its mentions (an article missing from ``articles`` stands for its path)."""
    heads = {article.id: _quoted(article.path) + "#" for article in articles}  # each article's part, made once
    marks = {}
    for event in events:
        found = []
        for mention in event.mentions:
            head = heads.get(mention.article)
            if head is None:
                head = heads[mention.article] = _quoted(mention.article) + "#"
            found.append(head + mention.sentence_digest)  # kept with the mention: ``Mention.sentence_digest``
        marks[event.id] = frozenset(found)
    return marks


@cache
def _quoted(path: str) -> str:
    # Every mention of an article asks for its path: quoted once per path.
    return quote(path)


def mark_path(mark: str) -> str:
    return unquote(mark.rpartition("#")[0])


def parse(text: str) -> Registry:
    """The entries of a lock file; malformed lines are skipped, never fatal."""
    entries: dict[str, Entry] = {}
    for line in text.splitlines():
        fields = line.split()
        if not fields or fields[0].startswith("#") or len(fields) < 3:
            continue
        ident, status, when, marks = fields[0], fields[1], fields[2], frozenset(fields[3:])
        target = None
        if status.startswith(MERGED + ":"):
            status, target = MERGED, status.partition(":")[2]
        if status not in _STATUS_ORDER or (status == MERGED and not target):
            continue
        entries[ident] = Entry(ident, status, when, marks, target)
    return Registry(tuple(entries[key] for key in sorted(entries)))


def dumps(registry: Registry) -> str:
    lines = [HEADER]
    for entry in sorted(registry.entries, key=lambda e: e.id):
        status = f"{MERGED}:{entry.target}" if entry.status == MERGED else entry.status
        lines.append(" ".join([entry.id, status, entry.when, *sorted(entry.marks)]) + "\n")
    return "".join(lines)


def load(path: Path | None) -> Registry:
    if path is None:
        return Registry()
    try:
        return parse(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return Registry()


def _greedy(pairs: list[tuple[tuple, str, str]], events: set[str], entries: set[str]) -> dict[str, str]:
    """One-to-one matching, best score first: {event id: entry id}."""
    chosen: dict[str, str] = {}
    for _, event, entry in sorted(pairs, key=lambda pair: pair[0]):
        if event in events and entry in entries:
            chosen[event] = entry
            events.discard(event)
            entries.discard(entry)
    return chosen


def _unshared(events: tuple[Event, ...], marks: dict[str, frozenset[str]], old: dict[str, Entry]) -> dict[str, str]:
    """The pairs the first tier of ``_match`` is sure to make without weighing them: an
    event and an entry with the same reports, none of them reported by any other event
    or entry. Each is the other's only candidate, so whatever the order, they pair; most
    events of a rebuild are such pairs."""
    if not old or len(marks) < len(events):  # nothing registered, or ids repeat: leave every choice to the tiers
        return {}
    entry_counts, event_counts = Counter(chain.from_iterable(e.marks for e in old.values())), Counter(chain.from_iterable(marks.values()))
    shared = {mark for mark, count in entry_counts.items() if count > 1}
    shared.update(mark for mark, count in event_counts.items() if count > 1)
    by_marks = {entry.marks: entry.id for entry in old.values()}
    chosen = {}
    for event_id, found in marks.items():
        entry_id = by_marks.get(found)
        if entry_id is not None and found and found.isdisjoint(shared):
            chosen[event_id] = entry_id
    return chosen


def _match(events: tuple[Event, ...], marks: dict[str, frozenset[str]], old: dict[str, Entry]) -> dict[str, str]:
    """Pair events of this build with registered entries, by ever weaker evidence.

    First shared reports (same article, same sentence); then the same sentences found in
    another file (an article renamed or moved); then, for an edited sentence, the same
    article and the same date. Each tier only pairs what earlier tiers left over.
    """
    tiers = (
        lambda when, found: found,
        lambda when, found: {m.rpartition("#")[2] for m in found},
        lambda when, found: {(when, mark_path(m)) for m in found},
    )
    chosen = _unshared(events, marks, old)
    free_events, free_entries = {e.id for e in events} - chosen.keys(), set(old) - set(chosen.values())
    waiting = [e for e in events if e.id in free_events]
    for features in tiers:
        if not free_entries:
            break  # nothing left to pair with
        index: dict[object, list[str]] = defaultdict(list)
        size: dict[str, int] = {}
        for entry_id in sorted(free_entries):
            theirs = features(old[entry_id].when, old[entry_id].marks)
            size[entry_id] = len(theirs)
            for feature in theirs:
                index[feature].append(entry_id)
        pairs = []
        waiting = [e for e in waiting if e.id in free_events]
        for event in waiting:
            mine = features(event.when.value or "-", marks[event.id])
            shared = Counter(entry for feature in mine for entry in index.get(feature, ()))
            for entry_id, count in shared.items():
                union = len(mine) + size[entry_id] - count  # ``count`` features are in both sets
                key = (-count, _STATUS_ORDER[old[entry_id].status], -count / union, entry_id, event.id)
                pairs.append((key, event.id, entry_id))
        chosen.update(_greedy(pairs, free_events, free_entries))
    return chosen


def _unique(natural: str, taken: set[str]) -> str:
    candidate, n = natural, 2
    while candidate in taken:
        candidate, n = f"{natural}-{n}", n + 1
    return candidate


def _settle(entries: dict[str, Entry]) -> dict[str, Entry]:
    """Point every merged entry straight at a live event, or withdraw it."""
    settled = dict(entries)
    for ident, entry in entries.items():
        if entry.status == LIVE and entry.target is None:
            continue  # nothing to settle: most entries
        seen, target = {ident}, entry.target
        while entry.status == MERGED and target in entries and entries[target].status == MERGED and target not in seen:
            seen.add(target)
            target = entries[target].target
        if entry.status == MERGED and (target not in entries or entries[target].status != LIVE):
            settled[ident] = replace(entry, status=WITHDRAWN, target=None)
        else:
            target = target if entry.status == MERGED else None
            settled[ident] = entry if target == entry.target else replace(entry, target=target)
    return settled


def _stable_ids(events: tuple[Event, ...], chosen: dict[str, str], old: dict[str, Entry]) -> tuple[dict[str, str], dict[str, str]]:
    """Each event's id: the entry it matched, or a new one never used before (given in id
    order); and those that differ from the event's own."""
    taken = set(old) | set(chosen.values())
    stable = {event.id: chosen[event.id] for event in events if event.id in chosen}
    for event in sorted((e for e in events if e.id not in chosen), key=lambda e: e.id):
        stable[event.id] = _unique(event.id, taken)
        taken.add(stable[event.id])
    moved = {ident: new for ident, new in chosen.items() if ident != new}
    moved.update((ident, stable[ident]) for ident in stable.keys() - chosen.keys() if stable[ident] != ident)
    return stable, moved


def _live(previous: Entry | None, ident: str, when: str, marks: frozenset[str]) -> Entry:
    """The entry of a live event; the registered one when it says just that already."""
    if previous is not None and previous.status == LIVE and previous.target is None and previous.when == when and previous.marks == marks:
        return previous
    return Entry(ident, LIVE, when, marks)


def _owners(events: tuple[Event, ...], stable: dict[str, str], marks: dict[str, frozenset[str]], wanted: set[str]) -> dict[str, str]:
    """For each of ``wanted`` marks, the (stable) id of the last event by id that has it."""
    owner: dict[str, str] = {}
    if wanted:
        for event in sorted(events, key=lambda e: e.id):
            for mark in marks[event.id] & wanted:
                owner[mark] = stable[event.id]
    return owner


def reconcile(registry: Registry, events: tuple[Event, ...], articles: tuple[Article, ...]) -> tuple[tuple[Event, ...], Registry]:
    """The events under their stable ids, and the registry that records them.

    A pure function: the same registry and events always give the same answer, and
    reconciling the result again changes nothing.
    """
    marks = all_marks(events, articles)
    old = registry.by_id()
    stable, moved = _stable_ids(events, _match(events, marks, old), old)
    entries: dict[str, Entry] = {}
    for e in events:
        ident = stable[e.id]
        entries[ident] = _live(old.get(ident), ident, e.when.value or "-", marks[e.id])
    gone = sorted(old.keys() - entries.keys(), key=str)
    owner = _owners(events, stable, marks, {mark for ident in gone for mark in old[ident].marks})
    for ident in gone:
        entry = old[ident]
        heirs = Counter(owner[m] for m in entry.marks if m in owner)
        if heirs:
            heir = min(heirs, key=lambda key: (-heirs[key], key))
            entries[ident] = replace(entry, status=MERGED, target=heir)
        else:
            entries[ident] = entry if entry.status != LIVE else replace(entry, status=WITHDRAWN, target=None)
    settled = _settle(entries)
    return _renamed_all(events, stable, moved), Registry(tuple(settled[key] for key in sorted(settled)))


def _renamed_all(events: tuple[Event, ...], stable: dict[str, str], moved: dict[str, str]) -> tuple[Event, ...]:
    """Every event under its stable id; only those ``moved`` or depending on one moved change."""
    if not moved:
        return events
    return tuple(_renamed(e, stable) if e.id in moved or not moved.keys().isdisjoint(e.depends_on) else e for e in events)


def _renamed(event: Event, stable: dict[str, str]) -> Event:
    """``event`` under its stable id, depending on events by theirs; most keep both."""
    depends_on = tuple(stable.get(d, d) for d in event.depends_on)
    if stable[event.id] == event.id and depends_on == event.depends_on:
        return event
    return replace(event, id=stable[event.id], depends_on=depends_on)


def retired_pages(registry: Registry) -> tuple[tuple[str, str, dict], ...]:
    """(page path, template, context) for every event URL that no longer has its own event."""
    pages = []
    for entry in registry.entries:
        if entry.status == MERGED and entry.target:
            pages.append((event_url(entry.id), "redirect.html", {"target": event_url(entry.target), "old_id": entry.id}))
        elif entry.status == WITHDRAWN:
            pages.append((event_url(entry.id), "withdrawn.html", {"old_id": entry.id}))
    return tuple(pages)
