"""The breathing pacer: a soft disk that grows on the inhale and shrinks on the exhale.

Drawn in half-block cells (two square-ish pixels to a cell) with anti-aliased edges and a
faint glow, from ``core.timing.frames.frame_at``. It never runs a frame rate: after each frame it
asks ``core.timing.frames.next_change`` when the visible frame will next differ and sets one timer
for then.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip
from textual.timer import Timer
from textual.widget import Widget

from mindful_tui.core.script.model import PHASE_WORDS
from mindful_tui.core.script.words import translator
from mindful_tui.core.timing.clock import to_real
from mindful_tui.core.timing.engine import Session
from mindful_tui.core.timing.frames import REST, Frame, frame_at, next_change

SHADES = 16
"""Steps of brightness for the disk's soft edge and glow."""
SMALLEST = 0.3
"""The empty-lungs disk as a share of the largest one: it never vanishes."""
GLOW = 2.0
"""How far (in pixels) the faint halo reaches beyond the disk."""


class Pacer(Widget):
    """Shows the breath of a playing session; call ``sync`` after any control."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"pacer--caption"}

    DEFAULT_CSS = """
    Pacer { color: $primary; height: 1fr; }
    Pacer > .pacer--caption { color: $foreground; text-style: bold; }
    """

    @dataclass
    class PhaseChanged(Message):
        """The pacer moved into a new phase (or out of breathing, ``phase`` None)."""

        frame: Frame

    def __init__(
        self,
        session: Session,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.session = session
        self.counting = True
        """Show the seconds left in the phase (dim mode turns this off: fewer wakes)."""
        self.frame: Frame = REST
        self._caption_shown: str | None = None
        """The caption as last drawn (None: not drawn yet)."""
        self.on_wake: Callable[[], None] | None = None
        """Called instead of ``sync`` when the next frame is due: a host that shows other
        things changing at the same moment (the seconds left) updates them with it, in
        one screen update instead of two; it must call ``sync``."""
        self.redraws = 0
        """How many frames were drawn: tests and the benchmark read it."""
        self._timer: Timer | None = None
        self._palette: tuple[object, list[Style]] = ((), [])
        self._palette_checked = False
        self._disk_lines: dict[tuple[object, ...], Strip] = {}
        """Drawn rows of the disk by (size, palette, level, row): a breath has only
        ``levels`` sizes, so after the first breath a redraw is a look-up."""

    @property
    def levels(self) -> int:
        """How many sizes the disk takes: one per terminal row its radius grows (two
        half-block pixels). Per pixel drew twice as often (1.0% of a core at 80×24
        against 0.8%, dim 1.0% against 0.6%) for steps the soft edge mostly blurs."""
        largest = self._largest_radius()
        return max(1, round(largest * (1 - SMALLEST) / 2))

    def _largest_radius(self) -> float:
        rows = max(0, self.size.height - 2)
        return max(1.0, min(self.size.width / 2 - 1, float(rows)))

    def on_mount(self) -> None:
        self.sync()

    def on_resize(self) -> None:
        self.sync(force=True)

    def sync(self, force: bool = False) -> None:
        """Catch up with the session: redraw if the frame changed, and wake at the next one."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        # The session's own breath, or its interlude's while one plays (turning over).
        timeline, t = self.session.now_playing()
        frame = frame_at(timeline, t, self.levels)
        before, self.frame = self.frame, frame
        if frame.phase != before.phase or frame.cycle != before.cycle:
            self.post_message(self.PhaseChanged(frame))
            for kind in PHASE_WORDS:
                self.set_class(frame.phase == kind, f"-{kind}")
        caption = self.caption()
        if force or frame.level != before.level or caption != self._caption_shown:
            # Only what can be seen counts: the frame's progress and fullness change at
            # every call, its level and caption only now and then.
            self.redraws += 1
            width, height = self.size
            regions = []
            if caption != self._caption_shown:
                regions.append(Region(0, max(0, height - 1), width, 1))
            self._caption_shown = caption
            if force:
                self.refresh()
            elif frame.level != before.level:
                # The disk's rows alone, not the blank ones above and below it.
                level = max(frame.level, before.level)
                rows, columns = self._disk_rows(level), self._disk_columns(level)
                regions.append(Region(columns.start, rows.start, len(columns), len(rows)))
                self.refresh(*regions)
            else:
                self.refresh(*regions)
        if self.session.state != "playing":
            return
        after = next_change(timeline, t, self.levels, self.counting)
        if after is not None:
            self._timer = self.set_timer(
                max(0.0, to_real(self.session.clock, after - t)), self._wake
            )

    def _wake(self) -> None:
        (self.on_wake or self.sync)()

    def set_counting(self, counting: bool) -> None:
        """Show or hide the countdown of seconds."""
        self.counting = counting
        self.sync(force=True)

    # -- drawing ----------------------------------------------------------------------

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._palette_checked = False

    def _styles(self) -> list[Style]:
        """Rich styles for each shade, from the background to the disk's colour."""
        if self._palette_checked:
            return self._palette[1]
        # Looked up again only after a change of style (theme, dim, pause), not per row.
        self._palette_checked = True
        background = self.background_colors[1]
        key = (background, self.styles.color)
        if self._palette[0] != key:
            disk = background + self.styles.color
            self._palette = (
                key,
                [
                    Style.from_color(background.blend(disk, i / SHADES).rich_color)
                    for i in range(SHADES + 1)
                ],
            )
        return self._palette[1]

    def _shade(self, x: float, y: float, cx: float, cy: float, radius: float) -> int:
        distance = math.hypot(x - cx, y - cy)
        inside = min(1.0, max(0.0, radius + 0.5 - distance))
        # Brighter towards the centre, like light through a lens; a faint halo outside.
        body = inside * (0.86 + 0.14 * max(0.0, 1 - distance / (radius + 1)))
        halo = 0.14 * min(1.0, max(0.0, (radius + GLOW - distance) / GLOW))
        return round(max(body, halo) * SHADES)

    def render_line(self, y: int) -> Strip:
        width, height = self.size
        if y >= height - 1:
            return self._caption(width)
        rows = height - 2
        if y >= rows:
            return Strip.blank(width, self.rich_style)
        palette = self._styles()
        key = (width, height, self._palette[0], self.frame.level, y)
        cached = self._disk_lines.get(key)
        if cached is None:
            if len(self._disk_lines) > 4096:  # sizes and themes change rarely
                self._disk_lines.clear()
            cached = self._disk_lines[key] = self._disk_line(
                self.frame.level, y, width, rows, palette
            )
        return cached

    def _radius(self, level: int) -> float:
        """The disk's radius in pixels at ``level``."""
        return self._largest_radius() * (SMALLEST + (1 - SMALLEST) * level / self.levels)

    def _disk_rows(self, level: int) -> range:
        """The rows the disk (with its glow) touches at ``level``; the rest are blank."""
        rows = max(0, self.size.height - 2)
        reach = self._radius(level) + GLOW + 1
        # Row y holds pixels 2y + 0.5 and 2y + 1.5; the centre is at pixel ``rows``.
        first = max(0, math.floor((rows - reach - 1.5) / 2))
        last = min(rows - 1, math.ceil((rows + reach - 0.5) / 2))
        return range(first, last + 1)

    def _disk_columns(self, level: int) -> range:
        """The columns the disk (with its glow) touches at ``level``."""
        width = self.size.width
        reach = self._radius(level) + GLOW + 1
        return range(
            max(0, math.floor(width / 2 - reach - 1)), min(width, math.ceil(width / 2 + reach + 1))
        )

    def _disk_line(self, level: int, y: int, width: int, rows: int, palette: list[Style]) -> Strip:
        radius = self._radius(level)
        cx, cy = width / 2, float(rows)
        top, bottom = 2 * y + 0.5, 2 * y + 1.5
        if abs(top - cy) > radius + GLOW + 1 and abs(bottom - cy) > radius + GLOW + 1:
            return Strip.blank(width, self.rich_style)
        shade = self._shade
        looks: dict[tuple[int, int], Style] = {}
        segments: list[Segment] = []
        run_style: Style | None = None
        run = 0
        touched = self._disk_columns(level)
        for x in range(width):
            # Beyond the glow every pixel is the background: no need to measure.
            look = (
                (shade(x + 0.5, top, cx, cy, radius), shade(x + 0.5, bottom, cx, cy, radius))
                if x in touched
                else (0, 0)
            )
            style = looks.get(look) or self._cell_style(look, palette, looks)
            if style is not run_style and style != run_style:
                if run_style is not None:
                    segments.append(_run(run, run_style))
                run_style, run = style, 0
            run += 1
        if run_style is not None:
            segments.append(_run(run, run_style))
        return Strip(segments, width)

    @staticmethod
    def _cell_style(
        look: tuple[int, int], palette: list[Style], looks: dict[tuple[int, int], Style]
    ) -> Style:
        """The style of a cell whose upper and lower pixels have these shades."""
        style = looks.get(look)
        if style is None:
            upper, lower = palette[look[0]], palette[look[1]]
            # A cell of one colour is a space: less to send, and clean when copied.
            style = looks[look] = (
                Style(bgcolor=lower.color)
                if upper is lower
                else Style(color=upper.color, bgcolor=lower.color)
            )
        return style

    def caption(self) -> str:
        """The words under the disk: the phase, its seconds left, the breath k of n."""
        frame = self.frame
        timeline = self.session.timeline
        say = translator(timeline.language).gettext
        if self.session.state == "paused":
            return say("Paused")
        if frame.phase is None:
            return ""
        words = timeline.words[frame.phase]
        if not self.counting:
            return words
        breath = say("breath {cycle} of {of}").format(cycle=frame.cycle, of=frame.of)
        return f"{words}  {frame.seconds_left}   ·   {breath}"

    def _caption(self, width: int) -> Strip:
        text = self.caption()[:width]
        style = self.rich_style + self.get_component_rich_style("pacer--caption")
        left = (width - len(text)) // 2
        return Strip(
            [
                Segment(" " * left, self.rich_style),
                Segment(text, style),
                Segment(" " * (width - left - len(text)), self.rich_style),
            ],
            width,
        )


def _run(length: int, style: Style) -> Segment:
    return Segment(("▀" if style.color is not None else " ") * length, style)
