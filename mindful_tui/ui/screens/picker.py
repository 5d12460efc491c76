"""The picker: every script, grouped by before, during and after a massage.

Typing filters the list; the highlighted script's plan shows beside it; + and - change
its length in whole minutes (the breathing steps are fitted to it); Enter plays. The
plain timer (silence framed by a bowl, a bell every few minutes) is listed among the
sessions for during a massage, its minutes changed with + and - too.

The list comes from the listing index (``core/storage/listing``): a start reads no script
that has not changed and plans none for the list; the highlighted one is loaded and
planned for its preview once the list is on screen.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.events import Key, Resize
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from mindful_tui.core.script.problems import display_path
from mindful_tui.core.script.words import DEFAULT_LANGUAGE, language_name, primary
from mindful_tui.core.storage import library, listing
from mindful_tui.core.storage.listing import Facts
from mindful_tui.core.storage.user_settings import Settings
from mindful_tui.core.timing.timefmt import clock
from mindful_tui.ui.literal import clean
from mindful_tui.ui.messages import PlaySession
from mindful_tui.ui.screens.commanding import CommandScreen
from mindful_tui.ui.widgets.keybar import KeyBar
from mindful_tui.ui.widgets.plan_preview import PlanPreview, pace

if TYPE_CHECKING:  # planning loads once the list is on screen (the preview is first)
    from mindful_tui.core.timing.timeline import Timeline
    from mindful_tui.session.options import Setup

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


@dataclass(eq=False)
class Choice:
    """A script as the picker lists it: what the list shows at once (from the listing
    index, without reading the script), the script and its plan when asked for."""

    name: str
    file: library.File
    facts: Facts | None = None
    """What the list shows (None until worked out)."""
    loaded: library.Entry | None = None
    """The script file as loaded, once asked for."""
    planned: Timeline | None = None
    """Its plan as written, once asked for."""
    make: Callable[[], library.Entry] | None = None
    """How to make its entry when it is not a file (the timer)."""

    @property
    def entry(self) -> library.Entry:
        """The script file, loaded when first asked for."""
        if self.loaded is None:
            self.loaded = self.make() if self.make is not None else library.entry(self.file)
        return self.loaded

    @property
    def timeline(self) -> Timeline | None:
        """Its plan as written (None when it cannot be read), made when first asked for."""
        if self.planned is None and self.entry.script is not None:
            from mindful_tui.core.timing import timeline

            self.planned = timeline.compile_script(self.entry.script)
        return self.planned

    @property
    def listed(self) -> Facts:
        assert self.facts is not None, "listed before its facts were known"
        return self.facts

    @property
    def key(self) -> str:
        """Its name, unique in the list: a shadowed file is known by its path too."""
        shadowed = self.file.shadowed_by is not None
        return f"{self.name}@{self.file.path}" if shadowed else self.name

    @property
    def readable(self) -> bool:
        """True when the file loaded into a script (it may still have errors)."""
        return self.listed.title is not None

    @property
    def playable(self) -> bool:
        """True when Enter can play it: it loaded, and no other file hides its name."""
        return self.readable and self.file.shadowed_by is None

    @property
    def natural(self) -> Fraction:
        """Its length as written."""
        return self.listed.natural

    @property
    def words(self) -> str:
        """What the filter matches against."""
        facts = self.listed
        if facts.title is None:
            return self.name.lower()
        named = [self.name, facts.title, facts.summary, *facts.tags, facts.language]
        return " ".join(named).lower()


def facts_of(choice: Choice, played: Setup | None) -> Facts:
    """What the list shows of ``choice``, ``played`` being how it would play."""
    entry = choice.entry
    script = entry.script
    error = next((p.message for p in entry.problems if p.is_error), "")
    if script is None or played is None:
        none = Fraction(0)
        return Facts(
            None, "", (), DEFAULT_LANGUAGE, (), True, error or "cannot be read", none, none, None
        )
    return Facts(
        title=script.title,
        summary=script.summary,
        tags=tuple(script.tags),
        language=script.language,
        moments=tuple(script.moments),
        broken=any(p.is_error for p in entry.problems),
        error=error,
        natural=choice.timeline.total if choice.timeline is not None else Fraction(0),
        listed=played.timeline.total,
        pace=pace(played.timeline),
    )


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
    """The plain timer of ``minutes``, as the picker lists it (its facts are worked out
    by the picker, with the settings)."""

    def make() -> library.Entry:
        from mindful_tui.core.script.plain_timer import timer_script

        script = timer_script(Fraction(minutes), TIMER_BELL)
        return library.Entry(TIMER, Path("timer"), "built-in", script, ())

    return Choice(TIMER, library.File(Path("timer"), "built-in", None), make=make)


def timer_key(minutes: int) -> str:
    """The timer's key in the listing index (no script's key looks like it)."""
    return f"{TIMER} {minutes}"


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

    def _read_scripts(self, stay: bool = True) -> None:
        """List every script: what the list shows comes from the listing index, and only
        a script that is new, changed or listed with other settings is read and planned."""
        sounds = library.sound_names()
        context = repr(self.settings)
        stored = listing.read(context)
        kept: dict[str, Facts] = {}
        self.choices.clear()
        for file in library.files():
            key = library.fingerprint(file.path, sounds)
            choice = Choice(file.path.stem, file, stored.get(key) if key is not None else None)
            if choice.facts is None:
                choice.loaded = library.entry(file, sounds)
                choice.facts = self._facts(choice)
            if key is not None:
                kept[key] = choice.listed
            self.choices[choice.key] = choice
        timer = timer_choice(self.timer_minutes)
        timer.facts = stored.get(timer_key(self.timer_minutes)) or self._facts(timer)
        kept[timer_key(self.timer_minutes)] = timer.facts
        self.choices[TIMER] = timer
        if kept != stored:
            listing.write(context, kept)
        self._fill(stay)

    def _facts(self, choice: Choice) -> Facts:
        """What the list shows of ``choice``, worked out from the script itself."""
        return facts_of(choice, self._planned(choice, None) if choice.entry.script else None)

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
            facts = choice.listed
            if choice.file.shadowed_by is not None:
                grouped["shadowed"].append(choice)
                continue
            if facts.broken:
                grouped["broken"].append(choice)
                continue
            for moment in facts.moments or ("other",):
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
                    c.name,
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
        listed = choice.listed
        if choice.file.shadowed_by is not None:
            return Content.assemble(
                (clean(choice.name), "bold"),
                "\n",
                (clean(f"  {display_path(choice.file.path)}: shadowed"), "dim"),
            )
        if listed.title is None:
            return Content.assemble(
                (clean(choice.name), "bold"), "\n", (clean(f"  {listed.error}"), "dim")
            )
        total, bpm = listed.listed, listed.pace
        if self.minutes.get(choice.name) is not None:  # a length chosen here (+ and -)
            timeline = self._setup(choice).timeline
            total, bpm = timeline.total, pace(timeline)
        facts = f"{clock(total):>5}  {f'{float(bpm):.2g}/min' if bpm else '':>7}"
        title = clean(TIMER_TITLE if choice.name == TIMER else listed.title)
        # Another language than English is named after the title, in the title's column.
        language = "" if listed.language == DEFAULT_LANGUAGE else f" ({clean(listed.language)})"
        return Content.assemble(
            (title, "bold"), (language.ljust(TITLE - len(title)), "dim"), (facts, "dim")
        )

    def _in_language(self, choice: Choice) -> bool:
        """Whether the language listed shows ``choice``: its language, English (the
        fallback), or every language; a script that cannot be read is always shown."""
        if self.language is None or not choice.readable:
            return True
        return _language(choice) in (self.language, DEFAULT_LANGUAGE)

    def languages(self) -> list[str | None]:
        """What F6 steps through: your preferred language, the others the scripts are
        in, then every language (None)."""
        preferred = primary(self.settings.language)
        found = {_language(c) for c in self.choices.values() if c.readable}
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
        return self._planned(choice, self.minutes.get(choice.name))

    def _planned(self, choice: Choice, minutes: int | None) -> Setup:
        """The session as it would play at ``minutes`` (None: the settings' length)."""
        assert choice.entry.script is not None
        planned = self._setups.get((choice.key, minutes))
        if planned is None:
            from mindful_tui.session.options import Choices, setup

            chosen = Choices(
                minutes=None if minutes is None else Fraction(minutes), lead_in=self.lead_in
            )
            planned = setup(choice.entry.script, self.settings, chosen, choice.timeline)
            self._setups[choice.key, minutes] = planned
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
        played = self._setup(choice) if choice.playable and choice.entry.script else None
        preview.show_entry(choice.entry, played, choice.natural)

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
        if choice is not None and choice.file.shadowed_by is not None:
            self.notify(
                clean(
                    f"Hidden by {display_path(choice.file.shadowed_by)}, which plays as"
                    f" {choice.name}; rename one of them to play both."
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
        if choice is None or not choice.playable or choice.entry.script is None:
            return
        if choice.name == TIMER:
            # The timer is made afresh at its new length (it has no breathing to fit).
            self.timer_minutes = max(1, min(MOST_MINUTES, self.timer_minutes + by))
            self._setups.pop((TIMER, None), None)
            timer = timer_choice(self.timer_minutes)
            timer.facts = self._facts(timer)
            self.choices[TIMER] = timer
            self._fill()
            return
        from mindful_tui.core.script.model import Breathe

        if not any(isinstance(s, Breathe) for s in choice.entry.script.steps):
            self.notify("This session has no breathing to lengthen or shorten.")
            return
        listed = max(1, round(self._setup(choice).timeline.total / 60))
        minutes = max(1, min(MOST_MINUTES, self.minutes.get(choice.name, listed) + by))
        self.minutes[choice.name] = minutes
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
            self._read_scripts(stay=not changed)  # the lengths listed follow the settings

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
    return primary(choice.listed.language)


def _title(choice: Choice) -> str:
    """What the list shows a script as."""
    return choice.listed.title or choice.name
