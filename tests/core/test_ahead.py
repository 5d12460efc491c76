"""Sounds started ahead: the conductor primes each cue's sound ``lead`` before it falls
due (the sound begins with that much silence, so it is heard on time), and withdraws it
when the cue will not fall due then after all."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field

import pytest

from mindful_tui.core.timing.clock import FakeClock
from mindful_tui.core.timing.conductor import Conductor
from mindful_tui.core.timing.engine import Due, Session
from mindful_tui.core.timing.timeline import Cue
from mindful_tui.core.timing.timer import FakeTimer
from tests.core.test_engine import SIMPLE, timeline

LEAD = 0.04


@dataclass
class Recorder:
    """Presenter and ``Ahead`` at once: what happened, and when on the clock."""

    clock: FakeClock
    events: list[tuple[str, float, tuple[int, ...], float | None]] = field(default_factory=list)
    primed: dict[int, float] = field(default_factory=dict)

    def prime(self, dues: Sequence[Due], at: float) -> None:
        self.events.append(("prime", self.clock.now(), tuple(d.index for d in dues), at))
        self.primed = dict.fromkeys((d.index for d in dues), at)

    def withdraw(self) -> None:
        self.events.append(("withdraw", self.clock.now(), tuple(self.primed), None))
        self.primed = {}

    def show(self, due: Due) -> float | None:
        self.events.append(("show", self.clock.now(), (due.index,), None))
        return self.primed.pop(due.index, None)

    async def ask(self, cue: Cue) -> str | int | None:
        self.clock.advance(5)
        return 3

    def kinds(self) -> list[str]:
        return [kind for kind, *_ in self.events]


def play(source: str, timer_type: type[FakeTimer] = FakeTimer) -> tuple[Session, Recorder]:
    clock = FakeClock()
    session = Session(timeline(source), clock)
    recorder = Recorder(clock)
    conductor = Conductor(session, recorder, timer_type(clock), ahead=recorder, lead=LEAD)
    asyncio.run(conductor.run())
    return session, recorder


def test_every_cue_is_primed_lead_ahead_and_then_shown_on_time() -> None:
    session, recorder = play(SIMPLE)
    plan = session.timeline
    start = 1000 + LEAD  # the session starts ``lead`` after ``run``: its first cue too
    primes = [e for e in recorder.events if e[0] == "prime"]
    shows = [e for e in recorder.events if e[0] == "show"]
    assert "withdraw" not in recorder.kinds()
    # One prime per moment: cues due together are primed together.
    moments = sorted({float(c.at) for c in plan.cues})
    assert [p[3] for p in primes] == pytest.approx([start + m for m in moments])
    for _, when, indexes, at in primes:
        assert at is not None
        assert when == pytest.approx(at - LEAD)
        assert {float(plan.cues[i].at) for i in indexes} == {at - start}
    assert [s[2][0] for s in shows] == list(range(len(plan.cues)))
    for _, when, (index,), _ in shows:
        assert when == pytest.approx(start + float(plan.cues[index].at))
    # Each cue is primed before it is shown.
    order = [(kind, i) for kind, _, indexes, _ in recorder.events for i in indexes]
    for index in range(len(plan.cues)):
        assert order.index(("prime", index)) < order.index(("show", index))


def test_pausing_after_priming_withdraws_the_sound_and_primes_it_again() -> None:
    clock = FakeClock()
    session = Session(timeline(SIMPLE), clock)
    recorder = Recorder(clock)

    class Pausing(FakeTimer):
        """Waiting for the inhale at 5 s, with its sound primed, the person pauses 10 ms
        before it and resumes 20 s later (the app interrupts the wait each time)."""

        async def wait(self, until: float | None) -> None:
            if until is None and session.state == "paused":
                self.clock.advance(20)
                session.resume()
                return
            if 1 in recorder.primed and "withdraw" not in recorder.kinds():
                assert until is not None
                self.clock.set(until - 0.01)
                session.pause()
                return
            await super().wait(until)

    conductor = Conductor(session, recorder, Pausing(clock), ahead=recorder, lead=LEAD)
    asyncio.run(conductor.run())
    events = [(kind, indexes) for kind, _, indexes, _ in recorder.events]
    first = events.index(("prime", (1,)))
    assert events[first + 1 : first + 4] == [
        ("withdraw", (1,)),
        ("prime", (1,)),
        ("show", (1,)),
    ]
    shown_inhale = next(e for e in recorder.events if e[0] == "show" and e[2] == (1,))
    assert shown_inhale[1] == pytest.approx(1000 + LEAD + 5 + 20)
    assert session.state == "finished"


def test_what_follows_a_question_is_primed_only_after_the_answer() -> None:
    source = """
        title: x
        steps:
          - checkin: How tense?
            key: before
          - say: "You said {before}."
            seconds: 3
    """
    session, recorder = play(source)
    events = [(kind, indexes) for kind, _, indexes, _ in recorder.events]
    # The check-in and the line after it share offset 0; the line waits for the answer.
    assert events[:3] == [("prime", (0,)), ("show", (0,)), ("prime", (1,))]
    assert session.answers == {"before": 3}


def test_without_ahead_the_session_starts_at_once() -> None:
    clock = FakeClock()
    session = Session(timeline(SIMPLE), clock)
    shown: list[float] = []

    class Plain:
        def show(self, due: Due) -> float | None:
            shown.append(clock.now())
            return None

        async def ask(self, cue: Cue) -> str | int | None:
            return None

    asyncio.run(Conductor(session, Plain(), FakeTimer(clock)).run())
    assert shown[0] == 1000


def test_a_session_about_to_start_is_at_zero() -> None:
    clock = FakeClock()
    session = Session(timeline(SIMPLE), clock)
    session.start(at=clock.now() + LEAD)
    assert session.position() == 0
    assert session.due() == []
    assert session.next_wake() == pytest.approx(1000 + LEAD)
    assert [d.index for d in session.upcoming()] == [0]
    clock.advance(LEAD)
    assert [d.index for d in session.due()] == [0]
