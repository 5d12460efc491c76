"""The plain player: a session line by line on a text stream, in real time.

Used with ``--plain`` and whenever stdout is not a terminal. Questions are asked on the
line when there is a terminal to answer in and the session plays at normal speed;
otherwise they are skipped.
"""

from __future__ import annotations

import asyncio
import sys
from typing import TextIO

from mindful_tui.core.engine import Due, Session
from mindful_tui.core.model import PHASE_WORDS
from mindful_tui.core.safetext import clean
from mindful_tui.core.timefmt import clock, short
from mindful_tui.core.timeline import Cue

CHECKIN_TRIES = 3


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
            words = PHASE_WORDS[cue.phase] if cue.phase else ""
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
            answer = (await self._readline("         > ")).strip()
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
