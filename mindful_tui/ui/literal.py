"""Script text on screen exactly as written, and never anything a terminal would obey.

Titles, prompts and answers are the user's words: they are never parsed as Textual markup,
and control characters (an ESC would start a terminal escape sequence) are dropped.
"""

from __future__ import annotations

from textual.content import Content

from mindful_tui.core.safetext import clean

__all__ = ["clean", "literal"]


def literal(text: str, style: str = "") -> Content:
    """``text`` as content shown literally (optionally in one ``style``)."""
    return Content.styled(clean(text), style) if style else Content(clean(text))
