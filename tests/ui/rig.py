"""A player rig for tests: a fake clock and a timer the test moves, so nothing sleeps."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

from textual.pilot import Pilot

from mindful_tui.core.clock import Clock, FakeClock
from mindful_tui.core.loader import read_script
from mindful_tui.core.timeline import Timeline, compile_script
from mindful_tui.core.timer import Timer
from mindful_tui.core.timinglog import TimingLog
from mindful_tui.ui.app import MindfulApp
from mindful_tui.ui.playback import Playback
from mindful_tui.ui.screens.player import PlayerScreen

DATA = Path(__file__).resolve().parent / "data"


class HeldTimer:
    """A timer that waits until the test says so: ``until`` is the deadline it asked for."""

    def __init__(self) -> None:
        self.until: float | None = None
        self._changed = asyncio.Event()

    async def wait(self, until: float | None) -> None:
        self.until = until
        await self._changed.wait()
        self._changed.clear()

    def interrupt(self) -> None:
        self._changed.set()


@dataclass
class Rig:
    """One app on a fake clock, and the means to move its time."""

    clock: FakeClock = field(default_factory=FakeClock)
    timer: HeldTimer = field(default_factory=HeldTimer)

    def playback(self, log: TimingLog | None = None) -> Playback:
        def make_timer(clock: Clock, speed: float) -> Timer:
            return self.timer

        return Playback(clock=self.clock, make_timer=make_timer, log=log)

    def app(self, timeline: Timeline | None = None, log: TimingLog | None = None) -> MindfulApp:
        return MindfulApp(timeline, self.playback(log))

    async def advance(self, pilot: Pilot[None], seconds: float) -> None:
        """Let ``seconds`` of session time pass, and the app catch up with it."""
        self.clock.advance(seconds)
        await self.settle(pilot)

    async def settle(self, pilot: Pilot[None]) -> None:
        """Wake the conductor and wait until the screen shows where the session is."""
        self.timer.interrupt()
        for _ in range(3):
            await pilot.pause()
        screen = pilot.app.screen
        if isinstance(screen, PlayerScreen):
            screen.update_progress()
        await pilot.pause()


def script(name: str, minutes: float | None = None) -> Timeline:
    """A timeline from ``tests/ui/data/NAME.yaml``."""
    loaded, problems = read_script(DATA / f"{name}.yaml", frozenset({"bell", "bowl"}))
    assert loaded is not None, problems
    if minutes is not None:
        from mindful_tui.core.lengths import fit_to_minutes

        loaded = fit_to_minutes(loaded, Fraction(minutes))
    return compile_script(loaded)


def state(screen: PlayerScreen) -> str:
    """The session's state (a call, so that type checkers do not pin it down)."""
    return screen.session.state


def top(app: MindfulApp) -> object:
    """The screen on top (a call, so that type checkers do not pin it down)."""
    return app.screen
