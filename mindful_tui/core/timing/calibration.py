"""Your own breath, measured from taps: one at the start of each in-breath and one at the
start of each out-breath.

A breath is the time from one in-tap to the next: its in-breath lasts until the out-tap,
its out-breath (with any pause after it) until the next in-tap. ``Tapper`` takes the taps
one by one (times in seconds on any steady clock) and says after each what it made of
it. A tap missed or doubled is never guessed around: the breath it spoils is left out,
the person is told so in one plain line, and the next tap starts a new breath. Once
``BREATHS`` good breaths agree with each other, the result is a ``Calibration``.

Pure: no clock of its own, no I/O; tests feed it any times they like.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from statistics import median
from typing import Literal

from mindful_tui.core.script.model import Pattern, Phase

BREATHS = 6
"""Good breaths a calibration is made of."""
SHORTEST = 0.6
"""Seconds: a phase shorter than this is two taps for one turn of the breath."""
LONGEST = 30.0
"""Seconds: a phase longer than this is a tap missed (or the person has stopped)."""
TOO_SHORT = 0.4
"""A phase under this share of the usual one of its kind is a doubled tap."""
TOO_LONG = 1.5
"""A phase over this share of the usual one of its kind, and ``WHOLE_BREATH`` of a
usual whole breath, is a missed tap: the taps either side are a whole breath apart."""
WHOLE_BREATH = 0.85
"""How near a whole breath a phase must be to count as one with a tap missed."""
AGREE = (0.5, 1.6)
"""Each good breath's phases lie within these shares of the median of their kind."""

Kind = Literal["start", "in", "out", "breath", "doubled", "missed", "uneven", "done"]


@dataclass(frozen=True)
class Breath:
    """One measured breath: seconds breathing in, and breathing out (to the next in)."""

    inhale: float
    exhale: float

    @property
    def seconds(self) -> float:
        return self.inhale + self.exhale


@dataclass(frozen=True)
class Calibration:
    """A person's resting breath: the average of their good breaths."""

    inhale: float
    """Seconds breathing in."""
    exhale: float
    """Seconds breathing out, with any pause before the next in-breath."""
    breaths: int
    """How many breaths it was measured from."""

    @property
    def breaths_per_minute(self) -> float:
        return 60.0 / (self.inhale + self.exhale)

    @property
    def ratio(self) -> str:
        """In to out, as ``3:5`` (tenths of a second, trailing zeros dropped)."""
        return f"{_tenths_text(self.inhale)}:{_tenths_text(self.exhale)}"

    def pattern(self) -> Pattern:
        """The breath as a pattern for scripts (``pattern: mine``): in and out to the
        nearest tenth of a second, no hold, no rest."""
        return Pattern(
            (
                Phase("inhale", _tenths(self.inhale)),
                Phase("hold", Fraction(0)),
                Phase("exhale", _tenths(self.exhale)),
                Phase("rest", Fraction(0)),
            )
        )

    def describe(self) -> str:
        """One line for a person: ``7.5 breaths a minute: 3.0 s in, 5.0 s out``."""
        return (
            f"{self.breaths_per_minute:.1f} breaths a minute:"
            f" {self.inhale:.1f} s in, {self.exhale:.1f} s out"
        )


def _tenths(seconds: float) -> Fraction:
    return Fraction(max(1, round(seconds * 10)), 10)


def _tenths_text(seconds: float) -> str:
    value = _tenths(seconds)
    return str(int(value)) if value.denominator == 1 else f"{float(value):g}"


@dataclass(frozen=True)
class Feedback:
    """What one tap made: its ``kind``, a line to show (empty when nothing need be said
    beyond the count), the good breaths so far, and the result once there is one."""

    kind: Kind
    message: str
    breaths: int
    result: Calibration | None = None


