"""``mindful play``: loads a script and plays it, full screen or line by line."""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
from contextlib import ExitStack
from pathlib import Path

from mindful_tui.cli.commands import load_named
from mindful_tui.cli.main import Failure
from mindful_tui.core.clock import MonotonicClock
from mindful_tui.core.conductor import Conductor
from mindful_tui.core.engine import Session
from mindful_tui.core.timefmt import clock
from mindful_tui.core.timeline import Timeline, compile_script
from mindful_tui.core.timer import AsyncTimer
from mindful_tui.core.timinglog import TimingLog


def play(args: argparse.Namespace) -> int:
    """Play the named script: full screen on a terminal, line by line with ``--plain`` or
    when stdout is not a terminal."""
    timeline = compile_script(load_named(args.script, args.minutes))
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
            return play_full_screen(timeline, args, log)
        return asyncio.run(play_plain(timeline, args.speed, log))


def play_full_screen(timeline: Timeline, args: argparse.Namespace, log: TimingLog | None) -> int:
    """Play ``timeline`` in the full-screen app."""
    from mindful_tui.ui.app import MindfulApp
    from mindful_tui.ui.playback import Playback

    playback = Playback(
        speed=args.speed,
        log=log,
        voice=not (args.no_voice or args.no_sound),
        sound=not args.no_sound,
    )
    MindfulApp(timeline, playback).run()
    return 0


async def play_plain(timeline: Timeline, speed: float, log: TimingLog | None) -> int:
    """Play ``timeline`` line by line on stdout; Ctrl+C, SIGTERM or SIGHUP stop it."""
    from mindful_tui.ui.plain import PlainPresenter

    real_clock = MonotonicClock(speed)
    session = Session(timeline, real_clock)
    interactive = sys.stdin.isatty() and speed == 1.0
    presenter = PlainPresenter(session, sys.stdout, interactive)
    conductor = Conductor(session, presenter, AsyncTimer(real_clock, speed), log)

    def stop() -> None:
        session.stop()
        conductor.changed()

    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        loop.add_signal_handler(sig, stop)
    header = f"{timeline.title} — {clock(timeline.total)}"
    if speed != 1.0:
        header += f" (at {speed:g}× speed)"
    print(header, flush=True)
    try:
        runner = asyncio.ensure_future(conductor.run())
        try:
            await runner
        except EOFError:
            session.stop()
    finally:
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            loop.remove_signal_handler(sig)
    if session.state == "finished":
        print(f"Done: {clock(timeline.total)} practised, {timeline.breaths} breaths.")
    else:
        print(f"Stopped at {clock(session.position())} of {clock(timeline.total)}.")
    return 0
