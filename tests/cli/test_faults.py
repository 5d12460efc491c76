"""Faults a user may meet, each with what they see: the session still plays."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SCRIPT = (
    "title: Faults\nsteps:\n  - say: Hello there, friend.\n    seconds: 0.6\n  - silence: 0.6\n"
)


def first_line(proc: subprocess.Popen[str]) -> str:
    """The first line of output, read from the pipe itself a byte at a time: a buffered
    ``readline`` may take later lines with it, and ``communicate`` would never see them."""
    assert proc.stdout is not None
    line = b""
    while not line.endswith(b"\n") and (byte := os.read(proc.stdout.fileno(), 1)):
        line += byte
    return line.decode()


def play(script: Path, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "mindful_tui", "play", str(script), "--plain", *extra],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=os.environ.copy(),
    )


def test_a_cache_folder_that_cannot_be_written(tmp_path: Path, private_home: Path) -> None:
    (private_home / "cache").write_text("a file where the cache folder should be")
    script = tmp_path / "faults.yaml"
    script.write_text(SCRIPT)
    out, err = play(script).communicate(timeout=60)
    assert err == ""
    assert out.count("cannot write the voice cache") == 1 and "voice is off" in out
    assert out.splitlines()[-1] == "Done: 0:01 practised, 0 breaths."


def test_a_settings_file_that_cannot_be_read(tmp_path: Path, private_home: Path) -> None:
    (private_home / "config" / "settings.yaml").mkdir(parents=True)  # a folder, not a file
    script = tmp_path / "faults.yaml"
    script.write_text(SCRIPT)
    proc = play(script, "--no-sound")
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0
    assert "cannot read the settings" in err and "using the defaults" in err
    assert "Traceback" not in err
    assert out.splitlines()[-1].startswith("Done:")


def rest(proc: subprocess.Popen[str]) -> tuple[str, str]:
    """The rest of what the player writes, once a line has been read: through the same
    buffered reader (``communicate`` reads the pipe itself, and the lines the reader
    already holds, the first cue's among them when it came with the header, were lost)."""
    assert proc.stdout is not None and proc.stderr is not None
    out, err = proc.stdout.read(), proc.stderr.read()
    proc.wait(timeout=60)
    return out, err


def test_a_script_deleted_while_it_plays(tmp_path: Path) -> None:
    script = tmp_path / "faults.yaml"
    script.write_text(SCRIPT)
    proc = play(script, "--no-sound")
    assert proc.stdout is not None
    assert first_line(proc).startswith("Faults")
    script.unlink()  # the whole session was compiled before it started
    out, err = rest(proc)
    assert proc.returncode == 0 and err == "", (proc.returncode, out, err)
    assert "Hello there, friend." in out and out.splitlines()[-1].startswith("Done:"), out


def test_a_script_edited_while_it_plays(tmp_path: Path) -> None:
    """The session plays as it was when it started; the edit is for next time."""
    script = tmp_path / "faults.yaml"
    script.write_text(SCRIPT)
    proc = play(script, "--no-sound")
    assert proc.stdout is not None
    assert first_line(proc).startswith("Faults")
    script.write_text("title: [broken\n")  # half-saved by an editor
    out, err = rest(proc)
    assert proc.returncode == 0 and err == "", (out, err)
    assert "Hello there, friend." in out and out.splitlines()[-1].startswith("Done:"), out


def test_a_full_disk_for_the_log(tmp_path: Path, private_home: Path) -> None:
    """Every write of the log fails with ENOSPC (the kernel's own /dev/full): the session
    plays to its end, and the user is told, in one line, that it was not recorded."""
    data = private_home / "data"
    data.mkdir()
    (data / "history.jsonl").symlink_to("/dev/full")
    script = tmp_path / "faults.yaml"
    script.write_text(SCRIPT)
    out, err = play(script, "--no-sound").communicate(timeout=60)
    assert out.splitlines()[-1].startswith("Done:"), out
    assert err == (
        "mindful: could not write the practice log (No space left on device); "
        "the session was not recorded\n"
    )


def test_output_that_is_not_a_terminal_gets_plain_lines(tmp_path: Path) -> None:
    """No --plain, but stdout is a pipe: line by line, no escape codes."""
    script = tmp_path / "faults.yaml"
    script.write_text(SCRIPT)
    proc = subprocess.Popen(
        [sys.executable, "-m", "mindful_tui", "play", str(script), "--no-sound"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0 and err == "", err
    assert out.splitlines()[0].startswith("Faults") and "Hello there, friend." in out
    assert "\x1b" not in out


def test_a_script_whose_file_name_is_not_utf8_is_logged(tmp_path: Path) -> None:
    """A file name in Latin-1 (``café`` as one byte 0xE9): the session plays and is
    logged, its name shown with a replacement character."""
    script = Path(os.fsdecode(bytes(tmp_path) + b"/caf\xe9.yaml"))
    script.write_text(SCRIPT)
    out, err = play(script, "--no-sound").communicate(timeout=60)
    assert out.splitlines()[-1].startswith("Done:"), out
    assert err == ""
    from mindful_tui.core.storage import practice_log

    records, damaged = practice_log.read()
    assert damaged == []
    assert [(r.script, r.outcome) for r in records] == [("caf\ufffd", "finished")]


def test_a_timing_log_on_a_full_disk_never_ends_the_session(tmp_path: Path) -> None:
    """``--timing-log /dev/full``: every write fails with ENOSPC; the session plays to its
    end and one line says where the timing log stopped."""
    script = tmp_path / "faults.yaml"
    script.write_text(SCRIPT)
    out, err = play(script, "--no-sound", "--timing-log", "/dev/full").communicate(timeout=60)
    assert out.splitlines()[-1].startswith("Done:"), (out, err)
    assert err == "mindful: the timing log stopped at cue 0: No space left on device\n"


def test_output_gone_at_once_logs_no_session(tmp_path: Path) -> None:
    """``mindful play X | head -1``: the reader goes after the header, the session stops
    as it begins, and nothing was practised: nothing is logged (it was a 0 s "stopped"
    session), and the command ends quietly."""
    script = tmp_path / "faults.yaml"
    script.write_text(SCRIPT)
    proc = play(script, "--no-sound")
    assert first_line(proc).startswith("Faults")
    assert proc.stdout is not None
    proc.stdout.close()  # as ``head -1`` does once it has its line
    assert proc.wait(timeout=60) == 0
    from mindful_tui.core.storage import practice_log

    assert practice_log.read() == ([], [])
