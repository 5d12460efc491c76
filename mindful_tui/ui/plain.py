"""The plain player: a session line by line on a text stream, in real time, through the
same session runtime as the full-screen one.

Used with ``--plain`` and whenever stdout is not a terminal. Questions are asked on the
line when there is a terminal to answer in and the session plays at normal speed;
otherwise they are skipped.
"""

from __future__ import annotations

import asyncio
import gc
import signal
import sys
from collections.abc import Callable
from typing import TextIO

from mindful_tui.core.safetext import clean
from mindful_tui.core.timing.engine import ANSWER_LIMIT, Due, Session
from mindful_tui.core.timing.timefmt import clock, short
from mindful_tui.core.timing.timeline import Cue
from mindful_tui.session.options import Setup
from mindful_tui.session.playback import Playback
from mindful_tui.session.practice import Practice

CHECKIN_TRIES = 3
SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


async def play_plain(
    chosen: Setup,
    playback: Playback | None = None,
    progress: Callable[[int, int], None] | None = None,
    out: TextIO | None = None,
) -> int:
    """Play ``chosen`` line by line on ``out`` (stdout); Ctrl+C, SIGTERM or SIGHUP stop it.
    ``progress`` hears how far preparing the voice has got."""
    gc.enable()  # held off while starting (see ``cli.main``); a session may last an hour
    out = out or sys.stdout
    practice = Practice.start(chosen, playback)
    session, timeline = practice.session, chosen.timeline
    interactive = sys.stdin.isatty() and not chosen.options.preview
    conductor = practice.conductor(PlainPresenter(session, out, interactive))

    def stop() -> None:
        session.stop()
        conductor.changed()

    loop = asyncio.get_running_loop()
    for sig in SIGNALS:
        loop.add_signal_handler(sig, stop)
    header = f"{clean(timeline.title)} — {clock(timeline.total)}"
    if chosen.options.preview:
        header += f" (at {chosen.options.speed:g}× speed)"
    print(header, file=out, flush=True)
    if chosen.script.calibrate is not None:
        print(
            "         (this session opens by measuring your breath, which needs the full"
            " screen: it plays your last measured breath)",
            file=out,
            flush=True,
        )
    try:
        preparing = asyncio.ensure_future(practice.prepare(progress))
        try:
            notices = await preparing
        except asyncio.CancelledError:
            notices = []
        for notice in notices:
            print(f"         ({notice})", file=out, flush=True)
        if session.state == "ready":
            practice.awake.notify = lambda notice: print(
                f"         ({notice})", file=out, flush=True
            )
            await practice.begin(conductor, lambda left: _count_down(left, chosen, out))
            try:
                await conductor.run()
            except EOFError:
                session.stop()
    finally:
        for sig in SIGNALS:
            loop.remove_signal_handler(sig)
        practice.end()
    if session.state == "finished":
        skipped = f", {clock(session.skipped)} skipped" if session.skipped > 0 else ""
        print(
            f"Done: {clock(session.played())} practised, {session.breaths_taken} breaths{skipped}.",
            file=out,
        )
    else:
        print(f"Stopped at {clock(session.position())} of {clock(timeline.total)}.", file=out)
    if practice.log_problem:
        print(f"mindful: {practice.log_problem}", file=sys.stderr)
    return 0


def _count_down(left: int, chosen: Setup, out: TextIO) -> None:
    """The lead-in, line by line: at its start, every ten seconds, and at zero."""
    if left == chosen.options.lead_in:
        print(f"Starting in {clock(left)}: time to lie down and settle.", file=out, flush=True)
    elif left == 0:
        print("Starting now.", file=out, flush=True)
    elif left % 10 == 0:
        print(f"Starting in {clock(left)}.", file=out, flush=True)


class PlainPresenter:
    """Writes each cue as one line; asks questions on stdin."""

    def __init__(self, session: Session, out: TextIO, interactive: bool) -> None:
        self.session = session
        self.out = out
        self.interactive = interactive

    def show(self, due: Due) -> float | None:
        cue = due.cue
        # Script text is printed as written, but never a control character.
        self.out.write(f"{clock(cue.at):>7}  {clean(self.describe(cue))}\n")
        self.out.flush()
        return None

    def describe(self, cue: Cue) -> str:
        """The line for a cue (without its time)."""
        text = self.session.text_of(cue)
        if cue.kind == "phase":
            extra = f"  · {text}" if cue.text else ""
            words = cue.phase_name
            return f"{words:<12} {short(cue.seconds or 0):>6}  {cue.cycle}/{cue.of}{extra}"
        if cue.kind == "chime":
            return f"(chime: {cue.sound})"
        if cue.kind == "silence":
            return f"(silence, {short(cue.seconds or 0)})"
        if cue.kind == "end":
            return "(end)"
        return text

    async def ask(self, cue: Cue) -> str | int | None:
        if not self.interactive:
            self.out.write("         (skipped: no terminal to answer in)\n")
            return None
        if cue.kind == "ask":
            answer = (await self._readline("         > ")).strip()[:ANSWER_LIMIT]
            return answer or None
        for _ in range(CHECKIN_TRIES):
            reply = (await self._readline("         0–10 (Enter to skip) > ")).strip()
            if not reply:
                return None
            if reply.isdigit() and 0 <= int(reply) <= 10:
                return int(reply)
            self.out.write("         a whole number from 0 to 10, please\n")
        return None

    async def _readline(self, prompt: str) -> str:
        """One line from stdin without blocking the loop (so timers and signals run)."""
        self.out.write(prompt)
        self.out.flush()
        loop = asyncio.get_running_loop()
        ready: asyncio.Future[str] = loop.create_future()

        def on_readable() -> None:
            if not ready.done():
                ready.set_result(sys.stdin.readline())

        loop.add_reader(sys.stdin.fileno(), on_readable)
        try:
            line = await ready
        finally:
            loop.remove_reader(sys.stdin.fileno())
        if not line:
            raise EOFError
        return line
