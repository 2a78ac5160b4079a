"""Records amended without going through ``__init__`` are the records ``replace`` makes."""
from __future__ import annotations

import pickle
from dataclasses import replace
from datetime import date

import pytest

from timeline.records import Event, Mention, When, amended


def test_an_amended_record_is_replace_made_and_pickles_the_same():
    event = Event("e", "T", When("2025", date(2025, 1, 1), date(2025, 12, 31), "year"), (Mention("a", "t", 0, 1),))
    for changes in ({"rank": 3}, {"depends_on": ("x",), "rank": 1}, {}):
        made = amended(event, **changes)
        assert made == replace(event, **changes) and made is not event
        assert pickle.dumps(made, protocol=5) == pickle.dumps(replace(event, **changes), protocol=5)
        assert list(vars(made)) == list(vars(event))  # fields in their order
    assert event.rank == 0  # the original as it was
    with pytest.raises(TypeError):
        amended(event, colour="red")
    with pytest.raises(AttributeError):
        amended(event, rank=2).rank = 5  # still frozen
