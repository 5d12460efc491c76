"""How lines are spoken: plain data, light enough to resolve before any sound loads."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class VoiceSettings:
    """How lines are spoken: words a minute, volume 0–1, and a voice id or name."""

    rate: int = 150
    volume: float = 1.0
    name: str | None = None
