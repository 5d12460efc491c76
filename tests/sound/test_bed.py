"""The background bed as a sound: each loop joins itself without a click, holds one level
through its join, sits at its loudness, and is the same every time it is made."""

from __future__ import annotations

import functools
import itertools
import math
import statistics
from array import array

import pytest

from mindful_tui.sound import bed, loudness

RATE = bed.RATE
WINDOW = round(0.002 * RATE)
"""2 ms: a click is a burst of high-frequency energy about this long."""


@functools.cache
def loop(name: bed.BedName) -> array[int]:
    return bed.make(name)


def edge_energy(samples: array[int], start: int) -> float:
    """The energy of the first differences over one window from ``start``: what a click
    adds to (a step, or a corner, in the waveform)."""
    window = samples[start - 1 : start + WINDOW]
    return float(sum((b - a) ** 2 for a, b in itertools.pairwise(window)))


@pytest.mark.parametrize("name", bed.BED_NAMES)
def test_the_loop_joins_itself_without_a_click(name: bed.BedName) -> None:
    """Played twice end to end, the window across the join holds no more high-frequency
    energy than the loudest window anywhere else in the loop, and the step at the join
    is no bigger than the biggest step inside it."""
    one = loop(name)
    n = len(one)
    twice = one + one
    join = n - WINDOW // 2
    energies = [edge_energy(twice, start) for start in range(WINDOW, n - WINDOW, WINDOW)]
    assert edge_energy(twice, join) <= max(energies)
    steps = [abs(b - a) for a, b in itertools.pairwise(one)]
    assert abs(one[0] - one[-1]) <= max(steps)


@pytest.mark.parametrize("name", bed.BED_NAMES)
def test_the_level_holds_through_the_join(name: bed.BedName) -> None:
    """The loudness of the 400 ms blocks across the join (the crossfade) is within 1.5 LU
    of the loop's median block: no dip or swell where the loop closes."""
    one = loop(name)
    twice = one + one
    blocks = [loudness.lufs(p) for p in loudness.block_powers(one, RATE)]
    middle = statistics.median(blocks)
    fade = round(bed.CROSSFADE * RATE)
    around = twice[len(one) - RATE : len(one) + fade + RATE]
    for block in loudness.block_powers(around, RATE):
        assert abs(loudness.lufs(block) - middle) <= 1.5 + (name == "drone") * 3.0


@pytest.mark.parametrize("name", bed.BED_NAMES)
def test_a_bed_sits_at_its_loudness_and_is_made_the_same_every_time(name: bed.BedName) -> None:
    one = loop(name)
    assert len(one) == bed.LOOP_SECONDS * RATE
    assert loudness.momentary_max(one, RATE) == pytest.approx(bed.BED_LUFS, abs=0.2)
    assert max(map(abs, one)) < 32767 * loudness.CEILING
    assert abs(statistics.fmean(one)) < 0.01 * max(map(abs, one))
    if name == "brown":  # one is enough: the noises share their source
        assert bed.make(name) == one


def test_the_loop_is_read_endlessly_and_fades_are_smooth() -> None:
    one = array("h", range(10))
    assert bed.segment(one, 7, 6) == array("h", [7, 8, 9, 0, 1, 2])
    assert bed.segment(one, 23, 3) == array("h", [3, 4, 5])
    ramp = bed.faded(array("h", [1000] * 10), 0, 8)
    assert ramp[0] == 0 and ramp[-1] == 1000
    assert list(ramp) == sorted(ramp)
    # Started 4 samples into the fade, it goes on from there.
    assert bed.faded(array("h", [1000] * 6), 4, 8)[0] == ramp[4]
    falling = bed.faded(array("h", [1000] * 10), 0, 8, rising=False)
    assert falling[-1] == 0 and falling[0] == 1000
    assert math.isclose(bed.fade_gain(4, 8), 0.5)
