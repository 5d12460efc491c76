"""``e``, for the person beside the table: the session moves to its closing and ends
within two breaths; in dim mode it takes a second ``e``, so a stray key never ends it."""

from __future__ import annotations

import json
from pathlib import Path

from mindful_tui.core.storage.user_settings import Settings
from mindful_tui.core.timing.timinglog import TimingLog
from mindful_tui.ui.screens.player import PlayerScreen
from tests.ui.rig import Rig, script, state

BREATH = 12.0
"""One breath of ``short`` (4 in, 2 hold, 6 out)."""


async def test_e_ends_within_two_breaths_with_the_closing_words(tmp_path: Path) -> None:
    rig = Rig()
    path = tmp_path / "timing.jsonl"
    with TimingLog(path) as log:
        app = rig.app(script("short"), log=log)
        async with app.run_test(size=(80, 24)) as pilot:
            await rig.advance(pilot, 8)  # into the first breath of three
            player = app.player
            assert isinstance(player, PlayerScreen)
            pressed = rig.clock.now()
            await pilot.press("e")
            await rig.settle(pilot)
            assert player.prompt == "Well done."
            await rig.advance(pilot, 2 * BREATH)
            assert state(player) == "finished"
            assert rig.clock.now() - pressed <= 2 * BREATH
    lines = [json.loads(line) for line in path.read_text().splitlines()]
    (close,) = [line for line in lines if line["kind"] == "close"]
    assert (close["due"], close["shown"]) == (42.0, 8.0)  # moved from 8 s to the closing


async def test_in_dim_mode_one_e_does_nothing_two_end_soon() -> None:
    rig = Rig()
    app = rig.app(script("short"), settings=Settings(dim=True))
    async with app.run_test(size=(80, 24)) as pilot:
        await rig.advance(pilot, 8)
        player = app.player
        assert isinstance(player, PlayerScreen)
        await pilot.press("e")
        await rig.settle(pilot)
        assert player.session.step == 2 and player.session.position() == 8.0
        await pilot.press("e")
        await rig.settle(pilot)
        assert player.session.step == 3
        assert state(player) == "playing"
