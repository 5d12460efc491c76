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


UNWANTED = {"json", "uuid", "importlib.resources", "simpleaudio", "pyttsx3", "wave", "yaml"}
"""Never on the way to a first frame: the log, ids and the timing log load when used,
sound once the screen is up, and PyYAML only for a script not in the parsed-script cache."""
PLAIN_DATA = {"mindful_tui.sound", "mindful_tui.sound.speech"}
"""The only sound modules allowed there: the voice's settings, plain data."""


def imported_after_textual(steps: str) -> set[str]:
    """The modules ``steps`` import beyond Textual's app, widgets and containers, in a
    process of their own, run twice: the first run parses the scripts and fills the
    parsed-script cache (it must import PyYAML), the second is a user's next start."""
    code = (
        "import sys\n"
        "import textual.app, textual.widgets, textual.containers\n"
        "before = set(sys.modules)\n"
        f"{steps}"
        "print('\\n'.join(sorted(set(sys.modules) - before)))\n"
    )
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "yaml" in first.stdout.split()  # the scripts were parsed, and the results cached
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(done.stdout.split())


def test_the_way_to_the_players_first_frame_imports_only_what_it_needs() -> None:
    """Beyond Textual itself, playing a script full screen imports our modules and the
    standard library's argparse, and nothing it needs only later: no sound modules
    (loaded once the screen is up); no json, uuid or importlib.resources (the log, ids
    and timing log load when used); and, once the script is in the parsed-script cache,
    not even PyYAML."""
    added = imported_after_textual(
        "import mindful_tui.cli.main, mindful_tui.cli.play, mindful_tui.ui.app\n"
        "import mindful_tui.ui.screens.player\n"
        "from mindful_tui.cli.commands import load_named\n"
        "from mindful_tui.core.storage import user_settings\n"
        "from mindful_tui.core.timing.timeline import compile_script\n"
        "compile_script(load_named('reset'))\n"
        "user_settings.load()\n"
    )
    assert not added & UNWANTED
    assert not {m for m in added if m.startswith("mindful_tui.sound")} - PLAIN_DATA
    assert "mindful_tui.core.timing.engine" in added  # the check sees our imports at all


def test_the_way_to_the_pickers_first_frame_imports_only_what_it_needs() -> None:
    """The picker (``mindful`` alone) reads every script and lists its length: from the
    parsed-script cache, without PyYAML, and without hashlib (which loads OpenSSL, a few
    milliseconds, for the cache's keys), and without Textual's Footer (its own key bar
    is one widget, not one per key). The history and settings screens wait for F2 and
    F3, and the player for Enter."""
    added = imported_after_textual(
        "import mindful_tui.cli.main, mindful_tui.cli.commands, mindful_tui.ui.app\n"
        "import mindful_tui.ui.screens.picker\n"
        "from mindful_tui.core.storage import library, listing, user_settings\n"
        "from mindful_tui.core.timing.timeline import compile_script\n"
        "for entry in library.entries():\n"
        "    assert entry.script is not None, entry.problems\n"
        "    compile_script(entry.script)\n"
        "sounds = library.sound_names()\n"
        "for file in library.files():\n"
        "    library.fingerprint(file.path, sounds)\n"
        "listing.read('')\n"
        "user_settings.load()\n"
    )
    later = {"hashlib", "_hashlib", "textual.widgets._footer"} | {
        f"mindful_tui.ui.screens.{name}" for name in ("history", "settings", "player")
    }
    assert not added & (UNWANTED | later)
    assert not {m for m in added if m.startswith("mindful_tui.sound")} - PLAIN_DATA
    assert "mindful_tui.ui.widgets.plan_preview" in added  # the check sees our imports


FIRST_FRAME = """
import asyncio, sys
from mindful_tui.ui.screens import picker
from mindful_tui.ui.app import MindfulApp
listed = picker.PickerScreen._show_the_rest
seen = []
def spy(self):  # once the list is on screen, before the preview
    seen.extend(m for m in sys.modules if m.startswith("mindful_tui"))
    listed(self)
picker.PickerScreen._show_the_rest = spy
async def main():
    async with MindfulApp().run_test(size=(80, 24)) as pilot:
        await pilot.pause()
asyncio.run(main())
print("\\n".join(sorted(seen)))
"""

PLANNING = {
    "mindful_tui.core.script.model",
    "mindful_tui.core.storage.scriptcache",
    "mindful_tui.core.timing.timeline",
    "mindful_tui.session.options",
    "mindful_tui.session.playback",
    "mindful_tui.core.script.plain_timer",
}
"""What reads and plans a session: loaded for the preview and for play, after the list is
painted (the script model itself included: the settings use only its plain names)."""


def test_the_pickers_list_is_painted_before_anything_is_planned() -> None:
    """From its second start on, the picker lists every script (and the timer) from its
    index: nothing that reads or plans a session is imported until the list is on screen."""
    runs = [
        subprocess.run(
            [sys.executable, "-c", FIRST_FRAME], capture_output=True, text=True, check=True
        ).stdout.split()
        for _ in range(2)
    ]
    assert "mindful_tui.ui.screens.picker" in runs[0]  # the spy saw the first frame
    # The first start reads and plans every script for the list.
    assert {"mindful_tui.core.timing.timeline", "mindful_tui.session.options"} <= set(runs[0])
    assert not PLANNING & set(runs[1])
