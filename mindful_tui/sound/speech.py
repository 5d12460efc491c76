"""How lines are spoken: plain data, light enough to resolve before any sound loads."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class VoiceSettings:
    """How lines are spoken: words a minute, volume 0–1, a voice id or name, and the
    language (its voice speaks when no name is given; ``en``: the engine's default)."""

    rate: int = 150
    volume: float = 1.0
    name: str | None = None
    language: str = "en"


@dataclass(frozen=True)
class VoiceInfo:
    """An installed voice: its id, its name, and the languages it speaks."""

    id: str
    name: str
    languages: tuple[str, ...]
