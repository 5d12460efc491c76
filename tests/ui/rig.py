"""A player rig for tests: a fake clock and a timer the test moves, so nothing sleeps."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from textual.pilot import Pilot

from mindful_tui.core.script.loader import read_script
from mindful_tui.core.script.model import Script
from mindful_tui.core.storage.user_settings import Settings
from mindful_tui.core.timing.clock import Clock, FakeClock
from mindful_tui.core.timing.timer import Timer
from mindful_tui.core.timing.timinglog import TimingLog
from mindful_tui.session.awake import Mode
from mindful_tui.session.options import Choices, setup
from mindful_tui.session.playback import Playback
from mindful_tui.sound.board import SoundBoard, SpokenLines
from mindful_tui.sound.clip import Clip
from mindful_tui.sound.mixer import Mixer
from mindful_tui.sound.speech import VoiceSettings
from mindful_tui.ui.app import MindfulApp
from mindful_tui.ui.screens.player import PlayerScreen

DATA = Path(__file__).resolve().parent / "data"


@dataclass
class RecordingOutput:
    """A sound output that records what it was asked to play, and plays nothing."""

    problem: str | None = None
    played: list[Clip] = field(default_factory=list)
    now: Callable[[], float] | None = None
    """The clock a stream starts by (the mixer's); without one, every stream starts at 0."""

    def play(self, clip: Clip) -> float | None:
        self.played.append(clip)
        return 0.0 if self.now is None else self.now()

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


class FakeWakepy:
    """``wakepy`` faked at its boundary: each mode it makes records being entered
    (``hold``) and left (``release``); ``works`` False is a computer it cannot keep awake."""

    def __init__(self, works: bool = True) -> None:
        self.works = works
        self.events: list[str] = []
        self.entered = threading.Event()

    def __call__(self) -> Mode:
        return FakeMode(self)


class FakeMode:
    """One hold, as ``wakepy.keep.presenting`` gives it."""

    def __init__(self, lib: FakeWakepy) -> None:
        self.lib = lib
        self.active = False

    def __enter__(self) -> FakeMode:
        self.active = self.lib.works
        self.lib.events.append("hold")
        self.lib.entered.set()
        return self

    def __exit__(self, *exc: object) -> None:
        self.active = False
        self.lib.events.append("release")


class NoVoice:
    """A voice with no speech engine behind it, that says nothing about it."""

    available = False
    problem: str | None = None

    def __init__(self, settings: VoiceSettings) -> None:
        self.settings = settings

    async def prepare(self, texts: object, progress: object = None) -> None:
        return None

    def clip(self, text: str) -> Clip | None:
        return None


@dataclass
class Rig:
    """One app on a fake clock, and the means to move its time: sessions are set up as
    the runtime sets them up, their sound mixed into an output that only records."""

    clock: FakeClock = field(default_factory=FakeClock)
    timer: HeldTimer = field(default_factory=HeldTimer)
    output: RecordingOutput = field(default_factory=lambda: RecordingOutput())
    voice: Callable[[VoiceSettings], SpokenLines] = NoVoice
    """Makes the voice (by default none: no speech engine is started)."""
    awake: FakeWakepy = field(default_factory=FakeWakepy)
    """Keeps the computer awake, as far as the player can tell (by default it works)."""

    def playback(self, log: TimingLog | None = None) -> Playback:
        def clock(speed: float) -> Clock:
            self.clock.speed = speed
            return self.clock

        def timer(clock: Clock) -> Timer:
            return self.timer

        def mixer(clock: Clock) -> Mixer:
            return Mixer(self.output, now=clock.now)

        return Playback(
            clock=clock,
            timer=timer,
            timing_log=log,
            mixer=mixer,
            voice=self.voice,
            awake=self.awake,
        )

    def app(
        self,
        script: Script | None = None,
        log: TimingLog | None = None,
        settings: Settings | None = None,
        choices: Choices | None = None,
    ) -> MindfulApp:
        """The app playing ``script`` (or showing the picker), with ``settings`` as saved
        (by default the defaults) and ``choices`` as if given on the command line."""
        saved = settings or Settings()
        chosen = None if script is None else setup(script, saved, choices)
        return MindfulApp(chosen, self.playback(log), (saved, []))

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


def script(name: str) -> Script:
    """The script ``tests/ui/data/NAME.yaml``."""
    loaded, problems = read_script(DATA / f"{name}.yaml", frozenset({"bell", "bowl"}))
    assert loaded is not None, problems
    return loaded


def board(screen: object) -> SoundBoard:
    """The sound board of the session a player plays."""
    assert isinstance(screen, PlayerScreen) and screen.practice.board is not None
    return screen.practice.board


def state(screen: PlayerScreen) -> str:
    """The session's state (a call, so that type checkers do not pin it down)."""
    return screen.session.state


def top(app: MindfulApp) -> object:
    """The screen on top (a call, so that type checkers do not pin it down)."""
    return app.screen
