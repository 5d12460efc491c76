"""``mindful play``: loads a script and plays it, full screen or line by line."""

from __future__ import annotations

import argparse
import asyncio
import sys
from contextlib import ExitStack
from pathlib import Path

from mindful_tui.cli.failure import Failure
from mindful_tui.cli.loading import check_language, load_named, voice_progress
from mindful_tui.core.timing.timinglog import TimingLog
from mindful_tui.session.options import Choices, setup
from mindful_tui.session.playback import Playback


def on_terminal() -> bool:
    """Whether there is a terminal to play full screen in (else: line by line)."""
    return sys.stdout.isatty() and sys.stdin.isatty()


def play(args: argparse.Namespace) -> int:
    """Play the named script: full screen on a terminal, line by line with ``--plain`` or
    when stdout is not a terminal."""
    from mindful_tui.core.storage import user_settings

    prefs, warnings = user_settings.load()
    choices = Choices(
        minutes=args.minutes,
        voice=not args.no_voice,
        sound=not args.no_sound,
        speed=args.speed,
        lead_in=args.start_in,
        background=args.background,
    )
    chosen = setup(load_named(args.script), prefs, choices)
    check_language(chosen.script, chosen.options.voice)
    full_screen = not args.plain and on_terminal()
    with ExitStack() as stack:
        playback = Playback()
        if args.timing_log:
            try:
                playback.timing_log = stack.enter_context(TimingLog(Path(args.timing_log)))
            except OSError as exc:
                raise Failure(
                    f"cannot write the timing log {args.timing_log}: {exc.strerror or exc}"
                ) from None
        if full_screen:
            from mindful_tui.ui.app import MindfulApp

            status = MindfulApp(chosen, playback, (prefs, warnings)).run_as_command()
        else:
            from mindful_tui.ui.plain import play_plain

            for warning in warnings:
                print(f"mindful: {warning}", file=sys.stderr)
            status = asyncio.run(play_plain(chosen, playback, voice_progress))
        if playback.timing_log is not None and playback.timing_log.problem:
            print(f"mindful: {playback.timing_log.problem}", file=sys.stderr)
        return status
