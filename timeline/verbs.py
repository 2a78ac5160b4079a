"""Verbs of a clause: which word is the main verb, its base form, its class.

Crude by design: news headlines and lead sentences put the verb right after a short
subject, and a word list plus a few spelling rules find it without a parser.

>>> find_verb("The ministry announced new talks".split()), base_form("carried"), third_person("push")
(2, 'carry', 'pushes')
"""
from __future__ import annotations

import re
from functools import cache, lru_cache

from .lexicon import tokens, vocabulary, word_set

_SILENT_E = re.compile(r"(?:[^aeiou][aeiou][cgsvzd]|[cuvz]|[^aeiou]at|[^aeiou]ot|[^aeiou]om|[^e]ar|[^aeiou]in"
                       r"|[^aeiou][aeiou]b|^[^aeiou][aeiou][^aeiouwxy]|dg|rg|ag|[^s]e|[aeiou]s)$")  # "announc(ed)"
_SIBILANT_END = re.compile(r"(?:s|sh|ch|x|z|o)$")
_CONSONANT_Y_END = re.compile(r"[^aeiou]y$")


@lru_cache(maxsize=1 << 16)
def base_form(word: str) -> str | None:
    """The base form of a past-tense verb, or None when ``word`` is not one."""
    # Asked of every word of every clause, from a vocabulary far smaller than the corpus: cached.
    low = word.lower()
    irregular = vocabulary()["verbs"]["irregular"]
    if low in irregular:
        return irregular[low]
    if not low.endswith("ed") or low in word_set("verbs", "not_verbs") or len(low) < 5:
        return None
    stem = low[:-2]
    if stem.endswith("i"):
        return stem[:-1] + "y"  # carried -> carry
    if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "lsz":
        return stem[:-1]  # planned -> plan
    if _SILENT_E.search(stem):
        return stem + "e"  # announced -> announce, agreed -> agree, issued -> issue
    return stem


def third_person(base: str) -> str:
    """announce -> announces, carry -> carries, push -> pushes."""
    if _SIBILANT_END.search(base):
        return base + "es"
    if _CONSONANT_Y_END.search(base):
        return base[:-1] + "ies"
    return {"be": "is", "have": "has"}.get(base, base + "s")


_PRESENT_FORM = re.compile(r"[a-z]{3,}(?:es|s)")


@cache
def _finite() -> frozenset[str]:
    """Modals and auxiliaries: verbs wherever they stand."""
    return word_set("modals") | word_set("auxiliaries")


def find_verb(words: list[str]) -> int | None:
    """Index of the clause's main verb: the first modal, auxiliary or finite verb after a subject."""
    finite = _finite()
    for index, word in enumerate(words):
        low = word.lower()
        if low in finite:
            return index
        if index == 0:
            continue  # the first word is (part of) the subject
        if base_form(word) is not None:
            return index
        if _PRESENT_FORM.fullmatch(word) and low not in word_set("similarity", "stopwords") \
                and all(w[:1].isupper() for w in words[:index]) and not low.endswith("ss") \
                and not (index + 1 < len(words) and (base_form(words[index + 1]) or words[index + 1].lower() in finite)):
            return index  # "Kyiv welcomes", "Ankara emphasizes": present tense after a name
    return None


@cache
def _classes() -> dict[str, str]:
    """Each verb's class: verbs of saying are one predicate, so are near-synonyms listed
    together. Built from the last class to the first, so the first class listing a verb wins."""
    return {verb: name for name, members in reversed(vocabulary()["predicates"].items()) for verb in members}


@cache
def _bare_after() -> frozenset[str]:
    return word_set("modals") | {"to"}


def verb_class(words: list[str], index: int) -> str | None:
    """The class of the verb at ``index``: past forms by rule, bare forms after "to" or a modal."""
    low = words[index].lower()
    if low in _finite():
        return None
    base = base_form(low)
    if base is None and index and words[index - 1].lower() in _bare_after() \
            and low not in word_set("similarity", "stopwords") and low.isalpha():
        base = low
    return _classes().get(base, base) if base else None


def predicates(text: str) -> frozenset[str]:
    """Every verb of a clause by its class; "be" when the clause has no other verb."""
    words = [w.strip(",.") for w in tokens(text)]
    found = {lemma for i in range(len(words)) if (lemma := verb_class(words, i))}
    if not found and any(w.lower() in word_set("auxiliaries") for w in words):
        found.add("be")
    return frozenset(found)
