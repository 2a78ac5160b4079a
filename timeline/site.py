"""What a site is made from: its data and its options.

Apart from the renderer so that a rebuild that finds nothing changed can compare its
inputs without loading the templates engine.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .records import Article, Event, Problem, Timex

DEFAULT_TEMPLATES = Path(__file__).resolve().parent.parent / "site_templates"


@dataclass(frozen=True)
class SiteData:
    articles: tuple[Article, ...]
    events: tuple[Event, ...]
    problems: tuple[Problem, ...] = ()
    timexes: dict[str, tuple[Timex, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class SiteOptions:
    templates: Path = DEFAULT_TEMPLATES
    base_url: str | None = None
    title: str = "Timeline"
    key_events: int = 10  # how many of the top-ranked events the key events page shows
    source_date_epoch: str | None = None  # None: read SOURCE_DATE_EPOCH from the environment
