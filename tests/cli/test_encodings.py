"""Terminals and pipes whose encoding is not UTF-8: the characters degrade, the command
never fails."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


def mindful(encoding: str, *args: str) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONIOENCODING": encoding}
    return subprocess.run(
        [sys.executable, "-m", "mindful_tui", *args],
        capture_output=True,
        env=env,
        stdin=subprocess.DEVNULL,
        timeout=60,
    )


@pytest.mark.parametrize("encoding", ["latin-1", "ascii"])
def test_plan_in_a_terminal_that_is_not_utf8(encoding: str) -> None:
    done = mindful(encoding, "plan", "reset")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.decode(encoding).splitlines()
    assert lines[0] == "Breathing reset - 2:42 (162s), 12 breaths"
    assert any(line.endswith("say: Let the breath out empty slowly.") for line in lines)


def test_the_plain_player_in_a_terminal_that_is_not_utf8() -> None:
    done = mindful("ascii", "play", "reset", "--plain", "--speed", "200", "--no-sound")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.decode("ascii").splitlines()
    assert lines[0] == "Breathing reset - 2:42 (at 200x speed)"
    assert lines[-1] == "Done: 2:42 practised, 12 breaths."
