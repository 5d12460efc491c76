"""``mindful render SCRIPT -o FILE.wav``: the whole session's sound as one WAV file, to
play from a phone beside the massage table."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from mindful_tui.cli.failure import Failure
from mindful_tui.cli.loading import check_language, load_named, voice_progress
from mindful_tui.core.storage import user_settings
from mindful_tui.core.timing.timefmt import clock
from mindful_tui.session.options import Choices, setup
from mindful_tui.session.rendering import render_session
from mindful_tui.sound.mixdown import STEMS, NotAFile, target_of


def render(args: argparse.Namespace) -> int:
    """Render ``args.script`` (``args.minutes``, ``args.no_voice``) to ``args.output``,
    as it would play with the user's settings."""
    prefs, warnings = user_settings.load()
    for warning in warnings:
        print(f"mindful: {warning}", file=sys.stderr)
    choices = Choices(minutes=args.minutes, voice=not args.no_voice, background=args.background)
    chosen = setup(load_named(args.script), prefs, choices)
    check_language(chosen.script, chosen.options.voice)
    output = Path(args.output)
    if output.is_dir():
        raise Failure(f"{output} is a folder; give a file name such as {output / 'session.wav'}")
    try:
        target_of(output)  # before the voice is prepared: refuse a device or a pipe at once
    except NotAFile as exc:
        raise Failure(str(exc)) from None
    if not chosen.options.sound:
        print("mindful: sound is off in your settings: the file is silent", file=sys.stderr)
    stems = Path(args.stems) if args.stems else None
    if stems is not None and (
        (stems.exists() and not stems.is_dir()) or stems.resolve() == output.resolve()
    ):
        raise Failure(f"{stems} is not a folder; give a folder for the stems (--stems DIR)")
    try:
        done, notices = render_session(chosen, output, voice_progress, stems=stems)
    except OSError as exc:
        failed = Path(exc.filename) if isinstance(exc.filename, str) else None
        in_stems = stems is not None and failed is not None and stems in (failed, failed.parent)
        where = stems if in_stems else output
        raise Failure(f"cannot write {where}: {exc.strerror or exc}") from None
    for notice in notices:
        print(f"mindful: {notice}", file=sys.stderr)
    voiced = f", {done.voiced} spoken" if done.voiced else ""
    if done.voiced and done.voice:
        voiced += f" (voice {done.voice})"
    print(f"Wrote {output}: {clock(done.seconds)}, {done.sounds} sounds{voiced}")
    if stems is not None:
        names = ", ".join(f"{channel}.wav" for channel in STEMS)
        print(f"Wrote the stems into {stems}: {names}")
    if done.clipped:
        print(
            f"mindful: {done.clipped} samples reached full scale (clipped); lower voice_volume,"
            " chime_volume or tone_volume in the settings (F3, or settings.yaml)",
            file=sys.stderr,
        )
    return 0
