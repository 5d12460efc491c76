"""Shown while the terminal is smaller than the player can draw; the session waits."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen
from textual.widgets import Static

MIN_WIDTH = 40
MIN_HEIGHT = 12


class TooSmallScreen(ModalScreen[None]):
    """Asks for a larger terminal; it goes away by itself once there is room. ``q`` (and
    Ctrl+Q) leave from here too, the session logged as stopped."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("q", "app.quit", "Quit", id="quit")]

    def compose(self) -> ComposeResult:
        yield Static(
            f"Please make the terminal at least {MIN_WIDTH}×{MIN_HEIGHT}.\n"
            "The session waits. (q quits)",
            id="too-small",
        )
