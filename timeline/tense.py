"""The tense of the clause around an expression, from the nearest cue word.

Anchoring needs it to place a weekday or a month without a year ("met on Tuesday" is the
last one, "will meet on Tuesday" the next), and the tagger to drop words that mean a time
only in one tense ("soon" in "it soon became clear" is not the future).

>>> tense_at("They will meet on Tuesday.", 19, 26), tense_at("They met on Tuesday.", 12, 19)
('future', 'past')
"""
from __future__ import annotations

import re

# Cues for the tense of the clause around an expression; the nearest cue wins.
_FUTURE = re.compile(
    r"\b(?:will|won't|shall|going\s+to|plans?\s+to|planned\s+(?:to|an?|for)|scheduled|expected\s+to|"
    r"is\s+to|are\s+to|due\s+to|intends?\s+to|next(?!\s+to\b)|upcoming|would|set\s+to|as\s+(?:soon|early)\s+as|"
    r"(?<!\bnot\s)until|postponed|delayed|planning\s+(?:to|an?|for)|hopes?\s+to|to\s+be\s+held|"
    # a timetable in the present tense: "is due in court", "the summit opens Monday"
    r"(?:is|are)\s+due|opens|arrives|begins|starts|resumes|travels|heads|expires|takes\s+effect)\b|'ll\b",
    re.IGNORECASE,
)
# A participle after "be" is passive, not past: "will be held on Tuesday".
_PAST = re.compile(
    r"(?<!\bbe\s)(?<!\bbeen\s)(?<!\bbeing\s)\b(?:said|says|was|were|had|did|told|met|held|went|came|took|gave|made|saw|began|left|"
    r"won|lost|fell|rose|spoke|wrote|sent|brought|found|struck|hit|shot|led|ran|got|put|became|"
    r"sought|thought|felt|kept|heard|meant|paid|sold|bought|stood|knew|grew|drew|threw|flew|chose|"
    r"broke|spent|built|caught|fought|taught|drove|forgot|"
    r"set\s+off|ago|last|earlier|"
    r"(?-i:[a-z]{3,}ed))\b",  # lower case: "United" is not a past tense
    re.IGNORECASE,
)
# A passive past right before the expression dates a thing already done: "the Shuffle was
# introduced in January", "were sold on March 3". Unlike a "said" further off, it cannot
# announce something ahead.
_DONE = re.compile(
    r"\b(?:was|were)\s+(?:\w+ly\s+)?(?-i:[a-z]{3,}ed|made|held|built|sold|bought|won|lost|paid|"
    r"sent|found|shown|seen|given|taken|brought|begun|chosen|struck|hit|shot|kept|left)\s+"
    r"(?:in|on)\s+(?:(?:early|late|mid)[\s-])?$",
    re.IGNORECASE,
)
_BOUNDARY = re.compile(r"\.(?!\d)|[;!?\n]")  # "$5.2" does not end a sentence
_WINDOW = 80


def tense_at(text: str, start: int, end: int) -> str | None:
    """'future' or 'past' from the cue word nearest the expression in its sentence, or None.

    A cue before the expression wins over one after it: the verb a time phrase attaches to
    usually comes first ("met on Tuesday"); fronted phrases ("On Tuesday, he said") have
    no cue before them in the sentence.
    """
    left_from = max(0, start - _WINDOW)
    left = text[left_from:start]
    cut = max((m.end() for m in _BOUNDARY.finditer(left)), default=0)
    left = left[cut:]
    right = text[end:end + _WINDOW]
    stop = _BOUNDARY.search(right)
    right = right[: stop.start()] if stop else right
    return _nearest_cue(left, from_end=True) or _nearest_cue(right, from_end=False)


def _nearest_cue(stretch: str, from_end: bool) -> str | None:
    best: tuple[int, str] | None = None
    for pattern, name in ((_FUTURE, "future"), (_PAST, "past")):
        # after the expression the first cue is the nearest: no need to find the others
        for m in pattern.finditer(stretch) if from_end else filter(None, [pattern.search(stretch)]):
            distance = len(stretch) - m.end() if from_end else m.start()
            if best is None or distance < best[0]:
                best = (distance, name)
    return best[1] if best else None


def done_before(text: str, start: int) -> bool:
    """Whether a passive past verb governs the expression starting at ``start``.

    >>> done_before("after the Shuffle was introduced in January", 36)
    True
    >>> done_before("results to be published in January", 27)
    False
    """
    return _DONE.search(text, max(0, start - _WINDOW), start) is not None
