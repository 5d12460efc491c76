"""Running the real command, ``python -m mindful_tui``, in a process of its own."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path


def mindful(
    *args: str, home: Path, env: Mapping[str, str] | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """``mindful ARGS`` with ``MINDFUL_TUI_HOME`` at ``home``, in ``env`` (by default this
    process's environment); its output captured as text, its status not checked."""
    return subprocess.run(
        [sys.executable, "-m", "mindful_tui", *args],
        env={**(os.environ if env is None else env), "MINDFUL_TUI_HOME": str(home)},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
