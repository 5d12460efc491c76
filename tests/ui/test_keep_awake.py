"""The computer is kept awake while a session plays, and only then: the hold is taken at
play and let go at pause, at the end, on quit and on SIGTERM and SIGHUP (``wakepy`` faked
at its boundary); where it cannot be held, the player says so once and plays on."""

from __future__ import annotations

import os
import signal
from types import FrameType

import pytest

from mindful_tui.core.storage.user_settings import Settings
from mindful_tui.ui.app import MindfulApp
from mindful_tui.ui.screens.player import AWAKE_STATUS, PlayerScreen
from tests.ui.rig import FakeWakepy, Rig, script, state


async def settled(app: MindfulApp) -> None:
    player = app.player
    assert isinstance(player, PlayerScreen)
    await player.practice.awake.settled()


def notices(app: MindfulApp) -> list[str]:
    return [n.message for n in app._notifications]


def status(player: PlayerScreen) -> str:
    return str(player.status_line.render())


async def test_held_while_playing_let_go_on_pause_taken_again_on_resume() -> None:
    rig = Rig()
    app = rig.app(script("short"))
    async with app.run_test(size=(80, 24)) as pilot:
        await rig.advance(pilot, 2)
        await settled(app)
        assert rig.awake.events == ["hold"]
        await pilot.press("space")
        await settled(app)
        assert rig.awake.events == ["hold", "release"]
        await pilot.press("space")
        await settled(app)
        assert rig.awake.events == ["hold", "release", "hold"]
        player = app.player
        assert isinstance(player, PlayerScreen)
        assert AWAKE_STATUS not in status(player)


async def test_let_go_at_the_end() -> None:
    rig = Rig()
    app = rig.app(script("short"))
    async with app.run_test(size=(80, 24)) as pilot:
        await rig.advance(pilot, 2)
        player = app.player
        assert isinstance(player, PlayerScreen)
        await rig.advance(pilot, 60)
        assert state(player) == "finished"
        await player.practice.awake.settled()
        assert rig.awake.events == ["hold", "release"]


@pytest.mark.parametrize("keys", [("q", "y"), ("ctrl+q",)], ids=["q", "ctrl+q"])
async def test_let_go_on_quit(keys: tuple[str, ...]) -> None:
    """``q`` asks first (the question covers the player, which pauses it); Ctrl+Q leaves
    at once: either way nothing is held afterwards."""
    rig = Rig()
    app = rig.app(script("short"))
    async with app.run_test(size=(80, 24)) as pilot:
        await rig.advance(pilot, 2)
        player = app.player
        assert isinstance(player, PlayerScreen)
        await pilot.press(*keys)
        await pilot.pause()
        await player.practice.awake.settled()
        assert state(player) == "stopped"
        assert rig.awake.events == ["hold", "release"]


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP])
async def test_let_go_on_sigterm_and_sighup(sig: signal.Signals) -> None:
    unhandled: list[int] = []

    def fallback(number: int, frame: FrameType | None) -> None:
        unhandled.append(number)

    previous = signal.signal(sig, fallback)
    try:
        rig = Rig()
        app = rig.app(script("short"))
        async with app.run_test(size=(80, 24)) as pilot:
            await rig.advance(pilot, 2)
            player = app.player
            assert isinstance(player, PlayerScreen)
            await player.practice.awake.settled()
            assert rig.awake.events == ["hold"]
            os.kill(os.getpid(), sig)
            await pilot.pause()
            await pilot.pause()
            await player.practice.awake.settled()
            assert state(player) == "stopped"
            assert rig.awake.events == ["hold", "release"]
        assert not unhandled
    finally:
        signal.signal(sig, previous)


async def test_the_setting_off_asks_nothing() -> None:
    rig = Rig()
    app = rig.app(script("short"), settings=Settings(keep_awake=False))
    async with app.run_test(size=(80, 24)) as pilot:
        await rig.advance(pilot, 2)
        await pilot.press("space", "space")
        await settled(app)
        assert rig.awake.events == []


async def test_where_it_cannot_the_player_says_so_once_and_plays_on() -> None:
    rig = Rig(awake=FakeWakepy(works=False))
    app = rig.app(script("short"))
    async with app.run_test(size=(80, 24)) as pilot:
        await rig.advance(pilot, 2)
        await settled(app)
        await pilot.pause()
        await pilot.press("space", "space")  # paused and resumed: not asked, nor said, again
        await settled(app)
        await pilot.pause()
        player = app.player
        assert isinstance(player, PlayerScreen)
        assert rig.awake.events == ["hold", "release"]  # tried once, and let go at once
        assert notices(app) == []  # in the status line, not over the session's words
        assert status(player).count(AWAKE_STATUS) == 1
        assert state(player) == "playing"
        await rig.advance(pilot, 60)
        assert state(player) == "finished"


async def test_the_real_library_without_a_session_bus_gives_one_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``wakepy`` itself, on a machine with no session bus (as in CI): one notice, in
    one line, and the session plays to its end."""
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    rig = Rig()
    playback = rig.playback()
    playback.awake = None  # the default: wakepy
    saved = Settings()
    from mindful_tui.session.options import setup

    app = MindfulApp(setup(script("short"), saved), playback, (saved, []))
    async with app.run_test(size=(80, 24)) as pilot:
        await rig.advance(pilot, 2)
        await settled(app)
        await pilot.pause()
        player = app.player
        assert isinstance(player, PlayerScreen)
        assert notices(app) == []
        shown = status(player)
        assert shown.startswith("step 2 of 4  ·  ") and shown.endswith(f"left  ·  {AWAKE_STATUS}")
        await rig.advance(pilot, 60)
        assert state(player) == "finished"
