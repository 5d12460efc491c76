"""The core imports no Textual and no sound library (README: the layers)."""

from __future__ import annotations

import subprocess
import sys

CODE = """
import builtins, importlib, pkgutil, sys
real_import = builtins.__import__
BLOCKED = ("textual", "rich", "simpleaudio", "pyttsx3", "mindful_tui.ui", "mindful_tui.sound")

def guarded(name, *args, **kwargs):
    if name.split(".")[0] in BLOCKED or name.startswith(BLOCKED):
        raise ImportError("blocked: " + name)
    return real_import(name, *args, **kwargs)

builtins.__import__ = guarded
import mindful_tui.core as core
imported = 0
for info in pkgutil.walk_packages(core.__path__, "mindful_tui.core."):
    importlib.import_module(info.name)
    imported += 1
assert imported > 25, imported  # every module of every group
from mindful_tui.core.storage import library
from mindful_tui.core.timing.timeline import compile_script
for entry in library.entries():
    assert entry.script is not None, entry.problems
    compile_script(entry.script)
print("ok", len(library.entries()))
"""


def test_core_works_with_textual_and_sound_blocked() -> None:
    result = subprocess.run(
        [sys.executable, "-c", CODE], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok ")


def test_cli_list_does_not_import_textual() -> None:
    code = (
        "import sys; from mindful_tui.cli.main import main; main(['list']);"
        "print('textual' in sys.modules, file=sys.stderr)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.stderr.strip().endswith("False")
