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


def test_the_way_to_the_players_first_frame_imports_only_what_it_needs() -> None:
    """Beyond Textual itself, playing a script full screen imports our modules and the
    standard library's argparse, and nothing it needs only later: no sound modules
    (loaded once the screen is up); no json, uuid or importlib.resources (the log, ids
    and timing log load when used); and, once the script is in the parsed-script cache,
    not even PyYAML."""
    code = (
        "import sys\n"
        "import textual.app, textual.widgets, textual.containers\n"
        "before = set(sys.modules)\n"
        "import mindful_tui.cli.main, mindful_tui.cli.play, mindful_tui.ui.app\n"
        "import mindful_tui.ui.screens.player\n"
        "from mindful_tui.cli.commands import load_named\n"
        "from mindful_tui.core import settings\n"
        "from mindful_tui.core.timeline import compile_script\n"
        "compile_script(load_named('reset'))\n"
        "settings.load()\n"
        "print('\\n'.join(sorted(set(sys.modules) - before)))\n"
    )
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "yaml" in first.stdout.split()  # the script was parsed, and its result cached
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    added = set(done.stdout.split())
    unwanted = {"json", "uuid", "importlib.resources", "simpleaudio", "pyttsx3", "wave", "yaml"}
    assert not added & unwanted
    plain_data = {"mindful_tui.sound", "mindful_tui.sound.speech"}  # the voice's settings
    assert not {m for m in added if m.startswith("mindful_tui.sound")} - plain_data
    assert "mindful_tui.core.engine" in added  # the check sees our imports at all
