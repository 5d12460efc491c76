"""Signals in a real terminal (tmux): SIGINT, SIGTERM, SIGHUP, Ctrl+Z and ``fg`` during
play, during voice preparation and on the picker. Each time the terminal is restored
(normal screen, mouse reporting off, cursor shown, the tty cooked), a session that was
playing is logged as stopped (one that never started is not logged), and nothing is left
running: not the player, nothing in its process group, no voice worker.

The pane runs an interactive bash (job control, so Ctrl+Z and ``fg`` work) with a known
prompt; commands are typed into it as a user would.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NamedTuple

import pytest

from mindful_tui.core.storage import practice_log
from mindful_tui.core.storage.locations import HOME_VARIABLE
from mindful_tui.sound.voice import WORKER
from mindful_tui.sound.voice_worker import TEST_HOOK
from tests.ui.test_real_terminal import MINDFUL, Tmux

pytestmark = pytest.mark.skipif(
    shutil.which("tmux") is None or not sys.platform.startswith("linux"),
    reason="needs tmux and /proc",
)

PROMPT = "READY$ "
PLAY = f"{MINDFUL} play reset --no-sound"
FIRST_WORDS = "slow down before your massage"
PREPARING = "Preparing the voice"
PICKER = "type to filter"
STOPPED = r"^\[1\]\+\s+Stopped\s"
"""What bash says when the job is suspended."""
HANG = f"{TEST_HOOK}=hang"
MOUSE_FLAGS = ("mouse_any_flag", "mouse_all_flag", "mouse_button_flag", "mouse_standard_flag")
PROMPTLY = 5.0
"""Seconds a signal may take to end the player: well under the voice worker's 20 s."""
SIGNALS = {"INT": signal.SIGINT, "TERM": signal.SIGTERM, "HUP": signal.SIGHUP}


# -- processes, from /proc ------------------------------------------------------------


class Stat(NamedTuple):
    state: str
    ppid: int
    pgrp: int


def _stat(pid: int) -> Stat | None:
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = raw[raw.rindex(")") + 2 :].split()  # the name in () may hold spaces
    return Stat(fields[0], int(fields[1]), int(fields[2]))


def _pids() -> list[int]:
    return [int(entry.name) for entry in Path("/proc").iterdir() if entry.name.isdigit()]


