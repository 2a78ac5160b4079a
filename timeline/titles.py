"""A clause's subject and a short title for it (its verbs are found by ``verbs``).

Titles follow headline style: who does what, the subject and the main verb clause without
the date phrase, the role words before a person's name, a trailing attribution or trailing
detail, cut at a clause boundary. The verb goes to the present tense only when the subject
is surely singular or plural; otherwise it keeps the form the article wrote.

>>> headline("French President Emmanuel Macron on Tuesday announced the creation of a force for Ukraine that would include soldiers.", "Tuesday")
'Macron announces the creation of a force for Ukraine'
>>> headline("The first peace negotiations between Russia and Ukraine were held in Istanbul on March 29–30, 2022.", "March 29–30, 2022")
'First peace negotiations between Russia and Ukraine held in Istanbul'
>>> headline("Delegates met in Geneva on Sunday, officials said on Monday.", "Sunday")
'Delegates met in Geneva'
>>> headline("The Turkish Defence Ministry said on Thursday that a ceasefire between Russia and Ukraine must be established before any talks can take place regarding a contribution.", "Thursday")
'Turkish Defence Ministry says a ceasefire between Russia and Ukraine must be established'
"""
from __future__ import annotations

import re
from functools import cache, lru_cache

from .lexicon import MEMO, alternation, vocabulary, word_set
from .verbs import base_form, find_verb, third_person, verb_class

TITLE_WORDS = 12
# Shortest title worth cutting to at a clause boundary, and the longest: a whole clause may
# run a little over the hard limit.
MIN_TITLE_WORDS = 4
CLAUSE_WORDS = 14
# A subject longer than this loses its "of" complement in a title.
SUBJECT_WORDS = 4
_QUOTES = re.compile(r"[“”\"«»]|(?<!\w)[‘’']|[‘’'](?!\w)")
_SPACES = re.compile(r"\s+")
# Patterns compiled once: each is used for every clause of every article.
_PLACE_AGENCY = re.compile(r"^[A-Z][\w]+\s*\([^)]*\)\s*[–—-]\s*")  # "Ankara (Agency) – "
_ACCORDING_TO = re.compile(r"^According to [^,]+,\s*")
_SPEECH_AFTER = re.compile(r"^(?P<what>.{12,}?),\s+(?P<who>[^,]{3,60}?)\s+(?P<verb>said|added|noted|stressed|told \w+)$")
_LEADING_THE = re.compile(r"^(?:the)\s+", re.I)
_NAME_AT_END = re.compile(r"(?:^|\s)((?:[A-Z][\w’'.-]*\s+)+[A-Z][\w’'.-]*)$")
_HEAD_OF = re.compile(r"^(.{3,}?[a-z])\s+of\s+")
_RELATIVE_CLAUSE = re.compile(r",\s+(?:which|who)\b[^,]*,")


@cache
def _tail() -> re.Pattern:
    """Detail that follows the core of a clause and is left out of a title."""
    return re.compile(
        rf",\s+(?:{alternation('title_tails')})\b"
        r"|\s+(?:that|which)\s+(?:would|will|could|might|may|is|are|was|were)\b"
        rf"|\s+[–—-]\s+|;|:|\s+\(|,\s+(?:[A-Z][\w-]+\s+){{0,3}}(?:{alternation('attribution_verbs')})\b",
    )


@cache
def _attribution() -> re.Pattern:
    """A trailing attribution: "..., officials said on Thursday", "..., it added"."""
    return re.compile(rf",?\s+(?:the\s+)?(?:[\w’'.-]+\s+){{0,4}}(?:{alternation('attribution_verbs')})(?:\s+\w+)?\b[^,]{{0,40}}$", re.I)


@cache
def _attribution_verb() -> re.Pattern:
    """What every trailing attribution has: a space and a verb of attribution. Most clauses
    have none, and this is found about ten times faster than the attribution itself."""
    return re.compile(rf"\s(?:{alternation('attribution_verbs')})", re.I)


