"""Loudness as the ear hears it (ITU-R BS.1770): K-weighting, momentary and integrated.

Every sound is levelled by loudness, not by peak: speech has a far higher peak for its
loudness than a sine, so sounds brought to one peak are not equally loud. Levelled here
to one reference, a volume means the same for every kind of sound: at equal volumes a
line of speech, a chime and a phase tone are equally loud.

The standard library alone (no numpy): the two K-weighting filters run over the samples
once, in one loop, summing squares per 100 ms step; momentary loudness is any four steps
in a row (400 ms), integrated loudness gates those blocks as BS.1770-4 says (absolute
-70 LUFS, then 10 LU under the ungated mean). About a microsecond a sample: levelling is
done once, when a sound is made or a line is rendered into the cache, never while
playing.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Sequence
from typing import Final

REFERENCE_LUFS: Final = -20.0
"""The loudness every sound is levelled to at volume 1 (integrated, LUFS)."""

CEILING: Final = 10.0 ** (-1.0 / 20.0)
"""No levelled sample goes past -1 dBFS: loud enough speech is turned down to stay under
it, so a line over a fading chime never clips."""

_OFFSET: Final = -0.691
"""BS.1770's constant: a 997 Hz sine at full scale reads -3.01 LUFS."""

_STEP_SECONDS: Final = 0.1
_BLOCK_STEPS: Final = 4
"""Momentary loudness: 400 ms blocks, every 100 ms."""

_ABSOLUTE_GATE: Final = -70.0
_RELATIVE_GATE: Final = -10.0

FULL_SCALE: Final = 32768.0

Biquad = tuple[float, float, float, float, float]
"""(b0, b1, b2, a1, a2), normalised so that a0 is 1."""


def k_filters(rate: int) -> tuple[Biquad, Biquad]:
    """The two K-weighting stages at ``rate``: a high shelf (+4 dB above about 1.7 kHz,
    the head's effect) and a high pass (the RLB curve, under about 38 Hz)."""
    # Stage 1: the shelf; stage 2: the high pass. Both are the analogue prototypes
    # behind BS.1770's 48 kHz coefficients, bilinear-transformed at ``rate`` (at 48 kHz
    # they give the standard's table to the last printed digit; the tests check it).
    k = math.tan(math.pi * 1681.974450955533 / rate)
    q = 0.7071752369554196
    vh = 10.0 ** (3.999843853973347 / 20.0)
    vb = vh**0.4996667741545416
    a0 = 1.0 + k / q + k * k
    shelf = (
        (vh + vb * k / q + k * k) / a0,
        2.0 * (k * k - vh) / a0,
        (vh - vb * k / q + k * k) / a0,
        2.0 * (k * k - 1.0) / a0,
        (1.0 - k / q + k * k) / a0,
    )
    k = math.tan(math.pi * 38.13547087602444 / rate)
    q = 0.5003270373238773
    a0 = 1.0 + k / q + k * k
    high_pass = (1.0, -2.0, 1.0, 2.0 * (k * k - 1.0) / a0, (1.0 - k / q + k * k) / a0)
    return shelf, high_pass


def step_powers(samples: Sequence[int] | array[int], rate: int) -> list[float]:
    """The mean square of the K-weighted signal (full scale 1) in each 100 ms step; a
    last partial step is dropped."""
    (b0, b1, b2, a1, a2), (c0, c1, c2, d1, d2) = k_filters(rate)
    step = round(_STEP_SECONDS * rate)
    steps = len(samples) // step
    out: list[float] = []
    s1 = s2 = t1 = t2 = 0.0
    scale = 1.0 / FULL_SCALE
    for k in range(steps):
        acc = 0.0
        for sample in samples[k * step : (k + 1) * step]:
            # Two biquads in transposed direct form II, one after the other.
            x = sample * scale
            y = b0 * x + s1
            s1 = b1 * x - a1 * y + s2
            s2 = b2 * x - a2 * y
            z = c0 * y + t1
            t1 = c1 * y - d1 * z + t2
            t2 = c2 * y - d2 * z
            acc += z * z
        out.append(acc / step)
    return out


def block_powers(samples: Sequence[int] | array[int], rate: int) -> list[float]:
    """Mean squares of every 400 ms block, one every 100 ms. The end of a sound is
    measured with the silence after it (a block always holds 400 ms)."""
    step = round(_STEP_SECONDS * rate)
    short = max(_BLOCK_STEPS * step - len(samples), -len(samples) % step)
    padded = array("h", samples)
    padded.extend([0] * short)
    powers = step_powers(padded, rate)
    return [
        sum(powers[i : i + _BLOCK_STEPS]) / _BLOCK_STEPS
        for i in range(len(powers) - _BLOCK_STEPS + 1)
    ]


def lufs(power: float) -> float:
    """Loudness of a mean square (K-weighted, full scale 1); -inf for silence."""
    return _OFFSET + 10.0 * math.log10(power) if power > 0.0 else -math.inf


def momentary_max(samples: Sequence[int] | array[int], rate: int) -> float:
    """The loudest 400 ms of the sound, in LUFS (-inf for silence)."""
    return lufs(max(block_powers(samples, rate)))


def integrated(samples: Sequence[int] | array[int], rate: int) -> float:
    """Integrated loudness, gated as BS.1770-4 says, in LUFS (-inf for silence)."""
    return gated(block_powers(samples, rate))


def gated(blocks: Sequence[float]) -> float:
    """Integrated loudness of 400 ms block powers: the absolute gate, then the relative."""
    loud = [p for p in blocks if lufs(p) > _ABSOLUTE_GATE]
    if not loud:
        return -math.inf
    threshold = lufs(sum(loud) / len(loud)) + _RELATIVE_GATE
    kept = [p for p in loud if lufs(p) > threshold]
    return lufs(sum(kept) / len(kept))


STRIKE_LUFS: Final = REFERENCE_LUFS + 2.0
"""What a struck sound (a chime) is levelled to, by its momentary max: a strike is heard
as a moment, not as a sustained sound, so its loudest 400 ms is what counts; 2 dB
over the reference puts it, at the default volumes, about 1 LU under the voice and 6
over the tones. (Its integrated loudness, all that long fading ring, reads some 7 LU
lower than its strike: levelled that way a bowl would drown a spoken line.)"""


def level_gain(
    samples: Sequence[int] | array[int], rate: int, target: float, strike: bool = False
) -> float:
    """The gain that brings the sound's integrated loudness (``strike``: its momentary
    max) to ``target`` LUFS, lowered if needed so no sample passes ``CEILING``; 1 for
    silence."""
    loudness = momentary_max(samples, rate) if strike else integrated(samples, rate)
    if not math.isfinite(loudness):
        return 1.0
    gain: float = 10.0 ** ((target - loudness) / 20.0)
    peak = max((abs(s) for s in samples), default=0)
    if peak and gain * peak > CEILING * FULL_SCALE:
        gain = CEILING * FULL_SCALE / peak
    return gain


def level(
    samples: Sequence[int] | array[int], rate: int, target: float, strike: bool = False
) -> array[int]:
    """``samples`` brought to ``target`` LUFS (integrated; ``strike``: momentary max),
    never past ``CEILING``."""
    gain = level_gain(samples, rate, target, strike)
    return array("h", [round(s * gain) for s in samples])
