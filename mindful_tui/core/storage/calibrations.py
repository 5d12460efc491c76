"""Your calibrations (``mindful calibrate``), kept as JSON beside the settings: every one
with when it was made, the latest being the breath ``pattern: mine`` plays.

Saving writes the whole file atomically (a crash leaves the old file or the new, never
half). Reading forgives: an entry that cannot be used is skipped with a warning, and a
file that cannot be read at all is a warning too, never a crash; before a new
calibration is saved over a file that could not be read, that file is kept beside it
(``calibrations.json.damaged-`` and the time), so nothing saved before is lost.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from mindful_tui.core.storage import disk, locations
from mindful_tui.core.timing.calibration import LONGEST, SHORTEST, Calibration

FILE_NAME = "calibrations.json"
VERSION = 1


@dataclass(frozen=True)
class Saved:
    """One calibration and when it was made (ISO 8601 with the local UTC offset)."""

    at: str
    calibration: Calibration

    @property
    def made(self) -> datetime:
        """``at`` as a datetime (always with its UTC offset)."""
        return datetime.fromisoformat(self.at)

    def to_json(self) -> dict[str, Any]:
        c = self.calibration
        return {
            "at": self.at,
            "inhale": round(c.inhale, 3),
            "exhale": round(c.exhale, 3),
            "breaths": c.breaths,
            "breaths_per_minute": round(c.breaths_per_minute, 3),
        }


def calibrations_path() -> Path:
    """Where the calibrations live: the config folder, beside the settings."""
    return locations.config_dir() / FILE_NAME


def load(path: Path | None = None) -> tuple[list[Saved], list[str]]:
    """Every calibration kept, oldest first, and a warning for each thing not usable."""
    path = path or calibrations_path()
    raw, warnings = _read(path)
    if raw is None:
        return [], warnings
    out: list[Saved] = []
    for number, item in enumerate(raw, 1):
        saved = _entry(item)
        if saved is None:
            warnings.append(f"{path}: calibration {number} cannot be used; it is skipped")
        else:
            out.append(saved)
    return out, warnings


def latest(path: Path | None = None) -> tuple[Calibration | None, list[str]]:
    """The calibration ``pattern: mine`` plays (the newest), and any warnings."""
    history, warnings = load(path)
    return (history[-1].calibration if history else None), warnings


BEFORE = timedelta(minutes=30)
"""A calibration made this long before a session started is the breath it started from."""


def before(started: datetime, path: Path | None = None) -> Calibration | None:
    """The newest calibration made in the ``BEFORE`` window up to ``started`` (None if
    there is none: an older one says little about the breath the session began with)."""
    kept, _ = load(path)
    for saved in reversed(kept):
        if started - BEFORE <= saved.made <= started:
            return saved.calibration
    return None


def save(calibration: Calibration, path: Path | None = None, at: datetime | None = None) -> Saved:
    """Add ``calibration`` (made ``at``, by default now) to those kept, atomically."""
    path = path or calibrations_path()
    when = (at or datetime.now().astimezone()).isoformat(timespec="seconds")
    entry = Saved(when, calibration)
    raw, warnings = _read(path)
    if raw is None and warnings:  # unreadable: kept beside, never written over
        stamp = when.replace(":", "")
        path.replace(path.with_name(f"{path.name}.damaged-{stamp}"))
    kept = list(raw or [])
    kept.append(entry.to_json())
    import json

    text = json.dumps({"version": VERSION, "calibrations": kept}, indent=1, ensure_ascii=False)
    disk.write_atomically(path, (text + "\n").encode("utf-8"))
    return entry


def _read(path: Path) -> tuple[list[Any] | None, list[str]]:
    """The file's list of calibrations as stored (None when there is none to read)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, []
    except (OSError, UnicodeDecodeError) as exc:
        return None, [_unreadable(path, exc)]
    import json

    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        return None, [_unreadable(path, exc)]
    items = data.get("calibrations") if isinstance(data, dict) else None
    if not isinstance(items, list):
        return None, [f"{path}: not a list of calibrations; none are used"]
    return items, []


def _unreadable(path: Path, exc: Exception) -> str:
    reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return f"{path}: cannot read the calibrations ({reason}); none are used"


def _entry(item: object) -> Saved | None:
    """One stored calibration, if every field is there and in range."""
    if not isinstance(item, dict):
        return None
    at, inhale, exhale, breaths = (item.get(k) for k in ("at", "inhale", "exhale", "breaths"))
    if not isinstance(at, str) or not isinstance(breaths, int) or isinstance(breaths, bool):
        return None
    try:
        if datetime.fromisoformat(at).tzinfo is None:
            return None
    except ValueError:
        return None
    for value in (inhale, exhale):
        if (
            not isinstance(value, int | float)
            or isinstance(value, bool)
            or not math.isfinite(value)
            or not SHORTEST <= value <= LONGEST
        ):
            return None
    if not 1 <= breaths <= 1000:
        return None
    assert isinstance(inhale, int | float) and isinstance(exhale, int | float)
    return Saved(at, Calibration(float(inhale), float(exhale), breaths))
