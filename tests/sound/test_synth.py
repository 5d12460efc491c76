"""Tests for the synthesised chimes and phase tones, and for the files in audio/.

The checks measure the sound itself (pitch from zero crossings, levels, envelopes,
spectral energy) rather than trusting the synthesis parameters, so a change that made
the inhale tone fall, clipped the bowl or left a stale file in audio/ would fail here.
"""

from __future__ import annotations

import itertools
import math
import subprocess
import sys
import wave
from array import array
from collections.abc import Callable, Sequence
from functools import cache, partial
from pathlib import Path

import pytest

from mindful_tui.sound import loudness, synth
from mindful_tui.sound.synth import SAMPLE_RATE, PhaseKind

ROOT = Path(__file__).resolve().parents[2]
AUDIO = ROOT / "audio"
MAKE_SOUNDS = ROOT / "tools" / "make_sounds.py"
NAMES = ("bell", "bowl", "inhale", "hold", "exhale", "rest")
FULL_SCALE = 32768.0


GENERATORS: dict[str, Callable[[], array[int]]] = {
    "bell": synth.bell,
    "bowl": synth.bowl,
    **{kind: partial(synth.phase_tone, kind) for kind in synth.PHASE_KINDS},
}


@cache
def sound(name: str) -> array[int]:
    """Generate a sound once per test run: the bowl takes a few tenths of a second."""
    return GENERATORS[name]()


def seconds_slice(samples: Sequence[int], start: float, end: float) -> Sequence[int]:
    return samples[round(start * SAMPLE_RATE) : round(end * SAMPLE_RATE)]


def pitch(samples: Sequence[int]) -> float:
    """Estimate the frequency in Hz from the spacing of upward zero crossings.

    Crossing times are interpolated between samples, so a window of a few dozen cycles
    gives the pitch to a small fraction of a hertz. Valid while the fundamental
    dominates (a 2nd harmonic under half its amplitude adds no crossings). Crossings
    in near-silence (a step of a few units, in the fades) are skipped: there rounding to
    integers, not the waveform, decides where the sign changes.
    """
    times = [
        i - 1 + (-a) / (b - a)
        for i, (a, b) in enumerate(itertools.pairwise(samples), start=1)
        if a < 0 <= b and b - a >= 4
    ]
    assert len(times) >= 3, "too few cycles to measure a pitch"
    return (len(times) - 1) * SAMPLE_RATE / (times[-1] - times[0])


def rms(samples: Sequence[int]) -> float:
    return math.sqrt(math.fsum(x * x for x in samples) / len(samples))


def power_at(samples: Sequence[int], freq: float) -> float:
    """Goertzel: the energy of ``samples`` at one frequency, without a full FFT."""
    coeff = 2.0 * math.cos(2.0 * math.pi * freq / SAMPLE_RATE)
    s1 = s2 = 0.0
    for x in samples:
        s1, s2 = x + coeff * s1 - s2, s1
    return s1 * s1 + s2 * s2 - coeff * s1 * s2


def dbfs(value: float) -> float:
    return 20.0 * math.log10(value / FULL_SCALE)


def read_wav(path: Path) -> tuple[wave._wave_params, array[int]]:
    with wave.open(str(path), "rb") as wav:
        params = wav.getparams()
        samples = array("h", wav.readframes(params.nframes))
    if sys.byteorder == "big":
        samples.byteswap()
    return params, samples


# --- Level, ends and offset: every sound -------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_levelled_by_loudness_and_never_clips(name: str) -> None:
    """A tone by its integrated loudness, a chime by its strike (momentary max): the
    volumes then start from one reference, whatever the sound's peak."""
    samples = sound(name)
    if name in ("bell", "bowl"):
        assert loudness.momentary_max(samples, SAMPLE_RATE) == pytest.approx(
            loudness.STRIKE_LUFS, abs=0.2
        )
    else:
        assert loudness.integrated(samples, SAMPLE_RATE) == pytest.approx(
            loudness.REFERENCE_LUFS, abs=0.2
        )
    assert dbfs(max(abs(x) for x in samples)) <= -1.0


@pytest.mark.parametrize("name", NAMES)
def test_starts_and_ends_at_zero_without_a_click(name: str) -> None:
    samples = sound(name)
    assert abs(samples[0]) <= 1
    assert abs(samples[-1]) <= 1
    # Not just the one sample: the first and last millisecond stay near silence.
    edge = SAMPLE_RATE // 1000
    peak = max(abs(x) for x in samples)
    assert max(abs(x) for x in samples[:edge]) < 0.02 * peak
    assert max(abs(x) for x in samples[-edge:]) < 0.02 * peak


@pytest.mark.parametrize("name", NAMES)
def test_no_dc_offset(name: str) -> None:
    samples = sound(name)
    assert abs(math.fsum(samples) / len(samples)) < 0.5


