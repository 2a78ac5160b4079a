"""One job run on a forked process while this one goes on with other work.

The job is a pure function of data this process holds (a page of the whole corpus, say):
the forked process inherits the data instead of receiving it, and sends back only the
bytes it makes. Where forking is unsafe (another thread alive) or impossible, or the
forked process fails, the job runs here when its result is asked for, so the result,
or the error, is the same either way.
"""
from __future__ import annotations

import gc
import os
import signal
from collections.abc import Callable

from .fanout import can_fork

NICENESS = 5


class Aside:
    """``job()``, started now on a forked process when possible; ``result()`` waits for
    it. Use as a context manager, so that a forked process whose result is never asked
    for (the build failed meanwhile) is stopped rather than left blocked on its pipe."""

    def __init__(self, job: Callable[[], bytes]) -> None:
        self.job = job
        self.pid = 0
        self.pipe = -1
        if not can_fork():
            return
        read_end, write_end = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            os.close(read_end)
            os.close(write_end)
            return
        if pid == 0:  # the forked process: make, send, and leave without the parent's clean-up
            code = 1
            try:
                gc.disable()  # short-lived: a collection would only walk (and copy) the inherited heap
                # Second to this process and its other children: the job fills time a core
                # would otherwise be idle, rather than taking a share of this one's.
                os.nice(NICENESS)
                os.close(read_end)
                with open(write_end, "wb") as out:
                    out.write(job())
                code = 0
            finally:
                os._exit(code)
        os.close(write_end)
        self.pid, self.pipe = pid, read_end

    def result(self) -> bytes:
        if not self.pid:
            return self.job()
        with open(self.pipe, "rb") as made:
            self.pipe = -1
            data = made.read()
        _, status = os.waitpid(self.pid, 0)
        self.pid = 0
        # Whatever went wrong there (an exception, a signal), done again here: the same
        # bytes, or the error raised where the caller can see it.
        return data if os.waitstatus_to_exitcode(status) == 0 else self.job()

    def __enter__(self) -> Aside:
        return self

    def __exit__(self, *_) -> None:
        if self.pid:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
            self.pid = 0
        if self.pipe >= 0:
            os.close(self.pipe)
            self.pipe = -1
