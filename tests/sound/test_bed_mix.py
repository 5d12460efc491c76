"""The background bed in a rendered session, with the real voice: far under everything
else, by loudness; and ``render --stems``: each stem holds only its own kind of sound,
and the stems add up to the mix."""

from __future__ import annotations

import asyncio
import itertools
import wave
from array import array
from pathlib import Path

import pytest

from mindful_tui.cli.loading import load_named
from mindful_tui.cli.main import main
from mindful_tui.core.script.loader import load_script
from mindful_tui.core.storage.user_settings import Settings
from mindful_tui.session.options import Choices, setup
from mindful_tui.session.sounds import sound_board
from mindful_tui.sound import levels
from mindful_tui.sound.board import SoundBoard
from mindful_tui.sound.clip import RATE
from mindful_tui.sound.mixdown import STEMS, mixdown, placements, render
from mindful_tui.sound.voice import VoiceLines

VOICE_OVER_BED = (17.5, 21.0)
"""LU the voice's lines stand over the bed (median momentary max of each): about 19."""
UNDER_THE_REST = 8.0
"""LU the bed stays under the tones and the chimes, at least."""


@pytest.mark.parametrize("name", ["brown", "pink", "drone"])
def test_the_bed_sits_far_under_the_voice_and_under_everything_else(
    name: str, tmp_path: Path
) -> None:
    chosen = setup(load_named("breath-focus"), Settings(), Choices(background=name))
    board = sound_board(chosen, voice=lambda speech: VoiceLines(speech, tmp_path / "voice"))
    assert board is not None
    asyncio.run(board.prepare(probe=False))
    placed = placements(chosen.timeline, board)
    heard = levels.stem_levels(placed)
    median = {kind: levels.median_loudness(found) for kind, found in heard.items()}
    low, high = VOICE_OVER_BED
    gap = median["voice"] - median["background"]
    assert low <= gap <= high, f"voice {median['voice']:.1f}, bed {median['background']:.1f}"
    for kind in ("tones", "chimes"):
        assert median[kind] - median["background"] >= UNDER_THE_REST, (kind, median)
    # The bed lies under the whole plan, and nothing clips with it.
    spans = [(p.at, p.at + len(p.clip)) for p in placed if p.channel == "background"]
    assert spans[0][0] == 0 and spans[-1][1] == round(chosen.timeline.total * RATE)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(spans))
    assert render(chosen.timeline, board, tmp_path / "mix.wav").clipped == 0


SCRIPT = """\
title: Stems
background: brown
pattern: {inhale: 4, exhale: 6}
steps:
  - chime: bell
  - silence: 4
  - say: Let the shoulders drop.
    seconds: 4
  - breathe: {cycles: 2, cues: true}
  - chime: bowl
  - silence: 7
"""


def samples(path: Path) -> array[int]:
    with wave.open(str(path)) as wav:
        assert (wav.getnchannels(), wav.getsampwidth(), wav.getframerate()) == (1, 2, RATE)
        return array("h", wav.readframes(wav.getnframes()))


def test_render_stems_hold_each_kind_alone_and_add_up_to_the_mix(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "stems.yaml"
    path.write_text(SCRIPT)
    mix, folder = tmp_path / "mix.wav", tmp_path / "stems"
    assert main(["render", str(path), "-o", str(mix), "--stems", str(folder)]) == 0
    assert f"Wrote the stems into {folder}" in capsys.readouterr().out
    whole = samples(mix)
    stems = {channel: samples(folder / f"{channel}.wav") for channel in STEMS}
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{c}.wav" for c in STEMS)
    assert {len(s) for s in stems.values()} == {len(whole)}

    # The same session, planned here: where each kind of sound is.
    chosen = setup(load_script(path, frozenset({"bell", "bowl"})), Settings())
    board = sound_board(chosen)
    assert isinstance(board, SoundBoard)
    asyncio.run(board.prepare(probe=False))  # the voice from the cache the render filled
    placed = placements(chosen.timeline, board)
    for channel, stem in stems.items():
        mine = [p for p in placed if p.channel == channel]
        assert mine, f"no {channel} in the session"
        # Exactly its own sounds, where they were planned…
        assert stem == mixdown(mine, 0, len(whole))[0], channel
        # …and nothing anywhere else.
        inside = bytearray(len(whole))
        for p in mine:
            count = min(len(p.clip), len(whole) - p.at)
            inside[p.at : p.at + count] = b"\1" * count
        assert not any(v for v, i in zip(stem, inside, strict=True) if not i), channel
        assert any(stem), channel

    # The stems add up to the mix, short of where the mix reached full scale.
    for i, total in enumerate(map(sum, zip(*stems.values(), strict=True))):
        if -32768 < whole[i] < 32767:
            assert total == whole[i], i
