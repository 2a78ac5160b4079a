"""How alike two reports are: their words weighed by rarity across the corpus, the names
and main verbs they share, the figures they state, and how their dates relate.

The measures merging decides on (``merge.py``). Each text's words, names and verbs are
worked out once per text: every pair a report is part of asks for them again.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache

from .records import Event, When
from .lexicon import alternation
from .titles import main_predicate
from .verbs import predicates
from .wording import content_words, names, numbers

# A name used by more than this share of the articles is common ("Russia" in a corpus on
# the war): it does not by itself show two undated reports are one happening.
COMMON_SHARE = 0.5
GRANULARITY = {"time": 0, "day": 1, "week": 2, "month": 3, "quarter": 4, "season": 4, "half": 5,
                "year": 6, "decade": 7, "century": 8}


@dataclass(frozen=True)
class Corpus:
    """In how many articles each word and name occurs, for weighing rare ones over common ones."""

    articles: int = 1
    words: Mapping[str, int] = field(default_factory=dict)
    names: Mapping[str, int] = field(default_factory=dict)
    weights: Mapping[str, float] = field(default_factory=dict, compare=False)  # weight() of each word, worked out once
    totals: dict[frozenset[str], float] = field(default_factory=dict, compare=False)  # memo of total()
    likeness: dict[tuple, tuple | None] = field(default_factory=dict, compare=False)  # memo of merge._words_agree()
    ranks: Mapping[str, int] = field(default_factory=dict, compare=False)  # each word's place, highest weight first

    def weight(self, word: str) -> float:
        known = self.weights.get(word)
        return known if known is not None else 1 + math.log((1 + self.articles) / (1 + self.words.get(word, 0)))

    def total(self, words: frozenset[str]) -> float:
        """The summed weight of a report's words, asked for in every pair it is part of."""
        if words not in self.totals:
            self.totals[words] = self.summed(words)
        return self.totals[words]

    def summed(self, words: frozenset[str]) -> float:
        try:  # every word of the corpus has its weight worked out: looked up without a call each
            return sum(map(self.weights.__getitem__, words))
        except KeyError:
            return sum(self.weight(w) for w in words)

    def rarest(self, words: frozenset[str], count: int) -> list[str]:
        """The ``count`` words of highest weight, ties by spelling: asked of every kind of
        report, so looked up in ``ranks`` rather than weighed again."""
        try:
            return sorted(words, key=self.ranks.__getitem__)[:count]
        except KeyError:
            return sorted(words, key=lambda w: (-self.weight(w), w))[:count]

    def rare(self, name: str) -> bool:
        return self.names.get(name, 0) <= max(1, COMMON_SHARE * self.articles)


def corpus_of(reports: tuple[Event, ...]) -> Corpus:
    """Article frequencies of the words and names of every report."""
    by_article: dict[str, set[tuple[str, str]]] = {}
    for report in reports:  # an article's reports share many texts: each text once
        mention = report.mentions[0]
        by_article.setdefault(mention.article, set()).add((report_text(report), mention.text))
    return corpus_from([(frozenset().union(*(words_of(text) for text, _ in texts)),
                         frozenset().union(*(clause_names(text, sentence) for text, sentence in texts)))
                        for texts in by_article.values()])


def corpus_from(articles: list[tuple[frozenset[str], frozenset[str]]]) -> Corpus:
    """The corpus of articles given by the words and the names each holds."""
    words: Counter[str] = Counter()
    found: Counter[str] = Counter()
    for seen_words, seen_names in articles:
        words.update(seen_words)
        found.update(seen_names)
    return counted(len(articles), words, found)


