"""Installing as users do: the built wheel carries every built-in script and sound."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from mindful_tui import __version__
from tests.conftest import REPO


def test_the_wheel_alone_gives_a_working_mindful(tmp_path: Path) -> None:
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", str(REPO), "-w", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = tmp_path.glob("mindful_tui-*.whl")
    assert wheel.name.startswith(f"mindful_tui-{__version__}-")
    names = zipfile.ZipFile(wheel).namelist()
    shipped_scripts = sorted(
        n.split("/")[-1] for n in names if n.startswith("mindful_tui/scripts/")
    )
    assert shipped_scripts == sorted(p.name for p in (REPO / "scripts").glob("*.yaml"))
    assert {"mindful_tui/audio/bell.wav", "mindful_tui/audio/bowl.wav"} <= set(names)

    target = tmp_path / "installed"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(target)  # what pip puts in site-packages
    env = {**os.environ, "PYTHONPATH": str(target)}
    run = subprocess.run(
        [sys.executable, "-m", "mindful_tui", "list", "--json"],
        cwd=tmp_path,  # away from the source checkout
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    rows = json.loads(run.stdout)
    assert len(rows) == len(shipped_scripts)
    assert all(str(target) in row["path"] for row in rows)  # read from inside the wheel
    sounds = subprocess.run(
        [
            sys.executable,
            "-c",
            "from mindful_tui.core.library import sound_files; "
            "print(sorted((k, str(v)) for k, v in sound_files().items()))",
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert "bell" in sounds.stdout and str(target) in sounds.stdout


def test_version_in_one_place(capsys: pytest.CaptureFixture[str]) -> None:
    from mindful_tui.cli.main import main

    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out.strip() == f"mindful-tui {__version__}"
    project = (REPO / "pyproject.toml").read_text().split("[project]")[1].split("\n[")[0]
    assert 'dynamic = ["version"]' in project and "\nversion" not in project
