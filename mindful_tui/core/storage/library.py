"""The scripts and sounds a user has: built in, and their own.

A broken script is listed with its problems; it never hides the others. Anything in the
folder that cannot be read (a FIFO, a symlink that loops, a file without permission) is
listed as broken, and nothing is opened that could block.

One rule decides which file a name means, for ``play``, ``list``, ``check`` and the
picker alike: a user's script before a built-in one, and in one folder ``NAME.yaml``
before ``NAME.yml``. Every other file of that name is listed as shadowed by the winner.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from mindful_tui.core.script.files import read_regular
from mindful_tui.core.script.problems import Problem, display_path
from mindful_tui.core.storage import locations, scriptkey

if TYPE_CHECKING:  # the model loads with the first script read, not before
    from mindful_tui.core.script.model import Pattern, Script

Source = Literal["built-in", "user", "file"]


@dataclass(frozen=True)
class Entry:
    """One script file and what loading it gave."""

    name: str
    path: Path
    source: Source
    script: Script | None
    problems: tuple[Problem, ...]
    shadowed_by: Path | None = None
    """The file that wins this name when this one is hidden by it (see the rule above)."""


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
    from mindful_tui.core.storage import scriptcache  # the model: with the first script read

    names = sound_names() if sounds is None else sounds
    try:
        data: bytes | None = read_regular(path)
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


SUFFIXES = (".yaml", ".yml")
"""In the order they win: ``NAME.yaml`` before ``NAME.yml`` in one folder."""


def _folders() -> list[tuple[Path, Source]]:
    """The script folders in the order they win: the user's before the built-in one."""
    return [
        (locations.user_scripts_dir(), "user"),
        (locations.builtin_scripts_dir(), "built-in"),
    ]


def _scripts_in(folder: Path) -> list[Path]:
    """The script files named in ``folder`` (whatever they are: nothing is opened)."""
    try:
        with os.scandir(folder) as listing:
            names = [e.name for e in listing if e.name.endswith(SUFFIXES)]
    except OSError:
        return []
    return [folder / n for n in sorted(names, key=lambda n: (Path(n).stem, _rank(n)))]


def _rank(name: str) -> int:
    return SUFFIXES.index(Path(name).suffix) if Path(name).suffix in SUFFIXES else len(SUFFIXES)


@dataclass(frozen=True)
class File:
    """A script file found in a folder, before it is read."""

    path: Path
    source: Source
    shadowed_by: Path | None
    """The file that wins its name, when that is another one (see the rule above)."""


def files() -> list[File]:
    """Every built-in and user script file, built-in first, each sorted by name; nothing
    is opened."""
    found = [(path, source) for folder, source in _folders() for path in _scripts_in(folder)]
    winners: dict[str, Path] = {}
    for path, _source in found:  # in the order they win
        winners.setdefault(path.stem, path)
    return [
        File(path, source, None if winners[path.stem] == path else winners[path.stem])
        for path, source in sorted(found, key=lambda f: f[1] != "built-in")  # stable
    ]


def entries() -> list[Entry]:
    """Every built-in and user script, loaded, in the order of ``files()``; a file whose
    name another file wins has ``shadowed_by`` set."""
    sounds = sound_names()
    return [entry(file, sounds) for file in files()]


def entry(file: File, sounds: frozenset[str] | None = None) -> Entry:
    """``file`` loaded (``shadowed_by`` kept)."""
    loaded = load(file.path, file.source, sounds)
    return loaded if file.shadowed_by is None else replace(loaded, shadowed_by=file.shadowed_by)


def fingerprint(path: Path, sounds: frozenset[str]) -> str | None:
    """A key that changes whenever what ``path`` loads to could (its bytes, the sounds,
    the calibration for ``pattern: mine``, the versions); None when it cannot be read."""
    try:
        data = read_regular(path)
    except OSError:
        return None
    return scriptkey.key(path, data, sounds, _calibration_stamp() if b"mine" in data else "")


def _calibration_stamp() -> str:
    """When the calibrations were last written, without reading them."""
    from mindful_tui.core.storage.calibrations import calibrations_path

    try:
        found = calibrations_path().stat()
    except OSError:
        return "none"
    return f"{found.st_mtime_ns}:{found.st_size}:{found.st_ino}"


def winning(name: str) -> tuple[Path, Source] | None:
    """The file a script name means, by the rule above (even one that cannot be read:
    it is still the file that name means, and loading it says what is wrong)."""
    for folder, source in _folders():
        for suffix in SUFFIXES:
            candidate = folder / f"{name}{suffix}"
            if os.path.lexists(candidate):
                return candidate, source
    return None


def resolve(name: str) -> tuple[Path, Source]:
    """The file a user means: a path to a file, else a user script, else a built-in one."""
    path = Path(name)
    if path.is_file():
        return path, "file"
    if path.suffix in SUFFIXES or "/" in name:
        if os.path.lexists(path):
            return path, "file"  # loading it says why it cannot be read
        raise NotFound(f"no script file at {name}")
    if (found := winning(name)) is not None:
        return found
    known = sorted({e.name for e in entries()})
    import difflib

    close = difflib.get_close_matches(name, known, n=1)
    hint = f' (did you mean "{close[0]}"?)' if close else ""
    raise NotFound(f'no script named "{name}"{hint}; `mindful list` shows them all')
