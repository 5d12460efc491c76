"""The session engine on a fake clock: exact cues, pauses, questions, skipping."""

from __future__ import annotations

import asyncio
from fractions import Fraction

import pytest

from mindful_tui.core.timing.clock import FakeClock
from mindful_tui.core.timing.engine import ANSWER_LIMIT, Session
from mindful_tui.core.timing.timeline import Timeline, compile_script
from tests.core.helpers import script


def timeline(source: str) -> Timeline:
    return compile_script(script(source))


SIMPLE = """
    title: x
    pattern: {inhale: 4, exhale: 6}
    steps:
      - say: Settle.
        seconds: 5
      - breathe: {cycles: 2}
      - silence: 10
"""


def test_cues_fall_due_exactly_at_their_offsets() -> None:
    clock = FakeClock()
    session = Session(timeline(SIMPLE), clock)
    session.start()
    assert [d.cue.kind for d in session.due()] == ["say"]
    clock.advance(4.999)
    assert session.due() == []
    clock.advance(0.001)
    assert [d.cue.phase for d in session.due()] == ["inhale"]
    assert session.next_wake() == pytest.approx(clock.now() + 4)


def test_a_sixty_minute_session_lands_every_cue_on_its_offset() -> None:
    source = """
        title: Long
        steps:
          - breathe: {cycles: 330, pattern: {inhale: 5.45, exhale: 5.45}}
          - chime: bell
    """
    plan = timeline(source)
    assert plan.total == Fraction("3597")
    clock = FakeClock(start=12345.678)
    session = Session(plan, clock)
    session.start()
    seen: list[tuple[Fraction, float]] = []
    while session.state == "playing":
        for due in session.due():
            seen.append((due.cue.at, session.position()))
        wake = session.next_wake()
        if wake is not None:
            clock.set(wake)
    assert len(seen) == len(plan.cues) == 662
    worst = max(abs(position - float(at)) for at, position in seen)
    assert worst < 1e-6
    assert session.state == "finished"
    assert session.position() == pytest.approx(3597, abs=1e-6)


def test_late_wakes_do_not_shift_later_cues() -> None:
    clock = FakeClock()
    session = Session(timeline(SIMPLE), clock)
    session.start()
    session.due()
    clock.set((session.next_wake() or 0) + 0.8)  # the machine was busy
    assert len(session.due()) == 1
    assert session.next_wake() == pytest.approx(clock.now() - 0.8 + 4)


def test_pause_removes_its_time() -> None:
    clock = FakeClock()
    session = Session(timeline(SIMPLE), clock)
    session.start()
    session.due()
    clock.advance(2)
    session.pause()
    assert session.next_wake() is None
    clock.advance(100)
    assert session.due() == [] and session.position() == pytest.approx(2)
    session.resume()
    assert session.position() == pytest.approx(2)
    assert session.next_wake() == pytest.approx(clock.now() + 3)


def test_a_question_holds_the_session_until_answered() -> None:
    plan = timeline("""
        title: x
        steps:
          - say: One.
            seconds: 3
          - ask: Intention?
            key: intention
          - say: "Recall {intention}."
            seconds: 3
    """)
    clock = FakeClock()
    session = Session(plan, clock)
    session.start()
    session.due()
    clock.advance(3.2)
    assert [d.cue.kind for d in session.due()] == ["ask"]
    assert session.state == "waiting"
    clock.advance(60)
    assert session.due() == [] and session.position() == pytest.approx(3)
    session.answer("ease in my shoulders")
    due = session.due()
    assert [session.text_of(d.cue) for d in due] == ["Recall ease in my shoulders."]
    assert session.answers == {"intention": "ease in my shoulders"}
    clock.advance(3)
    assert [d.cue.kind for d in session.due()] == ["end"]
    assert str(session.state) == "finished"


def test_skipped_question_leaves_a_gentle_gap() -> None:
    plan = timeline("""
        title: x
        steps:
          - ask: Intention?
            key: intention
          - say: "Recall {intention}."
    """)
    session = Session(plan, FakeClock())
    session.start()
    session.due()
    session.answer(None)
    assert session.answers == {}
    assert session.text_of(session.due()[0].cue) == "Recall …."


