"""The script model: what a loaded, valid session script is.

All durations are exact ``Fraction`` seconds, so sums of them are exact too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Literal

# The shared names, the model's own too (the settings read them without the model).
from mindful_tui.core.script.vocabulary import (
    BACKGROUND_ALIASES as BACKGROUND_ALIASES,
)
from mindful_tui.core.script.vocabulary import (
    BACKGROUNDS as BACKGROUNDS,
)
from mindful_tui.core.script.vocabulary import (
    NO_BACKGROUND as NO_BACKGROUND,
)
from mindful_tui.core.script.vocabulary import (
    PHASE_KINDS as PHASE_KINDS,
)
from mindful_tui.core.script.vocabulary import (
    PHASE_WORDS as PHASE_WORDS,
)
from mindful_tui.core.script.vocabulary import (
    Background as Background,
)
from mindful_tui.core.script.vocabulary import (
    PhaseKind as PhaseKind,
)

MOMENTS = ("before", "during", "after")
"""The tags the picker groups by: before, during and after a massage."""


@dataclass(frozen=True)
class Phase:
    """One part of a breath: its kind, its length, and optional words for it."""

    kind: PhaseKind
    seconds: Fraction
    say: str | None = None


@dataclass(frozen=True)
class Pattern:
    """One breath, as its phases in order. Phases of 0 s are kept (a ramp may grow them)."""

    phases: tuple[Phase, ...]

    @property
    def seconds(self) -> Fraction:
        """The length of one breath."""
        return sum((p.seconds for p in self.phases), Fraction(0))

    @property
    def breaths_per_minute(self) -> Fraction:
        """How many such breaths fit in a minute."""
        return Fraction(60) / self.seconds

    def with_seconds(self, seconds: dict[PhaseKind, Fraction]) -> Pattern:
        """The same breath with every phase of the given kinds set to a new length."""
        return Pattern(
            tuple(
                Phase(p.kind, seconds[p.kind], p.say) if p.kind in seconds else p
                for p in self.phases
            )
        )

    def describe(self) -> str:
        """A short form such as ``4-2-6-0`` (or ``2+1-6`` for a breath with parts)."""
        if [p.kind for p in self.phases] == list(PHASE_KINDS):
            return "-".join(_num(p.seconds) for p in self.phases)
        return " ".join(f"{p.kind} {_num(p.seconds)}" for p in self.phases)


def _num(value: Fraction) -> str:
    return str(int(value)) if value.denominator == 1 else f"{float(value):g}"


@dataclass(frozen=True)
class Voice:
    """How lines are spoken: words per minute, volume 0–1, and a voice id."""

    rate: int | None = None
    volume: Fraction | None = None
    name: str | None = None


@dataclass(frozen=True)
class Say:
    """Show (and speak) a line, holding the screen for ``seconds``."""

    text: str
    seconds: Fraction


@dataclass(frozen=True)
class Ask:
    """Ask for typed text, kept under ``key``; holds the session until answered."""

    text: str
    key: str


@dataclass(frozen=True)
class Checkin:
    """Ask for a 0–10 answer, kept under ``key``; holds the session until answered."""

    text: str
    key: str


@dataclass(frozen=True)
class Chime:
    """Ring a sound from the sound folder; it takes no time of its own."""

    sound: str


@dataclass(frozen=True)
class Silence:
    """Quiet time; with ``stretch`` it grows or shrinks with ``--minutes`` like breathing."""

    seconds: Fraction
    stretch: bool = False


@dataclass(frozen=True)
class Breathe:
    """Paced breathing: ``cycles`` breaths, optionally gliding to ``ramp_to`` by the last."""

    cycles: int
    pattern: Pattern
    ramp_to: Pattern | None = None
    cues: bool = False
    prompts: dict[int, str] = field(default_factory=dict)
    """Prompts at the start of a cycle (``prompts: {3: Settle in.}``), by cycle."""
    phase_prompts: dict[int, dict[PhaseKind, str]] = field(default_factory=dict)
    """Prompts at the start of a chosen phase of a cycle (``prompts: {3: {exhale: ...}}``),
    by cycle and then phase: each starts with the first phase of that kind in the cycle."""
    words: bool = True
    """With ``cues``: the phase words are spoken as well as the phase sounded
    (``cues: tones`` sounds the phases and says nothing)."""
    stretch: bool = True
    """Whether ``--minutes`` scales this step's cycles (``stretch: false`` keeps them)."""

    def pattern_for(self, cycle: int) -> Pattern:
        """The breath of a 1-based cycle, on the straight line from ``pattern`` to ``ramp_to``."""
        if self.ramp_to is None or self.cycles == 1:
            return self.pattern
        share = Fraction(cycle - 1, self.cycles - 1)
        return Pattern(
            tuple(
                Phase(a.kind, a.seconds + (b.seconds - a.seconds) * share, a.say)
                for a, b in zip(self.pattern.phases, self.ramp_to.phases, strict=True)
            )
        )

    @property
    def seconds(self) -> Fraction:
        """The whole step's length: exact, since a linear ramp averages its ends."""
        if self.ramp_to is None or self.cycles == 1:
            return self.pattern.seconds * self.cycles
        return (self.pattern.seconds + self.ramp_to.seconds) * self.cycles / 2


Step = Say | Ask | Checkin | Chime | Silence | Breathe


@dataclass(frozen=True)
class Script:
    """A loaded session script."""

    title: str
    steps: tuple[Step, ...]
    summary: str = ""
    tags: tuple[str, ...] = ()
    voice: Voice = Voice()
    path: Path | None = None
    step_lines: tuple[int, ...] = ()
    """The 1-based line on which each step starts, for messages about it."""
    step_columns: tuple[int, ...] = ()
    """The 1-based column at which each step starts."""
    calibrate: str | None = None
    """When the script opens by measuring the person's breath: the words said as it
    does (``pattern: mine`` then plays the breath just measured)."""
    background: Background | Literal["none"] | None = None
    """The bed the script asks for (``none``: none at all); None when it says nothing."""
    language: str = "en"
    """The language it is spoken and shown in (a BCP 47 / espeak-ng tag, lower case)."""
    language_at: tuple[int, int] | None = None
    """The 1-based line and column of its ``language:`` value, for messages about it."""
    words: dict[PhaseKind, str] = field(default_factory=dict)
    """Its own phase words (``words:``), over the language's defaults."""

    @property
    def moments(self) -> tuple[str, ...]:
        """Which of before / during / after this script is for."""
        return tuple(m for m in MOMENTS if m in self.tags)
