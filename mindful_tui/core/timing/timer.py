"""Waiting until a clock time: the real asyncio timer, and the fake one tests use.

The real timer converts the session clock's deadline to the event loop's own clock and
wakes with ``loop.call_at``; each wait is computed afresh from the session's origin, so
nothing accumulates. A wait ends early when something changed (pause, skip, quit).
"""

from __future__ import annotations

import asyncio
from typing import Protocol

from mindful_tui.core.timing.clock import Clock, FakeClock, to_real


class Timer(Protocol):
    """Waits until a time on the session clock, or until interrupted."""

    async def wait(self, until: float | None) -> None:
        """Return at clock time ``until`` (None: only when interrupted), or earlier if
        ``interrupt`` is called."""
        ...

    def interrupt(self) -> None:
        """End the current (or next) wait now."""
        ...


class AsyncTimer:
    """The real timer, for a session clock however fast it runs (``Clock.speed``)."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self._changed = asyncio.Event()

    async def wait(self, until: float | None) -> None:
        loop = asyncio.get_running_loop()
        handle = None
        if until is not None:
            deadline = loop.time() + to_real(self.clock, until - self.clock.now())
            handle = loop.call_at(deadline, self._changed.set)
        try:
            await self._changed.wait()
        finally:
            if handle is not None:
                handle.cancel()
            self._changed.clear()

    def interrupt(self) -> None:
        self._changed.set()


class FakeTimer:
    """A timer over a ``FakeClock``: a wait moves the clock straight to its deadline."""

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self._changed = asyncio.Event()
        self.waits: list[float | None] = []

    async def wait(self, until: float | None) -> None:
        self.waits.append(until)
        if until is not None and not self._changed.is_set():
            self.clock.set(max(until, self.clock.now()))
            await asyncio.sleep(0)
        else:
            await self._changed.wait()
        self._changed.clear()

    def interrupt(self) -> None:
        self._changed.set()
