"""The commands that only print never import Textual: start-up stays lean."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.parametrize("command", [["list"], ["plan", "reset"], ["check"]])
def test_printing_commands_do_not_import_textual(command: list[str]) -> None:
    code = (
        "import sys, io\n"
        "from contextlib import redirect_stdout as out, redirect_stderr as err\n"
        "from mindful_tui.cli.main import main\n"
        "with out(io.StringIO()), err(io.StringIO()):\n"
        f"    main({command!r})\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
