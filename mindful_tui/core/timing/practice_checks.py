"""Warnings about practice, not syntax: what a script does that a teacher would not.

Read from the compiled plan (``Timeline``), so every rule sees lines where they are heard:

- ``chime-ring``: a spoken line (a ``say``, a prompt, a phase's words) that starts within
  the first ``RING`` seconds of a chime's ring, where the bowl drowns the words. ``check``
  warns; the player does not hold the line back (a plan that moved lines by itself would
  no longer be the plan the author wrote). A question between the chime and the line ends
  the ring's hold on it: answering takes longer than the ring.
- ``breath-direction``: a prompt, or a phase's own words, about the out-breath that starts
  on an in-breath, or the reverse (``wording.direction``: a word heuristic, read in the
  script's language).
- ``safety-first``: a breath hold, or a pace of ``FAST`` breaths a minute or more, that
  starts before any safety line (one mentioning dizziness, light-headedness or breathing
  normally, in the script's language: ``wording.is_safety_line``). A line said at the
  same moment counts as before.

``FAST`` is 10 breaths a minute: slow, paced breathing is usually taken to mean fewer than
10, and full, guided breaths at 10 or more move more air than a resting body needs (it
takes 12 to 16 shallower ones), which is what makes people light-headed.

Each warning is at the line of the step that would change to fix it; one per step and
line, not one per cycle.
"""

from __future__ import annotations

from fractions import Fraction

from mindful_tui.core.script.model import Breathe, Script
from mindful_tui.core.script.problems import Problem, short_text, step_warning
from mindful_tui.core.script.wording import direction, is_safety_line, safety_example
from mindful_tui.core.timing.timefmt import clock
from mindful_tui.core.timing.timeline import Cue, Timeline, compile_script

RING = Fraction(3)
"""Seconds of a chime's ring kept free of speech."""
FAST = Fraction(10)
"""Breaths a minute from which paced breathing wants a safety line first."""

RULES = ("chime-ring", "breath-direction", "safety-first")

_BREATH: dict[str, str] = {"in": "the in-breath", "out": "the out-breath"}
_ON: dict[str, str] = {"inhale": "an in-breath", "exhale": "an out-breath"}
_PHASE_OF = {"in": "inhale", "out": "exhale"}


def practice_warnings(script: Script, timeline: Timeline | None = None) -> list[Problem]:
    """Every practice warning for ``script`` (``timeline``: its plan, compiled if not
    given), sorted by place in the file."""
    plan = timeline if timeline is not None else compile_script(script)
    found: dict[tuple[int, str, str], Problem] = {}
    for step, rule, text, message in [
        *_over_chimes(plan),
        *_against_the_breath(plan),
        *_before_safety(script, plan),
    ]:
        found.setdefault((step, rule, text), step_warning(script, step, message, rule))
    return sorted(found.values())


Finding = tuple[int, str, str, str]
"""A step, a rule, what it is about (to say it once), and the message."""


def _over_chimes(plan: Timeline) -> list[Finding]:
    out: list[Finding] = []
    for index, chime in enumerate(plan.cues):
        if chime.kind != "chime":
            continue
        for cue in plan.cues[index + 1 :]:
            if cue.kind in ("ask", "checkin", "end") or cue.at >= chime.at + RING:
                break
            if cue.spoken is None:
                continue
            into = float(cue.at - chime.at)
            out.append(
                (
                    cue.step,
                    "chime-ring",
                    cue.spoken,
                    f'"{short_text(cue.spoken)}" is spoken {into:g} s into the ring of the'
                    f' chime "{chime.sound}", which covers the words; leave the first'
                    f" {RING} s of a chime to itself (a silence after it, say)",
                )
            )
    return out


def _against_the_breath(plan: Timeline) -> list[Finding]:
    out: list[Finding] = []
    phase: Cue | None = None
    for cue in plan.cues:
        if cue.kind == "phase":
            phase = cue
        if phase is None or phase.at != cue.at or phase.step != cue.step:
            continue
        prompt = cue.kind == "say" and cue.cycle is not None
        text = cue.text if prompt or cue.kind == "phase" else None
        way = direction(text, plan.language) if text else None
        if text is None or way is None or _ON.get(phase.phase or "") is None:
            continue
        if (way, phase.phase) not in (("out", "inhale"), ("in", "exhale")):
            continue
        what = "the prompt" if prompt else "the phase's words"
        where = f" (cycle {cue.cycle})" if prompt else ""
        fix = (
            f"; start it on the {_PHASE_OF[way]}, like {cue.cycle}: {{{_PHASE_OF[way]}: ...}}"
            if prompt
            else f"; give them to an {_PHASE_OF[way]} phase"
        )
        out.append(
            (
                cue.step,
                "breath-direction",
                text,
                f'{what} "{short_text(text)}" is about {_BREATH[way]} but starts on'
                f" {_ON[phase.phase or '']}{where}{fix}",
            )
        )
    return out


def _before_safety(script: Script, plan: Timeline) -> list[Finding]:
    safe = min(
        (c.at for c in plan.cues if is_safety_line(c.text or c.spoken or "", plan.language)),
        default=None,
    )
    like = safety_example(plan.language)
    out: list[Finding] = []
    paces: dict[tuple[int, int], Fraction] = {}
    for cue in plan.cues:
        if safe is not None and cue.at >= safe:
            break
        step = script.steps[cue.step] if cue.step < len(script.steps) else None
        if cue.kind != "phase" or not isinstance(step, Breathe) or cue.cycle is None:
            continue
        # Once a cycle (every cycle alike without a ramp): a Fraction sum is not free.
        which = (cue.step, cue.cycle if step.ramp_to is not None else 0)
        if which not in paces:
            paces[which] = step.pattern_for(cue.cycle).breaths_per_minute
        pace = paces[which]
        later = "" if safe is None else f" (the first comes at {clock(safe)})"
        if cue.phase == "hold":
            out.append(
                (
                    cue.step,
                    "safety-first",
                    "hold",
                    f"a breath hold starts at {clock(cue.at)}, before any safety line"
                    f"{later}; say first what to do if it feels wrong, like: {like}",
                )
            )
        if pace >= FAST:
            out.append(
                (
                    cue.step,
                    "safety-first",
                    "pace",
                    f"a pace of {float(pace):.1f} breaths a minute starts at"
                    f" {clock(cue.at)}, before any safety line{later}; at {FAST} or more"
                    f" a minute, say first what to do if it feels wrong, like: {like}",
                )
            )
    return out
