"""Whole numbers of breaths nearest to a wanted length."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from fractions import Fraction
from typing import TypeVar

from mindful_tui.core.script.model import Breathe, PhaseKind, Say, Script, Silence, Step
from mindful_tui.core.script.vocabulary import MAX_SESSION_MINUTES as MAX_SESSION_MINUTES

T = TypeVar("T")

MAX_CYCLES = 10_000


def nearest_cycles(step: Breathe, seconds: Fraction) -> int:
    """The whole number of cycles (at least 1) whose length is nearest to ``seconds``.

    A tie goes to the shorter session. Works with a ramp, where each cycle differs.
    """
    start = step.pattern.seconds
    end = step.ramp_to.seconds if step.ramp_to is not None else start
    guess = round(seconds / ((start + end) / 2))
    candidates = {max(1, min(MAX_CYCLES, n)) for n in (guess - 1, guess, guess + 1)}
    return min(
        sorted(candidates),
        key=lambda n: abs(replace(step, cycles=n, prompts={}).seconds - seconds),
    )


def fit_to_minutes(script: Script, minutes: Fraction) -> Script:
    """``script`` with its stretching steps scaled so the whole session lasts as near
    ``minutes`` as whole cycles allow. Breathing steps stretch unless marked
    ``stretch: false``; silences only when marked ``stretch: true`` (to whole seconds, at
    least one). Prompts keep their place relative to the step (first stays first, last
    stays last). A script with nothing that stretches is returned as is."""
    steps = list(script.steps)
    breathing = [i for i, s in enumerate(steps) if isinstance(s, Breathe) and s.stretch]
    quiet = [i for i, s in enumerate(steps) if isinstance(s, Silence) and s.stretch]
    if not breathing and not quiet:
        return script
    stretching = {*breathing, *quiet}
    fixed = sum((step_seconds(s) for i, s in enumerate(steps) if i not in stretching), Fraction(0))
    target = max(Fraction(0), minutes * 60 - fixed)
    current = sum((step_seconds(steps[i]) for i in stretching), Fraction(0))
    factor = target / current
    for i, seconds in _whole_seconds([step_seconds(steps[i]) * factor for i in quiet]):
        step = steps[quiet[i]]
        assert isinstance(step, Silence)
        steps[quiet[i]] = replace(step, seconds=Fraction(seconds))
    target -= sum((step_seconds(steps[i]) for i in quiet), Fraction(0))
    # 4-7-8 breathing never grows past what its author wrote: more is unwise (checks.py).
    ceiling = {i: _cycles(steps[i]) if _is_478(steps[i]) else MAX_CYCLES for i in breathing}
    counts = {i: max(1, min(ceiling[i], round(_cycles(steps[i]) * factor))) for i in breathing}

    def length(i: int, n: int) -> Fraction:
        step = steps[i]
        assert isinstance(step, Breathe)
        return replace(step, cycles=n, prompts={}).seconds

    error = target - sum((length(i, n) for i, n in counts.items()), Fraction(0))
    for _ in range(MAX_CYCLES):
        best: tuple[Fraction, int, int] | None = None
        for i, n in counts.items():
            for m in (n - 1, n + 1):
                if 1 <= m <= ceiling[i]:
                    after = error - (length(i, m) - length(i, n))
                    if abs(after) < abs(error) and (best is None or abs(after) < abs(best[0])):
                        best = (after, i, m)
        if best is None:
            break
        error, i, counts[i] = best[0], best[1], best[2]
    for i, n in counts.items():
        step = steps[i]
        assert isinstance(step, Breathe)
        steps[i] = replace(
            step,
            cycles=n,
            prompts=_spread(step.prompts, step.cycles, n, _join),
            phase_prompts=_spread(step.phase_prompts, step.cycles, n, _join_phases),
        )
    if quiet and error:
        # What whole breaths could not reach, the silences take up (to whole seconds).
        had = [step_seconds(steps[i]) for i in quiet]
        share = (sum(had, Fraction(0)) + error) / sum(had, Fraction(0))
        for i, seconds in _whole_seconds([h * max(Fraction(0), share) for h in had]):
            step = steps[quiet[i]]
            assert isinstance(step, Silence)
            steps[quiet[i]] = replace(step, seconds=Fraction(seconds))
    return replace(script, steps=tuple(steps))


def _whole_seconds(wanted: list[Fraction]) -> list[tuple[int, int]]:
    """Each wanted length as whole seconds (at least one), their sum the nearest whole to
    the wanted sum: the largest remainders round up."""
    floors = [int(w) for w in wanted]
    short = round(sum(wanted, Fraction(0))) - sum(floors)
    by_remainder = sorted(range(len(wanted)), key=lambda i: wanted[i] - floors[i], reverse=True)
    for i in by_remainder[: max(0, short)]:
        floors[i] += 1
    return [(i, max(1, n)) for i, n in enumerate(floors)]


def _spread(prompts: dict[int, T], old: int, new: int, join: Callable[[T, T], T]) -> dict[int, T]:
    """Prompts moved to the same relative cycle of a step with ``new`` cycles; two that
    land on one cycle are joined rather than lost."""
    moved: dict[int, T] = {}
    for cycle, prompt in sorted(prompts.items()):
        to = 1 if old == 1 else 1 + round(Fraction((cycle - 1) * (new - 1), old - 1))
        moved[to] = join(moved[to], prompt) if to in moved else prompt
    return moved


def _join(first: str, second: str) -> str:
    return f"{first} {second}"


def _join_phases(first: dict[PhaseKind, str], second: dict[PhaseKind, str]) -> dict[PhaseKind, str]:
    """Two cycles' prompts on chosen phases, as one: those on the same phase joined."""
    joined = dict(first)
    for kind, text in second.items():
        joined[kind] = _join(joined[kind], text) if kind in joined else text
    return joined


def _is_478(step: Step) -> bool:
    from mindful_tui.core.script.checks import is_478

    return isinstance(step, Breathe) and is_478(step.pattern)


def _cycles(step: Step) -> int:
    return step.cycles if isinstance(step, Breathe) else 0


def step_seconds(step: Step) -> Fraction:
    """The time a step takes in the plan (chimes and questions take none)."""
    if isinstance(step, Say | Silence | Breathe):
        return step.seconds
    return Fraction(0)
