"""An interlude (turning over) played inside a session, on a fake clock: it begins once
the breath being taken is through, the session's own time holds still while it plays,
and the plan goes on from where it was, nothing of it skipped."""

from __future__ import annotations

import asyncio
import json
from fractions import Fraction
from pathlib import Path

import pytest

from mindful_tui.core.timing.clock import FakeClock
from mindful_tui.core.timing.conductor import Conductor
from mindful_tui.core.timing.engine import Due, Session, turn_point
from mindful_tui.core.timing.timeline import Cue, Timeline, compile_script
from mindful_tui.core.timing.timer import FakeTimer
from mindful_tui.core.timing.timinglog import TimingLog
from tests.core.helpers import script

MAIN = """
    title: main
    pattern: {inhale: 4, exhale: 6}
    steps:
      - breathe: {cycles: 3}
      - silence: 20
      - say: Well done.
        seconds: 4
"""
"""Three 10 s breaths (0-30), a silence (30-50), a closing line (50-54)."""

TURN = """
    title: turn
    pattern: {inhale: 2, exhale: 3}
    steps:
      - chime: bowl
      - silence: 4
      - say: Turn over slowly.
        seconds: 5
      - ask: Anything?
      - breathe: {cycles: 1}
"""
"""A bowl, 4 s of quiet, a 5 s line, one 5 s breath: 14 s (its question is left out)."""

LENGTH = 14.0


def plan(source: str) -> Timeline:
    return compile_script(script(source))


def play(session: Session, clock: FakeClock, until: float) -> list[tuple[float, Due]]:
    """Wake at every cue up to clock time ``until``; each due cue with when it fell due."""
    out: list[tuple[float, Due]] = []
    while (wake := session.next_wake()) is not None and wake <= until:
        clock.set(max(wake, clock.now()))
        out += [(clock.now(), due) for due in session.due()]
    clock.set(max(until, clock.now()))
    out += [(clock.now(), due) for due in session.due()]
    return out


def test_it_begins_after_the_out_breath_and_the_session_goes_on_where_it_was() -> None:
    clock = FakeClock(start=0.0)
    session = Session(plan(MAIN), clock)
    session.start()
    play(session, clock, 2.0)  # in the first in-breath
    assert session.interlude(plan(TURN), "turning-over") == 10  # that breath is through
    assert session.turning == "waiting"
    assert session.remaining() == pytest.approx(54 - 2 + LENGTH)
    played = play(session, clock, 200.0)
    seen = [(t, d.cue.kind, d.interlude, float(d.cue.at)) for t, d in played]
    assert seen[:7] == [
        (4.0, "phase", None, 4.0),  # the out-breath it waited for
        (10.0, "chime", "turning-over", 10.0),
        (10.0, "silence", "turning-over", 10.0),
        (14.0, "say", "turning-over", 14.0),
        (19.0, "phase", "turning-over", 19.0),
        (21.0, "phase", "turning-over", 21.0),
        (24.0, "phase", None, 10.0),  # the session's second breath, where it was
    ]
    assert all(d.cue.kind != "ask" for _, d in played)
    assert seen[-1] == (54.0 + LENGTH, "end", None, 54.0)
    assert session.state == "finished"
    assert session.full and session.skipped == 0
    assert session.played() == pytest.approx(54 + LENGTH)
    assert session.breaths_taken == 3 + 1
    assert session.interludes == ["turning-over"]


def test_the_session_holds_still_while_it_plays_and_the_pacer_follows_it() -> None:
    clock = FakeClock(start=0.0)
    session = Session(plan(MAIN), clock)
    session.start()
    play(session, clock, 5.0)  # in the out-breath
    session.interlude(plan(TURN), "turning-over")
    play(session, clock, 20.0)  # ten seconds into the interlude
    assert session.turning == "playing"
    assert session.position() == 10.0
    assert session.step == 0
    timeline, offset = session.now_playing()
    assert timeline.title == "turn" and offset == pytest.approx(10.0)
    assert session.remaining() == pytest.approx(44 + 4)
    assert session.position_at(clock.now()) == pytest.approx(20.0)


def test_a_pause_in_the_interlude_holds_both() -> None:
    clock = FakeClock(start=0.0)
    session = Session(plan(MAIN), clock)
    session.start()
    play(session, clock, 2.0)
    session.interlude(plan(TURN), "turning-over")
    play(session, clock, 16.0)  # 6 s into it
    session.pause()
    assert session.state == "paused"
    assert session.next_wake() is None
    clock.advance(100)
    assert session.due() == []
    session.resume()
    rest = play(session, clock, 500.0)
    back = next(t for t, d in rest if d.interlude is None)
    assert back == pytest.approx(100 + 10 + LENGTH)
    assert session.full and session.played() == pytest.approx(54 + LENGTH)


def test_next_ends_the_interlude_and_nothing_of_the_plan_is_skipped() -> None:
    clock = FakeClock(start=0.0)
    session = Session(plan(MAIN), clock)
    session.start()
    play(session, clock, 3.0)
    session.interlude(plan(TURN), "turning-over")
    play(session, clock, 15.0)
    session.next_step()
    assert session.turning is None
    assert session.position() == 10.0 and session.step == 0
    first = play(session, clock, 15.0)
    assert [(d.cue.kind, float(d.cue.at), d.interlude) for _, d in first] == [("phase", 10.0, None)]
    play(session, clock, 500.0)
    assert session.full and session.skipped == 0
    assert session.played() == pytest.approx(54 + 5)


