"""Real playback through simpleaudio and ALSA, captured by ALSA's ``file`` plugin.

Each test runs the playback in a fresh interpreter whose HOME holds an ``.asoundrc``:
ALSA reads its configuration once per process. The ``file`` plugin writes every byte
the device was given (opened as 16-bit little-endian mono at 44100 Hz, the format
``AudioOutput`` asks for, so the bytes are the samples), one file per stream.
"""

from __future__ import annotations

from array import array
from pathlib import Path

import pytest

from mindful_tui.sound.clip import le_bytes, load_wav
from mindful_tui.sound.output import NO_DEVICE, NO_LIBRARY, AudioOutput
from tests.sound.conftest import (
    AUDIO,
    CAPTURE,
    NO_CARD,
    UNKNOWN_DEVICE,
    captures,
    reference_mix,
    run_with_alsa,
)

PLAY_BELL = """
from mindful_tui.sound.clip import load_wav
from mindful_tui.sound.output import AudioOutput
from tests.sound.conftest import wait_done
output = AudioOutput()
started = output.play(load_wav("audio/bell.wav"))
wait_done(output)
RESULT = {"started": started, "problem": output.problem, "detail": output.detail}
"""


def test_the_device_receives_exactly_the_clip(tmp_path: Path) -> None:
    out = tmp_path / "out.raw"
    run = run_with_alsa(tmp_path / "home", CAPTURE.format(out=out), PLAY_BELL)
    assert run.returncode == 0, run.stderr
    assert run.result["problem"] is None, run.result
    assert isinstance(run.result["started"], float)
    assert captures(out) == [le_bytes(load_wav(AUDIO / "bell.wav").samples)]
    assert run.stdout == run.stderr == ""


def test_an_overlapping_sound_is_mixed_into_one_new_stream(tmp_path: Path) -> None:
    """The bell starts; 0.25 s later (on the mixer's clock) the inhale tone starts: the
    bell's stream is stopped and a second stream carries the rest of the bell plus the
    tone, mixed. (The file plugin is not paced in real time, so the first stream holds
    the whole bell; what matters is what the second one holds.)"""
    out = tmp_path / "out.raw"
    code = """
    from tests.sound.conftest import FakeClock, wait_done
    from mindful_tui.sound.clip import load_wav
    from mindful_tui.sound.mixer import Mixer
    from mindful_tui.sound.output import AudioOutput
    clock = FakeClock()
    output = AudioOutput(now=clock.now)
    mixer = Mixer(output, now=clock.now)
    first = mixer.play(load_wav("audio/bell.wav"), "chimes")
    wait_done(output)
    clock.advance(0.25)
    second = mixer.play(load_wav("audio/inhale.wav"), "tones")
    wait_done(output)
    RESULT = {"first": first, "second": second, "problem": output.problem}
    """
    run = run_with_alsa(tmp_path / "home", CAPTURE.format(out=out), code)
    assert run.returncode == 0, run.stderr
    assert run.result == {"first": 100.0, "second": 100.25, "problem": None}
    bell = load_wav(AUDIO / "bell.wav").samples
    tone = load_wav(AUDIO / "inhale.wav").samples
    rest = bell[round(0.25 * 44100) :]
    expected = array("h", reference_mix([(0, rest), (0, tone)], max(len(rest), len(tone))))
    streams = captures(out)
    assert len(streams) == 2
    assert streams[0] == le_bytes(bell)
    assert streams[1] == le_bytes(expected)


@pytest.mark.parametrize(
    "asoundrc", [NO_CARD, UNKNOWN_DEVICE, None], ids=["no-card", "unknown", "none"]
)
def test_no_device_plays_silently_and_prints_nothing(tmp_path: Path, asoundrc: str | None) -> None:
    """With no usable device: play returns None, the problem is known, and ALSA's own
    ``ALSA lib ...`` lines (which it writes straight to fd 2) are nowhere."""
    code = (
        PLAY_BELL
        + """
again = output.play(load_wav("audio/bell.wav"))
RESULT["again"] = again
"""
    )
    run = run_with_alsa(tmp_path / "home", asoundrc, code)
    if asoundrc is None and run.result["problem"] is None:
        pytest.skip("this machine has a sound card")
    assert run.returncode == 0
    assert run.result["started"] is None and run.result["again"] is None
    assert run.result["problem"] == NO_DEVICE
    assert run.stdout == ""
    assert run.stderr == ""


@pytest.mark.parametrize("asoundrc", [NO_CARD, UNKNOWN_DEVICE])
def test_without_the_handler_alsa_would_have_printed(tmp_path: Path, asoundrc: str) -> None:
    """Keeps the test above honest: these configurations do make ALSA print."""
    code = """
import simpleaudio
try:
    simpleaudio.play_buffer(b"\\0\\0" * 100, 1, 2, 44100)
except Exception:
    pass
RESULT = None
"""
    run = run_with_alsa(tmp_path / "home", asoundrc, code)
    assert "ALSA lib" in run.stderr


def test_a_missing_simpleaudio_means_silence_with_a_reason() -> None:
    def missing() -> object:
        raise ImportError("No module named 'simpleaudio'")

    output = AudioOutput(backend=missing)
    assert output.play(load_wav(AUDIO / "bell.wav")) is None
    assert output.problem == NO_LIBRARY


class _Flaky:
    """A simpleaudio stand-in whose device refuses some opens."""

    def __init__(self, refuse: list[bool]) -> None:
        self.refuse = refuse
        self.opened = 0

    def play_buffer(self, data: bytes, channels: int, width: int, rate: int) -> object:
        self.opened += 1
        if self.refuse.pop(0):
            raise RuntimeError("Error opening PCM device. -- CODE: -16 -- MSG: busy")
        return _Stream()


class _Stream:
    def stop(self) -> None:
        pass

    def is_playing(self) -> bool:
        return False


def test_a_busy_device_after_a_stop_is_retried_once() -> None:
    backend = _Flaky([False, True, False])
    output = AudioOutput(backend=lambda: backend)
    clip = load_wav(AUDIO / "bell.wav")
    assert output.play(clip) is not None
    output.stop()
    assert output.play(clip) is not None
    assert backend.opened == 3
    assert output.problem is None


def test_a_device_that_worked_goes_silent_only_after_repeated_failures() -> None:
    backend = _Flaky([False, True, True, True, True])
    output = AudioOutput(backend=lambda: backend)
    clip = load_wav(AUDIO / "bell.wav")
    assert output.play(clip) is not None
    assert output.play(clip) is None
    assert output.problem is None
    output.play(clip)
    output.play(clip)
    assert output.problem is not None
    assert output.play(clip) is None
