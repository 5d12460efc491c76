"""How sessions are played in this process: the clock and timer they run on, where timing
lines go, where their sound goes, and whether they are logged.

Everything time-related is injected here, so tests play sessions on a ``FakeClock`` with
a timer they move by hand, and never sleep. What a session plays (its length, voice,
volumes, speed) is not here but in its ``Options``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mindful_tui.core.timing.clock import Clock, MonotonicClock
from mindful_tui.core.timing.timer import AsyncTimer, Timer
from mindful_tui.core.timing.timinglog import TimingLog

if TYPE_CHECKING:
    from mindful_tui.session.awake import Mode
    from mindful_tui.session.battery import Battery
    from mindful_tui.sound.board import SpokenLines
    from mindful_tui.sound.mixer import Mixer
    from mindful_tui.sound.speech import VoiceSettings


@dataclass
class Playback:
    """The means every session of one run of the program shares."""

    clock: Callable[[float], Clock] = MonotonicClock
    """Makes a session's clock from its speed (session seconds per real second)."""
    timer: Callable[[Clock], Timer] = AsyncTimer
    """Makes the timer a session waits with, on its clock."""
    timing_log: TimingLog | None = None
    """Where ``--timing-log`` lines go, if anywhere."""
    history: bool = True
    """Log practised sessions in the practice log."""
    mixer: Callable[[Clock], Mixer] | None = None
    """Makes the mixer a session's sounds go to, on its clock; by default one on the real
    audio output."""
    voice: Callable[[VoiceSettings], SpokenLines] | None = None
    """Makes a session's voice lines; by default rendered by the speech engine."""
    awake: Callable[[], Mode] | None = None
    """Makes what holds the computer awake while a session plays; by default ``wakepy``."""
    battery: Callable[[], Battery | None] | None = None
    """Reads the battery before a long session; by default through ``psutil``."""
