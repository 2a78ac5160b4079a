"""Merging's fast paths agree with the straightforward computations they stand for."""
from __future__ import annotations

import pickle
from collections import Counter
from dataclasses import replace
from datetime import date
from itertools import combinations
from types import SimpleNamespace

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from test_merge import report, reports

from timeline import combine, groups, kinds, likeness, merge, pairing
from timeline.records import Event, MergeReason, When
from timeline.timevalues import value_range

# A small world of dates as reports carry them (``extract.when_of``): a value's first
# day, and its last or that of a later value written as the end of a range (or, oddly,
# an earlier one); the granularity as the tagger said.
_VALUES = ["2025-01", "2025-W02", "2025-W02-WE", "2025-01-05", "2025-01-05T10:00", "2025", "2025-Q1", "2024-WI", "2025-SU",
           "2025-H1", "202X", "2024-12-30", "2025-02-01", "2024-12", "2024"]
_GRAINS = ["day", "time", "week", "month", "quarter", "season", "half", "year", "decade", None]


@st.composite
def whens(draw) -> When:
    value = draw(st.sampled_from([None, *_VALUES]))
    if value is None:
        return When()
    start, end = value_range(value)
    if draw(st.booleans()):
        end = value_range(draw(st.sampled_from(_VALUES)))[1]
    return When(value, start, end, draw(st.sampled_from(_GRAINS)))


def _prefixed(a: tuple, b: tuple) -> bool:
    return a == b[:len(a)] or b == a[:len(b)]


def _profile(when: When) -> SimpleNamespace:
    return SimpleNamespace(when=when, dated=when.known)


@settings(max_examples=400, deadline=None)
@given(whens(), whens())
def test_dates_that_may_merge_have_paths_one_a_prefix_of_the_other(a, b):
    pa, pb = merge._path(_profile(a)), merge._path(_profile(b))
    if likeness.date_relation(a, b) is not None or likeness.date_relation(b, a) is not None:
        assert _prefixed(pa, pb)
    if _prefixed(pa, pb):  # and never pair what years kept apart before
        years = [w.start.year if w.known and w.start.year == w.end.year else None for w in (a, b)]
        assert None in years or years[0] == years[1]


def _blocks_by_hand(families, paths):
    found = set()
    for keys, limit in families:
        for key in {key for held in keys for key in held}:
            members = [i for i, held in enumerate(keys) if key in held]
            if 2 <= len(members) <= limit:
                found |= {(i, j) for i, j in combinations(members, 2) if paths is None or _prefixed(paths[i], paths[j])}
    return sorted(found)


_PATHS = [(), (2025,), (2025, 1), (2025, 1, 5), (2025, 1, 6), (2025, 2), (2025, 2, 1), (2024,), (2024, 12, 30)]


@settings(max_examples=300, deadline=None)
@given(st.integers(2, 14).flatmap(lambda n: st.tuples(
    st.lists(st.tuples(st.lists(st.frozensets(st.sampled_from("abcde"), max_size=3), min_size=n, max_size=n),
                       st.integers(1, 6)), min_size=1, max_size=3),
    st.one_of(st.none(), st.lists(st.sampled_from(_PATHS), min_size=n, max_size=n)))))
def test_blocks_are_the_pairs_sharing_a_key_of_a_small_enough_block(case):
    families, paths = case
    assert pairing.blocks(families, paths) == _blocks_by_hand(families, paths)


def _candidates_by_hand(groups_, families, judge, decide, score, owners, star, paths):
    """The pairs as merging found them before runs of kinds, owners and verdicts that
    need no decision: each kind pair in turn, every verdict decided."""
    def decided(verdict, i, j):
        if owners[i] == owners[j]:
            return None
        return decide(verdict, i, j) if isinstance(verdict, pairing.Undecided) else verdict
    pairs = []
    kind_pairs = _blocks_by_hand(families, paths) + [(k, k) for k, members in enumerate(groups_) if len(members) > 1]
    for x, y in kind_pairs:
        xs, ys = groups_[x], groups_[y]
        forward = judge(x, y) if xs[0] < ys[-1] else None
        backward = judge(y, x) if x != y and ys[0] < xs[-1] else None
        if not star:
            members = combinations(xs, 2) if x == y else ((i, j) for i in xs for j in ys)
        else:
            members = pairing._star(xs, ys) if x != y else ((xs[0], j) for j in xs[1:])
        for i, j in members:
            verdict, (i, j) = (forward, (i, j)) if i < j else (backward, (j, i))
            found = decided(verdict, i, j) if verdict is not None else None
            if found is not None:
                pairs.append((score(found), i, j, found))
    return sorted(pairs, key=lambda pair: (-pair[0], pair[1], pair[2]))


