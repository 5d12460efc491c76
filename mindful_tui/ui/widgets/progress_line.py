"""How far through the session: a thin bar, redrawn only when it visibly moves.

It draws exactly what Textual's ``ProgressBar`` draws with neither percentage nor ETA,
without its once-a-second ETA timer (a wake-up and a screen update every second, even
paused or hidden in dim mode) and without its container of two widgets.
"""

from __future__ import annotations

from typing import ClassVar

from rich.style import Style
from textual.app import RenderResult
from textual.renderables.bar import Bar
from textual.widget import Widget


class ProgressLine(Widget):
    """A bar filled to ``progress`` of ``total``, to the half cell."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"progress-line--bar", "progress-line--complete"}

    DEFAULT_CSS = """
    ProgressLine {
        height: 1;
        & > .progress-line--bar {
            color: $primary;
            background: $surface;
        }
        & > .progress-line--complete {
            color: $success;
            background: $surface;
        }
    }
    """

    def __init__(self, total: float, *, id: str | None = None, classes: str | None = None):
        super().__init__(id=id, classes=classes)
        self.total = total
        self.progress = 0.0
        self._halves = -1
        """Half cells filled when last drawn (-1: not yet drawn)."""

    @property
    def share(self) -> float:
        """How much of the total is done, 0 to 1."""
        return min(1.0, max(0.0, self.progress / self.total)) if self.total > 0 else 1.0

    def _filled(self) -> int:
        return int(self.share * self.size.width * 2)

    def update(self, progress: float) -> None:
        """Set the progress; redraw only if the bar would look different."""
        self.progress = progress
        if self._filled() != self._halves:
            self.refresh()

    def render(self) -> RenderResult:
        self._halves = self._filled()
        look = self.get_component_rich_style(
            "progress-line--complete" if self.share >= 1 else "progress-line--bar"
        )
        return Bar(
            highlight_range=(0, self._halves / 2),
            highlight_style=Style.from_color(look.color),
            background_style=Style.from_color(look.bgcolor),
        )
