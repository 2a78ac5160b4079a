"""Stage: merge reports of the same happening across articles into one event.

Two reports are the same happening when their dates are compatible and the words agree
enough for what the dates leave open. Two reports of one day need shared names and some
shared words; a report that would take its date from the other, or two undated reports,
need more: the same main verb (by class: "said" and "reiterated" are one; a shared "was"
is no evidence), shared names and higher word similarity, weighed by how rare each word
and name is in the corpus; a year-level date asks more than a day. Two
undated reports without a rare shared name may still merge when their articles tell them
right after reports that were merged ("Then, a mission framework must be set"). Differing
figures ("fell 3.5%" and "rose 2%") keep reports apart.

Pairs are merged best first (an agglomerative clustering whose order is fixed by scores and
content keys, never by the order articles were read), with two constraints: a cluster
holds at most one report per article, and its dated reports agree on the date. Every
merge records why (``merge_reasons``).
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from functools import cached_property
from itertools import chain, compress, repeat
from operator import attrgetter, eq

from . import pairing
from .combine import alone, combine
from .groups import Facts, Groups, join_all, join_chains
from .kinds import Read, corpus_of_kinds, read
from .likeness import (
    GRANULARITY,
    Corpus,
    Profile,
    dated_relation,
    figures_clash,
    profile_from,
    same_verb,
    shared_names,
    weighted_similarity,
)
from .records import Event, When

# Minimum word similarity (rarity-weighted Dice) for a merge, by what the two dates say.
SAME_DAY = 0.2  # both dated to the same day: the date already says a lot
ONE_DATED = 0.3  # one undated report takes the other's date (also two equal coarse dates)
UNDATED = 0.5  # neither is dated: only words, names and verbs speak
WITHIN = 0.45  # a day inside a week or a year: the coarse date says little
FRESH = 0.25  # ... when the undated report's article appeared within days of that date
FRESH_DAYS = 7
CLOSE = 0.75  # words this alike need no rare name
CHAINED = 0.35  # two undated reports told right after merged ones
MIN_NAMES = 1
# A name held by more kinds of report than this pairs only those that also share one of
# their ``RARE_WORDS`` rarest words, or the day: a common name alone says little, and its
# pairs are many (4,000 articles whose sentences all differ: 1.6 million pairs judged,
# 16 s). Before, a name held by more than ``BLOCK_LIMIT`` kinds paired nothing at all, so
# a sentence that many outlets repeat about a much-named subject was never merged.
NAME_LIMIT = 64
RARE_WORDS = 3
# Verbs that tell no happening of their own: sharing one is no evidence.
WEAK_VERBS = frozenset({"be", "have"})


@dataclass(frozen=True)
class Match:
    """Why two reports look like the same happening."""

    date: str
    names: tuple[str, ...]
    text: float
    verb: str = "-"

    @cached_property
    def score(self) -> float:
        # A match is shared by every pair of reports of two kinds: worked out once.
        return self.text + 0.05 * len(self.names)

    @cached_property
    def detail(self) -> str:
        # A match is shared by every pair of reports of two kinds: written out once.
        return f"date {self.date}; names {', '.join(self.names) or '-'}; verb {self.verb}; text {self.text:.2f}"


def _strength(relation: str, a: When) -> str:
    """How much the dates already say: "day", "within", "takes" or "undated"."""
    if relation.startswith("same"):
        return "day" if a.granularity in ("day", "time") else "takes"
    return "within" if " within " in relation else "takes" if relation.startswith("takes") else "undated"


@dataclass(frozen=True)
class Verdict(pairing.Undecided):
    """What two kinds of report make of each other when one would take the other's date:
    only then do publication dates matter. An article cannot report what had not yet
    happened, and one that appeared within days of the date needs less likeness ("fresh").
    """

    plain: Match | None
    fresh: Match | None = None


def _words_agree(a: Profile, b: Profile, corpus: Corpus) -> tuple[tuple[str, ...], float, str | None] | None:
    """What two kinds of report's words make of each other, whatever their dates: the names
    they share, their rarity-weighted likeness to three places and the verb they share;
    None if their figures clash or they share too few names. Figures clash when each
    report states one the other does not (``figures_clash``)."""
    mine, theirs = a.features.numbers, b.features.numbers
    common = a.names & b.names
    if (mine <= theirs or theirs <= mine) and len(common) >= MIN_NAMES:
        return tuple(sorted(common)), round(weighted_similarity(a, b, corpus), 3), same_verb(a, b)
    return None


_UNSEEN = object()


def judge(a: Profile, b: Profile, corpus: Corpus) -> Match | Verdict | None:
    """What two kinds of report's words, names, verbs and dates make of them: the match of
    any two such reports of two articles, or, when one would take the other's date, a
    verdict to ``decide`` for two particular reports; None if they can never merge.

    Asked of every pair of kinds a block holds (600,000 in 4,000 articles whose sentences
    all differ): what a verdict needs is worked out only once the pair has passed the checks
    that need less."""
    dated = a.dated or b.dated
    if dated and a.future != b.future:
        return None
    # Every merge below needs a shared name, and none has differing figures. What the
    # words make of each other is worked out once per pair of texts (and names): the same
    # sentences recur in many articles and with many dates.
    key = (a.text, a.names, b.text, b.names)
    said = corpus.likeness.get(key, _UNSEEN)
    if said is _UNSEEN:
        said = corpus.likeness[key] = _words_agree(a, b, corpus)
    if said is None:
        return None
    common, text, verb = said
    if (verb is None or verb in WEAK_VERBS) and not ((a.nominal or b.nominal) and dated) and text < CLOSE:
        # "was", "has" tell no happening of their own; a dated bare noun phrase needs no verb
        return None
    if not dated:
        relation = "undated"
    elif a.dated and b.dated:
        relation = dated_relation(a.when, b.when)
        if relation is None:
            return None
    else:
        relation = f"takes {(a.when if a.dated else b.when).value}"  # as ``date_relation`` writes it
    strength = _strength(relation, a.when)
    if strength in ("day", "within"):
        if text < (SAME_DAY if strength == "day" else WITHIN):
            return None
        return Match(relation, common, text, verb or "-")
    found = Match(relation, common, text, verb or "-")
    rare = any(corpus.rare(name) for name in found.names)
    when = a.when if a.dated else b.when
    plain = found if text >= _threshold(strength, False, when) and (rare or text >= CLOSE) else None
    if a.dated == b.dated:  # two equal coarse dates ("in 2003", "in 2003") ask as much likeness, no more
        return plain
    fresh = found if text >= _threshold(strength, True, when) else None  # fresh news needs no rare name
    return Verdict(plain, fresh) if plain or fresh else None


def decide(verdict: Verdict, dated: When, day: date | None) -> Match | None:
    """The verdict for a dated report and an undated one whose article appeared on ``day``
    (None: not known). An article cannot report what had not happened when it appeared;
    one that appeared on the date or within days after it tells news of the week, which
    needs no date repeated ("Turkish sources said ...")."""
    if day is None:
        return verdict.plain
    if dated.start > day:
        return None
    if dated.granularity in ("day", "time") and 0 <= (day - dated.end).days <= FRESH_DAYS:
        return verdict.fresh
    return verdict.plain


def _threshold(strength: str, fresh: bool, dated: When) -> float:
    """The word likeness a merge needs when one report takes the other's date, or neither is dated."""
    if strength == "undated":
        return UNDATED
    if fresh:
        return FRESH
    coarse = GRANULARITY.get(dated.granularity or "", 9) >= GRANULARITY["year"]
    return WITHIN if coarse else ONE_DATED  # "in 2003" says less than "on April 28, 2003"


