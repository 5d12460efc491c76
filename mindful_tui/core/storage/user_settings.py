"""The user's settings, kept as YAML in the config folder.

A missing file gives the defaults; a damaged or partly wrong one gives the defaults for
what could not be read, with one warning each, and is never overwritten until the user
saves new settings.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any

from mindful_tui.core.script.vocabulary import BACKGROUNDS, MAX_SESSION_MINUTES, NO_BACKGROUND
from mindful_tui.core.script.words import DEFAULT_LANGUAGE, LANGUAGE_CODE, normal
from mindful_tui.core.storage import disk, locations

FILE_NAME = "settings.yaml"
MAX_LEAD_IN = 600
"""The longest lead-in, in seconds (ten minutes to get onto the table is plenty)."""


@dataclass(frozen=True)
class Settings:
    """Everything a user can set; each field's docstring is its help text."""

    voice: bool = True
    """Speak the lines and the phase words."""
    voice_name: str | None = None
    """The voice id for English sessions (`mindful voices` lists them); none: the default.
    A session in another language speaks with a voice of that language."""
    rate: int = 150
    """Speaking rate in words a minute, unless a script sets its own."""
    sound: bool = True
    """Play chimes and phase tones at all."""
    phase_tones: bool = True
    """A tone at each phase (rising in, level hold, falling out): follow with eyes closed."""
    whole_phase_tones: bool = True
    """Each phase's tone lasts the whole phase, so you hear how far through it you are;
    off: a short tone as each phase starts."""
    voice_volume: float = 0.9
    """Volume of the voice, 0 to 1."""
    chime_volume: float = 0.7
    """Volume of chimes, 0 to 1."""
    tone_volume: float = 0.4
    """Volume of the phase tones, 0 to 1."""
    background: str = NO_BACKGROUND
    """A quiet bed under every session: brown, pink, drone or none;
    a script's own background, or --background, comes first."""
    background_volume: float = 0.5
    """Volume of the background bed, 0 to 1 (made well under the rest: at 0.5 it is
    about 19 LU under the voice)."""
    theme: str = "textual-dark"
    """The Textual theme."""
    dim: bool = False
    """Start sessions in dim mode: dark, still, large text."""
    default_minutes: float | None = None
    """Scale every session to this length unless told otherwise; none keeps each script's."""
    keep_awake: bool = True
    """Keep the computer and its screen awake while a session plays."""
    lead_in: int = 0
    """Seconds of quiet countdown before a session starts, to lie down and settle."""
    language: str = DEFAULT_LANGUAGE
    """The language you would like sessions in (en, de, es, fr …): listed first, then English.
    F6 in the list of sessions shows the other languages."""

    def check(self) -> list[str]:
        """What is out of range, one line each (empty when all is well)."""
        out = []
        if not 60 <= self.rate <= 400:
            out.append(f"rate must be 60–400 words a minute, got {self.rate}")
        for name in ("voice_volume", "chime_volume", "tone_volume", "background_volume"):
            value = getattr(self, name)
            if not 0 <= value <= 1:
                out.append(f"{name} must be from 0 to 1, got {value}")
        if self.default_minutes is not None and not 0 < self.default_minutes <= MAX_SESSION_MINUTES:
            out.append(
                f"default_minutes must be over 0 and at most {MAX_SESSION_MINUTES} (six hours),"
                f" got {self.default_minutes}"
            )
        if self.background not in (*BACKGROUNDS, NO_BACKGROUND):
            names = ", ".join((*BACKGROUNDS, NO_BACKGROUND))
            out.append(f"background must be one of {names}, got {self.background!r}")
        if not LANGUAGE_CODE.match(normal(self.language)):
            out.append(
                f"language must be a language code such as en, de, es or fr, got {self.language!r}"
            )
        if not 0 <= self.lead_in <= MAX_LEAD_IN:
            out.append(f"lead_in must be 0–{MAX_LEAD_IN} seconds, got {self.lead_in}")
        return out


def settings_path() -> Path:
    """Where the settings live."""
    return locations.config_dir() / FILE_NAME


def _unreadable(path: Path, exc: Exception) -> str:
    reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return f"{path}: cannot read the settings ({reason}); using the defaults"


def load(path: Path | None = None) -> tuple[Settings, list[str]]:
    """The saved settings and a warning for each thing that could not be used."""
    path = path or settings_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Settings(), []
    except (OSError, UnicodeDecodeError) as exc:
        return Settings(), [_unreadable(path, exc)]
    import yaml  # only when there is a file to read

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        return Settings(), [_unreadable(path, exc)]
    if data is None:
        return Settings(), []
    if not isinstance(data, dict):
        return Settings(), [f"{path}: settings must be a mapping; using the defaults"]
    warnings: list[str] = []
    settings = Settings()
    kinds = {f.name: f.type for f in fields(Settings)}
    for key, value in data.items():
        if key not in kinds:
            warnings.append(f"{path}: unknown setting {key!r} ignored")
            continue
        coerced = _coerce(str(kinds[key]), value)
        changes: dict[str, Any] = {key: coerced}
        trial = replace(settings, **changes) if coerced is not _WRONG else None
        if trial is None or len(trial.check()) > len(settings.check()):
            warnings.append(f"{path}: setting {key}: {value!r} is not usable; using the default")
            continue
        settings = trial
    return settings, warnings


_WRONG = object()


def _coerce(kind: str, value: object) -> object:
    """``value`` as the field's type (by its annotation's text), or ``_WRONG``."""
    if value is None:
        return None if "None" in kind else _WRONG
    if isinstance(value, bool):
        return value if kind.startswith("bool") else _WRONG
    if kind.startswith("int"):
        return value if isinstance(value, int) else _WRONG
    if kind.startswith("float"):
        return float(value) if isinstance(value, int | float) else _WRONG
    if kind.startswith("str"):
        return value if isinstance(value, str) else _WRONG
    return _WRONG


def save(settings: Settings, path: Path | None = None) -> Path:
    """Write the settings atomically (a crash leaves the old file or the new, never half)."""
    path = path or settings_path()
    import yaml

    text = yaml.safe_dump(asdict(settings), sort_keys=False, allow_unicode=True)
    header = "# mindful-tui settings: edit here or in the app's settings screen\n"
    disk.write_atomically(path, (header + text).encode("utf-8"))
    return path
