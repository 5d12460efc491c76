"""The picker: every script, grouped by before, during and after a massage.

Typing filters the list; the highlighted script's plan shows beside it; + and - change
its length in whole minutes (the breathing steps are fitted to it); Enter plays. The
plain timer (silence framed by a bowl, a bell every few minutes) is listed among the
sessions for during a massage, its minutes changed with + and - too.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.events import Key, Resize
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from mindful_tui.core.script.model import Breathe
from mindful_tui.core.script.plain_timer import timer_script
from mindful_tui.core.script.problems import display_path
from mindful_tui.core.script.words import DEFAULT_LANGUAGE, language_name, primary
from mindful_tui.core.storage import library
from mindful_tui.core.storage.user_settings import Settings
from mindful_tui.core.timing.timefmt import clock
from mindful_tui.core.timing.timeline import Timeline, compile_script
from mindful_tui.session.options import Choices, Setup, setup
from mindful_tui.ui.literal import clean
from mindful_tui.ui.messages import PlaySession
from mindful_tui.ui.screens.commanding import CommandScreen
from mindful_tui.ui.widgets.keybar import KeyBar
from mindful_tui.ui.widgets.plan_preview import PlanPreview, pace

GROUPS = {
    "before": "Before your massage",
    "during": "During your massage",
    "after": "After your massage",
    "other": "Other sessions",
    "broken": "Needs fixing",
    "shadowed": "Hidden by a script of the same name",
}
TITLE = 30
"""Columns for a script's title in the list, so lengths line up."""
NARROW = 72
"""Below this many columns the preview is hidden, so the list keeps its room."""


@dataclass(frozen=True)
class Choice:
    """A script as the picker lists it."""

    entry: library.Entry
    timeline: Timeline | None
    """Its plan as written (None when it cannot be read)."""

    @property
    def key(self) -> str:
        """Its name, unique in the list: a shadowed file is known by its path too."""
        entry = self.entry
        return entry.name if entry.shadowed_by is None else f"{entry.name}@{entry.path}"

    @property
    def playable(self) -> bool:
        """True when Enter can play it: it loaded, and no other file hides its name."""
        return self.entry.script is not None and self.entry.shadowed_by is None

    @property
    def natural(self) -> Fraction:
        """Its length as written."""
        return self.timeline.total if self.timeline is not None else Fraction(0)

    @property
    def words(self) -> str:
        """What the filter matches against."""
        script = self.entry.script
        if script is None:
            return self.entry.name.lower()
        named = [self.entry.name, script.title, script.summary, *script.tags, script.language]
        return " ".join(named).lower()


TIMER = "/timer"
"""The plain timer's name in the list (no script file can be named so)."""
TIMER_MINUTES = 20
"""The timer's minutes until + or - changes them."""
TIMER_BELL = Fraction(5)
"""Minutes between the timer's bells (``mindful timer --bell-every`` chooses others)."""
TIMER_TITLE = "Timer: silence and bells"
"""What the list calls the timer (its length is in the list's own column)."""
MOST_MINUTES = 120
"""The longest a session can be made with + here."""


def timer_choice(minutes: int) -> Choice:
    """The plain timer of ``minutes``, as the picker lists it."""
    script = timer_script(Fraction(minutes), TIMER_BELL)
    entry = library.Entry(TIMER, Path("timer"), "built-in", script, ())
    return Choice(entry, compile_script(script))


LEAD_INS = (0, 30, 60, 120)
"""The lead-ins F4 steps through, in seconds."""


