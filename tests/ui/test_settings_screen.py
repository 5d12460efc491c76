"""The settings screen: every field with its help, saving at once, refusing bad values."""

from __future__ import annotations

import re
from dataclasses import fields

from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Select, Static, Switch

from mindful_tui.core.storage import user_settings
from mindful_tui.core.storage.user_settings import Settings
from mindful_tui.ui.app import MindfulApp
from mindful_tui.ui.screens.discard_changes import DiscardChangesScreen
from mindful_tui.ui.screens.picker import PickerScreen
from mindful_tui.ui.screens.settings import SettingsScreen, field_help
from tests.ui.rig import top
from tests.ui.test_snapshots import SnapCompare

SIZE = (80, 24)


async def settings_screen(pilot: Pilot[None]) -> SettingsScreen:
    await pilot.pause()
    await pilot.app.push_screen(SettingsScreen())
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, SettingsScreen)
    return screen


async def type_into(pilot: Pilot[None], screen: SettingsScreen, name: str, text: str) -> None:
    """Focus the input for ``name``, empty it and type ``text`` as a person would."""
    field = screen.query_one(f"#{name}", Input)
    field.focus()
    field.clear()
    await pilot.press(*text)
    await pilot.pause()


def error(screen: SettingsScreen, name: str) -> str:
    return str(screen.query_one(f"#row-{name} .setting-error", Static).visual)


def test_every_field_has_its_docstring_as_help() -> None:
    helps = field_help()
    assert set(helps) == {f.name for f in fields(Settings)}
    assert helps["rate"] == "Speaking rate in words a minute, unless a script sets its own."


async def test_every_field_is_shown_with_its_help() -> None:
    app = MindfulApp()
    async with app.run_test(size=SIZE) as pilot:
        screen = await settings_screen(pilot)
        for field in fields(Settings):
            row = screen.query_one(f"#row-{field.name}")
            shown = " ".join(str(s.visual) for s in row.query(Static))
            assert field_help()[field.name] in shown
        assert isinstance(screen.query_one("#voice"), Switch)
        assert isinstance(screen.query_one("#rate"), Input)
        theme = screen.query_one("#theme", Select)
        assert theme.value == "textual-dark"


async def test_saving_writes_the_file_and_applies_the_theme_at_once() -> None:
    app = MindfulApp()
    async with app.run_test(size=SIZE) as pilot:
        screen = await settings_screen(pilot)
        assert not screen.changed
        await type_into(pilot, screen, "rate", "180")
        await type_into(pilot, screen, "chime_volume", "0.25")
        screen.query_one("#theme", Select).value = "nord"
        screen.query_one("#dim", Switch).toggle()
        await pilot.pause()
        assert screen.changed
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(top(app), PickerScreen)
        assert app.theme == "nord"
        saved, warnings = user_settings.load()
        assert warnings == []
        assert saved == Settings(rate=180, chime_volume=0.25, theme="nord", dim=True)
        assert app.settings == saved


async def test_an_empty_optional_value_is_saved_as_none() -> None:
    user_settings.save(Settings(voice_name="english", default_minutes=12))
    app = MindfulApp()
    async with app.run_test(size=SIZE) as pilot:
        screen = await settings_screen(pilot)
        assert screen.query_one("#default_minutes", Input).value == "12"
        await type_into(pilot, screen, "voice_name", "")
        await type_into(pilot, screen, "default_minutes", "")
        await pilot.press("ctrl+s")
        await pilot.pause()
        saved, _ = user_settings.load()
        assert saved.voice_name is None and saved.default_minutes is None


async def test_invalid_values_are_refused_beside_the_field_and_not_saved() -> None:
    app = MindfulApp()
    async with app.run_test(size=SIZE) as pilot:
        screen = await settings_screen(pilot)
        await type_into(pilot, screen, "rate", "20")
        await type_into(pilot, screen, "voice_volume", "1.5")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert top(app) is screen
        assert not user_settings.settings_path().exists()
        assert error(screen, "rate") == "Speaking rate must be 60–400 words a minute, got 20"
        assert error(screen, "voice_volume") == "Voice volume must be from 0 to 1, got 1.5"
        assert error(screen, "tone_volume") == ""
        assert screen.query_one("#row-rate").has_class("-invalid")
        problem = screen.query_one("#settings-problem", Static)
        assert problem.display and str(problem.visual) == "Not saved: 2 values to fix."
        assert app.focused is screen.query_one("#rate")

        await type_into(pilot, screen, "rate", "200")
        assert error(screen, "rate") == ""  # editing the field clears its message
        await type_into(pilot, screen, "voice_volume", ".")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert error(screen, "voice_volume") == "Voice volume must be a number, not '.'"
        assert not user_settings.settings_path().exists()


