"""Drives a session in real (or fake) time and hands each due cue to a presenter.

The same loop serves the line-by-line player and the full-screen one: only the
presenter (what showing a cue means) and the timer differ.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from mindful_tui.core.timing.engine import Due, Session
from mindful_tui.core.timing.timeline import Cue
from mindful_tui.core.timing.timer import Timer
from mindful_tui.core.timing.timinglog import TimingLog

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


LEAD = 0.04
"""Seconds before a cue falls due that its sound is started (``Ahead.prime``), with
leading silence so that it is heard exactly on time: waking, mixing and opening the
device then no longer make the sound late."""


class Ahead(Protocol):
    """A presenter that can start sounds a little before their cues fall due."""

    def prime(self, dues: Sequence[Due], at: float) -> None:
        """Start what ``dues`` sound so that it is heard at clock time ``at``; their
        ``show`` then reports that time instead of sounding them again."""
        ...

    def withdraw(self) -> None:
        """Take back what was primed: its cues will not fall due when planned (the
        session was paused, moved or stopped in the meantime)."""
        ...


class Upkeep(Protocol):
    """Sound that goes on between cues (a background bed), kept going by the loop: it
    wakes when ``due`` says, as it wakes for a cue, and calls ``keep``."""

    def due(self) -> float | None:
        """Clock time by which ``keep`` must be called again (None: nothing to keep)."""
        ...

    def keep(self) -> None:
        """Keep it going (whatever is due now)."""
        ...


class Conductor:
    """Plays ``session`` until it finishes or is stopped."""

    def __init__(
        self,
        session: Session,
        presenter: Presenter,
        timer: Timer,
        log: TimingLog | None = None,
        ahead: Ahead | None = None,
        lead: float = LEAD,
        upkeep: Upkeep | None = None,
    ) -> None:
        self.session = session
        self.presenter = presenter
        self.timer = timer
        self.log = log
        self.ahead = ahead
        """Where sounds are primed ``lead`` seconds (of clock time) before they are due."""
        self.lead = lead
        self.upkeep = upkeep
        """Kept going between cues (woken for when it is due)."""
        self._primed: float | None = None
        """The wake whose sounds were primed and are still to fall due."""

    def start(self) -> None:
        """Start the session (if it has not started): with sounds to prime, ``lead``
        from now, so that its first cues are heard on time too."""
        session = self.session
        if session.state == "ready":
            session.start(None if self.ahead is None else session.clock.now() + self.lead)

    async def run(self) -> None:
        """Start the session and play every cue at its time."""
        session = self.session
        self.start()
        while session.state not in ("finished", "stopped"):
            self._check_primed()
            self._prime_next()
            dues = session.due()
            if dues:
                # The primed cues (if any) were among these: their sound is theirs now.
                self._primed = None
            for due in dues:
                sound = self.presenter.show(due)
                if self.log is not None:
                    # Read from the clock: an end or a question freezes ``position()``
                    # at its planned time, which would hide how late it was shown.
                    self.log.record(
                        due.index,
                        due.cue,
                        session.position_at(session.clock.now()),
                        None if sound is None else session.position_at(sound),
                        due.interlude,
                    )
            if session.state == "waiting":
                cue = session.timeline.cues[session.question_index]
                answer = await self.presenter.ask(cue)
                if session.state == "waiting":
                    session.answer(answer)
                continue
            if session.state not in ("finished", "stopped"):
                if self.upkeep is not None:
                    self.upkeep.keep()
                await self._wait_for_next()
        self._check_primed()

    async def _wait_for_next(self) -> None:
        """Wait until the next cue falls due, or until its sound is to be primed."""
        wake = self.session.next_wake()
        if self.ahead is not None and wake is not None and self._primed != wake:
            wake -= self.lead
        due = self.upkeep.due() if self.upkeep is not None else None
        if due is not None:
            wake = due if wake is None else min(wake, due)
        # Woken early (by a change, or to prime), the loop looks at the session afresh.
        await self._wait(wake)

    def _prime_next(self) -> None:
        """Prime the sounds of the next cues once they are ``lead`` away, or overdue
        (the first cues of a session): all in one start of the stream."""
        wake = self.session.next_wake()
        if (
            self.ahead is not None
            and wake is not None
            and self._primed != wake
            and self.session.clock.now() >= wake - self.lead
        ):
            self.ahead.prime(self.session.upcoming(), wake)
            self._primed = wake

    def _check_primed(self) -> None:
        """Withdraw primed sounds whose cues will not fall due when planned: the session
        was paused, moved or stopped, or the clock jumped, after they were primed."""
        if self._primed is not None and (
            self.session.state != "playing" or self.session.next_wake() != self._primed
        ):
            self._primed = None
            if self.ahead is not None:
                self.ahead.withdraw()

    async def _wait(self, until: float | None) -> None:
        """Wait until clock time ``until``; a wake far too late is a jump in the clock."""
        session = self.session
        await self.timer.wait(until)
        if until is not None and session.state == "playing":
            late = session.clock.now() - until
            if late > GAP:
                session.skip_gap(late)

    def changed(self) -> None:
        """Tell the loop that the session was paused, resumed, moved or stopped."""
        self.timer.interrupt()
