"""``t`` and ``e`` in a real terminal (tmux), as the person beside the table presses
them: the turning-over interlude plays and the session goes on where it was; then the
session ends within two breaths. Measured from the timing log (session seconds, pauses
removed), not from how long the test waited."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest

from tests.ui.test_real_terminal import MINDFUL, Tmux, tmux

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
__all__ = ["tmux"]  # the fixture, shared with the other real-terminal tests

SPEED = 5
BREATH = 10.0
"""One breath of the script below (4 in, 6 out)."""
SCRIPT = """\
title: On the table
pattern: {inhale: 4, exhale: 6}
steps:
  - say: Settle in.
    seconds: 3
  - breathe: {cycles: 40}
  - say: Coming back now.
    seconds: 4
"""


def lines(path: Path) -> list[dict[str, object]]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.endswith("}")]


def wait_until(found: object, what: str, timeout: float = 60) -> None:
    # Polling a real program in a real terminal is the one place a test must wait.
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if callable(found) and found():
            return
        time.sleep(0.1)
    raise AssertionError(f"{what} never happened")


def test_t_turns_over_and_goes_on_then_e_ends_within_two_breaths(
    tmux: Tmux, tmp_path: Path
) -> None:
    script = tmp_path / "table.yaml"
    script.write_text(SCRIPT)
    log = tmp_path / "timing.jsonl"
    tmux.run(
        "send-keys",
        "-t",
        "main",
        f"{MINDFUL} play {script} --speed {SPEED} --no-sound --timing-log {log}; echo EXIT=$?",
        "Enter",
    )
    screen = tmux.wait_for("t Turn over", timeout=60)
    assert "e End soon" in screen
    # Into the breathing: the first breath has begun.
    wait_until(lambda: any(line["kind"] == "phase" for line in lines(log)), "a breath")
    tmux.run("send-keys", "-t", "main", "t")
    tmux.wait_for("In a moment", timeout=60)  # its first words (the line may wrap)
    tmux.wait_for("turning over")
    tmux.wait_for("A few breaths to settle", timeout=60)

    def resumed() -> bool:
        seen = lines(log)
        inside = [i for i, line in enumerate(seen) if "interlude" in line]
        return bool(inside) and any("interlude" not in line for line in seen[inside[-1] + 1 :])

    wait_until(resumed, "the session going on after the interlude")
    tmux.run("send-keys", "-t", "main", "e")
    tmux.wait_for("Take a moment", timeout=60)  # the closing screen
    tmux.run("send-keys", "-t", "main", "q")
    screen = tmux.wait_for("EXIT=0", timeout=60)
    assert "Traceback" not in screen

    seen = lines(log)
    (turn,) = [line for line in seen if line["kind"] == "turn"]
    inside = [line for line in seen if line.get("interlude") == "turning-over"]
    texts = [line["kind"] for line in inside]
    assert texts[0] == "chime" and texts.count("say") == 5
    # It began where the breath being taken was through, and the session went on from there.
    assert inside[0]["due"] == turn["due"]
    assert float(str(turn["due"])) > float(str(turn["shown"]))
    after = seen[seen.index(inside[-1]) + 1]
    assert (after["kind"], after["due"]) == ("phase", turn["due"])
    # ``e``: the end came within two breaths of session time.
    (close,) = [line for line in seen if line["kind"] == "close"]
    end = seen[-1]
    assert end["kind"] == "end"
    assert float(str(close["due"])) > float(str(close["shown"]))  # on to the closing
    assert float(str(end["shown"])) - float(str(close["due"])) <= 2 * BREATH
    own = [line for line in seen if line["kind"] == "phase" and "interlude" not in line]
    assert len(own) < 2 * 40  # far from all its breaths were played
