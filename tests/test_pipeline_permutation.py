"""The timeline from the seeds does not depend on the order the articles are read in."""
import itertools
from pathlib import Path

from timeline.articles import process_article
from timeline.pipeline import assemble_events, date_articles, gather_sources

SEEDS = Path(__file__).resolve().parents[1] / "tests" / "golden" / "seeds"


def timeline(order):
    sources, _ = gather_sources(SEEDS)
    results, _ = date_articles(tuple(process_article(sources[i]) for i in order))
    events, _ = assemble_events(results)
    return [(e.id, e.title, e.when, e.depends_on, e.rank) for e in events]


def test_permuting_the_articles_gives_the_same_timeline():
    count = len(gather_sources(SEEDS)[0])
    first = timeline(range(count))
    assert all(timeline(order) == first for order in itertools.permutations(range(count)))
