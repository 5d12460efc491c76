"""The session engine: plays a timeline against an injected clock.

It keeps one origin on the clock and the total paused time; the session position is
``now - origin - paused``. It never sleeps and never counts ticks: whoever drives it asks
``next_wake()`` for the clock time of the next cue, waits until then by any means, and
calls ``due()``. Late wakes cost nothing but lateness; they never shift later cues.

An interlude (turning over) is another timeline played inside the session: it begins
where the plan allows (``turn_point``: once the breath being taken is through), plays on
a session of its own while the session's time holds still at that point, as it does for
a question, and hands the time back when it ends. Its cues come out of ``due`` like the
session's own, marked with its name and placed where they play.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
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
    interlude: str | None = None
    """The interlude the cue belongs to (its name; the cue's ``at`` is then where it
    plays in the session), or None: one of the session's own."""


@dataclass
class _Interlude:
    """A timeline played inside a session (turning over), at a point of its plan."""

    name: str
    timeline: Timeline
    at: Fraction
    """Where in the session's plan it begins; the plan goes on from there after it."""
    session: Session | None = None
    """Its own playing, once begun (None while it waits for ``at``)."""


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
        self._interlude: _Interlude | None = None
        """An interlude waiting for its point in the plan, or playing."""
        self.interludes: list[str] = []
        """The interludes that began, by name, in order."""
        self._interludes_played = 0.0
        self._interludes_breaths = 0
        self.ended_early = False
        """True once ``close_soon`` moved the session on to its closing."""

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
        inner = self._inner()
        within = inner.played() if inner is not None else 0.0
        return max(0.0, self._position() - self._moved) + self._interludes_played + within

    @property
    def breaths_taken(self) -> int:
        """Breaths actually taken: each played from its first phase on without a jump,
        to its end or to where the session stopped (one gone back to and taken again
        counts again; one skipped or left by a jump, never)."""
        ongoing = sum(1 for jumps in self._begun.values() if jumps == self._jumps)
        inner = self._inner()
        within = inner.breaths_taken if inner is not None else 0
        return self._completed + ongoing + self._interludes_breaths + within

    @property
    def full(self) -> bool:
        """True when the session finished with nothing skipped."""
        return self.state == "finished" and self.skipped <= EPSILON

    def next_wake(self) -> float | None:
        """The clock time at which the next cue falls due, or None while nothing will."""
        if self.state != "playing":
            return None
        inner = self._inner()
        if inner is not None:
            return inner.next_wake()
        cues = self.timeline.cues
        if self._next >= len(cues):
            return None
        at = cues[self._next].at
        if self._interlude is not None:
            at = min(at, self._interlude.at)
        return self._origin + self._paused + float(at)

    def position_at(self, clock_time: float) -> float:
        """The session position that a clock reading corresponds to (while an interlude
        plays: where it began, plus how far into it)."""
        inner = self._inner()
        if inner is not None and self._interlude is not None:
            return float(self._interlude.at) + inner.position_at(clock_time)
        return clock_time - self._origin - self._paused

    @property
    def question_index(self) -> int:
        """The index of the cue the session waits on (meaningful while ``waiting``)."""
        return self._next - 1

    def remaining(self) -> float:
        """Seconds still to play: the rest of the plan, and of an interlude on its way."""
        left = max(0.0, float(self.timeline.total) - self.position())
        interlude = self._interlude
        if interlude is None:
            return left
        if interlude.session is None:
            return left + float(interlude.timeline.total)
        return left + interlude.session.remaining()

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
        self._begin_at(now if at is None else max(now, at))

    def _begin_at(self, origin: float) -> None:
        self._origin = origin
        self.state = "playing"

    def pause(self) -> None:
        """Stop the session's time until ``resume``."""
        if self.state == "playing":
            inner = self._inner()
            if inner is not None:
                inner.pause()  # the session's own time holds still already
            else:
                self._paused_at = self.clock.now()
            self.state = "paused"

    def resume(self) -> None:
        """Let the session's time run again after ``pause``."""
        if self.state == "paused":
            inner = self._inner()
            if inner is not None:
                inner.resume()
            else:
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
        inner = self._inner()
        if inner is not None and self.state == "playing":
            inner.skip_gap(seconds)
        elif self.state == "playing" and seconds > 0:
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
        if self._interlude is not None:
            self._end_interlude(resume=False)
        if self.state not in ("finished", "stopped"):
            if self._paused_at is None:
                self._paused_at = self.clock.now()
            self.state = "stopped"

    def next_step(self) -> None:
        """Jump to the start of the next step (or to the end); in an interlude, on from
        where it began (nothing of the plan is skipped)."""
        if self._inner() is not None:
            self._end_interlude()
            return
        spans = self.timeline.spans
        self.seek(
            spans[self.step + 1].start if self.step + 1 < len(spans) else self.timeline.total,
            self.step + 1,
        )

    def previous_step(self) -> None:
        """Restart this step, or go to the previous one when just past its start (in an
        interlude: its steps)."""
        inner = self._inner()
        if inner is not None:
            inner.previous_step()
            return
        if self.step >= len(self.timeline.spans):
            return  # skipped past the last step: the session is ending, nothing to go back to
        span = self.timeline.spans[self.step]
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
        session ends soon with its own last words; whether it moved. An interlude playing
        (or on its way) ends here too: the session is ending."""
        closing = self.closing()
        if closing is None or self.state not in ("playing", "paused", "waiting"):
            return False
        cut = self._interlude is not None
        self._end_interlude()
        at, step = closing
        if self.position() >= float(at):
            return cut
        self.seek(at, step)
        self.ended_early = True
        return True

    def seek(self, offset: Fraction, step: int) -> None:
        """Move the session to ``offset``; cues from step ``step`` at that offset fall due."""
        if self.state not in ("playing", "paused", "waiting"):
            return
        if self._inner() is not None:
            self._end_interlude()
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
        pending = self._interlude
        if pending is not None:
            # It waits for the next point it can begin from where the session is now.
            pending.at = turn_point(self.timeline, self._next, self._position())
            if pending.at >= self.timeline.total:
                self._interlude = None

    # -- interludes -------------------------------------------------------------------

    def interlude(self, timeline: Timeline, name: str) -> Fraction | None:
        """Play ``timeline`` inside this session at the next point it can begin (see
        ``turn_point``), then go on from that point of the plan: the session's own time
        holds still meanwhile, as for a question, so nothing of it is skipped or lost.
        Where in the plan it begins, or None when it cannot (the session is not playing
        or paused, an interlude is on its way already, or the session ends first)."""
        if self.state not in ("playing", "paused") or self._interlude is not None:
            return None
        at = turn_point(self.timeline, self._next, self._position())
        if at >= self.timeline.total:
            return None
        # A question would hold the interlude for ever: it plays only what plays alone.
        cues = tuple(c for c in timeline.cues if c.kind not in ("ask", "checkin"))
        self._interlude = _Interlude(name, replace(timeline, cues=cues), at)
        return at

    @property
    def turning(self) -> Literal["waiting", "playing"] | None:
        """Whether an interlude waits for its point in the plan, plays, or neither."""
        if self._interlude is None:
            return None
        return "waiting" if self._interlude.session is None else "playing"

    def now_playing(self) -> tuple[Timeline, float]:
        """The timeline being played and the offset into it: the session's own, or an
        interlude's while it plays (what the pacer shows)."""
        inner = self._inner()
        if inner is not None:
            return inner.timeline, inner.position()
        return self.timeline, self.position()

    def _inner(self) -> Session | None:
        return self._interlude.session if self._interlude is not None else None

    def _begin_interlude(self, interlude: _Interlude) -> None:
        """The plan reached the interlude's point: hold the session's time there (from
        the planned moment, so a late wake loses nothing) and play the interlude."""
        start = self._origin + self._paused + float(interlude.at)
        self._paused_at = start
        interlude.session = Session(interlude.timeline, self.clock)
        interlude.session._begin_at(start)
        self.interludes.append(interlude.name)

    def _end_interlude(self, at: float | None = None, resume: bool = True) -> None:
        """The interlude is over (its end fell due at clock time ``at``; None: cut short
        now), or one on its way is called off; ``resume``: the session's time runs on
        from where it held still."""
        interlude, self._interlude = self._interlude, None
        inner = interlude.session if interlude is not None else None
        if inner is None:
            return
        if inner.state not in ("finished", "stopped"):
            inner.stop()
        self._interludes_played += inner.played()
        self._interludes_breaths += inner.breaths_taken
        if not resume or self._paused_at is None:
            return
        when = self.clock.now() if at is None else at
        self._paused += when - self._paused_at
        self._paused_at = None if self.state == "playing" else when

    def _from_interlude(self, interlude: _Interlude, inner: Session) -> list[Due]:
        """The interlude's cues now due, placed where they play in the session; its end
        hands the session back its own time."""
        out: list[Due] = []
        for due in inner.due():
            if due.cue.kind == "end":
                self._end_interlude(inner._paused_at)
            else:
                cue = replace(due.cue, at=interlude.at + due.cue.at)
                out.append(Due(due.index, cue, interlude.name))
        return out

    # -- cues -------------------------------------------------------------------------

    def due(self) -> list[Due]:
        """The cues that have fallen due since the last call, in order.

        An ``ask`` or ``checkin`` cue is the last one returned: the session then waits
        (its time frozen) until ``answer`` is called. The ``end`` cue finishes it.
        """
        out: list[Due] = []
        while self.state == "playing":
            interlude = self._interlude
            if interlude is not None and interlude.session is not None:
                out += self._from_interlude(interlude, interlude.session)
                if self._interlude is not None:
                    break  # it plays on
                continue
            self._take_own(out)
            if interlude is None or self.state != "playing":
                break
            cues = self.timeline.cues
            reached = float(interlude.at) <= self._position() + EPSILON
            if not reached or (self._next < len(cues) and cues[self._next].at < interlude.at):
                break
            self._begin_interlude(interlude)
        return out

    def _take_own(self, out: list[Due]) -> None:
        """Take the session's own cues now due into ``out`` (those before the point of an
        interlude on its way, when there is one)."""
        position = self._position()
        cues = self.timeline.cues
        until = self._interlude.at if self._interlude is not None else None
        while self._next < len(cues) and float(cues[self._next].at) <= position + EPSILON:
            cue = cues[self._next]
            if until is not None and cue.at >= until:
                break
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

    def upcoming(self) -> list[Due]:
        """The cues that will fall due together at ``next_wake()``, without taking them.

        They end with an ``ask``, ``checkin`` or ``end`` cue, as ``due`` would: what comes
        after a question may depend on its answer.
        """
        if self.next_wake() is None:
            return []
        interlude = self._interlude
        if interlude is None:
            return _together(self.timeline, self._next)
        inner = interlude.session
        if inner is None:
            if self.timeline.cues[self._next].at < interlude.at:
                return _together(self.timeline, self._next)
            inside = _together(interlude.timeline, 0)  # it begins
        else:
            inside = inner.upcoming()
        out = [
            Due(d.index, replace(d.cue, at=interlude.at + d.cue.at), interlude.name)
            for d in inside
            if d.cue.kind != "end"
        ]
        cues = self.timeline.cues
        ends = bool(inside) and inside[-1].cue.kind == "end"
        if ends and self._next < len(cues) and cues[self._next].at == interlude.at:
            # It ends: the session's own cues at its point fall due with its end.
            out += _together(self.timeline, self._next)
        return out

    def _unfreeze(self) -> None:
        assert self._paused_at is not None
        self._paused += self.clock.now() - self._paused_at
        self._paused_at = None