def counted(articles: int, words: Mapping[str, int], found: Mapping[str, int]) -> Corpus:
    """The corpus of ``articles`` articles, given in how many each word and name occurs."""
    count = max(1, articles)
    # Many words share an article count: each count's weight is worked out once.
    by_count = {n: 1 + math.log((1 + count) / (1 + n)) for n in set(words.values())}
    weights = {word: by_count[n] for word, n in words.items()}
    # Highest weight first is fewest articles first (the weight falls as the count grows,
    # and distinct counts give distinct weights), ties by spelling: two sorts by plain keys.
    order = sorted(weights)
    order.sort(key=words.__getitem__)
    ranks = {word: place for place, word in enumerate(order)}
    return Corpus(count, dict(words), dict(found), weights, ranks=ranks)


# The attribution after a quote (",” the ministry said at a briefing"): not what was said.
_QUOTE_ATTRIBUTION = re.compile(rf"[,.]?[”\"]\s+[^“”\"]{{0,80}}?\b(?:{alternation('attribution_verbs')})\b[^“”\"]*$")


def report_text(report: Event) -> str:
    mention = report.mentions[0]
    return without_attribution(mention.clause or mention.text)


@cache
def without_attribution(text: str) -> str:
    """A clause (or sentence) without the attribution after a quote: ``report_text``.
    Asked of every report of the corpus, most of them alike: worked out once per text."""
    return _QUOTE_ATTRIBUTION.sub("", text)


@dataclass(frozen=True)
class TextFeatures:
    """What merging reads of a report's text, worked out once per text."""

    words: frozenset[str]
    names: frozenset[str]
    main_verb: str | None
    verbs: frozenset[str]
    numbers: frozenset[str]

    def packed(self) -> Packed:
        """As plain tuples, which a cache loads several times faster than frozensets."""
        return (tuple(sorted(self.words)), tuple(sorted(self.names)), self.main_verb,
                tuple(sorted(self.verbs)), tuple(sorted(self.numbers)))

    @classmethod
    def unpack(cls, packed: Packed) -> TextFeatures:
        words, found, main_verb, verbs, figures = packed
        return cls(frozenset(words), frozenset(found), main_verb, frozenset(verbs), frozenset(figures))


Packed = tuple[tuple[str, ...], tuple[str, ...], "str | None", tuple[str, ...], tuple[str, ...]]

# Features by text. The per-article stage works them out for its own reports, where the
# work is cached and runs in parallel, and the corpus stage starts from those (``learn``):
# every pair a report is part of asks for them again.
_KNOWN: dict[str, TextFeatures] = {}


def features(text: str) -> TextFeatures:
    found = _KNOWN.get(text)
    if found is None:
        found = _KNOWN[text] = TextFeatures(
            content_words(text), names(text), main_predicate(text), predicates(text), numbers(text))
    return found


def text_features(reports: tuple[Event, ...]) -> tuple[tuple[str, Packed], ...]:
    """The features of every text merging will read of ``reports``, packed, by text, in first-seen order."""
    found: dict[str, Packed] = {}
    for report in reports:
        text = report_text(report)
        found[text] = features(text).packed()
        if features(text).main_verb is None:  # a bare noun phrase: its sentence's names count too
            found[report.mentions[0].text] = features(report.mentions[0].text).packed()
    return tuple(found.items())


def learn(known: tuple[tuple[str, Packed], ...]) -> None:
    """Take features worked out elsewhere (``text_features``), sparing working them out again."""
    for text, packed in known:
        if text not in _KNOWN:
            _KNOWN[text] = TextFeatures.unpack(packed)


def words_of(text: str) -> frozenset[str]:
    return features(text).words


def _names(text: str) -> frozenset[str]:
    return features(text).names


def report_names(report: Event) -> frozenset[str]:
    """The names of the report's clause; for a bare noun phrase ("their meeting on Nov. 19"),
    those of its whole sentence, which say whose it is."""
    return clause_names(report_text(report), report.mentions[0].text)


def clause_names(text: str, sentence: str) -> frozenset[str]:
    known = features(text)  # asked of every report of the corpus: one look-up
    return known.names if known.main_verb is not None else known.names | features(sentence).names


