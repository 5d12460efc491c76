"""Warnings for what is legal but unwise in a script (``mindful check`` shows them).

Long breath holds in a script for use around a massage, 4-7-8 breathing past four
cycles, and a pace outside 3–12 breaths a minute.
"""

from __future__ import annotations

from fractions import Fraction

from mindful_tui.core.script.model import Breathe, Pattern, Script
from mindful_tui.core.script.problems import Problem, step_warning

LONG_HOLD = Fraction(10)
MAX_478_CYCLES = 4
SLOWEST = Fraction(3)
FASTEST = Fraction(12)


def warnings(script: Script) -> list[Problem]:
    """Every warning for ``script``, each at the line of its step."""
    out: list[Problem] = []
    for index, step in enumerate(script.steps):
        if not isinstance(step, Breathe):
            continue

        def warn(message: str, index: int = index) -> None:
            out.append(step_warning(script, index, message))

        ends = [step.pattern] + ([step.ramp_to] if step.ramp_to else [])
        longest = (
            max(p.seconds for pattern in ends for p in pattern.phases if p.kind == "hold")
            if any(p.kind == "hold" for p in step.pattern.phases)
            else Fraction(0)
        )
        if longest > LONG_HOLD and script.moments:
            warn(
                f"a {float(longest):g} s breath hold in a script for {'/'.join(script.moments)}"
                " a massage; holds over 10 s are not for everyone: keep them short"
            )
        if is_478(step.pattern) and step.cycles > MAX_478_CYCLES:
            warn(f"4-7-8 breathing for {step.cycles} cycles; at first, do at most {MAX_478_CYCLES}")
        for pattern in ends:
            pace = pattern.breaths_per_minute
            if not SLOWEST <= pace <= FASTEST:
                warn(f"a pace of {float(pace):.1f} breaths a minute; keep it between 3 and 12")
                break
    return out


def is_478(pattern: Pattern) -> bool:
    """True for a 4-7-8 breath at any speed: inhale, hold and exhale in the ratio 4:7:8."""
    seconds = {p.kind: p.seconds for p in pattern.phases if p.seconds}
    if set(seconds) != {"inhale", "hold", "exhale"} or len(pattern.phases) > 4:
        return False
    unit = seconds["inhale"] / 4
    return seconds["hold"] == unit * 7 and seconds["exhale"] == unit * 8