@pytest.mark.parametrize(
    ("name", "low", "high"),
    [
        ("bowl", 6.0, 7.0),
        ("bell", 3.0, 4.0),
        ("inhale", 0.8, 1.2),
        ("hold", 0.8, 1.2),
        ("exhale", 0.8, 1.2),
        ("rest", 0.8, 1.2),
    ],
)
def test_durations(name: str, low: float, high: float) -> None:
    assert low <= len(sound(name)) / SAMPLE_RATE <= high


@pytest.mark.parametrize("kind", synth.PHASE_KINDS)
def test_phase_tone_takes_the_length_asked_for(kind: PhaseKind) -> None:
    samples = synth.phase_tone(kind, seconds=2.5)
    assert len(samples) == round(2.5 * SAMPLE_RATE)
    assert abs(samples[0]) <= 1
    assert abs(samples[-1]) <= 1
    assert loudness.integrated(samples, SAMPLE_RATE) == pytest.approx(
        loudness.REFERENCE_LUFS, abs=0.2
    )


# --- Phase tones: the pitch contour is the message ---------------------------------


def window_pitches(samples: Sequence[int], count: int = 8) -> list[float]:
    size = len(samples) // count
    return [pitch(samples[i * size : (i + 1) * size]) for i in range(count)]


def test_inhale_rises() -> None:
    samples = sound("inhale")
    quarter = len(samples) // 4
    first, last = pitch(samples[:quarter]), pitch(samples[-quarter:])
    assert last > first * 1.2
    assert first == pytest.approx(330, rel=0.03)
    assert last == pytest.approx(440, rel=0.03)
    steps = window_pitches(samples)
    assert all(b > a for a, b in itertools.pairwise(steps)), steps


def test_exhale_falls() -> None:
    samples = sound("exhale")
    quarter = len(samples) // 4
    first, last = pitch(samples[:quarter]), pitch(samples[-quarter:])
    assert last < first / 1.2
    assert first == pytest.approx(440, rel=0.03)
    assert last == pytest.approx(330, rel=0.03)
    steps = window_pitches(samples)
    assert all(b < a for a, b in itertools.pairwise(steps)), steps


def test_hold_is_level() -> None:
    steps = window_pitches(sound("hold"))
    assert all(p == pytest.approx(440, rel=0.005) for p in steps), steps


