"""What the breathing pacer shows at any moment: a pure function of the session offset.

The pacer's size follows the lungs: it fills over the inhale phases of a breath (a
two-part sigh fills in proportion to each part's length), stays put on a hold or rest,
and empties over the exhale. Each phase eases in and out like a real breath. The size is
quantised to ``levels`` steps, what the terminal can actually show, so
``next_change`` can say exactly when the visible frame will next differ: the widget
redraws then and only then, never on a fixed frame rate.
"""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass

from mindful_tui.core.script.model import PhaseKind
from mindful_tui.core.timing.timeline import Cue, Timeline

NUDGE = 1e-6
"""Seconds past a boundary at which to look again, so float rounding never lands short."""


@dataclass(frozen=True)
class Frame:
    """What the pacer shows at one offset."""

    phase: PhaseKind | None
    """The phase of the breath, or None outside the breathing steps."""
    progress: float
    """How far through the phase, 0 to 1."""
    fullness: float
    """How full the lungs are, 0 (empty) to 1 (full), eased."""
    level: int
    """``fullness`` quantised to ``0..levels``: the size the terminal shows."""
    seconds_left: int
    """Whole seconds left in the phase, counting down to 1."""
    cycle: int = 0
    of: int = 0


REST = Frame(None, 0.0, 0.0, 0, 0)
"""The frame outside any breathing step: still and empty."""


@dataclass(frozen=True)
class _Phase:
    start: float
    end: float
    kind: PhaseKind
    cycle: int
    of: int
    empty_at_start: float
    full_at_end: float


class _Track:
    """The phases of a timeline in order, with the fullness at each end."""

    def __init__(self, timeline: Timeline) -> None:
        self.phases = _phases(timeline)
        self.starts = [p.start for p in self.phases]

    def at(self, t: float) -> _Phase | None:
        i = bisect.bisect_right(self.starts, t) - 1
        if i < 0:
            return None
        phase = self.phases[i]
        return phase if t < phase.end else None

    def after(self, t: float) -> float | None:
        i = bisect.bisect_right(self.starts, t)
        return self.starts[i] if i < len(self.starts) else None


def _phases(timeline: Timeline) -> list[_Phase]:
    breaths: dict[tuple[int, int], list[Cue]] = {}
    for cue in timeline.cues:
        if cue.kind == "phase" and cue.cycle is not None:
            breaths.setdefault((cue.step, cue.cycle), []).append(cue)
    out: list[_Phase] = []
    for cues in breaths.values():
        inhaled = sum(float(c.seconds or 0) for c in cues if c.phase == "inhale")
        exhaled = sum(float(c.seconds or 0) for c in cues if c.phase == "exhale")
        peak = 1.0 if inhaled else 0.0
        full = 0.0
        for cue in cues:
            seconds = float(cue.seconds or 0)
            start = full
            if cue.phase == "inhale" and inhaled:
                full = min(1.0, full + seconds / inhaled)
            elif cue.phase == "exhale" and exhaled:
                full = max(0.0, full - peak * seconds / exhaled)
            assert cue.phase is not None
            out.append(
                _Phase(
                    float(cue.at),
                    float(cue.at + (cue.seconds or 0)),
                    cue.phase,
                    cue.cycle or 0,
                    cue.of or 0,
                    start,
                    full,
                )
            )
    out.sort(key=lambda p: p.start)
    return out


_last: tuple[Timeline, _Track] | None = None


def _track(timeline: Timeline) -> _Track:
    """The track of ``timeline``, built once (a session asks many times of one timeline)."""
    global _last
    if _last is None or _last[0] is not timeline:
        _last = (timeline, _Track(timeline))
    return _last[1]


def ease(progress: float) -> float:
    """A breath's flow: slow to start, fastest midway, slow to finish."""
    return (1 - math.cos(math.pi * progress)) / 2


def _unease(value: float) -> float:
    return math.acos(max(-1.0, min(1.0, 1 - 2 * value))) / math.pi


def _level(fullness: float, levels: int, rising: bool) -> int:
    # Each boundary belongs to the side the breath is moving towards, so the frame at a
    # boundary is already the new one.
    scaled = fullness * levels
    return math.floor(scaled + 0.5) if rising else math.ceil(scaled - 0.5)


def frame_at(timeline: Timeline, t: float, levels: int = 8) -> Frame:
    """The pacer's frame at session offset ``t`` (seconds), its size in ``levels`` steps."""
    phase = _track(timeline).at(t)
    if phase is None:
        return REST
    length = phase.end - phase.start
    progress = min(1.0, max(0.0, (t - phase.start) / length))
    change = phase.full_at_end - phase.empty_at_start
    fullness = phase.empty_at_start + change * ease(progress)
    return Frame(
        phase.kind,
        progress,
        fullness,
        max(0, min(levels, _level(fullness, levels, change >= 0))),
        max(1, math.ceil(phase.end - t - NUDGE)),
        phase.cycle,
        phase.of,
    )


def next_change(
    timeline: Timeline, t: float, levels: int = 8, count_seconds: bool = True
) -> float | None:
    """The offset after ``t`` at which the visible frame next differs (None: never).

    With ``count_seconds`` off (dim mode shows no countdown), only the size and the
    phase matter, so the pacer wakes even less often.
    """
    track = _track(timeline)
    phase = track.at(t)
    if phase is None:
        return track.after(t)
    candidates = [phase.end]
    if count_seconds:
        left = math.ceil(phase.end - t - NUDGE)
        candidates.append(phase.end - (left - 1) + NUDGE)
    change = phase.full_at_end - phase.empty_at_start
    if change:
        now = frame_at(timeline, t, levels)
        step = 1 if change > 0 else -1
        boundary = (now.level + step * 0.5) / levels
        share = (boundary - phase.empty_at_start) / change
        if 0 <= share <= 1:
            at = phase.start + _unease(share) * (phase.end - phase.start) + NUDGE
            candidates.append(at)
    return min(c for c in candidates if c > t) if any(c > t for c in candidates) else None
