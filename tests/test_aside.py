"""A job run aside, on a forked process, gives what it gives here, waits for what it is
sent, and its errors are raised here."""
from __future__ import annotations

import os
import time

import pytest

from timeline import aside
from timeline.aside import Aside


def test_a_job_aside_gives_its_bytes():
    with Aside(lambda given: [b"page "] * 500_000) as job:  # more than a pipe holds at once
        assert job.result() == b"page " * 500_000


def test_a_job_aside_waits_for_what_it_is_sent():
    with Aside(lambda given: [given()[::-1]] * 3, room=10) as job:
        job.send(b"abc")
        assert job.result() == b"cbacbacba"


@pytest.mark.parametrize("fork", [True, False])  # no fork possible, or none asked for
def test_without_fork_the_job_runs_when_its_result_is_asked_for(monkeypatch, fork):
    if fork:
        monkeypatch.setattr(aside, "can_fork", lambda: False)
    ran = []
    with Aside(lambda given: ran.append(1) or [given(), b" here"], room=4, fork=fork) as job:
        job.send(b"made")
        assert ran == []
        assert job.result() == b"made here" and ran == [1]


def test_an_error_aside_is_raised_here():
    def fails(given) -> bytes:
        raise ValueError("two pages would be written to index.html")
    with Aside(fails) as job, pytest.raises(ValueError, match="two pages"):
        job.result()


def test_a_job_whose_result_is_not_asked_for_is_stopped():
    with Aside(lambda given: [given() * 1_000_000], room=1) as job:
        pid = job.pid  # waiting for what it is never sent
    if pid:  # forked: the process is gone, and waited for
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, 0)
    assert job.pid == 0 and job.pipes == []


def test_sending_to_a_job_that_failed_already_is_no_error():
    def fails(given) -> list[bytes]:
        raise ValueError("failed before it was sent anything")
    with Aside(fails, room=4) as job:
        time.sleep(0.2)  # for it to fail first, where it was forked
        job.send(b"late")
        with pytest.raises(ValueError, match="failed before"):
            job.result()
