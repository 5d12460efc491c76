"""The background bed in a session: chosen by the command line, the script or the
settings (in that order), checked where it is written, and played under the whole
session on a fake clock: from its start to its end with no gap, paused with it, gone
when it ends."""

from __future__ import annotations

import asyncio
import itertools
import random
from array import array
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from mindful_tui.cli.main import main
from mindful_tui.core.script.loader import load_script
from mindful_tui.core.script.model import Script, Silence
from mindful_tui.core.script.problems import ScriptError
from mindful_tui.core.storage.user_settings import Settings
from mindful_tui.core.timing.clock import Clock, FakeClock
from mindful_tui.core.timing.engine import Due
from mindful_tui.core.timing.timeline import Cue
from mindful_tui.core.timing.timer import FakeTimer, Timer
from mindful_tui.session.options import Choices, Setup, resolve, setup
from mindful_tui.session.playback import Playback
from mindful_tui.session.practice import Practice
from mindful_tui.sound import bed
from mindful_tui.sound.clip import RATE, Clip
from mindful_tui.sound.mixer import BED_CHUNK, BED_TAIL, Mixer
from tests.ui.rig import FakeWakepy, NoVoice

# -- who wins -------------------------------------------------------------------------


def plain(background: str | None = None) -> Script:
    return Script("Plain", (Silence(5),), background=background)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("flag", "script", "setting", "plays"),
    [
        (None, None, "none", None),
        (None, None, "pink", "pink"),
        (None, "drone", "pink", "drone"),
        ("brown", "drone", "pink", "brown"),
        ("none", "drone", "pink", None),  # --background none turns a script's bed off
        (None, "none", "pink", None),  # a script can ask for quiet over your setting
        ("pink", "none", "none", "pink"),
        ("brown-noise", None, "none", "brown"),
    ],
)
def test_the_command_line_wins_over_the_script_over_the_settings(
    flag: str | None, script: str | None, setting: str, plays: str | None
) -> None:
    options = resolve(plain(script), Settings(background=setting), Choices(background=flag))
    assert options.background == plays


def test_the_volume_is_the_setting() -> None:
    options = resolve(plain("brown"), Settings(background_volume=0.2))
    assert options.background_volume == 0.2


# -- in a script ----------------------------------------------------------------------


def test_a_script_names_its_bed(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    for written, read in [("drone", "drone"), ("pink-noise", "pink"), ("none", "none")]:
        path.write_text(f"title: T\nbackground: {written}\nsteps:\n  - silence: 3\n")
        assert load_script(path).background == read
    path.write_text("title: T\nsteps:\n  - silence: 3\n")
    assert load_script(path).background is None


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("brwn", 'background "brwn" is not one we make (did you mean "brown"?); expected one of:'),
        ("[brown]", "background must be text, got a list"),
        ("false", "background must be text"),
    ],
)
def test_a_wrong_bed_names_file_line_and_column(tmp_path: Path, value: str, message: str) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(f"title: T\nsummary: x\nbackground: {value}\nsteps:\n  - silence: 3\n")
    with pytest.raises(ScriptError) as caught:
        load_script(path)
    shown = str(caught.value)
    assert f"s.yaml:3:13: error: {message}" in shown, shown


# -- on the command line ------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["play", "box", "--plain", "--background", "drone"],
        ["timer", "1", "--plain", "--background", "drone"],
    ],
)
def test_background_reaches_play_and_timer(
    argv: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    played: list[Setup] = []

    async def fake_play(chosen: Setup, *_: Any) -> int:
        played.append(chosen)
        return 0

    monkeypatch.setattr("mindful_tui.ui.plain.play_plain", fake_play)
    assert main(argv) == 0
    assert [p.options.background for p in played] == ["drone"]


def test_an_unknown_bed_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["timer", "1", "--background", "rain"])
    assert caught.value.code == 2
    assert "expected one of brown, pink, drone, none, got 'rain'" in capsys.readouterr().err


# -- played -------------------------------------------------------------------------------

_RANDOM = random.Random(7)
LOOP = array("h", [_RANDOM.randrange(-8000, 8000) for _ in range(bed.LOOP_SECONDS * RATE)])
"""Stands in for a synthesised bed (made in no time): any 100 samples say where they are."""


def loop_position(samples: array[int], volume: float) -> int:
    """Where in the loop (at ``volume``) a stretch of a stream's bed comes from."""
    at = Clip(LOOP).scaled(volume).samples.tobytes().find(samples.tobytes())
    assert at >= 0 and at % 2 == 0
    return at // 2


@dataclass
class Streams:
    """An output that records each stream and when it started, on the session's clock."""

    clock: FakeClock
    problem: str | None = None
    played: list[tuple[float, Clip]] = field(default_factory=list)
    stops: list[float] = field(default_factory=list)

    def play(self, clip: Clip) -> float | None:
        self.played.append((self.clock.now(), clip))
        return self.clock.now()

    def stop(self) -> None:
        self.stops.append(self.clock.now())


