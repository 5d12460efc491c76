"""The picker: groups, filtering, the preview, minutes, playing, and broken scripts."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import OptionList

from mindful_tui.core.script.model import Script
from mindful_tui.core.storage import locations
from mindful_tui.core.timing.timeline import Timeline
from mindful_tui.ui.app import MindfulApp
from mindful_tui.ui.screens.picker import PickerScreen
from mindful_tui.ui.screens.player import PlayerScreen
from mindful_tui.ui.widgets.plan_preview import PlanPreview
from tests.ui.rig import Rig

SIZE = (100, 30)
REPO_SCRIPTS = locations.builtin_scripts_dir() / "reset.yaml"


def listed(screen: PickerScreen) -> list[str]:
    options = screen.query_one(OptionList)
    return [str(options.get_option_at_index(i).id) for i in range(options.option_count)]


def headings(screen: PickerScreen) -> list[str]:
    options = screen.query_one(OptionList)
    return [
        str(options.get_option_at_index(i).prompt)
        for i in range(options.option_count)
        if options.get_option_at_index(i).disabled
    ]


async def test_scripts_are_grouped_before_during_and_after() -> None:
    app = MindfulApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PickerScreen)
        assert headings(screen) == [
            "Before your massage",
            "During your massage",
            "After your massage",
        ]
        ids = listed(screen)
        assert "during:during" in ids and "after:grounding" in ids and "before:reset" in ids
        preview = str(screen.query_one(PlanPreview).visual)
        assert screen.chosen is not None
        assert screen.chosen.entry.script is not None
        assert screen.chosen.entry.script.title in preview


async def test_each_group_lists_its_scripts_shortest_first() -> None:
    app = MindfulApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PickerScreen)
        for group in ("before", "during", "after"):
            names = [i.split(":")[1] for i in listed(screen) if i.startswith(f"{group}:")]
            lengths = [screen.choices[n].natural for n in names]
            assert len(lengths) >= 2
            assert lengths == sorted(lengths), group
        assert screen.chosen is not None and screen.chosen.entry.name == "reset"


async def test_typing_filters_and_backspace_and_escape_undo_it() -> None:
    app = MindfulApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PickerScreen)
        await pilot.press(*"physio")
        assert [i for i in listed(screen) if i != "None"] == [
            "before:physiological-sigh",
            "after:physiological-sigh",
        ]
        assert screen.chosen is not None and screen.chosen.entry.name == "physiological-sigh"
        await pilot.press("backspace")
        assert screen.filter == "physi"
        await pilot.press("escape")
        assert screen.filter == ""
        assert len(listed(screen)) > 10


async def test_plus_and_minus_change_the_length_before_playing() -> None:
    rig = Rig()
    app = rig.app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*"reset")
        screen = app.screen
        assert isinstance(screen, PickerScreen)
        choice = screen.chosen
        assert choice is not None and choice.entry.name == "reset"
        await pilot.press("plus", "plus")
        assert screen.minutes["reset"] == round(choice.natural / 60) + 2
        assert "as written" in str(screen.query_one(PlanPreview).visual)
        await pilot.press("minus")
        wanted = screen.minutes["reset"] * 60
        await pilot.press("enter")
        await pilot.pause()
        player = app.screen
        assert isinstance(player, PlayerScreen)
        assert abs(float(player.timeline.total) - wanted) < 15


async def test_the_timer_is_listed_plus_and_minus_change_its_minutes_and_enter_plays_it() -> None:
    rig = Rig()
    app = rig.app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*"timer")
        screen = app.screen
        assert isinstance(screen, PickerScreen)
        assert listed(screen) == ["None", "during:/timer"]
        choice = screen.chosen
        assert choice is not None and choice.natural == 20 * 60

        def line() -> str:
            options = screen.query_one(OptionList)
            return str(options.get_option_at_index(1).prompt)

        assert "Timer: silence and bells" in line() and "20:00" in line()
        await pilot.press("plus", "plus", "plus", "minus")
        assert "22:00" in line()
        preview = str(screen.query_one(PlanPreview).visual)
        assert "Timer: 22 minutes, a bell every 5" in preview and "as written" not in preview
        await pilot.press("enter")
        await pilot.pause()
        player = app.screen
        assert isinstance(player, PlayerScreen)
        assert player.timeline.total == 22 * 60
        chimes = [(int(c.at), c.sound) for c in player.timeline.cues if c.kind == "chime"]
        assert chimes == [
            (m * 60, "bell" if 0 < m < 22 else "bowl") for m in (0, 5, 10, 15, 20, 22)
        ]


async def test_a_broken_user_script_is_listed_with_its_error(private_home: Path) -> None:
    folder = locations.user_scripts_dir()
    folder.mkdir(parents=True)
    (folder / "mine.yaml").write_text("title: Mine\nsteps:\n  - breath: {cycles: 2}\n")
    app = MindfulApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PickerScreen)
        assert headings(screen)[-1] == "Needs fixing"
        await pilot.press(*"mine")
        assert screen.chosen is not None and screen.chosen.entry.name == "mine"
        preview = str(screen.query_one(PlanPreview).visual)
        assert "cannot be played" in preview and "breathe" in preview
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen


async def test_the_key_bar_shows_the_palette_and_a_click_opens_it() -> None:
    from textual.command import CommandPalette

    from mindful_tui.ui.widgets.keybar import KeyBar

    app = MindfulApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        bar = app.screen.query_one(KeyBar)
        line = "".join(segment.text for segment in bar.render_line(0))
        assert "f3 Settings" in line and line.rstrip().endswith("^p palette")
        assert not isinstance(app.screen, CommandPalette)
        await pilot.click(KeyBar, offset=(SIZE[0] - 5, 0))
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)


async def test_the_preview_follows_the_list_and_a_plan_is_made_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The list paints first and the preview a frame later; each script is planned
    once however often the list, the filter and the preview ask."""
    from mindful_tui.core.timing import timeline
    from mindful_tui.core.timing.timeline import compile_script as real
    from mindful_tui.session import options

    planned: list[str] = []

    def counting(script: Script) -> Timeline:
        planned.append(script.title)
        return real(script)

    monkeypatch.setattr(options, "compile_script", counting)
    monkeypatch.setattr(timeline, "compile_script", counting)
    app = MindfulApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PickerScreen)
        assert "Breathing reset" in str(screen.query_one(PlanPreview).visual)
        for key in ("r", "e", "backspace", "backspace", "down", "down", "up", "f3", "escape"):
            await pilot.press(key)
        await pilot.pause()
        assert sorted(planned) == sorted(
            c.entry.script.title for c in screen.choices.values() if c.entry.script is not None
        )


