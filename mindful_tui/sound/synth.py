"""Synthesised chimes and breathing-phase tones, made with the standard library only.

Everything here returns 16-bit signed mono samples at 44100 Hz in an ``array('h')``.
The sounds are generated rather than recorded so that their licence is the project's
own; ``tools/make_sounds.py`` writes them to ``audio/``. Only ``array``, ``cmath``,
``math`` and ``wave`` are used: no numpy (a heavy dependency for a few seconds of audio)
and no ``audioop`` (removed in Python 3.13).

Every sound is levelled by loudness (ITU-R BS.1770), as every voice line is: a phase
tone to ``loudness.REFERENCE_LUFS`` (integrated), a chime by its strike (momentary max,
``loudness.STRIKE_LUFS``), so that the player's separate volume controls
for voice, chimes and tones start from a common reference and mean what they say; and
every sound starts and ends at exactly zero so that playback never clicks.
"""

from __future__ import annotations

import cmath
import functools
import itertools
import math
import os
import sys
import wave
from array import array
from typing import Final, Literal, get_args

from mindful_tui.sound.loudness import REFERENCE_LUFS, STRIKE_LUFS, level, level_gain

__all__ = [
    "BELL_F0",
    "BELL_PARTIALS",
    "BELL_SECONDS",
    "BOWL_F0",
    "BOWL_PARTIALS",
    "BOWL_SECONDS",
    "PEAK_DBFS",
    "PHASE_KINDS",
    "PHASE_TONE_SECONDS",
    "SAMPLE_RATE",
    "WHOLE_VERSION",
    "Partial",
    "PhaseKind",
    "bell",
    "bowl",
    "phase_pitch",
    "phase_sound",
    "phase_tone",
    "write_wav",
]

SAMPLE_RATE: Final = 44100
"""Samples per second of every sound made here."""

PEAK_DBFS: Final = -6.0
"""Peak every sound is first scaled to, before it is levelled by loudness."""

FULL_SCALE: Final = 32767
"""Largest positive 16-bit sample; 0 dBFS."""

PhaseKind = Literal["inhale", "hold", "exhale", "rest"]
PHASE_KINDS: Final[tuple[PhaseKind, ...]] = get_args(PhaseKind)

PHASE_TONE_SECONDS: Final = 1.0
"""Default length of a phase tone: long enough to hear the glide, short enough not to
crowd a four-second breath."""

# A partial is (frequency ratio to the fundamental, relative amplitude, decay time
# constant in seconds, beat frequency in Hz). A struck bowl or bell has two nearly equal
# modes for each partial (the circle is not perfectly round); their sum beats slowly,
# which is the "wah-wah" that makes a bowl sound alive. A beat of 0 means a single mode.
Partial = tuple[float, float, float, float]

BOWL_F0: Final = 233.0
"""Fundamental of the singing bowl (about B flat 3)."""

# Ratios close to those measured on Himalayan bowls (1 : ~2.7 : ~5.1 : ~8.2): the
# inharmonic spacing is what tells the ear "metal bowl" rather than "organ pipe". Higher
# partials are quieter and die sooner, so the strike is bright and the tail is mellow.
BOWL_PARTIALS: Final[tuple[Partial, ...]] = (
    (1.0, 1.0, 2.0, 0.9),
    (2.71, 0.45, 1.3, 1.6),
    (5.13, 0.18, 0.7, 2.4),
    (8.21, 0.06, 0.35, 0.0),
)
BOWL_SECONDS: Final = 6.5
BOWL_ATTACK: Final = 0.02  # a padded mallet: soft, but still heard as a strike
BOWL_RELEASE: Final = 1.5  # the last stretch of the tail fades to exactly zero

BELL_F0: Final = 587.0
"""Fundamental of the small bell (about D5)."""

# The modes of a free bar (1 : 2.756 : 5.404 : 8.933), as in a chime bar or a meditation
# "tingsha" played softly: clearly a bell, yet less clangorous than a church bell.
BELL_PARTIALS: Final[tuple[Partial, ...]] = (
    (1.0, 1.0, 1.0, 0.7),
    (2.756, 0.28, 0.45, 1.3),
    (5.404, 0.09, 0.2, 0.0),
    (8.933, 0.03, 0.1, 0.0),
)
BELL_SECONDS: Final = 3.5
BELL_ATTACK: Final = 0.01
BELL_RELEASE: Final = 0.8

