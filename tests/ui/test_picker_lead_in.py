"""F4 in the picker chooses a lead-in for what Enter plays: none, 0:30, 1:00, 2:00."""

from __future__ import annotations

import asyncio

from mindful_tui.core.storage.user_settings import Settings
from mindful_tui.ui.screens.player import PlayerScreen
from tests.ui.rig import Rig


async def test_f4_steps_the_lead_in_and_enter_plays_with_it() -> None:
    rig = Rig()
    app = rig.app(settings=Settings(lead_in=45))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("f4")  # from the settings' 45 s to the next step up
        await pilot.press(*"reset", "enter")
        await pilot.pause()
        player = app.player
        assert isinstance(player, PlayerScreen)
        assert player.practice.options.lead_in == 60
        await asyncio.wait_for(player.sound_ready.wait(), 10)
        for _ in range(5):
            await pilot.pause()
        assert player.prompt == "Starting in 1:00"
        assert player.session.state == "ready"


async def test_f4_goes_round_to_none() -> None:
    rig = Rig()
    app = rig.app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("f4", "f4", "f4", "f4")  # 0:30, 1:00, 2:00, none
        await pilot.press(*"reset", "enter")
        await pilot.pause()
        player = app.player
        assert isinstance(player, PlayerScreen)
        assert player.practice.options.lead_in == 0
