"""Drives a session in real (or fake) time and hands each due cue to a presenter.

The same loop serves the line-by-line player and the full-screen one: only the
presenter (what showing a cue means) and the timer differ.
"""

from __future__ import annotations

from typing import Protocol

from mindful_tui.core.engine import Due, Session
from mindful_tui.core.timeline import Cue
from mindful_tui.core.timer import Timer
from mindful_tui.core.timinglog import TimingLog

GAP = 3.0
"""A wake this many seconds late means the clock jumped (laptop sleep, Ctrl+Z): that
time is taken out as a pause rather than rushing through every cue it passed."""


class Presenter(Protocol):
    """What a player does with cues."""

    def show(self, due: Due) -> float | None:
        """Show (and sound) a cue now; return the clock time its sound started, if any."""
        ...

    async def ask(self, cue: Cue) -> str | int | None:
        """Ask the cue's question and return the answer (None when skipped)."""
        ...


class Conductor:
    """Plays ``session`` until it finishes or is stopped."""

    def __init__(
        self, session: Session, presenter: Presenter, timer: Timer, log: TimingLog | None = None
    ) -> None:
        self.session = session
        self.presenter = presenter
        self.timer = timer
        self.log = log

    async def run(self) -> None:
        """Start the session and play every cue at its time."""
        session = self.session
        if session.state == "ready":
            session.start()
        while session.state not in ("finished", "stopped"):
            for due in session.due():
                sound = self.presenter.show(due)
                if self.log is not None:
                    self.log.record(
                        due.index,
                        due.cue,
                        session.position(),
                        None if sound is None else session.position_at(sound),
                    )
            if session.state == "waiting":
                cue = session.timeline.cues[session.question_index]
                answer = await self.presenter.ask(cue)
                if session.state == "waiting":
                    session.answer(answer)
                continue
            if session.state not in ("finished", "stopped"):
                wake = session.next_wake()
                await self.timer.wait(wake)
                if wake is not None and session.state == "playing":
                    late = session.clock.now() - wake
                    if late > GAP:
                        session.skip_gap(late)

    def changed(self) -> None:
        """Tell the loop that the session was paused, resumed, moved or stopped."""
        self.timer.interrupt()
