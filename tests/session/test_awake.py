"""Keeping awake in the plain player and with the real ``wakepy``: the hold is taken
while the session plays and let go on SIGTERM and SIGHUP; without a session bus the
player says so once, in one line, and nothing else is added to what it writes."""

from __future__ import annotations

import asyncio
import io
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from mindful_tui.core.storage.user_settings import Settings
from mindful_tui.core.timing.clock import Clock, FakeClock
from mindful_tui.core.timing.timer import Timer
from mindful_tui.session.awake import NOTICE
from mindful_tui.session.options import Choices, setup
from mindful_tui.session.playback import Playback
from mindful_tui.ui.plain import play_plain
from tests.ui.rig import FakeWakepy, HeldTimer, script


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP])
def test_the_plain_player_lets_go_on_sigterm_and_sighup(
    sig: signal.Signals, private_home: Path
) -> None:
    lib = FakeWakepy()
    timer = HeldTimer()  # time stands still: the session plays until the signal

    def make_timer(clock: Clock) -> Timer:
        return timer

    playback = Playback(
        clock=lambda speed: FakeClock(speed=speed), timer=make_timer, awake=lib, history=False
    )
    chosen = setup(script("short"), Settings(), Choices(sound=False))
    out = io.StringIO()

    async def run() -> int:
        playing = asyncio.ensure_future(play_plain(chosen, playback, out=out))
        assert await asyncio.to_thread(lib.entered.wait, 10)
        os.kill(os.getpid(), sig)
        status = await asyncio.wait_for(playing, 10)
        return status

    assert asyncio.run(run()) == 0
    assert "Stopped at 0:00" in out.getvalue()
    assert lib.events == ["hold", "release"]


def plain_run(home: Path, keep_awake: bool) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "DBUS_SESSION_BUS_ADDRESS"}
    env["MINDFUL_TUI_HOME"] = str(home)
    (home / "config").mkdir(parents=True, exist_ok=True)
    (home / "config" / "settings.yaml").write_text(f"keep_awake: {str(keep_awake).lower()}\n")
    return subprocess.run(
        [sys.executable, "-m", "mindful_tui", "play", "box", "--plain", "--speed", "200"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_the_real_library_without_a_session_bus_adds_one_line_and_nothing_else(
    tmp_path: Path,
) -> None:
    held = plain_run(tmp_path / "on", keep_awake=True)
    off = plain_run(tmp_path / "off", keep_awake=False)
    assert held.returncode == 0 and off.returncode == 0, held.stderr + off.stderr
    assert held.stderr == off.stderr
    lines = held.stdout.splitlines()
    notice = f"         ({NOTICE})"
    assert lines.count(notice) == 1
    lines.remove(notice)
    assert lines == off.stdout.splitlines()
