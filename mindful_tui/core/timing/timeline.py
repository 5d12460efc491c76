"""Compiles a script into a timeline: every cue at an exact offset from the start.

Offsets are sums of exact ``Fraction`` durations, never accumulated floats, so a
5.45 s phase eleven times lands at 59.95 s exactly. ``chime``, ``ask`` and ``checkin``
take no time in the plan (a chime rings over what follows; a question holds the session,
and that wait counts as paused).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property
from typing import Literal

from mindful_tui.core.script.model import (
    PHASE_WORDS,
    Ask,
    Breathe,
    Checkin,
    Chime,
    Phase,
    PhaseKind,
    Say,
    Script,
    Silence,
    Step,
    Voice,
)
from mindful_tui.core.script.template import unanswered
from mindful_tui.core.script.words import DEFAULT_LANGUAGE, phase_words

CueKind = Literal["phase", "say", "chime", "silence", "ask", "checkin", "end"]


@dataclass(frozen=True)
class Cue:
    """Something that happens at an exact offset (seconds) from the session start."""

    at: Fraction
    kind: CueKind
    step: int
    text: str | None = None
    seconds: Fraction | None = None
    phase: PhaseKind | None = None
    cycle: int | None = None
    of: int | None = None
    sound: str | None = None
    key: str | None = None
    voiced: bool = False
    """For a phase cue: the phase is spoken or sounded (``cues: true``)."""
    spoken: str | None = None
    """What the voice says at this cue (``{placeholders}`` unfilled), or None: a ``say``
    line or prompt; a phase's own words (``say:`` in a pattern); the phase word when the
    step has ``cues: true``. A prompt spoken at the start of a phase (its cycle's first, or
    the one it names) takes the place of that phase's words: two lines at once would be
    neither heard nor understood."""
    label: str | None = None
    """For a phase cue: the phase's name in the session's language ("Einatmen")."""

    @property
    def words(self) -> str:
        """What the cue shows: its text, or the phase's name."""
        if self.text is not None:
            return self.text
        if self.phase is not None:
            return self.phase_name
        return self.sound or ""

    @property
    def phase_name(self) -> str:
        """For a phase cue, the phase's name in the session's language ("" for others)."""
        if self.phase is None:
            return ""
        return self.label or PHASE_WORDS[self.phase]

    def to_json(self) -> dict[str, object]:
        """The cue as ``plan --json`` prints it (seconds as numbers)."""
        out: dict[str, object] = {"at": _num(self.at), "kind": self.kind, "step": self.step}
        if self.phase is not None:
            out |= {"phase": self.phase, "cycle": self.cycle, "of": self.of}
        if self.seconds is not None:
            out["seconds"] = _num(self.seconds)
        if self.text is not None:
            out["text"] = self.text
        if self.sound is not None:
            out["sound"] = self.sound
        if self.key is not None:
            out["key"] = self.key
        if self.kind == "phase":
            out["voiced"] = self.voiced
        if self.spoken is not None:
            out["spoken"] = self.spoken
        return out


@dataclass(frozen=True)
class Span:
    """Where one step sits in the timeline."""

    step: int
    kind: str
    start: Fraction
    end: Fraction
    breaths: int = 0

    @property
    def seconds(self) -> Fraction:
        """The step's length."""
        return self.end - self.start

    @property
    def breaths_per_minute(self) -> Fraction | None:
        """The step's average pace, for a breathing step."""
        return self.breaths * 60 / self.seconds if self.breaths and self.seconds else None


@dataclass(frozen=True)
class Timeline:
    """A compiled session: cues in time order (the last is ``end``) and step spans."""

    title: str
    cues: tuple[Cue, ...]
    spans: tuple[Span, ...]
    name: str = ""
    """The script's name (its file name without ``.yaml``), for the practice log."""
    voice: Voice = field(default_factory=Voice)
    """How the script asks to be spoken."""
    language: str = DEFAULT_LANGUAGE
    """The language the session is spoken and shown in."""
    words: dict[PhaseKind, str] = field(default_factory=lambda: dict(PHASE_WORDS))
    """What each phase is called in that language (the script's ``words:`` included)."""

    @property
    def total(self) -> Fraction:
        """The planned length of the session."""
        return self.cues[-1].at

    @property
    def breaths(self) -> int:
        """How many breaths the session paces."""
        return sum(s.breaths for s in self.spans)

    def spoken_lines(self, phase_words: bool = True) -> list[str]:
        """Every distinct line the voice says (``Cue.spoken``), in order of first use.

        ``phase_words=False`` leaves out the phase names ("Breathe in") of ``cues: true``
        steps. A line with ``{placeholders}`` is there as it reads unanswered when every
        one has a fallback (``{key|words}``), and otherwise left out (it is rendered once
        answered); ``{{``/``}}`` are unescaped, as the session engine shows them.
        """
        seen: dict[str, None] = {}
        for cue in self.cues:
            text = cue.spoken
            if text is None:
                continue
            if not phase_words and cue.kind == "phase" and cue.text is None:
                continue
            spoken = unanswered(text)
            if spoken is not None and spoken.strip():
                seen.setdefault(spoken, None)
        return list(seen)

    def index_at(self, offset: Fraction | float) -> int:
        """The number of cues due at or before ``offset``."""
        return bisect.bisect_right(self._offsets, offset)

    @cached_property
    def _offsets(self) -> list[Fraction]:
        return [c.at for c in self.cues]

    def to_json(self) -> dict[str, object]:
        """The plan as ``plan --json`` prints it."""
        return {
            "title": self.title,
            "total": _num(self.total),
            "breaths": self.breaths,
            "steps": [
                {"step": s.step, "kind": s.kind, "at": _num(s.start), "seconds": _num(s.seconds)}
                | (
                    {"breaths": s.breaths, "breaths_per_minute": round(float(bpm), 3)}
                    if (bpm := s.breaths_per_minute) is not None
                    else {}
                )
                for s in self.spans
            ],
            "cues": [c.to_json() for c in self.cues],
        }