def test_end_soon_in_the_interlude_ends_it_and_moves_to_the_closing() -> None:
    clock = FakeClock(start=0.0)
    session = Session(plan(MAIN), clock)
    session.start()
    play(session, clock, 3.0)
    session.interlude(plan(TURN), "turning-over")
    play(session, clock, 12.0)
    pressed = clock.now()
    assert session.close_soon()
    assert session.turning is None and session.ended_early
    played = play(session, clock, 500.0)
    assert session.state == "finished"
    ended = next(t for t, d in played if d.cue.kind == "end")
    assert ended - pressed <= 4  # its closing line, no more


def test_end_soon_calls_off_an_interlude_on_its_way() -> None:
    clock = FakeClock(start=0.0)
    session = Session(plan(MAIN), clock)
    session.start()
    play(session, clock, 3.0)
    session.interlude(plan(TURN), "turning-over")
    session.close_soon()
    played = play(session, clock, 500.0)
    assert all(d.interlude is None for _, d in played)
    assert session.interludes == []


def test_where_it_may_begin() -> None:
    main = plan(MAIN)
    taken = {at: main.index_at(at) for at in (0, 2, 4, 9.5, 29, 31, 50, 51)}
    assert turn_point(main, taken[0], 0) == 10  # the first breath, as it begins
    assert turn_point(main, taken[2], 2) == 10
    assert turn_point(main, taken[4], 4) == 10  # its out-breath: through it
    assert turn_point(main, taken[9.5], 9.5) == 10
    assert turn_point(main, taken[29], 29) == 30
    assert turn_point(main, taken[31], 31) == 31  # silence: at once
    assert turn_point(main, taken[51], 51) == 54  # a line being said: once it is said
    rest = plan("""
        title: rest
        steps:
          - breathe:
              cycles: 2
              pattern: {inhale: 4, hold: 1, exhale: 4, rest: 2}
              prompts: {2: Once more.}
    """)
    assert turn_point(rest, rest.index_at(9.5), 9.5) == 11  # after the rest, too
    assert turn_point(rest, rest.index_at(11), 11) == 22  # a prompt does not end it


def test_it_cannot_begin_when_the_session_ends_first_or_twice() -> None:
    clock = FakeClock(start=0.0)
    session = Session(plan(MAIN), clock)
    assert session.interlude(plan(TURN), "turning-over") is None  # not started
    session.start()
    play(session, clock, 51.0)
    assert session.interlude(plan(TURN), "turning-over") is None  # the end comes first
    session = Session(plan(MAIN), clock)
    session.start()
    assert session.interlude(plan(TURN), "turning-over") is not None
    assert session.interlude(plan(TURN), "turning-over") is None


def test_a_step_skipped_while_it_waits_moves_its_point() -> None:
    clock = FakeClock(start=0.0)
    session = Session(plan(MAIN), clock)
    session.start()
    play(session, clock, 2.0)
    assert session.interlude(plan(TURN), "turning-over") == 10
    session.next_step()  # on to the silence at 30: it begins there, at once
    played = play(session, clock, 100.0)
    firsts = [(t, float(d.cue.at)) for t, d in played if d.interlude is not None]
    assert firsts[0] == (2.0, 30.0)


def test_upcoming_gives_its_first_sounds_and_then_the_sessions_own() -> None:
    clock = FakeClock(start=0.0)
    session = Session(plan(MAIN), clock)
    session.start()
    play(session, clock, 5.0)
    session.interlude(plan(TURN), "turning-over")
    assert [(d.cue.kind, d.interlude) for d in session.upcoming()] == [
        ("chime", "turning-over"),
        ("silence", "turning-over"),
    ]
    assert session.next_wake() == 10.0
    play(session, clock, 19.5)  # in its breath
    assert session.next_wake() == 21.0
    play(session, clock, 21.5)
    assert session.next_wake() == 24.0
    assert [(d.cue.kind, float(d.cue.at), d.interlude) for d in session.upcoming()] == [
        ("phase", 10.0, None)
    ]


def test_the_timing_log_names_its_cues_and_the_plan_keeps_its_offsets(
    tmp_path: Path,
) -> None:
    clock = FakeClock(start=0.0)
    session = Session(plan(MAIN), clock)

    class Quiet:
        def show(self, due: Due) -> float | None:
            if due.cue.kind == "phase" and session.turning is None and due.cue.at == 0:
                session.interlude(plan(TURN), "turning-over")
            return None

        async def ask(self, cue: Cue) -> str | int | None:
            return None

    path = tmp_path / "timing.jsonl"
    with TimingLog(path) as log:
        asyncio.run(Conductor(session, Quiet(), FakeTimer(clock), log).run())
    lines = [json.loads(line) for line in path.read_text().splitlines()]
    inside = [line for line in lines if "interlude" in line]
    assert [(line["kind"], line["due"], line["shown"]) for line in inside] == [
        ("chime", 10.0, 10.0),
        ("silence", 10.0, 10.0),
        ("say", 14.0, 14.0),
        ("phase", 19.0, 19.0),
        ("phase", 21.0, 21.0),
    ]
    own = [line for line in lines if "interlude" not in line]
    assert all(line["due"] == line["shown"] for line in own)
    assert own[-1]["kind"] == "end" and own[-1]["due"] == 54.0
    assert clock.now() == pytest.approx(54 + LENGTH)
    assert Fraction(inside[0]["due"]) == 10
