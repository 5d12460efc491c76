"""Asks before abandoning a session that is still playing."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static


class ConfirmQuitScreen(ModalScreen[bool]):
    """Dismisses with True to end the session, False to carry on."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y,q", "choose(True)", "End session", id="confirm"),
        Binding("n,escape,space", "choose(False)", "Carry on", id="cancel"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static("End this session now?", id="question")
            yield Static("y  end it     n  carry on", id="choices")

    def action_choose(self, end: bool) -> None:
        self.dismiss(end)
