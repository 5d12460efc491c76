"""Textual's command palette, which closes once.

The Enter that runs a command dismisses the palette; Enters typed right behind it (fast
keys arrive in one read) reach the palette before it is gone and dismissed it again each
time, and each dismissal popped whatever was on top: the player or the picker under it,
then nothing, and the app crashed. Here a palette that is no longer on top does nothing
when dismissed.
"""

from __future__ import annotations

from textual.await_complete import AwaitComplete
from textual.command import CommandPalette


class Palette(CommandPalette):
    """The command palette; dismissing it again once it has gone does nothing."""

    def dismiss(self, result: None = None) -> AwaitComplete:
        if not self.is_attached or self.app.screen is not self:
            return AwaitComplete()
        return super().dismiss(result)
