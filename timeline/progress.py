"""Progress of a build on stderr, and how long each stage took.

On a terminal, a stage with a known amount of work draws one self-updating bar; anywhere
else (a CI log, a pipe) it prints a few plain lines, so logs stay readable. Timings are
for people watching a build: they are printed, never written into the site, so the site
stays a function of its inputs.
"""
from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TextIO

BAR_WIDTH = 28
REDRAW_EVERY = 0.1  # seconds between redraws of a bar
PLAIN_STEPS = 4  # plain lines per stage: at 25 %, 50 % and 75 %; the summary says done
PLAIN_MIN = 200  # smaller stages are over before anyone reads a line about them


@dataclass(frozen=True)
class StageTime:
    name: str
    seconds: float
    count: int | None = None
    note: str = ""


def bar(done: int, total: int, width: int = BAR_WIDTH) -> str:
    """A text bar.

    >>> bar(1, 4, 8)
    '[##......]'
    """
    filled = width * done // total if total else width
    return "[" + "#" * filled + "." * (width - filled) + "]"


class Progress:
    """Stages of a build; ``stream=None`` measures without printing anything."""

    def __init__(
        self,
        stream: TextIO | None = None,
        tty: bool | None = None,
        clock: Callable[[], float] = time.perf_counter,
    ) -> None:
        self.stream = stream
        self.tty = bool(tty if tty is not None else (stream is not None and stream.isatty()))
        self.clock = clock
        self.timings: list[StageTime] = []
        self._notes: dict[str, str] = {}

    @classmethod
    def to_stderr(cls) -> "Progress":
        return cls(sys.stderr)

    def _print(self, text: str, end: str = "\n") -> None:
        if self.stream is not None:
            self.stream.write(text + end)
            self.stream.flush()

    def note(self, stage: str, text: str) -> None:
        """Extra words for a stage's line in the summary (e.g. how many were cached)."""
        self._notes[stage] = text

    @contextmanager
    def stage(self, name: str, total: int | None = None, unit: str = "") -> Iterator[Callable[[int], None]]:
        """Time a stage; the yielded function advances its count by n."""
        started = self.clock()
        done = 0
        last_draw = started
        next_plain = 1

        def advance(n: int = 1) -> None:
            nonlocal done, last_draw, next_plain
            done += n
            if not total or self.stream is None:
                return
            if self.tty:
                now = self.clock()
                if now - last_draw >= REDRAW_EVERY or done >= total:
                    last_draw = now
                    self._print(f"\r{name:<9} {bar(done, total)} {done}/{total} {unit}", end="")
            elif total >= PLAIN_MIN:
                crossed = False
                while next_plain < PLAIN_STEPS and done * PLAIN_STEPS >= total * next_plain:
                    crossed, next_plain = True, next_plain + 1
                if crossed:
                    self._print(f"{name}: {done}/{total} {unit}".rstrip())

        try:
            yield advance
        finally:
            seconds = self.clock() - started
            if total and self.stream is not None and self.tty:
                self._print("\r\x1b[K", end="")  # clear the bar; the summary says the rest
            self.timings.append(StageTime(name, seconds, total if total is not None else None))

    def summary(self) -> str:
        """One line: every stage's time, in the order they ran, and the total."""
        parts = []
        for timing in self.timings:
            extra = [str(timing.count)] if timing.count is not None else []
            if note := self._notes.get(timing.name):
                extra.append(note)
            detail = f" ({', '.join(extra)})" if extra else ""
            parts.append(f"{timing.name} {timing.seconds:.2f}s{detail}")
        total = sum(t.seconds for t in self.timings)
        return f"time: {'; '.join(parts)}; total {total:.2f}s"
