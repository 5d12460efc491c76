"""What several commands share: finding the script a user named, and showing how far
the voice has got."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from mindful_tui.cli.failure import Failure
from mindful_tui.core.script.problems import display_path
from mindful_tui.core.storage import library

if TYPE_CHECKING:
    from mindful_tui.core.script.model import Script


def load_named(name: str) -> Script:
    """The script a user named (or its errors, printed, as a ``Failure``); a timer by
    its name (``timer-20-every-5``) when no script has that name."""
    try:
        path, source = library.resolve(name)
    except library.NotFound as exc:
        from mindful_tui.core.script.plain_timer import named_timer

        made = named_timer(name)
        if made is not None:
            return made
        raise Failure(str(exc)) from None
    entry = library.load(path, source)
    errors = [p for p in entry.problems if p.is_error]
    if entry.script is None or errors:
        for problem in errors:
            print(problem, file=sys.stderr)
        count = len(errors)
        raise Failure(
            f"{display_path(path)}: {count} error{'s' if count != 1 else ''}; nothing was played"
        )
    return entry.script


def check_language(script: Script, voiced: bool) -> None:
    """Refuse a script whose language no installed voice speaks, while the voice is on
    (its error printed, as a ``Failure``); with no speech engine there is nothing to
    refuse: the voice is off, and the player says so."""
    if not voiced:
        return
    from mindful_tui.session.languages import language_problems

    problems, _ = language_problems([script])
    for _, problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        shown = display_path(script.path) if script.path is not None else script.title
        raise Failure(f"{shown}: 1 error; nothing was played")


def voice_progress(done: int, total: int) -> None:
    """Voice lines rendered so far, on one line of a terminal (nothing when piped)."""
    if total and sys.stderr.isatty():
        end = "\n" if done >= total else ""
        print(
            f"\rPreparing the voice: {done} of {total} lines", end=end, file=sys.stderr, flush=True
        )
