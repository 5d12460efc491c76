"""``mindful render SCRIPT -o FILE.wav``: the whole session's sound as one WAV file, to
play from a phone beside the massage table."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from mindful_tui.cli.commands import load_named, voice_progress
from mindful_tui.cli.main import Failure
from mindful_tui.core.model import Script
from mindful_tui.core.timefmt import clock
from mindful_tui.core.timeline import compile_script
from mindful_tui.sound.board import SoundBoard, SoundOptions, VoiceLines


def render(args: argparse.Namespace) -> int:
    """Render ``args.script`` (``args.minutes``, ``args.no_voice``) to ``args.output``."""
    from mindful_tui.sound.render import render as render_wav

    script = load_named(args.script, args.minutes)
    timeline = compile_script(script)
    output = Path(args.output)
    if output.is_dir():
        raise Failure(f"{output} is a folder; give a file name such as {output / 'session.wav'}")
    voice = None if args.no_voice else _voice_for(script)
    board = SoundBoard(timeline, SoundOptions(voice=not args.no_voice), voice=voice)
    asyncio.run(board.prepare(voice_progress, probe=False))
    for notice in board.notices():
        print(f"mindful: {notice}", file=sys.stderr)
    try:
        done = render_wav(timeline, board, output)
    except OSError as exc:
        raise Failure(f"cannot write {output}: {exc.strerror or exc}") from None
    voiced = f", {done.voiced} spoken" if done.voiced else ""
    print(f"Wrote {output}: {clock(done.seconds)}, {done.sounds} sounds{voiced}")
    if done.clipped:
        print(
            f"mindful: {done.clipped} samples reached full scale (clipped); "
            "lower voice_volume, chime_volume or tone_volume in the settings (F3)",
            file=sys.stderr,
        )
    return 0


def _voice_for(script: Script) -> VoiceLines:
    from mindful_tui.core import settings
    from mindful_tui.sound.voice import VoiceLines as Lines
    from mindful_tui.sound.voice import VoiceSettings

    return Lines(VoiceSettings.of(script.voice, settings.load()[0]))
