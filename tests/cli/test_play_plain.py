"""``mindful play --plain``: the real player, in real time (sped up), as a subprocess."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

SCRIPT = """\
title: Tiny
pattern: {inhale: 4, exhale: 6}
steps:
  - chime: bell
  - say: "[bold]Settle[/] in, $HOME {{literal}}."
    seconds: 2
  - breathe: {cycles: 2, prompts: {2: Longer out.}}
  - ask: What would you like?
    key: intention
  - say: "Recall {intention}."
    seconds: 1
"""


def mindful(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "mindful_tui", *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env or os.environ.copy(),
    )


def test_plays_every_cue_in_order_and_logs_timing(tmp_path: Path) -> None:
    script = tmp_path / "tiny.yaml"
    script.write_text(SCRIPT)
    log = tmp_path / "timing.jsonl"
    proc = mindful(
        "play", str(script), "--plain", "--speed", "100", "--timing-log", str(log), "--no-sound"
    )
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert err == ""
    lines = out.splitlines()
    assert lines[0] == "Tiny — 0:23 (at 100× speed)"
    assert "(chime: bell)" in lines[1]
    # Text from the script is shown literally: no markup, no variables, braces as written.
    assert lines[2].endswith("[bold]Settle[/] in, $HOME {literal}.")
    assert [line.split()[1] for line in lines if "Breathe" in line] == ["Breathe"] * 4
    assert "(skipped: no terminal to answer in)" in out
    assert "Recall …." in out
    assert lines[-1] == "Done: 0:23 practised, 2 breaths."
    entries = [json.loads(line) for line in log.read_text().splitlines()]
    assert [e["cue"] for e in entries] == list(range(10))
    assert all(e["shown"] >= e["due"] for e in entries)


def test_sigterm_stops_cleanly(tmp_path: Path) -> None:
    script = tmp_path / "long.yaml"
    script.write_text("title: Long\nsteps:\n  - say: Stay.\n    seconds: 600\n")
    proc = mindful("play", str(script), "--plain", "--no-sound")
    assert proc.stdout is not None
    assert proc.stdout.readline().startswith("Long")
    assert "Stay." in proc.stdout.readline()
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=10)
    assert proc.returncode == 0
    assert out.strip().startswith("Stopped at 0:00 of 10:00")
    assert "Traceback" not in err


def test_broken_script_plays_nothing(tmp_path: Path) -> None:
    script = tmp_path / "bad.yaml"
    script.write_text("title: Bad\nsteps:\n  - breath: {cycles: 2}\n")
    proc = mindful("play", str(script), "--plain")
    out, err = proc.communicate(timeout=10)
    assert proc.returncode == 1 and out == ""
    assert 'bad.yaml:3:5: error: unknown key "breath" in a step (did you mean "breathe"?)' in err
    assert err.strip().endswith("1 error; nothing was played")


def test_no_sound_device_is_said_once_and_alsa_stays_quiet(tmp_path: Path) -> None:
    """This machine has no sound card: the player says so once, in its own words."""
    script = tmp_path / "tiny.yaml"
    script.write_text(SCRIPT)
    home = tmp_path / "home"
    home.mkdir()
    env = {**os.environ, "HOME": str(home)}  # no ~/.asoundrc: ALSA's own default device
    proc = mindful("play", str(script), "--plain", "--speed", "100", "--no-voice", env=env)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0
    assert err == ""  # nothing from ALSA
    assert out.count("No sound device: playing silently") == 1
    assert out.splitlines()[-1] == "Done: 0:23 practised, 2 breaths."


def test_a_real_time_session_is_logged(tmp_path: Path, private_home: Path) -> None:
    script = tmp_path / "quick.yaml"
    script.write_text("title: Quick\nsteps:\n  - silence: 0.3\n")
    proc = mindful("play", str(script), "--plain", "--no-sound")
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    lines = (private_home / "data" / "history.jsonl").read_text().splitlines()
    record = json.loads(lines[0])
    assert (record["script"], record["outcome"], record["planned"]) == ("quick", "finished", 0.3)


def test_plain_says_once_that_a_voice_is_not_installed(private_home: Path) -> None:
    config = private_home / "config"
    config.mkdir(parents=True, exist_ok=True)
    (config / "settings.yaml").write_text("voice_name: no-such-voice-plain\n")
    script = private_home / "two.yaml"
    script.write_text(
        "title: Two\nsteps:\n  - say: One line.\n    seconds: 0.3\n"
        "  - say: Another line.\n    seconds: 0.3\n"
    )
    done = subprocess.run(
        [sys.executable, "-m", "mindful_tui", "play", str(script), "--plain", "--speed", "4"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.count('no voice "no-such-voice-plain" is installed') == 1, done.stdout
    assert "using the default voice" in done.stdout


def test_a_prompt_on_a_chosen_phase_is_shown_after_that_phase_starts(tmp_path: Path) -> None:
    script = tmp_path / "phases.yaml"
    script.write_text(
        "title: Phases\npattern: {inhale: 4, exhale: 6}\nsteps:\n"
        "  - breathe: {cycles: 2, prompts: {2: {exhale: Let it go slowly.}}}\n"
    )
    proc = mindful("play", str(script), "--plain", "--speed", "100", "--no-sound")
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    lines = [line for line in out.splitlines() if "Breathe" in line or "Let it go" in line]
    assert [line.split()[1:3] for line in lines[:4]] == [["Breathe", "in"], ["Breathe", "out"]] * 2
    assert lines[4].endswith("Let it go slowly.")
    assert lines[3].split()[1:3] == ["Breathe", "out"] and "2/2" in lines[3]
