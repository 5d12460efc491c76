"""The end of a session: time practised, breaths taken, answers given, a one-line
reflection, and what next.

Time practised and breaths are those actually played and taken, as the practice log
has them: a step skipped with ``n`` counts for neither."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from mindful_tui.core.script.words import DEFAULT_LANGUAGE, translator
from mindful_tui.core.timing.timefmt import clock
from mindful_tui.ui.literal import literal
from mindful_tui.ui.messages import OpenPicker

if TYPE_CHECKING:
    from mindful_tui.core.storage.calibrations import Saved
    from mindful_tui.session.practice import Practice

REFLECTION_LIMIT = 280


class ClosingScreen(Screen[None]):
    """A quiet summary with room for one line on how you feel; Enter goes to the list of
    scripts, q quits."""

    CSS_PATH = "../closing.tcss"
    """Its styles, parsed when it is first shown (the player starts without them)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "choose_another", "Choose another", id="another"),
        Binding("q", "app.quit", "Quit", id="quit"),
        Binding("escape", "leave_note", "Done", id="leave-note"),
        Binding("c", "calibrate", "Calibrate again", id="calibrate"),
    ]

    def __init__(
        self,
        title: str,
        practised: float,
        breaths: int,
        answers: dict[str, str | int],
        practice: Practice | None = None,
        skipped: float = 0.0,
        language: str = DEFAULT_LANGUAGE,
    ) -> None:
        super().__init__()
        self.words = translator(language)
        """The closing words follow the session's language."""
        self.title_text = title
        self.practised = practised
        """Seconds actually played: what the practice log records too."""
        self.skipped = skipped
        """Seconds skipped forward: the session is not logged as a full one."""
        self.breaths = breaths
        self.answers = answers
        self.practice = practice
        self.reflection: str | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="closing"):
            say = self.words.gettext
            ending = say("Well done.") if self.skipped <= 0 else say("The end.")
            yield Static(ending, id="well-done")
            yield Static(literal(self.title_text), id="closing-title")
            yield Static(self.summary(), id="summary")
            for key, value in self.answers.items():
                shown = (
                    say("{value} of 10").format(value=value) if isinstance(value, int) else value
                )
                yield Static(literal(f"{key}: {shown}"), classes="answer")
            if self.practice is not None and self.practice.record is not None:
                yield Input(
                    placeholder=say("How do you feel now? One line, then enter (optional)"),
                    max_length=REFLECTION_LIMIT,
                    id="reflection",
                )
            breath = self._breath()
            yield Static(breath, id="breath", markup=False).set_class(not breath, "-empty")
            if self.practice is not None and self.practice.log_problem:
                yield Static(literal(self.practice.log_problem), id="log-problem")
            yield Static(say("Take a moment before you get up."), id="next")
        yield Footer()

    def summary(self) -> str:
        """Time practised and breaths taken, in words."""
        say = self.words.gettext
        count = self.words.ngettext("{count} breath", "{count} breaths", self.breaths)
        breaths = count.format(count=self.breaths)
        summary = f"{say('{time} practised').format(time=clock(self.practised))}  ·  {breaths}"
        if self.skipped > 0:
            summary += f"  ·  {say('{time} skipped').format(time=clock(self.skipped))}"
        return summary

    def _breath(self) -> str:
        """The breath calibrated before the session and after it, as far as known."""
        record = self.practice.record if self.practice is not None else None
        if record is None:
            return ""
        before, after = record.breath_before, record.breath_after
        if before is not None and after is not None:
            return f"Your breath: {before:.1f} → {after:.1f} a minute"
        if after is not None:
            return f"Your breath now: {after:.1f} a minute"
        if before is not None:
            return f"Your breath before: {before:.1f} a minute  ·  c to calibrate again"
        return ""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        typing = isinstance(self.focused, Input)
        if action == "leave_note":
            return typing
        if action in ("choose_another", "quit"):
            return not typing
        if action == "calibrate":
            # Only for a logged session: the breath after is kept on its line.
            logged = self.practice is not None and self.practice.record is not None
            return logged and not typing
        return True

    def action_calibrate(self) -> None:
        """Measure the breath now, to keep beside the session (``c``)."""
        from mindful_tui.ui.screens.calibrate import CalibrateScreen

        self.app.push_screen(CalibrateScreen(), self._calibrated)

    def _calibrated(self, saved: Saved | None) -> None:
        if saved is None or self.practice is None:
            return
        self.practice.calibrated_after(saved.calibration)
        shown = self.query_one("#breath", Static)
        shown.update(self._breath())
        shown.remove_class("-empty")

    @on(Input.Submitted, "#reflection")
    def _reflected(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if not text:
            self.action_choose_another()  # nothing to note: enter goes on, as it says
            return
        if self.practice is not None:
            self.practice.reflect(text)
            self.reflection = text
            event.input.disabled = True
            self.query_one("#next", Static).update(
                literal(self.words.gettext("Noted. Take a moment before you get up."))
            )
        self.action_leave_note()

    def action_leave_note(self) -> None:
        """Leave the reflection line (nothing typed is kept unless enter was pressed)."""
        self.set_focus(None)
        self.refresh_bindings()

    def action_choose_another(self) -> None:
        self.post_message(OpenPicker())
