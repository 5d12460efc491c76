"""The interlude a session can play inside it: turning over (``t``), at the next
out-breath, after which the session goes on where it was.

It is the script ``turning-over`` in the session's language: ``turning-over-LANG`` (by the
language without its region, ``turning-over-de`` for a ``de-at`` session) when there is
one, else ``turning-over``; each name yours when you have one, else the built-in one. It
is set up with the session's own choices (voice, sound, speed) and played at its own
length: your default length and a lead-in are for sessions, not for it.
"""

from __future__ import annotations

from dataclasses import replace

from mindful_tui.core.script.words import DEFAULT_LANGUAGE, primary
from mindful_tui.core.storage import library
from mindful_tui.core.storage.user_settings import Settings
from mindful_tui.session.options import Choices, Options, Setup, setup

TURNING_OVER = "turning-over"


def names(name: str, language: str) -> list[str]:
    """The scripts that may play interlude ``name`` in ``language``, first choice first:
    ``NAME-LANG`` for a language other than English, then ``NAME``."""
    lang = primary(language)
    return [f"{name}-{lang}", name] if lang != primary(DEFAULT_LANGUAGE) else [name]


def interlude_setup(options: Options, settings: Settings, name: str = TURNING_OVER) -> Setup | None:
    """The script ``name``, in the session's language when there is one (see above), set
    up to play inside a session that plays with ``options``; None when there is no such
    script or each has errors (the session plays on without)."""
    for candidate in names(name, options.speech.language):
        found = library.winning(candidate)
        if found is None:
            continue
        entry = library.load(*found)
        if entry.script is None or any(p.is_error for p in entry.problems):
            continue
        choices = Choices(voice=options.voice, sound=options.sound, speed=options.speed, lead_in=0)
        return setup(entry.script, replace(settings, default_minutes=None), choices)
    return None
