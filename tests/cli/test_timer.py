"""``mindful timer MINUTES --bell-every M``: silence framed by a bowl, with a bell at
every interval, as a real session; ``plan`` and ``render`` know it as ``timer-20-every-5``."""

from __future__ import annotations

import asyncio
import io
import json
import wave
from fractions import Fraction
from pathlib import Path

import pytest

from mindful_tui.cli.main import main
from mindful_tui.core.script.plain_timer import named_timer, timer_script
from mindful_tui.core.storage import practice_log
from mindful_tui.core.storage.user_settings import Settings
from mindful_tui.core.timing.clock import Clock, FakeClock
from mindful_tui.core.timing.timeline import compile_script
from mindful_tui.core.timing.timer import FakeTimer, Timer
from mindful_tui.session.options import Choices, setup
from mindful_tui.session.playback import Playback
from mindful_tui.ui.plain import play_plain
from tests.process import mindful
from tests.ui.rig import FakeWakepy


def chimes(minutes: int, every: int | None) -> list[tuple[float, str | None]]:
    timeline = compile_script(
        timer_script(Fraction(minutes), None if every is None else Fraction(every))
    )
    return [(float(c.at), c.sound) for c in timeline.cues if c.kind == "chime"]


def test_bells_at_every_interval_between_two_bowls() -> None:
    assert chimes(20, 5) == [
        (0.0, "bowl"),
        (300.0, "bell"),
        (600.0, "bell"),
        (900.0, "bell"),
        (1200.0, "bowl"),
    ]
    assert chimes(10, None) == [(0.0, "bowl"), (600.0, "bowl")]
    assert chimes(10, 4) == [(0.0, "bowl"), (240.0, "bell"), (480.0, "bell"), (600.0, "bowl")]
    assert float(compile_script(timer_script(Fraction(20), Fraction(5))).total) == 1200


def test_the_command_shows_the_bells_and_ends_at_twenty_minutes(tmp_path: Path) -> None:
    done = mindful(
        *("timer", "20", "--bell-every", "5", "--plain", "--speed", "1000", "--no-sound"),
        home=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert [line.strip() for line in lines if "chime: bell" in line] == [
        "5:00  (chime: bell)",
        "10:00  (chime: bell)",
        "15:00  (chime: bell)",
    ]
    assert "20:00  (end)" in [line.strip() for line in lines]
    assert lines[-1] == "Done: 20:00 practised, 0 breaths."


def test_plan_and_render_know_a_timer(
    tmp_path: Path, private_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["plan", "timer-20-every-5", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["total"] == 1200
    out = tmp_path / "timer.wav"
    assert main(["render", "timer-2-every-1", "-o", str(out)]) == 0
    with wave.open(str(out)) as wav:
        assert wav.getnframes() / wav.getframerate() >= 120
    assert main(["plan", "timer-nope"]) == 1


def test_a_timer_is_logged_like_any_session(private_home: Path) -> None:
    clock = FakeClock()

    def make_timer(made: Clock) -> Timer:
        return FakeTimer(clock)

    playback = Playback(clock=lambda speed: clock, timer=make_timer, awake=FakeWakepy())
    script = named_timer("timer-20-every-5")
    assert script is not None
    chosen = setup(script, Settings(), Choices(sound=False))
    assert asyncio.run(play_plain(chosen, playback, out=io.StringIO())) == 0
    (record,), _ = practice_log.read()
    assert record.title == "Timer: 20 minutes, a bell every 5"
    assert record.outcome == "finished" and record.practised == 1200