def test_next_and_previous_step() -> None:
    clock = FakeClock()
    session = Session(timeline(SIMPLE), clock)
    session.start()
    session.due()
    clock.advance(1)
    session.next_step()
    assert session.position() == pytest.approx(5)
    assert [d.cue.phase for d in session.due()] == ["inhale"]
    clock.advance(7)
    session.previous_step()  # well into the step: restart it
    assert session.position() == pytest.approx(5)
    assert [d.cue.phase for d in session.due()] == ["inhale"]
    clock.advance(0.5)
    session.previous_step()  # just started: go back one step
    assert session.position() == pytest.approx(0)
    assert [d.cue.kind for d in session.due()] == ["say"]
    session.next_step()
    session.next_step()
    session.next_step()
    assert [d.cue.kind for d in session.due()][-1] == "end"
    assert session.state == "finished"
    session.previous_step()  # past the last step: nothing to go back to, and no error
    assert session.state == "finished"


def test_stop_freezes_the_position() -> None:
    clock = FakeClock()
    session = Session(timeline(SIMPLE), clock)
    session.start()
    clock.advance(7)
    session.stop()
    clock.advance(50)
    assert session.state == "stopped"
    assert session.position() == pytest.approx(7)
    assert session.due() == [] and session.next_wake() is None


def test_conductor_plays_everything_in_order_with_a_fake_timer() -> None:
    from mindful_tui.core.timing.conductor import Conductor
    from mindful_tui.core.timing.engine import Due
    from mindful_tui.core.timing.timeline import Cue
    from mindful_tui.core.timing.timer import FakeTimer

    plan = timeline("""
        title: x
        pattern: {inhale: 4, exhale: 6}
        steps:
          - checkin: Tension?
            key: before
          - breathe: {cycles: 3}
    """)
    clock = FakeClock()
    session = Session(plan, clock)
    shown: list[tuple[str, float]] = []

    class Recorder:
        def show(self, due: Due) -> float | None:
            shown.append((due.cue.kind, session.position()))
            return clock.now()

        async def ask(self, cue: Cue) -> str | int | None:
            clock.advance(30)  # the person thinks for half a minute
            return 7

    timer = FakeTimer(clock)
    asyncio.run(Conductor(session, Recorder(), timer).run())
    assert session.state == "finished"
    assert session.answers == {"before": 7}
    assert [k for k, _ in shown] == ["checkin"] + ["phase"] * 6 + ["end"]
    for (_, at), cue in zip(shown, plan.cues, strict=True):
        assert at == pytest.approx(float(cue.at))
    assert clock.now() == pytest.approx(1000 + 30 + 30)


def test_timing_log_lines(tmp_path: object) -> None:
    import json
    from pathlib import Path

    from mindful_tui.core.timing.conductor import Conductor
    from mindful_tui.core.timing.engine import Due
    from mindful_tui.core.timing.timeline import Cue
    from mindful_tui.core.timing.timer import FakeTimer
    from mindful_tui.core.timing.timinglog import TimingLog

    assert isinstance(tmp_path, Path)
    plan = timeline(SIMPLE)
    clock = FakeClock()
    session = Session(plan, clock)

    class Quiet:
        def show(self, due: Due) -> float | None:
            return clock.now() if due.cue.kind == "phase" else None

        async def ask(self, cue: Cue) -> str | int | None:
            return None

    path = tmp_path / "timing.jsonl"
    with TimingLog(path) as log:
        asyncio.run(Conductor(session, Quiet(), FakeTimer(clock), log).run())
    lines = [json.loads(line) for line in path.read_text().splitlines()]
    assert [line["cue"] for line in lines] == list(range(len(plan.cues)))
    assert lines[1] == {"cue": 1, "kind": "phase", "due": 5.0, "shown": 5.0, "sound": 5.0}
    assert lines[0]["sound"] is None