async def test_escape_without_saving_leaves_the_file_unchanged() -> None:
    path = user_settings.save(Settings(rate=180, theme="nord"))
    before = path.read_bytes()
    app = MindfulApp()
    async with app.run_test(size=SIZE) as pilot:
        screen = await settings_screen(pilot)
        assert screen.query_one("#rate", Input).value == "180"
        await type_into(pilot, screen, "rate", "300")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(top(app), DiscardChangesScreen)
        await pilot.press("n")  # stay
        await pilot.pause()
        assert top(app) is screen
        assert screen.query_one("#rate", Input).value == "300"
        await pilot.press("escape", "y")  # leave without saving
        await pilot.pause()
        assert isinstance(top(app), PickerScreen)
        assert path.read_bytes() == before
        assert app.settings.rate == 180


async def test_escape_with_nothing_changed_leaves_at_once() -> None:
    app = MindfulApp()
    async with app.run_test(size=SIZE) as pilot:
        screen = await settings_screen(pilot)
        assert not screen.check_action("save", ())
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(top(app), PickerScreen)
        assert not user_settings.settings_path().exists()


async def test_the_saved_theme_is_used_when_the_app_starts() -> None:
    user_settings.save(Settings(theme="gruvbox"))
    app = MindfulApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme == "gruvbox"
        assert app.settings.theme == "gruvbox"


async def test_f3_opens_settings_from_the_picker() -> None:
    app = MindfulApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f3")
        await pilot.pause()
        assert isinstance(top(app), SettingsScreen)


def test_settings_snapshot(snap_compare: SnapCompare) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await settings_screen(pilot)

    assert snap_compare(MindfulApp(), terminal_size=SIZE, run_before=run_before)


def test_a_refused_value_snapshot(snap_compare: SnapCompare) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        screen = await settings_screen(pilot)
        await type_into(pilot, screen, "rate", "20")
        screen.query_one("#rate", Input).cursor_blink = False
        await pilot.press("ctrl+s")
        await pilot.pause()

    assert snap_compare(MindfulApp(), terminal_size=SIZE, run_before=run_before)


async def test_settings_saved_from_the_picker_reach_its_list_and_the_next_session() -> None:
    """F3, a default length of 10 minutes, save: the picker lists the highlighted session
    at about ten minutes at once, and Enter plays it at that length, without the voice."""
    app = MindfulApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, PickerScreen)
        option = picker.query_one("#scripts", OptionList).highlighted_option
        assert option is not None and "10:" not in str(option.prompt)
        await pilot.press("f3")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SettingsScreen)
        await type_into(pilot, screen, "default_minutes", "10")
        screen.query_one("#voice", Switch).toggle()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert top(app) is picker
        option = picker.query_one("#scripts", OptionList).highlighted_option
        assert option is not None and re.search(r"\b(9:5\d|10:0\d)\b", str(option.prompt))
        await pilot.press("enter")
        await pilot.pause()
        player = app.player
        assert player is not None and abs(float(player.timeline.total) - 600) <= 10
        assert not player.voice and player.practice.options.voice is False


async def test_a_theme_name_with_markup_is_shown_as_written() -> None:
    """A hand-edited theme name full of markup: the settings screen (where it would be
    fixed) opens and shows it literally."""
    user_settings.save(Settings(theme="[bold]x[/] [/]"))
    app = MindfulApp()
    async with app.run_test(size=SIZE) as pilot:
        screen = await settings_screen(pilot)
        theme = screen.query_one("#theme", Select)
        assert theme.value == "[bold]x[/] [/]"
        assert "[bold]x[/] [/]" in str(theme.query_one("SelectCurrent Static", Static).visual)


async def test_settings_that_fall_back_are_said_once_full_screen() -> None:
    """A value that cannot be used falls back to its default, and the full-screen app says
    so once, in plain words (the value as written, never markup)."""
    path = user_settings.settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("rate: '[b]fast[/]'\nvoice_volume: 0.5\n")
    app = MindfulApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        notices = [(n.title, n.message, n.markup) for n in app._notifications]
    assert notices == [
        ("Settings", f"{path}: setting rate: '[b]fast[/]' is not usable; using the default", False)
    ]
    assert app.settings == Settings(voice_volume=0.5)


async def test_the_background_is_chosen_from_a_list_and_saved_with_its_volume() -> None:
    """F3 offers the beds by name (not a free text field); chosen and saved, the next
    session's options carry it."""
    app = MindfulApp()
    async with app.run_test(size=SIZE) as pilot:
        screen = await settings_screen(pilot)
        choice = screen.query_one("#background", Select)
        assert choice.value == "none"
        assert [str(option[0]) for option in choice._options] == ["brown", "pink", "drone", "none"]
        choice.value = "pink"
        await type_into(pilot, screen, "background_volume", "0.3")
        await pilot.press("ctrl+s")
        await pilot.pause()
        saved, _ = user_settings.load()
        assert (saved.background, saved.background_volume) == ("pink", 0.3)
