"""``{key}`` placeholders in script text, filled from earlier answers.

Deliberately not ``str.format``: script text is user data, and format fields can reach
attributes. Only ``{name}`` is a placeholder, or ``{name|words}``: the same, read as
``words`` when the question went unanswered (a person listening with eyes closed may not
type anything). ``{{`` and ``}}`` are literal braces; any other brace is kept as written.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

_TOKEN = re.compile(r"\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)(?:\|([^{}|]*))?\}")
UNANSWERED = "…"
"""What a placeholder with no fallback reads when its question went unanswered."""


def placeholders(text: str) -> list[tuple[str, int]]:
    """The placeholder names in ``text``, each with its character offset."""
    return [(m.group(1), m.start()) for m in _TOKEN.finditer(text) if m.group(1)]


def fallbacks(text: str) -> list[tuple[str, str | None]]:
    """Each placeholder's name with its fallback words (None when it has none)."""
    return [(m.group(1), m.group(2)) for m in _TOKEN.finditer(text) if m.group(1)]


def fill(text: str, values: Mapping[str, object]) -> str:
    """``text`` with each ``{name}`` replaced by its value; an unanswered one reads its
    fallback words, or ``…`` without any."""

    def replace(match: re.Match[str]) -> str:
        token, name, fallback = match.group(0), match.group(1), match.group(2)
        if name is None:
            return token[0]
        if name in values:
            return str(values[name])
        return fallback.strip() if fallback is not None else UNANSWERED

    return _TOKEN.sub(replace, text)


def unanswered(text: str) -> str | None:
    """``text`` as it is spoken when nothing was answered, or None when one of its
    placeholders has no fallback (then it can only be spoken once answered)."""
    if any(fallback is None for _, fallback in fallbacks(text)):
        return None
    return fill(text, {})
