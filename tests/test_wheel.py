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
            "from mindful_tui.core.storage.library import sound_files; "
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
    for language in ("de", "es", "fr"):  # the interface's words in each shipped language
        assert f"mindful_tui/locale/{language}/LC_MESSAGES/mindful.mo" in names
    german = subprocess.run(
        [
            sys.executable,
            "-c",
            "from mindful_tui.core.script.words import LOCALE_DIR, translator; "
            "print(LOCALE_DIR, translator('de').gettext('Breathe in'))",
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert german.stdout.startswith(str(target)) and german.stdout.split()[-1] == "Einatmen"


def test_version_in_one_place(capsys: pytest.CaptureFixture[str]) -> None:
    from mindful_tui.cli.main import main

    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out.strip() == f"mindful-tui {__version__}"
    project = (REPO / "pyproject.toml").read_text().split("[project]")[1].split("\n[")[0]
    assert 'dynamic = ["version"]' in project and "\nversion" not in project


def _installed_mindful_works(mindful: Path, tmp_path: Path) -> None:
    """The installed command lists every built-in script, checks them clean, and renders a
    session with the shipped sounds: run from a folder away from the source checkout."""
    env = {
        **{k: v for k, v in os.environ.items() if k != "PYTHONPATH"},
        "MINDFUL_TUI_HOME": str(tmp_path / "home"),
    }

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [str(mindful), *args],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, (args, done.stdout, done.stderr)
        return done

    assert run("--version").stdout.strip() == f"mindful-tui {__version__}"
    rows = json.loads(run("list", "--json").stdout)
    assert sorted(r["name"] for r in rows) == sorted(
        p.stem for p in (REPO / "scripts").glob("*.yaml")
    )
    assert all(str(REPO) not in r["path"] for r in rows)  # read from the install, not the repo
    checked = run("check", "--no-voice").stderr
    # Warnings are for test_check.py to judge; the installed built-ins must all load.
    assert f"{len(rows)} scripts checked: 0 errors, " in checked
    wav = tmp_path / "reset.wav"
    assert "Wrote" in run("render", "reset", "--no-voice", "-o", str(wav)).stdout
    assert wav.stat().st_size > 44100 * 2 * 60  # over a minute of chimes and tones


def test_the_wheel_in_a_fresh_venv(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", str(REPO), "-w", str(tmp_path)],
        capture_output=True,
        timeout=300,
        check=True,
    )
    (wheel,) = tmp_path.glob("mindful_tui-*.whl")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], timeout=120, check=True)
    installed = subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", str(wheel)],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert installed.returncode == 0, installed.stderr
    _installed_mindful_works(venv / "bin" / "mindful", tmp_path)


def test_pipx_install(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "PIPX_HOME": str(tmp_path / "pipx"),
        "PIPX_BIN_DIR": str(tmp_path / "bin"),
        "PIPX_MAN_DIR": str(tmp_path / "man"),
    }
    installed = subprocess.run(
        [sys.executable, "-m", "pipx", "install", str(REPO)],
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert installed.returncode == 0, installed.stderr
    _installed_mindful_works(tmp_path / "bin" / "mindful", tmp_path)
