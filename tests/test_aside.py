"""A job run aside, on a forked process, gives what it gives here, and its errors are
raised here."""
from __future__ import annotations

import os

import pytest

from timeline import aside
from timeline.aside import Aside


def test_a_job_aside_gives_its_bytes():
    with Aside(lambda: b"page " * 100_000) as job:  # more than a pipe holds at once
        assert job.result() == b"page " * 100_000


def test_without_fork_the_job_runs_when_its_result_is_asked_for(monkeypatch):
    monkeypatch.setattr(aside, "can_fork", lambda: False)
    ran = []
    with Aside(lambda: ran.append(1) or b"here") as job:
        assert ran == []
        assert job.result() == b"here" and ran == [1]


def test_an_error_aside_is_raised_here():
    def fails() -> bytes:
        raise ValueError("two pages would be written to index.html")
    with Aside(fails) as job, pytest.raises(ValueError, match="two pages"):
        job.result()


def test_a_job_whose_result_is_not_asked_for_is_stopped():
    with Aside(lambda: b"x" * 1_000_000) as job:
        pid = job.pid
    if pid:  # forked: the process is gone, and waited for
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, 0)
    assert job.pid == 0 and job.pipe == -1
