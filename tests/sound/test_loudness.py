"""The loudness meter (BS.1770), the whole-phase breathing sounds, and the fades every
voice line gets."""

from __future__ import annotations

import itertools
import math
from array import array
from pathlib import Path

import pytest

from mindful_tui.sound import loudness, synth
from mindful_tui.sound.synth import SAMPLE_RATE, PhaseKind
from mindful_tui.sound.voice_worker import TRIM_FADE, trim_silence


def sine(hz: float, amplitude: float, seconds: float, rate: int = SAMPLE_RATE) -> array[int]:
    n = round(seconds * rate)
    return array(
        "h", (round(amplitude * 32767 * math.sin(2 * math.pi * hz * i / rate)) for i in range(n))
    )


def test_k_weighting_at_48_khz_is_the_standards_table() -> None:
    shelf, high_pass = loudness.k_filters(48000)
    assert shelf == pytest.approx(
        (
            1.53512485958697,
            -2.69169618940638,
            1.19839281085285,
            -1.69065929318241,
            0.73248077421585,
        ),
        abs=1e-12,
    )
    assert high_pass == pytest.approx(
        (1.0, -2.0, 1.0, -1.99004745483398, 0.99007225036621), abs=1e-12
    )


@pytest.mark.parametrize("rate", [44100, 48000])
def test_a_full_scale_997_hz_sine_reads_minus_3_lufs(rate: int) -> None:
    tone = sine(997, 1.0, 2.0, rate)
    assert loudness.integrated(tone, rate) == pytest.approx(-3.01, abs=0.05)
    assert loudness.momentary_max(sine(997, 0.5, 2.0, rate), rate) == pytest.approx(-9.03, abs=0.05)


def test_integrated_loudness_gates_out_the_quiet() -> None:
    # Two seconds of tone then eight of near silence: the silence is gated, the
    # momentary max and the integrated loudness are the tone's.
    tone = sine(440, 0.25, 2.0)
    quiet = sine(440, 0.0005, 8.0)
    both = tone + quiet
    assert loudness.integrated(both, SAMPLE_RATE) == pytest.approx(
        loudness.integrated(tone, SAMPLE_RATE), abs=0.5
    )


def test_level_brings_a_sound_to_its_target_and_never_past_the_ceiling() -> None:
    quiet = sine(440, 0.01, 1.0)
    levelled = loudness.level(quiet, SAMPLE_RATE, -20.0)
    assert loudness.integrated(levelled, SAMPLE_RATE) == pytest.approx(-20.0, abs=0.1)
    loud = loudness.level(quiet, SAMPLE_RATE, 0.0)
    assert max(loud) <= round(loudness.CEILING * 32768)


# --- whole-phase sounds -------------------------------------------------------------


def crossings_hz(samples: array[int]) -> float:
    ups = sum(1 for a, b in itertools.pairwise(samples) if a < 0 <= b)
    return ups * SAMPLE_RATE / len(samples)


@pytest.mark.parametrize("seconds", [4.0, 60.0])
def test_the_in_breath_rises_and_the_out_breath_falls_across_the_whole_phase(
    seconds: float,
) -> None:
    cases: tuple[tuple[PhaseKind, bool], ...] = (("inhale", True), ("exhale", False))
    for kind, rising in cases:
        made = synth.phase_sound(kind, seconds)
        assert len(made) == round(seconds * SAMPLE_RATE)
        fifth = len(made) // 5
        pitches = [crossings_hz(made[i * fifth : (i + 1) * fifth]) for i in range(5)]
        steps = [b - a for a, b in itertools.pairwise(pitches)]
        assert all(s > 0 if rising else s < 0 for s in steps), (kind, pitches)


def test_a_hold_stays_still_and_a_rest_is_steady_and_softer() -> None:
    hold = synth.phase_sound("hold", 8.0)
    rest = synth.phase_sound("rest", 8.0)
    quarter = len(hold) // 4
    hold_pitches = [crossings_hz(hold[i * quarter : (i + 1) * quarter]) for i in range(4)]
    assert max(hold_pitches) - min(hold_pitches) < 3.0
    assert loudness.integrated(rest, SAMPLE_RATE) < loudness.integrated(hold, SAMPLE_RATE) - 2


