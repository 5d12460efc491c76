"""Tests for the session mixdown: every sound found, by onset detection, at its planned
offset; silence where the script is silent; the right length; and ``mindful render``."""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import stat
import subprocess
import sys
import wave
from array import array
from fractions import Fraction
from pathlib import Path

import pytest

from mindful_tui.cli.render import render as render_command
from mindful_tui.core.timing.timeline import Timeline, compile_script
from mindful_tui.sound.board import SoundBoard, SoundOptions
from mindful_tui.sound.clip import RATE, load_wav
from mindful_tui.sound.mixdown import render
from tests.core.helpers import script
from tests.sound.conftest import AUDIO, FakeVoice

SOURCE = """
    title: Mixdown
    steps:
      - chime: bell
      - silence: 4.5
      - say: Let your shoulders drop.
        seconds: 3
      - breathe:
          cycles: 2
          pattern: {inhale: 2.5, hold: 1.5, exhale: 3}
          cues: true
      - silence: 3.1
      - chime: bowl
    """
# Where each sound starts, in seconds: the bell; the say line; each phase (a tone and its
# word); the bowl. Between them, the script is silent (after each sound has faded).
ONSETS = [0, 4.5, 7.5, 10, 11.5, 14.5, 17, 18.5, 24.6]
SILENT = [(3.55, 4.45), (5.05, 7.45), (19.6, 24.55)]
SOUNDS = {
    name: AUDIO / f"{name}.wav" for name in ("bell", "bowl", "inhale", "hold", "exhale", "rest")
}
FRAME = 44  # 1 ms


def rendered(tmp_path: Path, voice: bool = True) -> tuple[Timeline, array[int]]:
    timeline = compile_script(script(SOURCE))
    board = SoundBoard(
        timeline,
        SoundOptions(voice=voice, whole_phase=False),
        voice=FakeVoice(seconds=0.5),
        sounds=SOUNDS,
    )
    asyncio.run(board.prepare(probe=False))
    render(timeline, board, tmp_path / "out.wav")
    with wave.open(str(tmp_path / "out.wav"), "rb") as f:
        assert (f.getnchannels(), f.getsampwidth(), f.getframerate()) == (1, 2, RATE)
    return timeline, load_wav(tmp_path / "out.wav").samples


def rms(samples: array[int], start: float, stop: float) -> float:
    part = samples[round(start * RATE) : round(stop * RATE)]
    return math.sqrt(sum(s * s for s in part) / max(1, len(part)))


def onsets(samples: array[int], threshold: float = 40.0, quiet: float = 0.2) -> list[float]:
    """Times where the 1 ms RMS rises over ``threshold`` after ``quiet`` s below it."""
    found: list[float] = []
    below = quiet
    for frame in range(len(samples) // FRAME):
        chunk = samples[frame * FRAME : (frame + 1) * FRAME]
        level = math.sqrt(sum(s * s for s in chunk) / FRAME)
        if level > threshold:
            if below >= quiet:
                found.append(frame * FRAME / RATE)
            below = 0.0
        else:
            below += FRAME / RATE
    return found


def test_every_sound_starts_at_its_planned_offset(tmp_path: Path) -> None:
    _, samples = rendered(tmp_path)
    found = onsets(samples)
    assert len(found) == len(ONSETS), found
    for planned, heard in zip(ONSETS, found, strict=True):
        assert abs(heard - planned) <= 0.010, (planned, heard)


def test_the_script_is_silent_where_it_should_be(tmp_path: Path) -> None:
    _, samples = rendered(tmp_path)
    for start, stop in SILENT:
        assert rms(samples, start, stop) < 1.0, (start, stop)
    assert rms(samples, 7.5, 8.0) > 1000  # and loud where a phase starts


def test_a_voice_line_starts_on_its_exact_sample(tmp_path: Path) -> None:
    _, samples = rendered(tmp_path)
    at = round(Fraction(9, 2) * RATE)
    assert samples[at - 1] == 0
    assert samples[at] == 6000  # the fake line's first sample, at full voice volume


def test_the_length_is_the_plan_plus_the_ring_of_the_last_chime(tmp_path: Path) -> None:
    timeline, samples = rendered(tmp_path)
    bowl = len(load_wav(AUDIO / "bowl.wav"))
    assert len(samples) == round(timeline.total * RATE) + bowl


def test_without_voice_only_chimes_and_tones_remain(tmp_path: Path) -> None:
    _, samples = rendered(tmp_path, voice=False)
    assert rms(samples, 4.5, 5.0) < 1.0  # the say line is gone
    assert rms(samples, 7.5, 8.0) > 1000  # the inhale tone is still there


def test_mindful_render_writes_the_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(
        "title: Short\nsteps:\n  - chime: bell\n  - breathe:\n      cycles: 1\n"
        "      pattern: {inhale: 4, exhale: 6}\n      cues: true\n"
    )
    out = tmp_path / "s.wav"
    args = argparse.Namespace(
        script=str(path), output=str(out), minutes=None, no_voice=True, background=None, stems=None
    )
    assert render_command(args) == 0
    assert f"Wrote {out}" in capsys.readouterr().out
    assert len(load_wav(out)) == 10 * RATE
    assert not list(tmp_path.glob(".*partial"))


def test_mindful_render_says_when_sounds_add_up_past_full_scale(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "loud.yaml"
    # Six bowls struck at once (chimes take no time): 6 x 0.7 x -8.5 dBFS is past full scale.
    path.write_text("title: Loud\nsteps:\n" + "  - chime: bowl\n" * 6 + "  - silence: 1\n")
    out = tmp_path / "loud.wav"
    args = argparse.Namespace(
        script=str(path), output=str(out), minutes=None, no_voice=True, background=None, stems=None
    )
    assert render_command(args) == 0
    err = capsys.readouterr().err
    assert "samples reached full scale (clipped)" in err and "chime_volume" in err
    path.write_text("title: Fine\nsteps:\n  - chime: bowl\n  - silence: 1\n")
    assert render_command(args) == 0
    assert capsys.readouterr().err == ""


SHORT = "title: Short\nsteps:\n  - chime: bell\n  - silence: 1\n"


def render_to(tmp_path: Path, output: Path) -> subprocess.CompletedProcess[str]:
    """``mindful render`` of a one-second script to ``output``, as a user runs it."""
    script = tmp_path / "short.yaml"
    script.write_text(SHORT)
    return subprocess.run(
        [sys.executable, "-m", "mindful_tui", "render", str(script), "-o", str(output)],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_render_through_a_symbolic_link_writes_the_file_it_points_to(tmp_path: Path) -> None:
    real = tmp_path / "real.wav"
    real.write_bytes(b"old")
    link = tmp_path / "link.wav"
    link.symlink_to(real)
    done = render_to(tmp_path, link)
    assert done.returncode == 0, done.stderr
    assert link.is_symlink() and link.resolve() == real
    assert len(load_wav(real)) >= RATE
    assert not list(tmp_path.glob(".*partial"))


def test_render_never_replaces_what_is_not_a_regular_file(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.wav"
    os.mkfifo(fifo)
    done = render_to(tmp_path, fifo)
    assert done.returncode == 1
    assert done.stderr == (
        f"mindful: {fifo} is not a regular file; give a file name such as session.wav\n"
    )
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_render_into_a_missing_folder_is_one_line(tmp_path: Path) -> None:
    missing = tmp_path / "no such folder" / "s.wav"
    done = render_to(tmp_path, missing)
    assert done.returncode == 1
    assert done.stderr == f"mindful: cannot write {missing}: No such file or directory\n"