def test_a_jump_in_the_clock_is_taken_out_as_a_pause() -> None:
    """Laptop sleep mid-session: the wake comes ten minutes late; the session goes on
    from where it was instead of rushing through every cue it slept past."""
    from mindful_tui.core.timing.conductor import Conductor
    from mindful_tui.core.timing.engine import Due
    from mindful_tui.core.timing.timeline import Cue
    from mindful_tui.core.timing.timer import FakeTimer

    plan = timeline(SIMPLE)
    clock = FakeClock()
    session = Session(plan, clock)
    shown: list[tuple[str | None, float]] = []

    class Sleepy(FakeTimer):
        async def wait(self, until: float | None) -> None:
            await super().wait(until)
            if len(self.waits) == 2:
                clock.advance(600)  # the lid was closed

    class Recorder:
        def show(self, due: Due) -> float | None:
            shown.append((due.cue.phase or due.cue.kind, session.position()))
            return None

        async def ask(self, cue: Cue) -> str | int | None:
            return None

    asyncio.run(Conductor(session, Recorder(), Sleepy(clock)).run())
    assert [k for k, _ in shown] == [
        "say",
        "inhale",
        "exhale",
        "inhale",
        "exhale",
        "silence",
        "end",
    ]
    for (_, at), cue in zip(shown, plan.cues, strict=True):
        assert at == pytest.approx(float(cue.at))
    assert session.position() == pytest.approx(float(plan.total))


def test_stopping_a_session_that_never_started_leaves_it_at_zero() -> None:
    """Stopped while its voice was being prepared: nothing was practised."""
    clock = FakeClock(start=86_400.0)  # a machine up for a day
    session = Session(timeline(SIMPLE), clock)
    session.stop()
    assert session.state == "stopped"
    assert session.position() == 0
    clock.advance(5)
    assert session.position() == 0 and session.due() == []


def test_a_typed_answer_keeps_its_first_200_characters() -> None:
    plan = timeline("""
        title: x
        steps:
          - ask: Intention?
            key: intention
          - say: "Recall {intention}."
            seconds: 3
    """)
    session = Session(plan, FakeClock())
    session.start()
    session.due()
    session.answer("rest " * 1000)
    assert session.answers == {"intention": ("rest " * 1000)[:ANSWER_LIMIT]}
    assert ANSWER_LIMIT == 200


def test_skipping_counts_neither_the_time_nor_the_breaths_skipped_and_is_not_full() -> None:
    from mindful_tui.core.storage.practice_log import record_of

    clock = FakeClock()
    session = Session(timeline(SIMPLE), clock)  # say 5, two 10 s breaths, silence 10
    session.start()
    session.due()
    clock.advance(2)
    session.next_step()  # 3 s of the say skipped
    clock.advance(10)
    session.due()  # the first breath, taken
    session.next_step()  # the second breath skipped: 10 s
    clock.advance(10)
    assert [d.cue.kind for d in session.due()][-1] == "end"
    assert session.state == "finished" and not session.full
    assert session.played() == pytest.approx(22)
    assert session.skipped == pytest.approx(13)
    assert session.breaths_taken == 1
    record = record_of(session, "simple", "2026-01-01T00:00:00+00:00")
    assert (record.practised, record.breaths, record.outcome) == (22.0, 1, "stopped")
    assert record.skipped == 13.0


def test_going_back_plays_time_and_breaths_again_and_still_finishes_full() -> None:
    from mindful_tui.core.storage.practice_log import record_of

    clock = FakeClock()
    session = Session(timeline(SIMPLE), clock)
    session.start()
    clock.advance(6)
    session.due()  # the say, and the first breath begun
    session.previous_step()  # within 2 s of the breath's start: back to the say
    clock.advance(35)
    session.due()
    assert session.state == "finished" and session.full
    assert session.played() == pytest.approx(41)
    assert session.breaths_taken == 2  # the breath left after a second is not one taken
    record = record_of(session, "simple", "2026-01-01T00:00:00+00:00")
    assert (record.practised, record.breaths, record.outcome) == (41.0, 2, "finished")
