"""The date rules as data: loading, checking and compiling ``timeline/rules/*.toml``.

The rule files hold patterns, value templates and vocabularies; this module turns them into
one compiled alternation (built once, at import) and normalises what a named group captured.
Rule ``r`` of the alternation is wrapped in the group ``r<i>``; its own groups are renamed
``r<i>__<name>`` so that every rule can use the same readable names.

>>> rule = RULES_BY_ID["iso_date"]
>>> rule.type
'DATE'
>>> normalise("month", "Sept.")
'09'
>>> normalise("num", "twenty-four")
'24'
"""
from __future__ import annotations

import re
import re._constants as _sre  # the parsed-pattern opcodes, to find what a rule can start with
import re._parser as _sre_parse
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

RULES_DIR = Path(__file__).with_name("rules")
_REF = re.compile(r"\{(?P<name>[a-z_]+)\}")
_GROUP = re.compile(r"\(\?P<(?P<name>[a-z_0-9]+)>")
_SLOT = re.compile(r"\{(?P<name>[a-z_0-9]+)(?:\|(?P<default>[^}]*))?\}")


@dataclass(frozen=True)
class Example:
    text: str
    dct: str | None
    value: str | None
    mod: str | None = None
    end_value: str | None = None
    # The expression under test when it is not the last one: a rule that needs what follows
    # ("the quarter" before "ended July 31") cannot put its expression last.
    expression: str | None = None


@dataclass(frozen=True)
class Rule:
    """One pattern and how to turn its match into an (underspecified) TIMEX3 value."""

    id: str
    type: str
    pattern: str  # as written in the file, with {references}
    value: str  # template over the named groups
    source: str  # file name, for messages
    end_value: str | None = None
    shift: str | None = None  # "{dir}{num}{unit}": move the value by an amount
    mod: str | None = None
    unless_tense: str | None = None  # drop a match in a clause of this tense ("soon" in the past)
    # A pattern the text up to the end of the match ends with that makes the expression a
    # recurrence (type SET): "a week" in "four flights a week" is a rate, not a length.
    set_if: str | None = None
    examples: tuple[Example, ...] = ()


def _load(name: str) -> dict:
    with open(RULES_DIR / name, "rb") as handle:
        return tomllib.load(handle)


VOCAB: dict = _load("vocab.toml")
MACROS: dict[str, str] = _load("macros.toml")["macro"]
GROUPS: dict[str, str] = VOCAB["groups"]
_CASED = frozenset(VOCAB["meta"]["case_sensitive"])
VOCABULARIES = {
    name: table for name, table in VOCAB.items() if name not in ("groups", "meta", "triggers", "openers")
}
_TRIGGER_VOCABULARIES = ("month", "weekday", "season", "unit", "part_of_day")


def rule_files() -> list[Path]:
    """Rule files in name order, which is the order their rules are tried in."""
    skip = {"vocab.toml", "macros.toml"}
    return sorted((p for p in RULES_DIR.glob("*.toml") if p.name not in skip), key=lambda p: p.name)


def _read_rules() -> tuple[Rule, ...]:
    rules = []
    for path in rule_files():
        for raw in _load(path.name).get("rule", []):
            examples = tuple(Example(**example) for example in raw.get("examples", []))
            fields = {k: v for k, v in raw.items() if k != "examples"}
            rules.append(Rule(source=path.name, examples=examples, **fields))
    return tuple(rules)


def _alternation(name: str) -> str:
    """A vocabulary as a regex alternative, longest key first so "Sept" beats "Sep"."""
    keys = sorted(VOCABULARIES[name], key=lambda k: (-len(k), k))
    parts = [re.escape(k).replace(r"\ ", r"\s+") for k in keys]
    if name in _CASED:  # written capitalised or in capitals, never lower case
        parts = [p[:1].upper() + p[1:] for p in parts] + [p.upper() for p in parts]
        return "(?-i:" + "|".join(parts) + ")"
    return "(?:" + "|".join(parts) + ")"


def expand(pattern: str, depth: int = 0) -> str:
    """Replace {macro} and {vocabulary} references (macros may nest a few levels)."""
    if depth > 5:
        raise ValueError(f"macro nesting too deep in {pattern!r}")

    def replace(match: re.Match) -> str:
        name = match["name"]
        if name in MACROS:
            return expand(MACROS[name], depth + 1)
        if name in VOCABULARIES:
            return _alternation(name)
        raise KeyError(f"unknown reference {{{name}}}")

    return _REF.sub(replace, pattern)


