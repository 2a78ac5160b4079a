"""Words of a clause: its verb, its subject, the names it mentions, and a short title.

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

from .vocab import load_data

TITLE_WORDS = 12
# Shortest title worth cutting to at a clause boundary, and the longest: a whole clause may
# run a little over the hard limit.
MIN_TITLE_WORDS = 4
CLAUSE_WORDS = 14
# A subject longer than this loses its "of" complement in a title.
SUBJECT_WORDS = 4
WORD = re.compile(r"[\w’'.-]*\w", re.UNICODE)  # a word as tokens() and names() read it
_QUOTES = re.compile(r"[“”\"«»]|(?<!\w)[‘’']|[‘’'](?!\w)")
_SPACES = re.compile(r"\s+")
# Patterns compiled once: each is used for every clause of every article.
_SILENT_E = re.compile(r"(?:[^aeiou][aeiou][cgsvzd]|[cuvz]|[^aeiou]at|[^aeiou]ot|[^aeiou]om|[^e]ar|[^aeiou]in"
                       r"|[^aeiou][aeiou]b|^[^aeiou][aeiou][^aeiouwxy]|dg|rg|ag|[^s]e|[aeiou]s)$")  # "announc(ed)"
_SIBILANT_END = re.compile(r"(?:s|sh|ch|x|z|o)$")
_CONSONANT_Y_END = re.compile(r"[^aeiou]y$")
_PLACE_AGENCY = re.compile(r"^[A-Z][\w]+\s*\([^)]*\)\s*[–—-]\s*")  # "Ankara (Agency) – "
_ACCORDING_TO = re.compile(r"^According to [^,]+,\s*")
_SPEECH_AFTER = re.compile(r"^(?P<what>.{12,}?),\s+(?P<who>[^,]{3,60}?)\s+(?P<verb>said|added|noted|stressed|told \w+)$")
_LEADING_THE = re.compile(r"^(?:the)\s+", re.I)
_NAME_AT_END = re.compile(r"(?:^|\s)((?:[A-Z][\w’'.-]*\s+)+[A-Z][\w’'.-]*)$")
_HEAD_OF = re.compile(r"^(.{3,}?[a-z])\s+of\s+")
_RELATIVE_CLAUSE = re.compile(r",\s+(?:which|who)\b[^,]*,")
# Every clause passes through the pure functions of its text several times (a title, a subject,
# a main verb), and news copy repeats itself across articles: their results are kept, within a bound.
MEMO = 1 << 14


@cache
def _tail() -> re.Pattern:
    """Detail that follows the core of a clause and is left out of a title."""
    return re.compile(
        rf",\s+(?:{alternation('title_tails')})\b"
        r"|\s+(?:that|which)\s+(?:would|will|could|might|may|is|are|was|were)\b"
        rf"|\s+[–—-]\s+|;|:|\s+\(|,\s+(?:[A-Z][\w-]+\s+){{0,3}}(?:{alternation('attribution_verbs')})\b",
    )


@cache
def vocabulary() -> dict:
    return load_data("events")


@cache
def word_set(*path: str) -> frozenset[str]:
    """A word list of the vocabulary, by its path of keys ("order_cues", "earlier")."""
    node = vocabulary()
    for key in path:
        node = node[key]
    return frozenset(node)


@cache
def alternation(*path: str) -> str:
    """A regex alternation of a word list of the vocabulary, longest first (built once:
    patterns are assembled from it for every clause)."""
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(word_set(*path), key=lambda w: (-len(w), w)))


def tokens(text: str) -> list[str]:
    return WORD.findall(text)


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


@cache
def _classes() -> dict[str, str]:
    """Each verb's class: verbs of saying are one predicate, so are near-synonyms listed
    together. Built from the last class to the first, so the first class listing a verb wins."""
    return {verb: name for name, members in reversed(vocabulary()["predicates"].items()) for verb in members}


@cache
def _bare_after() -> frozenset[str]:
    return word_set("modals") | {"to"}


def _lemma(words: list[str], index: int) -> str | None:
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
    found = {lemma for i in range(len(words)) if (lemma := _lemma(words, i))}
    if not found and any(w.lower() in word_set("auxiliaries") for w in words):
        found.add("be")
    return frozenset(found)


@lru_cache(maxsize=MEMO)
def main_predicate(text: str) -> str | None:
    """The class of the clause's main verb: the first verb from the subject's verb on."""
    words = [w.strip(",.") for w in _QUOTES.sub("", _strip_openers(text.strip())).split()]
    verb = find_verb(words)
    if verb is None:
        return None
    lemma = next((lemma for i in range(verb, len(words)) if (lemma := _lemma(words, i))), None)
    return lemma or "be"
