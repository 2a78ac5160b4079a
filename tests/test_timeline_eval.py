"""eval-timeline: Date-F1 and merge scoring."""
import os
from datetime import date
from pathlib import Path

import pytest

from timeline.records import Event, Mention, When
from timeline.timeline_eval import date_f1, run

SHARED = Path(os.environ.get("TIMELINE_SHARED", Path(__file__).resolve().parents[1].parent / "shared"))


def dated(eid, day, rank):
    d = date.fromisoformat(day)
    return Event(id=eid, title=eid, when=When(day, d, d, "day"), mentions=(Mention("a", "t", 0, 1),), rank=rank)


def test_date_f1_takes_the_top_k_distinct_days_inside_the_reference_range():
    events = (dated("a", "2020-01-02", 1), dated("b", "2020-01-02", 2), dated("c", "2019-05-05", 3), dated("d", "2020-01-09", 4))
    precision, recall, f1, k = date_f1(events, {"2020-01-02", "2020-01-05"})
    assert k == 2 and precision == 1.0 and recall == 0.5 and round(f1, 3) == 0.667


@pytest.mark.skipif(not (SHARED / "data" / "wikinews-timelines").is_dir(), reason="shared reference data not available")
def test_eval_runs_on_a_wikinews_corpus(capsys):
    corpus = SHARED / "data" / "wikinews-timelines" / "corpus_1"

    class Args:
        seeds_dir, reference = corpus / "articles", corpus / "timelines.jsonl"
    assert run(Args) == 0
    assert "Date-F1" in capsys.readouterr().out
