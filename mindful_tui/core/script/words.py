"""The session's words in its language, from the standard library's ``gettext``
catalogues (``mindful_tui/locale/LANG/LC_MESSAGES/mindful.mo``, compiled from the ``.po``
beside it by ``tools/catalogues.py``).

They give the default phase words of each shipped language ("Einatmen", "Ausatmen" …,
which a script's ``words:`` can override) and the few words the player shows during a
session. A language without a catalogue falls back to English.
"""

from __future__ import annotations

import functools
import gettext
import re
from collections.abc import Mapping
from pathlib import Path

from mindful_tui.core.script.vocabulary import PHASE_WORDS, PhaseKind

DOMAIN = "mindful"
LOCALE_DIR = Path(__file__).resolve().parents[2] / "locale"
DEFAULT_LANGUAGE = "en"
LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(-[a-z0-9]{1,8})*\Z")
"""A BCP 47 tag as espeak-ng names its languages: ``de``, ``en-us``, ``es-419``."""


def normal(language: str) -> str:
    """A language tag as it is kept and compared: lower case, ``-`` between parts."""
    return language.strip().replace("_", "-").lower()


def primary(language: str) -> str:
    """The language without its region or variant: ``fr`` for ``fr-be``."""
    return normal(language).split("-", 1)[0]


@functools.cache
def translator(language: str) -> gettext.NullTranslations:
    """The catalogue for ``language`` (its region's, else the language's), or English."""
    parts = normal(language).split("-")
    wanted = ["_".join([parts[0], *(p.upper() for p in parts[1:2])]), parts[0]]
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=wanted, fallback=True)


NAMES = {"en": "English", "de": "Deutsch", "es": "Español", "fr": "Français"}
"""Each shipped language by its own name."""


def language_name(language: str) -> str:
    """A language as its speakers name it (``Deutsch``), or its code when not shipped."""
    return NAMES.get(primary(language), normal(language))


def shipped() -> tuple[str, ...]:
    """The languages with a catalogue, English first."""
    found = sorted(p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.mo"))
    return (DEFAULT_LANGUAGE, *(lang for lang in found if lang != DEFAULT_LANGUAGE))


def phase_words(
    language: str, overrides: Mapping[PhaseKind, str] | None = None
) -> dict[PhaseKind, str]:
    """What each phase is called, shown and spoken, in ``language``; ``overrides`` (a
    script's ``words:``) win."""
    say = translator(language).gettext
    named = {kind: say(word) for kind, word in PHASE_WORDS.items()}
    return named | dict(overrides or {})
