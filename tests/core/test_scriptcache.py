"""The parsed-script cache: a script that has not changed loads without PyYAML; any
change that could alter the result (its bytes, the sounds, a damaged entry) parses it
afresh; and a cache that cannot be used is never an error."""

from __future__ import annotations

import marshal
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

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


def _crafted(valid: tuple[Any, ...]) -> list[Any]:
    """Entries someone could write into the folder: each decodes, none is a script."""
    deep: Any = "x"
    for _ in range(900):  # past Python's recursion limit as decoded, within marshal's
        deep = ("T", (deep,))
    tag, name, values = valid
    steps = values[1]
    return [
        ("F", 1, 0),  # a fraction over zero
        deep,  # nested past any recursion limit
        (tag, name, (values[0], 5, *values[2:])),  # steps: a number
        (tag, name, (["a", "list"], *values[1:])),  # title: a list
        (tag, name, (values[0], ("T", (("D", "Phase", ("breathe-out", 1)),)), *values[2:])),
        (tag, name, (values[0], ("T", (("D", "Say", (True, ("F", 1, 1))),)), *values[2:])),
        (tag, name, (values[0], ("T", (*steps[1], ("D", "Nothing", ()))), *values[2:])),
        ("M", ((1, 2),)),
    ]


def test_a_crafted_entry_is_a_miss_and_the_script_is_parsed_again(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(SCRIPT)
    first = library.load(path, sounds=SOUNDS).script
    assert first is not None
    (entry,) = scriptcache.folder().iterdir()
    valid = marshal.loads(entry.read_bytes())
    for crafted in _crafted(valid):
        entry.write_bytes(marshal.dumps(crafted))
        assert scriptcache.get(path, path.read_bytes(), SOUNDS) is None
        loaded = library.load(path, sounds=SOUNDS)
        assert loaded.script == first and loaded.problems == ()


def test_the_cache_is_pruned_oldest_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    written: list[Path] = []
    for number in range(6):
        path = tmp_path / f"s{number}.yaml"
        path.write_text(SCRIPT.replace("title:", f"# {number}\ntitle:", 1))
        library.load(path, sounds=SOUNDS)
        (newest,) = set(scriptcache.folder().iterdir()) - set(written)
        os.utime(newest, (1_000_000 + number, 1_000_000 + number))  # in the order written
        written.append(newest)
    # Room for three: putting one more entry leaves the three newest.
    monkeypatch.setattr(scriptcache, "LIMIT", sum(e.stat().st_size for e in written[3:]))
    scriptcache.prune()
    assert sorted(scriptcache.folder().iterdir()) == sorted(written[3:])
    # And it happens by itself, after each entry written.
    extra = tmp_path / "s6.yaml"
    extra.write_text(SCRIPT.replace("title:", "# 6\ntitle:", 1))
    library.load(extra, sounds=SOUNDS)
    assert len(list(scriptcache.folder().iterdir())) == 3
    assert written[3] not in set(scriptcache.folder().iterdir())


def test_prompts_on_a_chosen_phase_come_back_from_the_cache_exactly(tmp_path: Path) -> None:
    path = tmp_path / "phases.yaml"
    path.write_text(
        "title: Phases\nsteps:\n  - breathe:\n      cycles: 3\n"
        "      pattern: {inhale: 4, hold: 1, exhale: 6}\n"
        "      prompts: {1: Settle., 2: {exhale: Let it go., hold: Stay.}}\n"
    )
    first = library.load(path, "file", SOUNDS)
    assert first.script is not None and first.problems == ()
    cached = scriptcache.get(path, path.read_bytes(), SOUNDS)
    assert cached is not None
    assert cached == first.script
    assert cached.steps[0].phase_prompts == {2: {"exhale": "Let it go.", "hold": "Stay."}}  # type: ignore[union-attr]
