"""Page keys: digests of everything a page is made from.

A page whose key is unchanged since the last build, and whose file is intact, is not
rendered again. Keys are made from digests of records, each worked out once per build.

Records are written out as plain values (str, int, float, bool, None, bytes and tuples of
them) in marshal's version 2 format before they are hashed. That format is written in C,
and unlike later versions (and pickle's memo) it never refers back to an object written
before, so equal values give equal bytes whether or not they share objects (a record
loaded from the cache shares fewer strings than one just computed). Anything that is not
a plain value makes marshal fail, so a record field this module does not know how to
write out stops the build rather than being left out of the keys.
"""
from __future__ import annotations

import hashlib
import marshal
from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import date
from operator import attrgetter

from .records import Article, Event, Mention, MergeReason, Problem, Timex, When

KEY_FORMAT = 2  # fixed, so that a key does not depend on the interpreter's default


def _getter(record: type, leave_out: tuple[str, ...] = ()) -> attrgetter:
    """Every field of ``record`` but ``leave_out``, in order, as one tuple: a field added
    later is part of the keys without anyone having to remember it here."""
    return attrgetter(*(f.name for f in fields(record) if f.name not in leave_out))


# Fields no page shows, of the records pages show: what the corpus stages find to merge,
# order and title the reports by. Left out of the keys, so that a change to them alone (a
# clause read differently) rewrites nothing, and a large corpus's clauses (a fifth of what
# its mentions hold) are not hashed on every build. A template that comes to show one of
# them must take it off this list: tests/test_render_reuse.py checks that changing any of
# them changes no byte of the site.
UNSHOWN: dict[type, tuple[str, ...]] = {
    Event: ("future", "candidate", "links", "subject"),
    Mention: ("paragraph", "clause", "clause_start"),
    Timex: ("rule",),
}

_TIMEX = _getter(Timex, UNSHOWN[Timex])
_REASON = _getter(MergeReason)
_WHEN = _getter(When)
_ARTICLE = _getter(Article)
_PROBLEM = _getter(Problem)
_MENTION = _getter(Mention, ("timex",) + UNSHOWN[Mention])
# Event's fields but ``rank`` (shown only as whether it is a key event) and those written
# out as plain values apart.
_EVENT_APART = ("rank", "when", "mentions", "merge_reasons") + UNSHOWN[Event]
_EVENT = _getter(Event, _EVENT_APART)


def _dates(values: tuple) -> tuple:
    """``values`` with each date as its ISO text (a field holds dates or None, never text)."""
    return tuple(value.isoformat() if type(value) is date else value for value in values)


def _when(when: When) -> tuple:
    return tuple([value.isoformat() if type(value) is date else value for value in _WHEN(when)])


def plain_mention(mention: Mention) -> tuple:
    """Everything a page shows of a mention, as plain values."""
    timex = mention.timex
    return (_MENTION(mention), None if timex is None else _TIMEX(timex))


def mention_digest(mention: Mention) -> bytes:
    """A digest of ``plain_mention``. Kept with the mention (``Mention.page_digest``): a
    build has tens of thousands of mentions, and all but a new article's come from the
    cache with theirs."""
    return _hash(plain_mention(mention))


def plain_event(event: Event) -> tuple:
    """Everything a page shows of an event but its rank, as plain values: its other
    fields, its date, its mentions (by their digests) and its merge reasons."""
    return _plain_event(event, _when(event.when))


def _plain_event(event: Event, when: tuple) -> tuple:
    """``plain_event``, given its date as plain values (``_when``), which a build needs twice."""
    return (_EVENT(event), when, tuple([m.page_digest for m in event.mentions]), tuple(map(_REASON, event.merge_reasons)))


def plain_article(article: Article) -> tuple:
    return _dates(_ARTICLE(article))


def plain_timexes(timexes: tuple[Timex, ...]) -> tuple:
    return tuple(map(_TIMEX, timexes))


def plain_problems(problems: tuple[Problem, ...]) -> tuple:
    return tuple(map(_PROBLEM, problems))


def _hash(value: object) -> bytes:
    return hashlib.sha256(marshal.dumps(value, KEY_FORMAT)).digest()


def event_digest(event: Event) -> bytes:
    """A digest of everything a page shows of an event (``plain_event``) but its rank.

    Ranks are positions in the importance order, so one new event shifts the rank of
    every event below it; pages show a rank only as "key event" (``is_key``), which is
    part of their keys, so leaving it out here spares re-rendering them all.
    """
    return _hash(plain_event(event))


def article_digest(article: Article) -> bytes:
    """A digest of everything a page shows of an article. Kept with the article
    (``Article.page_digest``), worked out where it is read: it covers the whole text."""
    return _hash(plain_article(article))


def label_digest(event: Event) -> bytes:
    """What a page shows of another event it links to (id, title, date): a change elsewhere
    in that event (a new report, a merge score that moved with the corpus) leaves the
    linking page as it is."""
    return _hash((event.id, event.title, _when(event.when)))


def label_digests(events: Sequence[Event]) -> list[bytes]:
    """``label_digest`` of each event. Worked out apart from ``site_keys``: only the
    keys of the pages that link to events need them, not the whole corpus's files,
    which wait for ``site_keys`` on another process."""
    return list(map(label_digest, events))


def digest(material: tuple) -> str:
    """The key made from ``material``: plain values, such as the digests above."""
    return hashlib.sha256(marshal.dumps(material, KEY_FORMAT)).hexdigest()


@dataclass(frozen=True)
class SiteKeys:
    """The digests a build's keys are made from, each worked out once.

    By row (an event's position on the timeline), ``events`` covers everything about the
    event but its rank, the articles it cites, and the salt and site URL it is rendered
    under. By article id, ``articles`` covers the article, the salt and the URL.
    ``event_names`` and ``article_names`` are the same digests as text: what the keys of
    the pieces made from one record start with.

    ``cited`` and ``marked`` are what ``references`` finds in the mentions, read on the
    way: a large corpus has tens of thousands of mentions, read once rather than twice.
    """

    events: list[bytes]
    articles: dict[str, bytes]
    event_names: list[str]
    article_names: dict[str, str]
    cited: list[tuple[str, ...]]
    marked: dict[str, dict[int, int]]


def site_keys(events: Sequence[Event], articles: Sequence[Article], salt: str, base: str | None) -> SiteKeys:
    """The digests of a build."""
    of_articles = {a.id: _hash((salt, base, a.page_digest)) for a in articles}
    found = of_articles.get  # an article an event cites may be missing: None stands for it
    of_events: list[bytes] = []
    cited: list[tuple[str, ...]] = []
    marked: dict[str, dict[int, int]] = {}
    for index, event in enumerate(events):
        mentions = event.mentions
        plain = _plain_event(event, _when(event.when))
        cited.append(own := tuple(dict.fromkeys([mention.article for mention in mentions])))
        for mention in mentions:
            timex = mention.timex
            if timex is not None:
                marks = marked.get(mention.article)
                if marks is None:
                    marks = marked[mention.article] = {}
                marks.setdefault(timex.start, index)
        # A cited article by its digest, which covers its id; one not in the site by its id.
        of_events.append(_hash((salt, base, plain, tuple([found(a) or a for a in own]))))
    return SiteKeys(of_events, of_articles, [d.hex() for d in of_events], {i: d.hex() for i, d in of_articles.items()},
                    cited, marked)