def group_names(pattern: str) -> list[str]:
    return [m["name"] for m in _GROUP.finditer(pattern)]


def _compile(rules: tuple[Rule, ...], only: frozenset[int] | None = None) -> re.Pattern:
    """The rules as one alternation, in order; ``only`` keeps those indices (the group names
    stay ``r<index>`` either way)."""
    branches = []
    for index, rule in enumerate(rules):
        if only is not None and index not in only:
            continue
        body = _GROUP.sub(lambda m, i=index: f"(?P<r{i}__{m['name']}>", expand(rule.pattern))
        branches.append(f"(?P<r{index}>{body})")
    if not branches:
        return re.compile(r"(?!)")
    # \b on both sides: an expression starts and ends on a word edge ("Monday" not "Mondays").
    return re.compile(r"\b(?:" + "|".join(branches) + r")(?!\w)", re.IGNORECASE)


def trigger_words() -> frozenset[str]:
    """Lower-case words one of which every date expression (without a digit) contains."""
    words = set(VOCAB["triggers"]["words"])
    for name in _TRIGGER_VOCABULARIES:
        words.update(key for key in VOCABULARIES[name] if " " not in key)
    return frozenset(words)


def opener_words() -> frozenset[str]:
    """Lower-case words an expression may start with (see [openers] in vocab.toml)."""
    words = set(trigger_words()) | set(VOCAB["openers"]["words"])
    for name in ("number", "ordinal", "direction", "relative_day", "mod"):
        words.update(key.split()[0] for key in VOCABULARIES[name] if key)
    return frozenset(words)


def _trie(words: list[str]) -> str:
    """An alternation factored by first letter, so a failing position costs one test."""
    by_first: dict[str, list[str]] = {}
    for word in words:
        by_first.setdefault(word[0], []).append(word[1:])
    parts = []
    for first, rests in sorted(by_first.items(), key=lambda item: item[0]):
        tails = sorted(rests, key=lambda r: (-len(r), r))
        parts.append(re.escape(first) + "(?:" + "|".join(re.escape(t) for t in tails) + ")")
    return "|".join(parts)


def _compile_trigger() -> re.Pattern:
    return re.compile(r"\d+|\b(?:" + _trie(sorted(trigger_words(), key=lambda w: w)) + ")", re.IGNORECASE)


# How many characters of the text at a start position choose the rules tried there: with
# five, "the f" leaves the rules that can read "the first" or "the fall", and most
# positions leave three rules or none, where the first character alone left thirty.
LOOKAHEAD = 5
_ASCII = [chr(code) for code in range(128)]
# The ASCII members of each class escape, as the re module itself decides them.
_CATEGORIES = {
    getattr(_sre, f"CATEGORY_{name}"): frozenset(c for c in _ASCII if re.fullmatch(escape, c))
    for name, escape in (("DIGIT", r"\d"), ("NOT_DIGIT", r"\D"), ("SPACE", r"\s"),
                         ("NOT_SPACE", r"\S"), ("WORD", r"\w"), ("NOT_WORD", r"\W"))
}
_Prefix = tuple  # one character class (frozenset of ASCII characters, None: any) per position


@lru_cache(maxsize=None)  # a few hundred distinct pattern characters
def _cases(code: int) -> frozenset[str]:
    """The ASCII characters a pattern character matches ignoring case, as the re module
    itself decides ("K", the Kelvin sign, and "İ" match "k" and "i")."""
    literal = re.compile(re.escape(chr(code)), re.IGNORECASE)
    return frozenset(c for c in _ASCII if literal.fullmatch(c))


def _class(items: list) -> frozenset[str] | None:
    chars: set[str] = set()
    for kind, value in items:
        if kind is _sre.LITERAL:
            chars |= _cases(value)
        elif kind is _sre.RANGE:
            for code in range(value[0], value[1] + 1):
                chars |= _cases(code)
        elif kind is _sre.CATEGORY and value in _CATEGORIES:
            chars |= _CATEGORIES[value]
        else:  # a negated set, or a category not tabled above: any character
            return None
    return frozenset(chars)