class _Later(pairing.Undecided):
    def __init__(self, mark: int) -> None:
        self.mark = mark


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(0, 4), min_size=2, max_size=12), st.lists(st.integers(0, 2), min_size=12, max_size=12),
       st.integers(0, 10 ** 6), st.booleans(), st.lists(st.sampled_from(_PATHS), min_size=12, max_size=12))
def test_candidate_pairs_are_those_of_each_pair_of_kinds_decided_one_by_one(kind_of, owners, seed, star, paths):
    groups_ = pairing.kinds(tuple(kind_of), lambda k: k)
    count = len(groups_)
    families = [([frozenset({"k"}) if (seed >> k) & 1 else frozenset() for k in range(count)], 5)]

    def judge(x, y):  # None, a result for any two items, or one to decide, by the kinds
        turn = (seed // (1 + x * 7 + y * 3)) % 4
        return None if turn == 0 else (x * 10 + y) / 100 + turn if turn < 3 else _Later(x + y)

    def decide(verdict, i, j):
        return None if (i + j + verdict.mark) % 3 == 0 else float(verdict.mark + (i * j) % 2)

    got = pairing.candidate_pairs(groups_, families, judge, float, decide=decide, owners=owners, star=star, paths=paths[:count])
    expected = _candidates_by_hand(groups_, families, judge, decide, float, owners, star, paths[:count])
    assert [(-mark, i, j, found) for mark, i, j, found in got] == expected


_TOLD = {"x": "On Monday Zorblax Corp said it would close its plant in Ostrava.",
         "y": "Zorblax Corp said in 2025 it would close its plant in Ostrava, a decision taken in March.",
         "u": "Zorblax Corp said its plant would close after a long fall in orders for trucks and buses.",
         "z": "Zorblax Corp said it would close its plant in Ostrava. Its shares fell 3% on Tuesday.",
         "w": "Their meeting on Nov. 19 in Ostrava ended without a deal; the union said it would strike."}
# When each copy appeared: before, on and within days of the dates told, and long after.
_DAYS = [date(2025, 11, 10), date(2025, 11, 17), date(2025, 11, 20), date(2025, 11, 26), date(2025, 12, 20)]


def _seed_and_repeated_reports():
    """Reports of the test articles, and of sentences told again with other dates and in
    other articles (as a wire story is), in a mixed order; and when each article appeared."""
    found = list(reports("abc"))
    published = {name: date(2025, 11, 27) for name in "abc"}
    for name, text in _TOLD.items():
        for copy, day in enumerate(_DAYS):
            found += report(f"{name}{copy}", text, day)
            published[f"{name}{copy}"] = day
    return tuple(found[::-1][1::2] + found[::-1][::2]), published


def test_read_orders_reports_by_first_mention_and_groups_them_into_kinds():
    found, _ = _seed_and_repeated_reports()
    read = kinds.read(found)
    ordered = tuple(sorted(found, key=lambda r: r.mentions[0].key))
    assert read.reports == ordered
    kind = [(likeness.report_text(r), likeness.report_names(r), kinds._when_fields(r.when), r.future, bool(r.links))
            for r in ordered]
    assert read.kinds == pairing.kinds(tuple(kind), lambda key: key)
    assert read.keys == [kind[members[0]] for members in read.kinds]
    assert read.facts.dates == [r.when if r.when.known else None for r in ordered]
    assert read.facts.articles == [r.mentions[0].article for r in ordered]
    assert read.plain == [_alone_by_hand(r) is r for r in ordered]
    assert read.candidates == [r.candidate for r in ordered]


def _profiles(found):
    read = kinds.read(found)
    corpus = kinds.corpus_of_kinds(read)
    profiles = [likeness.profile_from(key[0], key[1], read.reports[members[0]].when, read.facts.dates[members[0]] is not None,
                                      key[3], key[4], corpus) for key, members in zip(read.keys, read.kinds)]
    return read, corpus, profiles


@pytest.mark.parametrize("limit", [0, 1, 2, 64])
def test_families_pair_what_every_name_word_and_day_key_would(monkeypatch, limit):
    monkeypatch.setattr(merge, "NAME_LIMIT", limit)
    _, corpus, profiles = _profiles(_seed_and_repeated_reports()[0])
    every = [], [], []
    for profile in profiles:  # each name alone, with each rarest word, and with the day
        rarest = corpus.rarest(profile.features.words, merge.RARE_WORDS)
        when = profile.when
        every[0].append(profile.names)
        every[1].append({(name, word) for name in profile.names for word in rarest})
        every[2].append({(when.value, name) for name in profile.names} if when.known and when.granularity in ("day", "time") else set())
    full = [(every[0], limit), (every[1], pairing.BLOCK_LIMIT), (every[2], pairing.BLOCK_LIMIT)]
    paths = list(map(merge._path, profiles))
    assert pairing.blocks(merge._families(profiles, corpus), paths) == pairing.blocks(full, paths)


def _judged_by_hand(a, b, corpus):
    """``merge.judge`` as it was written first: every check in turn, nothing remembered."""
    dated = a.dated or b.dated
    if dated and a.future != b.future:
        return None
    common = a.names & b.names
    if len(common) < merge.MIN_NAMES or likeness.figures_clash(a, b):
        return None
    relation = likeness.date_relation(a.when, b.when) if dated else "undated"
    if relation is None:
        return None
    text, verb = round(likeness.weighted_similarity(a, b, corpus), 3), likeness.same_verb(a, b)
    strength = merge._strength(relation, a.when)
    if (verb is None or verb in merge.WEAK_VERBS) and not ((a.nominal or b.nominal) and strength != "undated") and text < merge.CLOSE:
        return None
    found = merge.Match(relation, tuple(sorted(common)), text, verb or "-")
    if strength in ("day", "within"):
        return ("plain", found) if text >= (merge.SAME_DAY if strength == "day" else merge.WITHIN) else None
    rare = any(corpus.rare(name) for name in found.names)
    when = a.when if a.dated else b.when
    plain = found if text >= merge._threshold(strength, False, when) and (rare or text >= merge.CLOSE) else None
    fresh = found if strength == "takes" and text >= merge._threshold(strength, True, when) else None
    return ("takes", plain, fresh) if plain or fresh else None


def _decided_by_hand(verdict, ra, rb, published):
    if verdict[0] == "plain":
        return verdict[1]
    _, plain, fresh = verdict
    for dated, other in ((ra, rb), (rb, ra)):
        day = published.get(other.mentions[0].article)
        if dated.when.known and not other.when.known and day:
            if dated.when.start > day:
                return None
            if dated.when.granularity in ("day", "time"):
                return fresh if 0 <= (day - dated.when.end).days <= merge.FRESH_DAYS else plain
    return plain


def test_judge_and_decide_give_what_each_check_in_turn_gives():
    found, published = _seed_and_repeated_reports()
    read, corpus, profiles = _profiles(found)
    decide = merge._decider(read.facts, published)
    checked = Counter()
    for x, y in ((x, y) for x in range(len(profiles)) for y in range(len(profiles))):
        verdict, expected = merge.judge(profiles[x], profiles[y], corpus), _judged_by_hand(profiles[x], profiles[y], corpus)
        for i in read.kinds[x]:
            for j in read.kinds[y]:
                if read.facts.articles[i] == read.facts.articles[j]:
                    continue
                got = decide(verdict, i, j) if isinstance(verdict, merge.Verdict) else verdict
                assert got == (None if expected is None else _decided_by_hand(expected, read.reports[i], read.reports[j], published))
                checked[type(verdict).__name__, got is None] += 1
    assert checked["Match", False] and checked["Verdict", False] and checked["Verdict", True]


_TITLES = ["It rose", "Macron spoke", "Macron spoke", "this was…", "Apple sold…", "", "They met", "Erdogan met"]
_TEXTS = ["Macron met Erdogan in Paris.", "Macron met Erdogan in Ankara.", "Apple sold shares.", "Macron met Erdogan in Paris."]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_TITLES), st.sampled_from(_TEXTS), st.booleans()), min_size=2, max_size=12))
def test_representative_is_the_member_ranked_first_by_title_date_and_likeness(members):
    day = When("2025-11-25", date(2025, 11, 25), date(2025, 11, 25), "day")
    titles = tuple(title for title, _, _ in members)
    texts = [text for _, text, _ in members]
    dates = tuple(day if dated else None for _, _, dated in members)
    words = [likeness.words_of(text) for text in texts]
    counts = Counter(words)
    distinct = sorted(counts.items(), key=lambda item: sorted(item[0]))
    alike = {found: round(sum(n * likeness.dice(found, other) for other, n in distinct) - likeness.dice(found, found), 6)
             for found in counts}
    ranks = [(title.split(None, 1)[0].lower() in combine.PRONOUN_TITLES if title else True, title.endswith("…"), when is None,
              -alike[found]) for title, found, when in zip(titles, words, dates)]
    chosen = combine._representative(titles, dates, lambda: texts, len(set(texts)) == 1)
    assert chosen == ranks.index(min(ranks))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["a", "a-2", "a:b", "a b", "ab", "b", "a ~ b"]), st.sampled_from(["a", "ab", "a-2", "b"]),
                          st.sampled_from(["date same 2025", "date same 2025-11", "names x"])), max_size=12))
