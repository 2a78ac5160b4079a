"""Guards at the edges of the build: which links may be followed, where a site may go.

Everything an article provides is untrusted. Text is escaped by the templates; the two
things escaping cannot make safe are a link target (``javascript:`` survives escaping)
and the output folder (the writer replaces it wholesale), so both are checked here.
"""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

LINK_SCHEMES = ("http", "https")
# Whitespace or control characters inside a URL are how scheme checks are fooled
# ("java\tscript:"); quotes and angle brackets are how attributes are broken out of. A
# real address has them percent-encoded (RFC 3986), so an address holding one is refused.
_UNSAFE_IN_URL = re.compile(r"[\x00-\x20\x7f-\x9f\u2028\u2029\"<>\\^`{|}]")
# A folder holding one of these is a project, not a site: replacing it would lose work.
PROJECT_MARKERS = (".git", "pyproject.toml", "setup.py", "build.py", ".hg", ".svn")
# Every site this tool writes carries these; a folder without them was not made by it.
SITE_MARKERS = ("events.json", ".nojekyll")


def safe_url(value: str | None) -> str | None:
    """``value`` when it is an absolute http(s) address, else None.

    >>> safe_url("https://example.org/a?b=1")
    'https://example.org/a?b=1'
    >>> safe_url("javascript:alert(1)") is None, safe_url("//evil.example") is None
    (True, True)
    >>> safe_url("https://exa mple.org") is None
    True
    """
    if not value or _UNSAFE_IN_URL.search(value):
        return None
    try:
        parts = urlsplit(value)
    except ValueError:  # a malformed IPv6 host, for one
        return None
    if parts.scheme.lower() not in LINK_SCHEMES or not parts.netloc:
        return None
    return value


def _resolved(path: Path) -> Path:
    return path.expanduser().resolve()


def output_folder_problem(out: Path, seeds: Path, home: Path | None = None) -> str | None:
    """Why the site must not be written to ``out``, or None when it may.

    The writer makes ``out`` hold exactly the site, removing whatever else was there, so
    a mistyped ``--out`` could otherwise wipe the articles, the project or a home folder.
    """
    target, source = _resolved(out), _resolved(seeds)
    home = _resolved(home or Path.home())
    if target == Path(target.anchor):
        return f"--out {out} is the root of the file system"
    if target == home:
        return f"--out {out} is the home folder"
    if target == source or source.is_relative_to(target):
        return f"--out {out} would replace the seeds folder {seeds}"
    if target.is_relative_to(source):
        return f"--out {out} is inside the seeds folder {seeds}; the site would be read as articles"
    if target.exists() and not target.is_dir():
        return f"--out {out} exists and is not a folder"
    markers = [name for name in PROJECT_MARKERS if (target / name).exists()]
    if markers:
        return f"--out {out} looks like a project folder (it holds {markers[0]}), not a site"
    if target.is_dir() and any(target.iterdir()) and not any((target / n).exists() for n in SITE_MARKERS):
        return f"--out {out} is a folder with other files in it, not a site built here; use a new or empty folder"
    return None


# Markdown parsers nest one level per list marker at the start of a line (so a line of
# a thousand "- " overflows the stack), rescan the rest of a paragraph from each "[" for
# its link, and rebuild a paragraph's text once per inline match (emphasis, code, an
# escape). Within these limits all three stay linear in the article's length; past them
# markers are escaped (shown as typed) and long paragraphs are parsed in pieces.
MAX_BLOCK_MARKERS = 8
MAX_BRACKET_WORK = 2_000_000  # "[" count times paragraph length: far above real prose
MAX_PARAGRAPH = 8192  # characters parsed as one paragraph; real ones are a tenth of it
_BLOCK_MARKERS = re.compile(r"^[ \t]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+){%d,}" % (MAX_BLOCK_MARKERS + 1), re.M)
_BRACKETS = re.compile(r"[\[\]\\]")  # with backslashes, so "\\[" cannot undo the escape


def _escape_first_marker(match: re.Match) -> str:
    text = match.group()
    start = len(text) - len(text.lstrip(" \t"))
    marker = re.match(r"\d{1,9}[.)]|[-*+]", text[start:]).group()
    return f"{text[:start]}{marker[:-1]}\\{marker[-1]}{text[start + len(marker):]}"


def _tame_paragraph(paragraph: str) -> str:
    if paragraph.count("[") * len(paragraph) <= MAX_BRACKET_WORK:
        return paragraph
    return _BRACKETS.sub(lambda m: "\\" + m.group(), paragraph)


def _pieces(paragraph: str, keep: tuple[str, str] | None) -> list[str]:
    """``paragraph`` cut into pieces of at most MAX_PARAGRAPH, at spaces where it can be.

    ``keep`` is an opening and closing character that must stay in one piece with what
    lies between them (the caller's placeholders).
    """
    pieces: list[str] = []
    start = 0
    while len(paragraph) - start > MAX_PARAGRAPH:
        end = start + MAX_PARAGRAPH
        cut = paragraph.rfind(" ", start + MAX_PARAGRAPH // 2, end)
        if cut < 0:
            cut = end
            opened = paragraph.rfind(keep[0], start, cut) if keep else -1
            if opened > start and opened > paragraph.rfind(keep[1], start, cut):
                cut = opened
        pieces.append(paragraph[start:cut])
        start = cut + 1 if paragraph[cut:cut + 1] == " " else cut
    pieces.append(paragraph[start:])
    return [piece for piece in pieces if piece]


def tame_markdown(source: str, keep: tuple[str, str] | None = None) -> str:
    """``source`` with what would make a Markdown parser recurse or rescan defused.

    >>> tame_markdown("- " * 10 + "x")
    '\\\\- - - - - - - - - - x'
    >>> tame_markdown("A [link](https://example.org) and 1. a list")
    'A [link](https://example.org) and 1. a list'
    """
    source = _BLOCK_MARKERS.sub(_escape_first_marker, source)
    return "\n\n".join(_tame_paragraph(piece) for paragraph in source.split("\n\n")
                       for piece in _pieces(paragraph, keep))
