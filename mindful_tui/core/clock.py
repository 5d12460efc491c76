"""Clocks the session engine reads: the real monotonic one, and one tests move by hand."""

from __future__ import annotations

import time
from typing import Protocol


class Clock(Protocol):
    """Something that tells the time in seconds, never going backwards."""

    def now(self) -> float:
        """The current time in seconds on this clock."""
        ...


class MonotonicClock:
    """The real clock: ``time.monotonic``, optionally running ``speed`` times faster."""

    def __init__(self, speed: float = 1.0) -> None:
        self.speed = speed

    def now(self) -> float:
        return time.monotonic() * self.speed


class FakeClock:
    """A clock that moves only when told to: tests advance it instead of sleeping."""

    def __init__(self, start: float = 1000.0) -> None:
        self.time = start

    def now(self) -> float:
        return self.time

    def advance(self, seconds: float) -> None:
        """Move the clock forward."""
        if seconds < 0:
            raise ValueError("a clock does not go backwards")
        self.time += seconds

    def set(self, time_: float) -> None:
        """Move the clock forward to ``time_``."""
        self.advance(time_ - self.time)
