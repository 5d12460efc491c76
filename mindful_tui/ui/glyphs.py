"""The full screen on a terminal that cannot show every character: each one it cannot
show is drawn as plain characters of the same width.

Textual writes the screen to standard error. When its encoding is not UTF-8
(``PYTHONIOENCODING=latin-1``, a C locale with UTF-8 mode off), the half blocks of the
pacer, the lines of boxes and bars and the symbols of the key bar cannot be encoded, and
Python would write them as ``\\u2580`` escapes: six columns for one, so the whole screen
falls apart. Python's idea of the encoding is the best knowledge there is of what the
terminal shows, so it is kept (sending UTF-8 anyway would garble a terminal that really
is Latin-1), and each character it cannot encode becomes its nearest plain look-alike,
one column for one: ``▀`` a space (the pacer colours the cell's background, so its disk
still shows), ``│`` ``|``, ``─`` ``-``, ``▇`` ``#``, ``…`` ``.``, an accented letter the
letter. Every position on the screen stays where Textual put it.
"""

from __future__ import annotations

import codecs
import unicodedata
from typing import TextIO

HANDLER = "mindful-cells"

CELLS = {
    "\u00a0": " ",
    "—": "-",
    "–": "-",
    "‐": "-",
    "…": ".",
    "“": '"',
    "”": '"',
    "„": '"',
    "‘": "'",
    "’": "'",
    "·": ".",
    "•": "*",
    "×": "x",
    "÷": "/",
    "→": ">",
    "←": "<",
    "↑": "^",
    "↓": "v",
    "≥": ">",
    "≤": "<",
    "⏎": ">",
    "↵": ">",
    "▲": "^",
    "△": "^",
    "▼": "v",
    "▽": "v",
    "▶": ">",
    "▷": ">",
    "◀": "<",
    "◁": "<",
    "●": "*",
    "○": "o",
    "◉": "*",
    "◯": "o",
    "★": "*",
    "☆": "*",
    "✓": "v",
    "✔": "v",
    "✗": "x",
    "✘": "x",
    "🔎": "> ",
    "🔍": "> ",
    # Block elements: fills as a space or a mark by how much of the cell they fill;
    # thin edges as lines.
    "▀": " ",
    "▔": "-",
    "▁": "_",
    "▂": "_",
    "▃": "-",
    "▄": "-",
    "▅": "=",
    "▆": "=",
    "▇": "#",
    "█": "#",
    "▉": "#",
    "▊": "#",
    "▋": "|",
    "▌": "|",
    "▍": "|",
    "▎": "|",
    "▏": "|",
    "▐": "|",
    "▕": "|",
    "╱": "/",
    "╲": "\\",
    "╳": "X",
    "░": ":",
    "▒": "%",
    "▓": "#",
}
"""Explicit look-alikes; box drawing and braille are worked out by ``fallback``."""


def _box(name: str) -> str:
    """A box-drawing character by its Unicode name: a line or a corner."""
    words = set(name.split())
    across = bool(words & {"HORIZONTAL", "LEFT", "RIGHT"})
    down = bool(words & {"VERTICAL", "UP", "DOWN"})
    if across and not down:
        return "-"
    if down and not across:
        return "|"
    return "+"


def fallback(char: str) -> str:
    """Plain characters as wide on screen as ``char``: its nearest look-alike."""
    known = CELLS.get(char)
    if known is not None:
        return known
    code = ord(char)
    if 0x2500 <= code <= 0x257F:
        return _box(unicodedata.name(char, ""))
    if 0x2800 <= code <= 0x28FF:  # braille, as a loading spinner or a fine chart uses
        dots = bin(code - 0x2800).count("1")
        return " " if dots == 0 else "." if dots <= 2 else ":"
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return ""  # takes no column of its own
    wide = unicodedata.east_asian_width(char) in ("W", "F")
    plain = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    if len(plain) == 1 and plain.isascii() and plain.isprintable() and not wide:
        return plain
    return "??" if wide else "?"


def _cells(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    bad = error.object[error.start : error.end]
    return "".join(fallback(c) for c in bad), error.end


def register() -> str:
    """Make the error handler known to ``codecs``; its name."""
    try:
        codecs.lookup_error(HANDLER)
    except LookupError:
        codecs.register_error(HANDLER, _cells)
    return HANDLER


def utf8(stream: TextIO) -> bool:
    """Whether ``stream`` writes UTF-8 (and so can show every character)."""
    encoding = (getattr(stream, "encoding", None) or "").lower().replace("_", "-")
    return encoding in ("utf-8", "utf8")


def can_show(text: str, stream: TextIO) -> bool:
    """Whether every character of ``text`` can be written to ``stream`` as it is."""
    if utf8(stream):
        return True
    try:
        text.encode(getattr(stream, "encoding", None) or "ascii")
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def degrade_screen(stream: TextIO) -> None:
    """Draw what ``stream`` cannot encode as same-width plain characters."""
    reconfigure = getattr(stream, "reconfigure", None)
    if not utf8(stream) and callable(reconfigure):
        reconfigure(errors=register())
