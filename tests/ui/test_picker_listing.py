"""The picker lists from its index: a second start reads no script and plans none for
the list (only the one its preview shows), and whatever changed since the last start (a
script, the settings, a calibration) is listed as it is now."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import OptionList

from mindful_tui.core.storage import library, locations, user_settings
from mindful_tui.core.storage.user_settings import Settings
from mindful_tui.ui.app import MindfulApp
from mindful_tui.ui.screens.picker import PickerScreen

SIZE = (100, 30)


def lines(screen: PickerScreen) -> list[str]:
    options = screen.query_one(OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def start(monkeypatch: pytest.MonkeyPatch) -> tuple[list[str], list[str]]:
    """One start of the picker: the lines it lists, and the scripts it loaded."""
    loaded: list[str] = []
    real = library.load

    def counting(path: Path, *args: object, **kwargs: object) -> library.Entry:
        loaded.append(path.stem)
        return real(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(library, "load", counting)
    app = MindfulApp(saved=user_settings.load())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PickerScreen)
        return lines(screen), loaded


async def test_a_second_start_reads_only_the_script_it_previews(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first, loaded = await start(monkeypatch)
    assert len(loaded) >= len(list(locations.builtin_scripts_dir().glob("*.yaml")))
    again, loaded = await start(monkeypatch)
    assert again == first
    assert loaded == ["reset"]  # the preview's, once the list is on screen


async def test_an_edited_script_is_listed_as_it_is_now(monkeypatch: pytest.MonkeyPatch) -> None:
    folder = locations.user_scripts_dir()
    folder.mkdir(parents=True)
    mine = folder / "mine.yaml"
    mine.write_text("title: First words\ntags: [before]\nsteps:\n  - silence: 30\n")
    first, _ = await start(monkeypatch)
    assert any("First words" in line and "0:30" in line for line in first)
    mine.write_text("title: Second words\ntags: [before]\nsteps:\n  - silence: 90\n")
    again, loaded = await start(monkeypatch)
    assert any("Second words" in line and "1:30" in line for line in again)
    assert not any("First words" in line for line in again)
    assert set(loaded) == {"mine"}  # the one edited (and previewed: the shortest before)
    mine.write_text("title: Broken\nsteps: 3\n")
    broken, _ = await start(monkeypatch)
    assert any(line.startswith("mine\n") for line in broken), broken


async def test_the_lengths_listed_follow_settings_changed_since_the_last_start(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first, _ = await start(monkeypatch)
    [reset] = [line for line in first if line.startswith("Breathing reset")]
    assert "10:" not in reset
    user_settings.save(Settings(default_minutes=10))
    again, _ = await start(monkeypatch)
    [reset] = [line for line in again if line.startswith("Breathing reset")]
    assert "10:0" in reset, reset
