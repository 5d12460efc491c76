"""Every setting, honoured by every way a session starts or is shown.

Each setting is saved to the settings file, as a user would, and each entry point is run
as a user runs it: the picker (its listed length, and Enter), ``mindful play`` full
screen, ``mindful play --plain``, ``mindful plan`` and ``mindful render``. What the
session then plays with is read off what the runtime built for it: its plan, its sound
board (volumes, tones, dim) and the voice it made. A setting with no probe here, or an
entry point missing from a setting's row, fails the first test: a new setting must be
wired, or said not to apply, before the suite passes.
"""

from __future__ import annotations

import asyncio
import re
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import pytest

from mindful_tui.cli.main import main
from mindful_tui.core.storage import user_settings as saved_settings
from mindful_tui.core.storage.user_settings import Settings
from mindful_tui.core.timing.clock import Clock, FakeClock
from mindful_tui.core.timing.timer import FakeTimer, Timer
from mindful_tui.session.options import Setup
from mindful_tui.session.playback import Playback
from mindful_tui.session.practice import Practice
from mindful_tui.session.sounds import sound_board
from mindful_tui.sound.board import SoundBoard, SpokenLines
from mindful_tui.sound.mixer import Mixer
from mindful_tui.sound.speech import VoiceSettings
from mindful_tui.ui.app import MindfulApp
from mindful_tui.ui.screens.picker import PickerScreen
from mindful_tui.ui.screens.player import PlayerScreen
from tests.ui.rig import FakeWakepy, NoVoice, RecordingOutput

SCRIPT = """\
title: Matrix
pattern: {inhale: 4, exhale: 6}
steps:
  - chime: bell
  - say: Settle in.
    seconds: 3
  - breathe: {cycles: 6, cues: true}
"""
"""No voice of its own (so the settings' rate and voice apply), a chime, spoken phases
with tones: 63 s as written."""

PROBES: dict[str, Any] = {
    "voice": False,
    "voice_name": "gmw/en-GB-x-rp",
    "rate": 111,
    "sound": False,
    "phase_tones": False,
    "whole_phase_tones": False,
    "voice_volume": 0.25,
    "chime_volume": 0.15,
    "tone_volume": 0.05,
    "theme": "nord",
    "dim": True,
    "default_minutes": 5.0,
    "keep_awake": False,
    "lead_in": 5,
    "background": "brown",
    "background_volume": 0.05,
    "language": "de",
}
"""A value other than the default for every setting."""

ENTRIES = ("picker list", "picker play", "play", "play --plain", "plan", "render")
SOUNDING = ("picker play", "play", "play --plain", "render")
SCREENS = ("picker list", "picker play", "play")
PLAYING = ("picker play", "play", "play --plain")

APPLIES: dict[str, tuple[str, ...]] = {
    "voice": SOUNDING,
    "voice_name": SOUNDING,
    "rate": SOUNDING,
    "sound": SOUNDING,
    "phase_tones": SOUNDING,
    "whole_phase_tones": SOUNDING,
    "voice_volume": SOUNDING,
    "chime_volume": SOUNDING,
    "tone_volume": SOUNDING,
    "dim": SOUNDING,
    "theme": SCREENS,
    "default_minutes": ENTRIES,
    "keep_awake": PLAYING,
    "lead_in": PLAYING,
    "background": SOUNDING,
    "background_volume": SOUNDING,
    "language": ("picker list",),
}
"""Where each setting shows. Not elsewhere, because: the picker's list and ``plan`` show
lengths and make no sound; the plain player, ``plan`` and ``render`` have no screen to
theme; ``keep_awake`` and ``lead_in`` are about a session being played, which the
picker's list, ``plan`` and ``render`` do not do; ``language`` is which sessions the
picker lists first (a session itself speaks its script's own language)."""


@dataclass
class Seen:
    """What a session was given by the runtime, from one entry point."""

    total: float | None = None
    """Its length in seconds."""
    boards: list[SoundBoard | None] = field(default_factory=list)
    """Every sound board made (None: the session sounds nothing)."""
    voices: list[VoiceSettings] = field(default_factory=list)
    """Every voice made for a session, with the settings it speaks with."""
    interlude_voices: list[VoiceSettings] = field(default_factory=list)
    """Every voice made for a session's turning-over interlude (the full-screen player's)."""
    theme: str | None = None
    dim: bool | None = None
    """Whether the player's screen is dim."""
    awakes: list[bool] = field(default_factory=list)
    """For every session played: whether it keeps the computer awake."""
    lead_ins: list[int] = field(default_factory=list)
    """For every session played: the seconds it counted down before starting."""
    language: str | None = None
    """The language the picker lists."""

    @property
    def board(self) -> SoundBoard | None:
        assert len(self.boards) == 1, self.boards
        return self.boards[0]


def tones(board: SoundBoard) -> list[str]:
    """The channels every phase sounds on."""
    return [
        channel
        for cue in board.timeline.cues
        if cue.kind == "phase"
        for _, channel in board.sounds_for(cue)
    ]