def test_reasons_are_in_the_order_of_their_written_form(said):
    articles = sorted({name for first, second, _ in said for name in (first, second)})
    at = {name: place for place, name in enumerate(articles)}
    matches = [(at[first], at[second], SimpleNamespace(detail=detail)) for first, second, detail in said]
    expected = tuple(sorted((MergeReason(first, second, detail) for first, second, detail in said), key=str))
    got = combine._reasons(matches, articles)
    assert got == expected and pickle.dumps(got) == pickle.dumps(expected)


# Dates of a group agree pairwise, though not always both ways round: a season within a
# quarter agrees with it only when the season comes first (they are equally fine).
_DATES = [None, When("2025-11-25", date(2025, 11, 25), date(2025, 11, 25), "day"),
          When("2025-W48", date(2025, 11, 24), date(2025, 11, 30), "week"),
          When("2025-11-26", date(2025, 11, 26), date(2025, 11, 26), "day"),
          When("2025-Q4", date(2025, 10, 1), date(2025, 12, 31), "quarter"),
          When("2025-FA", date(2025, 11, 1), date(2025, 11, 30), "season")]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("abcdef"), st.integers(0, len(_DATES) - 1)), min_size=2, max_size=10),
       st.lists(st.tuples(st.integers(0, 9), st.integers(0, 9)), max_size=30))
