"""The session engine: plays a timeline against an injected clock.

It keeps one origin on the clock and the total paused time; the session position is
``now - origin - paused``. It never sleeps and never counts ticks: whoever drives it asks
``next_wake()`` for the clock time of the next cue, waits until then by any means, and
calls ``due()``. Late wakes cost nothing but lateness; they never shift later cues.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

from mindful_tui.core.script.template import fill
from mindful_tui.core.timing.clock import Clock
from mindful_tui.core.timing.timeline import Cue, Timeline

State = Literal["ready", "playing", "paused", "waiting", "finished", "stopped"]

EPSILON = 1e-9
"""Float slack when comparing a clock reading with an exact offset."""

RESTART_WINDOW = 2.0
"""Going back within this many seconds of a step's start goes to the previous step."""


ANSWER_LIMIT = 200
"""Characters a typed answer keeps: an intention is a few words, and it is spoken back."""


@dataclass(frozen=True)
class Due:
    """A cue that has fallen due, with its index in the timeline."""

    index: int
    cue: Cue


class Session:
    """One playing of a timeline."""

    def __init__(self, timeline: Timeline, clock: Clock) -> None:
        self.timeline = timeline
        self.clock = clock
        self.state: State = "ready"
        self.answers: dict[str, str | int] = {}
        self.step = 0
        self._origin = 0.0
        self._paused = 0.0
        self._paused_at: float | None = None
        self._next = 0
        self._moved = 0.0
        """Seconds of the plan jumped over by ``seek`` (back: negative): the position
        moved by them, the person practising did not."""
        self.skipped = 0.0
        """Seconds of the plan skipped forward (``n``): a session with any is not a full one."""
        self._completed = 0
        """Breaths played from their first phase to their end without a jump."""
        self._firsts, self._closers = _breath_bounds(timeline)
        self._jumps = 0
        """Seeks so far: a breath counts only when no seek came between its two ends."""
        self._begun: dict[tuple[int, int | None], int] = {}
        """The breaths begun, each with ``_jumps`` as it was when it began."""

    # -- time ----------------------------------------------------------------------------

    def position(self) -> float:
        """Seconds into the session, with pauses (and waits for answers) removed (0
        until it starts, also while a start ``at`` a later time is awaited)."""
        return max(0.0, self._position())

    def _position(self) -> float:
        if self.state == "ready":
            return 0.0
        now = self._paused_at if self._paused_at is not None else self.clock.now()
        return now - self._origin - self._paused

    def played(self) -> float:
        """Seconds actually played: the position, less what was skipped over, plus what
        was gone back over and played again (pauses and waits are never counted)."""
        return max(0.0, self._position() - self._moved)

    @property
    def breaths_taken(self) -> int:
        """Breaths actually taken: each played from its first phase on without a jump,
        to its end or to where the session stopped (one gone back to and taken again
        counts again; one skipped or left by a jump, never)."""
        ongoing = sum(1 for jumps in self._begun.values() if jumps == self._jumps)
        return self._completed + ongoing

    @property
    def full(self) -> bool:
        """True when the session finished with nothing skipped."""
        return self.state == "finished" and self.skipped <= EPSILON

    def next_wake(self) -> float | None:
        """The clock time at which the next cue falls due, or None while nothing will."""
        if self.state != "playing" or self._next >= len(self.timeline.cues):
            return None
        return self._origin + self._paused + float(self.timeline.cues[self._next].at)

    def position_at(self, clock_time: float) -> float:
        """The session position that a clock reading corresponds to."""
        return clock_time - self._origin - self._paused

    @property
    def question_index(self) -> int:
        """The index of the cue the session waits on (meaningful while ``waiting``)."""
        return self._next - 1

    def remaining(self) -> float:
        """Seconds of the plan still to play."""
        return max(0.0, float(self.timeline.total) - self.position())

    def text_of(self, cue: Cue) -> str:
        """What a cue shows and says, with ``{key}`` filled from the answers so far."""
        return fill(cue.words, self.answers)

    # -- control ----------------------------------------------------------------------

    def start(self, at: float | None = None) -> None:
        """Start playing from the beginning: now, or at clock time ``at`` (a moment
        ahead, so that the first cues' sounds can be started before they are due)."""
        if self.state != "ready":
            raise RuntimeError(f"cannot start a session that is {self.state}")
        now = self.clock.now()
        self._origin = now if at is None else max(now, at)
        self.state = "playing"

    def pause(self) -> None:
        """Stop the session's time until ``resume``."""
        if self.state == "playing":
            self._paused_at = self.clock.now()
            self.state = "paused"

    def resume(self) -> None:
        """Let the session's time run again after ``pause``."""
        if self.state == "paused":
            self._unfreeze()
            self.state = "playing"

    def toggle_pause(self) -> None:
        """Pause when playing, resume when paused."""
        if self.state == "playing":
            self.pause()
        else:
            self.resume()

    def skip_gap(self, seconds: float) -> None:
        """Take ``seconds`` out of the session's time, as if paused for them: the clock
        jumped (laptop sleep, a suspended process) and nobody was practising."""
        if self.state == "playing" and seconds > 0:
            self._paused += seconds

    def answer(self, value: str | int | None) -> None:
        """Answer the question the session is waiting on (None skips it) and go on."""
        if self.state != "waiting":
            raise RuntimeError("the session is not waiting for an answer")
        cue = self.timeline.cues[self.question_index]
        if isinstance(value, str):
            value = value[:ANSWER_LIMIT]
        if value is not None and cue.key is not None:
            self.answers[cue.key] = value
        self._unfreeze()
        self.state = "playing"

    def stop(self) -> None:
        """End the session early (one that never started ends at 0)."""
        if self.state == "ready":
            self._origin = self._paused_at = self.clock.now()
        if self.state not in ("finished", "stopped"):
            if self._paused_at is None:
                self._paused_at = self.clock.now()
            self.state = "stopped"

    def next_step(self) -> None:
        """Jump to the start of the next step (or to the end)."""
        spans = self.timeline.spans
        self.seek(
            spans[self.step + 1].start if self.step + 1 < len(spans) else self.timeline.total,
            self.step + 1,
        )

    def previous_step(self) -> None:
        """Restart this step, or go to the previous one when just past its start."""
        span = self.timeline.spans[min(self.step, len(self.timeline.spans) - 1)]
        target = self.step
        if self.position() - float(span.start) < RESTART_WINDOW and self.step > 0:
            target = self.step - 1
            # Zero-length steps (a chime) would trap the user: go back past them too.
            while target > 0 and self.timeline.spans[target].seconds == 0:
                target -= 1
        self.seek(self.timeline.spans[target].start, target)

    def closing(self) -> tuple[Fraction, int] | None:
        """Where the session's close begins, and its step, so that it ends within two
        breaths: the latest of its closing steps (those after its last breathing) that
        start within two breaths of the end (the last one if none does), or the last two
        breaths when nothing follows them (None: a session with no breathing)."""
        spans = self.timeline.spans
        breathing = [s for s in spans if s.kind == "breathe"]
        if not breathing:
            return None
        last = breathing[-1]
        window = 2 * last.seconds / max(last.breaths, 1)
        after = spans[last.step + 1 :]
        if after:
            total = self.timeline.total
            within = [s for s in after if total - s.start <= window]
            chosen = within[0] if within else after[-1]
            return chosen.start, chosen.step
        final = [
            c
            for c in self.timeline.cues
            if c.step == last.step and c.kind == "phase" and c.cycle is not None
            if c.of is not None and c.cycle >= c.of - 1
        ]
        return final[0].at, last.step

    def close_soon(self) -> bool:
        """Move to the closing (see ``closing``) unless it is already under way, so the
        session ends soon with its own last words; whether it moved."""
        closing = self.closing()
        if closing is None or self.state not in ("playing", "paused", "waiting"):
            return False
        at, step = closing
        if self.position() >= float(at):
            return False
        self.seek(at, step)
        return True

    def seek(self, offset: Fraction, step: int) -> None:
        """Move the session to ``offset``; cues from step ``step`` at that offset fall due."""
        if self.state not in ("playing", "paused", "waiting"):
            return
        jump = float(offset) - self._position()
        self._jumps += 1
        self._moved += jump
        self.skipped += max(0.0, jump)
        now = self.clock.now()
        frozen = self._paused_at is not None
        self._origin = now - self._paused - float(offset)
        if frozen:
            self._paused_at = now
        if self.state == "waiting":
            self.state = "paused"
        cues = self.timeline.cues
        self._next = next(
            (i for i, c in enumerate(cues) if c.at >= offset and c.step >= step), len(cues) - 1
        )
        self.step = min(step, len(self.timeline.spans))

    # -- cues -------------------------------------------------------------------------

    def due(self) -> list[Due]:
        """The cues that have fallen due since the last call, in order.

        An ``ask`` or ``checkin`` cue is the last one returned: the session then waits
        (its time frozen) until ``answer`` is called. The ``end`` cue finishes it.
        """
        if self.state != "playing":
            return []
        position = self._position()
        out: list[Due] = []
        cues = self.timeline.cues
        while self._next < len(cues) and float(cues[self._next].at) <= position + EPSILON:
            cue = cues[self._next]
            out.append(Due(self._next, cue))
            for breath in self._closers.get(self._next, ()):
                if self._begun.pop(breath, None) == self._jumps:
                    self._completed += 1
            if self._next in self._firsts:
                self._begun[cue.step, cue.cycle] = self._jumps
            self._next += 1
            self.step = cue.step
            if cue.kind == "end":
                self._paused_at = self._origin + self._paused + float(cue.at)
                self.state = "finished"
                break
            if cue.kind in ("ask", "checkin"):
                # The wait starts at the question's planned time, so a late wake is not lost.
                self._paused_at = self._origin + self._paused + float(cue.at)
                self.state = "waiting"
                break
        return out

    def upcoming(self) -> list[Due]:
        """The cues that will fall due together at ``next_wake()``, without taking them.

        They end with an ``ask``, ``checkin`` or ``end`` cue, as ``due`` would: what comes
        after a question may depend on its answer.
        """
        if self.next_wake() is None:
            return []
        cues = self.timeline.cues
        at = cues[self._next].at
        out: list[Due] = []
        for index in range(self._next, len(cues)):
            cue = cues[index]
            if cue.at != at:
                break
            out.append(Due(index, cue))
            if cue.kind in ("ask", "checkin", "end"):
                break
        return out

    def _unfreeze(self) -> None:
        assert self._paused_at is not None
        self._paused += self.clock.now() - self._paused_at
        self._paused_at = None


def _breath_bounds(
    timeline: Timeline,
) -> tuple[frozenset[int], dict[int, tuple[tuple[int, int | None], ...]]]:
    """The index of each breath's first phase cue, and for each cue index the breaths
    that end as it falls due (the cue after a breath's last phase: the next breath, the
    next step, or the end)."""
    cues = timeline.cues
    firsts: set[int] = set()
    last: dict[tuple[int, int | None], int] = {}
    for index, cue in enumerate(cues):
        if cue.kind == "phase":
            if (cue.step, cue.cycle) not in last:
                firsts.add(index)
            last[cue.step, cue.cycle] = index
    closers: dict[int, list[tuple[int, int | None]]] = {}
    for breath, index in last.items():
        ends = cues[index].at + (cues[index].seconds or 0)
        closer = next((i for i in range(index + 1, len(cues)) if cues[i].at >= ends), None)
        if closer is not None:
            closers.setdefault(closer, []).append(breath)
    return frozenset(firsts), {i: tuple(b) for i, b in closers.items()}
