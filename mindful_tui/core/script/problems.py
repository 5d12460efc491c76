"""Problems found in a script: an error or a warning tied to a file, line and column."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from mindful_tui.core.safetext import escaped

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong (or unwise) in a script, at a 1-based line and column."""

    path: str
    line: int
    column: int
    severity: Severity
    message: str

    def __str__(self) -> str:
        # A message may quote the script's own text: never let it drive the terminal.
        message = escaped(self.message)
        return f"{escaped(self.path)}:{self.line}:{self.column}: {self.severity}: {message}"

    @property
    def is_error(self) -> bool:
        """True for an error, False for a warning."""
        return self.severity == "error"


class ScriptError(Exception):
    """A script could not be loaded; carries every error found, in file order."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def display_path(path: Path | str) -> str:
    """The path as the user should read it: relative to the working folder when inside it."""
    p = Path(path)
    try:
        return str(p.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError, RuntimeError):  # RuntimeError: a symlink that loops
        return str(p)