def chained(a: Profile, b: Profile, corpus: Corpus) -> Match | None:
    """Two undated reports alike in words, to be merged only if what precedes them was."""
    if a.dated or b.dated or a.future != b.future or not a.linked or not b.linked or figures_clash(a, b):
        return None
    text = round(weighted_similarity(a, b, corpus), 3)
    return Match("undated, after merged reports", shared_names(a, b), text) if text >= CHAINED else None


def _families(profiles: list[Profile], corpus: Corpus) -> list[pairing.Family]:
    """The keys of the blocks kinds of report are compared within. Every merge needs a
    shared name, so every key holds one: the name alone; the name with one of the report's
    rarest words; for a report of one day, the name with the day.

    A block of a name with a word or a day holds kinds of the name's own block only: it
    pairs nothing new unless the name alone is held by too many kinds to pair (``NAME_LIMIT``).
    Only such common names are given those keys, the rarest words looked up for their kinds alone."""
    names = [profile.names for profile in profiles]
    held = Counter(chain.from_iterable(names))
    common = frozenset(name for name, count in held.items() if count > NAME_LIMIT)
    worded: list[list[tuple[str, str]]] = []
    dayed: list[list[tuple[str | None, str]]] = []
    by_text: dict[tuple[str, frozenset[str]], tuple[frozenset[str], list[tuple[str, str]]]] = {}  # kinds of one text share these
    for profile in profiles:
        seen = by_text.get((profile.text, profile.names))
        if seen is None:
            found = profile.names & common
            rarest = corpus.rarest(profile.features.words, RARE_WORDS) if found else []
            seen = by_text[profile.text, profile.names] = (found, [(name, word) for name in found for word in rarest])
        found, keys = seen
        worded.append(keys)
        when = profile.when
        dayed.append([(when.value, name) for name in found] if found and profile.dated and when.granularity in ("day", "time") else [])
    return [(names, NAME_LIMIT), (worded, pairing.BLOCK_LIMIT), (dayed, pairing.BLOCK_LIMIT)]


