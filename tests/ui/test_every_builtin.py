"""Every built-in session plays full screen from its first cue to the closing screen, on
the fake clock, shortened to about a minute (every kind of step each one has, fewer
breaths): questions answered with keys as a person would, every cue shown (the timing
log has each one), every breath counted on the closing screen."""

from __future__ import annotations

import asyncio
import json
from fractions import Fraction
from pathlib import Path

import pytest

from mindful_tui.core.storage.library import load, sound_names
from mindful_tui.core.storage.locations import builtin_scripts_dir
from mindful_tui.core.timing.timinglog import TimingLog
from mindful_tui.session.options import Choices
from mindful_tui.ui.screens.closing import ClosingScreen
from mindful_tui.ui.screens.player import PlayerScreen
from tests.ui.rig import Rig, state, top

BUILTINS = sorted(builtin_scripts_dir().glob("*.yaml"))


@pytest.mark.parametrize("path", BUILTINS, ids=lambda p: p.stem)
async def test_a_built_in_session_plays_to_its_end(path: Path, tmp_path: Path) -> None:
    entry = load(path, "built-in", sound_names())
    assert entry.script is not None
    rig = Rig()
    with TimingLog(tmp_path / "timing.jsonl") as log:
        app = rig.app(entry.script, log=log, choices=Choices(minutes=Fraction(1)))
        async with app.run_test(size=(80, 24)) as pilot:
            await rig.settle(pilot)
            screen = app.screen
            assert isinstance(screen, PlayerScreen)
            for _ in range(5000):
                if isinstance(top(app), ClosingScreen) or state(screen) == "finished":
                    break
                if state(screen) == "waiting":
                    keys = [*"to rest", "enter"] if screen.has_class("-asking") else ["6"]
                    await pilot.press(*keys)
                elif (until := rig.timer.until) is not None:
                    # From wake to wake, without waiting for the screen to be idle each
                    # time (what ``Rig.settle`` does): the state is what is checked here.
                    rig.clock.set(max(rig.clock.now(), until))
                    rig.timer.interrupt()
                for _ in range(8):
                    await asyncio.sleep(0)
            await pilot.pause()
            closing = top(app)
            assert isinstance(closing, ClosingScreen), f"stuck at {screen.session.position()}"
            timeline = screen.timeline
            assert closing.breaths == timeline.breaths
    lines = [json.loads(line) for line in (tmp_path / "timing.jsonl").read_text().splitlines()]
    assert [line["cue"] for line in lines] == list(range(len(timeline.cues)))
    assert all(abs(line["shown"] - line["due"]) < 1e-6 for line in lines)  # the fake clock
