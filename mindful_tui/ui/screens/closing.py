"""The end of a session: time practised, breaths taken, answers given, and what next."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Static

from mindful_tui.core.timefmt import clock
from mindful_tui.ui.literal import literal


class ClosingScreen(Screen[None]):
    """A quiet summary; Enter goes to the list of scripts, q quits."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "choose_another", "Choose another", id="another"),
        Binding("q,escape", "app.quit", "Quit", id="quit"),
    ]

    def __init__(
        self, title: str, practised: float, breaths: int, answers: dict[str, str | int]
    ) -> None:
        super().__init__()
        self.title_text = title
        self.practised = practised
        self.breaths = breaths
        self.answers = answers

    def compose(self) -> ComposeResult:
        with Vertical(id="closing"):
            yield Static("Well done.", id="well-done")
            yield Static(literal(self.title_text), id="closing-title")
            yield Static(self.summary(), id="summary")
            for key, value in self.answers.items():
                shown = f"{value} of 10" if isinstance(value, int) else value
                yield Static(literal(f"{key}: {shown}"), classes="answer")
            yield Static(
                "Take a moment before you get up.\n\nenter  choose another      q  quit",
                id="next",
            )
        yield Footer()

    def summary(self) -> str:
        """Time practised and breaths taken, in words."""
        breaths = f"{self.breaths} breath{'s' if self.breaths != 1 else ''}"
        return f"{clock(self.practised)} practised  ·  {breaths}"

    def action_choose_another(self) -> None:
        from mindful_tui.ui.app import MindfulApp

        if isinstance(self.app, MindfulApp):
            self.app.open_picker()