class PickerScreen(CommandScreen):
    """Choose a session, adjust its length, and play it."""

    DEFAULT_CSS = (Path(__file__).parent.parent / "picker.tcss").read_text(encoding="utf-8")
    """Its styles, parsed when it is first shown (the player starts without them): as
    the screen's default CSS, added with its widgets' and parsed with them, in one pass
    (a CSS_PATH would parse every stylesheet of the app again, and restyle every node)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "play", "Play", id="play", priority=True),
        Binding("plus,equals_sign", "longer", "+1 min", id="longer"),
        Binding("minus", "shorter", "-1 min", id="shorter"),
        Binding("escape", "clear_or_quit", "Quit", id="quit"),
        # Function keys: letters are typed into the filter.
        Binding("f2", "history", "History", id="history"),
        Binding("f3", "settings", "Settings", id="settings"),
        Binding("f4", "lead_in", "Lead-in", id="lead_in"),
        # Rarely wanted: in the palette and the README, not on the crowded key bar.
        Binding("f5", "calibrate", "Calibrate", id="calibrate", show=False),
        # Said on the filter line, where the language shown is.
        Binding("f6", "language", "Language", id="language", show=False),
    ]

    def __init__(self, settings: Settings | None = None) -> None:
        super().__init__()
        self.settings = settings or Settings()
        """The user's settings: the lengths listed and the sessions played follow them."""
        self.choices: dict[str, Choice] = {}
        self.minutes: dict[str, int] = {}
        """Minutes chosen for a script (by name), when changed from its own length."""
        self.lead_in: int | None = None
        """Seconds of countdown chosen here (F4), when changed from the settings'."""
        self.timer_minutes = TIMER_MINUTES
        """The plain timer's minutes (+ and - on its entry)."""
        self.filter = ""
        self.language: str | None = primary(self.settings.language)
        """The language listed (with English sessions after it); None: every language.
        It starts at your preferred one; F6 steps through the others."""
        self._listed = False
        """True once the list has been painted (the preview waits for it)."""
        self._setups: dict[tuple[str, int | None], Setup] = {}
        """Each script as it would play, by name and minutes chosen: planned once (a
        plan takes a millisecond, and the list, its filter and the preview ask often)."""

    def compose(self) -> ComposeResult:
        yield Static("mindful", id="brand")
        yield Static(id="filter")
        with Horizontal(id="panes"):
            yield OptionList(id="scripts")
            with VerticalScroll(id="preview-pane"):
                yield PlanPreview(id="preview")
        yield KeyBar(palette=True)

    def on_mount(self) -> None:
        if not self.children:  # taken down before it was put together: the app is leaving
            return
        self._read_scripts()
        self.call_after_refresh(self._show_the_rest)

    def _read_scripts(self) -> None:
        self.choices.clear()
        for entry in library.entries():
            timeline = compile_script(entry.script) if entry.script is not None else None
            choice = Choice(entry, timeline)
            self.choices[choice.key] = choice
        self.choices[TIMER] = timer_choice(self.timer_minutes)
        self._fill()

    def _show_the_rest(self) -> None:
        """The preview, once the list is on screen: the list is what a person reads
        first, and the preview made its first frame wait."""
        self._listed = True
        self._preview()

    def _fill(self, stay: bool = True) -> None:
        """List the scripts that match the filter, under their group headings; ``stay``
        on the highlighted one where it is still listed (else the first is)."""
        words = self.filter.lower().split()
        grouped: dict[str, list[Choice]] = {group: [] for group in GROUPS}
        for choice in self.choices.values():
            if not all(w in choice.words for w in words) or not self._in_language(choice):
                continue
            script = choice.entry.script
            if choice.entry.shadowed_by is not None:
                grouped["shadowed"].append(choice)
                continue
            if script is None or any(p.is_error for p in choice.entry.problems):
                grouped["broken"].append(choice)
                continue
            for moment in script.moments or ("other",):
                grouped[moment].append(choice)
        options = self.query_one("#scripts", OptionList)
        highlighted = self.chosen if stay else None
        options.clear_options()
        for group, choices in grouped.items():
            if not choices:
                continue
            # Shortest first (the times are the list's own column): the quick reset
            # before a massage is at the top. Then by title.
            # The language listed comes before its English fallbacks.
            choices.sort(
                key=lambda c: (
                    _language(c) != self.language,
                    c.natural,
                    _title(c).casefold(),
                    c.entry.name,
                )
            )
            options.add_option(Option(Content.styled(GROUPS[group], "bold"), disabled=True))
            options.add_options(Option(self._line(c), id=f"{group}:{c.key}") for c in choices)
        self._show_filter()
        first = next(
            (i for i in range(options.option_count) if not options.get_option_at_index(i).disabled),
            None,
        )
        keep = next(
            (
                i
                for i in range(options.option_count)
                if highlighted is not None
                and (options.get_option_at_index(i).id or "").endswith(f":{highlighted.key}")
            ),
            first,
        )
        options.highlighted = keep
        self._preview()

    def _line(self, choice: Choice) -> Content:
        script = choice.entry.script
        if choice.entry.shadowed_by is not None:
            return Content.assemble(
                (clean(choice.entry.name), "bold"),
                "\n",
                (clean(f"  {display_path(choice.entry.path)}: shadowed"), "dim"),
            )
        if script is None:
            error = next((p for p in choice.entry.problems if p.is_error), None)
            return Content.assemble(
                (clean(choice.entry.name), "bold"),
                "\n",
                (clean(f"  {error.message if error else 'cannot be read'}"), "dim"),
            )
        timeline = self._setup(choice).timeline
        bpm = pace(timeline)
        facts = f"{clock(timeline.total):>5}  {f'{float(bpm):.2g}/min' if bpm else '':>7}"
        title = clean(TIMER_TITLE if choice.entry.name == TIMER else script.title)
        # Another language than English is named after the title, in the title's column.
        language = "" if script.language == DEFAULT_LANGUAGE else f" ({clean(script.language)})"
        return Content.assemble(
            (title, "bold"), (language.ljust(TITLE - len(title)), "dim"), (facts, "dim")
        )

    def _in_language(self, choice: Choice) -> bool:
        """Whether the language listed shows ``choice``: its language, English (the
        fallback), or every language; a script that cannot be read is always shown."""
        if self.language is None or choice.entry.script is None:
            return True
        return _language(choice) in (self.language, DEFAULT_LANGUAGE)

    def languages(self) -> list[str | None]:
        """What F6 steps through: your preferred language, the others the scripts are
        in, then every language (None)."""
        preferred = primary(self.settings.language)
        found = {_language(c) for c in self.choices.values() if c.entry.script is not None}
        return [preferred, *sorted(found - {preferred}), None]

    def action_language(self) -> None:
        """F6: list the next language's sessions (then every language, then yours)."""
        steps = self.languages()
        at = steps.index(self.language) if self.language in steps else -1
        self.language = steps[(at + 1) % len(steps)]
        self._fill(stay=False)  # the first of that language, shown in the preview

    def _setup(self, choice: Choice) -> Setup:
        """The session as it would play: the minutes chosen here, else the settings'."""
        assert choice.entry.script is not None
        minutes = self.minutes.get(choice.entry.name)
        planned = self._setups.get((choice.entry.name, minutes))
        if planned is None:
            chosen = Choices(
                minutes=None if minutes is None else Fraction(minutes), lead_in=self.lead_in
            )
            planned = setup(choice.entry.script, self.settings, chosen, choice.timeline)
            self._setups[choice.entry.name, minutes] = planned
        return planned

    @property
    def chosen(self) -> Choice | None:
        """The highlighted script, if any."""
        options = self.query_one("#scripts", OptionList)
        option = options.highlighted_option
        if option is None or option.id is None:
            return None
        return self.choices.get(option.id.split(":", 1)[1])

    @on(OptionList.OptionHighlighted)
    def _preview(self) -> None:
        if not self._listed:
            return
        choice = self.chosen
        preview = self.query_one(PlanPreview)
        if choice is None:
            preview.show_entry(None, None, Fraction(0))
            return
        script = self._setup(choice).script if choice.playable else None
        preview.show_entry(choice.entry, script, choice.natural)

    def _show_filter(self) -> None:
        shown = self.query_one("#filter", Static)
        listed = "every language" if self.language is None else language_name(self.language)
        language = (f"   ·   {listed} (F6)", "dim")
        if self.filter:
            shown.update(Content.assemble(("filter: ", "dim"), (self.filter, "bold"), language))
        else:
            shown.update(Content.assemble(("type to filter", "dim"), language))

    @on(OptionList.OptionSelected)
    def action_play(self) -> None:
        choice = self.chosen
        if choice is not None and choice.entry.shadowed_by is not None:
            self.notify(
                clean(
                    f"Hidden by {display_path(choice.entry.shadowed_by)}, which plays as"
                    f" {choice.entry.name}; rename one of them to play both."
                ),
                severity="warning",
                markup=False,
            )
            return
        if choice is None or choice.entry.script is None:
            self.notify("This script has errors; fix them to play it.", severity="warning")
            return
        self.post_message(PlaySession(self._setup(choice)))

    def on_key(self, event: Key) -> None:
        """Typing filters the list (letters, digits and spaces); backspace takes back."""
        if event.key == "backspace" and self.filter:
            self.filter = self.filter[:-1]
        elif event.is_printable and event.character and event.character not in "+-=":
            self.filter += event.character
        else:
            return
        event.stop()
        self._fill()

    def _change_minutes(self, by: int) -> None:
        choice = self.chosen
        if choice is None or choice.entry.script is None or not choice.playable:
            return
        if choice.entry.name == TIMER:
            # The timer is made afresh at its new length (it has no breathing to fit).
            self.timer_minutes = max(1, min(MOST_MINUTES, self.timer_minutes + by))
            self.choices[TIMER] = timer_choice(self.timer_minutes)
            self._setups.pop((TIMER, None), None)
            self._fill()
            return
        if not any(isinstance(s, Breathe) for s in choice.entry.script.steps):
            self.notify("This session has no breathing to lengthen or shorten.")
            return
        listed = max(1, round(self._setup(choice).timeline.total / 60))
        minutes = max(1, min(MOST_MINUTES, self.minutes.get(choice.entry.name, listed) + by))
        self.minutes[choice.entry.name] = minutes
        self._fill()

    def action_longer(self) -> None:
        self._change_minutes(+1)

    def action_shorter(self) -> None:
        self._change_minutes(-1)

    def action_lead_in(self) -> None:
        """F4: the next lead-in (none, half a minute, one, two), for what Enter plays."""
        now = self.lead_in if self.lead_in is not None else self.settings.lead_in
        self.lead_in = next((s for s in LEAD_INS if s > now), 0)
        self._setups.clear()
        if self.lead_in:
            self.notify(
                f"Sessions start after {clock(self.lead_in)}: time to lie down and settle.",
                title="Lead-in",
            )
        else:
            self.notify("Sessions start at once.", title="Lead-in")

    def action_clear_or_quit(self) -> None:
        if self.filter:
            self.filter = ""
            self._fill()
        else:
            self.app.exit()

    def action_history(self) -> None:
        from mindful_tui.ui.screens.history import HistoryScreen

        self.app.push_screen(HistoryScreen())

    def action_settings(self) -> None:
        from mindful_tui.ui.screens.settings import SettingsScreen

        self.app.push_screen(SettingsScreen(), self._settings_saved)

    def action_calibrate(self) -> None:
        from mindful_tui.ui.screens.calibrate import CalibrateScreen

        self.app.push_screen(CalibrateScreen(), self._calibrated)

    def _calibrated(self, saved: object) -> None:
        """A new calibration: scripts with ``pattern: mine`` are read again."""
        if saved is not None:
            self._setups.clear()
            self._read_scripts()

    def _settings_saved(self, saved: Settings | None) -> None:
        if saved is not None:
            changed = primary(saved.language) != primary(self.settings.language)
            if changed:
                self.language = primary(saved.language)
            self.settings = saved
            self._setups.clear()
            self._fill(stay=not changed)

    def system_commands(self) -> Iterator[SystemCommand]:
        """The picker's commands for the palette."""
        yield SystemCommand("History: open", "Your practice over time", self.action_history)
        yield SystemCommand("Settings: open", "Voice, sound, theme and more", self.action_settings)
        yield SystemCommand(
            "Lead-in: next", "A countdown before the session, to lie down", self.action_lead_in
        )
        yield SystemCommand(
            "Language: next", "List the sessions in another language", self.action_language
        )
        yield SystemCommand(
            "Calibrate: your own breath",
            "Tap to measure it, for pattern: mine",
            self.action_calibrate,
        )

    def on_resize(self, event: Resize) -> None:
        self.set_class(event.size.width < NARROW, "-narrow")


def _language(choice: Choice) -> str:
    """The language a script is in, without its region (``fr`` for ``fr-be``)."""
    script = choice.entry.script
    return primary(script.language) if script is not None else DEFAULT_LANGUAGE


def _title(choice: Choice) -> str:
    """What the list shows a script as."""
    script = choice.entry.script
    return script.title if script is not None else choice.entry.name
