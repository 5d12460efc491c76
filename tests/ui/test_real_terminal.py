"""The installed ``mindful`` in a real terminal (tmux): play, pause, quit, and the terminal
is left as it was: off the alternate screen, mouse reporting off."""

from __future__ import annotations

import contextlib
import re
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

MINDFUL = Path(sys.executable).parent / "mindful"

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


class Tmux:
    """One detached tmux session on its own server socket."""

    def __init__(self, home: Path) -> None:
        self.socket = f"mindful-test-{uuid.uuid4().hex[:8]}"
        self.home = home

    def run(self, *args: str) -> str:
        done = subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=True
        )
        return done.stdout

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", "main")

    def flag(self, name: str) -> str:
        return self.run("display", "-p", "-t", "main", f"#{{{name}}}").strip()

    def wait_for(self, text: str, timeout: float = 15) -> str:
        # Polling a real terminal for a real program is the one place a test must wait.
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{text!r} never appeared; the screen was:\n{self.screen()}")


@contextlib.contextmanager
def terminal(home: Path, env: str = "", size: tuple[int, int] = (80, 24)) -> Iterator[Tmux]:
    """A shell in a tmux pane of ``size``, with ``home`` as the app's folders and ``env``
    (``NAME=value ...``) in its environment; the server is ended afterwards."""
    session = Tmux(home)
    session.run(
        "new-session", "-d", "-s", "main", "-x", str(size[0]), "-y", str(size[1]),
        f"env MINDFUL_TUI_HOME={home} TERM=xterm-256color {env} bash --norc --noprofile",
    )  # fmt: skip
    session.run("set-option", "-t", "main", "remain-on-exit", "on")
    try:
        yield session
    finally:
        subprocess.run(["tmux", "-L", session.socket, "kill-server"], capture_output=True)


@pytest.fixture
def tmux(private_home: Path) -> Iterator[Tmux]:
    with terminal(private_home) as session:
        yield session


def test_play_pause_and_quit_leave_the_terminal_as_it_was(tmux: Tmux) -> None:
    script = Path(__file__).parent / "data" / "short.yaml"
    tmux.run(
        "send-keys", "-t", "main", f"{MINDFUL} play {script} --speed 20; echo EXIT=$?", "Enter"
    )
    tmux.wait_for("breath")
    assert tmux.flag("alternate_on") == "1"
    assert tmux.flag("mouse_any_flag") == "1" or tmux.flag("mouse_all_flag") == "1"
    tmux.run("send-keys", "-t", "main", "space")
    tmux.wait_for("paused")
    tmux.run("send-keys", "-t", "main", "q")
    tmux.wait_for("End this session now?")
    tmux.run("send-keys", "-t", "main", "y")
    screen = tmux.wait_for("EXIT=0")
    assert "Traceback" not in screen
    assert tmux.flag("alternate_on") == "0"
    for flag in ("mouse_any_flag", "mouse_all_flag", "mouse_button_flag", "mouse_standard_flag"):
        assert tmux.flag(flag) == "0", flag


@pytest.mark.parametrize("sig", ["TERM", "HUP"])
def test_sigterm_and_sighup_leave_the_terminal_as_it_was(tmux: Tmux, sig: str) -> None:
    script = Path(__file__).parent / "data" / "short.yaml"
    tmux.run("send-keys", "-t", "main", f"{MINDFUL} play {script}; echo EXIT=$?", "Enter")
    tmux.wait_for("shoulders")
    shell = tmux.flag("pane_pid")
    child = subprocess.run(["pgrep", "-P", shell], capture_output=True, text=True).stdout.split()
    assert child, "mindful is not running"
    subprocess.run(["kill", f"-{sig}", child[0]], check=True)
    # "EXIT=0" is printed only once mindful has exited (the typed line reads "EXIT=$?").
    screen = tmux.wait_for("EXIT=0")
    assert "Traceback" not in screen
    assert tmux.flag("alternate_on") == "0"
    for flag in ("mouse_any_flag", "mouse_all_flag", "mouse_button_flag", "mouse_standard_flag"):
        assert tmux.flag(flag) == "0", flag


