"""``t``, for the person beside the table: the turning-over interlude plays at the next
out-breath, then the session goes on where it was; logged in the practice log."""

from __future__ import annotations

import json
from pathlib import Path

from mindful_tui.core.storage import practice_log
from mindful_tui.core.timing.timinglog import TimingLog
from mindful_tui.ui.screens.player import PlayerScreen
from mindful_tui.ui.widgets.keybar import KeyBar
from tests.ui.rig import Rig, script, state

FIRST_BREATH_ENDS = 18.0
"""``short``: a 6 s line, then breaths of 12 s (4 in, 2 hold, 6 out)."""
TURNING = 86.5
"""The built-in turning-over interlude's length."""


def turning(player: PlayerScreen) -> str | None:
    """Whether an interlude waits or plays (a call, so that type checkers do not pin it)."""
    return player.session.turning


async def test_t_plays_the_interlude_at_the_out_breath_and_the_session_goes_on(
    tmp_path: Path,
) -> None:
    rig = Rig()
    path = tmp_path / "timing.jsonl"
    with TimingLog(path) as log:
        app = rig.app(script("short"), log=log)
        async with app.run_test(size=(100, 24)) as pilot:
            await rig.advance(pilot, 8)  # into the first breath
            player = app.player
            assert isinstance(player, PlayerScreen)
            await pilot.press("t")
            await rig.settle(pilot)
            assert turning(player) == "waiting"
            assert str(player.status_line.render()).startswith("turning soon")
            await rig.advance(pilot, FIRST_BREATH_ENDS - 8 + 6)  # 6 s into the interlude
            assert turning(player) == "playing"
            assert player.practice.interlude is not None
            assert player.practice.interlude.timeline.total == TURNING
            assert player.session.position() == FIRST_BREATH_ENDS  # the session holds still
            assert player.prompt.startswith("In a moment, it will be time to turn over")
            assert str(player.status_line.render()).startswith("turning over")
            await rig.advance(pilot, 52)  # 1.5 s into the first of its breaths to settle
            frame = player.pacer.frame  # the pacer follows the interlude's breath
            assert (frame.phase, frame.cycle, frame.of, frame.progress) == ("inhale", 1, 3, 0.375)
            await rig.advance(pilot, TURNING - 58)
            assert turning(player) is None
            assert player.session.step == 2 and player.session.position() == FIRST_BREATH_ENDS
            await rig.advance(pilot, 100)
            assert state(player) == "finished"
    (logged,), _ = practice_log.read()
    assert logged.outcome == "finished" and logged.skipped == 0
    assert logged.interludes == ["turning-over"] and not logged.ended_early
    assert logged.practised == 46 + TURNING
    lines = [json.loads(line) for line in path.read_text().splitlines()]
    (turn,) = [line for line in lines if line["kind"] == "turn"]
    assert (turn["due"], turn["shown"]) == (FIRST_BREATH_ENDS, 8.0)
    inside = [line for line in lines if line.get("interlude") == "turning-over"]
    assert inside[0]["kind"] == "chime" and inside[0]["due"] == FIRST_BREATH_ENDS
    assert inside[-1]["due"] < FIRST_BREATH_ENDS + TURNING
    after = lines[lines.index(inside[-1]) + 1]
    assert (after["kind"], after["due"]) == ("phase", FIRST_BREATH_ENDS)


async def test_t_in_a_german_session_plays_the_german_interlude() -> None:
    rig = Rig()
    app = rig.app(script("kurz"))  # ``short`` in German: the same times
    async with app.run_test(size=(100, 24)) as pilot:
        await rig.advance(pilot, 8)
        player = app.player
        assert isinstance(player, PlayerScreen)
        await pilot.press("t")
        await rig.advance(pilot, FIRST_BREATH_ENDS - 8 + 6)  # 6 s into the interlude
        assert turning(player) == "playing"
        assert player.practice.interlude is not None
        assert player.practice.interlude.timeline.language == "de"
        assert player.prompt.startswith("Gleich ist es Zeit, dich auf den Rücken zu drehen")
        await rig.advance(pilot, 52)  # 1.5 s into its first breath to settle
        assert player.pacer.caption().startswith("Einatmen  ")
        await rig.advance(pilot, 200)
        assert state(player) == "finished"
    (logged,), _ = practice_log.read()
    assert logged.interludes == ["turning-over-de"]


async def test_e_during_the_interlude_ends_soon_and_is_logged() -> None:
    rig = Rig()
    app = rig.app(script("short"))
    async with app.run_test(size=(100, 24)) as pilot:
        await rig.advance(pilot, 8)
        player = app.player
        assert isinstance(player, PlayerScreen)
        await pilot.press("t")
        await rig.advance(pilot, 20)  # into the interlude
        assert turning(player) == "playing"
        await pilot.press("e")
        await rig.settle(pilot)
        assert turning(player) is None
        assert player.prompt == "Well done."
        await rig.advance(pilot, 10)
        assert state(player) == "finished"
    (logged,), _ = practice_log.read()
    assert logged.ended_early and logged.interludes == ["turning-over"]
    assert logged.how_it_ended == "ended early"


async def test_t_and_e_are_in_the_key_bar_beside_quit_and_in_the_palette() -> None:
    rig = Rig()
    app = rig.app(script("short"))
    async with app.run_test(size=(80, 24)) as pilot:
        await rig.advance(pilot, 8)
        player = app.player
        assert isinstance(player, PlayerScreen)
        bar = player.query_one(KeyBar)
        shown = {(k.key, k.description) for k in bar.keys or () if k.end <= 80}
        assert {("t", "Turn over"), ("e", "End soon"), ("q", "Quit")} <= shown
        titles = [c.title for c in player.system_commands()]
        assert "Player: turn over" in titles and "Player: end soon" in titles
