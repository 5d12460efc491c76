"""A screen with commands of its own in the command palette."""

from __future__ import annotations

from collections.abc import Iterator

from textual.app import SystemCommand
from textual.screen import Screen


class CommandScreen(Screen[None]):
    """A screen whose ``system_commands`` the app adds to the palette while it is shown."""

    def system_commands(self) -> Iterator[SystemCommand]:
        """This screen's commands (none unless a screen says otherwise)."""
        yield from ()
