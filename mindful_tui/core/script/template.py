"""``{key}`` placeholders in script text, filled from earlier answers.

Deliberately not ``str.format``: script text is user data, and format fields can reach
attributes. Only ``{name}`` is a placeholder; ``{{`` and ``}}`` are literal braces; any
other brace is kept as written.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

_TOKEN = re.compile(r"\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)\}")


def placeholders(text: str) -> list[tuple[str, int]]:
    """The placeholder names in ``text``, each with its character offset."""
    return [(m.group(1), m.start()) for m in _TOKEN.finditer(text) if m.group(1)]


def fill(text: str, values: Mapping[str, object]) -> str:
    """``text`` with each ``{name}`` replaced by its value; an unanswered one reads ``…``."""

    def replace(match: re.Match[str]) -> str:
        token, name = match.group(0), match.group(1)
        if name is None:
            return token[0]
        return str(values[name]) if name in values else "…"

    return _TOKEN.sub(replace, text)
