"""What a list of scripts shows of each one, kept in one small file: the picker's first
frame reads it and parses, checks and plans nothing.

For each script the index holds its ``Facts``: title, summary, tags, language, the
moments it is for, its length as written and as it would play with the user's settings,
its pace, and its first error. An entry is found by the key of the parsed-script cache
(the file's path and bytes, the sounds, the calibration a ``pattern: mine`` stands for,
the versions), so an edit, a new sound or calibration or an upgrade is a miss; the index
as a whole is also tied to the settings it was made with (``context``).

Like the parsed-script cache it is ``marshal`` data written whole, checked as it is read
(a damaged or crafted index is a miss, never an error), and rewritten with only the
scripts listed, so it never grows past them.
"""

from __future__ import annotations

import contextlib
import marshal
from dataclasses import astuple, dataclass, fields
from fractions import Fraction
from pathlib import Path
from typing import Any

from mindful_tui.core.storage import disk
from mindful_tui.core.storage.locations import cache_dir

FORMAT = 1
"""Bumped when the layout of ``Facts`` changes."""


@dataclass(frozen=True)
class Facts:
    """What a list shows of one script."""

    title: str | None
    """None when the file could not be read into a script."""
    summary: str
    tags: tuple[str, ...]
    language: str
    moments: tuple[str, ...]
    broken: bool
    """It has errors: it cannot be played until they are fixed."""
    error: str
    """The first error, said in one line ("" without one)."""
    natural: Fraction
    """Its length as written, in seconds."""
    listed: Fraction
    """Its length as it would play with the settings, in seconds."""
    pace: Fraction | None
    """Breaths a minute over its breathing, as it would play; None without breathing."""


_KINDS: dict[str, tuple[type, ...]] = {
    "title": (str, type(None)),
    "summary": (str,),
    "tags": (tuple,),
    "language": (str,),
    "moments": (tuple,),
    "broken": (bool,),
    "error": (str,),
    "natural": (tuple,),
    "listed": (tuple,),
    "pace": (tuple, type(None)),
}
assert list(_KINDS) == [f.name for f in fields(Facts)]
_FRACTIONS = ("natural", "listed", "pace")


def path() -> Path:
    """Where the index is kept."""
    return cache_dir() / "listing"


def _encode(facts: Facts) -> tuple[Any, ...]:
    values = dict(zip(_KINDS, astuple(facts), strict=True))
    for name in _FRACTIONS:
        value = values[name]
        if isinstance(value, Fraction):
            values[name] = (value.numerator, value.denominator)
    return tuple(values.values())


def _decode(raw: Any) -> Facts | None:
    """The facts ``raw`` holds, or None when it is not what ``_encode`` writes."""
    if type(raw) is not tuple or len(raw) != len(_KINDS):
        return None
    values: dict[str, Any] = {}
    for (name, kinds), value in zip(_KINDS.items(), raw, strict=True):
        if type(value) not in kinds:
            return None
        if name in ("tags", "moments") and not all(type(v) is str for v in value):
            return None
        if name in _FRACTIONS and value is not None:
            if len(value) != 2 or not all(type(v) is int for v in value) or value[1] <= 0:
                return None
            value = Fraction(*value)
        values[name] = value
    return Facts(**values)


def read(context: str) -> dict[str, Facts]:
    """The facts stored by key, when the index was made in ``context``; else none."""
    try:
        # Our own file, in the user's own cache: trusted as the parsed-script cache is.
        raw = marshal.loads(path().read_bytes())  # noqa: S302
    except Exception:  # missing, damaged, or from another Python: a miss
        return {}
    if type(raw) is not tuple or len(raw) != 3 or raw[:2] != (FORMAT, context):
        return {}
    stored = raw[2]
    if type(stored) is not dict:
        return {}
    found: dict[str, Facts] = {}
    for key, value in stored.items():
        facts = _decode(value)
        if type(key) is str and facts is not None:
            found[key] = facts
    return found


def write(context: str, facts: dict[str, Facts]) -> None:
    """Keep ``facts`` (and nothing else) as the index for ``context``; never an error:
    an index that cannot be written only makes the next start slower."""
    data = (FORMAT, context, {key: _encode(f) for key, f in facts.items()})
    with contextlib.suppress(OSError, ValueError, TypeError):
        disk.write_atomically(path(), marshal.dumps(data), durable=False)
