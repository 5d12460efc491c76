"""The lead-in (``--start-in``, the ``lead_in`` setting, the picker's key): a countdown,
a soft sound ten seconds before the start and at it, and the session's clock starting
only then; the practice log counts from the start, not from the lead-in."""

from __future__ import annotations

import asyncio
import io
import json
from collections.abc import Sequence
from pathlib import Path

from mindful_tui.cli.loading import load_named
from mindful_tui.core.storage import practice_log
from mindful_tui.core.storage.user_settings import Settings
from mindful_tui.core.timing.clock import Clock, FakeClock
from mindful_tui.core.timing.conductor import LEAD
from mindful_tui.core.timing.engine import Due
from mindful_tui.core.timing.timeline import Cue
from mindful_tui.core.timing.timer import FakeTimer, Timer
from mindful_tui.core.timing.timinglog import TimingLog
from mindful_tui.session.options import Choices, setup
from mindful_tui.session.playback import Playback
from mindful_tui.session.practice import Practice
from mindful_tui.session.sounds import LEAD_IN_SOUND
from mindful_tui.sound.clip import Clip
from mindful_tui.sound.mixer import Channel, Mixer
from mindful_tui.ui.plain import play_plain
from tests.process import mindful
from tests.ui.rig import FakeWakepy, NoVoice, RecordingOutput, script


def fake_playback(
    clock: FakeClock, output: RecordingOutput | None = None, log: TimingLog | None = None
) -> Playback:
    def make_timer(made: Clock) -> Timer:
        return FakeTimer(clock)

    def mixer(made: Clock) -> Mixer:
        return Mixer(output or RecordingOutput(), now=made.now)

    return Playback(
        clock=lambda speed: clock,
        timer=make_timer,
        timing_log=log,
        mixer=mixer,
        voice=NoVoice,
        awake=FakeWakepy(),
    )


class Shown:
    """A presenter that notes when each cue was shown."""

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.at: list[tuple[float, Cue]] = []

    def show(self, due: Due) -> float | None:
        self.at.append((self.clock.now(), due.cue))
        return None

    async def ask(self, cue: Cue) -> str | int | None:
        return None


def test_counts_down_sounds_at_ten_and_zero_and_starts_the_clock_after(
    private_home: Path,
) -> None:
    clock = FakeClock(start=1000.0)
    output = RecordingOutput()
    chosen = setup(load_named("box"), Settings(), Choices(lead_in=30))
    practice = Practice.start(chosen, fake_playback(clock, output))
    shown = Shown(clock)
    ticks: list[tuple[int, float]] = []

    async def run() -> None:
        await practice.prepare()
        assert practice.board is not None
        board = practice.board
        bell = board.clips[LEAD_IN_SOUND]
        conductor = practice.conductor(shown, lead=0)
        played = board.mixer.play_all
        heard: list[float] = []

        def spy(sounds: Sequence[tuple[Clip, Channel]], at: float | None = None) -> float | None:
            if any(clip is bell for clip, _ in sounds):
                heard.append(clock.now())
            return played(sounds, at)

        board.mixer.play_all = spy  # type: ignore[method-assign]

        def tick(left: int) -> None:
            ticks.append((left, clock.now()))

        await practice.begin(conductor, tick)
        assert heard == [1020.0, 1030.0]  # ten seconds before the start, and at it
        assert practice.session.state == "playing"
        await conductor.run()
        practice.end()

    asyncio.run(run())
    assert [left for left, _ in ticks] == [*range(30, 0, -1), 0]
    assert [at for _, at in ticks] == [1000.0 + i for i in range(31)]
    first_at, first = shown.at[0]
    assert first.at == 0 and first_at == 1030.0