def _read(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError:
        return b""


def children(pid: int) -> list[int]:
    """The processes whose parent is ``pid``."""
    return [p for p in _pids() if (s := _stat(p)) is not None and s.ppid == pid]


def in_group(pgrp: int) -> list[int]:
    """The processes in process group ``pgrp``."""
    return [p for p in _pids() if (s := _stat(p)) is not None and s.pgrp == pgrp]


def mindful_processes(home: Path) -> dict[int, str]:
    """Every running ``mindful`` or ``mindful_tui`` process (the player, a voice worker)
    started for this test (its environment points at ``home``), by pid: its command."""
    marker = f"{HOME_VARIABLE}={home}".encode()
    found: dict[int, str] = {}
    for pid in _pids():
        if pid == os.getpid():
            continue
        argv = _read(f"/proc/{pid}/cmdline").split(b"\0")
        ours = any(b"mindful_tui" in a or a == b"mindful" or a.endswith(b"/mindful") for a in argv)
        if ours and marker in _read(f"/proc/{pid}/environ").split(b"\0"):
            found[pid] = b" ".join(argv).decode(errors="replace").strip()
    return found


def voice_workers(home: Path) -> dict[int, str]:
    return {pid: cmd for pid, cmd in mindful_processes(home).items() if WORKER in cmd}


# -- the terminal ---------------------------------------------------------------------


class Shell(Tmux):
    """A tmux pane running an interactive bash whose prompt is ``PROMPT``."""

    def __init__(self, home: Path) -> None:
        super().__init__(home)
        self._markers = itertools.count(1)

    def type(self, line: str) -> None:
        """Type ``line`` at the prompt and press Enter."""
        self.run("send-keys", "-t", "main", "-l", line)
        self.run("send-keys", "-t", "main", "Enter")

    def keys(self, *keys: str) -> None:
        self.run("send-keys", "-t", "main", *keys)

    def wait_until(self, done: Callable[[], bool], what: str, timeout: float = 20) -> None:
        # Polling a real terminal for a real program is the one place a test must wait.
        end = time.monotonic() + timeout
        while not done():
            if time.monotonic() > end:
                raise AssertionError(f"{what} never happened; the screen was:\n{self.screen()}")
            time.sleep(0.05)

    def wait_for_line(self, pattern: str, timeout: float = 20) -> re.Match[str]:
        """The first line of the screen matching ``pattern`` (a whole line), once one does."""
        regex = re.compile(pattern, re.MULTILINE)
        found: list[re.Match[str]] = []

        def seen() -> bool:
            match = regex.search(self.screen())
            if match is not None:
                found.append(match)
            return match is not None

        self.wait_until(seen, f"a line matching {pattern!r}", timeout)
        return found[0]

    def shell_pid(self) -> int:
        return int(self.flag("pane_pid"))

    def job(self) -> int:
        """The pid of the ``mindful`` the shell is running."""
        found: list[int] = []

        def started() -> bool:
            found[:] = [
                p for p in children(self.shell_pid()) if b"mindful" in _read(f"/proc/{p}/cmdline")
            ]
            return bool(found)

        self.wait_until(started, "mindful starting")
        return found[0]

    def start(self, command: str) -> str:
        """Type ``command``, followed by an ``echo`` of its exit status; the marker that
        ``exit_status`` waits for."""
        marker = f"EXIT{next(self._markers)}"
        self.type(f'{command}; echo "{marker}=$?"')
        return marker

    def exit_status(self, marker: str, timeout: float = 20) -> int:
        """Wait for the command started with ``marker`` to end; its exit status."""
        return int(self.wait_for_line(rf"^{marker}=(\d+)", timeout).group(1))

    def last_status(self) -> int:
        """The exit status of the last command the shell ran (``fg``: the job's)."""
        marker = f"STATUS{next(self._markers)}"
        self.type(f'echo "{marker}=$?"')
        return int(self.wait_for_line(rf"^{marker}=(\d+)").group(1))

    def raw_modes(self) -> list[str]:
        """The cooked-mode settings the tty has lost, as the shell's next command sees them
        (bash keeps the tty state that a program exiting normally leaves behind)."""
        marker = f"TTY{next(self._markers)}"
        lost = " ".join(f"-e -{mode}" for mode in ("icanon", "echo", "isig", "icrnl", "opost"))
        self.type(
            f"echo \"{marker}=$(stty -a | tr ' ;' '\\n\\n' | grep -x {lost} | tr '\\n' ' ')\""
        )
        return self.wait_for_line(rf"^{marker}=(.*)$").group(1).split()


@pytest.fixture
def shell(private_home: Path) -> Iterator[Shell]:
    term = Shell(private_home)
    env = {
        HOME_VARIABLE: str(private_home),
        "TERM": "xterm-256color",
        "PS1": PROMPT,
        "HISTFILE": "/dev/null",
    }
    command = " ".join(["env", *(shlex.quote(f"{k}={v}") for k, v in env.items())])
    size = ("-x", "80", "-y", "24")
    term.run("new-session", "-d", "-s", "main", *size, command + " bash --norc --noprofile")
    socket = Path(term.run("display", "-p", "#{socket_path}").strip())
    term.run("set-option", "-t", "main", "remain-on-exit", "on")
    try:
        term.wait_for(PROMPT.strip())
        yield term
    finally:
        subprocess.run(["tmux", "-L", term.socket, "kill-server"], capture_output=True)
        socket.unlink(missing_ok=True)
        # A failed test must not leave its player (or a hung worker) behind: only ours.
        deadline = time.monotonic() + 3
        while mindful_processes(private_home) and time.monotonic() < deadline:
            time.sleep(0.05)
        for pid in mindful_processes(private_home):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


# -- what every test checks -----------------------------------------------------------


def assert_restored(term: Shell) -> None:
    """The terminal is as the shell left it: normal screen, no mouse reporting, the
    cursor shown, the tty cooked."""
    assert term.flag("alternate_on") == "0", "still on the alternate screen"
    for flag in MOUSE_FLAGS:
        assert term.flag(flag) == "0", f"{flag} is still on"
    assert term.flag("cursor_flag") == "1", "the cursor is still hidden"
    assert "Traceback" not in term.screen()
    assert term.raw_modes() == [], "the tty was left raw"


def assert_nothing_left(term: Shell, pid: int) -> None:
    """The player ``pid`` is gone, and so is everything it started."""
    left: dict[str, object] = {}

    def gone() -> bool:
        left.clear()
        if _stat(pid) is not None:
            left["player"] = pid
        if in_group(pid):
            left["its process group"] = in_group(pid)
        if children(term.shell_pid()):
            left["the shell's children"] = children(term.shell_pid())
        if mindful_processes(term.home):
            left["mindful processes"] = mindful_processes(term.home)
        return not left

    try:
        term.wait_until(gone, "everything ending", timeout=5)
    except AssertionError:
        raise AssertionError(f"left running: {left}") from None


def logged() -> list[practice_log.Record]:
    records, damaged = practice_log.read()
    assert not damaged
    return records


def assert_logged_stopped() -> None:
    records = logged()
    assert [r.outcome for r in records] == ["stopped"], records
    record = records[0]
    assert record.script == "reset"
    assert 0 < record.practised < record.planned, record


def start_playing(term: Shell) -> tuple[str, int]:
    marker = term.start(PLAY)
    term.wait_for(FIRST_WORDS)
    return marker, term.job()


# -- during play ----------------------------------------------------------------------


@pytest.mark.parametrize("name", list(SIGNALS))
def test_a_signal_during_play_stops_the_session_and_restores_the_terminal(
    shell: Shell, name: str
) -> None:
    marker, pid = start_playing(shell)
    assert shell.flag("alternate_on") == "1"
    os.kill(pid, SIGNALS[name])
    shell.exit_status(marker)
    assert_restored(shell)
    assert_nothing_left(shell, pid)
    assert_logged_stopped()


def test_the_ctrl_c_key_during_play_keeps_playing_and_says_how_to_quit(shell: Shell) -> None:
    # Ctrl+C in a full-screen app is a key, not SIGINT (the tty is raw): it must not end a
    # practice by accident. The app says how to quit, and the session carries on.
    marker, pid = start_playing(shell)
    shell.keys("C-c")
    shell.wait_for("Press ctrl+q to quit")
    assert shell.flag("alternate_on") == "1"
    stat = _stat(pid)
    assert stat is not None and stat.state != "T"
    assert "paused" not in shell.screen()
    assert logged() == []
    shell.keys("q")
    shell.wait_for("End this session now?")
    shell.keys("y")
    assert shell.exit_status(marker) == 0
    assert_restored(shell)
    assert_nothing_left(shell, pid)
    assert_logged_stopped()


def test_quitting_with_ctrl_q_as_ctrl_c_advises_logs_the_session(shell: Shell) -> None:
    marker, pid = start_playing(shell)
    shell.keys("C-q")
    shell.exit_status(marker)
    assert_restored(shell)
    assert_nothing_left(shell, pid)
    assert_logged_stopped()


def test_ctrl_z_and_fg_during_play_hand_the_terminal_back_and_carry_on(shell: Shell) -> None:
    shell.type(PLAY)  # no "; echo": the shell would run it as soon as the job stops
    shell.wait_for(FIRST_WORDS)
    pid = shell.job()

    shell.keys("C-z")
    shell.wait_for_line(STOPPED)
    shell.wait_for_line(rf"^{re.escape(PROMPT.strip())}\s*$")
    stat = _stat(pid)
    assert stat is not None and stat.state == "T", "the player is not suspended"
    assert_restored(shell)

    shell.type("fg")
    shell.wait_for("paused")  # it paused before suspending
    shell.wait_for("Breathing")  # the title (cut short beside "paused")
    assert shell.flag("alternate_on") == "1"
    assert shell.flag("mouse_any_flag") == "1" or shell.flag("mouse_all_flag") == "1"
    stat = _stat(pid)
    assert stat is not None and stat.state != "T"
    left = shell.wait_for_line(r"(\d+:\d\d) left").group(1)
    shell.keys("space")
    shell.wait_until(lambda: "paused" not in shell.screen(), "resuming")
    shell.wait_until(
        lambda: (
            (m := re.search(r"(\d+:\d\d) left", shell.screen())) is not None and m.group(1) != left
        ),
        "the session carrying on",
    )
    shell.keys("q")
    shell.wait_for("End this session now?")
    shell.keys("y")
    shell.wait_until(lambda: shell.flag("alternate_on") == "0", "leaving the player")
    assert shell.last_status() == 0
    assert_restored(shell)
    assert_nothing_left(shell, pid)
    assert_logged_stopped()


def test_closing_the_terminal_during_play_stops_the_session(shell: Shell) -> None:
    # A closed terminal window: the tty goes away and the player gets SIGHUP.
    _, pid = start_playing(shell)
    shell_pid = shell.shell_pid()
    shell.run("kill-pane", "-t", "main")
    shell.wait_until(lambda: _stat(pid) is None and _stat(shell_pid) is None, "the player ending")
    shell.wait_until(lambda: not mindful_processes(shell.home), "nothing left", timeout=5)
    assert_logged_stopped()


# -- during voice preparation ---------------------------------------------------------


def start_preparing(term: Shell) -> tuple[str, int, dict[int, str]]:
    """Play with voice, its engine hung: the player waits in "Preparing the voice"."""
    marker = term.start(f"{HANG} {MINDFUL} play reset")
    term.wait_for(PREPARING)
    pid = term.job()
    workers: dict[int, str] = {}

    def working() -> bool:
        workers.update(voice_workers(term.home))
        return bool(workers)

    term.wait_until(working, "a voice worker starting")
    return marker, pid, workers


@pytest.mark.parametrize("name", list(SIGNALS))
def test_a_signal_during_voice_preparation_ends_at_once_and_logs_nothing(
    shell: Shell, name: str
) -> None:
    marker, pid, workers = start_preparing(shell)
    sent = time.monotonic()
    os.kill(pid, SIGNALS[name])
    shell.exit_status(marker, timeout=30)
    took = time.monotonic() - sent
    assert took < PROMPTLY, f"took {took:.1f} s to end"
    assert_restored(shell)
    assert_nothing_left(shell, pid)
    assert all(_stat(w) is None for w in workers), "a voice worker is left"
    # The session never started: there is nothing to log.
    records = logged()
    assert records == [], f"a session that never started was logged: {records}"


def test_ctrl_z_and_fg_during_voice_preparation(shell: Shell) -> None:
    shell.type(f"{HANG} {MINDFUL} play reset")
    shell.wait_for(PREPARING)
    pid = shell.job()
    shell.keys("C-z")
    shell.wait_for_line(STOPPED)
    assert_restored(shell)
    shell.type("fg")
    shell.wait_for(PREPARING)
    assert shell.flag("alternate_on") == "1"
    shell.keys("q")  # nothing has started: q leaves at once
    shell.wait_until(lambda: shell.flag("alternate_on") == "0", "leaving the player")
    assert shell.last_status() == 0
    assert_restored(shell)
    assert_nothing_left(shell, pid)
    assert logged() == []


# -- on the picker --------------------------------------------------------------------


@pytest.mark.parametrize("name", list(SIGNALS))
def test_a_signal_on_the_picker_exits_cleanly(shell: Shell, name: str) -> None:
    marker = shell.start(str(MINDFUL))
    shell.wait_for(PICKER)
    pid = shell.job()
    os.kill(pid, SIGNALS[name])
    shell.exit_status(marker)
    assert_restored(shell)
    assert_nothing_left(shell, pid)
    assert logged() == []


def test_ctrl_z_and_fg_on_the_picker(shell: Shell) -> None:
    shell.type(str(MINDFUL))
    shell.wait_for(PICKER)
    pid = shell.job()
    shell.keys("C-z")
    shell.wait_for_line(STOPPED)
    stat = _stat(pid)
    assert stat is not None and stat.state == "T", "the picker is not suspended"
    assert_restored(shell)
    shell.type("fg")
    shell.wait_for(PICKER)
    assert shell.flag("alternate_on") == "1"
    shell.keys("b", "o", "x")
    shell.wait_for_line(r"filter:\s*box")
    shell.keys("Escape")
    shell.wait_for(PICKER)
    shell.keys("Escape")
    shell.wait_until(lambda: shell.flag("alternate_on") == "0", "leaving the picker")
    assert shell.last_status() == 0
    assert_restored(shell)
    assert_nothing_left(shell, pid)
    assert logged() == []