@example([("a", 4), ("b", 5), ("c", 4)], [(0, 1), (0, 2)])  # the quarter again, after the season within it
def test_joining_all_pairs_at_once_is_joining_them_one_by_one(items, picks):
    dates = [_DATES[at] for _, at in items]
    facts = groups.Facts([article for article, _ in items], dates, [groups.date_key(d) if d else None for d in dates])
    pairs = [(0.0, min(i, j), max(i, j), f"m{n}") for n, (i, j) in enumerate(picks) if i != j and max(i, j) < len(items)]
    one, one_owner = {}, list(range(len(items)))
    for _, i, j, found in pairs:
        groups.join(one, one_owner, facts, i, j, found)
    every, every_owner = {}, list(range(len(items)))
    groups.join_all(every, every_owner, facts, pairs)
    assert every_owner == one_owner and every == one


def _alone_by_hand(report):
    plain = (len(report.mentions) == 1 and len(report.links) < 2 and not report.depends_on and report.rank == 0
             and not report.merge_reasons and (report.when.known or report.when == When()))
    if plain:
        return report
    mentions = report.mentions if len(report.mentions) == 1 else tuple(sorted(report.mentions, key=lambda m: m.key))
    links = report.links if len(report.links) < 2 else tuple(sorted(set(report.links)))
    return Event(id=report.id, title=report.title, when=report.when if report.when.known else When(), mentions=mentions,
                 future=report.future, candidate=report.candidate, links=links, subject=report.subject)


def test_a_lone_report_is_the_event_a_report_alone_makes():
    found, _ = _seed_and_repeated_reports()
    other = found[0].mentions[0]
    varied = [replace(found[1], depends_on=("x",)), replace(found[2], rank=2), replace(found[3], links=(("b", "then"), ("a", "after"))),
              replace(found[4], mentions=(found[5].mentions[0], other)), replace(found[6], when=When("2025", None, None, "year"))]
    for report_ in (*found, *varied):
        made, expected = combine.alone(report_, report_.when.known), _alone_by_hand(report_)
        assert made == expected and (made is report_) == (expected is report_)
