"""Bytes to text: encodings, size limit, line ends and stray control characters.

A seed may be anything someone saved into the folder. Decoding never raises: it returns
text (possibly with warnings) or None with an error saying why nothing could be read.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .records import Problem

# News articles are kilobytes; a file of megabytes is a mistake (a log, a dump, a whole
# site saved as one page). Its first MAX_BYTES are read, cut at a line end, with a
# warning, so the build neither loses it silently nor spends minutes on it.
MAX_BYTES = 4 * 1024 * 1024
_SAMPLE = 8192  # how much of the start is inspected to tell text from binary


@dataclass(frozen=True)
class Bom:
    """A byte order mark: the encoding it announces and how that encoding writes "\\n"."""

    mark: bytes
    codec: str
    newline: bytes

    @property
    def unit(self) -> int:
        return len(self.newline)


# UTF-32 first: its little-endian mark begins with UTF-16's.
_BOMS = (
    Bom(b"\xff\xfe\x00\x00", "utf-32-le", b"\n\x00\x00\x00"),
    Bom(b"\x00\x00\xfe\xff", "utf-32-be", b"\x00\x00\x00\n"),
    Bom(b"\xff\xfe", "utf-16-le", b"\n\x00"),
    Bom(b"\xfe\xff", "utf-16-be", b"\x00\n"),
)


def _bom(raw: bytes) -> Bom | None:
    return next((bom for bom in _BOMS if raw.startswith(bom.mark)), None)


# C0 and C1 control characters other than tab and line ends: they break feeds (XML
# forbids them) and show as boxes in pages, and no article needs them.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def _utf8_boundary(head: bytes) -> bytes:
    """``head`` without a multi-byte UTF-8 character cut in two at its end."""
    back = 0
    while back < 3 and back < len(head) and head[-back - 1] & 0xC0 == 0x80:
        back += 1  # continuation bytes of the last character
    if back < len(head) and (lead := head[-back - 1]) >= 0xC0:
        needed = 2 if lead < 0xE0 else 3 if lead < 0xF0 else 4
        if back + 1 < needed:
            return head[: len(head) - back - 1]
    return head


def cut(raw: bytes, limit: int) -> bytes:
    """The first ``limit`` bytes of ``raw`` or less, ending at a line end when there is one.

    >>> cut(b"one\\ntwo\\nthree", 9)
    b'one\\ntwo\\n'
    >>> cut("caf\\u00e9".encode(), 4)
    b'caf'
    """
    head = raw[:limit]
    bom = _bom(head)
    if bom is not None:
        at = head.rfind(bom.newline)
        while at > 0 and at % bom.unit:  # a newline code unit starts at a unit boundary
            at = head.rfind(bom.newline, 0, at + bom.unit - 1)
        if at > 0:
            return head[: at + bom.unit]
        head = head[: len(head) - len(head) % bom.unit]
        last = head[-2:] if bom.codec == "utf-16-le" else head[-2:][::-1]
        if bom.unit == 2 and len(head) > 2 and 0xD8 <= last[1] <= 0xDB:
            head = head[:-2]  # the first half of a surrogate pair
        return head
    at = head.rfind(b"\n")
    if at > 0:
        return head[: at + 1]
    return _utf8_boundary(head)


def _utf16_without_bom(sample: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when ``sample`` looks like mostly-ASCII UTF-16."""
    even, odd = sample[0::2], sample[1::2]
    if len(odd) < 2:
        return None
    if odd.count(0) > 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


def _line_of(raw: bytes, offset: int) -> int:
    return raw.count(b"\n", 0, offset) + 1


def _decode_bytes(raw: bytes, path: str) -> tuple[str | None, tuple[Problem, ...]]:
    bom = _bom(raw)
    if bom is not None:
        try:
            return raw[len(bom.mark):].decode(bom.codec), ()
        except UnicodeDecodeError as err:
            line = raw[: len(bom.mark) + err.start].count(bom.newline) + 1
            name = bom.codec[:6].upper()
            return None, (Problem(path, f"invalid {name} text despite its byte order mark; file skipped",
                                  line=line, severity="error"),)
    sample = raw[:_SAMPLE]
    if b"\x00" in sample:
        encoding = _utf16_without_bom(sample[: len(sample) - len(sample) % 2])
        if encoding is not None:
            try:
                text = raw.decode(encoding)
            except UnicodeDecodeError:
                text = None
            if text is not None:
                return text, (Problem(path, f"UTF-16 text without a byte order mark; read as {encoding.upper()}"),)
        return None, (Problem(path, "binary file, not text (it holds NUL bytes); skipped", severity="error"),)
    try:
        return raw.decode("utf-8-sig"), ()
    except UnicodeDecodeError as err:
        text = raw.decode("cp1252", errors="replace")
        note = "not valid UTF-8; read as Windows-1252 (cp1252), check the characters"
        return text, (Problem(path, note, line=_line_of(raw, err.start)),)


def _looks_binary(text: str) -> bool:
    """Text that is mostly control characters is binary data that happened to decode."""
    sample = text[:_SAMPLE]
    return bool(sample) and len(_CONTROLS.findall(sample)) > 0.1 * len(sample)


def decode(raw: bytes, path: str, size: int | None = None, limit: int = MAX_BYTES) -> tuple[str | None, tuple[Problem, ...]]:
    """Text of a file's bytes, with "\\n" line ends; None when it is not text.

    UTF-8 (with or without a BOM) and UTF-16 with a BOM are read as such; UTF-16
    without one is recognised by its zero bytes; anything else is read as cp1252 with a
    warning. ``raw`` longer than ``limit`` is cut at a line end with a warning; ``size``
    is the file's full size, when known, for that warning.
    """
    problems: tuple[Problem, ...] = ()
    if len(raw) > limit or (size or 0) > limit:
        whole = f"{_megabytes(size)}, " if size and size > limit else ""
        raw = cut(raw, limit)
        note = (f"file is {whole}over the {_megabytes(limit)} limit; only its first "
                f"{_megabytes(len(raw))} read")
        problems += (Problem(path, note),)
    text, found = _decode_bytes(raw, path)
    problems += found
    if text is None:
        return None, problems
    if _looks_binary(text):
        return None, (*problems, Problem(path, "binary file, not text (mostly control characters); skipped",
                                         severity="error"))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    first = _CONTROLS.search(text)
    if first is not None:
        count = len(_CONTROLS.findall(text))
        line = text.count("\n", 0, first.start()) + 1
        problems += (Problem(path, f"{count} control character{'s' if count > 1 else ''} removed", line=line),)
        text = _CONTROLS.sub("", text)
    return text, problems
