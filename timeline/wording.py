"""The words, names and figures of a clause, as merging compares them.

Words are lower-cased, spelled one way (aliases) and crudely stemmed; a name is a run of
capitalised words, counted by its last word; figures are written without commas.
"""
from __future__ import annotations

import re

from .titles import WORD, tokens, vocabulary, word_set


def content_words(text: str) -> frozenset[str]:
    """Words that carry meaning, lower-cased, spelled one way, crudely stemmed."""
    aliases = vocabulary()["names"]["aliases"]
    low = text.lower()
    for phrase, alias in aliases.items():
        if " " in phrase:
            low = low.replace(phrase, alias)
    out = set()
    for word in tokens(low):
        word = aliases.get(word.strip("."), word.strip("."))
        if word in word_set("similarity", "stopwords") or len(word) < 3 or word.isdigit():
            continue
        out.add(_stem(word))
    return frozenset(out)


def _stem(word: str) -> str:
    for suffix in ("ments", "ment", "ings", "ing", "ies", "ied", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


_CALENDAR = re.compile(r"(?:mon|tues|wednes|thurs|fri|satur|sun)day|january|february|march|april|may|june|july"
                       r"|august|september|october|november|december", re.I)


def names(text: str) -> frozenset[str]:
    """Names of people, places, organisations: runs of capitalised words, each run counted
    once by its last word ("Recep Tayyip Erdogan" -> "erdogan")."""
    aliases = vocabulary()["names"]["aliases"]
    found, run = set(), []
    for match in WORD.finditer(text + " ."):
        word = match.group()
        low = word.lower().strip(".")
        named = word[:1].isupper() or word[:1].islower() and any(c.isupper() for c in word[1:])  # "iPhone"
        if named and not _CALENDAR.fullmatch(low) and low not in word_set("similarity", "stopwords") \
                and low not in word_set("names", "titles"):
            run.append(aliases.get(low, low))
            continue
        if run:
            found.add(run[-1])
        run = []
    return frozenset(found)


_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def numbers(text: str) -> frozenset[str]:
    """The figures a clause states ("fell 3.5% to 743.33"), commas dropped."""
    return frozenset(n.replace(",", "") for n in _NUMBER.findall(text))
