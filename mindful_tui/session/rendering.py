"""``render`` through the runtime: the session's sound as the player would play it, with
the options it plays with (voice, volumes, tones, dim), mixed into one WAV file."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from mindful_tui.session.options import Setup
from mindful_tui.session.sounds import sound_board

if TYPE_CHECKING:
    from mindful_tui.sound.board import SpokenLines
    from mindful_tui.sound.mixdown import Rendered
    from mindful_tui.sound.speech import VoiceSettings

Progress = Callable[[int, int], None]


def render_session(
    chosen: Setup,
    path: Path,
    progress: Progress | None = None,
    voice: Callable[[VoiceSettings], SpokenLines] | None = None,
    stems: Path | None = None,
) -> tuple[Rendered, list[str]]:
    """Write ``chosen``'s sound to ``path`` (and each kind of sound alone into the
    folder ``stems``); what was written, and what the user should be told about its
    sound (a sound that could not be read, no speech engine)."""
    from mindful_tui.sound.board import SoundBoard, SoundOptions
    from mindful_tui.sound.mixdown import render

    # With sound off the file is the session's silence, as the player would play it.
    board = sound_board(chosen, voice=voice) or SoundBoard(
        chosen.timeline, SoundOptions(sound=False)
    )
    asyncio.run(board.prepare(progress, probe=False))
    done = render(chosen.timeline, board, path, stems)
    spoke = board.voice if board.voice is not None and board.voice.available else None
    if spoke is not None and done.voiced:
        done = replace(done, voice=getattr(spoke, "voice_id", None))
    return done, board.notices()
