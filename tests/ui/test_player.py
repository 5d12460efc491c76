"""The player on a fake clock: every key and flow, and nothing sleeps."""

from __future__ import annotations

import json
from pathlib import Path

from textual.widgets import Static

from mindful_tui.core.timing.timeline import compile_script
from mindful_tui.core.timing.timinglog import TimingLog
from mindful_tui.sound.mixer import CHANNELS
from mindful_tui.ui.screens.closing import ClosingScreen
from mindful_tui.ui.screens.confirm_quit import ConfirmQuitScreen
from mindful_tui.ui.screens.help import HelpScreen
from mindful_tui.ui.screens.picker import PickerScreen
from mindful_tui.ui.screens.player import PlayerScreen
from mindful_tui.ui.widgets.keybar import KeyBar
from mindful_tui.ui.widgets.pacer import Pacer
from mindful_tui.ui.widgets.progress_line import ProgressLine
from tests.ui.rig import Rig, board, script, state, top

SIZE = (80, 24)


async def test_the_pacer_follows_the_breath_and_says_the_phase() -> None:
    rig = Rig()
    app = rig.app(script("short"))
    async with app.run_test(size=SIZE) as pilot:
        await rig.settle(pilot)
        screen = app.screen
        assert isinstance(screen, PlayerScreen)
        pacer = screen.query_one(Pacer)
        assert pacer.frame.phase is None  # the opening words: no breathing yet
        await rig.advance(pilot, 6 + 1)
        assert pacer.frame.phase == "inhale"
        assert pacer.has_class("-inhale")
        assert pacer.caption() == "Breathe in  3   ·   breath 1 of 3"
        small = pacer.frame.level
        await rig.advance(pilot, 2.5)
        assert pacer.frame.level > small
        await rig.advance(pilot, 1.5)  # 10 s: the hold
        assert pacer.frame.phase == "hold" and pacer.has_class("-hold")
        full = pacer.frame.level
        await rig.advance(pilot, 4)  # 14 s: into the exhale
        assert pacer.frame.phase == "exhale"
        assert pacer.frame.level < full
        assert screen.prompt == "Breathe in through your nose."
        await rig.advance(pilot, 12)  # the second breath has its own (no) prompt
        assert pacer.frame.cycle == 2
        assert screen.prompt == ""


async def test_a_prompt_on_a_chosen_phase_is_shown_as_that_phase_starts() -> None:
    rig = Rig()
    app = rig.app(script("phases"))
    async with app.run_test(size=SIZE) as pilot:
        await rig.settle(pilot)
        screen = app.screen
        assert isinstance(screen, PlayerScreen)
        assert screen.prompt == "Arrive."
        await rig.advance(pilot, 12.5)  # the second breath, breathing in: its own prompt waits
        assert screen.query_one(Pacer).frame.cycle == 2
        assert screen.prompt == ""
        await rig.advance(pilot, 4)  # 16.5 s: its exhale began at 18 s
        assert screen.prompt == ""
        await rig.advance(pilot, 2)  # 18.5 s
        assert screen.query_one(Pacer).frame.phase == "exhale"
        assert screen.prompt == "Let it go slowly."


async def test_the_pacer_redraws_only_when_its_frame_changes() -> None:
    rig = Rig()
    app = rig.app(script("short"))
    async with app.run_test(size=SIZE) as pilot:
        await rig.advance(pilot, 6.5)
        pacer = app.screen.query_one(Pacer)
        drawn = pacer.redraws
        for _ in range(5):
            pacer.sync()
        assert pacer.redraws == drawn
        rig.clock.advance(1.0)
        pacer.sync()
        assert pacer.redraws == drawn + 1


async def test_prompts_and_titles_are_shown_literally_never_as_markup() -> None:
    rig = Rig()
    app = rig.app(script("literal"))
    async with app.run_test(size=SIZE) as pilot:
        await rig.settle(pilot)
        prompt = app.screen.query_one("#prompt", Static)
        assert str(prompt.visual) == "[bold]x[/] $var [31m red? [link=http://x]y[/link]"
        screen = app.screen
        assert isinstance(screen, PlayerScreen)
        assert "\x1b" in screen.prompt  # the script's text is kept; only the screen drops it
        title = app.screen.query_one("#title", Static)
        assert str(title.visual) == "[b]Literal[/b] $title"
        assert "\x1b" not in app.export_screenshot()


async def test_space_pauses_and_resumes_and_the_footer_says_which() -> None:
    rig = Rig()
    app = rig.app(script("short"))
    async with app.run_test(size=SIZE) as pilot:
        await rig.advance(pilot, 7)
        screen = app.screen
        assert isinstance(screen, PlayerScreen)
        assert screen.active_bindings["space"].binding.action == "pause"
        await pilot.press("space")
        assert state(screen) == "paused"
        assert screen.has_class("-paused")
        assert screen.active_bindings["space"].binding.action == "resume"
        assert screen.query_one(Pacer).caption() == "Paused"
        await rig.advance(pilot, 30)
        assert screen.session.position() == 7
        await pilot.press("space")
        assert state(screen) == "playing"
        await rig.advance(pilot, 1)
        assert screen.session.position() == 8


