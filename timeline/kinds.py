"""What merging reads of every report: its kind, article and date, and the fields an event
is made of, in lists by report index (``read``); and the corpus counted from the kinds.

A report's kind is everything ``merge.judge`` and ``merge.chained`` read of it: its text,
its names, its date, whether it tells of the future and whether it follows other reports.
Reports alike in all of it (a wire story printed by many outlets, a background paragraph
repeated in every article of a series) are judged once.

This runs for every report of the corpus, tens of thousands: each report is looked at once,
in one loop, and the rest is worked out on the lists made there. Reading a report's fields
costs more than most of what is worked out of them.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields
from functools import reduce
from itertools import accumulate, repeat
from operator import attrgetter, itemgetter, lshift, ne, or_

from .groups import Facts, date_key
from .likeness import Corpus, counted, features, without_attribution, words_of
from .records import Event, Mention, When

# The date of a kind is keyed by all its fields, which are equal exactly when the dates
# are: a frozen dataclass is hashed by a Python method.
_when_fields = attrgetter(*(f.name for f in fields(When)))  # every field, one added later too
_NO_DATE = _when_fields(When())


@dataclass(frozen=True)
class Read:
    """What merging reads of every report, by index."""

    reports: tuple[Event, ...]  # in the order of their first mentions' ``key``, which indexes are of
    ids: list[str]
    titles: list[str]
    mentions: list[tuple[Mention, ...]]
    links: list[tuple[tuple[str, str], ...]]
    plain: list[bool]  # the event of the report alone is the report itself (``combine.alone``)
    candidates: list[bool]  # ``Event.candidate``
    kinds: list[list[int]]  # report indexes by kind, each in index order, kinds in order of their first report
    kind_of: list[int]  # each report's kind
    keys: list[tuple]  # each kind's key: (text, names, date fields, future, linked)
    article_of: list[int]  # each report's article, by number in order
    facts: Facts


def read(reports: tuple[Event, ...]) -> Read:
    """Every report's kind, article and date, and the fields an event is made of, the reports
    put in order of their first mentions' keys."""
    order: list[tuple] = []  # ``Mention.key`` of each report's first mention
    seen: list[int] = []  # each report's kind, numbered as first seen here
    whens: list[When] = []
    ids: list[str] = []
    titles: list[str] = []
    mentions: list[tuple[Mention, ...]] = []
    links: list[tuple[tuple[str, str], ...]] = []
    bare: list[bool] = []  # nothing ``combine.alone`` would change, but perhaps the date
    candidates: list[bool] = []
    number: dict[tuple, int] = {}
    dated: list[bool] = []  # whether each kind's date is known
    # Reports share their date records (a pack loads equal dates as one object) and repeat
    # their texts: each date's fields are read once, and each bare phrase's names are one
    # set, hashed once for the keys.
    fields_of: dict[int, tuple] = {}  # by the id of a date record, all alive meanwhile
    joined: dict[tuple[str, str], frozenset[str]] = {}
    for report in reports:
        told = report.mentions
        mention = told[0]
        start, sentence = mention.start, mention.text
        raw = mention.clause or sentence
        order.append((mention.article, start, mention.clause_start or start, raw))
        # ``likeness.report_text``: an attribution follows a quote, which most clauses lack.
        text = without_attribution(raw) if '"' in raw or '”' in raw else raw
        known = features(text)
        # ``likeness.clause_names``: a bare noun phrase's sentence names whose it is.
        if known.main_verb is not None:
            names = known.names
        else:
            names = joined.get((text, sentence))
            if names is None:
                names = joined[(text, sentence)] = known.names | features(sentence).names
        when = report.when
        linked = report.links
        plain = fields_of.get(id(when))
        if plain is None:
            plain = fields_of[id(when)] = _when_fields(when)
        key = (text, names, plain, report.future, bool(linked))
        k = number.get(key)
        if k is None:
            k = number[key] = len(dated)
            dated.append(when.known)
        seen.append(k)
        whens.append(when)
        ids.append(report.id)
        titles.append(report.title)
        mentions.append(told)
        links.append(linked)
        # Read here, with the report's other fields, rather than of each report merged with none.
        bare.append(len(told) == 1 and len(linked) < 2 and not report.depends_on and report.rank == 0 and not report.merge_reasons)
        candidates.append(report.candidate)
    ranked = sorted(range(len(reports)), key=order.__getitem__)
    first_keys = list(number)
    # Kinds numbered again in order of their first report in this order.
    renumber = {k: place for place, k in enumerate(dict.fromkeys(map(seen.__getitem__, ranked)))}
    kind_of = list(map(renumber.__getitem__, map(seen.__getitem__, ranked)))
    kinds: list[list[int]] = [[] for _ in renumber]
    for i, k in enumerate(kind_of):
        kinds[k].append(i)
    keys = list(map(first_keys.__getitem__, renumber))
    dates: list[When | None] = list(map(whens.__getitem__, ranked))
    days: list[tuple | None] = [date_key(dates[members[0]]) if dated[first] else None for members, first in zip(kinds, renumber)]
    pick = _picker(ranked)
    plain = pick(bare)
    for k, first in enumerate(renumber):
        if not dated[first]:  # an unknown date is no date; an empty one the event keeps
            empty = first_keys[first][2] == _NO_DATE
            for i in kinds[k]:
                dates[i] = None
                plain[i] = plain[i] and empty
    articles = list(map(itemgetter(0), map(order.__getitem__, ranked)))
    # An article's reports come together in this order: its number grows where it changes.
    article_of = list(accumulate(map(ne, articles[1:], articles), initial=0)) if articles else []
    return Read(tuple(pick(reports)), pick(ids), pick(titles), pick(mentions), pick(links), plain, pick(candidates), kinds, kind_of,
                keys, article_of,
                Facts(articles, dates, list(map(days.__getitem__, kind_of))))


