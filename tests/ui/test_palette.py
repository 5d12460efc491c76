"""The command palette closes cleanly, whatever its search for commands is doing."""

from __future__ import annotations

import asyncio

import pytest

from tests.ui.rig import Rig


async def test_a_search_that_finishes_after_the_palette_list_is_gone_leaves_it_alone() -> None:
    """The palette is taken off the screen while its search for commands is still out
    (here by the screen stack itself, so nothing stops the search first); the search
    comes back with a command after the palette's list was taken down. That is left
    alone: the app goes on, and the screen under the palette is shown."""
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
        app.pop_screen()
        for _ in range(10):
            await pilot.pause(0.05)
        assert found == ["x"]  # the search did finish after the list had gone
        assert [type(s) for s in app.screen_stack[1:]] == [PickerScreen]
    assert app.failure is None
    assert app.return_code in (None, 0)


async def test_closing_the_palette_stops_its_search_for_commands() -> None:
    """Closed while its search is still out, the palette stops the search: it never
    comes back to a list that is gone."""
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
        palette.dismiss()
        for _ in range(10):
            await pilot.pause(0.05)
        assert found == []
        assert [type(s) for s in app.screen_stack[1:]] == [PickerScreen]
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
