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
from mindful_tui.sound.board import SoundBoard, SoundOptions
from mindful_tui.sound.clip import Clip
from mindful_tui.sound.mixer import Mixer
from mindful_tui.ui.app import MindfulApp
from mindful_tui.ui.playback import Playback
from mindful_tui.ui.screens.player import PlayerScreen

DATA = Path(__file__).resolve().parent / "data"


@dataclass
class RecordingOutput:
    """A sound output that records what it was asked to play, and plays nothing."""

    problem: str | None = None
    played: list[Clip] = field(default_factory=list)

    def play(self, clip: Clip) -> float | None:
        self.played.append(clip)
        return 0.0

    def stop(self) -> None:
        pass


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
    output: RecordingOutput = field(default_factory=lambda: RecordingOutput())
    sound_board: SoundBoard | None = None

    def playback(self, log: TimingLog | None = None) -> Playback:
        def make_timer(clock: Clock, speed: float) -> Timer:
            return self.timer

        return Playback(clock=self.clock, make_timer=make_timer, log=log, board=self.board)

    def board(self, timeline: Timeline) -> SoundBoard:
        """A sound board with no voice engine and an output that only records."""
        self.sound_board = SoundBoard(
            timeline, SoundOptions(voice=False), mixer=Mixer(self.output, now=self.clock.now)
        )
        return self.sound_board

    def app(self, timeline: Timeline | None = None, log: TimingLog | None = None) -> MindfulApp:
        return MindfulApp(timeline, self.playback(log))

    async def advance(self, pilot: Pilot[None], seconds: float) -> None:
        """Let ``seconds`` of session time pass, and the app catch up with it.

        Time passes as it would for real: from one wake of the conductor to the next.
        One leap far past a wake is what a laptop's sleep looks like, and the conductor
        takes such a gap out of the session as a pause.
        """
        await self.started(pilot)
        target = self.clock.now() + seconds
        while (until := self.timer.until) is not None and self.clock.now() < until < target:
            self.clock.set(until)
            await self.settle(pilot)
        self.clock.set(max(target, self.clock.now()))
        await self.settle(pilot)

    async def started(self, pilot: Pilot[None]) -> None:
        """Wait until the player has its sound ready and the session has started."""
        screen = pilot.app.screen
        if isinstance(screen, PlayerScreen):
            # Sounds are decoded on a thread before the session starts: real work, no sleep.
            await asyncio.wait_for(screen.prepared.wait(), timeout=10)
            # A session with sound starts a moment (``LEAD``) after it is ready, so that
            # its first sounds can be started ahead: let that moment pass, so that tests
            # count session time from the first cue.
            session = screen.session
            wake = session.next_wake()
            first = [due.index for due in session.upcoming()[:1]] == [0]
            if first and wake is not None and wake > self.clock.now():
                self.clock.set(wake)
                self.timer.interrupt()
                for _ in range(3):
                    await pilot.pause()

    async def settle(self, pilot: Pilot[None]) -> None:
        """Wake the conductor and wait until the screen shows where the session is."""
        await self.started(pilot)
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
