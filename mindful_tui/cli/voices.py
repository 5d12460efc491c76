"""``mindful voices``: the speech engine's installed voices, as a table or JSON.

A voice's id (or its name) is what a script's ``voice: {name: ...}`` takes.
"""

from __future__ import annotations

import json

from mindful_tui.cli.failure import Failure
from mindful_tui.sound.languages import installed_languages, speaks
from mindful_tui.sound.voice import NoEngine, list_voices


def voices(as_json: bool, language: str | None = None) -> int:
    """Print the installed voices (``language``: only those that speak it); with no
    speech engine, one clear line and exit 1."""
    try:
        found = list_voices()
    except NoEngine as exc:
        raise Failure(str(exc)) from None
    if language is not None:
        every = found
        found = [v for v in every if speaks(v, language)]
        if not found:
            raise Failure(
                f'no voice speaks the language "{language}"; installed languages:'
                f" {', '.join(installed_languages(every))}"
            )
    if as_json:
        rows = [{"id": v.id, "name": v.name, "languages": list(v.languages)} for v in found]
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    if not found:
        print("no voices are installed")
        return 0
    width = max(len(v.id) for v in found)
    name_width = max(len(v.name) for v in found)
    for v in found:
        print(f"{v.id:<{width}}  {v.name:<{name_width}}  {', '.join(v.languages)}".rstrip())
    print(
        f"{len(found)} voice{'s' if len(found) != 1 else ''}; a script picks one with"
        "  voice: {name: ID}, or its language with  language: CODE"
    )
    return 0
