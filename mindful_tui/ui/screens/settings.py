"""The settings screen: every field of ``Settings``, its docstring as help, saved at once.

The form is built from the dataclass, so a new setting appears here by itself: a switch
for a yes/no, the app's themes for ``theme``, a one-line input for the rest. Saving
checks every value first; what is wrong is said beside it and nothing is written.
"""

from __future__ import annotations

import ast
import inspect
import textwrap
from dataclasses import fields, replace
from functools import cache
from itertools import pairwise
from typing import Any, ClassVar, Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Input, Select, Static, Switch

from mindful_tui.core.script.words import language_name, shipped
from mindful_tui.core.storage import user_settings
from mindful_tui.core.storage.user_settings import Settings
from mindful_tui.ui.literal import clean
from mindful_tui.ui.messages import SettingsChanged
from mindful_tui.ui.screens.discard_changes import DiscardChangesScreen

LABELS = {
    "voice_name": "Voice name",
    "rate": "Speaking rate",
    "dim": "Dim mode",
    "default_minutes": "Default length",
    "lead_in": "Lead-in (seconds)",
}
"""Labels that say more than the field's name."""

Raw = bool | str
"""A value as the form holds it: a switch's state or the text of an input or select."""


def label(name: str) -> str:
    """What the form calls the field ``name``."""
    return LABELS.get(name, name.replace("_", " ").capitalize())


@cache
def field_help() -> dict[str, str]:
    """Each field's docstring (the string under it in the class body), by name."""
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(Settings)))
    except (OSError, TypeError, SyntaxError):
        return {}
    body = tree.body[0].body if isinstance(tree.body[0], ast.ClassDef) else []
    helps: dict[str, str] = {}
    for node, after in pairwise(body):
        if (
            isinstance(node, ast.AnnAssign)
            and isinstance(node.target, ast.Name)
            and isinstance(after, ast.Expr)
            and isinstance(after.value, ast.Constant)
            and isinstance(after.value.value, str)
        ):
            helps[node.target.id] = inspect.cleandoc(after.value.value)
    return helps


def parse(kind: str, text: str) -> Any:
    """The text of an input as a field of type ``kind``; ``ValueError`` says what is wrong."""
    text = clean(text).strip()
    if not text:
        if "None" in kind:
            return None
        raise ValueError("needs a value")
    if kind.startswith("int"):
        try:
            return int(text)
        except ValueError:
            raise ValueError(f"must be a whole number, not {text!r}") from None
    if kind.startswith("float"):
        try:
            return float(text)
        except ValueError:
            raise ValueError(f"must be a number, not {text!r}") from None
    return text


