"""``pattern: mine`` through the real entry point: ``plan``, ``check`` and ``list`` read
the stored calibration, a new one is used at once, and none is a clear message."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mindful_tui.cli.main import main
from mindful_tui.core.storage import calibrations
from mindful_tui.core.timing.calibration import Calibration

SCRIPT = """\
title: Where you are
tags: [before]
pattern: mine
steps:
  - breathe: {cycles: 6}
  - breathe: {cycles: 6, ramp_to: {per_minute: 6}}
"""


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def mine(private_home: Path) -> Path:
    folder = private_home / "config" / "scripts"
    folder.mkdir(parents=True)
    path = folder / "where-you-are.yaml"
    path.write_text(SCRIPT, encoding="utf-8")
    return path


def test_plan_uses_the_stored_calibration(capsys: pytest.CaptureFixture[str], mine: Path) -> None:
    calibrations.save(Calibration(3.01, 4.98, 6))
    code, out, err = run(capsys, "plan", "where-you-are", "--json")
    assert code == 0, err
    steps = json.loads(out)["steps"]
    assert [s["breaths_per_minute"] for s in steps] == [7.5, 6.667]  # 8 s to 10 s: 9 s on average
    phases = [c for c in json.loads(out)["cues"] if c["kind"] == "phase"]
    assert [(c["phase"], c["seconds"]) for c in phases[:4]] == [
        ("inhale", 3),
        ("exhale", 5),
        ("inhale", 3),
        ("exhale", 5),
    ]
    code, out, _ = run(capsys, "plan", "where-you-are")
    assert "7.50/min" in out
    # Calibrated again: the next plan follows at once (the parsed-script cache too).
    calibrations.save(Calibration(4, 6, 6))
    code, out, _ = run(capsys, "plan", "where-you-are", "--json")
    assert json.loads(out)["steps"][0]["breaths_per_minute"] == 6


def test_without_a_calibration_each_command_says_where_and_to_calibrate(
    capsys: pytest.CaptureFixture[str], mine: Path
) -> None:
    message = (
        'where-you-are.yaml:3:10: error: pattern "mine" is your own breath, but it has not'
        " been measured yet; run `mindful calibrate` first"
    )
    code, out, err = run(capsys, "plan", "where-you-are")
    assert code == 1 and out == ""
    assert message in err and "Traceback" not in err
    code, out, err = run(capsys, "check", str(mine), "--no-voice")
    assert code == 1 and message in out
    code, out, _ = run(capsys, "list")
    assert code == 0 and "BROKEN" in out and message.split(" error: ")[1] in out


def test_calibrate_needs_a_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "calibrate")
    assert code == 1
    assert err == (
        "mindful: calibrate needs a terminal: it measures your breath from taps on space\n"
    )


def test_the_plain_player_says_it_plays_the_last_breath_instead_of_measuring(
    capsys: pytest.CaptureFixture[str], mine: Path
) -> None:
    calibrations.save(Calibration(3, 5, 6))
    text = SCRIPT.replace("steps:\n", "steps:\n  - calibrate: Breathe as you are.\n")
    mine.write_text(text.replace("{cycles: 6}", "{cycles: 1}", 1), encoding="utf-8")
    code, out, _ = run(capsys, "play", str(mine), "--plain", "--no-sound", "--speed", "1000")
    assert code == 0
    assert "opens by measuring your breath, which needs the full screen" in out
    assert "3s" in run(capsys, "plan", str(mine))[1].split("\n")[2]  # the last breath: 3 in
