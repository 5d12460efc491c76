"""Minutes practised per day, as a quiet bar chart of block characters.

Each day is a column, oldest on the left and today on the right; bars grow in eighths of
a row, a day without practice is a faint dot, and the first day of each week is named
underneath so the eye can find its place.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

EIGHTHS = " ▁▂▃▄▅▆▇█"
GUTTER = 8
"""Columns on the left for the scale."""


class DailyChart(Widget):
    """A bar for each day's minutes; the height of the widget less one is the bars' rows."""

    DEFAULT_CSS = """
    DailyChart {
        height: 7;
        width: 1fr;
    }
    """

    days: reactive[tuple[tuple[date, float], ...]] = reactive(())
    """Each day and its minutes, oldest first."""

    def __init__(
        self,
        days: Sequence[tuple[date, float]] = (),
        *,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.set_reactive(DailyChart.days, tuple(days))

    @property
    def minutes(self) -> list[float]:
        """The minutes of each day, oldest first."""
        return [minutes for _, minutes in self.days]

    @property
    def scale(self) -> float:
        """The minutes a full-height bar stands for: the busiest day, rounded up."""
        return float(max(1, math.ceil(max(self.minutes, default=0))))

    def render(self) -> Content:
        rows = max(1, self.content_size.height - 1)
        count = len(self.days)
        if not count:
            return Content("")
        step = max(1, (self.content_size.width - GUTTER) // count)
        bar = step - 1 if step > 2 else 1
        levels = [self._eighths(minutes, rows) for minutes in self.minutes]
        lines: list[Content] = []
        for row in range(rows, 0, -1):
            if row == rows:
                gutter = f"{self.scale:>3.0f} min"
            elif row == 1:
                gutter = f"{0:>3}    "
            else:
                gutter = " " * (GUTTER - 1)
            parts: list[Content | tuple[str, str] | str] = [(gutter.ljust(GUTTER), "dim")]
            for index, eighths in enumerate(levels):
                style = "$accent" if index == count - 1 else "$primary"
                filled = eighths - (row - 1) * 8
                if eighths == 0 and row == 1:
                    cell = ("·".center(bar), "dim")
                elif filled >= 8:
                    cell = ("█" * bar, style)
                elif filled > 0:
                    cell = (EIGHTHS[filled] * bar, style)
                else:
                    cell = (" " * bar, "")
                parts.append(cell)
                parts.append(" " * (step - bar))
            lines.append(Content.assemble(*parts))
        lines.append(Content.styled(self._labels(step), "dim"))
        return Content("\n").join(lines)

    def _eighths(self, minutes: float, rows: int) -> int:
        """How many eighths of a row the bar fills (at least one when there was practice)."""
        if minutes <= 0:
            return 0
        return max(1, min(rows * 8, round(minutes / self.scale * rows * 8)))

    def _labels(self, step: int) -> str:
        """The first day of each week under its column, and ``today`` under the last."""
        width = GUTTER + step * len(self.days)
        line = [" "] * width
        end = GUTTER + step * (len(self.days) - 1)
        today = "today"
        today_at = max(GUTTER, min(end, width - len(today)))
        taken = today_at
        for index in range(0, len(self.days) - 1, 7):
            day = self.days[index][0]
            label = f"{day.day} {day:%b}"
            at = GUTTER + index * step
            if at + len(label) >= taken:
                break
            line[at : at + len(label)] = label
        line[today_at : today_at + len(today)] = today
        return "".join(line).rstrip()