COLOUR = re.compile(r"\x1b\[[0-9;]*?[34]8;2;(\d+);(\d+);(\d+)")


@pytest.mark.parametrize("no_color", [False, True])
def test_no_color_leaves_only_greys(tmux: Tmux, no_color: bool) -> None:
    """With NO_COLOR set, the player paints in greys only (Textual's monochrome filter);
    without it, in colour."""
    setting = "NO_COLOR=1 " if no_color else ""
    tmux.run(
        "send-keys", "-t", "main", f"{setting}COLORTERM=truecolor {MINDFUL} play reset --no-sound",
        "Enter",
    )  # fmt: skip
    tmux.wait_for("Breathing reset")
    painted = tmux.run("capture-pane", "-e", "-p", "-t", "main")
    colours = {tuple(map(int, m)) for m in COLOUR.findall(painted)}
    assert len(colours) > 3
    greys = {c for c in colours if c[0] == c[1] == c[2]}
    assert (greys == colours) is no_color, sorted(colours - greys)


HANGING_EXIT = """
import threading, sys
from textual.drivers import _writer_thread
# What a terminal that went away can do to Textual: its output thread never finishes.
_writer_thread.WriterThread.stop = lambda self: threading.Event().wait()
from mindful_tui.cli.main import main
sys.exit(main(["play", sys.argv[1], "--no-sound"]))
"""


def test_a_signalled_player_ends_even_if_leaving_hangs(tmux: Tmux, tmp_path: Path) -> None:
    """If Textual cannot finish leaving (its output thread blocked on a closed terminal),
    the process still ends a few seconds after the signal, and the session is logged."""
    from mindful_tui.core.storage import practice_log
    from mindful_tui.ui.app import EXIT_GRACE

    program = tmp_path / "hanging_exit.py"
    program.write_text(HANGING_EXIT)
    script = Path(__file__).parent / "data" / "short.yaml"
    tmux.run("send-keys", "-t", "main", f"{sys.executable} {program} {script}", "Enter")
    tmux.wait_for("Breathe in")  # six seconds in: enough played to be logged
    shell = tmux.flag("pane_pid")
    (child,) = subprocess.run(["pgrep", "-P", shell], capture_output=True, text=True).stdout.split()
    sent = time.monotonic()
    subprocess.run(["kill", "-TERM", child], check=True)
    while Path(f"/proc/{child}").exists() and time.monotonic() - sent < EXIT_GRACE + 10:
        time.sleep(0.05)  # a real process ending: the one place to wait
    assert not Path(f"/proc/{child}").exists(), "the player is still running"
    assert EXIT_GRACE - 0.5 < time.monotonic() - sent < EXIT_GRACE + 5
    records, _ = practice_log.read()
    assert [r.outcome for r in records] == ["stopped"]


CRASH = """\
import sys
from mindful_tui.cli.main import main
from mindful_tui.ui.screens.player import PlayerScreen

shown = PlayerScreen.show


def show(self, due):
    if due.index == 2:  # six seconds in
        raise RuntimeError("a defect in the player")
    return shown(self, due)


PlayerScreen.show = show
sys.exit(main(["play", sys.argv[1], "--no-sound"]))
"""


def test_an_unexpected_error_in_the_player_exits_non_zero_and_logs_the_session(
    tmux: Tmux, tmp_path: Path
) -> None:
    """A defect that ends the app mid-session (one forced here): the command fails, the
    terminal is given back, and the session played so far is in the log."""
    crashing = tmp_path / "crashing.py"
    crashing.write_text(CRASH)
    script = Path(__file__).parent / "data" / "short.yaml"
    python = Path(sys.executable)
    tmux.run("send-keys", "-t", "main", f"{python} {crashing} {script}; echo exit$?.", "Enter")
    screen = tmux.wait_for("exit1.")
    assert "mindful: unexpected error: RuntimeError: a defect in the player" in screen
    assert "Traceback" not in screen
    assert tmux.flag("alternate_on") == "0"
    from mindful_tui.core.storage import practice_log

    records, damaged = practice_log.read()
    assert damaged == []
    assert [(r.script, r.outcome) for r in records] == [("short", "stopped")]
    assert 5.9 < records[0].practised < 7
