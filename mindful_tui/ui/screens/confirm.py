"""A yes/no question over the current screen (quit a session, leave unsaved settings)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static


class ConfirmScreen(ModalScreen[bool]):
    """Dismisses with True for yes, False for no; subclasses give the words and keys
    (``BINDINGS`` calling ``choose(True)`` or ``choose(False)``)."""

    QUESTION: ClassVar[str] = ""
    CHOICES: ClassVar[str] = ""

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(self.QUESTION, id="question")
            yield Static(self.CHOICES, id="choices")

    def action_choose(self, yes: bool) -> None:
        self.dismiss(yes)
