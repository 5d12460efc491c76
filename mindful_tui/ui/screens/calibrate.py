"""Calibration: the person taps space as each breath turns in and as it turns out, for
about six breaths; their pace and in:out ratio are shown and kept for ``pattern: mine``.

Calm and still: a few lines of instructions, a quiet count of breaths, and a plain line
when a tap went wrong (that breath is asked again, never guessed). Escape leaves without
keeping anything; the result is kept the moment it is measured.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from mindful_tui.core.storage import calibrations
from mindful_tui.core.storage.calibrations import Saved
from mindful_tui.core.timing.calibration import BREATHS, Feedback, Tapper
from mindful_tui.core.timing.clock import Clock, MonotonicClock
from mindful_tui.ui.literal import clean, literal
from mindful_tui.ui.widgets.keybar import KeyBar

NUMBERS = {4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight"}

INSTRUCTIONS = (
    "Sit or lie as you are, and breathe the way you do at rest.\n"
    "Close your eyes if you like.\n\n"
    "Tap space as each breath turns in,\n"
    "and again as it turns out.\n\n"
    f"About {NUMBERS.get(BREATHS, str(BREATHS))} breaths is enough."
)

SKIP = "\nEscape skips it: the session plays your last measured breath."

CSS = """
CalibrateScreen {
    align: center middle;
}
CalibrateScreen #calibration {
    width: 64;
    max-width: 100%;
    height: auto;
    padding: 1 2;
}
CalibrateScreen #calibration > Static {
    width: 100%;
    content-align: center middle;
    text-align: center;
}
CalibrateScreen #title {
    text-style: bold;
    margin-bottom: 1;
}
CalibrateScreen #opening {
    margin-bottom: 1;
}
CalibrateScreen #instructions {
    color: $text-muted;
}
CalibrateScreen #count {
    margin-top: 2;
}
CalibrateScreen #said {
    margin-top: 1;
    color: $text-warning;
    min-height: 2;
}
CalibrateScreen #result {
    text-style: bold;
}
"""


class CalibrateScreen(Screen[Saved | None]):
    """Measure a resting breath from taps; dismissed with the calibration kept, or None."""

    DEFAULT_CSS = CSS
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "tap", "Tap", id="tap", priority=True),
        Binding("escape", "leave", "Leave", id="leave"),
        Binding("enter", "close", "Close", id="close"),
    ]

    def __init__(self, clock: Clock | None = None, opening: str | None = None) -> None:
        """``opening``: the words of a session that opens by measuring the breath (shown
        as they are written, above the instructions)."""
        super().__init__()
        self.opening = opening
        self.clock = clock or MonotonicClock()
        """Where tap times are read (a fake clock in tests)."""
        self.tapper = Tapper()
        self.saved: Saved | None = None
        """The calibration, once measured and kept."""
        self.finished = False

    def compose(self) -> ComposeResult:
        with Vertical(id="calibration"):
            yield Static("Your own breath", id="title")
            if self.opening is not None:
                yield Static(literal(self.opening), id="opening")
            yield Static(
                INSTRUCTIONS + (SKIP if self.opening else ""), id="instructions", markup=False
            )
            yield Static(self._count(), id="count")
            yield Static("", id="said", markup=False)
            yield Static("", id="result", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        previous, warnings = calibrations.latest()
        for warning in warnings:
            self.notify(clean(warning), title="Calibrations", timeout=10, markup=False)
        if previous is not None:
            self._said(f"Last time: {previous.describe()}.")

    def _count(self) -> Content:
        """How far the counting has got: a dot for each breath, filled once measured."""
        done = len(self.tapper.good)
        wanted = self.tapper.wanted
        dots = "● " * done + "○ " * max(0, wanted - done)
        if self.tapper.waiting:
            phase = "Tap space as your next breath turns in."
        else:
            phase = "breathing in" if self.tapper.breathing_in else "breathing out"
        return Content.assemble((dots.strip(), "bold"), "\n", (phase, "dim"))

    def _said(self, text: str) -> None:
        self.query_one("#said", Static).update(Content(clean(text)))

    def action_tap(self) -> None:
        """Space: the breath turns (in, or out)."""
        if self.finished:
            return
        feedback = self.tapper.tap(self.clock.now())
        self.query_one("#count", Static).update(self._count())
        if feedback.kind == "done":
            self._finish(feedback)
        elif feedback.message:
            self._said(feedback.message)
        elif feedback.kind == "breath":
            self._said("")

    def _finish(self, feedback: Feedback) -> None:
        result = feedback.result
        assert result is not None
        try:
            self.saved = calibrations.save(result)
        except OSError as exc:
            kept = f"It could not be kept: {exc}"
        else:
            kept = "Kept: scripts with pattern: mine now breathe like this."
        self.finished = True
        self.refresh_bindings()
        self.query_one("#count", Static).update(
            Content.styled(("● " * result.breaths).strip(), "bold")
        )
        self.query_one("#result", Static).update(
            Content(
                f"{result.breaths_per_minute:.1f} breaths a minute\n"
                f"{result.inhale:.1f} s in, {result.exhale:.1f} s out ({result.ratio})"
            )
        )
        self._said(kept)
        self.query_one("#instructions", Static).update("Enter or Escape to close.")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Once measured, space has nothing left to count (and the key bar says Close)."""
        if action == "tap":
            return not self.finished
        if action == "close":
            return self.finished
        return True

    def action_leave(self) -> None:
        """Escape: leave; nothing is kept unless it was measured already."""
        self.dismiss(self.saved)

    def action_close(self) -> None:
        """Enter, once measured: close."""
        if self.finished:
            self.dismiss(self.saved)
