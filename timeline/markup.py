"""Article text as safe HTML: Markdown with date expressions highlighted.

Articles are untrusted. Raw HTML in the text is not passed through (it shows as text),
only ``http``/``https`` URLs become links, images are shown as their alternative text
(the site never loads anything from another host), and only a short list of elements and
attributes can reach the page. Date expressions are marked before the Markdown is parsed,
by placeholders that cannot occur in the text, and become elements of the parsed tree, so
the serializer escapes them like everything else.

>>> html = article_html("Hello <script>alert(1)</script> on *Tuesday*.", [Highlight(36, 43, "Tuesday", "2025-11-25", "e.html")])
>>> print(html)
<p>Hello &lt;script&gt;alert(1)&lt;/script&gt; on <em><a class="timex" href="e.html" id="t36" title="2025-11-25">Tuesday</a></em>.</p>
"""
from __future__ import annotations

import re
import threading
import xml.etree.ElementTree as etree
from dataclasses import dataclass

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

from .safety import tame_markdown

OPEN, CLOSE = "\ue000", "\ue001"
TOKEN = re.compile(f"{OPEN}(\\d+){CLOSE}")
# Characters with a meaning to the placeholders (ours and the Markdown parser's) are
# replaced one for one, so every offset into the text stays valid.
RESERVED = str.maketrans({OPEN: "\ufffd", CLOSE: "\ufffd", "\x02": "\ufffd", "\x03": "\ufffd"})
SAFE_URL = re.compile(r"https?://[^\s\x00-\x1f\x7f\"'<>\\]+", re.IGNORECASE)

ALLOWED = {
    "p": (), "br": (), "hr": (), "em": (), "strong": (), "code": (), "pre": (),
    "blockquote": (), "ul": (), "ol": (), "li": (), "h2": (), "h3": (), "h4": (),
    "h5": (), "h6": (), "a": ("href", "title", "rel"), "span": ("class",),
    "mark": ("class", "id", "title"),
}


@dataclass(frozen=True)
class Highlight:
    """A date expression at ``start``..``end`` of the text, linked to ``href`` if given."""

    start: int
    end: int
    text: str
    title: str
    href: str | None = None


def safe_url(url: str | None) -> str | None:
    """The URL if it is an absolute http(s) URL a reader can follow, else None.

    >>> safe_url("https://example.org/a?b=1"), safe_url("javascript:alert(1)"), safe_url("java\\tscript:x")
    ('https://example.org/a?b=1', None, None)
    """
    if url is None:
        return None
    url = url.strip()
    return url if SAFE_URL.fullmatch(url) else None


class _Sanitize(Treeprocessor):
    def __init__(self, md: markdown.Markdown, highlights: list[Highlight]):
        super().__init__(md)
        self.highlights = highlights

    def run(self, root: etree.Element) -> None:
        self._clean(root, inside_link=False)

    def _clean(self, element: etree.Element, inside_link: bool) -> None:
        children: list[etree.Element] = []
        head, made = self._split(element.text, inside_link)
        element.text = head
        children += made
        for child in list(element):
            self._element(child)
            self._clean(child, inside_link or child.tag == "a")
            tail, made = self._split(child.tail, inside_link)
            child.tail = tail
            children.append(child)
            children += made
        element[:] = children
        for name, value in list(element.attrib.items()):
            element.set(name, TOKEN.sub(lambda m: self.highlights[int(m.group(1))].text, value))

    def _element(self, element: etree.Element) -> None:
        """Bring one element within the allowed elements and attributes."""
        tag = element.tag
        if tag in ("h1", "h2", "h3", "h4", "h5"):
            element.tag = f"h{int(tag[1]) + 1}"  # the page's own title is its only h1
        elif tag == "img":
            alt = element.get("alt") or "image"
            element.attrib.clear()
            element.tag = "span"
            element.set("class", "image-alt")
            element.text = f"[{alt}]"
        elif tag == "a":
            href = safe_url(element.get("href"))
            title = element.get("title")
            element.attrib.clear()
            if href is None:
                element.tag = "span"
            else:
                element.set("href", href)
                element.set("rel", "nofollow noopener noreferrer")
                if title:
                    element.set("title", title)
        elif tag not in ALLOWED:
            element.tag = "span"
            element.attrib.clear()
        allowed = ALLOWED.get(element.tag, ())
        for name in [n for n in element.attrib if n not in allowed]:
            del element.attrib[name]

    def _split(self, text: str | None, inside_link: bool) -> tuple[str | None, list[etree.Element]]:
        if not text or OPEN not in text:
            return text, []
        parts = TOKEN.split(text)
        made: list[etree.Element] = []
        for index in range(1, len(parts), 2):
            highlight = self.highlights[int(parts[index])]
            linked = highlight.href is not None and not inside_link
            node = etree.Element("a" if linked else "mark")
            node.set("class", "timex")
            node.set("id", f"t{highlight.start}")
            node.set("title", highlight.title)
            if linked:
                node.set("href", highlight.href)
            node.text = highlight.text
            node.tail = parts[index + 1]
            made.append(node)
        return parts[0], made


class _Extension(Extension):
    def __init__(self) -> None:
        super().__init__()
        self.sanitize: _Sanitize | None = None

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (the library's name)
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        # after the inline patterns (20), before the escapes are restored (0)
        self.sanitize = _Sanitize(md, [])
        md.treeprocessors.register(self.sanitize, "timeline-sanitize", 5)


# Setting up a parser costs as much as converting an article, so each thread keeps one
# and resets it after every conversion (a parser holds the state of one at a time).
_PARSERS = threading.local()


def _parser() -> tuple[markdown.Markdown, _Sanitize]:
    found = getattr(_PARSERS, "parser", None)
    if found is None:
        extension = _Extension()
        md = markdown.Markdown(extensions=[extension], output_format="html")
        assert extension.sanitize is not None
        found = _PARSERS.parser = (md, extension.sanitize)
    return found


def article_html(text: str, highlights: list[Highlight] | tuple[Highlight, ...]) -> Markup:
    """The article text as HTML, each highlight wrapped in a link or a mark."""
    text = text.translate(RESERVED)
    kept: list[Highlight] = []
    pieces: list[str] = []
    cursor = 0
    for highlight in sorted(highlights, key=lambda h: (h.start, h.end)):
        if highlight.start < cursor or highlight.end > len(text) or highlight.start >= highlight.end:
            continue
        pieces.append(text[cursor:highlight.start])
        pieces.append(f"{OPEN}{len(kept)}{CLOSE}")
        kept.append(highlight)
        cursor = highlight.end
    pieces.append(text[cursor:])
    md, sanitize = _parser()
    sanitize.highlights = kept
    try:
        return Markup(md.convert(tame_markdown("".join(pieces), keep=(OPEN, CLOSE))))
    finally:
        sanitize.highlights = []
        md.reset()
