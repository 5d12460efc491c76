"""The scripts folder: one rule for which file a name means, everywhere the same, and
nothing in the folder (a FIFO, a symlink that loops, a file that cannot be read) ever
blocks or crashes a command."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from mindful_tui.core.storage import library, locations


def mindful(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The real command, in its own process: a hang fails the test instead of the suite."""
    env = os.environ | {locations.HOME_VARIABLE: str(home)}
    return subprocess.run(
        [sys.executable, "-m", "mindful_tui", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def user_folder() -> Path:
    folder = locations.user_scripts_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def two_resets() -> tuple[Path, Path]:
    folder = user_folder()
    yaml_file, yml_file = folder / "reset.yaml", folder / "reset.yml"
    yaml_file.write_text("title: Mine from yaml\nsteps:\n  - silence: 30\n")
    yml_file.write_text("title: Mine from yml\nsteps:\n  - silence: 40\n")
    return yaml_file, yml_file


def test_a_user_reset_yaml_wins_over_reset_yml_and_the_builtin_in_play_list_and_check(
    private_home: Path,
) -> None:
    yaml_file, yml_file = two_resets()
    # play and plan: the same loader of a name
    planned = mindful(private_home, "plan", "reset", "--json")
    assert planned.returncode == 0, planned.stderr
    assert json.loads(planned.stdout)["title"] == "Mine from yaml"
    # list: all three, the two that lose shown as shadowed by the winner
    listed = mindful(private_home, "list", "--json")
    rows = [r for r in json.loads(listed.stdout) if r["name"] == "reset"]
    by_title = {r["title"]: r for r in rows}
    assert set(by_title) == {"Mine from yaml", "Mine from yml", "Breathing reset"}
    assert "shadowed_by" not in by_title["Mine from yaml"]
    assert by_title["Mine from yml"]["shadowed_by"] == str(yaml_file)
    assert by_title["Breathing reset"]["shadowed_by"] == str(yaml_file)
    text = mindful(private_home, "list").stdout
    assert text.count("shadowed by") == 2
    # check: each hidden file is named with the file that wins
    checked = mindful(private_home, "check", "--no-voice")
    hidden = [line for line in checked.stdout.splitlines() if "hidden" in line]
    assert len(hidden) == 2, checked.stdout
    assert any(line.startswith(str(yml_file)) for line in hidden)
    assert all("reset.yaml" in line.split("plays", 1)[1] for line in hidden)
    # the same rule in the library the picker reads
    winners = [e for e in library.entries() if e.name == "reset" and e.shadowed_by is None]
    assert [e.path for e in winners] == [yaml_file]
    assert library.resolve("reset") == (yaml_file, "user")


def hostile_folder() -> Path:
    folder = user_folder()
    os.mkfifo(folder / "pipe.yaml")
    (folder / "loop.yaml").symlink_to(folder / "loop.yaml")
    (folder / "nowhere.yml").symlink_to(folder / "missing.yaml")
    (folder / "folder.yaml").mkdir()
    (folder / "fine.yaml").write_text("title: Fine\nsteps:\n  - silence: 30\n")
    return folder


def test_a_fifo_a_symlink_loop_and_a_folder_are_listed_as_broken_and_nothing_blocks(
    private_home: Path,
) -> None:
    hostile_folder()
    listed = mindful(private_home, "list")
    assert listed.returncode == 0, listed.stderr
    assert "Traceback" not in listed.stderr
    broken = {line.split()[0]: line for line in listed.stdout.splitlines() if "BROKEN" in line}
    assert set(broken) == {"pipe", "loop", "nowhere", "folder"}
    assert "named pipe" in broken["pipe"]
    assert "symbolic links" in broken["loop"]
    assert "folder" in broken["folder"]
    assert "fine" in listed.stdout and "reset" in listed.stdout
    checked = mindful(private_home, "check", "--no-voice")
    assert checked.returncode == 1 and "Traceback" not in checked.stderr
    for name in ("pipe.yaml", "loop.yaml", "nowhere.yml", "folder.yaml"):
        assert f"{name}:1:1: error:" in checked.stdout
    for name in ("pipe", "loop"):
        played = mindful(private_home, "play", name, "--plain", "--no-voice", "--no-sound")
        assert played.returncode == 1
        assert "Traceback" not in played.stderr and "nothing was played" in played.stderr


def test_the_library_never_opens_a_fifo_for_reading(private_home: Path) -> None:
    folder = hostile_folder()
    found: list[library.Entry] = []
    reader = threading.Thread(target=lambda: found.extend(library.entries()), daemon=True)
    reader.start()
    reader.join(30)
    if reader.is_alive():  # unblock the reader before failing (it is waiting for a writer)
        with open(folder / "pipe.yaml", "w"):  # noqa: PTH123
            pass
        pytest.fail("listing the scripts blocked on a FIFO")
    pipe = next(e for e in found if e.name == "pipe")
    assert pipe.script is None and "named pipe" in pipe.problems[0].message


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_a_file_without_permission_is_listed_as_broken(private_home: Path) -> None:
    secret = user_folder() / "secret.yaml"
    secret.write_text("title: Secret\nsteps:\n  - silence: 30\n")
    secret.chmod(0)
    entry = next(e for e in library.entries() if e.name == "secret")
    assert entry.script is None and "Permission denied" in entry.problems[0].message