def test_plain_lead_in_logs_the_first_cue_ten_seconds_after_and_not_in_the_practice_log(
    private_home: Path, tmp_path: Path
) -> None:
    """``mindful play reset --start-in 10 --plain --timing-log FILE``, on a fake clock."""
    clock = FakeClock(start=500.0)
    path = tmp_path / "timing.jsonl"
    chosen = setup(load_named("reset"), Settings(), Choices(lead_in=10))
    out = io.StringIO()
    with TimingLog(path) as log:
        playback = fake_playback(clock, log=log)
        assert asyncio.run(play_plain(chosen, playback, out=out)) == 0
    lines = [json.loads(line) for line in path.read_text().splitlines()]
    lead, first = lines[0], lines[1]
    # A session with sound starts ``LEAD`` after it is ready, lead-in or not.
    assert lead == {"cue": None, "kind": "lead-in", "due": -10.0, "shown": -(10 + LEAD)}
    assert first["cue"] == 0 and first["shown"] == 0.0
    text = out.getvalue()
    assert "Starting in 0:10: time to lie down and settle." in text
    assert text.index("Starting now.") < text.index("   0:00  ")
    (record,), _ = practice_log.read()
    total = float(chosen.timeline.total)
    assert record.outcome == "finished"
    assert record.practised == total  # not total + 10


def test_start_in_on_the_command_line(tmp_path: Path) -> None:
    """The flag, end to end (a preview: ten session seconds pass in a tenth of one)."""
    path = tmp_path / "timing.jsonl"
    home = tmp_path / "home"
    done = mindful(
        *("play", "reset", "--start-in", "10", "--plain", "--speed", "100", "--no-sound"),
        *("--timing-log", str(path)),
        home=home,
    )
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in path.read_text().splitlines()]
    assert lines[0]["kind"] == "lead-in" and lines[0]["due"] == -10.0
    assert abs(lines[0]["shown"] + 10) < 2  # scheduling at 100x: 10 ms is a session second
    assert lines[1]["cue"] == 0
    bad = mindful("play", "reset", "--start-in", "soon", home=home)
    assert bad.returncode == 2
    assert "--start-in: expected whole seconds, got 'soon'" in bad.stderr


def test_the_player_shows_the_countdown_and_waits(private_home: Path) -> None:
    from mindful_tui.ui.app import MindfulApp
    from mindful_tui.ui.screens.player import PlayerScreen
    from tests.ui.rig import Rig

    async def run() -> None:
        rig = Rig()
        saved = Settings(lead_in=20)
        app = MindfulApp(setup(script("short"), saved), rig.playback(), (saved, []))
        async with app.run_test(size=(80, 24)) as pilot:
            player = app.player
            assert isinstance(player, PlayerScreen)
            await asyncio.wait_for(player.sound_ready.wait(), 10)
            for _ in range(5):
                await pilot.pause()
            assert player.prompt == "Starting in 0:20"
            assert player.session.state == "ready"
            start = rig.clock.now()
            while player.session.state == "ready":
                until = rig.timer.until
                assert until is not None
                rig.clock.set(until)
                rig.timer.interrupt()
                await pilot.pause()
                if rig.clock.now() - start == 5:
                    assert player.prompt == "Starting in 0:15"
            assert rig.clock.now() - start == 20
            assert player.prompt != "Starting in 0:01"

    asyncio.run(run())


def test_the_bell_is_ready_even_where_the_script_rings_none(
    private_home: Path, tmp_path: Path
) -> None:
    """The lead-in's bell is prepared with the session's own sounds, whatever they are."""
    quiet = tmp_path / "quiet.yaml"
    quiet.write_text("title: Quiet\nsteps:\n  - chime: bowl\n  - silence: 5\n")
    clock = FakeClock(start=1000.0)
    for lead_in, ready in ((0, False), (20, True)):
        chosen = setup(load_named(str(quiet)), Settings(), Choices(lead_in=lead_in))
        practice = Practice.start(chosen, fake_playback(clock))
        asyncio.run(practice.prepare())
        assert practice.board is not None
        assert (LEAD_IN_SOUND in practice.board.clips) is ready
