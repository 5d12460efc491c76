"""The fit check: warnings for spoken lines longer than the time they have.

Pure core: the measured length of each line comes in as a function (``seconds_of``,
supplied by the voice renderer when a speech engine is available), so this module knows
nothing of sound.

How much time a line has:

- a ``say`` step's line: the step's ``seconds``;
- a phase's words, when spoken: that phase. A phase speaks its own words (``say:`` in a
  pattern, such as "top up") always, and the phase word ("Breathe in", ...) when its step
  has ``cues: true``;
- a prompt: from where it starts (its cycle, or the phase it names) until the next phase
  that speaks, or the end of the cycle, whichever comes first. It is spoken instead of the
  words of the phase it starts with (``Cue.spoken``), so with ``cues: true`` it has that
  phase; without phase words, the rest of the cycle, unless a phase with its own words
  comes sooner.

Each line is reported once per step, at its tightest (a ramp changes phase lengths from
cycle to cycle), on the step's line in the file.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction

from mindful_tui.core.script.loader import DEFAULT_RATE
from mindful_tui.core.script.model import Script
from mindful_tui.core.script.problems import Problem, short_text, step_warning
from mindful_tui.core.script.template import unanswered
from mindful_tui.core.timing.timeline import Cue, Timeline

SLACK = 0.05
"""Seconds a line may run over before a warning: a rendered line keeps a few tens of
milliseconds of faded margin, and nobody hears 50 ms."""


def fit_warnings(
    script: Script,
    timeline: Timeline,
    seconds_of: Callable[[str], float | None],
    rate: int | None = None,
) -> list[Problem]:
    """A warning for each spoken line that takes longer to say than the time it has.

    ``seconds_of`` gives a line's spoken length in seconds, or None when unknown (such
    lines are skipped, as are lines with a ``{placeholder}`` without a fallback: they depend
    on answers; one with fallbacks is measured as it reads unanswered).
    ``rate`` is the words a minute the lengths were measured at, for the message; by
    default the script's own rate.
    """
    tightest: dict[tuple[int, str], Fraction] = {}
    for index, cue in enumerate(timeline.cues):
        for text, has in _spoken(timeline, index, cue):
            key = (cue.step, text)
            if key not in tightest or has < tightest[key]:
                tightest[key] = has
    words_a_minute = rate or script.voice.rate or DEFAULT_RATE
    out: list[Problem] = []
    for (step, text), has in tightest.items():
        spoken = unanswered(text)
        if spoken is None:
            continue
        took = seconds_of(spoken)
        if took is None or took <= float(has) + SLACK:
            continue
        out.append(
            step_warning(
                script,
                step,
                f'the line "{short_text(text)}" takes {took:.1f} s to say at {words_a_minute}'
                f" words a minute but has {float(has):g} s",
            )
        )
    return sorted(out)


def _spoken(timeline: Timeline, index: int, cue: Cue) -> list[tuple[str, Fraction]]:
    """The line ``cue`` speaks (if any), with the time it has."""
    if cue.spoken is None:
        return []
    if cue.kind == "say":
        if cue.cycle is None:  # a say step
            return [(cue.spoken, cue.seconds or Fraction(0))]
        return [(cue.spoken, _prompt_time(timeline, index, cue))]
    if cue.kind == "phase" and cue.seconds is not None:
        return [(cue.spoken, cue.seconds)]
    return []


def _prompt_time(timeline: Timeline, index: int, prompt: Cue) -> Fraction:
    """From a prompt to the next speaking phase, the next cycle, or the end of its step."""
    for later in timeline.cues[index + 1 :]:
        if later.step != prompt.step:
            break
        if later.kind == "phase" and (later.cycle != prompt.cycle or later.spoken is not None):
            return later.at - prompt.at
    return timeline.spans[prompt.step].end - prompt.at
