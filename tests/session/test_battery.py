"""A long session on a laptop running on battery with too little charge: said once
(``psutil`` faked at its boundary); short sessions, mains power and enough charge say
nothing."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import pytest

from mindful_tui.cli.loading import load_named
from mindful_tui.core.storage.user_settings import Settings
from mindful_tui.core.timing.clock import Clock, FakeClock
from mindful_tui.core.timing.timer import FakeTimer, Timer
from mindful_tui.session import battery as battery_module
from mindful_tui.session.battery import Battery, battery_notice
from mindful_tui.session.options import Choices, setup
from mindful_tui.session.playback import Playback
from mindful_tui.ui.plain import play_plain
from tests.ui.rig import FakeWakepy

UNKNOWN = -1  # psutil.POWER_TIME_UNKNOWN
UNLIMITED = -2  # psutil.POWER_TIME_UNLIMITED


@dataclass
class FakeBattery:
    percent: float
    secsleft: int
    power_plugged: bool | None


def reader(found: Battery | None) -> Callable[[], Battery | None]:
    return lambda: found


@pytest.mark.parametrize(
    ("minutes", "battery", "said"),
    [
        (45, FakeBattery(30, 25 * 60, False), True),  # 25 minutes left for 45
        (45, FakeBattery(90, 3 * 3600, False), False),  # enough
        (45, FakeBattery(10, UNLIMITED, True), False),  # on mains
        (45, None, False),  # no battery
        (15, FakeBattery(5, 5 * 60, False), False),  # short session: not worth a word
        (45, FakeBattery(15, UNKNOWN, False), True),  # no estimate, low charge
        (45, FakeBattery(60, UNKNOWN, False), False),  # no estimate, charge enough
    ],
)
def test_only_a_long_session_on_too_little_battery_is_told(
    minutes: int, battery: Battery | None, said: bool
) -> None:
    told = battery_notice(minutes * 60, reader(battery))
    assert (told is not None) == said
    if told is not None:
        assert "\n" not in told and f"{minutes}-minute session" in told


def test_psutil_is_what_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    import psutil

    monkeypatch.setattr(psutil, "sensors_battery", lambda: FakeBattery(12, 600, False))
    assert battery_module.psutil_battery() == FakeBattery(12, 600, False)


def test_the_plain_player_says_it_once_before_a_long_session(private_home: Path) -> None:
    clock = FakeClock()

    def make_timer(made: Clock) -> Timer:
        return FakeTimer(clock)

    reads: list[int] = []

    def low() -> Battery | None:
        reads.append(1)
        return FakeBattery(18, 10 * 60, False)

    playback = Playback(
        clock=lambda speed: clock,
        timer=make_timer,
        awake=FakeWakepy(),
        battery=low,
        history=False,
    )
    chosen = setup(load_named("during"), Settings(), Choices(minutes=Fraction(30), sound=False))
    out = io.StringIO()
    assert asyncio.run(play_plain(chosen, playback, out=out)) == 0
    lines = [line for line in out.getvalue().splitlines() if "on battery" in line]
    assert lines == [
        "         (on battery with about 10 minutes left (18%), less than this 30-minute"
        " session: plug the laptop in)"
    ]
    assert reads == [1]
