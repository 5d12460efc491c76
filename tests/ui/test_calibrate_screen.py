"""The calibration screen (Pilot, on a fake clock): taps to a result shown and kept,
a doubled or missed tap said on screen, Escape keeps nothing, and the picker's F5."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import OptionList, Static

from mindful_tui.core.storage import calibrations
from mindful_tui.core.timing.calibration import Calibration
from mindful_tui.core.timing.clock import FakeClock
from mindful_tui.ui.app import MindfulApp
from mindful_tui.ui.screens.calibrate import CalibrateScreen
from mindful_tui.ui.screens.picker import PickerScreen

SIZE = (90, 30)


def shown(screen: CalibrateScreen, name: str) -> str:
    return str(screen.query_one(f"#{name}", Static).visual)


async def breathe(
    pilot: Pilot[None], clock: FakeClock, *breaths: tuple[float, float], ended: bool = True
) -> None:
    """Tap space as each of these breaths (seconds in, out) turns in and out, and (when
    ``ended``) as the next one turns in."""
    for inhale, exhale in breaths:
        await pilot.press("space")
        clock.advance(inhale)
        await pilot.press("space")
        clock.advance(exhale)
    if ended:
        await pilot.press("space")


async def opened(app: MindfulApp, pilot: Pilot[None]) -> tuple[CalibrateScreen, FakeClock]:
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, CalibrateScreen)
    clock = FakeClock()
    screen.clock = clock
    return screen, clock


async def test_six_breaths_are_shown_and_kept_and_enter_closes() -> None:
    app = MindfulApp(calibrate=True)
    async with app.run_test(size=SIZE) as pilot:
        screen, clock = await opened(app, pilot)
        assert "Tap space as each breath turns in" in shown(screen, "instructions")
        assert "○ ○ ○ ○ ○ ○" in shown(screen, "count")
        await breathe(pilot, clock, *[(3, 5)] * 4, ended=False)
        assert "● ● ● ○ ○ ○" in shown(screen, "count")
        assert "breathing out" in shown(screen, "count")
        assert calibrations.latest() == (None, [])  # nothing kept before the end
        await breathe(pilot, clock, *[(3, 5)] * 2)
        assert shown(screen, "result") == "7.5 breaths a minute\n3.0 s in, 5.0 s out (3:5)"
        assert "Kept" in shown(screen, "said")
        assert calibrations.latest() == (Calibration(3, 5, 6), [])
        await pilot.press("enter")
        await pilot.pause()
    assert app.is_running is False


async def test_doubled_and_missed_taps_are_said_on_screen() -> None:
    app = MindfulApp(calibrate=True)
    async with app.run_test(size=SIZE) as pilot:
        screen, clock = await opened(app, pilot)
        await breathe(pilot, clock, (3, 5), (3, 5))
        assert "breathing in" in shown(screen, "count")
        clock.advance(0.2)
        await pilot.press("space")  # the third breath's in-tap, twice
        assert shown(screen, "said").startswith("Two taps came close together (0.2 s apart)")
        assert "Tap space as your next breath turns in." in shown(screen, "count")
        clock.advance(7.8)
        await pilot.press("space")  # the breath asked again starts
        clock.advance(3)
        await pilot.press("space")
        clock.advance(13)  # the next in-tap missed: in-tap, out-tap and in again
        await pilot.press("space")
        assert shown(screen, "said").startswith("A tap seems to be missing")
        assert calibrations.latest() == (None, [])


async def test_escape_leaves_without_keeping_anything() -> None:
    app = MindfulApp(calibrate=True)
    async with app.run_test(size=SIZE) as pilot:
        _, clock = await opened(app, pilot)
        await breathe(pilot, clock, *[(3, 5)] * 5)
        await pilot.press("escape")
        await pilot.pause()
    assert app.is_running is False
    assert calibrations.latest() == (None, [])


async def test_f5_in_the_picker_calibrates_and_mine_scripts_then_load(private_home: Path) -> None:
    folder = private_home / "config" / "scripts"
    folder.mkdir(parents=True)
    (folder / "mine.yaml").write_text(
        "title: Where you are\ntags: [before]\npattern: mine\nsteps:\n  - breathe: {cycles: 6}\n",
        encoding="utf-8",
    )
    app = MindfulApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, PickerScreen)
        assert picker.choices["mine"].entry.script is None  # not calibrated: needs fixing
        await pilot.press("f5")
        _, clock = await opened(app, pilot)
        await breathe(pilot, clock, *[(3, 5)] * 6)
        await pilot.press("enter")
        await pilot.pause()
        assert picker.is_current
        script = picker.choices["mine"].entry.script
        assert script is not None and script.title == "Where you are"
        options = picker.query_one(OptionList)
        ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
        assert "before:mine" in ids


OPENS = """\
title: From where you are
pattern: mine
steps:
  - calibrate: "Breathe as you are [b]now[/b]."
  - breathe: {cycles: 3}
"""


async def opening_session(tmp_path: Path) -> MindfulApp:
    from mindful_tui.core.script.loader import read_script
    from tests.ui.rig import Rig

    path = tmp_path / "opens.yaml"
    path.write_text(OPENS, encoding="utf-8")
    loaded, problems = read_script(path, frozenset())
    assert loaded is not None, problems
    return Rig().app(loaded)


def first_breath(app: MindfulApp) -> str:
    from mindful_tui.ui.screens.player import PlayerScreen

    player = app.screen
    assert isinstance(player, PlayerScreen)
    return " ".join(f"{c.phase} {c.seconds}" for c in player.timeline.cues[:2])


async def test_a_session_that_opens_by_calibrating_is_played_from_the_breath_measured(
    tmp_path: Path,
) -> None:
    app = await opening_session(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen, clock = await opened(app, pilot)
        assert shown(screen, "opening") == "Breathe as you are [b]now[/b]."  # as written
        await breathe(pilot, clock, *[(3, 5)] * 6)
        await pilot.press("enter")
        await pilot.pause()
        assert first_breath(app) == "inhale 3 exhale 5"
    assert calibrations.latest() == (Calibration(3, 5, 6), [])


async def test_escape_skips_the_opening_calibration_and_plays_as_planned(tmp_path: Path) -> None:
    app = await opening_session(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await opened(app, pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert first_breath(app) == "inhale 2 exhale 3"  # a usual resting breath
