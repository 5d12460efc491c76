"""A cache of parsed scripts: starting the player (or the picker, which reads every
script) need not import PyYAML and parse files that have not changed.

A script that loaded without a single problem is stored in ``cache_dir()/scripts``,
under a key made from its path and bytes, the sound names it could use, the breath
``pattern: mine`` stands for, and the versions of the package and of Python. Anything
that could change the result (an edit, a sound added or removed, a new calibration, an
upgrade) changes the key, and the file is parsed afresh.

Entries are ``marshal`` data (built into Python, so nothing is imported to read them;
the same trust as Python's own bytecode cache beside the code), written whole: a
temporary file renamed into place. An entry that cannot be read is a miss, and a cache
that cannot be written is never an error: it only makes the next start slower.

An entry is checked as it is read, not trusted: every value must have the type the
script model gives it, or the entry is a miss and the file is parsed again (whatever
was put in the folder, reading it never raises). The folder is kept within ``LIMIT``
bytes: after each entry written, the oldest go first.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import types
import typing
from collections.abc import Callable
from dataclasses import fields, is_dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any, Literal, Union, get_args, get_origin

from mindful_tui.core.script import model
from mindful_tui.core.script.model import Script
from mindful_tui.core.storage import disk, scriptkey
from mindful_tui.core.storage.locations import cache_dir

FORMAT = 2
"""Bumped when the encoding below changes."""

LIMIT = 16 * 1024 * 1024
"""Bytes of parsed scripts kept: thousands of scripts (an entry is a few kilobytes)."""

_CLASSES: dict[str, type] = {
    cls.__name__: cls
    for cls in (
        model.Phase,
        model.Pattern,
        model.Voice,
        model.Say,
        model.Ask,
        model.Checkin,
        model.Chime,
        model.Silence,
        model.Breathe,
        model.Script,
    )
}
_FIELDS: dict[str, int] = {name: len(fields(cls)) for name, cls in _CLASSES.items()}
"""How many fields each class has: an entry from another layout is a miss. (Counted once:
``fields()`` for each decoded value was a third of the picker's reading of the cache.)"""


def folder() -> Path:
    """Where parsed scripts are kept."""
    return cache_dir() / "scripts"


def key(path: Path, data: bytes, sounds: frozenset[str], mine: str = "") -> str:
    """The name of the entry for ``path`` holding ``data``, with ``sounds`` available
    and ``mine`` (a calibrated breath, described) standing for ``pattern: mine``."""
    return scriptkey.key(path, data, sounds, f"{FORMAT}\0{mine}")


def get(path: Path, data: bytes, sounds: frozenset[str], mine: str = "") -> Script | None:
    """The script stored for these bytes, or None."""
    try:
        raw = (folder() / key(path, data, sounds, mine)).read_bytes()
        # Our own files, in the user's own cache: trusted as Python's __pycache__ is.
        script = _decode(marshal.loads(raw))  # noqa: S302
        if not _valid(script, Script):
            return None
    except Exception:  # anything in the folder: a miss, and the file is parsed again
        return None
    return script if isinstance(script, Script) else None


def put(path: Path, data: bytes, sounds: frozenset[str], script: Script, mine: str = "") -> None:
    """Store ``script`` as what these bytes parse to (silently skipped on failure)."""
    target = folder() / key(path, data, sounds, mine)
    with contextlib.suppress(OSError, ValueError, TypeError):
        disk.write_atomically(target, marshal.dumps(_encode(script)), durable=False)
        prune()


def prune(limit: int | None = None) -> None:
    """Keep the folder within ``limit`` bytes (``LIMIT``), the oldest entries first."""
    disk.keep_within(folder(), LIMIT if limit is None else limit)


# Checking what was read: each value against the type the model declares for it. Each
# type gets its checker made once (a closure), so a value costs one call, not a walk
# through ``typing`` (that walk was most of the picker's reading of the cache).

Check = Callable[[Any], bool]
_CHECKS: dict[Any, Check] = {}


def _valid(value: Any, hint: Any) -> bool:
    """True when ``value`` is of the type ``hint`` (as the script model writes types)."""
    return _checker(hint)(value)


def _checker(hint: Any) -> Check:
    found = _CHECKS.get(hint)
    if found is None:
        found = _CHECKS[hint] = _make_checker(hint)
    return found


def _make_checker(hint: Any) -> Check:
    origin = get_origin(hint)
    if origin is Literal:
        allowed = [(arg, type(arg)) for arg in get_args(hint)]
        return lambda v: any(v == a and type(v) is t for a, t in allowed)
    if origin is Union or origin is types.UnionType:
        options = [_checker(arg) for arg in get_args(hint)]
        return lambda v: any(check(v) for check in options)
    if origin is tuple:
        item = _checker(get_args(hint)[0])
        return lambda v: isinstance(v, tuple) and all(map(item, v))
    if origin is dict:
        key_hint, item_hint = get_args(hint)
        keys, items = _checker(key_hint), _checker(item_hint)
        return lambda v: isinstance(v, dict) and all(keys(k) and items(i) for k, i in v.items())
    if hint is type(None):
        return lambda v: v is None
    if hint is int:
        return lambda v: type(v) is int
    if hint is float:
        return lambda v: type(v) in (int, float)
    if isinstance(hint, type) and is_dataclass(hint):
        cls = hint
        members: list[tuple[str, Check]] = []  # filled once the class's own checker exists

        def check_dataclass(v: Any) -> bool:
            if not members:
                resolved = typing.get_type_hints(cls, vars(model))
                members.extend((f.name, _checker(resolved[f.name])) for f in fields(cls))
            return type(v) is cls and all(check(getattr(v, n)) for n, check in members)

        return check_dataclass
    if isinstance(hint, type):
        return lambda v: isinstance(v, hint)
    return lambda v: False


# Values become plain data: a tuple's first item says what it was (strings, numbers,
# booleans and None stand for themselves; a bare tuple never appears untagged). Only what
# the script model holds is encoded; anything else is a TypeError, and is not cached.


def _encode(value: Any) -> Any:
    if value is None or isinstance(value, str | bool | int | float):
        return value
    if isinstance(value, Fraction):
        return ("F", value.numerator, value.denominator)
    if isinstance(value, Path):
        return ("P", os.fspath(value))
    if is_dataclass(value) and not isinstance(value, type):
        name = type(value).__name__
        if _CLASSES.get(name) is not type(value):
            raise TypeError(f"cannot cache a {name}")
        return ("D", name, tuple(_encode(getattr(value, f.name)) for f in fields(value)))
    if isinstance(value, tuple):
        return ("T", tuple(_encode(v) for v in value))
    if isinstance(value, dict):
        return ("M", tuple((_encode(k), _encode(v)) for k, v in value.items()))
    raise TypeError(f"cannot cache a {type(value).__name__}")


def _decode(value: Any) -> Any:
    if not isinstance(value, tuple):
        return value
    tag = value[0]
    if tag == "F":
        return Fraction(value[1], value[2])
    if tag == "P":
        return Path(value[1])
    if tag == "D":
        if _FIELDS[value[1]] != len(value[2]):
            raise ValueError("a cached script from another layout")
        # Positionally, in the order of ``fields()``, as ``_encode`` wrote them.
        return _CLASSES[value[1]](*[_decode(v) for v in value[2]])
    if tag == "T":
        return tuple([_decode(v) for v in value[1]])  # a list first: faster than a generator
    if tag == "M":
        return {_decode(k): _decode(v) for k, v in value[1]}
    raise ValueError(f"unknown tag {tag!r}")
