"""Every folder the app reads or writes, in one place.

``MINDFUL_TUI_HOME`` points them all at one folder (tests use it so that a user's own
folders are never touched); otherwise the platform's folders from ``platformdirs``.
"""

from __future__ import annotations

import os
from pathlib import Path

APP = "mindful-tui"
HOME_VARIABLE = "MINDFUL_TUI_HOME"


def _home() -> Path | None:
    value = os.environ.get(HOME_VARIABLE)
    return Path(value) if value else None


def config_dir() -> Path:
    """Settings and the user's own scripts and sounds."""
    home = _home()
    if home is not None:
        return home / "config"
    from platformdirs import user_config_path

    return user_config_path(APP)


def data_dir() -> Path:
    """The practice log."""
    home = _home()
    if home is not None:
        return home / "data"
    from platformdirs import user_data_path

    return user_data_path(APP)


def cache_dir() -> Path:
    """Rendered voice lines."""
    home = _home()
    if home is not None:
        return home / "cache"
    from platformdirs import user_cache_path

    return user_cache_path(APP)


def user_scripts_dir() -> Path:
    """Where a user's own scripts live."""
    return config_dir() / "scripts"


def user_sounds_dir() -> Path:
    """Where a user's own sounds (WAV) live."""
    return config_dir() / "sounds"


def _shipped(name: str) -> Path:
    """A folder shipped with the package: inside it in a wheel, at the top of the repo in
    a source checkout (the wheel build copies ``scripts/`` and ``audio/`` into it)."""
    import mindful_tui

    package = Path(mindful_tui.__file__).resolve().parent  # mindful_tui/, installed on disk
    inside = package / name
    if inside.is_dir():
        return inside
    return package.parent / name


def builtin_scripts_dir() -> Path:
    """The built-in session scripts."""
    return _shipped("scripts")


def builtin_sounds_dir() -> Path:
    """The built-in sounds."""
    return _shipped("audio")
