"""Problems found in a script: an error or a warning tied to a file, line and column."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from mindful_tui.core.safetext import escaped

if TYPE_CHECKING:
    from mindful_tui.core.script.model import Script

Severity = Literal["error", "warning"]

SHOWN_CHARS = 40
"""How much of a script's line a message quotes."""


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong (or unwise) in a script, at a 1-based line and column."""

    path: str
    line: int
    column: int
    severity: Severity
    message: str
    rule: str = ""
    """For a warning about practice, which rule gave it (such as ``chime-ring``), so that
    a program can tell them apart; empty for the others."""

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


def step_warning(
    script: Script, step: int, message: str, rule: str = "", shown: str | None = None
) -> Problem:
    """A warning about step ``step`` of ``script``, at the line and column it starts on;
    ``shown`` is the script's name in messages when it is already known."""
    if shown is None:
        shown = shown_name(script)
    line = script.step_lines[step] if step < len(script.step_lines) else 1
    column = script.step_columns[step] if step < len(script.step_columns) else 1
    return Problem(shown, line, column, "warning", message, rule)


def shown_name(script: Script) -> str:
    """How messages name ``script``: its path as the user should read it."""
    return display_path(script.path) if script.path else "<script>"


def display_path(path: Path | str) -> str:
    """The path as the user should read it: relative to the working folder when inside it."""
    p = Path(path)
    try:
        return str(p.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError, RuntimeError):  # RuntimeError: a symlink that loops
        return str(p)


def short_text(text: str) -> str:
    """The start of a long line, cut at a word, for a message."""
    text = " ".join(text.split())
    if len(text) <= SHOWN_CHARS:
        return text
    cut = text[:SHOWN_CHARS].rsplit(" ", 1)[0].rstrip(",.;:")
    return f"{cut}..."
