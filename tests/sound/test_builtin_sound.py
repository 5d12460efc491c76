"""Every built-in session, as it sounds: rendered with the real voice (espeak-ng through
pyttsx3) and its own sounds, then checked — every line spoken, nothing clipped, and the
voice-off session the same sounds less the voice."""

from __future__ import annotations

import asyncio
import itertools
from pathlib import Path

import pytest

from mindful_tui.cli.loading import load_named
from mindful_tui.core.storage.locations import builtin_scripts_dir
from mindful_tui.core.storage.user_settings import Settings
from mindful_tui.session.options import Choices, setup
from mindful_tui.session.sounds import sound_board
from mindful_tui.sound.clip import RATE
from mindful_tui.sound.mixdown import placements, render
from mindful_tui.sound.voice import VoiceLines

BUILTINS = sorted(p.stem for p in builtin_scripts_dir().glob("*.yaml"))


@pytest.fixture(scope="module")
def voice_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One cache for all: the phase words are rendered once."""
    return tmp_path_factory.mktemp("voice")


def test_there_are_built_in_sessions() -> None:
    assert len(BUILTINS) >= 6


@pytest.mark.parametrize("name", BUILTINS)
def test_a_built_in_session_sounds_right(name: str, voice_cache: Path, tmp_path: Path) -> None:
    chosen = setup(load_named(name), Settings())
    timeline = chosen.timeline
    made = sound_board(chosen, voice=lambda speech: VoiceLines(speech, voice_cache))
    assert made is not None and made.voice is not None
    board, voice = made, made.voice
    asyncio.run(board.prepare(probe=False))
    assert board.notices() == [], "a sound or the voice is missing"

    spoken = timeline.spoken_lines()
    missing = [line for line in spoken if voice.clip(line) is None]
    assert missing == [], "lines the voice did not render"

    done = render(timeline, board, tmp_path / "session.wav")
    assert done.clipped == 0, f"{done.clipped} samples clipped"
    assert done.voiced >= len(spoken) > 0
    # The voice never talks over itself (50 ms: the faded margin a rendered line keeps).
    spoken_at = sorted(
        (p.at, len(p.clip)) for p in placements(timeline, board) if p.channel == "voice"
    )
    for (at, length), (after, _) in itertools.pairwise(spoken_at):
        assert after >= at + length - 0.05 * RATE, f"lines overlap at {at / RATE:.2f} s"
    chimes = [i for i, cue in enumerate(timeline.cues) if cue.kind == "chime"]
    sounded = {p.cue for p in placements(timeline, board) if p.channel == "chimes"}
    assert sounded == set(chimes)

    # Voice off: the same chimes and tones at the same samples, and nothing spoken.
    quiet = sound_board(setup(load_named(name), Settings(), Choices(voice=False)))
    assert quiet is not None
    asyncio.run(quiet.prepare(probe=False))
    with_voice = [(p.at, p.channel, p.cue) for p in placements(timeline, board)]
    without = [(p.at, p.channel, p.cue) for p in placements(timeline, quiet)]
    assert without == [x for x in with_voice if x[1] != "voice"]
