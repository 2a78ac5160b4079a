"""One job run on a forked process while this one goes on with other work.

The job is a pure function of data this process holds (the pages of the whole corpus,
say): the forked process inherits the data instead of receiving it, and sends back only
the bytes it makes. It can also wait for a few bytes this process works out meanwhile
(``send``): they go through memory the two share, so sending never waits for the job.
Where forking is unsafe (another thread alive) or impossible, or the forked process
fails, the job runs here when its result is asked for, so the result, or the error, is
the same either way. ``forked`` is the same for a job that gives one value (pickled
across), rather than bytes.
"""
from __future__ import annotations

import gc
import io
import mmap
import os
import pickle
import signal
import struct
from collections.abc import Callable, Sequence
from typing import BinaryIO, TypeVar

from .fanout import can_fork

_LENGTH = struct.Struct("<Q")
_NOTHING = object()
T = TypeVar("T")


class Aside:
    """``job(given)``, started now on a forked process when ``fork`` and possible; it
    returns the bytes it makes in parts, written one after the other. ``given()`` is what
    ``send`` sends (at most ``room`` bytes), waited for. ``result()`` waits for the job.

    Use as a context manager, so that a forked process whose result is never asked for
    (the build failed meanwhile) is stopped rather than left blocked on its pipe.
    """

    def __init__(self, job: Callable[[Callable[[], bytes]], Sequence[bytes]], room: int = 0, fork: bool = True) -> None:
        self.job = job
        self.sent: bytes | None = None
        self.pid = 0
        self.pipes: list[int] = []
        self.shared: mmap.mmap | None = None
        if not (fork and can_fork()):
            return
        shared = mmap.mmap(-1, _LENGTH.size + room)  # anonymous and shared with the forked process
        ready_read, ready_write = os.pipe()
        result_read, result_write = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            for end in (ready_read, ready_write, result_read, result_write):
                os.close(end)
            shared.close()
            return
        if pid == 0:  # the forked process: make, send, and leave without the parent's clean-up
            code = 1
            try:
                gc.disable()  # short-lived: a collection would only walk (and copy) the inherited heap
                os.close(ready_write)
                os.close(result_read)

                def given() -> bytes:
                    if not os.read(ready_read, 1):
                        raise EOFError("nothing was sent")
                    size, = _LENGTH.unpack_from(shared)
                    return shared[_LENGTH.size:_LENGTH.size + size]
                made = job(given)
                _widen(result_write)
                with open(result_write, "wb") as out:
                    for part in made:
                        out.write(part)
                code = 0
            finally:
                os._exit(code)
        os.close(ready_read)
        os.close(result_write)
        _widen(result_read)
        self.pid, self.shared, self.ready, self.pipes = pid, shared, ready_write, [ready_write, result_read]

    def send(self, data: bytes) -> None:
        self.sent = data
        if self.pid:
            _LENGTH.pack_into(self.shared, 0, len(data))
            self.shared[_LENGTH.size:_LENGTH.size + len(data)] = data
            try:
                os.write(self.ready, b"!")
            except BrokenPipeError:  # the forked process failed already: result() does the job here
                pass

    def result(self, read: Callable[[BinaryIO], T] = lambda stream: stream.read()) -> T:
        """``read(stream)`` of the job's bytes (by default, all of them): on a forked
        process, read as they come; here, from memory."""
        if self.pid:
            made: object = _NOTHING
            with open(self.pipes[1], "rb", closefd=False) as stream:
                try:
                    made = read(stream)
                except Exception:  # cut short: the forked process failed, as its status says
                    pass
                stream.read()  # whatever is left, so that the forked process can finish
            _, status = os.waitpid(self.pid, 0)
            self.pid = 0
            self._close()
            if made is not _NOTHING and os.waitstatus_to_exitcode(status) == 0:
                return made  # type: ignore[return-value]
        # Not forked, or whatever went wrong there (an exception, a signal): done again
        # here, for the same bytes or the error raised where the caller sees it.
        return read(io.BytesIO(b"".join(self.job(self._given))))

    def _given(self) -> bytes:
        if self.sent is None:
            raise EOFError("nothing was sent")
        return self.sent

    def _close(self) -> None:
        for end in self.pipes:
            os.close(end)
        self.pipes = []
        if self.shared is not None:
            self.shared.close()
            self.shared = None

    def __enter__(self) -> Aside:
        return self

    def __exit__(self, *_) -> None:
        if self.pid:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
            self.pid = 0
        self._close()


def forked(compute: Callable[[], T]) -> Callable[[], T]:
    """``compute()``, worked out on a forked process while this one goes on (``Aside``).

    Returns a function that gives its value: read from that process, or worked out here
    when forking is not safe or fails, or when the process did not finish (its error,
    if it has one, is then raised here, where it belongs). Call it once, always: the
    process waits for its value to be read before it ends.
    """
    job = Aside(lambda given: [pickle.dumps(compute(), protocol=pickle.HIGHEST_PROTOCOL)])
    return lambda: job.result(pickle.load)


def _widen(pipe: int) -> None:
    """A pipe that holds a megabyte rather than 64 kB, where the system allows: tens of
    megabytes pass in fewer turns between the two processes."""
    try:
        import fcntl
        fcntl.fcntl(pipe, fcntl.F_SETPIPE_SZ, 1 << 20)
    except (ImportError, AttributeError, OSError):
        pass
