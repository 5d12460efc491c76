"""Every built-in session as it reaches someone lying face-down with eyes closed: its mix
measured by stems (each channel's sounds alone, rebuilt from the plan) with the real
voice, and held to the balance the sound is made for — the voice in front, chimes near
it, tones well under it, nothing clipped, every sound on its planned sample, no line
spoken over the strike of a chime, and the breath audible the whole time."""

from __future__ import annotations

import asyncio
import statistics
from pathlib import Path

import pytest

from mindful_tui.cli.loading import load_named
from mindful_tui.core.storage.locations import builtin_scripts_dir
from mindful_tui.core.storage.user_settings import Settings
from mindful_tui.session.options import Choices, setup
from mindful_tui.session.sounds import sound_board
from mindful_tui.sound import levels
from mindful_tui.sound.clip import RATE
from mindful_tui.sound.mixdown import mixdown, placements, render
from mindful_tui.sound.voice import VoiceLines

BUILTINS = sorted(p.stem for p in builtin_scripts_dir().glob("*.yaml"))
CHIME_RING = 3 * RATE
"""No line starts inside the first 3 s of a chime: its strike and the loud part of its
ring."""


@pytest.fixture(scope="module")
def voice_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("voice")


@pytest.mark.parametrize("name", BUILTINS)
def test_a_built_in_session_is_balanced_by_loudness(
    name: str, voice_cache: Path, tmp_path: Path
) -> None:
    chosen = setup(load_named(name), Settings())
    timeline = chosen.timeline
    board = sound_board(chosen, voice=lambda speech: VoiceLines(speech, voice_cache))
    assert board is not None
    asyncio.run(board.prepare(probe=False))
    assert board.notices() == []
    placed = placements(timeline, board)
    heard = levels.stem_levels(placed)
    voice = levels.median_loudness(heard["voice"])
    tones = levels.median_loudness(heard["tones"])
    assert heard["voice"] and heard["chimes"]

    # The voice in front of the tones, by at least 6 LU (momentary max).
    if heard["tones"]:
        assert voice - tones >= 6.0, f"voice {voice:.1f} LUFS, tones {tones:.1f} LUFS"
    # Every chime within 3 LU of the voice.
    for chime in heard["chimes"]:
        assert abs(chime.loudness - voice) <= 3.0, (
            f"chime at {chime.placed.at / RATE:.1f} s: {chime.loudness:.1f} LUFS, "
            f"voice {voice:.1f} LUFS"
        )

    # Nothing clipped in the whole mix.
    done = render(timeline, board, tmp_path / "session.wav")
    assert done.clipped == 0, f"{done.clipped} samples clipped"

    # Every sound on its planned sample: placed where its cue's exact offset says, and
    # there in its stem, sample for sample, wherever it sounds alone on its channel.
    for sound in (h for kind in heard.values() for h in kind):
        p = sound.placed
        assert p.cue is not None  # no background at the default settings
        assert p.at == round(timeline.cues[p.cue].at * RATE)
        if sound.alone:
            channel = [q for q in placed if q.channel == p.channel]
            stem, _ = mixdown(channel, p.at, len(p.clip))
            assert stem == p.clip.samples, f"{p.channel} at {p.at / RATE:.2f} s is off its sample"

    # No line starts inside the first 3 s of a chime; every line starts and ends at zero.
    chimes = [h.placed.at for h in heard["chimes"]]
    for line in heard["voice"]:
        at = line.placed.at
        assert not any(c <= at < c + CHIME_RING for c in chimes), (
            f"a line starts {(at - max(c for c in chimes if c <= at)) / RATE:.1f} s into a chime"
        )
        samples = line.placed.clip.samples
        assert samples[0] == 0 and samples[-1] == 0


def test_the_breath_is_heard_through_every_phase() -> None:
    """With the voice off, less than a tenth of the breathing is near silence."""
    chosen = setup(load_named("extended-exhale"), Settings(), Choices(voice=False))
    board = sound_board(chosen)
    assert board is not None
    asyncio.run(board.prepare(probe=False))
    spans = levels.breathing_spans(chosen.timeline)
    assert sum(b - a for a, b in spans) > 60 * RATE
    share = levels.quiet_share(placements(chosen.timeline, board), spans)
    assert share < 0.10, f"{share:.0%} of the breathing is below -50 dBFS"


def test_voice_loudness_is_steady_from_line_to_line(voice_cache: Path) -> None:
    """Levelled by loudness, a short word and a long sentence read within a few LU."""
    chosen = setup(load_named("reset"), Settings())
    board = sound_board(chosen, voice=lambda speech: VoiceLines(speech, voice_cache))
    assert board is not None
    asyncio.run(board.prepare(probe=False))
    heard = levels.stem_levels(placements(chosen.timeline, board))["voice"]
    values = sorted({round(h.loudness, 2) for h in heard})
    assert len(values) >= 5
    spread = statistics.quantiles(values, n=10)
    assert spread[-1] - spread[0] <= 4.0, values
