"""The player's words follow the session's language (gettext): the phase names, the
breath count, "paused", the status line and the closing screen of a German session."""

from __future__ import annotations

from textual.widgets import Input, Static

from mindful_tui.ui.screens.closing import ClosingScreen
from mindful_tui.ui.screens.player import PlayerScreen
from mindful_tui.ui.widgets.pacer import Pacer
from tests.ui.rig import Rig, script
from tests.ui.test_player import SIZE, play_to_end


async def test_a_german_session_shows_its_words_in_german() -> None:
    rig = Rig()
    app = rig.app(script("kurz"))
    async with app.run_test(size=SIZE) as pilot:
        await rig.advance(pilot, 6 + 1)
        screen = app.screen
        assert isinstance(screen, PlayerScreen)
        pacer = screen.query_one(Pacer)
        assert pacer.caption() == "Einatmen  3   ·   Atemzug 1 von 3"
        await rig.advance(pilot, 4)
        assert pacer.caption().startswith("Halten  ")
        await rig.advance(pilot, 2)
        assert pacer.caption().startswith("Ausatmen  ")
        status = str(screen.query_one("#status", Static).visual)
        assert "Schritt 3 von 4" in status and "noch 0:" in status
        await pilot.press("space")
        assert pacer.caption() == "Pause"
        screen.update_progress()
        assert str(screen.query_one("#status", Static).visual).startswith("pausiert")
        await pilot.press("space")
        await play_to_end(rig, pilot)
        closing = app.screen
        assert isinstance(closing, ClosingScreen)
        assert closing.summary() == "0:46 geübt  ·  3 Atemzüge"
        assert str(closing.query_one("#well-done", Static).visual) == "Gut gemacht."
        assert "Nimm dir einen Moment" in str(closing.query_one("#next", Static).visual)
        assert closing.query_one("#reflection", Input).placeholder.startswith("Wie fühlst du")


async def test_an_english_session_keeps_its_english_words() -> None:
    rig = Rig()
    app = rig.app(script("short"))
    async with app.run_test(size=SIZE) as pilot:
        await rig.advance(pilot, 6 + 1)
        assert app.screen.query_one(Pacer).caption() == "Breathe in  3   ·   breath 1 of 3"
