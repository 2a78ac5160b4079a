"""The words, names and figures of a clause, as merging compares them.

Words are lower-cased, spelled one way (aliases) and crudely stemmed; a name is a run of
capitalised words, counted by its last word; figures are written without commas.
"""
from __future__ import annotations

import re
from functools import cache, lru_cache

from .lexicon import MEMO, WORD, tokens, vocabulary, word_set


@cache
def _phrase_aliases() -> tuple[tuple[str, str], ...]:
    """The aliases of phrases of several words, in the vocabulary's order (replaced in text)."""
    return tuple((phrase, alias) for phrase, alias in vocabulary()["names"]["aliases"].items() if " " in phrase)


@lru_cache(maxsize=MEMO)
def content_words(text: str) -> frozenset[str]:
    """Words that carry meaning, lower-cased, spelled one way, crudely stemmed."""
    # Kept per text: a phrase naming another report is compared with every report's sentence.
    aliases, stopwords = vocabulary()["names"]["aliases"], word_set("similarity", "stopwords")
    low = text.lower()
    for phrase, alias in _phrase_aliases():
        low = low.replace(phrase, alias)
    out = set()
    for word in tokens(low):
        word = word.strip(".")
        word = aliases.get(word, word)
        if word in stopwords or len(word) < 3 or word.isdigit():
            continue
        out.add(_stem(word))
    return frozenset(out)


@lru_cache(maxsize=1 << 16)
def _stem(word: str) -> str:
    for suffix in ("ments", "ment", "ings", "ing", "ies", "ied", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


@cache
def _not_names() -> frozenset[str]:
    """Capitalised words that are no name: stopwords and titles."""
    return word_set("similarity", "stopwords") | word_set("names", "titles")


_CALENDAR = re.compile(r"(?:mon|tues|wednes|thurs|fri|satur|sun)day|january|february|march|april|may|june|july"
                       r"|august|september|october|november|december", re.I)


def names(text: str) -> frozenset[str]:
    """Names of people, places, organisations: runs of capitalised words, each run counted
    once by its last word ("Recep Tayyip Erdogan" -> "erdogan")."""
    aliases, common = vocabulary()["names"]["aliases"], _not_names()
    found, run = set(), []
    for word in WORD.findall(text + " ."):
        if _capitalised(word) and (low := word.lower().strip(".")) not in common and not _CALENDAR.fullmatch(low):
            run.append(aliases.get(low, low))
            continue
        if run:
            found.add(run[-1])
        run = []
    return frozenset(found)


def _capitalised(word: str) -> bool:
    """A capital first letter, or a capital after a small one ("iPhone")."""
    # A word in small letters only (most words) is told by one call, not a look at each letter.
    first = word[:1]
    return first.isupper() or first.islower() and not word.islower() and any(c.isupper() for c in word[1:])


_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def numbers(text: str) -> frozenset[str]:
    """The figures a clause states ("fell 3.5% to 743.33"), commas dropped."""
    return frozenset(n.replace(",", "") for n in _NUMBER.findall(text))