def compile_script(script: Script) -> Timeline:
    """The timeline of ``script``, every offset exact."""
    cues: list[Cue] = []
    spans: list[Span] = []
    at = Fraction(0)
    named = phase_words(script.language, script.words)
    for index, step in enumerate(script.steps):
        start = at
        at = _compile_step(index, step, at, cues, named)
        breaths = step.cycles if isinstance(step, Breathe) else 0
        spans.append(Span(index, _kind(step), start, at, breaths))
    cues.append(Cue(at, "end", len(script.steps)))
    name = script.path.stem if script.path is not None else script.title
    return Timeline(
        script.title, tuple(cues), tuple(spans), name, script.voice, script.language, named
    )


def _compile_step(
    index: int, step: Step, at: Fraction, cues: list[Cue], named: dict[PhaseKind, str]
) -> Fraction:
    """Append the cues of one step starting at ``at``; return where the next step starts."""
    if isinstance(step, Say):
        cues.append(Cue(at, "say", index, text=step.text, seconds=step.seconds, spoken=step.text))
        return at + step.seconds
    if isinstance(step, Silence):
        cues.append(Cue(at, "silence", index, seconds=step.seconds))
        return at + step.seconds
    if isinstance(step, Chime):
        cues.append(Cue(at, "chime", index, sound=step.sound))
        return at
    if isinstance(step, Ask | Checkin):
        kind: CueKind = "ask" if isinstance(step, Ask) else "checkin"
        cues.append(Cue(at, kind, index, text=step.text, key=step.key))
        return at
    for cycle in range(1, step.cycles + 1):
        phases = [p for p in step.pattern_for(cycle).phases if p.seconds]
        prompts = _cycle_prompts(step, cycle, phases)
        for number, phase in enumerate(phases):
            prompt = prompts.get(number)
            spoken = phase.say
            if spoken is None and step.cues and step.words:
                spoken = named[phase.kind]
            cues.append(
                Cue(
                    at,
                    "phase",
                    index,
                    text=phase.say,
                    seconds=phase.seconds,
                    phase=phase.kind,
                    cycle=cycle,
                    of=step.cycles,
                    voiced=step.cues,
                    spoken=spoken if prompt is None else None,
                    label=named[phase.kind],
                )
            )
            if prompt is not None:
                cues.append(Cue(at, "say", index, text=prompt, cycle=cycle, spoken=prompt))
            at += phase.seconds
    return at


def _cycle_prompts(step: Breathe, cycle: int, phases: list[Phase]) -> dict[int, str]:
    """The prompts of ``cycle`` by the phase (its number among ``phases``) each starts on.

    A plain prompt starts the cycle; a prompt for a chosen phase starts the first phase of
    that kind, or the cycle when this cycle has none (the loader allows that only after
    ``--minutes`` moved a prompt to a cycle where a ramp has shrunk that phase to 0 s).
    Two on one phase are joined, never lost: two lines at once would not be heard."""
    texts: dict[int, list[str]] = {}
    if (plain := step.prompts.get(cycle)) is not None:
        texts[0] = [plain]
    for kind, text in step.phase_prompts.get(cycle, {}).items():
        number = next((n for n, p in enumerate(phases) if p.kind == kind), 0)
        texts.setdefault(number, []).append(text)
    return {number: " ".join(parts) for number, parts in texts.items()}


def _kind(step: Step) -> str:
    return type(step).__name__.lower()


def _num(value: Fraction) -> int | float:
    return int(value) if value.denominator == 1 else float(value)
