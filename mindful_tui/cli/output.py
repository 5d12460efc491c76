"""Output for terminals that cannot show every character: degrade the characters, never
the command.

A terminal or a pipe whose encoding is not UTF-8 (``PYTHONIOENCODING=latin-1``, a C
locale) cannot show the dash in a header or the ellipsis of a skipped answer; writing
them would end the command with an encoding error. Each such character is written as its
nearest plain form instead (``—`` as ``-``, ``…`` as ``...``), or ``?``.

Standard error also carries the full screen (Textual draws there), where every character
must keep its width: it degrades one column for one (``mindful_tui.ui.glyphs``).
"""

from __future__ import annotations

import codecs
import sys
from typing import TextIO

from mindful_tui.ui import glyphs

HANDLER = "mindful-plain"
PLAIN = {
    "—": "-",
    "–": "-",
    "…": "...",
    "“": '"',
    "”": '"',
    "‘": "'",
    "’": "'",
    "→": "->",
    "×": "x",
    "·": "-",
    "≥": ">=",
    "≤": "<=",
}


def _plain(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    bad = error.object[error.start : error.end]
    return "".join(PLAIN.get(c, "?") for c in bad), error.end


def degrade(*streams: TextIO) -> None:
    """Write what ``streams`` cannot encode in its plainest form rather than failing."""
    try:
        codecs.lookup_error(HANDLER)
    except LookupError:
        codecs.register_error(HANDLER, _plain)
    for stream in streams:
        reconfigure = getattr(stream, "reconfigure", None)
        if not glyphs.utf8(stream) and callable(reconfigure):
            reconfigure(errors=HANDLER)


def degrade_standard_streams() -> None:
    """``degrade`` for stdout; stderr, where the full screen is drawn, column for column."""
    degrade(sys.stdout)
    glyphs.degrade_screen(sys.stderr)
