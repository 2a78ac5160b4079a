"""What a build carries over from the last one, and leaves for the next.

Read while an added article is still being tagged on another process: the output as it
is, the pages and rendered fragments the last build left in the cache, and the event
identities of the lock file. Left for the next build: what a rebuild that finds nothing
changed returns of this one.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from . import lastbuild
from .cache import Cache, inputs_digest, load_fragments, load_pages, tree_fingerprint, write_atomic
from .records import Problem
from .registry import Registry
from .registry import load as load_registry
from .site import SiteOptions
from .write import scan


def store_records(cache: Cache | None, inputs: str, articles: int, events: int, problems: tuple[Problem, ...]) -> bool:
    """Store what a rebuild that finds nothing changed returns of this build, with its
    counts of ``articles`` and ``events`` (``lastbuild``); whether it was stored."""
    if cache is None:
        return False
    try:
        write_atomic(cache.site_result(), lastbuild.encode(inputs, articles, events, problems))
    except OSError:
        return False  # a read-only or full disk costs speed: the next build builds again
    return True


@dataclass(frozen=True)
class Prepared:
    """What the corpus stages and rendering start from besides this build's records (none
    of it changes while the records are made)."""

    registry: Registry  # the lock file's event identities
    pages: dict  # see load_pages
    current: dict  # see write.scan
    fragments: Mapping[str, str | bytes] | None
    salt: str


def scan_output(out: Path, cache: Cache | None) -> tuple[tuple[str, ...], tuple[bool, ...]]:
    """Every file in ``out``, in ``write.scan``'s order, and whether each is still as the
    last build left it: a stat call for every file of the site, made on another process
    (``aside.forked``) while this one loads the cached results, so that only names and
    flags come back."""
    current = _scan(out, load_pages(cache, out) if cache is not None else {})
    return tuple(current), tuple(record is not None for record in current.values())


def _scan(out: Path, pages: dict) -> dict:
    """``write.scan`` of ``out`` against the file records of ``pages`` (``load_pages``)."""
    return scan(out, {path: record for path, (_, record) in pages.items()})


def prepare(cache: Cache | None, lock: Path | None, out: Path, templates: Path, options: SiteOptions, fingerprint: str,
            scanned: Callable[[], tuple[tuple[str, ...], tuple[bool, ...]]] | None = None) -> Prepared:
    """``scanned``, when given, gives ``scan_output(out, cache)`` as worked out elsewhere.
    Also imports the corpus stages and the renderer: done while an added article is
    tagged elsewhere."""
    from . import graph, infer, merge, render  # noqa: F401

    pages = load_pages(cache, out) if cache is not None else {}
    if scanned is None:
        current = _scan(out, pages)
    else:
        names, intact = scanned()
        current = {name: pages[name][1] if same and name in pages else None for name, same in zip(names, intact)}
    fragments = load_fragments(cache) if cache is not None else None
    salt = inputs_digest([fingerprint, tree_fingerprint(templates), repr(options)])
    return Prepared(load_registry(lock), pages, current, fragments, salt)
