"""Links between the pages of a site, relative to the linking page so that the site
works from any subpath (GitHub Pages project sites, a local server, the file system)."""
from __future__ import annotations

import posixpath
from collections.abc import Callable


def relative(from_page: str, target: str) -> str:
    """The link from one site page to another, relative so any subpath works.

    >>> relative("events/a.html", "index.html")
    '../index.html'
    >>> relative("index.html", "events/a.html")
    'events/a.html'
    """
    return linker(from_page)(target)


def linker(page_path: str) -> Callable[[str], str]:
    """The ``link`` of a page: a link depends only on the folder a page is in, so all the
    pages of a folder share one function and one memo of the few dozen places they link to."""
    folder = page_path[: page_path.rfind("/") + 1]  # "" for a page at the top
    if not folder:
        return _from_top
    found = _LINKERS.get(folder)
    if found is None:
        memo: dict[str, str] = {}

        def found(target: str) -> str:
            link = memo.get(target)
            if link is None:
                link = memo[target] = _relative(folder, target)
            return link
        _LINKERS[folder] = found
    return found


_LINKERS: dict[str, Callable[[str], str]] = {}


# Path parts that a plain walk up and down the folders would get wrong.
_UNUSUAL = frozenset(("", ".", ".."))


def _from_top(target: str) -> str:
    """A link from a page at the top of the site: the target's own path, but for one that
    a plain walk would get wrong. Not memoised: the pages at the top (the lists, the
    graph) link to each event once."""
    if target.startswith("/") or not _UNUSUAL.isdisjoint(target.split("/")):
        return _relative("", target)
    return target


def _relative(from_page: str, target: str) -> str:
    start = from_page.split("/")[:-1]
    parts = target.split("/")
    if target.startswith("/") or not _UNUSUAL.isdisjoint(start) or not _UNUSUAL.isdisjoint(parts):
        return posixpath.relpath(target, posixpath.dirname(from_page) or ".")
    common = 0
    while common < len(start) and common < len(parts) and start[common] == parts[common]:
        common += 1
    if common == len(parts):  # the target is a folder the page is in
        return posixpath.relpath(target, posixpath.dirname(from_page) or ".")
    return "/".join([".."] * (len(start) - common) + parts[common:])
