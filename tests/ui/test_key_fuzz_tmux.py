"""A seeded key fuzz of the installed app in a real terminal (tmux), on the real clock:
random sequences of every bound key (the picker's, the player's, the settings', the
history's, the palette's through Ctrl+P, Escape, Enter, ``q`` and its confirmation,
answers and typing) and resizes of the window. The app is started again each time it
quits by itself. Every run must end with status 0, no traceback may reach the terminal,
every session that was played is in the practice log, and whenever the command palette
is seen open, one Escape closes it.

A terminal tells the Escape key from the start of a longer sequence (Alt with a key, a
function key) only by the pause after it: an Escape with a letter right behind it in the
same read is Alt and that letter (Textual waits ``ESCDELAY``, 100 ms, for more). So each
Escape here ends its send and is followed by a pause, as a person's is; sent with keys
right behind it, it never reached the app as Escape, and an open palette stayed open
for hundreds of steps, taking every key typed.
"""

from __future__ import annotations

import json
import os
import random
import shlex
import sys
import time
from pathlib import Path

from mindful_tui.core.storage import practice_log, user_settings
from mindful_tui.ui.screens.too_small import MIN_HEIGHT, MIN_WIDTH
from tests.ui.test_real_terminal import Tmux, pytestmark, terminal  # noqa: F401

SEED = int(os.environ.get("KEY_FUZZ_SEED", "15"))
"""Another seed: ``KEY_FUZZ_SEED=N pytest tests/ui/test_key_fuzz_tmux.py``."""
STEPS = 1200
"""Sends of one to four keys (about 3,000 keys), or a resize: a minute or two in all."""
KEYS = [
    *["Space", "n", "p", "v", "s", "d", "e", "?", "q", "y", "Escape", "Enter", "t", "Tab"],
    *"0123456789abcxyz",
    *["+", "-", "=", "Up", "Down", "PPage", "NPage", "BSpace", "F2", "F3", "F4", "F5"],
    *["C-p", "C-s"],
]
"""Every key the app binds on any screen (F5 is the calibration's, Ctrl+S the settings'
save, Page Up and Down the palette's), a few letters to type, and what moves the focus.
Left out: Ctrl+Z (no shell's job control here), Ctrl+Q (it would end every run at once;
``q`` and ``Escape`` on the picker quit often enough) and Ctrl+C (between two runs the
terminal is not raw, and it is SIGINT: the signals have their own tests)."""
SIZES = [(80, 24), (40, 10), (120, 40), (20, 5), (100, 30), (60, 16)]
ESCAPE_PAUSE = 0.5
"""Seconds of quiet after an Escape, so that it reaches the app as Escape: five times
Textual's wait for more (see above), for a loaded machine."""
FIRST_BREATHS = 2.0
"""Seconds the first session (it plays at once) is left to play before the first key:
at least one session is then long enough to be logged, whatever the keys do after."""
PALETTE = "🔎"
"""How the open command palette shows on screen (its search field's icon)."""

CHILD = """\
import json, sys
from mindful_tui.cli.main import main
from mindful_tui.core.timing.engine import Session
from mindful_tui.session.practice import worth_logging

started = []
real_start = Session.start


def start(self, at=None):
    started.append(self)
    real_start(self, at)


Session.start = start
# Every other run plays a session at once; the others open the picker (where the typed
# letters mostly filter the list, so Enter seldom plays).
status = main(["play", "reset"] if int(sys.argv[2]) % 2 else [])
with open(sys.argv[1], "a") as out:
    for session in started:
        out.write(json.dumps({"played": worth_logging(session)}) + "\\n")
sys.exit(status)
"""

LOOP = """\
import os, subprocess, sys
runs = 0
while True:
    runs += 1
    status = subprocess.run([sys.executable, sys.argv[1], sys.argv[2], str(runs)]).returncode
    with open(sys.argv[3], "a") as out:
        out.write(f"{status}\\n")
    if status != 0 or os.path.exists(sys.argv[4]) or runs > 500:
        print(f"\\nFUZZ-STOPPED status={status}")
        break
"""
"""Runs the app again each time it quits, until it fails (the pane then shows why) or
the test says to stop."""


