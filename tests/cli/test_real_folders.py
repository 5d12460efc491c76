"""The user's real folders are never touched while ``MINDFUL_TUI_HOME`` points elsewhere."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.process import mindful


def test_a_session_check_and_settings_write_only_under_the_test_home(tmp_path: Path) -> None:
    home = tmp_path / "home"  # stands for the user's own home
    home.mkdir()
    private = tmp_path / "private"
    script = tmp_path / "quick.yaml"
    script.write_text("title: Quick\nsteps:\n  - say: Hello there.\n    seconds: 0.2\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("XDG_")}
    env |= {"HOME": str(home), "MINDFUL_TUI_HOME": str(private)}
    for args in (["play", str(script), "--plain"], ["check", str(script)], ["history"]):
        done = mindful(*args, home=private, env=env, timeout=120)
        assert done.returncode == 0, done.stderr
    code = "from mindful_tui.core.storage import user_settings as u; u.save(u.Settings(rate=120))"
    subprocess.run([sys.executable, "-c", code], env=env, check=True, timeout=60)
    touched = [p.relative_to(home) for p in home.rglob("*") if "mindful" in str(p)]
    assert touched == []
    assert (private / "data" / "history.jsonl").is_file()
    assert (private / "config" / "settings.yaml").is_file()
    assert any((private / "cache" / "voice").glob("*.wav"))
