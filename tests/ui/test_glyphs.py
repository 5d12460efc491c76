"""What the full screen draws where the terminal cannot show a character: a plain one of
the same width, so nothing on the screen moves."""

from __future__ import annotations

import io
import sys

import pytest
from rich.cells import cell_len
from textual.binding import Binding

from mindful_tui.ui.app import MindfulApp
from mindful_tui.ui.glyphs import CELLS, fallback, register

DRAWN = "▀▁▃▇▏▊▎▔━╸╺─│╭╮╰╯┃═║╔┼▼○●⏎…“”·×→🔎⠀⠁⠿"
"""Characters Textual and the app's own widgets draw (pacer, bars, borders, key bar,
palette, chart, calibration, spinners)."""


@pytest.mark.parametrize("char", sorted(set(DRAWN) | set(CELLS)))
def test_each_drawn_character_becomes_plain_characters_of_its_width(char: str) -> None:
    plain = fallback(char)
    assert plain.isascii() and plain.isprintable()
    assert cell_len(plain) == cell_len(char)


def test_lines_stay_lines_and_letters_lose_only_their_accents() -> None:
    assert [fallback(c) for c in "─━╸╺│┃╭┼"] == ["-", "-", "-", "-", "|", "|", "+", "+"]
    assert [fallback(c) for c in "éÅñ"] == ["e", "A", "n"]
    assert fallback("漢") == "??"  # two columns, two characters
    assert fallback("\u0301") == ""  # a combining accent takes no column


def test_text_written_in_latin_1_keeps_what_it_can_show() -> None:
    assert "▀│é…".encode("latin-1", errors=register()) == b" |\xe9."
    assert "▀│é…".encode("ascii", errors=register()) == b" |e."


@pytest.mark.parametrize(("encoding", "shown"), [("latin-1", "enter"), ("utf-8", "⏎")])
def test_the_enter_key_is_named_where_its_symbol_cannot_be_shown(
    encoding: str, shown: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "__stderr__", io.TextIOWrapper(io.BytesIO(), encoding=encoding))
    app = MindfulApp()
    assert app.get_key_display(Binding("enter", "play", "Play")) == shown
    assert app.get_key_display(Binding("ctrl+p", "palette", "Palette")) == "^p"
