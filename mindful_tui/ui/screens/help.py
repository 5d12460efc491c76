"""What each key of the player does, in plain words."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

KEYS = (
    ("space", "pause, and resume"),
    ("n / p", "next step / back to this or the previous step"),
    ("v / s", "voice on or off / sounds on or off"),
    ("d", "dim mode: dark and still, for eyes closed"),
    ("t", "turn over: a pause to turn onto the back, then carry on"),
    ("e", "end soon: on to the closing, within two breaths (twice when dim)"),
    ("0–9, t", "answer a check-in (t is ten)"),
    ("ctrl+z", "pause and suspend to the shell"),
    ("ctrl+p", "every command, by name"),
    ("q", "end the session (asks first)"),
)


class HelpScreen(ModalScreen[None]):
    """The player's keys; any of escape, ? or q closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "close", "Close", id="close")
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static("Keys", id="question")
            for key, does in KEYS:
                yield Static(f"{key:>8}   {does}", classes="help-line", markup=False)

    def action_close(self) -> None:
        self.dismiss()
