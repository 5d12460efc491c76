"""Textual's command palette, which closes once and cleanly.

The Enter that runs a command dismisses the palette; Enters typed right behind it (fast
keys arrive in one read) reach the palette before it is gone and dismissed it again each
time, and each dismissal popped whatever was on top: the player or the picker under it,
then nothing, and the app crashed. Here a palette that is no longer on top does nothing
when dismissed. Its search for commands runs in a worker that nothing stopped when the
palette closed: finishing after the list was taken down, it looked the list up and
crashed the app. Here it is stopped as the palette closes, and a list already gone is
left alone. A letter typed in the same read as the key that closes the palette starts a
search after the palette was dismissed: that search does nothing once the list is gone.
Page Up or Page Down typed with Ctrl+P (in one read) reached the list of commands before
it was laid out, and Textual's list looked up lines it had not measured yet: the app
crashed. Here a page move before the list has a size does nothing. Up, Down or a page
key typed on the player as Ctrl+P opened the palette reached the palette before its list
existed (the player has no focused widget, so its keys go straight up to the app): a
key for the list when there is none does nothing.
"""

from __future__ import annotations

from textual import work
from textual.await_complete import AwaitComplete
from textual.command import CommandList, CommandPalette


class Palette(CommandPalette):
    """The command palette; dismissing it again once it has gone does nothing."""

    def dismiss(self, result: None = None) -> AwaitComplete:
        if not self.is_attached or self.app.screen is not self:
            return AwaitComplete()
        self.workers.cancel_node(self)  # the search for commands, if one still runs
        return super().dismiss(result)

    def _watch__list_visible(self) -> None:
        if self.query(CommandList):  # gone already while the palette is taken down
            super()._watch__list_visible()

    def _action_command_list(self, action: str) -> None:
        found = self.query(CommandList)
        if not found:  # not put together yet, or taken down already
            return
        if action.startswith("page_") and not found.first().scrollable_content_region:
            return  # not laid out yet: no page to move by
        super()._action_command_list(action)

    def _action_cursor_down(self) -> None:
        if self.query(CommandList):  # not put together yet, or taken down already
            super()._action_cursor_down()

    @work(exclusive=True, group=CommandPalette._GATHER_COMMANDS_GROUP)
    async def _gather_commands(self, search_value: str) -> None:
        if not self.query(CommandList):  # started as the palette was being taken down
            return
        await CommandPalette._gather_commands.__wrapped__(self, search_value)  # type: ignore[attr-defined]