def short_tones(board: SoundBoard) -> bool:
    """Every phase sounds a tone, and none lasts its phase (4 s and 6 s here)."""
    phases = [cue for cue in board.timeline.cues if cue.kind == "phase"]
    lengths = [
        clip.seconds
        for cue in phases
        for clip, channel in board.sounds_for(cue)
        if channel == "tones"
    ]
    return len(lengths) == len(phases) > 0 and max(lengths) <= 2.0


def heard_bed(board: SoundBoard) -> bool:
    """The brown bed was made, and (where the session played) went to the output."""
    if board.options.background != "brown" or board.bed is None:
        return False
    played = isinstance(board.mixer.output, RecordingOutput)
    return board.mixer.bed_chunks > 0 if played else True


CHECKS: dict[str, Callable[[Seen], bool]] = {
    "voice": lambda seen: seen.board is not None and seen.board.voice is None and not seen.voices,
    "voice_name": lambda seen: (
        [v.name for v in seen.voices] == [PROBES["voice_name"]]
        and all(v.name == PROBES["voice_name"] for v in seen.interlude_voices)
    ),
    "rate": lambda seen: [v.rate for v in seen.voices] == [PROBES["rate"]],
    "sound": lambda seen: seen.board is None and not seen.voices,
    "phase_tones": lambda seen: seen.board is not None and "tones" not in tones(seen.board),
    "whole_phase_tones": lambda seen: seen.board is not None and short_tones(seen.board),
    "voice_volume": lambda seen: seen.board is not None and seen.board.volume("voice") == 0.25,
    "chime_volume": lambda seen: seen.board is not None and seen.board.volume("chimes") == 0.15,
    "tone_volume": lambda seen: seen.board is not None and seen.board.volume("tones") == 0.05,
    "dim": lambda seen: (
        seen.board is not None and seen.board.eyes_closed and seen.dim in (None, True)
    ),
    "theme": lambda seen: seen.theme == "nord",
    "default_minutes": lambda seen: seen.total is not None and abs(seen.total - 300) <= 10,
    "keep_awake": lambda seen: bool(seen.awakes) and not any(seen.awakes),
    "lead_in": lambda seen: seen.lead_ins == [5],
    "background": lambda seen: seen.board is not None and heard_bed(seen.board),
    "background_volume": lambda seen: (
        seen.board is not None and seen.board.volume("background") == 0.05
    ),
    "language": lambda seen: seen.language == "de",
}


def test_every_setting_is_wired_or_said_not_to_apply() -> None:
    names = {f.name for f in fields(Settings)}
    assert set(PROBES) == names
    assert set(APPLIES) == names
    assert set(CHECKS) == names
    for name in names:
        assert PROBES[name] != getattr(Settings(), name), f"{name}: probe is the default"
        assert set(APPLIES[name]) <= set(ENTRIES)


@pytest.fixture
def seen(monkeypatch: pytest.MonkeyPatch, private_home: Path) -> Iterator[Seen]:
    """The script in the user's folder, and what the runtime builds, recorded: sessions
    play on a fake clock into an output that only records, with a voice that renders
    nothing (but says what it was asked to speak with)."""
    folder = private_home / "config" / "scripts"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "matrix.yaml").write_text(SCRIPT, encoding="utf-8")
    found = Seen()

    def voice(speech: VoiceSettings) -> SpokenLines:
        found.voices.append(speech)
        return NoVoice(speech)

    def interlude_voice(speech: VoiceSettings) -> SpokenLines:
        found.interlude_voices.append(speech)
        return NoVoice(speech)

    def clock(speed: float) -> Clock:
        return FakeClock(speed=speed)

    def timer(clock: Clock) -> Timer:
        assert isinstance(clock, FakeClock)
        return FakeTimer(clock)

    def mixer(clock: Clock) -> Mixer:
        return Mixer(RecordingOutput(now=clock.now), now=clock.now)

    recording = Playback(
        clock=clock, timer=timer, history=False, mixer=mixer, voice=voice, awake=FakeWakepy()
    )
    start = Practice.start.__func__  # type: ignore[attr-defined]

    def started(cls: type[Practice], chosen: Setup, playback: Playback | None = None) -> Practice:
        practice: Practice = start(cls, chosen, recording)
        practice.voice_maker = interlude_voice
        found.total = float(chosen.timeline.total)
        found.boards.append(practice.board)
        found.awakes.append(practice.awake.enabled)
        count_down = practice.begin

        async def begin(conductor: Any, tick: Callable[[int], None]) -> None:
            counted: list[int] = []

            def counting(left: int) -> None:
                counted.append(left)
                tick(left)

            await count_down(conductor, counting)
            found.lead_ins.append(max(counted, default=0))

        practice.begin = begin  # type: ignore[method-assign]
        return practice

    monkeypatch.setattr(Practice, "start", classmethod(started))

    def rendered(chosen: Setup, mixer: Mixer | None = None, **_: Any) -> Any:
        made = sound_board(chosen, mixer, voice)
        found.total = float(chosen.timeline.total)
        found.boards.append(made)
        return made

    monkeypatch.setattr("mindful_tui.session.rendering.sound_board", rendered)
    yield found