async def test_n_and_p_move_between_steps() -> None:
    rig = Rig()
    app = rig.app(script("short"))
    async with app.run_test(size=SIZE) as pilot:
        await rig.advance(pilot, 1)
        screen = app.screen
        assert isinstance(screen, PlayerScreen)
        assert screen.prompt == "Let your shoulders drop."
        await pilot.press("n")
        await rig.settle(pilot)
        assert screen.session.step == 2
        assert screen.query_one(Pacer).frame.phase == "inhale"
        assert "step 3 of 4" in str(screen.query_one("#status", Static).visual)
        await pilot.press("p")
        await rig.settle(pilot)
        assert screen.session.step == 1
        assert screen.prompt == "Let your shoulders drop."


async def test_v_and_s_mute_voice_and_sound() -> None:
    rig = Rig()
    app = rig.app(script("short"))
    async with app.run_test(size=SIZE) as pilot:
        await rig.settle(pilot)
        screen = app.screen
        assert isinstance(screen, PlayerScreen)
        await pilot.press("v")
        assert not screen.voice and screen.sound
        await pilot.press("s")
        assert not screen.sound
        status = str(screen.query_one("#status", Static).visual)
        assert "voice off" in status and "sound off" in status
        # Every sound but the voice: chimes, tones and the background bed.
        muted = screen.practice.board
        assert muted is not None
        assert [c for c in CHANNELS if muted.muted(c)] == ["voice", "chimes", "tones", "background"]
        await pilot.press("v", "s")
        assert screen.voice and screen.sound
        assert not any(muted.muted(c) for c in CHANNELS)


async def test_d_dims_to_the_breath_and_the_words() -> None:
    rig = Rig()
    app = rig.app(script("short"))
    async with app.run_test(size=SIZE) as pilot:
        await rig.advance(pilot, 7)
        screen = app.screen
        assert isinstance(screen, PlayerScreen)
        await pilot.press("d")
        await pilot.pause()
        pacer = screen.query_one(Pacer)
        assert screen.has_class("-dim")
        assert not pacer.counting and pacer.caption() == "Breathe in"
        for hidden in (KeyBar, ProgressLine):
            assert not screen.query_one(hidden).display
        assert not screen.query_one("#heading").display
        await pilot.press("d")
        await pilot.pause()
        assert not screen.has_class("-dim") and pacer.counting
        assert screen.query_one(KeyBar).display


async def test_help_opens_and_the_session_waits_meanwhile() -> None:
    rig = Rig()
    app = rig.app(script("short"))
    async with app.run_test(size=SIZE) as pilot:
        await rig.advance(pilot, 2)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        player = app.screen_stack[-2]
        assert isinstance(player, PlayerScreen)
        assert state(player) == "paused"
        await pilot.press("escape")
        assert top(app) is player
        assert state(player) == "playing"


async def test_q_asks_before_abandoning_a_session() -> None:
    rig = Rig()
    app = rig.app(script("short"))
    async with app.run_test(size=SIZE) as pilot:
        await rig.advance(pilot, 2)
        player = app.screen
        assert isinstance(player, PlayerScreen)
        await pilot.press("q")
        assert isinstance(app.screen, ConfirmQuitScreen)
        await pilot.press("n")
        assert top(app) is player and state(player) == "playing"
        await pilot.press("q", "y")
        await pilot.pause()
        assert state(player) == "stopped"
    assert app.return_code == 0


async def test_an_ask_step_takes_typed_text_and_uses_it() -> None:
    rig = Rig()
    app = rig.app(script("questions"))
    async with app.run_test(size=SIZE) as pilot:
        await rig.advance(pilot, 5)
        screen = app.screen
        assert isinstance(screen, PlayerScreen)
        assert state(screen) == "waiting"
        assert screen.has_class("-asking")
        assert screen.prompt == "What would you like from this session?"
        assert "n" not in screen.active_bindings  # typing n must type an n
        await pilot.press(*"let go [x]", "enter")
        await rig.settle(pilot)
        assert screen.session.answers == {"intention": "let go [x]"}
        assert screen.prompt == "Your intention: let go [x]"
        assert not screen.has_class("-asking")


async def test_a_checkin_takes_one_key_and_t_means_ten() -> None:
    for key, value in (("7", 7), ("t", 10), ("0", 0)):
        rig = Rig()
        app = rig.app(script("questions"))
        async with app.run_test(size=SIZE) as pilot:
            await rig.advance(pilot, 5)
            await pilot.press("escape")  # skips the typed question
            await rig.advance(pilot, 5)
            screen = app.screen
            assert isinstance(screen, PlayerScreen)
            assert screen.has_class("-checking-in")
            await pilot.press(key)
            await rig.settle(pilot)
            assert screen.session.answers == {"tension": value}
            assert state(screen) == "playing"