# Phase tones: inhale climbs from the low to the high pitch, hold stays at the high
# pitch (where inhale ended and exhale begins, so a full breath is one continuous
# contour), exhale comes back down. A perfect fourth (330 → 440 Hz) is wide enough to
# hear with eyes closed, and consonant enough to stay calm.
_LOW_HZ: Final = 330.0
_HIGH_HZ: Final = 440.0
_REST_HZ: Final = _LOW_HZ  # the bottom of the breath, where the next in-breath starts
_SECOND_HARMONIC: Final = 0.12  # a touch of warmth; more sounds like a reed
_REST_HARMONIC: Final = 0.45  # the octave (660 Hz), which a small speaker plays
_TONE_FADE_IN: Final = 0.12
_TONE_FADE_OUT: Final = 0.3

_TAU: Final = 2.0 * math.pi
# A damped partial is dropped once it is this far below its start (about -120 dB), far
# under the 16-bit floor relative to the peak: stops the loop early, changes no sample.
_NEGLIGIBLE_DECAYS: Final = math.log(1e6)


def phase_pitch(kind: PhaseKind) -> tuple[float, float]:
    """Return the (start, end) frequency in Hz of the tone for one breathing phase."""
    if kind == "inhale":
        return (_LOW_HZ, _HIGH_HZ)
    if kind == "hold":
        return (_HIGH_HZ, _HIGH_HZ)
    if kind == "exhale":
        return (_HIGH_HZ, _LOW_HZ)
    if kind == "rest":
        return (_REST_HZ, _REST_HZ)
    raise ValueError(f"unknown phase kind {kind!r}; expected one of {PHASE_KINDS}")


def bowl() -> array[int]:
    """A struck Tibetan singing bowl: soft attack, slow beating, long decay (6.5 s)."""
    return _struck(BOWL_F0, BOWL_PARTIALS, BOWL_SECONDS, BOWL_ATTACK, BOWL_RELEASE)


def bell() -> array[int]:
    """A small, gently struck bell, higher and shorter than the bowl (3.5 s)."""
    return _struck(BELL_F0, BELL_PARTIALS, BELL_SECONDS, BELL_ATTACK, BELL_RELEASE)


