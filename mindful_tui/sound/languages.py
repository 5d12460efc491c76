"""Which installed voice speaks a language (the voices as the engine lists them, each
with its languages, as pyttsx3 reports them from espeak-ng)."""

from __future__ import annotations

from collections.abc import Iterable

from mindful_tui.core.script.words import normal, primary
from mindful_tui.sound.speech import VoiceInfo


def _tags(voice: VoiceInfo) -> list[str]:
    """The languages a voice speaks, with its id's last part (espeak-ng names most
    voices by their language: ``roa/fr`` speaks ``fr-fr``)."""
    return [normal(lang) for lang in voice.languages] + [normal(voice.id.rsplit("/", 1)[-1])]


def speaks(voice: VoiceInfo, language: str) -> bool:
    """Whether ``voice`` speaks ``language``: the same tag, or one is a region or
    variant of the other (``fr`` and ``fr-fr``, ``de-de`` and ``de``)."""
    wanted = normal(language)
    return any(
        tag == wanted or tag.startswith(wanted + "-") or wanted.startswith(tag + "-")
        for tag in _tags(voice)
    )


def voice_for(language: str, voices: Iterable[VoiceInfo]) -> VoiceInfo | None:
    """The voice that speaks ``language`` most plainly: one named for exactly that tag
    first, then the one with the shortest tag (``roa/fr`` before ``roa/fr-be``)."""
    wanted = normal(language)
    found = [v for v in voices if speaks(v, language)]
    return min(
        found,
        key=lambda v: (wanted not in _tags(v), min(len(t) for t in _tags(v)), v.id),
        default=None,
    )


def installed_languages(voices: Iterable[VoiceInfo]) -> list[str]:
    """The languages there are voices for, without regions: ``de, en, es, fr, …``."""
    return sorted({primary(lang) for v in voices for lang in v.languages})
