"""How lengths of time are written for people: ``3:12``, ``1:02:05``, ``4.5s``."""

from __future__ import annotations

from fractions import Fraction


def clock(seconds: float | Fraction) -> str:
    """``m:ss`` (or ``h:mm:ss``), rounded down to the second."""
    whole = max(0, int(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02}:{secs:02}" if hours else f"{minutes}:{secs:02}"


def short(seconds: float | Fraction) -> str:
    """Seconds with no needless decimals: ``4s``, ``5.45s``."""
    return f"{float(seconds):.3f}".rstrip("0").rstrip(".") + "s"
