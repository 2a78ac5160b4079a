"""Sentence splitting over an article's text, keeping character offsets.

News prose is full of abbreviations ("Rear Adm.", "Nov. 18", "U.S.-backed") and quotes
that close after the final period ("... stability,” it added."), so a naive split on
". " breaks events in two.
"""
from __future__ import annotations

import re

from .records import Sentence
from .vocab import load_data

ABBREVIATIONS = frozenset(load_data("sentences")["abbreviations"])

# A sentence ends at . ! or ? (plus closing quotes/brackets) followed by space and a
# character that can start a sentence: a capital, a digit, or a name such as "iTunes" or
# "eBay". The lookbehind starts a match only at the first mark of a run and the possessive
# quantifiers never give characters back, so a run of a million dots is scanned once,
# not once per dot.
_BOUNDARY = re.compile(r"(?<![.!?])[.!?]++['\"’”)\]]*+(?=\s++['\"‘“]?(?:[A-Z0-9ÀÁÂÄÇÉÈÊÍÎÓÔÖÚÜŞÇĞİ]|[a-z][A-Z]))")
_PARAGRAPH = re.compile(r"[^\n]+(?:\n[^\n]+)*")


# The word before a period; one joined to the word before it by "&" or an apostrophe is
# no initial ("AT&T.", "the A380's.").
_LAST_WORD = re.compile(r"(?<![\w&'’])([A-Za-z.]+)\.$")
_LETTER = re.compile(r"[a-z]")


def _ends_with_abbreviation(text: str, end: int) -> bool:
    word = _LAST_WORD.search(text, max(0, end - 12), end + 1)  # sees the text before the window
    if word is None:
        return False
    token = word.group(1).lower().lstrip(".")
    return token in ABBREVIATIONS or bool(_LETTER.fullmatch(token))


def split_sentences(article_id: str, text: str) -> tuple[Sentence, ...]:
    """Sentences of ``text`` with offsets; paragraphs never share a sentence.

    >>> [s.text for s in split_sentences("a", "Rear Adm. Zeki Akturk spoke. Then he left.")]
    ['Rear Adm. Zeki Akturk spoke.', 'Then he left.']
    >>> [s.text for s in split_sentences("a", "Orders overwhelmed AT&T. Shares rose. J. Smith left.")]
    ['Orders overwhelmed AT&T.', 'Shares rose.', 'J. Smith left.']
    >>> [s.text for s in split_sentences("a", "It delayed the A380's. He said so.")]
    ["It delayed the A380's.", 'He said so.']
    >>> [s.text for s in split_sentences("a", "The index fell 3.5%. iTunes sells music, e.g. songs.")]
    ['The index fell 3.5%.', 'iTunes sells music, e.g. songs.']
    """
    sentences: list[Sentence] = []
    for number, para in enumerate(_PARAGRAPH.finditer(text)):
        start = para.start()
        for boundary in _BOUNDARY.finditer(text, para.start(), para.end()):
            dot = boundary.start()
            if text[dot] == "." and boundary.end() - dot == 1 and _ends_with_abbreviation(text, dot):
                continue
            sentences.append(_sentence(article_id, text, start, boundary.end(), number))
            start = boundary.end()
        sentences.append(_sentence(article_id, text, start, para.end(), number))
    return tuple(s for s in sentences if s.text)


def _sentence(article_id: str, text: str, start: int, end: int, paragraph: int) -> Sentence:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Sentence(article_id, start, end, text[start:end], paragraph)
