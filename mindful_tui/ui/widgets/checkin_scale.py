"""A 0–10 answer in one key press: 0–9, and ``t`` for ten."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widget import Widget

KEYS = "0123456789t"


class CheckinScale(Widget, can_focus=True):
    """Shows the scale 0 … 10 and posts ``Answered`` when a number key is pressed."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *(
            Binding(key, f"answer({value})", str(value), show=False)
            for value, key in enumerate(KEYS)
        ),
        Binding("escape", "answer(None)", "Skip", id="skip"),
    ]

    DEFAULT_CSS = """
    CheckinScale { height: 1; width: auto; }
    """

    @dataclass
    class Answered(Message):
        """A number was chosen (``None``: the question was skipped)."""

        value: int | None

    def render(self) -> str:
        return "  ".join(str(n) for n in range(10)) + "  10(t)"

    def action_answer(self, value: int | None) -> None:
        self.post_message(self.Answered(value))
