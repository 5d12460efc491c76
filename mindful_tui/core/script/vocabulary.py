"""The fixed names scripts and settings share: the phases of a breath and their words,
the backgrounds, the longest session. Plain data, so the settings (read before the first
frame) need not load the script model."""

from __future__ import annotations

from typing import Literal, get_args

PhaseKind = Literal["inhale", "hold", "exhale", "rest"]
PHASE_KINDS: tuple[PhaseKind, ...] = ("inhale", "hold", "exhale", "rest")

PHASE_WORDS: dict[PhaseKind, str] = {
    "inhale": "Breathe in",
    "hold": "Hold",
    "exhale": "Breathe out",
    "rest": "Rest",
}
"""What each phase is called on screen and, when cues are on, aloud."""

Background = Literal["brown", "pink", "drone"]
BACKGROUNDS: tuple[Background, ...] = get_args(Background)
"""The quiet beds that can play under a session: brown noise, pink noise, a soft drone."""
NO_BACKGROUND = "none"
"""Said where a background is chosen (script, settings, ``--background``): none at all."""
BACKGROUND_ALIASES: dict[str, Background] = {"brown-noise": "brown", "pink-noise": "pink"}
"""Longer names for the noises, taken as the short ones."""

MAX_SESSION_MINUTES = 360
"""A session lasts at most six hours: a script, ``--minutes`` and the default length."""
