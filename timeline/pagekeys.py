"""Page keys: digests of everything a page is made from.

A page whose key is unchanged since the last build, and whose file is intact, is not
rendered again. Keys are made from digests of records, each worked out once per build.
"""
from __future__ import annotations

import hashlib
import io
import pickle
from dataclasses import fields

from .records import Event

# Pickles of the records a page shows stand for them in its key; the protocol is fixed so
# that a key does not depend on the interpreter's default.
KEY_PROTOCOL = 5


def canonical(value: object) -> bytes:
    """``value`` pickled without the memo, so that equal records give equal bytes
    whether or not they share objects (a record loaded from the cache shares fewer
    strings than one just computed). Records are acyclic, which is what this needs."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=KEY_PROTOCOL)
    pickler.fast = True
    pickler.dump(value)
    return buffer.getvalue()


def record_digest(value: object) -> bytes:
    return hashlib.sha256(canonical(value)).digest()


# Event's fields, less ``rank``.
_EVENT_FIELDS = tuple(f.name for f in fields(Event) if f.name != "rank")


def event_digest(event: Event) -> bytes:
    """A digest of everything about an event but its rank.

    Ranks are positions in the importance order, so one new event shifts the rank of
    every event below it; pages show a rank only as "key event" (``is_key``), which is
    part of their keys, so leaving it out here spares re-rendering them all.
    """
    return record_digest(tuple(getattr(event, name) for name in _EVENT_FIELDS))


def label_digest(event: Event) -> bytes:
    """What a page shows of another event it links to (id, title, date): a change elsewhere
    in that event (a new report, a merge score that moved with the corpus) leaves the
    linking page as it is."""
    return record_digest((event.id, event.title, event.when))


def digest(material: object) -> str:
    return hashlib.sha256(canonical(material)).hexdigest()
