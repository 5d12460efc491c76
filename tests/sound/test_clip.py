"""Tests for clips: reading WAVs of every common shape, writing them, scaling."""

from __future__ import annotations

import wave
from array import array
from pathlib import Path

import pytest

from mindful_tui.sound.clip import RATE, Clip, load_wav, scale, write_wav
from tests.sound.conftest import AUDIO


def _write(path: Path, frames: bytes, channels: int, width: int, rate: int) -> None:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(channels)
        out.setsampwidth(width)
        out.setframerate(rate)
        out.writeframes(frames)


def test_a_16_bit_mono_file_reads_back_sample_for_sample(tmp_path: Path) -> None:
    samples = array("h", [0, 1, -1, 32767, -32768, 1234, -4321])
    write_wav(tmp_path / "a.wav", Clip(samples))
    clip = load_wav(tmp_path / "a.wav")
    assert clip.rate == RATE
    assert clip.samples == samples
    assert clip.seconds == pytest.approx(7 / RATE)


def test_stereo_is_averaged_into_mono(tmp_path: Path) -> None:
    stereo = array("h", [100, 300, -200, -400, 32767, 32767, -32768, -32768])
    _write(tmp_path / "s.wav", stereo.tobytes(), 2, 2, RATE)
    assert list(load_wav(tmp_path / "s.wav").samples) == [200, -300, 32767, -32768]


def test_8_bit_unsigned_becomes_16_bit_signed(tmp_path: Path) -> None:
    _write(tmp_path / "e.wav", bytes([128, 255, 0, 129]), 1, 1, RATE)
    assert list(load_wav(tmp_path / "e.wav").samples) == [0, 127 * 256, -128 * 256, 256]


def test_24_bit_keeps_its_top_16_bits(tmp_path: Path) -> None:
    # 0x123456 and -1 (0xFFFFFF), little-endian.
    _write(tmp_path / "t.wav", bytes([0x56, 0x34, 0x12, 0xFF, 0xFF, 0xFF]), 1, 3, RATE)
    assert list(load_wav(tmp_path / "t.wav").samples) == [0x1234, -1]


def test_other_rates_are_resampled_to_44100(tmp_path: Path) -> None:
    half = array("h", [0, 1000, 2000, 3000])
    _write(tmp_path / "h.wav", half.tobytes(), 1, 2, RATE // 2)
    clip = load_wav(tmp_path / "h.wav")
    assert clip.rate == RATE
    # Twice as many samples, the new ones halfway between their neighbours.
    assert list(clip.samples) == [0, 500, 1000, 1500, 2000, 2500, 3000, 3000]


def test_a_one_second_file_at_any_rate_lasts_one_second(tmp_path: Path) -> None:
    for rate in (8000, 22050, 48000):
        _write(tmp_path / f"{rate}.wav", bytes(2 * rate), 1, 2, rate)
        assert load_wav(tmp_path / f"{rate}.wav").seconds == pytest.approx(1.0)


def test_the_shipped_sounds_load_unchanged() -> None:
    with wave.open(str(AUDIO / "bell.wav"), "rb") as f:
        raw = f.readframes(f.getnframes())
    assert load_wav(AUDIO / "bell.wav").samples.tobytes() == raw


@pytest.mark.parametrize("volume", [0.0, 0.001, 0.25, 0.5, 0.7071, 0.999, 1.0])
def test_scaling_rounds_every_sample_like_plain_arithmetic(volume: float) -> None:
    samples = array("h", [-32768, -32767, -12345, -2, -1, 0, 1, 2, 12345, 32766, 32767])
    gain = round(volume * 65536)
    expected = [(s * gain + 32768) >> 16 for s in samples]  # round half up
    assert list(scale(samples, volume)) == expected
    assert list(Clip(samples).scaled(volume).samples) == expected


def test_scaling_a_whole_bowl_matches_plain_arithmetic() -> None:
    bowl = load_wav(AUDIO / "bowl.wav").samples
    gain = round(0.37 * 65536)
    assert list(scale(bowl, 0.37)) == [(s * gain + 32768) >> 16 for s in bowl]


@pytest.mark.parametrize("volume", [-0.1, 1.5, float("nan")])
def test_a_volume_outside_0_to_1_is_refused(volume: float) -> None:
    with pytest.raises(ValueError, match="volume"):
        scale(array("h", [1]), volume)


def test_a_clip_holds_16_bit_samples_only() -> None:
    with pytest.raises(ValueError, match="array"):
        Clip(array("i", [1]))