def _joined(heads: set[_Prefix], tails: set[_Prefix], k: int) -> set[_Prefix]:
    """Each head followed by each tail, cut at ``k``; a head of ``k`` already is whole."""
    return {head if len(head) == k else (head + tail)[:k] for head in heads for tail in (tails if len(head) < k else [()])}


def _prefixes(items: list, k: int) -> set[_Prefix]:
    """The first ``k`` characters of every string a parsed sequence matches, as classes; a
    shorter prefix is a whole string. Over-approximated: assertions are taken to hold, case
    to be ignored, and what the analysis does not know as matching anything."""
    out: set[_Prefix] = {()}
    for op, arg in items:
        if all(len(prefix) == k for prefix in out):
            break
        if op is _sre.LITERAL:
            step = {(frozenset(_cases(arg)),)}
        elif op is _sre.IN:
            step = {(_class(arg),)}
        elif op is _sre.AT or op in (_sre.ASSERT, _sre.ASSERT_NOT):
            continue  # zero width
        elif op is _sre.SUBPATTERN:
            step = _prefixes(list(arg[-1]), k)
        elif op is _sre.BRANCH:
            step = set().union(*(_prefixes(list(branch), k) for branch in arg[1]))
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT):
            # More than k repetitions start the same k characters as k of them do.
            inner, step, run = _prefixes(list(arg[2]), k), set(), {()}
            for count in range(min(arg[1], k) + 1):
                if count >= min(arg[0], k):
                    step |= run
                run = _joined(run, inner, k)
        else:
            step = {(None,) * n for n in range(k + 1)}
        out = _joined(out, step, k)
    return out


def prefixes(pattern: str, k: int = LOOKAHEAD) -> frozenset[_Prefix]:
    r"""How a match of a rule pattern can begin: its first ``k`` characters as classes.

    >>> sorted("".join(sorted(c)) for (c,) in prefixes("(?:the\\s+)?\\d|Q", 1))
    ['0123456789', 'Qq', 'Tt']
    """
    return frozenset(_prefixes(list(_sre_parse.parse(expand(pattern), re.IGNORECASE).data), k))


RULES: tuple[Rule, ...] = _read_rules()
TRIGGER: re.Pattern = _compile_trigger()
OPENERS: frozenset[str] = opener_words()
RULES_BY_ID: dict[str, Rule] = {rule.id: rule for rule in RULES}
# Rule index -> its compiled set_if, anchored at the end of the stretch it is tried on.
SET_IF: dict[int, re.Pattern] = {
    i: re.compile(f"(?:{expand(rule.set_if)})$", re.IGNORECASE) for i, rule in enumerate(RULES) if rule.set_if
}
PATTERN: re.Pattern = _compile(RULES)
# In any order: only which rules have a prefix that agrees with the text counts.
_EVERY_PREFIX = tuple((index, prefix) for index, rule in enumerate(RULES) for prefix in prefixes(rule.pattern))
_PATTERN_FOR: dict[frozenset[int], re.Pattern] = {}


@lru_cache(maxsize=1 << 16)  # each step narrows the one before it; the text's words repeat
def _agreeing(known: str) -> tuple[tuple[int, _Prefix], ...]:
    """The (rule, prefix) pairs whose prefix can begin with ``known``."""
    if not known:
        return _EVERY_PREFIX
    at, char = len(known) - 1, known[-1]
    return tuple((index, prefix) for index, prefix in _agreeing(known[:-1])
                 if at >= len(prefix) or prefix[at] is None or char in prefix[at])


@lru_cache(maxsize=1 << 16)
def _pattern_for(ahead: str) -> re.Pattern:
    known = ahead if ahead.isascii() else ahead[:next(i for i, c in enumerate(ahead) if not c.isascii())]
    if not known:  # case folding beyond ASCII is not tabled: try every rule
        return PATTERN
    rules = frozenset(index for index, _ in _agreeing(known))
    pattern = _PATTERN_FOR.get(rules)
    if pattern is None:
        pattern = _PATTERN_FOR[rules] = PATTERN if len(rules) == len(RULES) else _compile(RULES, rules)
    return pattern