def send(tmux: Tmux, keys: list[str]) -> None:
    """Type ``keys``, each Escape followed by a pause (it ends the read it is in)."""
    while keys:
        upto = keys.index("Escape") + 1 if "Escape" in keys else len(keys)
        tmux.run("send-keys", "-t", "main", *keys[:upto])
        if keys[upto - 1] == "Escape":
            time.sleep(ESCAPE_PAUSE)
        keys = keys[upto:]


def shown(tmux: Tmux) -> str:
    """The pane, its wrapped lines joined: keys echoed by the shell between two runs
    leave the loop's last line starting anywhere in a line."""
    return tmux.run("capture-pane", "-p", "-J", "-t", "main")


def appears(tmux: Tmux, text: str, present: bool = True, timeout: float = 30) -> bool:
    """Whether ``text`` is shown (or, not ``present``, gone) within ``timeout`` seconds."""
    end = time.monotonic() + timeout
    while (text in shown(tmux)) != present:
        if time.monotonic() > end:
            return False
        time.sleep(0.2)
    return True


def escape_closes_the_palette(tmux: Tmux) -> None:
    """The palette is open: one Escape, and nothing after it, closes it (however long
    a loaded app takes to get there, it never stays)."""
    send(tmux, ["Escape"])
    assert appears(tmux, PALETTE, present=False), f"Escape left it open:\n{shown(tmux)}"


def test_random_keys_and_resizes_in_a_real_terminal_never_fail_and_log_every_session(
    private_home: Path, tmp_path: Path
) -> None:
    settings = user_settings.settings_path()
    settings.parent.mkdir(parents=True, exist_ok=True)
    # Quiet and quick to start: no speech engine, no sound card needed.
    settings.write_text("voice: false\nsound: false\nkeep_awake: false\n")
    child, loop = tmp_path / "child.py", tmp_path / "loop.py"
    child.write_text(CHILD)
    loop.write_text(LOOP)
    sessions, statuses = tmp_path / "sessions.jsonl", tmp_path / "statuses"
    stop = tmp_path / "stop"
    command = " ".join(
        shlex.quote(str(part)) for part in (sys.executable, loop, child, sessions, statuses, stop)
    )
    chance = random.Random(SEED)
    with terminal(private_home) as tmux:
        tmux.run("send-keys", "-t", "main", f"exec {command}", "Enter")
        tmux.wait_for("Breathing reset", timeout=30)
        time.sleep(FIRST_BREATHS)
        width, height = 80, 24
        for step in range(STEPS):
            if chance.random() < 0.06:
                width, height = chance.choice(SIZES)
                tmux.run("resize-window", "-t", "main", "-x", str(width), "-y", str(height))
            else:
                send(tmux, [chance.choice(KEYS) for _ in range(chance.randint(1, 4))])
            time.sleep(chance.choice([0, 0, 0.01, 0.03]))  # a real terminal: real time
            if step % 50 == 0:
                screen = shown(tmux)
                if "FUZZ-STOPPED" in screen:
                    break
                # Under the notice that the terminal is too small, the palette shows
                # dimmed and waits, as every screen does: Escape is for the notice then.
                if PALETTE in screen and width >= MIN_WIDTH and height >= MIN_HEIGHT:
                    escape_closes_the_palette(tmux)
        tmux.run("resize-window", "-t", "main", "-x", "80", "-y", "24")
        # Leave the last run: a session is ended and logged, the app quits.
        stop.touch()
        for _ in range(6):
            tmux.run("send-keys", "-t", "main", "C-q")
            if appears(tmux, "FUZZ-STOPPED", timeout=5):
                break  # else a key still on its way, or a question asked: Ctrl+Q again
        screen = shown(tmux)
        assert "FUZZ-STOPPED" in screen, screen
        history = tmux.run("capture-pane", "-p", "-S", "-", "-t", "main")
    assert "Traceback" not in history, history
    assert "status=0" in screen, history[-4000:]
    runs = statuses.read_text().split()
    assert set(runs) == {"0"}, runs
    played = [json.loads(line)["played"] for line in sessions.read_text().splitlines()]
    records, damaged = practice_log.read()
    assert damaged == []
    assert sum(played) > 0  # the fuzz did play sessions
    assert len(records) == sum(played), (len(records), sum(played))
