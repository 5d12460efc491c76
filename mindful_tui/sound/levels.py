"""How a session's mix measures: each kind of sound's loudness on its own stem, and how
much of the breathing is near silence. Used by the tests that hold the balance of every
built-in session and by ``benchmarks/levels.py``.

A stem is one channel's sounds alone (voice, chimes or tones), rebuilt from the plan:
the placements ``render`` mixes, mixed per channel with the same mixer. Each placed sound
is measured over its own span of its stem (so a sound overlapping another of its kind
is measured with it), by its momentary-max loudness (the loudest 400 ms, BS.1770).
"""

from __future__ import annotations

import math
import operator
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final

from mindful_tui.core.timing.timeline import Timeline
from mindful_tui.sound.clip import RATE
from mindful_tui.sound.loudness import momentary_max
from mindful_tui.sound.mixdown import Placed, mixdown
from mindful_tui.sound.mixer import CHANNELS, Channel

QUIET_DBFS: Final = -50.0
"""A window this quiet (RMS) or quieter counts as silence."""
QUIET_WINDOW: Final = round(0.05 * RATE)
"""Samples per window of the silence measure (50 ms)."""


@dataclass(frozen=True)
class Heard:
    """One placed sound as measured on its stem."""

    placed: Placed
    loudness: float
    """Momentary-max loudness over the sound's span of its stem, LUFS."""
    alone: bool
    """No other sound of its channel overlaps it."""


def stem_levels(placed: Sequence[Placed]) -> dict[Channel, list[Heard]]:
    """Every placed sound measured on its channel's stem, by channel."""
    out: dict[Channel, list[Heard]] = {channel: [] for channel in CHANNELS}
    for channel in CHANNELS:
        mine = sorted((p for p in placed if p.channel == channel), key=lambda p: p.at)
        measured: dict[tuple[tuple[int, int], ...], float] = {}
        for p in mine:
            end = p.at + len(p.clip)
            near = [q for q in mine if q.at < end and q.at + len(q.clip) > p.at]
            # The same sounds at the same distances measure the same: measured once.
            key = tuple((q.at - p.at, id(q.clip)) for q in near)
            if key not in measured:
                stem, _ = mixdown(near, p.at, len(p.clip))
                measured[key] = momentary_max(stem, RATE)
            out[channel].append(Heard(p, measured[key], alone=len(near) == 1))
    return out


def median_loudness(heard: Iterable[Heard]) -> float:
    """The median momentary-max loudness of some sounds (-inf for none)."""
    values = [h.loudness for h in heard]
    return statistics.median(values) if values else -math.inf


def breathing_spans(timeline: Timeline) -> list[tuple[int, int]]:
    """The sample spans of every breathing phase of the plan."""
    return [
        (round(cue.at * RATE), round((cue.at + cue.seconds) * RATE))
        for cue in timeline.cues
        if cue.kind == "phase" and cue.seconds
    ]


def quiet_share(placed: Sequence[Placed], spans: Sequence[tuple[int, int]]) -> float:
    """The share (0 … 1) of the time in ``spans`` whose mix is at or below
    ``QUIET_DBFS`` (RMS over ``QUIET_WINDOW``); 0 when the spans are empty."""
    threshold = (10.0 ** (QUIET_DBFS / 20.0) * 32768.0) ** 2
    quiet = total = 0
    for start, stop in spans:
        samples, _ = mixdown(list(placed), start, stop - start)
        for i in range(0, len(samples), QUIET_WINDOW):
            window = samples[i : i + QUIET_WINDOW]
            power = sum(map(operator.mul, window, window)) / len(window)
            total += len(window)
            if power <= threshold:
                quiet += len(window)
    return quiet / total if total else 0.0