def dice(a: frozenset[str], b: frozenset[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


@dataclass(frozen=True)
class Profile:
    """What merging reads of a report, worked out once for every report of a kind."""

    text: str
    names: frozenset[str]
    features: TextFeatures
    when: When
    future: bool
    linked: bool  # told right after other reports ("Then, ...")
    dated: bool  # ``when.known``, asked in every pair
    nominal: bool  # a bare noun phrase ("their meeting on Nov. 19"), no verb of its own
    total: float  # the summed weight of its words (``Corpus.total``), asked in every pair


def profile_of(report: Event, corpus: Corpus) -> Profile:
    text = report_text(report)
    return profile_from(text, clause_names(text, report.mentions[0].text), report.when, report.when.known, report.future,
                        bool(report.links), corpus)


def profile_from(text: str, found: frozenset[str], when: When, dated: bool, future: bool, linked: bool, corpus: Corpus) -> Profile:
    """``profile_of`` a report given its text, names (``found``) and whether its date is known."""
    known = features(text)
    return Profile(text, found, known, when, future, linked, dated, known.main_verb is None, corpus.total(known.words))


def similarity(a: Event, b: Event) -> tuple[float, tuple[str, ...]]:
    """Dice similarity of the two reports' words, and the names they share."""
    return dice(words_of(report_text(a)), words_of(report_text(b))), tuple(sorted(report_names(a) & report_names(b), key=str))


def shared_names(a: Profile, b: Profile) -> tuple[str, ...]:
    return tuple(sorted(a.names & b.names, key=str))


def weighted_similarity(a: Profile, b: Profile, corpus: Corpus) -> float:
    """Dice similarity with each word weighed by its rarity across the corpus's articles."""
    total = a.total + b.total
    return 2 * corpus.summed(a.features.words & b.features.words) / total if total else 0.0


def same_verb(a: Profile, b: Profile) -> str | None:
    """The verb class two reports share: one's main verb among the other's verbs."""
    for main, others in ((a.features.main_verb, b.features.verbs), (b.features.main_verb, a.features.verbs)):
        if main is not None and main in others:
            return main
    return None


def figures_clash(a: Profile, b: Profile) -> bool:
    """Each report states a figure the other does not: two different movements or counts."""
    na, nb = a.features.numbers, b.features.numbers
    return not na <= nb and not nb <= na  # as ``na - nb and nb - na``, without making either


def dates_agree(a: When, b: When) -> bool:
    """``date_relation(a, b) is not None``, without writing out the relation: asked of every
    date of a cluster against every date of another it may join."""
    if a.value == b.value or not a.known or not b.known:
        return True
    finer, coarser = _finer_first(a, b)
    return coarser.start <= finer.start and finer.end <= coarser.end and finer.granularity != coarser.granularity


def date_relation(a: When, b: When) -> str | None:
    """How two dates relate for a merge ("same 2025-11-25", "within 2025-W48"), None if they clash."""
    a_known, b_known = a.known, b.known  # asked of most pairs judged: each once
    if not a_known or not b_known:
        return "undated" if not a_known and not b_known else f"takes {(a if a_known else b).value}"
    return dated_relation(a, b)


def dated_relation(a: When, b: When) -> str | None:
    """``date_relation`` of two known dates."""
    if a.value == b.value:
        return f"same {a.value}"
    finer, coarser = _finer_first(a, b)
    if coarser.start <= finer.start and finer.end <= coarser.end and finer.granularity != coarser.granularity:
        return f"{finer.value} within {coarser.value}"
    return None


def _finer_first(a: When, b: When) -> tuple[When, When]:
    """The two dates, the finer first; in the order given when equally fine (as a stable
    sort by granularity would put them, without making a list and a key of each)."""
    if GRANULARITY.get(b.granularity or "", 9) < GRANULARITY.get(a.granularity or "", 9):
        return b, a
    return a, b