@cache
def _boundary() -> re.Pattern:
    """Where a long title may be cut: before a comma, a subordinate or an order phrase."""
    return re.compile(rf",|\s+(?=(?:{alternation('title_boundaries')})\b)", re.I)


# What may stand before a date expression and goes with it: ", on Tuesday,".
_BEFORE_EXPRESSION = re.compile(r"\s*(?P<comma>,?)\s*(?:\b(?:on|in|at|since|during|by|from|until|of|earlier|this)\s+)?$", re.I)
_AFTER_EXPRESSION = re.compile(r"\s*(?P<comma>,?)")


def _find_word(text: str, word: str) -> int:
    """The first case-insensitive occurrence of ``word`` that starts at a word boundary, or -1."""
    low, target, start = text.lower(), word.lower(), 0
    while (index := low.find(target, start)) >= 0:
        if index == 0 or not (low[index - 1].isalnum() and target[:1].isalnum()):
            return index
        start = index + 1
    return -1


def strip_expression(text: str, expression: str | None) -> str:
    """``text`` without its date expression and the preposition and commas around it.

    Found by plain search, not a pattern built per expression: titles are made for every
    clause of every article, and compiling a pattern each time dominated the cost.

    >>> strip_expression("Macron on Tuesday announced a force", "Tuesday")
    'Macron announced a force'
    >>> strip_expression("The ministry said on Thursday that talks must wait", "Thursday")
    'The ministry said that talks must wait'
    """
    index = _find_word(text, expression) if expression else -1
    if index < 0:
        return text
    window = max(0, index - 40)
    before = _BEFORE_EXPRESSION.search(text, window, index)
    after = _AFTER_EXPRESSION.match(text, index + len(expression))
    start = before.start() if before else index
    commas = bool(before and before["comma"]), bool(after["comma"])
    joint = ", " if commas[0] and commas[1] or (commas[1] and start > 0) else " "
    return text[:start] + joint + text[after.end():]


@cache
def _opener() -> re.Pattern:
    """Any one opening cue ("First,", "Then", "However,"), longest first."""
    cues = sorted(word_set("openers") | word_set("sequence_next") | word_set("sequence_first"), key=lambda c: (-len(c), c))
    return re.compile(rf"\s*(?:{'|'.join(map(re.escape, cues))})\b\s*,?\s*", re.I)


@cache
def _leading_adverbial() -> re.Pattern:
    """A leading adverbial phrase ("During their third round of talks in Istanbul, ...")."""
    return re.compile(rf"^(?:{alternation('leading_adverbials')})\b[^,]{{0,80}},\s*", re.I)


@lru_cache(maxsize=MEMO)
def _strip_openers(text: str) -> str:
    while (match := _opener().match(text)) and match.end() < len(text):
        text = text[match.end():]
    text = _PLACE_AGENCY.sub("", text)
    text = _ACCORDING_TO.sub("", text)
    return _leading_adverbial().sub("", text)


def _reported_speech(text: str) -> str:
    """ "X is ready, President Y said" -> "President Y said X is ready"."""
    match = _SPEECH_AFTER.match(text)
    if match is None or not match["who"][:1].isupper():
        return text
    what = match["what"]
    first = what.split()[0]
    if first.lower() in word_set("similarity", "stopwords") | {"there"} and first != "I":
        what = first.lower() + what[len(first):]  # "There is anger" -> "... said there is anger"
    return f"{match['who']} {match['verb'].split()[0]} {what}"


