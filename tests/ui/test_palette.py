"""The command palette closes cleanly, whatever its search for commands is doing."""

from __future__ import annotations

import asyncio

import pytest

from mindful_tui.ui.app import MindfulApp
from tests.ui.rig import Rig, script


async def close_during_a_late_search(close: str) -> tuple[list[str], MindfulApp]:
    """Open the palette with one provider whose search finds its command only once the
    palette's list is gone, type a letter, and take the palette away while that search
    is out: by ``close`` ("pop": the screen stack itself, so nothing stops the search
    first; "dismiss": as the palette closes itself). Returns the queries the search
    finished, and the app (its screens as they were at the end)."""
    from textual.command import CommandList, Hit, Hits, Provider

    from mindful_tui.ui.screens.palette import Palette
    from mindful_tui.ui.screens.picker import PickerScreen

    found: list[str] = []

    class Late(Provider):
        """Finds its one command only once the palette's list is gone."""

        async def search(self, query: str) -> Hits:
            while palette.query(CommandList):
                await asyncio.sleep(0)
            found.append(query)
            yield Hit(1, query, lambda: None)

    palette = Palette(providers=[Late])
    rig = Rig()
    app = rig.app(None)
    async with app.run_test(size=(80, 24)) as pilot:
        await rig.settle(pilot)
        await app.push_screen(palette)
        await pilot.press("x")  # the search starts
        await pilot.pause()
        if close == "pop":
            app.pop_screen()
        else:
            palette.dismiss()
        for _ in range(10):
            await pilot.pause(0.05)
        assert [type(s) for s in app.screen_stack[1:]] == [PickerScreen]
    return found, app


async def test_a_search_that_finishes_after_the_palette_list_is_gone_leaves_it_alone() -> None:
    """The palette is taken off the screen while its search for commands is still out
    (here by the screen stack itself, so nothing stops the search first); the search
    comes back with a command after the palette's list was taken down. That is left
    alone: the app goes on, and the screen under the palette is shown."""
    found, app = await close_during_a_late_search("pop")
    assert found == ["x"]  # the search did finish after the list had gone
    assert app.failure is None
    assert app.return_code in (None, 0)


async def test_closing_the_palette_stops_its_search_for_commands() -> None:
    """Closed while its search is still out, the palette stops the search: it never
    comes back to a list that is gone."""
    found, app = await close_during_a_late_search("dismiss")
    assert found == []
    assert app.return_code in (None, 0)


@pytest.mark.parametrize("key", ["pageup", "pagedown"])
async def test_a_page_key_with_ctrl_p_before_the_list_is_drawn_moves_nothing(
    key: str,
) -> None:
    """Found by a key fuzz: Ctrl+P and Page Down in one read. The page move reached the
    list of commands before it was laid out, and the app crashed; now it moves nothing,
    and the palette is open as asked."""
    from textual import events
    from textual.command import CommandPalette

    rig = Rig()
    app = rig.app(None)
    async with app.run_test(size=(80, 24)) as pilot:
        await rig.settle(pilot)
        for name, character in [("ctrl+p", "\x10"), (key, None)]:  # as a terminal delivers them
            app.post_message(events.Key(name, character))
        for _ in range(10):
            await pilot.pause(0.05)
        assert isinstance(app.screen, CommandPalette)
    assert app.failure is None
    assert app.return_code in (None, 0)


@pytest.mark.parametrize("key", ["up", "down", "pagedown"])
async def test_a_key_typed_on_the_player_as_the_palette_opens_does_nothing(key: str) -> None:
    """Found by the key fuzz in a real terminal: Down, then Ctrl+P, in one read. The
    player has no focused widget, so Down went to the player and up to the app; by then
    Ctrl+P had opened the palette, whose Down acted on its list of commands before the
    palette was put together, and the app crashed. It does nothing; the palette opens."""
    from textual import events
    from textual.command import CommandPalette

    rig = Rig()
    app = rig.app(script("short"))
    async with app.run_test(size=(80, 24)) as pilot:
        await rig.settle(pilot)
        assert app.focused is None
        await app.run_action("command_palette")  # Ctrl+P, handled first (a priority key)
        on_its_way = events.Key(key, None)
        on_its_way._set_forwarded()  # typed before Ctrl+P, it comes up from the player
        app.post_message(on_its_way)
        for _ in range(10):
            await pilot.pause(0.05)
        assert isinstance(app.screen, CommandPalette)
    assert app.failure is None
    assert app.return_code in (None, 0)