@pytest.mark.parametrize("kind", synth.PHASE_KINDS)
def test_a_whole_phase_sound_fills_its_phase_and_starts_and_ends_at_zero(kind: str) -> None:
    made = synth.phase_sound(kind, 6.0)  # type: ignore[arg-type]
    assert made[0] == 0 and made[-1] == 0
    window = SAMPLE_RATE // 20
    quiet = 10 ** (-50 / 20) * 32768
    rms = [
        math.sqrt(sum(x * x for x in made[i : i + window]) / window)
        for i in range(0, len(made) - window + 1, window)
    ]
    assert sum(r <= quiet for r in rms) <= 2  # only where it fades in and out
    # Under the voice: steady, it is at the reference loudness (or under it).
    assert loudness.integrated(made, SAMPLE_RATE) <= loudness.REFERENCE_LUFS + 0.5


def high_passed_power(samples: array[int], hz: float = 400.0) -> float:
    """Power through a 2nd-order high pass at ``hz`` (a small speaker's low end)."""
    w0 = 2 * math.pi * hz / SAMPLE_RATE
    alpha = math.sin(w0) / (2 * 0.7071)
    c = math.cos(w0)
    a0 = 1 + alpha
    b0, b1, b2 = (1 + c) / 2 / a0, -(1 + c) / a0, (1 + c) / 2 / a0
    a1, a2 = -2 * c / a0, (1 - alpha) / a0
    s1 = s2 = total = 0.0
    for x in samples:
        y = b0 * x + s1
        s1 = b1 * x - a1 * y + s2
        s2 = b2 * x - a2 * y
        total += y * y
    return total / len(samples)


@pytest.mark.parametrize("kind", synth.PHASE_KINDS)
def test_every_phase_sound_is_heard_on_a_small_speaker(kind: str) -> None:
    made = synth.phase_sound(kind, 2.0)  # type: ignore[arg-type]
    full = sum(x * x for x in made) / len(made)
    lost = 10 * math.log10(full / high_passed_power(made))
    assert lost < 6.0, f"{kind} loses {lost:.1f} dB through a 400 Hz high pass"


def test_the_short_rest_tone_is_heard_on_a_small_speaker() -> None:
    made = synth.phase_tone("rest")
    full = sum(x * x for x in made) / len(made)
    assert 10 * math.log10(full / high_passed_power(made)) < 6.0


# --- voice lines start and end at zero ----------------------------------------------


def test_a_line_that_starts_at_once_still_fades_in_and_out() -> None:
    rate = 22050
    loud = sine(300, 0.5, 0.5, rate)
    loud[0] = loud[-1] = 12000  # espeak's first and last sample, far from zero
    out = trim_silence(loud, rate)
    assert out[0] == 0 and out[-1] == 0
    fade = round(TRIM_FADE * rate)
    assert all(abs(out[i]) <= abs(loud[i]) * i / fade + 1 for i in range(fade))


@pytest.mark.parametrize("amplitude", [0.02, 0.9])
def test_a_line_is_levelled_by_loudness_whatever_the_engine_gives(
    amplitude: float, tmp_path: Path
) -> None:
    """A quiet or a loud engine (or voice) comes out at the same loudness; at a script's
    volume 0.5, 6 dB under it."""
    from mindful_tui.sound.clip import Clip, write_wav
    from mindful_tui.sound.voice_worker import spoken_clip

    raw = tmp_path / "raw.wav"
    write_wav(raw, Clip(sine(300, amplitude, 1.5, 22050), 22050))
    line = spoken_clip(raw)
    assert loudness.integrated(line.samples, line.rate) == pytest.approx(
        loudness.REFERENCE_LUFS, abs=0.3
    )
    half = spoken_clip(raw, volume=0.5)
    assert loudness.integrated(half.samples, half.rate) == pytest.approx(
        loudness.REFERENCE_LUFS - 6.02, abs=0.3
    )
