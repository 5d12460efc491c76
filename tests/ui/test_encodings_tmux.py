"""The full screen in a real terminal (tmux) whose encoding is not UTF-8: every character
it cannot show is drawn as a plain one of the same width, never as a ``\\u2580`` escape,
and the picker and the player stay usable."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.ui.test_real_terminal import MINDFUL, Tmux, pytestmark, terminal  # noqa: F401

SHORT = Path(__file__).parent / "data" / "short.yaml"
ENCODINGS = {
    "latin-1": "PYTHONIOENCODING=latin-1",
    "C locale": "LC_ALL=C LANG=C PYTHONUTF8=0",
}
"""Each a terminal that is not UTF-8, as Python sees it: told so outright, or a C locale
with UTF-8 mode off (Python takes such a locale for ASCII)."""
BACKGROUND = re.compile(r"[\[;]48;(5;\d+|2;\d+;\d+;\d+)")
ESCAPE = re.compile(r"\\[uUx][0-9a-fA-F]{2}")


@pytest.fixture(params=list(ENCODINGS))
def shell(request: pytest.FixtureRequest, private_home: Path) -> Iterator[Tmux]:
    with terminal(private_home, ENCODINGS[request.param], (100, 30)) as session:
        yield session


def plain(screen: str) -> None:
    """Nothing on ``screen`` is an escape or a character the terminal could not take."""
    assert not ESCAPE.search(screen), screen
    assert "\ufffd" not in screen, screen
    strange = {c for c in screen if not c.isascii() and c not in "·×"}
    assert not strange, sorted(strange)


def test_the_picker_is_drawn_in_plain_characters(shell: Tmux) -> None:
    shell.run("send-keys", "-t", "main", f"{MINDFUL}; echo EXIT=$?", "Enter")
    shell.wait_for("type to filter")
    screen = shell.wait_for("breaths/min")  # the plan of the chosen script, beside
    plain(screen)
    assert "Breathing reset" in screen
    assert "enter Play" in screen  # the key bar names the key it cannot draw
    assert re.search(r"/min +\| ", screen), screen  # the line between the list and the plan
    shell.run("send-keys", "-t", "main", "C-p")
    screen = shell.wait_for("Search for commands")
    plain(screen)
    shell.run("send-keys", "-t", "main", "Escape")
    shell.run("send-keys", "-t", "main", "Escape")
    screen = shell.wait_for("EXIT=0")
    assert "Traceback" not in screen


def test_the_player_draws_its_disk_and_plays_to_the_end(shell: Tmux) -> None:
    shell.run(
        "send-keys", "-t", "main", f"{MINDFUL} play {SHORT} --no-sound --speed 3; echo EXIT=$?",
        "Enter",
    )  # fmt: skip
    screen = shell.wait_for("Breathe in", timeout=30)
    plain(screen)
    painted = shell.run("capture-pane", "-e", "-p", "-t", "main")
    # The disk: its cells are spaces, and their backgrounds shade from the edge inwards.
    assert len(set(BACKGROUND.findall(painted))) > 3
    assert "space Pause" in screen
    assert re.search(r"^\s+[-=]{20,}\s*$", screen, re.M), screen  # the progress line
    screen = shell.wait_for("practised", timeout=60)
    plain(screen)
    shell.run("send-keys", "-t", "main", "q")
    screen = shell.wait_for("EXIT=0")
    assert "Traceback" not in screen
