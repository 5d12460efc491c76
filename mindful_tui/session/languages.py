"""Whether a script's language has a voice on this machine: ``check`` says so as an
error at the ``language:`` value, and ``play`` and ``render`` refuse such a script
while the voice is on, naming the languages that are installed."""

from __future__ import annotations

from collections.abc import Sequence

from mindful_tui.core.script.model import Script
from mindful_tui.core.script.problems import Problem, display_path
from mindful_tui.core.script.words import DEFAULT_LANGUAGE


def language_problems(
    scripts: Sequence[Script],
) -> tuple[list[tuple[Script, Problem]], str | None]:
    """Each script whose language no installed voice speaks, with its error; or, when
    the voices cannot be listed (no speech engine), why not."""
    asking = [s for s in scripts if s.language != DEFAULT_LANGUAGE or s.language_at]
    if not asking:
        return [], None
    from mindful_tui.sound.languages import installed_languages
    from mindful_tui.sound.voice import NoEngine, language_voice

    out = []
    for script in asking:
        try:
            found, voices = language_voice(script.language)
        except NoEngine as exc:
            return [], str(exc)
        if found is not None:
            continue
        line, column = script.language_at or (1, 1)
        shown = display_path(script.path) if script.path is not None else script.title
        out.append(
            (
                script,
                Problem(
                    shown,
                    line,
                    column,
                    "error",
                    f'no voice speaks the language "{script.language}" here; write one of the'
                    f" installed languages ({', '.join(installed_languages(voices))}),"
                    " or install its voice (espeak-ng-data)",
                ),
            )
        )
    return out, None