def _chain_keys(profile: Profile) -> frozenset[str]:
    if profile.dated or not profile.linked:
        return frozenset()  # only undated reports that follow others can chain
    return profile.features.words


def _path(profile: Profile) -> tuple:
    """Where a report's date lies: (year, month, day) cut to what its first and last days
    share; () if undated or spanning years. Two dates that may merge (``date_relation``)
    have paths one a prefix of the other, so a pair whose paths are not needs no judging.

    Two dates of one value start on one day (a report's date starts on its value's first
    day: ``extract.when_of``), so both paths are prefixes of that day's; a date within
    another lies between its first and last days, and every day between two shares what
    they share. A date that ends before it starts is cut to its year: a date within it
    need not lie between its days. Years are compared as before any path was cut finer:
    different years never merge."""
    if not profile.dated:
        return ()
    start, end = profile.when.start, profile.when.end
    if start.year != end.year:
        return ()
    if start > end or start.month != end.month:
        return (start.year,)
    return (start.year, start.month) if start.day != end.day else (start.year, start.month, start.day)


Pairs = list[tuple[float, int, int, Match]]  # (-score, i, j, match), best first


def merge_pairs(kinds: list[list[int]], profiles: list[Profile], decide_pair: Callable[[Verdict, int, int], Match | None],
                articles: list[str], corpus: Corpus) -> Pairs:
    """Every pair of reports that may merge, best first; ties broken by content keys."""
    return pairing.candidate_pairs(kinds, _families(profiles, corpus), lambda x, y: judge(profiles[x], profiles[y], corpus),
                                   attrgetter("score"), decide=decide_pair, owners=articles,
                                   paths=list(map(_path, profiles)))


def chain_pairs(kinds: list[list[int]], profiles: list[Profile], articles: list[str], corpus: Corpus) -> Pairs:
    """Every pair of undated reports that may merge once what precedes them has (``chained``)."""
    return pairing.candidate_pairs(kinds, [([_chain_keys(profile) for profile in profiles], pairing.BLOCK_LIMIT)],
                                   lambda x, y: chained(profiles[x], profiles[y], corpus), attrgetter("score"),
                                   owners=articles, star=False)  # readiness depends on each report's links


