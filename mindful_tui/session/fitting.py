"""``check``'s fit test through the runtime: each script's spoken lines rendered with the
voice it will be played with, and measured against the time they have."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence

from mindful_tui.core.script.model import Script
from mindful_tui.core.script.problems import Problem
from mindful_tui.core.storage.user_settings import Settings
from mindful_tui.core.timing.fit import fit_warnings
from mindful_tui.session.options import setup

Progress = Callable[[int, int], None]


def fit_problems(
    scripts: Sequence[Script], settings: Settings, progress: Progress | None = None
) -> tuple[list[Problem], str | None]:
    """A warning for every line that takes longer to say than it has, as each script
    would play with ``settings``; or, when nothing can be measured, why not."""
    from mindful_tui.sound.voice import VoiceLines

    out: list[Problem] = []
    for script in scripts:
        chosen = setup(script, settings)
        speech = chosen.options.speech
        lines = VoiceLines(speech)
        if lines.available:
            asyncio.run(lines.prepare(chosen.timeline.spoken_lines(), progress))
        if not lines.available:
            return [], lines.problem or "no speech engine"
        out.extend(fit_warnings(chosen.script, chosen.timeline, lines.seconds, speech.rate))
    return out, None
