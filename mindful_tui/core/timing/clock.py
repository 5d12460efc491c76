"""Clocks the session engine reads: the real monotonic one, and one tests move by hand.

A session's clock is the one place that knows how fast the session runs against real
time (``--speed`` previews): everything that turns session seconds into real seconds
(a timer's wait, a redraw, a sound started on the real clock) asks the clock.
"""

from __future__ import annotations

import time
from typing import Protocol


class Clock(Protocol):
    """Something that tells the time in seconds, never going backwards."""

    speed: float
    """How many of this clock's seconds pass in a real second."""

    def now(self) -> float:
        """The current time in seconds on this clock."""
        ...


def to_real(clock: Clock, seconds: float) -> float:
    """``seconds`` on ``clock`` (a span, or a time) in real seconds."""
    return seconds / clock.speed


def from_real(clock: Clock, seconds: float) -> float:
    """Real ``seconds`` (a span, or a time) on ``clock``."""
    return seconds * clock.speed


class MonotonicClock:
    """The real clock: ``time.monotonic``, optionally running ``speed`` times faster."""

    def __init__(self, speed: float = 1.0) -> None:
        self.speed = speed

    def now(self) -> float:
        return time.monotonic() * self.speed


class FakeClock:
    """A clock that moves only when told to: tests advance it instead of sleeping."""

    def __init__(self, start: float = 1000.0, speed: float = 1.0) -> None:
        self.time = start
        self.speed = speed

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
