"""Named breathing patterns a script may use instead of spelling the seconds out."""

from __future__ import annotations

from fractions import Fraction

from mindful_tui.core.script.model import PHASE_KINDS, Pattern, Phase


def _pattern(inhale: str, hold: str, exhale: str, rest: str) -> Pattern:
    values = (inhale, hold, exhale, rest)
    return Pattern(tuple(Phase(k, Fraction(v)) for k, v in zip(PHASE_KINDS, values, strict=True)))


PRESETS: dict[str, Pattern] = {
    "extended-exhale": _pattern("4", "0", "6", "0"),
    "long-exhale": _pattern("4", "0", "8", "0"),
    "coherent": _pattern("5", "0", "5", "0"),
    "coherent-5.5": _pattern("5.45", "0", "5.45", "0"),
    "box": _pattern("4", "4", "4", "4"),
    "4-7-8": _pattern("4", "7", "8", "0"),
    "7-11": _pattern("7", "0", "11", "0"),
    "awake": _pattern("6", "0", "2", "0"),
    "pranayama": _pattern("7", "4", "8", "4"),
    "ujjayi": _pattern("7", "0", "7", "0"),
    "sigh": Pattern(
        (
            Phase("inhale", Fraction(2)),
            Phase("inhale", Fraction(1), "top up"),
            Phase("exhale", Fraction(6)),
        )
    ),
}
"""Patterns from the practice reference, by the name a script uses: ``pattern: box``."""
