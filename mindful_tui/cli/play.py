"""``mindful play``: loads a script and plays it, full screen or line by line."""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
from contextlib import ExitStack
from fractions import Fraction
from pathlib import Path

from mindful_tui.cli.commands import load_named, voice_progress
from mindful_tui.cli.main import Failure
from mindful_tui.core.clock import MonotonicClock
from mindful_tui.core.safetext import clean
from mindful_tui.core.settings import Settings
from mindful_tui.core.timefmt import clock
from mindful_tui.core.timeline import Timeline, compile_script
from mindful_tui.core.timer import AsyncTimer
from mindful_tui.core.timinglog import TimingLog
from mindful_tui.ui.practice import Practice, SoundChoice


def play(args: argparse.Namespace) -> int:
    """Play the named script: full screen on a terminal, line by line with ``--plain`` or
    when stdout is not a terminal."""
    from mindful_tui.core import settings as user_settings

    prefs, warnings = user_settings.load()
    minutes = args.minutes
    if minutes is None and prefs.default_minutes is not None:
        minutes = Fraction(str(prefs.default_minutes))
    timeline = compile_script(load_named(args.script, minutes))
    choice = SoundChoice.of(prefs, args.no_voice, args.no_sound)
    full_screen = not args.plain and sys.stdout.isatty() and sys.stdin.isatty()
    with ExitStack() as stack:
        log = None
        if args.timing_log:
            try:
                log = stack.enter_context(TimingLog(Path(args.timing_log)))
            except OSError as exc:
                raise Failure(
                    f"cannot write the timing log {args.timing_log}: {exc.strerror or exc}"
                ) from None
        if full_screen:
            return play_full_screen(timeline, args.speed, choice, log, prefs)
        for warning in warnings:
            print(f"mindful: {warning}", file=sys.stderr)
        return asyncio.run(play_plain(timeline, args.speed, log, prefs, choice))


def play_full_screen(
    timeline: Timeline,
    speed: float,
    choice: SoundChoice,
    log: TimingLog | None,
    prefs: Settings,
) -> int:
    """Play ``timeline`` in the full-screen app."""
    from mindful_tui.ui.app import MindfulApp
    from mindful_tui.ui.playback import Playback

    playback = Playback(
        speed=speed, log=log, voice=choice.voice, sound=choice.sound, settings=prefs
    )
    app = MindfulApp(timeline, playback)
    app.owns_process = True
    app.run()
    return 0


async def play_plain(
    timeline: Timeline,
    speed: float,
    log: TimingLog | None,
    prefs: Settings | None = None,
    choice: SoundChoice | None = None,
) -> int:
    """Play ``timeline`` line by line on stdout; Ctrl+C, SIGTERM or SIGHUP stop it."""
    from mindful_tui.ui.plain import PlainPresenter

    prefs = prefs or Settings()
    real_clock = MonotonicClock(speed)
    practice = Practice.create(timeline, real_clock, prefs, choice or SoundChoice(), speed)
    session = practice.session
    interactive = sys.stdin.isatty() and speed == 1.0
    presenter = PlainPresenter(session, sys.stdout, interactive)
    conductor = practice.conductor(presenter, AsyncTimer(real_clock, speed), log)

    def stop() -> None:
        session.stop()
        conductor.changed()

    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        loop.add_signal_handler(sig, stop)
    header = f"{clean(timeline.title)} — {clock(timeline.total)}"
    if speed != 1.0:
        header += f" (at {speed:g}× speed)"
    print(header, flush=True)
    try:
        preparing = asyncio.ensure_future(practice.prepare(voice_progress))
        try:
            notices = await preparing
        except asyncio.CancelledError:
            notices = []
        for notice in notices:
            print(f"         ({notice})", flush=True)
        if session.state == "ready":
            try:
                await conductor.run()
            except EOFError:
                session.stop()
    finally:
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            loop.remove_signal_handler(sig)
        practice.end()
    if session.state == "finished":
        print(f"Done: {clock(timeline.total)} practised, {timeline.breaths} breaths.")
    else:
        print(f"Stopped at {clock(session.position())} of {clock(timeline.total)}.")
    if practice.log_problem:
        print(f"mindful: {practice.log_problem}", file=sys.stderr)
    return 0
