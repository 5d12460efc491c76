"""The parsed-script cache: a script that has not changed loads without PyYAML; any
change that could alter the result (its bytes, the sounds, a damaged entry) parses it
afresh; and a cache that cannot be used is never an error."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from mindful_tui.core.storage import library, scriptcache
from mindful_tui.core.storage.locations import builtin_scripts_dir

SCRIPT = (
    "title: Cached\nsteps:\n  - chime: bell\n"
    "  - breathe: {cycles: 2, pattern: {inhale: 4.5, exhale: 6}}\n"
)
SOUNDS = frozenset({"bell", "bowl"})


def test_every_built_in_script_comes_back_from_the_cache_exactly() -> None:
    for path in sorted(builtin_scripts_dir().glob("*.yaml")):
        first = library.load(path, "built-in", SOUNDS)
        assert first.script is not None and first.problems == ()
        data = path.read_bytes()
        cached = scriptcache.get(path, data, SOUNDS)
        assert cached == first.script, path.name  # Fractions, tuples, prompts, path: all equal
        assert library.load(path, "built-in", SOUNDS).script == first.script


def test_an_unchanged_script_loads_without_parsing_yaml(tmp_path: Path) -> None:
    path = tmp_path / "cached.yaml"
    path.write_text(SCRIPT)
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from mindful_tui.core.storage import library\n"
        f"entry = library.load(Path({str(path)!r}))\n"
        "print(entry.script.title, 'yaml' in sys.modules)\n"
    )
    runs = [
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        for _ in range(2)
    ]
    assert [r.stdout.split() for r in runs] == [["Cached", "True"], ["Cached", "False"]]


def test_an_edited_script_is_parsed_again(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(SCRIPT)
    assert library.load(path, sounds=SOUNDS).script is not None
    path.write_text(SCRIPT.replace("Cached", "Edited"))
    entry = library.load(path, sounds=SOUNDS)
    assert entry.script is not None and entry.script.title == "Edited"


def test_a_sound_that_went_away_is_noticed(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(SCRIPT)
    assert library.load(path, sounds=SOUNDS).problems == ()
    entry = library.load(path, sounds=frozenset({"bowl"}))
    assert entry.script is None
    assert 'chime "bell" is not a sound' in entry.problems[0].message


def test_a_script_with_problems_is_never_cached(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(SCRIPT.replace("bell", "gong"))
    assert library.load(path, sounds=SOUNDS).script is None
    assert not scriptcache.folder().exists() or not list(scriptcache.folder().iterdir())


def test_a_damaged_entry_is_a_miss_and_is_replaced(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(SCRIPT)
    first = library.load(path, sounds=SOUNDS).script
    (entry,) = scriptcache.folder().iterdir()
    for damage in (b"", b"\x00garbage", entry.read_bytes()[:20]):
        entry.write_bytes(damage)
        assert scriptcache.get(path, path.read_bytes(), SOUNDS) is None
        assert library.load(path, sounds=SOUNDS).script == first
        assert scriptcache.get(path, path.read_bytes(), SOUNDS) == first


def test_a_cache_that_cannot_be_written_still_loads(tmp_path: Path) -> None:
    scriptcache.folder().parent.mkdir(parents=True, exist_ok=True)
    scriptcache.folder().write_text("a file where the folder should be")
    path = tmp_path / "s.yaml"
    path.write_text(SCRIPT)
    for _ in range(2):
        entry = library.load(path, sounds=SOUNDS)
        assert entry.script is not None and entry.problems == ()