@lru_cache(maxsize=MEMO)
def short_subject(subject: str) -> str:
    """Drop role words before a name: "Turkish President Recep Tayyip Erdogan" -> "Erdogan"."""
    if any(len(part.split()) > 3 for part in subject.split(",")):  # an apposition, not a list ("The UK, France and Germany")
        subject = subject.split(",")[0]
    subject = _LEADING_THE.sub("", subject.strip())
    words = subject.split()
    while len(words) > 1 and (words[-1] == "also" or words[-1].endswith("ly")):
        words.pop()  # "Erdogan also joined": the adverb is not part of the name
    subject = " ".join(words)
    titles = word_set("names", "titles")
    last_title = max((i for i, w in enumerate(words) if w.lower() in titles), default=None)
    rest = words[last_title + 1:] if last_title is not None else []
    if rest and " and " not in subject:
        name = _NAME_AT_END.search(" ".join(rest))
        if all(w[:1].isupper() for w in rest) or name:  # "President of the United States Barack Obama"
            return rest[-1]
    head = _HEAD_OF.match(subject)
    if len(words) > SUBJECT_WORDS and head and len(head[1].split()) > 1 and head[1].split()[-1].lower() not in titles:
        return head[1]  # "Ukrainian servicemen of the 13th Operational Brigade" -> "Ukrainian servicemen"
    return subject


@lru_cache(maxsize=MEMO)
def headline(text: str, expression: str | None = None) -> str:
    """A headline for one clause (see the module examples)."""
    clean = _strip_openers(strip_expression(text, expression).strip())
    clean = _SPACES.sub(" ", _QUOTES.sub("", clean)).strip(" ,.;:-–—")
    clean = _drop_attribution(_reported_speech(clean))
    clean = _RELATIVE_CLAUSE.sub("", clean)
    words = clean.split(" ")
    verb = find_verb([w.strip(",") for w in words])
    if verb is None:
        return _finish(clean) or _finish(text)
    subject = short_subject(" ".join(words[:verb]).rstrip(","))
    predicate = _present(words[verb:], _number_of(subject))
    return _finish(f"{subject} {' '.join(predicate)}") or _finish(text)


_POSSESSIVE = re.compile(r"^(?P<who>(?:[A-Z][\w.-]*\s+){0,3}[A-Z][\w.-]*)[’']s\s+(?P<mods>(?:.*?\s)?)(?P<noun>[a-z]+)"
                         r"(?:\s+of\s+(?P<what>.+))?$")


def nominal_headline(phrase: str) -> str:
    """A headline for a noun phrase that names a happening: "Macron’s “Coalition of the
    Willing” proposal" -> "Macron proposes the Coalition of the Willing"; without a known
    verb for the noun, the phrase itself, without its determiner ("Downing of a Russian jet")."""
    text = _SPACES.sub(" ", _QUOTES.sub("", phrase)).strip(" ,.;:-–—")
    match = _POSSESSIVE.match(text)
    verbs = vocabulary()["nominalizations"]
    if match and match["noun"] in verbs:
        mods = match["mods"].strip()
        what = match["what"] or (f"the {mods}" if mods[:1].isupper() else "")
        if what:
            return _finish(f"{match['who']} {third_person(verbs[match['noun']])} {what}")
    return _finish(_leading_determiner().sub("", text))


@cache
def _leading_determiner() -> re.Pattern:
    return re.compile(rf"^(?:{alternation('determiners')})\s+", re.I)


def _drop_attribution(text: str) -> str:
    """ "Talks resumed, officials said on Thursday" -> "Talks resumed"."""
    match = _attribution().search(text) if _attribution_verb().search(text) else None
    if match and len(text[:match.start()].split()) >= MIN_TITLE_WORDS:
        return text[:match.start()].rstrip(" ,")
    return text


def _number_of(subject: str) -> str | None:
    """ "plural", "singular", or None when unsure (the verb then keeps its written form)."""
    words = subject.split()
    if not words:
        return None
    if " and " in f" {subject} " or words[-1].lower() in word_set("names", "plurals"):
        return "plural"
    last = words[-1]
    if last.lower() in word_set("names", "singulars") or last[:1].isupper() and not last.endswith("s"):
        return "singular"
    return None


