"""The scripts and sounds a user has: built in, and their own.

A broken script is listed with its problems; it never hides the others.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from mindful_tui.core.script.model import Pattern, Script
from mindful_tui.core.script.problems import Problem, display_path
from mindful_tui.core.storage import locations, scriptcache

Source = Literal["built-in", "user", "file"]


@dataclass(frozen=True)
class Entry:
    """One script file and what loading it gave."""

    name: str
    path: Path
    source: Source
    script: Script | None
    problems: tuple[Problem, ...]


class NotFound(Exception):
    """No script by that name or path."""


def sound_files() -> dict[str, Path]:
    """Every sound by name; a user's sound of the same name wins over a built-in one."""
    found: dict[str, Path] = {}
    for folder in (locations.builtin_sounds_dir(), locations.user_sounds_dir()):
        if folder.is_dir():
            for path in sorted(folder.glob("*.wav")):
                found[path.stem] = path
    return found


def sound_names() -> frozenset[str]:
    """The names a ``chime`` may use."""
    return frozenset(sound_files())


def load(path: Path, source: Source = "file", sounds: frozenset[str] | None = None) -> Entry:
    """Load one script file into an entry (never raises for a bad script): from the
    cache when the file has not changed since it last loaded cleanly."""
    names = sound_names() if sounds is None else sounds
    try:
        data: bytes | None = path.read_bytes()
    except OSError:
        data = None  # the loader says what is wrong, with the file's name
    # ``pattern: mine`` is the newest calibration: read only for a script that may use it.
    mine = _calibrated() if data is None or b"mine" in data else None
    shown = mine.describe() if mine is not None else ""
    if data is not None and (cached := scriptcache.get(path, data, names, shown)) is not None:
        return Entry(path.stem, path, source, cached, ())
    try:
        from mindful_tui.core.script.loader import read_script  # PyYAML: only for a changed file

        script, problems = read_script(path, names, mine)
        if script is not None and not problems and data is not None:
            scriptcache.put(path, data, names, script, shown)
    except Exception as exc:  # a loader bug must not hide the other scripts
        shown = display_path(path)
        problems = [
            Problem(shown, 1, 1, "error", f"could not be read: {type(exc).__name__}: {exc}")
        ]
        script = None
    return Entry(path.stem, path, source, script, tuple(problems))


def _calibrated() -> Pattern | None:
    """The breath of the newest calibration, if there is one that can be read (a
    damaged file is said by ``mindful calibrate``; here a script using it is told to
    calibrate)."""
    from mindful_tui.core.storage import calibrations

    found, _ = calibrations.latest()
    return found.pattern() if found is not None else None


def entries() -> list[Entry]:
    """Every built-in and user script, built-in first, each sorted by name."""
    sounds = sound_names()
    out: list[Entry] = []
    folders: list[tuple[Path, Source]] = [
        (locations.builtin_scripts_dir(), "built-in"),
        (locations.user_scripts_dir(), "user"),
    ]
    for folder, source in folders:
        try:
            paths = sorted(folder.glob("*.yaml")) + sorted(folder.glob("*.yml"))
        except OSError:
            continue
        out.extend(load(p, source, sounds) for p in sorted(paths))
    return out


def resolve(name: str) -> tuple[Path, Source]:
    """The file a user means: a path to a file, else a user script, else a built-in one."""
    path = Path(name)
    if path.is_file():
        return path, "file"
    if path.suffix in (".yaml", ".yml") or "/" in name:
        raise NotFound(f"no script file at {name}")
    for folder, source in (
        (locations.user_scripts_dir(), "user"),
        (locations.builtin_scripts_dir(), "built-in"),
    ):
        for suffix in (".yaml", ".yml"):
            candidate = folder / f"{name}{suffix}"
            if candidate.is_file():
                return candidate, source  # type: ignore[return-value]
    known = sorted({e.name for e in entries()})
    import difflib

    close = difflib.get_close_matches(name, known, n=1)
    hint = f' (did you mean "{close[0]}"?)' if close else ""
    raise NotFound(f'no script named "{name}"{hint}; `mindful list` shows them all')
