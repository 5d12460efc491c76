"""Asks before leaving a form whose changes were not saved."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static


class DiscardChangesScreen(ModalScreen[bool]):
    """Dismisses with True to leave without saving, False to stay."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "choose(True)", "Leave", id="discard"),
        Binding("n,escape", "choose(False)", "Stay", id="stay"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static("Leave without saving your changes?", id="question")
            yield Static("y  leave     n  stay", id="choices")

    def action_choose(self, discard: bool) -> None:
        self.dismiss(discard)