async def test_n_skips_a_checkin() -> None:
    rig = Rig()
    app = rig.app(script("questions"))
    async with app.run_test(size=SIZE) as pilot:
        await rig.advance(pilot, 5)
        await pilot.press("escape")
        await rig.advance(pilot, 5)
        await pilot.press("n")
        await rig.settle(pilot)
        screen = app.screen
        assert isinstance(screen, PlayerScreen)
        assert screen.session.answers == {}
        assert state(screen) == "playing"
        assert screen.query_one(Pacer).frame.phase == "inhale"


async def play_to_end(rig: Rig, pilot: object) -> None:
    from textual.pilot import Pilot

    assert isinstance(pilot, Pilot)
    for _ in range(100):
        if rig.timer.until is None:
            break
        rig.clock.set(max(rig.clock.now(), rig.timer.until))
        rig.timer.until = None
        await rig.settle(pilot)


async def test_the_closing_screen_counts_the_practice_and_offers_what_next(
    tmp_path: Path,
) -> None:
    rig = Rig()
    log_path = tmp_path / "timing.jsonl"
    with TimingLog(log_path) as log:
        app = rig.app(script("short"), log=log)
        async with app.run_test(size=SIZE) as pilot:
            await rig.settle(pilot)
            await play_to_end(rig, pilot)
            closing = app.screen
            assert isinstance(closing, ClosingScreen)
            assert closing.summary() == "0:46 practised  ·  3 breaths"
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, PickerScreen)
    lines = [json.loads(line) for line in log_path.read_text().splitlines()]
    timeline = compile_script(script("short"))
    assert [line["cue"] for line in lines] == list(range(len(timeline.cues)))
    assert all(line["shown"] == line["due"] for line in lines)


async def test_palette_commands_for_the_player() -> None:
    rig = Rig()
    app = rig.app(script("short"))
    async with app.run_test(size=SIZE) as pilot:
        await rig.advance(pilot, 2)
        screen = app.screen
        assert isinstance(screen, PlayerScreen)
        commands = {c.title: c for c in app.get_system_commands(screen)}
        assert {"Player: pause", "Voice: mute", "Sound: mute", "Dim mode: on"} <= set(commands)
        commands["Player: pause"].callback()
        assert state(screen) == "paused"
        commands = {c.title: c for c in app.get_system_commands(screen)}
        assert "Player: resume" in commands and "Player: pause" not in commands
        commands["Dim mode: on"].callback()
        assert screen.dim


async def test_ctrl_z_pauses_before_suspending() -> None:
    rig = Rig()
    app = rig.app(script("short"))
    async with app.run_test(size=SIZE) as pilot:
        await rig.advance(pilot, 2)
        await pilot.press("ctrl+z")
        screen = app.screen
        assert isinstance(screen, PlayerScreen)
        assert state(screen) == "paused"


async def test_dim_mode_from_the_settings_applies_from_the_start() -> None:
    from mindful_tui.core.storage.user_settings import Settings

    rig = Rig()
    app = rig.app(script("short"), settings=Settings(dim=True))
    async with app.run_test(size=SIZE) as pilot:
        await rig.advance(pilot, 7)
        screen = app.screen
        assert isinstance(screen, PlayerScreen)
        assert screen.dim and screen.has_class("-dim")
        assert board(screen).eyes_closed


async def test_a_player_taken_away_mid_session_logs_it() -> None:
    """Whatever removes the player from under a running session, the session is logged
    as stopped where it was."""
    from mindful_tui.core.storage import practice_log

    rig = Rig()
    app = rig.app(script("short"))
    async with app.run_test(size=SIZE) as pilot:
        await rig.advance(pilot, 9)
        player = app.screen
        assert isinstance(player, PlayerScreen)
        app.open_picker()  # the player is switched away, its session still playing
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        assert state(player) == "stopped"
    records, _ = practice_log.read()
    assert [(r.outcome, r.practised) for r in records] == [("stopped", 9)]


async def test_a_typed_answer_stops_at_its_limit() -> None:
    from mindful_tui.core.timing.engine import ANSWER_LIMIT

    rig = Rig()
    app = rig.app(script("questions"))
    async with app.run_test(size=SIZE) as pilot:
        await rig.advance(pilot, 5)
        screen = app.screen
        assert isinstance(screen, PlayerScreen) and state(screen) == "waiting"
        await pilot.press(*"ab" * ANSWER_LIMIT, "enter")
        await rig.settle(pilot)
        assert screen.session.answers == {"intention": ("ab" * ANSWER_LIMIT)[:ANSWER_LIMIT]}