async def test_a_shadowed_script_is_shown_as_hidden_and_enter_plays_the_winner() -> None:
    folder = locations.user_scripts_dir()
    folder.mkdir(parents=True)
    (folder / "reset.yaml").write_text("title: Mine from yaml\nsteps:\n  - silence: 30\n")
    (folder / "reset.yml").write_text("title: Mine from yml\nsteps:\n  - silence: 40\n")
    app = MindfulApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PickerScreen)
        assert headings(screen)[-1] == "Hidden by a script of the same name"
        hidden = [i for i in listed(screen) if i.startswith("shadowed:")]
        assert sorted(hidden) == sorted(
            [f"shadowed:reset@{folder / 'reset.yml'}", f"shadowed:reset@{REPO_SCRIPTS}"]
        )
        options = screen.query_one(OptionList)
        options.highlighted = listed(screen).index(hidden[0])
        await pilot.pause()
        assert "is hidden" in str(screen.query_one(PlanPreview).visual)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen  # a hidden file does not play
        ids = listed(options.screen)  # type: ignore[arg-type]
        options.highlighted = next(i for i, o in enumerate(ids) if o.endswith(":reset"))
        await pilot.press("enter")
        await pilot.pause()
        player = app.screen
        assert isinstance(player, PlayerScreen)
        assert player.timeline.title == "Mine from yaml"