def picker_list(seen: Seen) -> None:
    async def run() -> None:
        app = MindfulApp()
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press(*"matrix")
            screen = app.screen
            assert isinstance(screen, PickerScreen)
            choice = screen.chosen
            assert choice is not None and choice.entry.name == "matrix"
            option = screen.query_one("#scripts").highlighted_option  # type: ignore[attr-defined]
            listed = re.search(r"(\d+):(\d\d)", str(option.prompt))
            assert listed is not None
            seen.total = int(listed[1]) * 60 + int(listed[2])
            seen.theme, seen.language = app.theme, screen.language

    asyncio.run(run())


async def played(player: PlayerScreen, pilot: Any) -> None:
    """Until the session's sound is prepared and it has started (and run a moment)."""
    await asyncio.wait_for(player.prepared.wait(), 60)
    await pilot.pause()


def picker_play(seen: Seen) -> None:
    async def run() -> None:
        app = MindfulApp()
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press(*"matrix", "enter")
            await pilot.pause()
            player = app.player  # the session may have played to its end on the fake clock
            assert isinstance(player, PlayerScreen)
            await played(player, pilot)
            seen.dim, seen.theme = player.dim, app.theme

    asyncio.run(run())


def play_full_screen(seen: Seen, monkeypatch: pytest.MonkeyPatch) -> None:
    """``mindful play matrix`` on a terminal: the app the command line builds, run."""
    apps: list[MindfulApp] = []
    monkeypatch.setattr("mindful_tui.cli.play.on_terminal", lambda: True)
    monkeypatch.setattr(MindfulApp, "run", lambda app, *a, **k: apps.append(app))
    assert main(["play", "matrix"]) == 0
    (app,) = apps

    async def run() -> None:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            player = app.player  # the session may have played to its end on the fake clock
            assert isinstance(player, PlayerScreen)
            await played(player, pilot)
            seen.dim, seen.theme = player.dim, app.theme

    asyncio.run(run())


def play_plain(seen: Seen) -> None:
    assert main(["play", "matrix", "--plain"]) == 0


def plan(seen: Seen, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    assert main(["plan", "matrix", "--json"]) == 0
    seen.total = json.loads(capsys.readouterr().out)["total"]


def render(seen: Seen, tmp_path: Path) -> None:
    assert main(["render", "matrix", "-o", str(tmp_path / "matrix.wav")]) == 0
    assert (tmp_path / "matrix.wav").stat().st_size > 0


CELLS = [(name, entry) for name in PROBES for entry in APPLIES[name]]


@pytest.mark.parametrize(("name", "entry"), CELLS, ids=[f"{n}-{e}" for n, e in CELLS])
def test_a_setting_is_honoured(
    name: str,
    entry: str,
    seen: Seen,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    saved_settings.save(Settings(**{name: PROBES[name]}))
    if entry == "picker list":
        picker_list(seen)
    elif entry == "picker play":
        picker_play(seen)
    elif entry == "play":
        play_full_screen(seen, monkeypatch)
    elif entry == "play --plain":
        play_plain(seen)
    elif entry == "plan":
        plan(seen, capsys)
    else:
        render(seen, tmp_path)
    assert CHECKS[name](seen), seen


def test_the_picker_plays_what_play_plays(seen: Seen) -> None:
    """Saved ``voice: false`` and ``default_minutes: 10``: ``mindful play`` and Enter in
    the picker play the same ten minutes, neither of them speaking."""
    saved_settings.save(Settings(voice=False, default_minutes=10))
    play_plain(seen)
    played = seen.total
    picker_play(seen)
    assert played is not None and abs(played - 600) <= 10
    assert seen.total == played
    assert len(seen.boards) == 2
    assert all(board is not None and board.voice is None for board in seen.boards)
    assert seen.voices == []


def samples(path: Path) -> array[int]:
    import wave

    with wave.open(str(path)) as wav:
        return array("h", wav.readframes(wav.getnframes()))


def test_render_mixes_at_the_saved_volumes_and_tones(tmp_path: Path) -> None:
    """``mindful render`` as the settings say: chimes at 0.1 instead of 0.7 come out at a
    seventh of the height, and without phase tones the breathing is silent."""
    # The built-in reset: an opening bowl, then spoken phases with tones.
    as_saved = tmp_path / "saved.wav"
    quiet = tmp_path / "quiet.wav"
    assert main(["render", "reset", "--no-voice", "-o", str(as_saved)]) == 0
    saved_settings.save(Settings(chime_volume=0.1, phase_tones=False))
    assert main(["render", "reset", "--no-voice", "-o", str(quiet)]) == 0
    loud, soft = samples(as_saved), samples(quiet)
    ring = 44100 * 3  # the opening bowl alone
    ratio = max(map(abs, soft[:ring])) / max(map(abs, loud[:ring]))
    assert ratio == pytest.approx(0.1 / 0.7, rel=0.02)
    breathing = slice(44100 * 30, 44100 * 60)  # breaths with tones, no chime ringing
    assert max(map(abs, loud[breathing])) > 1000
    assert max(map(abs, soft[breathing])) == 0