def pattern_at(text: str, start: int) -> re.Pattern:
    """The alternation of only the rules that can match at ``start``, judged by the next
    ``LOOKAHEAD`` characters: trying a rule that cannot match there costs as much as one
    that can. Matches are the same as ``PATTERN``'s, which keeps the rules in the same
    order, as the prefixes over-approximate what each rule can begin with."""
    return _pattern_for(text[start:start + LOOKAHEAD])

# For each rule, its groups as (full group name, slot name) to read a match quickly.
RULE_GROUPS: tuple[tuple[tuple[str, str], ...], ...] = tuple(
    tuple((f"r{i}__{name}", name.removesuffix("_b").removesuffix("_c")) for name in group_names(rule.pattern))
    for i, rule in enumerate(RULES)
)


def _number(text: str) -> str:
    half_more = re.search(r"\s+and\s+a\s+half$", text, re.IGNORECASE)
    if half_more:  # "three and a half"
        return _number(text[:half_more.start()] + " 1/2") if text[:1].isdigit() else \
            str(float(_number(text[:half_more.start()])) + 0.5)
    if re.fullmatch(r"half\s+(?:an?|one)", text, re.IGNORECASE):  # "half a year"
        return "0.5"
    words = re.split(r"[\s-]+", text.lower())
    table = VOCABULARIES["number"]
    joined = " ".join(words)
    if joined in table:
        value = table[joined]
    elif all(w in table for w in words):
        value = sum(table[w] for w in words)
    else:
        half = text.endswith(("1/2", "½"))
        digits = text.removesuffix("1/2").removesuffix("½").strip()
        value = float(digits.replace(",", "")) + (0.5 if half else 0)
    if isinstance(value, str):
        return value
    return str(int(value)) if float(value).is_integer() else str(value)


def _year(text: str) -> str:
    digits = text.lstrip("'")
    if len(digits) == 2:  # '98 -> 1998, '05 -> 2005
        return ("19" if int(digits) > 30 else "20") + digits
    return digits


def _decade(text: str) -> str:
    return _year(text)[:3]


def _century(text: str) -> str:
    key = text.lower()
    number = VOCABULARIES["ordinal"].get(key) or int(re.sub(r"\D", "", key))
    return f"{number - 1:02d}"


def _ampm(text: str) -> str:
    return "pm" if text.lower().startswith(("p", "afternoon", "evening")) else "am"


_SPOKEN_SKIP = frozenset({"the", "year", "and"})


def _spoken_year(text: str) -> str:
    """A year read aloud: "nineteen ninety-one" 1991, "nineteen oh five" 1905, "two thousand
    and five" 2005, "nineteen hundred" 1900."""
    words = [w for w in re.split(r"[\s-]+", text.lower()) if w not in _SPOKEN_SKIP]
    table = VOCABULARIES["number"]
    if words[:2] == ["two", "thousand"]:
        return str(2000 + sum(table[w] for w in words[2:]))
    century, rest = table[words[0]], [w for w in words[1:] if w != "oh"]
    if rest == ["hundred"]:
        return f"{century}00"
    return f"{century}{sum(table[w] for w in rest):02d}"


_CONVERTERS = {"year": _year, "number": _number, "decade": _decade, "century": _century,
               "ampm": _ampm, "spoken_year": _spoken_year, "int": lambda t: f"{int(t):02d}"}


def normalise(slot: str, text: str) -> str:
    """The value of a group's text, by the converter or vocabulary its slot names."""
    kind = GROUPS[slot]
    if kind in _CONVERTERS:
        return _CONVERTERS[kind](text)
    key = re.sub(r"\s+", " ", text.lower()).rstrip(".")
    table = VOCABULARIES[kind]
    if key in table:
        value = table[key]
    elif key.rstrip("s") in table:  # plural units: "years"
        value = table[key.rstrip("s")]
    else:
        value = int(key)  # a digit where an ordinal may stand: "Q3"
    return f"{value:02d}" if kind == "month" else str(value)


def fill(template: str, slots: dict[str, str]) -> str:
    """Fill a value template; {name|default} uses the default when the group is empty."""

    def replace(match: re.Match) -> str:
        name = match["name"]
        if name in slots:
            return slots[name]
        if match["default"] is not None:
            return match["default"]
        return ""

    return _SLOT.sub(replace, template)
