"""How sessions are played: the clock and timer they run on, and the options chosen.

Everything time-related is injected here, so tests play sessions on a ``FakeClock`` with a
timer they move by hand, and never sleep.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from mindful_tui.core.clock import Clock, MonotonicClock
from mindful_tui.core.settings import Settings
from mindful_tui.core.timeline import Timeline
from mindful_tui.core.timer import AsyncTimer, Timer
from mindful_tui.core.timinglog import TimingLog

if TYPE_CHECKING:
    from mindful_tui.sound.board import SoundBoard


def _real_timer(clock: Clock, speed: float) -> Timer:
    return AsyncTimer(clock, speed)


@dataclass
class Playback:
    """The settings every session of one run of the app shares."""

    speed: float = 1.0
    """How many times faster than real time sessions play (``--speed``)."""
    clock: Clock | None = None
    """The clock sessions run on; by default the monotonic clock at ``speed``."""
    make_timer: Callable[[Clock, float], Timer] = field(default=_real_timer)
    """Builds the timer a session waits with, from its clock and speed."""
    log: TimingLog | None = None
    """Where ``--timing-log`` lines go, if anywhere."""
    voice: bool = True
    """Speak lines (``--no-voice`` turns it off)."""
    sound: bool = True
    """Play chimes and tones (``--no-sound`` turns it off)."""
    settings: Settings = field(default_factory=Settings)
    """The user's settings: voice, volumes, tones, dim mode."""
    history: bool = True
    """Log sessions in the practice log."""
    board: Callable[[Timeline], SoundBoard] | None = None
    """Builds a session's sound board; by default the real one from the settings."""

    def session_clock(self) -> Clock:
        """The clock for the next session."""
        return self.clock if self.clock is not None else MonotonicClock(self.speed)
