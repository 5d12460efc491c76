"""Any size from 40×12 up draws; smaller says so and waits; signals end cleanly."""

from __future__ import annotations

import asyncio
import os
import signal
from types import FrameType

import pytest

from mindful_tui.ui.screens.player import PlayerScreen
from mindful_tui.ui.screens.too_small import TooSmallScreen
from mindful_tui.ui.widgets.pacer import Pacer
from tests.ui.rig import Rig, script, state, top


@pytest.mark.parametrize("size", [(40, 12), (41, 13), (57, 19), (120, 40), (250, 80)])
async def test_every_size_from_the_minimum_draws(size: tuple[int, int]) -> None:
    rig = Rig()
    app = rig.app(script("short"))
    async with app.run_test(size=size) as pilot:
        await rig.advance(pilot, 8)
        assert isinstance(app.screen, PlayerScreen)
        pacer = app.screen.query_one(Pacer)
        assert pacer.frame.phase == "inhale"
        assert pacer.levels >= 1
        app.export_screenshot()  # draws every line
        await pilot.press("d")
        app.export_screenshot()


async def test_too_small_says_so_and_the_session_waits_until_there_is_room() -> None:
    rig = Rig()
    app = rig.app(script("short"))
    async with app.run_test(size=(80, 24)) as pilot:
        await rig.advance(pilot, 7)
        player = app.screen
        assert isinstance(player, PlayerScreen)
        await pilot.resize_terminal(39, 12)
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        assert state(player) == "paused"
        await rig.advance(pilot, 10)
        assert player.session.position() == 7
        await pilot.resize_terminal(40, 12)
        await pilot.pause()
        assert top(app) is player
        assert state(player) == "playing"


async def test_a_tiny_terminal_at_start_waits_too() -> None:
    """The session starts when there is room to show it, not behind the notice."""
    rig = Rig()
    app = rig.app(script("short"))
    async with app.run_test(size=(20, 5)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        app.export_screenshot()
        player = app.screen_stack[-2]
        assert isinstance(player, PlayerScreen)
        await asyncio.wait_for(player.sound_ready.wait(), timeout=10)
        for _ in range(3):
            await pilot.pause()
        for _ in range(30):  # half a minute spent finding the mouse, second by second
            rig.clock.advance(1)
            rig.timer.interrupt()
            await pilot.pause()
        await pilot.resize_terminal(80, 24)
        await rig.advance(pilot, 2)
        assert top(app) is player
        assert state(player) == "playing"
        assert player.session.position() == 2


async def test_q_on_the_too_small_notice_leaves_and_logs_the_session() -> None:
    from mindful_tui.core.storage import practice_log

    rig = Rig()
    app = rig.app(script("short"))
    async with app.run_test(size=(80, 24)) as pilot:
        await rig.advance(pilot, 7)
        await pilot.resize_terminal(30, 10)
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0
    records, _ = practice_log.read()
    assert [(r.outcome, r.practised) for r in records] == [("stopped", 7)]


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP])
async def test_sigterm_and_sighup_stop_the_session_and_exit(sig: signal.Signals) -> None:
    unhandled: list[int] = []

    def fallback(number: int, frame: FrameType | None) -> None:
        unhandled.append(number)

    previous = signal.signal(sig, fallback)
    try:
        rig = Rig()
        app = rig.app(script("short"))
        async with app.run_test(size=(80, 24)) as pilot:
            await rig.advance(pilot, 3)
            player = app.screen
            assert isinstance(player, PlayerScreen)
            os.kill(os.getpid(), sig)
            await pilot.pause()
            await pilot.pause()
            assert state(player) == "stopped"
        assert not unhandled, "the app did not take the signal"
    finally:
        signal.signal(sig, previous)


async def test_a_wake_while_the_screen_is_taken_down_draws_nothing_and_never_fails() -> None:
    """The app closing removes the player's widgets one by one, while the pacer's timer can
    still fire: a wake then must neither look up a widget that has gone nor fail."""
    rig = Rig()
    app = rig.app(script("short"))
    async with app.run_test(size=(80, 24)) as pilot:
        await rig.advance(pilot, 8)
        player = app.screen
        assert isinstance(player, PlayerScreen)
        await player.progress.remove()
        await player.status_line.remove()
        player.update_progress()  # the pacer is still there, the rest has gone
        await player.pacer.remove()
        player.update_progress()
        await pilot.pause()
