"""The background bed: a quiet, endless sound under a long session (brown or pink noise,
or a soft drone), synthesised here with the standard library, so its licence is ours.

A bed is one loop of ``LOOP_SECONDS`` played over and over. It joins itself without a
seam: the noises are made ``CROSSFADE`` longer than the loop and their extra tail is
faded into their head (equal power, as the two are unrelated noise), so the last sample
runs on into the first as noise runs on; the drone is exactly periodic in the loop (every
frequency and every swell a whole number of cycles in it), so it needs no crossfade.

A bed is levelled by loudness like every other sound, by its loudest moment (momentary
max, so the drone's slow swell counts at its top), ``BELOW`` LU under the others' level
at the same volume: it is there to be barely noticed. At the default volumes it sits
about 19 LU under the voice and 11 under the tones (``tests/sound/test_bed_mix.py``
holds the gaps on a rendered built-in).
"""

from __future__ import annotations

import cmath
import functools
import math
import operator
from array import array
from typing import Final

from mindful_tui.core.script.model import BACKGROUNDS, Background
from mindful_tui.sound.loudness import REFERENCE_LUFS, level

BedName = Background
BED_NAMES: Final = BACKGROUNDS

RATE: Final = 44100
LOOP_SECONDS: Final = 20
"""One loop: long enough that noise never sounds repeated, short enough to make fast."""
CROSSFADE: Final = 2.0
"""Seconds of a noise's tail faded into its head to close the loop."""
BELOW: Final = 13.0
"""LU under the other sounds' reference at the same volume."""
BED_LUFS: Final = REFERENCE_LUFS - BELOW
"""A bed's momentary-max loudness (its loudest 400 ms) at volume 1."""
FADE_IN: Final = 3.0
"""Seconds a bed takes to rise when it starts (and when it comes back after a pause)."""
FADE_OUT: Final = 3.0
"""Seconds a rendered session's bed takes to fall away at its end."""
VERSION: Final = 2
"""Part of a cached bed's name: changing how beds are made makes them anew."""

_SEED: Final = 20261201
_DRONE_PARTIALS: Final = (
    # (Hz, amplitude, swell period in seconds): A2, its fifth and octave, each with a
    # slow swell, and a twin a quarter hertz up so the root beats gently.
    (110.0, 1.0, 20.0),
    (110.25, 0.25, 10.0),
    (165.0, 0.45, 20.0 / 3.0),
    (220.0, 0.3, 5.0),
    (330.0, 0.12, 4.0),
)


def make(name: BedName) -> array[int]:
    """One loop of the bed ``name`` (``LOOP_SECONDS``), levelled to ``BED_LUFS``: played
    end to end it never clicks. The same samples every time (a fixed seed)."""
    if name not in BED_NAMES:
        raise ValueError(f"unknown background {name!r}; expected one of {BED_NAMES}")
    n = LOOP_SECONDS * RATE
    if name == "drone":
        raw = _drone(n, LOOP_SECONDS)
    else:
        extra = round(CROSSFADE * RATE)
        noise = _brown(n + extra) if name == "brown" else _pink(n + extra)
        raw = _close_loop(noise, n)
    peak = max(abs(x) for x in raw) or 1.0
    pcm = array("h", [round(x * 16384.0 / peak) for x in raw])
    return level(pcm, RATE, BED_LUFS, strike=True)


def _white(n: int) -> list[float]:
    import random  # only where a bed is made: not on the way to the player's first frame

    rng = random.Random(_SEED)  # noqa: S311 (noise, not secrets)
    return [rng.random() * 2.0 - 1.0 for _ in range(n)]


def _brown(n: int) -> list[float]:
    """White noise integrated with a slight leak (a corner near 14 Hz): a deep rumble
    like distant surf, falling 6 dB an octave."""
    out = [0.0] * n
    y = 0.0
    for i, w in enumerate(_white(n)):
        y = 0.998 * y + w
        out[i] = y
    return out


def _pink(n: int) -> list[float]:
    """White noise through a bank of one-pole filters (3 dB an octave, within half a dB
    from 10 Hz to 20 kHz): softer than white, brighter than brown, like steady rain."""
    out = [0.0] * n
    b0 = b1 = b2 = 0.0
    for i, w in enumerate(_white(n)):
        b0 = 0.99765 * b0 + w * 0.0990460
        b1 = 0.96300 * b1 + w * 0.2965164
        b2 = 0.57000 * b2 + w * 1.0526913
        out[i] = b0 + b1 + b2 + w * 0.1848
    return out


def _drone(n: int, seconds: int) -> list[float]:
    """Soft low partials, each swelling slowly; every one is periodic in the loop."""
    out = [0.0] * n
    tau = 2.0 * math.pi
    for hz, amp, swell in _DRONE_PARTIALS:
        if not (hz * seconds).is_integer() or not (seconds / swell).is_integer():
            raise ValueError(f"{hz} Hz swelling every {swell} s is not periodic in {seconds} s")
        # Two phasors turned a step a sample: one multiplication each instead of two
        # sin() calls (their rounding drifts by far less than a 16-bit step in a loop).
        tone_step = cmath.exp(complex(0.0, tau * hz / RATE))
        swell_step = cmath.exp(complex(0.0, tau / (swell * RATE)))
        z, v = complex(1.0, 0.0), complex(1.0, 0.0)
        for i in range(n):
            out[i] += amp * z.imag * (0.8 + 0.2 * v.imag)
            z *= tone_step
            v *= swell_step
    return out


def _close_loop(noise: list[float], n: int) -> list[float]:
    """``noise`` (``n`` samples and a tail) as a loop of ``n``: its tail, fading out, is
    laid over its head, fading in. Sample ``n - 1`` then runs on into sample 0 exactly as
    it ran on into sample ``n`` (the tail's start at full weight), and equal-power gains
    keep unrelated noise at one level through the fade."""
    fade = len(noise) - n
    out = noise[:n]
    for i in range(fade):
        theta = 0.5 * math.pi * i / fade
        out[i] = noise[i] * math.sin(theta) + noise[n + i] * math.cos(theta)
    return out


def segment(loop: array[int], start: int, count: int) -> array[int]:
    """``count`` samples of the endless loop from sample ``start`` (of the endless run)."""
    size = len(loop)
    start %= size
    out = array("h")
    while len(out) < count:
        take = min(size - start, count - len(out))
        out.extend(loop[start : start + take])
        start = 0
    return out


def fade_gain(i: int, fade: int) -> float:
    """The raised-cosine gain at sample ``i`` of a fade of ``fade`` samples (1 beyond)."""
    if i >= fade:
        return 1.0
    return 0.5 - 0.5 * math.cos(math.pi * max(i, 0) / fade)


@functools.cache
def _gains(fade: int) -> tuple[float, ...]:
    """Every gain of a fade of ``fade`` samples, made once: a bed fades often."""
    return tuple(fade_gain(i, fade) for i in range(fade))


def faded(samples: array[int], into: int, fade: int, rising: bool = True) -> array[int]:
    """``samples`` with a raised-cosine fade: rising (``into`` samples into a fade of
    ``fade``, at the head), or falling over the last ``fade`` samples."""
    out = array("h", samples)
    gains = _gains(fade)
    if rising:
        count = min(len(out), max(0, fade - into))
        head = gains[into : into + count] if into >= 0 else (0.0,) * count
        out[:count] = array("h", map(round, map(operator.mul, out[:count], head)))
    else:
        count = min(len(out), fade)
        tail = gains[:count][::-1]
        out[len(out) - count :] = array(
            "h", map(round, map(operator.mul, out[len(out) - count :], tail))
        )
    return out
