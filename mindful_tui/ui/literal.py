"""Script text on screen exactly as written, and never anything a terminal would obey.

Titles, prompts and answers are the user's words: they are never parsed as Textual markup,
and control characters (an ESC would start a terminal escape sequence) are dropped.
"""

from __future__ import annotations

import re

from textual.content import Content

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""C0 and C1 control characters, except tab and newline."""


def clean(text: str) -> str:
    """``text`` without control characters."""
    return CONTROL.sub("", text)


def literal(text: str, style: str = "") -> Content:
    """``text`` as content shown literally (optionally in one ``style``)."""
    return Content.styled(clean(text), style) if style else Content(clean(text))
