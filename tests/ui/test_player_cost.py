"""What keeps the player light: it draws only what changed, wakes once for what changes
together, and loads only what its first frame needs. Each test fails if its saving goes.
"""

from __future__ import annotations

import gc
import subprocess
import sys

from rich.style import Style
from textual.geometry import Region
from textual.strip import Strip
from textual.widgets import Static

from mindful_tui.ui.screens.player import PlayerScreen
from mindful_tui.ui.widgets.keybar import KeyBar
from mindful_tui.ui.widgets.pacer import SMALLEST, Pacer
from mindful_tui.ui.widgets.progress_line import ProgressLine
from tests.ui.rig import Rig, script

SIZE = (80, 24)


async def test_the_disk_takes_one_size_per_terminal_row_it_grows() -> None:
    """A level is one row of growth (two half-block pixels), not one pixel: half the
    redraws, and each step still visible."""
    for size in [(40, 12), SIZE, (120, 40)]:
        rig = Rig()
        app = rig.app(script("short"))
        async with app.run_test(size=size) as pilot:
            await rig.advance(pilot, 8)
            pacer = app.screen.query_one(Pacer)
            growth = pacer._largest_radius() * (1 - SMALLEST)  # in pixels
            assert pacer.levels == max(1, round(growth / 2))
            if pacer.levels > 1:
                step = growth / pacer.levels
                assert 1.5 <= step <= 2.5  # about one row (two pixels) a level
            if size == SIZE:
                assert pacer.levels == 4


async def test_time_passing_within_a_frame_draws_nothing() -> None:
    """The breath's progress changes at every instant; what is drawn only now and then."""
    rig = Rig()
    app = rig.app(script("short"))
    async with app.run_test(size=SIZE) as pilot:
        await rig.advance(pilot, 6 + 4.2)  # the hold: still, 2 s of it counted down
        pacer = app.screen.query_one(Pacer)
        assert pacer.frame.phase == "hold"
        drawn = pacer.redraws
        rig.clock.advance(0.3)  # same size, same second
        pacer.sync()
        assert pacer.redraws == drawn
        rig.clock.advance(0.6)  # the countdown moves on
        pacer.sync()
        assert pacer.redraws == drawn + 1


async def test_rows_outside_the_disks_rows_are_blank_at_every_level() -> None:
    """A new size refreshes only the disk's rows and columns: nothing may lie outside."""
    for size in [(40, 12), SIZE, (120, 40)]:
        rig = Rig()
        app = rig.app(script("short"))
        async with app.run_test(size=size) as pilot:
            await rig.advance(pilot, 8)
            pacer = app.screen.query_one(Pacer)
            width, height = pacer.size
            palette = pacer._styles()
            background = {palette[0].color}
            for level in range(pacer.levels + 1):
                rows, columns = pacer._disk_rows(level), pacer._disk_columns(level)
                seen = 0
                for y in range(height - 2):
                    line = pacer._disk_line(level, y, width, height - 2, palette)
                    lit = [x for x, colours in _cells(line) if colours - background]
                    if y not in rows:
                        assert lit == []
                    else:
                        assert all(x in columns for x in lit)
                        seen += bool(lit)
                assert seen > 0  # the disk is somewhere


def _cells(line: Strip) -> list[tuple[int, set[object]]]:
    """Each cell's column and the colours it shows (an upper half block shows two)."""
    cells: list[tuple[int, set[object]]] = []
    x = 0
    for segment in line:
        style = segment.style or Style()
        for char in segment.text:
            cells.append((x, {style.bgcolor, style.color} if char == "▀" else {style.bgcolor}))
            x += 1
    return cells


async def test_the_pacers_wake_updates_the_seconds_left_in_the_same_turn() -> None:
    """The pacer's countdown and the session's seconds left change together: one
    wake-up does both, so they reach the terminal in one screen update, not two."""
    rig = Rig()
    app = rig.app(script("short"))
    async with app.run_test(size=SIZE) as pilot:
        await rig.advance(pilot, 7)
        screen = app.screen
        assert isinstance(screen, PlayerScreen)
        pacer = screen.query_one(Pacer)
        status = screen.query_one("#status", Static)
        before = str(status.visual)
        rig.clock.advance(1.0)
        assert pacer.on_wake is not None
        pacer._wake()  # what the pacer's timer calls
        assert str(status.visual) != before
        assert pacer.caption().startswith("Breathe in  2")


async def test_the_progress_line_redraws_only_when_it_visibly_moves() -> None:
    rig = Rig()
    app = rig.app(script("short"))
    async with app.run_test(size=SIZE) as pilot:
        await rig.advance(pilot, 7)
        line = app.screen.query_one(ProgressLine)
        assert not line._timers  # no once-a-second ETA timer
        calls: list[object] = []
        refresh = line.refresh

        def counted(*regions: Region, **options: bool) -> ProgressLine:
            calls.append(regions)
            return refresh(*regions, **options)

        line.refresh = counted  # type: ignore[method-assign]
        half_cell = line.total / (line.size.width * 2)
        line.update(line.progress + half_cell / 10)
        assert calls == []
        line.update(line.progress + half_cell)
        assert len(calls) == 1


async def test_the_key_bar_shows_the_keys_that_act_and_a_click_presses_one() -> None:
    rig = Rig()
    app = rig.app(script("short"))
    async with app.run_test(size=SIZE) as pilot:
        await rig.advance(pilot, 7)
        screen = app.screen
        assert isinstance(screen, PlayerScreen)
        bar = screen.query_one(KeyBar)
        assert [k.description for k in bar.keys or ()][:2] == ["Pause", "Next"]
        assert "space Pause" in bar.render_line(0).text
        await pilot.click(KeyBar, offset=(1, 0))  # on " space Pause "
        await rig.settle(pilot)
        assert screen.session.state == "paused"
        assert "space Resume" in bar.render_line(0).text


async def test_the_answer_field_is_built_only_when_a_question_is_asked() -> None:
    rig = Rig()
    app = rig.app(script("questions"))
    async with app.run_test(size=SIZE) as pilot:
        await rig.settle(pilot)
        screen = app.screen
        assert not screen.query("#answer") and not screen.query("#scale")
        await rig.advance(pilot, 5)
        assert screen.query_one("#answer").has_focus


def test_the_player_loads_no_sound_picker_or_history_widgets_to_start() -> None:
    """With ``--no-sound`` nothing that makes or plays sound loads (the voice's settings
    are plain data), and the player's screen does not bring the picker's or the history's
    widgets."""
    code = (
        "import sys\n"
        "import mindful_tui.cli.main, mindful_tui.cli.play\n"
        "import mindful_tui.ui.app, mindful_tui.ui.screens.player\n"
        "plain = {'mindful_tui.sound', 'mindful_tui.sound.speech'}\n"
        "print(sorted(m for m in set(sys.modules) - plain if m.startswith('mindful_tui.sound')"
        " or m.endswith(('daily_chart', 'plan_preview', 'checkin_scale'))))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


async def test_a_session_runs_with_the_apps_objects_out_of_the_collectors_sight() -> None:
    """A full collection over everything Textual built took 25-30 ms and once landed on
    a cue; frozen at the start, they are not scanned again (until the app ends)."""
    gc.unfreeze()
    rig = Rig()
    app = rig.app(script("short"))
    async with app.run_test(size=SIZE) as pilot:
        await rig.advance(pilot, 1)
        assert gc.get_freeze_count() > 1000
    assert gc.get_freeze_count() == 0
