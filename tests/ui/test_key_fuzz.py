"""A seeded key fuzz of the full-screen app: random sequences of every bound key, the
command palette, typing, answers and resizes, on the fake clock. Nothing may raise, and
every session that started is in the practice log."""

from __future__ import annotations

import random

import pytest

from mindful_tui.core.storage import practice_log
from mindful_tui.core.timing.engine import Session
from mindful_tui.session.practice import worth_logging
from tests.ui.rig import Rig, script

KEYS = [
    *["space", "n", "p", "v", "s", "d", "question_mark", "escape", "q", "y", "enter", "t"],
    *"0123456789",
    *"abcxyz",
    "ctrl+p",
    "f2",
    "f3",
    "backspace",
    "plus",
    "minus",
    "up",
    "down",
    "pageup",
    "pagedown",
    "tab",
]
"""Every key the app binds (the player's, the picker's, the closing screen's, the
palette's, the question fields'), a few letters to type, and what moves the focus.
Ctrl+Z is left out (it suspends the test process), as is quitting the whole app."""
SIZES = [(80, 24), (40, 10), (120, 40), (20, 5), (100, 30)]
STEPS = 500


@pytest.mark.parametrize("seed", [15])
async def test_random_keys_palette_and_resizes_never_raise_and_every_session_is_logged(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[Session] = []
    real_start = Session.start

    def start(self: Session, at: float | None = None) -> None:
        started.append(self)
        real_start(self, at)

    monkeypatch.setattr(Session, "start", start)
    chance = random.Random(seed)
    steps = 0
    runs = 0
    while steps < STEPS and runs < 20:
        runs += 1
        rig = Rig()
        app = rig.app(script(chance.choice(["questions", "short"])))
        async with app.run_test(size=(80, 24)) as pilot:
            await rig.settle(pilot)
            while steps < STEPS and app.is_running:
                steps += 1
                roll = chance.random()
                if roll < 0.08:
                    await pilot.resize_terminal(*chance.choice(SIZES))
                elif roll < 0.25:
                    await rig.advance(pilot, chance.choice([0.5, 2, 7, 30]))
                else:
                    await pilot.press(chance.choice(KEYS))
                await pilot.pause()
        assert app.return_code in (None, 0), f"seed {seed}, step {steps}"
    records, damaged = practice_log.read()
    assert damaged == []
    played = [s for s in started if worth_logging(s)]
    assert played  # the fuzz did play sessions
    assert len(records) == len(played), (len(records), len(played))


async def test_ctrl_p_under_the_too_small_notice_over_an_open_palette_opens_no_second_one() -> None:
    """Found by the fuzz: the palette open, the terminal made too small, Ctrl+P: a second
    palette took the first one's id and the app crashed."""
    from textual.command import CommandPalette

    rig = Rig()
    app = rig.app(script("short"))
    async with app.run_test(size=(80, 24)) as pilot:
        await rig.settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.resize_terminal(20, 5)
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert sum(isinstance(s, CommandPalette) for s in app.screen_stack) == 1
    assert app.return_code in (None, 0)


@pytest.mark.parametrize(("played", "command"), [(None, "lead"), ("short", "dim")])
async def test_enters_typed_fast_after_a_palette_command_close_only_the_palette(
    played: str | None, command: str
) -> None:
    """Found by the fuzz in a real terminal, where fast keys arrive in one read: each
    Enter queued behind the one that ran a command dismissed the palette again, popping
    the screen under it (the picker, the player), then crashing on an empty stack."""
    from textual import events

    from mindful_tui.ui.screens.picker import PickerScreen
    from mindful_tui.ui.screens.player import PlayerScreen

    rig = Rig()
    app = rig.app(None if played is None else script(played))
    async with app.run_test(size=(80, 24)) as pilot:
        await rig.settle(pilot)
        under = type(app.screen)
        assert under is (PickerScreen if played is None else PlayerScreen)
        await pilot.press("ctrl+p", *command)
        for _ in range(5):
            await pilot.pause(0.05)
        for _ in range(4):  # all at once, as a terminal delivers them
            app.post_message(events.Key("enter", "\r"))
        for _ in range(10):
            await pilot.pause()
        assert [type(s) for s in app.screen_stack[1:]] == [under]
    assert app.return_code in (None, 0)


async def test_the_picker_asked_for_under_the_open_palette_replaces_the_player() -> None:
    """A screen is shown (here the picker, as the closing screen asks for it) while the
    palette is open: the palette closes, and the new screen takes the place of the one
    under it, never the palette's."""
    from mindful_tui.ui.messages import OpenPicker
    from mindful_tui.ui.screens.picker import PickerScreen

    rig = Rig()
    app = rig.app(script("short"))
    async with app.run_test(size=(80, 24)) as pilot:
        await rig.settle(pilot)
        await pilot.press("ctrl+p", "x")
        app.post_message(OpenPicker())
        for _ in range(10):
            await pilot.pause()
        assert [type(s) for s in app.screen_stack[1:]] == [PickerScreen]
    assert app.return_code in (None, 0)


@pytest.mark.parametrize("played", [None, "short"])
async def test_a_letter_and_escape_typed_at_once_in_the_palette_close_it_cleanly(
    played: str | None,
) -> None:
    """Found by the fuzz in a real terminal: a letter and Escape in one read. The letter's
    search for commands began after Escape had taken the palette down, looked for the
    palette's list, and crashed the app."""
    from textual import events

    rig = Rig()
    app = rig.app(None if played is None else script(played))
    async with app.run_test(size=(80, 24)) as pilot:
        await rig.settle(pilot)
        under = type(app.screen)
        await pilot.press("ctrl+p")
        await pilot.pause()
        for key, character in [("x", "x"), ("escape", "\x1b")]:  # as a terminal delivers them
            app.post_message(events.Key(key, character))
        for _ in range(10):
            await pilot.pause(0.05)
        assert [type(s) for s in app.screen_stack[1:]] == [under]
    assert app.return_code in (None, 0)


async def test_enters_typed_fast_in_the_list_of_themes_close_only_that_list() -> None:
    """Found by the fuzz in a real terminal: the palette's "Theme" opens a second palette,
    the list of themes; Enters typed fast behind the one that chose a theme dismissed it
    again each time, popping the picker under it, then crashing on an empty stack."""
    from textual import events
    from textual.command import CommandInput, CommandPalette

    from mindful_tui.ui.screens.picker import PickerScreen

    rig = Rig()
    app = rig.app(None)
    async with app.run_test(size=(80, 24)) as pilot:
        await rig.settle(pilot)
        await pilot.press("ctrl+p", *"theme")
        for _ in range(5):
            await pilot.pause(0.05)
        await pilot.press("down", "enter")
        for _ in range(5):
            await pilot.pause(0.05)
        assert isinstance(app.screen, CommandPalette)
        assert "theme" in str(app.screen.query_one(CommandInput).placeholder)
        await pilot.press("d", "a", "r", "k")
        for _ in range(5):
            await pilot.pause(0.05)
        for _ in range(4):  # all at once, as a terminal delivers them
            app.post_message(events.Key("enter", "\r"))
        for _ in range(10):
            await pilot.pause()
        assert [type(s) for s in app.screen_stack[1:]] == [PickerScreen]
    assert app.return_code in (None, 0)


async def test_ctrl_p_typed_right_behind_the_escape_that_closed_the_palette_never_crashes() -> None:
    """Found by the fuzz in a real terminal: Ctrl+P, Escape, Ctrl+P in one read. The
    second palette came while the first was still being taken down, took its id, and
    the app crashed."""
    from textual import events

    from mindful_tui.ui.screens.picker import PickerScreen

    rig = Rig()
    app = rig.app(None)
    async with app.run_test(size=(80, 24)) as pilot:
        await rig.settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        for key, character in [("escape", "\x1b"), ("ctrl+p", "\x10"), ("escape", "\x1b")]:
            app.post_message(events.Key(key, character))  # all at once
        for _ in range(10):
            await pilot.pause(0.05)
        assert PickerScreen in [type(s) for s in app.screen_stack]
    assert app.return_code in (None, 0)


async def test_back_typed_after_skipping_past_the_last_step_never_crashes() -> None:
    """Found by the fuzz with keys as a terminal delivers them: ``n`` past the last step
    while paused (the session waits at its end), then ``p``: going back from there looked
    up a step after the last one and crashed the app. It does nothing now, and the session
    ends and is logged when resumed."""
    from mindful_tui.ui.screens.closing import ClosingScreen
    from mindful_tui.ui.screens.player import PlayerScreen

    rig = Rig()
    app = rig.app(script("short"))
    async with app.run_test(size=(80, 24)) as pilot:
        await rig.settle(pilot)
        player = app.screen
        assert isinstance(player, PlayerScreen)
        await pilot.press("space")
        while player.session.step < len(player.timeline.spans):
            await pilot.press("n")
        await pilot.press("p")
        await pilot.pause()
        assert player.session.state == "paused"
        await pilot.press("space")
        await rig.advance(pilot, 1)
        for _ in range(10):
            await pilot.pause()
        assert isinstance(app.screen, ClosingScreen)
    assert app.return_code in (None, 0)
    records, _ = practice_log.read()
    assert len(records) == 1


@pytest.mark.parametrize("opened", ["history", "settings", "picker"])
async def test_a_screen_opened_as_the_app_leaves_never_crashes_it(opened: str) -> None:
    """Found by the fuzz in a real terminal: a key that opens a screen and one that quits,
    in one read. The screen was taken down with the app before it was put together, and
    its start looked up widgets it never had: the app left with an unexpected error."""
    from textual.screen import Screen

    from mindful_tui.ui.screens.history import HistoryScreen
    from mindful_tui.ui.screens.picker import PickerScreen
    from mindful_tui.ui.screens.settings import SettingsScreen

    rig = Rig()
    app = rig.app(script("short"))
    async with app.run_test(size=(80, 24)) as pilot:
        await rig.advance(pilot, 5)  # a session long enough to be logged
        screen: Screen[object] = {
            "history": HistoryScreen,
            "settings": SettingsScreen,
            "picker": PickerScreen,
        }[opened]()
        app.push_screen(screen)
        app.end_everything()  # in the same moment, as Ctrl+Q typed right behind the key
        await pilot.pause()
    assert app.failure is None
    assert app.return_code in (None, 0)
    records, _ = practice_log.read()
    assert len(records) == 1  # the session it stopped is logged