class Presenter:
    """Shows nothing; pauses the session for ``pause`` seconds at cue ``at``."""

    def __init__(self, practice: Practice, at: int | None = None, pause: float = 0) -> None:
        self.practice = practice
        self.at = at
        self.pause = pause
        self.paused: tuple[float, float] | None = None
        self.task: asyncio.Task[None] | None = None
        self.conductor: Any = None

    def show(self, due: Due) -> float | None:
        if due.index == self.at:
            self.practice.session.pause()
            self.practice.silence()
            self.task = asyncio.get_running_loop().create_task(self._resume())
        return None

    async def _resume(self) -> None:
        clock = self.practice.clock
        assert isinstance(clock, FakeClock)
        began = clock.now()
        await asyncio.sleep(0)
        clock.advance(self.pause)
        self.paused = (began, clock.now())
        self.practice.session.resume()
        self.practice.follow()
        self.conductor.changed()

    async def ask(self, cue: Cue) -> str | int | None:
        return None


def play_with_bed(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    yaml: str,
    pause_at: int | None = None,
    pause: float = 0,
) -> tuple[Practice, Streams, Presenter]:
    monkeypatch.setattr(bed, "make", lambda name: LOOP)
    clock = FakeClock(start=1000.0)
    streams = Streams(clock)

    def make_timer(made: Clock) -> Timer:
        return FakeTimer(clock)

    def mixer(made: Clock) -> Mixer:
        return Mixer(streams, now=made.now)

    playback = Playback(
        clock=lambda speed: clock,
        timer=make_timer,
        mixer=mixer,
        voice=NoVoice,
        awake=FakeWakepy(),
        history=False,
    )
    path = tmp_path / "bed.yaml"
    path.write_text(yaml)
    script = load_script(path, frozenset({"bell"}))
    practice = Practice.start(setup(script, Settings()), playback)
    presenter = Presenter(practice, pause_at, pause)

    async def run() -> None:
        await practice.prepare()
        conductor = presenter.conductor = practice.conductor(presenter)
        await practice.begin(conductor, lambda left: None)
        await conductor.run()
        practice.end()

    asyncio.run(run())
    return practice, streams, presenter


SESSION = """\
title: Bed
background: brown
steps:
  - chime: bell
  - silence: 10
  - chime: bell
  - silence: 20
  - chime: bell
"""


def bed_streams(streams: Streams) -> list[tuple[float, Clip]]:
    """The streams that carry the bed (all but the probe of the device)."""
    return [(at, clip) for at, clip in streams.played if len(clip) >= BED_CHUNK * RATE]


def test_the_bed_plays_from_the_start_to_the_end_without_a_gap(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    practice, streams, _ = play_with_bed(monkeypatch, tmp_path, SESSION)
    carried = bed_streams(streams)
    first = carried[0][0]
    start = first - practice.session.position_at(first)
    end = start + 30.0
    assert first <= start  # from the session's first moment
    assert carried[0][1].samples[0] == 0  # fading in
    for (at, _), (then, _) in itertools.pairwise(carried):
        # Each stretch of the bed was followed before it began to fade out.
        assert then - at < BED_CHUNK - BED_TAIL
    assert carried[-1][0] + BED_CHUNK - BED_TAIL >= end  # on to the end
    # Ended: silenced, and nothing started after.
    assert streams.stops[-1] >= end
    assert all(at <= end for at, _ in streams.played)
    assert practice.board is not None and practice.board.mixer.sounding() == 0


def test_the_bed_pauses_with_the_session_and_comes_back_where_it_was(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # Paused for a minute at the second bell (10 s in).
    practice, streams, presenter = play_with_bed(
        monkeypatch, tmp_path, SESSION, pause_at=2, pause=60.0
    )
    assert presenter.paused is not None
    began, ended = presenter.paused
    carried = bed_streams(streams)
    assert not [at for at, _ in carried if began < at < ended]  # silent through the pause
    assert began in streams.stops
    after_at, after = next((at, clip) for at, clip in carried if at >= ended)
    assert after_at == ended
    assert after.samples[0] == 0  # fading in again
    # On from where it stopped, 10 s in, not from the loop's start.
    full = round(bed.FADE_IN * RATE)
    at = loop_position(after.samples[full : full + 100], practice.options.background_volume)
    assert abs((at - full) / RATE - (began - carried[0][0])) < 0.05


def test_no_bed_without_one_chosen(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _, streams, _ = play_with_bed(monkeypatch, tmp_path, SESSION.replace("background: brown\n", ""))
    assert bed_streams(streams) == []