class SettingsScreen(Screen[Settings | None]):
    """Edit the settings; ctrl+s saves, escape leaves (asking first if anything changed)."""

    CSS_PATH = "../settings.tcss"
    """Its styles, parsed when it is first shown (the player starts without them)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="save"),
        Binding("escape", "leave", "Back", id="leave"),
    ]

    changed: reactive[bool] = reactive(False, bindings=True)
    """Whether the form differs from the saved settings."""

    def __init__(self) -> None:
        super().__init__()
        self.saved, self.warnings = user_settings.load()
        self.kinds = {f.name: str(f.type) for f in fields(Settings)}
        self.initial: dict[str, Raw] = {}

    def compose(self) -> ComposeResult:
        helps = field_help()
        with VerticalScroll(id="settings"):
            yield Static("Settings", id="settings-title")
            for warning in self.warnings:
                yield Static(clean(warning), classes="settings-warning", markup=False)
            for name in self.kinds:
                with Horizontal(classes="setting", id=f"row-{name}"):
                    yield Static(label(name), classes="setting-label", markup=False)
                    with Horizontal(classes="setting-control"):
                        yield self._control(name)
                    with Vertical(classes="setting-help"):
                        yield Static(helps.get(name, ""), markup=False)
                        yield Static(classes="setting-error", markup=False)
        yield Static(id="settings-problem", markup=False)
        yield Footer()

    def _control(self, name: str) -> Widget:
        value = getattr(self.saved, name)
        kind = self.kinds[name]
        if kind.startswith("bool"):
            return Switch(bool(value), id=name)
        choices = self._choices(name)
        if choices is not None:
            if value not in choices:
                choices.insert(0, value)
            return Select(
                # A name may be the user's text (a hand-edited file): never markup.
                [(Content(choice), choice) for choice in choices],
                value=value,
                allow_blank=False,
                compact=True,
                id=name,
            )
        if name == "language":
            languages = list(shipped())
            if value not in languages:
                languages.append(value)
            return Select(
                [(Content(f"{language_name(code)} ({code})"), code) for code in languages],
                value=value,
                allow_blank=False,
                compact=True,
                id=name,
            )
        kind_of_input: Literal["integer", "number", "text"] = "text"
        if kind.startswith("int"):
            kind_of_input = "integer"
        elif kind.startswith("float"):
            kind_of_input = "number"
        return Input(
            "" if value is None else f"{value:g}" if isinstance(value, float) else str(value),
            placeholder="none" if "None" in kind else "",
            type=kind_of_input,
            compact=True,
            id=name,
        )

    def _choices(self, name: str) -> list[str] | None:
        """The values a field is chosen from (a list, not typed), or None."""
        if name == "theme":
            return sorted(self.app.available_themes)
        if name == "background":
            from mindful_tui.core.script.model import BACKGROUNDS, NO_BACKGROUND

            return [*BACKGROUNDS, NO_BACKGROUND]
        return None

    def on_mount(self) -> None:
        if not self.children:  # taken down before it was put together: the app is leaving
            return
        self.initial = self.raw()

    def raw(self) -> dict[str, Raw]:
        """What the form holds now, by field."""
        out: dict[str, Raw] = {}
        for name in self.kinds:
            control = self.query_one(f"#{name}")
            if isinstance(control, Switch):
                out[name] = control.value
            elif isinstance(control, Select):
                out[name] = str(control.value)
            elif isinstance(control, Input):
                out[name] = control.value
        return out

    @on(Input.Changed)
    @on(Switch.Changed)
    @on(Select.Changed)
    def _edited(self, event: Input.Changed | Switch.Changed | Select.Changed) -> None:
        if event.control.id in self.kinds:
            self._show_error(event.control.id, None)
        self._show_problem("")
        self.changed = self.raw() != self.initial

    def _show_error(self, name: str, message: str | None) -> None:
        row = self.query_one(f"#row-{name}")
        row.set_class(message is not None, "-invalid")
        row.query_one(".setting-error", Static).update(message or "")

    def _show_problem(self, text: str) -> None:
        problem = self.query_one("#settings-problem", Static)
        problem.update(text)
        problem.display = bool(text)

    def read_form(self) -> tuple[Settings | None, dict[str, str]]:
        """The settings the form describes, or what is wrong with it (by field)."""
        values: dict[str, Any] = {}
        errors: dict[str, str] = {}
        for name, raw in self.raw().items():
            if isinstance(raw, bool):
                values[name] = raw
                continue
            try:
                values[name] = parse(self.kinds[name], raw)
            except ValueError as exc:
                errors[name] = f"{label(name)} {exc}"
        if errors:
            return None, errors
        candidate = replace(self.saved, **values)
        for problem in candidate.check():
            name, _, rest = problem.partition(" ")
            errors[name] = f"{label(name)} {rest}"
        return (None, errors) if errors else (candidate, {})

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "save":
            return self.changed
        return True

    def action_save(self) -> None:
        candidate, errors = self.read_form()
        for name in self.kinds:
            self._show_error(name, errors.get(name))
        if candidate is None:
            count = len(errors)
            self._show_problem(f"Not saved: {count} value{'s' if count != 1 else ''} to fix.")
            first = next(iter(errors))
            self.query_one(f"#{first}").focus()
            return
        try:
            user_settings.save(candidate)
        except OSError as exc:
            self._show_problem(f"Not saved: cannot write the settings ({exc.strerror or exc}).")
            return
        self.apply(candidate)
        self.notify("Settings saved.", timeout=3)
        self.dismiss(candidate)

    def apply(self, saved: Settings) -> None:
        """Use ``saved`` at once: the theme now, the rest when the next session starts
        (the app hears of them, and the screen that opened this one gets them back)."""
        self.saved = saved
        self.initial = self.raw()
        self.changed = False
        self.post_message(SettingsChanged(saved))
        if saved.theme in self.app.available_themes:
            self.app.theme = saved.theme

    def action_leave(self) -> None:
        if not self.changed:
            self.dismiss()
            return

        def leave(discard: bool | None) -> None:
            if discard:
                self.dismiss()

        self.app.push_screen(DiscardChangesScreen(), leave)