def test_rest_is_level_at_the_bottom_of_the_breath() -> None:
    # Where the out-breath ends and the next in-breath starts: nothing moves.
    steps = window_pitches(sound("rest"), count=4)
    assert all(p == pytest.approx(steps[0], rel=0.005) for p in steps), steps
    exhale = sound("exhale")
    assert steps[0] == pytest.approx(pitch(exhale[-len(exhale) // 10 :]), rel=0.02)


def test_a_breath_is_one_continuous_contour() -> None:
    # Inhale ends where hold sits and exhale starts, so the three join without a jump.
    inhale, hold, exhale = sound("inhale"), sound("hold"), sound("exhale")
    tenth = len(inhale) // 10
    assert pitch(inhale[-tenth:]) == pytest.approx(pitch(hold), rel=0.01)
    assert pitch(exhale[:tenth]) == pytest.approx(pitch(hold), rel=0.01)


@pytest.mark.parametrize("kind", synth.PHASE_KINDS)
def test_phase_tones_fade_in_softly(kind: PhaseKind) -> None:
    samples = sound(kind)
    peak = max(abs(x) for x in samples)
    assert max(abs(x) for x in seconds_slice(samples, 0.0, 0.01)) < 0.1 * peak


def test_glides_have_no_clicks() -> None:
    # A phase jump shows as a sample-to-sample step far above what a sine at this pitch
    # and level can make (peak · 2π · f / rate, plus the 2nd harmonic's share).
    for name in ("inhale", "exhale"):
        samples = sound(name)
        peak = max(abs(x) for x in samples)
        limit = peak * 2 * math.pi * 440 / SAMPLE_RATE * 1.3
        biggest = max(abs(b - a) for a, b in itertools.pairwise(samples))
        assert biggest < limit, name


# --- Bowl and bell -----------------------------------------------------------------


# Late in the tail the upper partials have died away and the fundamental alone sets the
# zero crossings: these windows measure it.
TAILS = {"bowl": (4.0, 5.0), "bell": (1.5, 2.5)}


def fundamental(name: str) -> float:
    return pitch(seconds_slice(sound(name), *TAILS[name]))


def test_bowl_fundamental_is_a_low_bowl_note() -> None:
    assert 220 <= fundamental("bowl") <= 260


def test_bell_fundamental_is_higher_and_gentle() -> None:
    assert 520 <= fundamental("bell") <= 700


@pytest.mark.parametrize("name", ["bowl", "bell"])
def test_partials_are_inharmonic(name: str) -> None:
    f0 = fundamental(name)
    strike = seconds_slice(sound(name), 0.0, 0.3)
    # A bowl's (and a bar bell's) second partial sits near 2.7 times the fundamental,
    # not at a harmonic: much more energy there than at 2·f0 or 3·f0.
    inharmonic = max(power_at(strike, f0 * r) for r in (2.70, 2.71, 2.72, 2.74, 2.76))
    assert inharmonic > 50 * power_at(strike, 2 * f0)
    assert inharmonic > 50 * power_at(strike, 3 * f0)


@pytest.mark.parametrize(("name", "attack"), [("bowl", 0.02), ("bell", 0.01)])
def test_struck_sounds_have_a_soft_but_quick_attack(name: str, attack: float) -> None:
    samples = sound(name)
    peak = max(abs(x) for x in samples)
    # Soft: no full-level edge in the first two milliseconds...
    assert max(abs(x) for x in seconds_slice(samples, 0.0, 0.002)) < 0.15 * peak
    # ...yet clearly struck: near full level within a few attack times.
    assert max(abs(x) for x in seconds_slice(samples, 0.0, 3 * attack)) > 0.5 * peak


@pytest.mark.parametrize("name", ["bowl", "bell"])
def test_struck_sounds_decay(name: str) -> None:
    samples = sound(name)
    length = len(samples) / SAMPLE_RATE
    quarters = [rms(seconds_slice(samples, i * length / 4, (i + 1) * length / 4)) for i in range(4)]
    assert all(b < a for a, b in itertools.pairwise(quarters)), quarters
    # Long and exponential: the tail is at least 30 dB under the strike.
    assert quarters[0] / rms(samples[-SAMPLE_RATE // 4 :]) > 10 ** (30 / 20)


def test_bowl_beats() -> None:
    # Two close modes make the level swell and ebb; a single decaying mode would fall
    # in every window.
    samples = sound("bowl")
    levels = [rms(seconds_slice(samples, t / 10, (t + 1) / 10)) for t in range(10, 45)]
    swells = [b / a for a, b in itertools.pairwise(levels) if b > a]
    assert swells, "the bowl's level never rises again: no beating"
    assert max(swells) > 1.1


# --- Files: what is shipped is what the generator makes ----------------------------


@pytest.mark.parametrize("name", NAMES)
def test_wav_header_is_16_bit_mono_44100(name: str) -> None:
    params, samples = read_wav(AUDIO / f"{name}.wav")
    assert params.nchannels == 1
    assert params.sampwidth == 2
    assert params.framerate == 44100
    assert params.comptype == "NONE"
    assert samples == sound(name)


def test_audio_files_are_exactly_what_make_sounds_produces(tmp_path: Path) -> None:
    # Runs the real script in a fresh interpreter: also proves that generation does not
    # depend on state in this process (it must be byte-for-byte repeatable).
    subprocess.run(
        [sys.executable, str(MAKE_SOUNDS), "--out", str(tmp_path)],
        check=True,
        capture_output=True,
        timeout=60,
    )
    made = sorted(p.name for p in tmp_path.glob("*.wav"))
    assert made == sorted(f"{n}.wav" for n in NAMES)
    assert sorted(p.name for p in AUDIO.glob("*.wav")) == made, "stale or missing file in audio/"
    for file_name in made:
        regenerated = (tmp_path / file_name).read_bytes()
        committed = (AUDIO / file_name).read_bytes()
        assert committed == regenerated, f"audio/{file_name} is out of date: run `make sounds`"


def test_generation_is_deterministic_in_process() -> None:
    assert synth.bell() == synth.bell()
    assert synth.phase_tone("inhale") == synth.phase_tone("inhale")


# --- API edges ---------------------------------------------------------------------


def test_write_wav_round_trips(tmp_path: Path) -> None:
    samples = array("h", [0, 1, -1, 32767, -32768, 1234, 0])
    path = tmp_path / "x.wav"
    synth.write_wav(path, samples, rate=22050)
    params, back = read_wav(path)
    assert (params.nchannels, params.sampwidth, params.framerate) == (1, 2, 22050)
    assert back == samples


def test_write_wav_rejects_other_sample_types(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="array"):
        synth.write_wav(tmp_path / "x.wav", array("f", [0.0]))  # type: ignore[arg-type]


def test_unknown_phase_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown phase kind"):
        synth.phase_tone("sigh")  # type: ignore[arg-type]


@pytest.mark.parametrize("seconds", [0.0, -1.0, math.nan, math.inf, 61.0])
def test_bad_tone_length_is_refused(seconds: float) -> None:
    with pytest.raises(ValueError, match="seconds"):
        synth.phase_tone("hold", seconds)