def _together(timeline: Timeline, first: int) -> list[Due]:
    """The cues from index ``first`` that fall due at the same moment as it: up to an
    ``ask``, ``checkin`` or ``end`` (what comes after a question may depend on it)."""
    cues = timeline.cues
    at = cues[first].at
    out: list[Due] = []
    for index in range(first, len(cues)):
        cue = cues[index]
        if cue.at != at:
            break
        out.append(Due(index, cue))
        if cue.kind in ("ask", "checkin", "end"):
            break
    return out


def turn_point(timeline: Timeline, taken: int, position: float) -> Fraction:
    """Where an interlude may begin, with the first ``taken`` cues played and the session
    at ``position``: once the breath being taken is through (its out-breath, and any rest
    after it), once the line being said is said; else (a silence, a chime ringing, or
    before anything) at once."""
    cues = timeline.cues
    here = Fraction(position)
    for index in range(taken - 1, -1, -1):
        cue = cues[index]
        if not cue.seconds:
            continue  # a chime, a prompt, a question: the cue before says what plays
        end = cue.at + cue.seconds
        if cue.kind == "silence" or end <= here:
            break
        if cue.kind == "phase":
            breath = (cue.step, cue.cycle)
            for later in cues[index + 1 :]:
                if later.kind == "phase" and (later.step, later.cycle) == breath:
                    end = later.at + (later.seconds or 0)
                elif later.kind == "phase" or later.step != cue.step:
                    break
        return end
    last = cues[taken - 1].at if taken else Fraction(0)
    return max(here, last)


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
