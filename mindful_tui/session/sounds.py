"""A session's sound board, made from its options: the one way every player, ``render``
and the tests turn what a session plays with into what it sounds.

The sound modules are imported here, when a session may sound, never on the way to the
player's first frame.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from mindful_tui.session.options import Setup

if TYPE_CHECKING:
    from mindful_tui.sound.board import SoundBoard, SpokenLines
    from mindful_tui.sound.mixer import Mixer
    from mindful_tui.sound.speech import VoiceSettings


LEAD_IN_SOUND = "bell"
"""The soft sound of a lead-in: ten seconds before the session starts, and at its start."""


def sound_board(
    setup: Setup,
    mixer: Mixer | None = None,
    voice: Callable[[VoiceSettings], SpokenLines] | None = None,
) -> SoundBoard | None:
    """The board that sounds ``setup`` (None when it sounds nothing at all), mixing into
    ``mixer`` (by default the real audio output, opened when first needed) with the voice
    ``voice`` makes (by default lines rendered by the speech engine)."""
    options = setup.options
    if not options.sound:
        return None
    from mindful_tui.sound.board import SoundBoard, SoundOptions

    lines = None
    if options.voice:
        if voice is None:
            from mindful_tui.sound.voice import VoiceLines

            voice = VoiceLines
        lines = voice(options.speech)
    return SoundBoard(
        setup.timeline,
        SoundOptions(
            voice=options.voice,
            tones=options.phase_tones,
            whole_phase=options.whole_phase_tones,
            eyes_closed=options.dim,
            extra=(LEAD_IN_SOUND,) if options.lead_in > 0 else (),
            volumes={
                "voice": options.voice_volume,
                "chimes": options.chime_volume,
                "tones": options.tone_volume,
                "background": options.background_volume,
            },
            background=options.background,
        ),
        lines,
        mixer,
    )
