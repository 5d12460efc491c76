"""The plain timer: silence framed by a bowl, with interval bells, made as a script so that
it plays as a real session (the pacer screen with the time left, dim mode, the practice
log). ``mindful timer MINUTES [--bell-every M]`` and the picker's timer entry make it;
``plan``, ``render`` and ``play`` know it by name too: ``timer-20``, or
``timer-20-every-5`` with a bell every five minutes."""

from __future__ import annotations

import re
from fractions import Fraction

from mindful_tui.core.script.model import Chime, Script, Silence, Step

NAME = re.compile(r"timer-(\d+(?:\.\d+)?)(?:-every-(\d+(?:\.\d+)?))?")
"""A timer by name: ``timer-MINUTES`` or ``timer-MINUTES-every-M``."""


def _minutes(value: Fraction) -> str:
    return str(value.numerator) if value.denominator == 1 else f"{float(value):g}"


def timer_name(minutes: Fraction, every: Fraction | None) -> str:
    """The name ``plan``, ``render`` and ``play`` know this timer by."""
    name = f"timer-{_minutes(minutes)}"
    return name if every is None else f"{name}-every-{_minutes(every)}"


def timer_script(minutes: Fraction, every: Fraction | None = None) -> Script:
    """``minutes`` of silence between two bowls, with a bell every ``every`` minutes
    (none when it is missing, or not shorter than the whole)."""
    total = minutes * 60
    interval = every * 60 if every is not None and 0 < every < minutes else total
    steps: list[Step] = [Chime("bowl")]
    at = Fraction(0)
    while total - at > interval:
        steps += [Silence(interval), Chime("bell")]
        at += interval
    steps += [Silence(total - at), Chime("bowl")]
    title = f"Timer: {_minutes(minutes)} minutes"
    if interval < total:
        title += f", a bell every {_minutes(every or minutes)}"
    return Script(
        title=title,
        steps=tuple(steps),
        summary="Silence framed by a bowl, with interval bells.",
        tags=("during",),
    )


def named_timer(name: str) -> Script | None:
    """The timer ``name`` stands for (``timer-20-every-5``), or None if it is none."""
    found = NAME.fullmatch(name)
    if found is None:
        return None
    minutes = Fraction(found[1])
    every = Fraction(found[2]) if found[2] else None
    if minutes <= 0 or minutes > 360 or (every is not None and every <= 0):
        return None
    return timer_script(minutes, every)
