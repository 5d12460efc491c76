"""The interlude a session can play inside it: turning over (``t``), at the next
out-breath, after which the session goes on where it was.

It is the script ``turning-over`` (yours, when you have one by that name, else the
built-in one), set up with the session's own choices (voice, sound, speed) and played at
its own length: your default length and a lead-in are for sessions, not for it.
"""

from __future__ import annotations

from dataclasses import replace

from mindful_tui.core.storage import library
from mindful_tui.core.storage.user_settings import Settings
from mindful_tui.session.options import Choices, Options, Setup, setup

TURNING_OVER = "turning-over"


def interlude_setup(options: Options, settings: Settings, name: str = TURNING_OVER) -> Setup | None:
    """The script ``name`` set up to play inside a session that plays with ``options``;
    None when there is no such script or it has errors (the session plays on without)."""
    found = library.winning(name)
    if found is None:
        return None
    entry = library.load(*found)
    if entry.script is None or any(p.is_error for p in entry.problems):
        return None
    choices = Choices(voice=options.voice, sound=options.sound, speed=options.speed, lead_in=0)
    return setup(entry.script, replace(settings, default_minutes=None), choices)