def _picker(ranked: list[int]) -> Callable[[Iterable], list]:
    """A list's items in the order ``ranked`` gives, by their indexes."""
    return lambda items: list(map(items.__getitem__, ranked))


def corpus_of_kinds(found: Read) -> Corpus:
    """``likeness.corpus_of`` the reports, from their kinds: an article holds the words and
    names of the kinds of its reports.

    Counted with the articles as bits of an integer: each kind's articles, each text's and
    each set of names' as the union of their kinds', then each word's as the union of its
    texts'. An
    article that tells a word in many reports counts once, without making a set of the
    words of each article (a background sentence repeated in thousands of them)."""
    keys, article_of = found.keys, found.article_of
    articles = article_of[-1] + 1 if article_of else 0
    bit = list(map(lshift, repeat(1), range(articles)))  # each article's, made once
    by_text: dict[str, int] = {}
    by_names: dict[frozenset[str], int] = {}
    for key, members in zip(keys, found.kinds):
        bits = reduce(or_, map(bit.__getitem__, map(article_of.__getitem__, members)))  # the kind's articles
        text, names = key[0], key[1]
        by_text[text] = by_text.get(text, 0) | bits
        by_names[names] = by_names.get(names, 0) | bits
    return counted(articles, _union_counts(by_text, words_of), _union_counts(by_names, _itself))


def _union_counts(articles: dict, items_of: Callable) -> dict[str, int]:
    """In how many articles each item occurs: ``articles`` gives the articles (as bits) of
    each holder of items (a text, a set of names), ``items_of`` its items."""
    union: dict[str, int] = {}
    for holder, bits in articles.items():
        for item in items_of(holder):
            union[item] = union.get(item, 0) | bits
    return {item: bits.bit_count() for item, bits in union.items()}


def _itself(names: frozenset[str]) -> frozenset[str]:
    return names
