"""The closing screen: the session is logged the moment it ends; a reflection amends it."""

from __future__ import annotations

from mindful_tui.core.storage import practice_log
from mindful_tui.ui.screens.closing import ClosingScreen
from tests.ui.rig import Rig, script
from tests.ui.test_player import SIZE, play_to_end


async def test_a_finished_session_is_logged_and_a_reflection_added() -> None:
    rig = Rig()
    app = rig.app(script("short"))
    async with app.run_test(size=SIZE) as pilot:
        await rig.settle(pilot)
        await play_to_end(rig, pilot)
        assert isinstance(app.screen, ClosingScreen)
        records, _ = practice_log.read()
        assert [(r.outcome, r.script, r.reflection) for r in records] == [
            ("finished", "short", None)
        ]
        await pilot.press(*"Looser [b]shoulders[/b]", "enter")
        await pilot.pause()
        records, _ = practice_log.read()
        assert len(records) == 1
        assert records[0].reflection == "Looser [b]shoulders[/b]"
        assert len(practice_log.log_path().read_text().splitlines()) == 2  # amended by appending


async def test_quitting_mid_session_logs_it_as_stopped() -> None:
    rig = Rig()
    app = rig.app(script("short"))
    async with app.run_test(size=SIZE) as pilot:
        await rig.advance(pilot, 12)
        await pilot.press("q")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
    records, _ = practice_log.read()
    assert [(r.outcome, r.practised) for r in records] == [("stopped", 12.0)]


async def test_an_unwritable_log_is_said_and_the_session_still_ends(private_home: object) -> None:
    from pathlib import Path

    assert isinstance(private_home, Path)
    (private_home / "data").write_text("not a folder")  # the data folder cannot be made
    rig = Rig()
    app = rig.app(script("short"))
    async with app.run_test(size=SIZE) as pilot:
        await rig.settle(pilot)
        await play_to_end(rig, pilot)
        screen = app.screen
        assert isinstance(screen, ClosingScreen)
        problem = screen.query_one("#log-problem")
        assert "could not write the practice log" in str(problem.render())


async def test_a_session_skipped_to_its_end_is_not_logged_as_practice() -> None:
    """``n`` pressed through a session: the closing screen and the log agree on what was
    played (a second), the breaths taken (none), and that it was not a full session."""
    rig = Rig()
    app = rig.app(script("short"))  # a 6 s line, three 12 s breaths, a 4 s line
    async with app.run_test(size=SIZE) as pilot:
        await rig.advance(pilot, 1)
        for _ in range(3):
            await pilot.press("n")
            await rig.settle(pilot)
        await play_to_end(rig, pilot)
        screen = app.screen
        assert isinstance(screen, ClosingScreen)
        records, _ = practice_log.read()
        assert len(records) == 1
        record = records[0]
        assert record.outcome == "stopped" and record.skipped > 40
        assert record.breaths == 0 and screen.breaths == 0
        assert record.practised == round(screen.practised, 3) == 1.0
        summary = str(screen.query_one("#summary").render())
        assert "0:01 practised" in summary and "0 breaths" in summary and "skipped" in summary


async def test_the_breath_calibrated_before_and_after_is_kept_with_the_session() -> None:
    """A calibration in the half hour before the session is its breath before; ``c`` on
    the closing screen measures the breath after, kept on the session's line and shown."""
    from datetime import datetime, timedelta

    from textual.widgets import Static

    from mindful_tui.core.storage import calibrations
    from mindful_tui.core.timing.calibration import Calibration
    from mindful_tui.core.timing.clock import FakeClock
    from mindful_tui.ui.screens.calibrate import CalibrateScreen
    from tests.ui.test_calibrate_screen import breathe

    calibrations.save(Calibration(3, 5, 6), at=datetime.now().astimezone() - timedelta(minutes=10))
    rig = Rig()
    app = rig.app(script("short"))
    async with app.run_test(size=SIZE) as pilot:
        await rig.settle(pilot)
        await play_to_end(rig, pilot)
        closing = app.screen
        assert isinstance(closing, ClosingScreen)
        assert practice_log.read()[0][0].breath_before == 7.5
        await pilot.press("c")  # typed into the reflection, which has the focus
        await pilot.press("escape", "c")
        await pilot.pause()
        calibrating = app.screen
        assert isinstance(calibrating, CalibrateScreen)
        clock = FakeClock()
        calibrating.clock = clock
        await breathe(pilot, clock, *[(4.0, 6.0)] * 6)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is closing
        records, _ = practice_log.read()
        assert [(r.breath_before, r.breath_after) for r in records] == [(7.5, 6.0)]
        assert len(practice_log.log_path().read_text().splitlines()) == 2  # appended
        shown = str(closing.query_one("#breath", Static).render())
        assert "7.5 → 6.0 a minute" in shown
