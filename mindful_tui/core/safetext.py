"""Script text made safe to print: the user's words, never anything a terminal obeys.

An ESC in a title would start a terminal escape sequence; a BEL rings. Every place that
prints text from a script (the players, ``plan``, ``list``, error messages) passes it
through ``clean`` first. Tab and newline are kept.
"""

from __future__ import annotations

import re

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""C0 and C1 control characters, except tab and newline."""

LINE_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")
"""What YAML counts as a line break (so our line numbers agree with its own)."""


def clean(text: str) -> str:
    """``text`` without control characters."""
    return CONTROL.sub("", text)


def escaped(text: str) -> str:
    """``text`` with each control character written as a visible escape (``\\x1b``)."""
    return CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def line_and_column(text: str, offset: int) -> tuple[int, int]:
    """The 1-based line and column of character ``offset``, counting line breaks as YAML
    does (``\\r\\n``, a lone ``\\r``, ``\\x85``, ``\\u2028``, ``\\u2029``)."""
    line, start = 1, 0
    for match in LINE_BREAK.finditer(text, 0, offset):
        line, start = line + 1, match.end()
    return line, offset - start + 1