def phase_tone(kind: PhaseKind, seconds: float = PHASE_TONE_SECONDS) -> array[int]:
    """A soft cue for one breathing phase, to follow the pace with eyes closed.

    ``inhale`` glides up, ``exhale`` glides down, ``hold`` stays level, and ``rest`` is
    a lower, pure, slowly swelling tone. ``seconds`` is the whole length of the tone,
    not of the phase: the player starts it when the phase starts.
    """
    if not (math.isfinite(seconds) and 0.0 < seconds <= 60.0):
        raise ValueError(f"seconds must be in (0, 60], not {seconds!r}")
    start_hz, end_hz = phase_pitch(kind)
    n = max(2, round(seconds * SAMPLE_RATE))
    if kind == "rest":
        # A swell over the whole length: the least insistent sound we can make, so a
        # rest phase invites stillness instead of announcing itself. Its octave helps
        # carry it on a laptop's small speaker, which plays little under 400 Hz.
        harmonic = _REST_HARMONIC
        fade_in = fade_out = n // 2
    else:
        harmonic = _SECOND_HARMONIC
        fade_in = min(round(_TONE_FADE_IN * SAMPLE_RATE), n // 4)
        fade_out = min(round(_TONE_FADE_OUT * SAMPLE_RATE), n // 3)

    out = [0.0] * n
    log_ratio = math.log(end_hz / start_hz)
    last = n - 1
    phase = 0.0
    for i in range(n):
        out[i] = math.sin(phase) + harmonic * math.sin(2.0 * phase)
        # The pitch moves along a raised-cosine curve in log frequency: it starts and
        # ends gently, like a breath, and equal steps sound like equal musical steps.
        # Accumulating the phase (rather than computing sin(2πft)) keeps the waveform
        # continuous while the frequency changes, so the glide never clicks.
        eased = 0.5 - 0.5 * math.cos(math.pi * i / last)
        freq = start_hz * math.exp(log_ratio * eased)
        phase += _TAU * freq / SAMPLE_RATE
        if phase >= _TAU:
            phase -= _TAU  # keep the argument small so sin() stays exact over long tones
    _fade(out, fade_in, fade_out)
    return _to_pcm(out)


WHOLE_HARMONICS: Final = (1.0, 0.3, 0.12)
"""The whole-phase sound's fundamental, octave and twelfth: soft, and still heard on a
small speaker that plays nothing under 400 Hz (its octave is at 660 Hz and more)."""
WHOLE_FADE: Final = 0.12
"""Seconds of raised-cosine fade at each end of a whole-phase sound: one phase hands over
to the next through silence this short, never with a click."""
WHOLE_REST_DB: Final = -4.0
"""The rest phase's sound, this much under the others: there, nothing to do."""
WHOLE_VERSION: Final = 1
"""Part of a cached whole-phase sound's name: changing how they are made makes them anew."""
_TABLE_BITS: Final = 12
_FRACTION_BITS: Final = 20
_BLOCK: Final = SAMPLE_RATE // 100  # the pitch moves every 10 ms


def phase_sound(kind: PhaseKind, seconds: float) -> array[int]:
    """A sound lasting the whole of one breathing phase of ``seconds`` (0 < s <= 60).

    ``inhale`` rises from the low to the high pitch across the whole phase, ``hold``
    stays on the high one, ``exhale`` falls back across the whole phase and ``rest``
    stays on the low pitch, softer: with eyes closed, the pitch says where in the
    breath one is at any moment, at 4 s phases as at 60 s. Levelled like the short tones
    (``loudness.REFERENCE_LUFS`` when steady). Made in C-speed passes (a wavetable read
    through ``itertools.accumulate``), about 0.1 µs a sample: a session's phases are
    made as it is prepared.
    """
    if not (math.isfinite(seconds) and 0.0 < seconds <= 60.0):
        raise ValueError(f"seconds must be in (0, 60], not {seconds!r}")
    start_hz, end_hz = phase_pitch(kind)
    n = max(2, round(seconds * SAMPLE_RATE))
    size = 1 << _TABLE_BITS
    # The phase is a fixed-point index into the table (_FRACTION_BITS under the point):
    # integers accumulate exactly, however long the phase.
    increments: list[int] = []
    log_ratio = math.log(end_hz / start_hz)
    blocks = -(-n // _BLOCK)
    for b in range(blocks):
        # The same raised-cosine curve in log frequency as the short tones, in 10 ms
        # steps: a step of a fraction of a hertz, and the waveform never jumps (the
        # phase accumulates), so the glide is smooth.
        eased = 0.5 - 0.5 * math.cos(math.pi * (b + 0.5) / blocks)
        freq = start_hz * math.exp(log_ratio * eased)
        increments.extend([round(freq * (size << _FRACTION_BITS) / SAMPLE_RATE)] * _BLOCK)
    del increments[n:]
    phases = itertools.accumulate(increments[:-1], initial=0)
    table = _wavetable(WHOLE_REST_DB if kind == "rest" else 0.0)
    index = map((size - 1).__and__, map(_FRACTION_BITS.__rrshift__, phases))
    out = array("h", map(table.__getitem__, index))
    fade = min(round(WHOLE_FADE * SAMPLE_RATE), n // 2)
    for i in range(fade):
        g = 0.5 - 0.5 * math.cos(math.pi * i / fade)
        out[i] = round(out[i] * g)
        out[n - 1 - i] = round(out[n - 1 - i] * g)
    return out


@functools.cache
def _wavetable(db: float) -> list[int]:
    """One cycle of the whole-phase sound as samples: steady, it is ``REFERENCE_LUFS``
    plus ``db`` loud (measured once, on a second of it at the middle pitch)."""
    size = 1 << _TABLE_BITS
    cycle = [
        sum(a * math.sin(_TAU * (h + 1) * i / size) for h, a in enumerate(WHOLE_HARMONICS))
        for i in range(size)
    ]
    peak = max(abs(x) for x in cycle)
    step = math.sqrt(_LOW_HZ * _HIGH_HZ) * size / SAMPLE_RATE
    probe = array(
        "h", (round(16384 * cycle[int(i * step) % size] / peak) for i in range(SAMPLE_RATE))
    )
    gain = 16384 / peak * level_gain(probe, SAMPLE_RATE, REFERENCE_LUFS + db)
    return [round(x * gain) for x in cycle]


def write_wav(path: str | os.PathLike[str], samples: array[int], rate: int = SAMPLE_RATE) -> None:
    """Write 16-bit mono samples to a WAV file.

    The output depends only on the samples and the rate (the WAV header carries no
    timestamp), so regenerating a sound gives the same bytes.
    """
    if samples.typecode != "h":
        raise ValueError(f"samples must be array('h'), not array({samples.typecode!r})")
    data = samples
    if sys.byteorder == "big":
        # WAV is little-endian whatever the machine; swap a copy, not the caller's array.
        data = array("h", samples)
        data.byteswap()
    with wave.open(os.fspath(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(data.tobytes())


def _struck(
    f0: float,
    partials: tuple[Partial, ...],
    seconds: float,
    attack: float,
    release: float,
) -> array[int]:
    """Sum exponentially decaying partials, then shape the ends and normalise."""
    n = round(seconds * SAMPLE_RATE)
    out = [0.0] * n
    for ratio, amp, tau, beat in partials:
        freq = f0 * ratio
        if beat:
            # Two modes a beat apart, unequal so the beating is slight: the sum swells
            # and ebbs by a few dB instead of pulsing to silence.
            _add_damped(out, freq - beat / 2.0, amp * 0.7, tau)
            _add_damped(out, freq + beat / 2.0, amp * 0.3, tau)
        else:
            _add_damped(out, freq, amp, tau)
    _fade(out, round(attack * SAMPLE_RATE), round(release * SAMPLE_RATE))
    return _to_pcm(out, strike=True)


def _add_damped(out: list[float], freq: float, amp: float, tau: float) -> None:
    """Add amp·e^(-t/tau)·sin(2π·freq·t) to ``out`` in place.

    A complex phasor multiplied by a constant step each sample gives the decaying sine
    with one multiplication per sample instead of a sin() and an exp(): the bowl alone
    has seven modes over 287 000 samples, and this keeps generation well under a second.
    Past the one ``cmath.exp`` per mode the loop is plain IEEE arithmetic, so the
    samples do not depend on the platform's libm.
    """
    step = cmath.exp(complex(-1.0 / (tau * SAMPLE_RATE), _TAU * freq / SAMPLE_RATE))
    z = complex(amp, 0.0)  # phase 0 at the strike: the sine starts at zero
    stop = min(len(out), math.ceil(tau * SAMPLE_RATE * _NEGLIGIBLE_DECAYS))
    for i in range(stop):
        out[i] += z.imag
        z *= step


def _fade(out: list[float], fade_in: int, fade_out: int) -> None:
    """Apply raised-cosine fades in place, so the first and last samples are exactly 0.

    A raised cosine has zero slope at both ends, so there is no corner for the ear to
    hear as a click where the fade meets the sound.
    """
    n = len(out)
    for i in range(min(fade_in, n)):
        out[i] *= 0.5 - 0.5 * math.cos(math.pi * i / fade_in)
    for k in range(min(fade_out, n)):
        # k counts back from the end: the last sample gets gain 0.
        out[n - 1 - k] *= 0.5 - 0.5 * math.cos(math.pi * k / fade_out)


def _to_pcm(out: list[float], strike: bool = False) -> array[int]:
    """Scale to ``PEAK_DBFS``, round to 16-bit integers, then level to the reference
    loudness (``strike``: a chime, by its momentary max, ``loudness.STRIKE_LUFS``), which
    moves the peak, never past -1 dBFS.

    No DC removal is needed: every component is a sine under a smooth envelope spanning
    many cycles, so the mean is below a hundredth of one step (the tests check it). A
    high-pass filter would only cost time and move the first and last samples off zero.
    """
    peak = max(abs(x) for x in out)
    if peak == 0.0:
        return array("h", bytes(2 * len(out)))
    gain = FULL_SCALE * 10.0 ** (PEAK_DBFS / 20.0) / peak
    # round() never exceeds the target peak, which is far below full scale: no clipping.
    pcm = array("h", [round(x * gain) for x in out])
    if strike:
        return level(pcm, SAMPLE_RATE, STRIKE_LUFS, strike=True)
    return level(pcm, SAMPLE_RATE, REFERENCE_LUFS)