class Tapper:
    """Turns taps into a calibration, one tap at a time (see the module's docstring)."""

    def __init__(self, wanted: int = BREATHS) -> None:
        self.wanted = wanted
        self.good: list[Breath] = []
        self._in_at: float | None = None
        """When the breath being measured turned in (None: the next tap starts one)."""
        self._out_at: float | None = None
        """When it turned out (None: the next tap is the turn out)."""
        self.result: Calibration | None = None

    @property
    def waiting(self) -> bool:
        """Whether the next tap starts a breath (at the start, and after a problem)."""
        return self._in_at is None

    @property
    def breathing_in(self) -> bool:
        """Whether the breath being measured is turned in and not yet out."""
        return self._in_at is not None and self._out_at is None

    def tap(self, at: float) -> Feedback:
        """A tap at ``at`` seconds."""
        if self.result is not None:
            return Feedback("done", "", len(self.good), self.result)
        if self._in_at is None:
            self._in_at = at
            return Feedback("start", "", len(self.good))
        if self._out_at is None:
            problem = self._judge(at - self._in_at, "in")
            if problem is not None:
                return problem
            self._out_at = at
            return Feedback("in", "", len(self.good))
        problem = self._judge(at - self._out_at, "out")
        if problem is not None:
            return problem
        self.good.append(Breath(self._out_at - self._in_at, at - self._out_at))
        self._in_at, self._out_at = at, None  # this tap turns the next breath in
        if len(self.good) == 2 and _whole_breath_inside(*self.good):
            # The first breath had nothing to be judged against: a phase of one of these
            # two lasting as long as the other whole breath is a tap missed, and the taps
            # since may be out of step. Both are left out, and the count starts afresh.
            self.good.clear()
            return self._restart(
                "missed",
                "A tap seems to be missing in your first breaths (one part lasted about a"
                " whole breath), so they are left out. Tap as your next breath turns in.",
            )
        if len(self.good) < self.wanted:
            return Feedback("breath", "", len(self.good))
        return self._finish()

    def _judge(self, seconds: float, phase: Literal["in", "out"]) -> Feedback | None:
        """A doubled or missed tap, said plainly, with the breath it spoiled dropped."""
        usual = self._usual(phase)
        whole = median(b.seconds for b in self.good) if self.good else None
        if seconds < SHORTEST or (usual is not None and seconds < TOO_SHORT * usual):
            return self._restart(
                "doubled",
                f"Two taps came close together ({seconds:.1f} s apart), so that breath is"
                " left out. Tap as your next breath turns in.",
            )
        whole_breath = (
            usual is not None
            and whole is not None
            and seconds > TOO_LONG * usual
            and seconds > WHOLE_BREATH * whole
        )
        if seconds > LONGEST or whole_breath:
            return self._restart(
                "missed",
                f"A tap seems to be missing (that breath {phase} lasted {seconds:.1f} s,"
                " about a whole breath), so that breath is left out. Tap as your next"
                " breath turns in.",
            )
        return None

    def _usual(self, phase: Literal["in", "out"]) -> float | None:
        if not self.good:
            return None
        return median(b.inhale if phase == "in" else b.exhale for b in self.good)

    def _restart(self, kind: Kind, message: str) -> Feedback:
        self._in_at = self._out_at = None
        return Feedback(kind, message, len(self.good))

    def _finish(self) -> Feedback:
        """The result, unless a breath disagrees with the others: that one is left out
        (the one furthest from the rest) and another breath is asked for."""
        ins = median(b.inhale for b in self.good)
        outs = median(b.exhale for b in self.good)
        low, high = AGREE

        def off(b: Breath) -> float:
            return max(b.inhale / ins, ins / b.inhale, b.exhale / outs, outs / b.exhale)

        worst = max(range(len(self.good)), key=lambda i: off(self.good[i]))
        b = self.good[worst]
        if not (low <= b.inhale / ins <= high and low <= b.exhale / outs <= high):
            del self.good[worst]
            return Feedback(
                "uneven",
                f"One breath ({b.inhale:.1f} s in, {b.exhale:.1f} s out) was far from the"
                " others, perhaps a tap missed or doubled, so it is left out: one more"
                " breath, please.",
                len(self.good),
            )
        count = len(self.good)
        self.result = Calibration(
            sum(x.inhale for x in self.good) / count,
            sum(x.exhale for x in self.good) / count,
            count,
        )
        return Feedback("done", self.result.describe(), count, self.result)


def _whole_breath_inside(a: Breath, b: Breath) -> bool:
    """Whether a phase of one breath lasts about as long as the other whole breath."""
    return max(a.inhale, a.exhale) >= WHOLE_BREATH * b.seconds or max(
        b.inhale, b.exhale
    ) >= WHOLE_BREATH * (a.seconds)


def calibrate(taps: list[float], wanted: int = BREATHS) -> tuple[Calibration | None, list[str]]:
    """Every tap in turn: the result (None if there were not enough good breaths) and
    each message said on the way."""
    tapper = Tapper(wanted)
    said: list[str] = []
    for at in taps:
        feedback = tapper.tap(at)
        if feedback.message and feedback.kind != "done":
            said.append(feedback.message)
    return tapper.result, said