def _decider(facts: Facts, published: dict[str, date | None]) -> Callable[[Verdict, int, int], Match | None]:
    """``decide`` for two reports of two articles by index, one dated and one not (a
    ``Verdict`` is made only then)."""
    articles, dates = facts.articles, facts.dates
    def decide_pair(verdict: Verdict, i: int, j: int) -> Match | None:
        dated, other = (i, j) if dates[i] is not None else (j, i)
        return decide(verdict, dates[dated], published.get(articles[other]))
    return decide_pair


def cluster(found: Read, published: dict[str, date | None]) -> tuple[Groups, list[int]]:
    """Groups of report indexes, each with the pair matches that joined them, by the index
    of their first report; and the first report of every group, those of one report too."""
    reports, facts, kinds, keys = found.reports, found.facts, found.kinds, found.keys
    corpus = corpus_of_kinds(found)
    dates = facts.dates
    profiles = [profile_from(key[0], key[1], reports[members[0]].when, dates[members[0]] is not None, key[3], key[4], corpus)
                for key, members in zip(keys, kinds)]
    groups: Groups = {}
    owner = list(range(len(reports)))
    join_all(groups, owner, facts, merge_pairs(kinds, profiles, _decider(facts, published), facts.articles, corpus))
    # Two reports already in one group stay so: joining them would change nothing.
    waiting = [pair for pair in chain_pairs(kinds, profiles, facts.articles, corpus) if owner[pair[1]] != owner[pair[2]]]
    if waiting:
        index = dict(zip(found.ids, range(len(reports))))
        links = found.links
        before = {i: [index[e] for e, _ in links[i] if e in index] for i in {i for pair in waiting for i in pair[1:3]}}
        join_chains(groups, owner, facts, waiting, before)
    # A group keeps the index of its first report; one that joined another owns it no more.
    return groups, list(compress(range(len(owner)), map(eq, range(len(owner)), owner)))


def merge_reports(reports: tuple[Event, ...], published: dict[str, date | None]) -> tuple[Event, ...]:
    """One event per happening, links pointing at merged ids, unconfirmed candidates dropped."""
    found = read(reports)
    reports, ids, dates, plain = found.reports, found.ids, found.facts.dates, found.plain
    groups, firsts = cluster(found, published)
    merged: list[Event] = []
    merged_ids: list[str] = []
    new_id: dict[str, str] = {}
    linking: list[int] = []  # where the events with links are in ``merged``
    unconfirmed: list[int] = []  # where the candidates are
    for k in firsts:
        group = groups.get(k)
        if group is None and plain[k]:  # most reports merge with none, and are their event: as read
            event, event_id, links, candidate = reports[k], ids[k], found.links[k], found.candidates[k]
            new_id[event_id] = event_id
        else:
            if group is None:
                event = alone(reports[k], dates[k] is not None)
                new_id[ids[k]] = event.id
            else:
                members = sorted(group.members)
                event = combine(members, group.reasons, found)
                new_id.update(zip(map(ids.__getitem__, members), repeat(event.id)))
            event_id, links, candidate = event.id, event.links, event.candidate
        if links:
            linking.append(len(merged))
        if candidate:
            unconfirmed.append(len(merged))
        merged.append(event)
        merged_ids.append(event_id)
    linked = {new_id[link[0]] for at in linking for link in merged[at].links} | {merged_ids[at] for at in linking}
    dropped = {at for at in unconfirmed if merged_ids[at] not in linked}
    if linking:
        kept_ids = {event_id for at, event_id in enumerate(merged_ids) if at not in dropped}
        for at in linking:
            merged[at] = _relinked(merged[at], new_id, kept_ids)
    return tuple(event for at, event in enumerate(merged) if at not in dropped) if dropped else tuple(merged)


def _relinked(event: Event, new_id: dict[str, str], kept_ids: set[str]) -> Event:
    """``event`` with its links pointing at merged ids, those to dropped events left out."""
    links = tuple(sorted({(new_id[a], cue) for a, cue in event.links if new_id[a] in kept_ids and new_id[a] != event.id}, key=lambda link: link))
    return event if links == event.links else replace(event, links=links)