def _present(words: list[str], number: str | None) -> list[str]:
    """Past or perfect tense to the headline present: "has issued" -> "issues", "were held" -> "held"."""
    low = [w.lower().strip(",") for w in words]
    if low[0] in ("was", "were", "is", "are") and len(words) > 1 and base_form(low[1]):
        return words[1:]  # passive: "talks held in Istanbul"
    if low[0] in ("has", "have", "had") and len(words) > 1:
        skip = 2 if low[1] in word_set("perfect_adverbs") and len(words) > 2 else 1
        if base_form(low[skip]) or low[skip] in ("been",):
            if low[skip] == "been":  # "has been delivered" -> "delivered"; "has been trying" stays
                return words[skip + 1:] if len(words) > skip + 1 and base_form(low[skip + 1]) else words
            if number is None:
                return words  # unsure of the number: keep the tense
            words, low = words[skip:], low[skip:]
    base = base_form(low[0])
    if base is None or "-" in low[0]:
        return words
    rest = words[1:]
    if base in word_set("reporting") and rest and rest[0].lower() == "that":
        rest = rest[1:]  # "says that a ceasefire..." -> "says a ceasefire..."
    if number is None:
        return [words[0]] + rest
    return [base if number == "plural" else third_person(base)] + rest


def _finish(text: str) -> str:
    """At most ``TITLE_WORDS`` words, cut at the last clause boundary that fits when there is one."""
    tail = _tail().search(text)
    if tail and len(text[:tail.start()].split()) >= 3:
        text = text[:tail.start()]
    text = text.strip(" ,.;:-–—")
    if len(text.split()) > TITLE_WORDS:
        cuts = [m.start() for m in _boundary().finditer(text)
                if MIN_TITLE_WORDS <= len(text[:m.start()].split()) <= CLAUSE_WORDS]
        whole = len(text.split()) <= CLAUSE_WORDS
        text = text[:max(cuts)] if cuts else text if whole else _hard_cut(text.split())
    text = text.strip(" ,.;:-–—")
    return text[:1].upper() + text[1:]


def _hard_cut(words: list[str]) -> str:
    words = words[:TITLE_WORDS]
    while len(words) > 1 and words[-1].lower().strip(",;:") in word_set("similarity", "stopwords"):
        words.pop()
    return " ".join(words).rstrip(",;:") + "…"


@lru_cache(maxsize=MEMO)
def subject_of(text: str, expression: str | None = None) -> str:
    """The clause's subject with role words dropped, or "" when no verb is found."""
    text = _strip_openers(strip_expression(text, expression).strip())
    words = [w.strip(",") for w in _reported_speech(_SPACES.sub(" ", _QUOTES.sub("", text)).strip(" ,.;:")).split()]
    verb = find_verb(words)
    return short_subject(" ".join(words[:verb])) if verb else ""


@lru_cache(maxsize=MEMO)
def main_verb(text: str) -> str | None:
    words = [w.strip(",.") for w in _strip_openers(text.strip()).split()]
    verb = find_verb(words)
    return words[verb].lower() if verb is not None else None


@lru_cache(maxsize=MEMO)
def future_clause(text: str) -> bool:  # asked once per report by extraction, and again by ranking
    """Whether the clause's main verb is a modal ("will take off on October 25"): planned, not yet news."""
    verb = main_verb(text)
    return verb is not None and verb in word_set("modals")


@lru_cache(maxsize=MEMO)
def main_predicate(text: str) -> str | None:
    """The class of the clause's main verb: the first verb from the subject's verb on."""
    words = [w.strip(",.") for w in _QUOTES.sub("", _strip_openers(text.strip())).split()]
    verb = find_verb(words)
    if verb is None:
        return None
    lemma = next((lemma for i in range(verb, len(words)) if (lemma := verb_class(words, i))), None)
    return lemma or "be"
