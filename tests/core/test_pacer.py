"""The pacer's frames: size follows the breath, and changes are predicted exactly."""

from __future__ import annotations

from fractions import Fraction

import pytest

from mindful_tui.core.script.model import Breathe, Pattern, Phase, Say, Script
from mindful_tui.core.timing.frames import REST, frame_at, next_change
from mindful_tui.core.timing.timeline import Timeline, compile_script


def breathing(*phases: tuple[str, float], cycles: int = 2, before: float = 0) -> Timeline:
    pattern = Pattern(tuple(Phase(k, Fraction(s)) for k, s in phases))  # type: ignore[arg-type]
    steps: list[Say | Breathe] = []
    if before:
        steps.append(Say("Settle in.", Fraction(before)))
    steps.append(Breathe(cycles, pattern))
    return compile_script(Script("t", tuple(steps)))


def test_grows_on_the_inhale_rests_on_the_hold_and_shrinks_on_the_exhale() -> None:
    timeline = breathing(("inhale", 4), ("hold", 2), ("exhale", 6))
    sizes = [frame_at(timeline, t, 10).level for t in (0, 1, 2, 3, 3.99)]
    assert sizes == sorted(sizes) and sizes[0] == 0 and sizes[-1] == 10
    assert {frame_at(timeline, t, 10).level for t in (4, 5, 5.99)} == {10}
    out = [frame_at(timeline, t, 10).level for t in (6, 8, 10, 11.99)]
    assert out == sorted(out, reverse=True) and out[-1] == 0
    assert frame_at(timeline, 5, 10).phase == "hold"


def test_words_for_the_phase_seconds_left_and_cycle() -> None:
    timeline = breathing(("inhale", 4), ("exhale", 6), cycles=3)
    frame = frame_at(timeline, 10 + 4.5)
    assert (frame.phase, frame.seconds_left, frame.cycle, frame.of) == ("exhale", 6, 2, 3)
    assert frame_at(timeline, 10 + 9.2).seconds_left == 1
    assert frame_at(timeline, 10).seconds_left == 4


def test_outside_breathing_the_pacer_rests() -> None:
    timeline = breathing(("inhale", 4), ("exhale", 4), before=5)
    assert frame_at(timeline, 2) == REST
    assert frame_at(timeline, 100) == REST
    assert next_change(timeline, 2) == 5
    assert next_change(timeline, 100) is None


def test_a_sigh_fills_in_two_parts_in_proportion() -> None:
    timeline = breathing(("inhale", 2), ("inhale", 1), ("exhale", 6))
    assert frame_at(timeline, 1.999).fullness == pytest.approx(2 / 3, abs=1e-3)
    assert frame_at(timeline, 2.999).fullness == pytest.approx(1, abs=1e-3)


@pytest.mark.parametrize("levels", [3, 8, 23])
@pytest.mark.parametrize("count_seconds", [True, False])
def test_next_change_is_exactly_when_the_frame_changes(levels: int, count_seconds: bool) -> None:
    """Walk a whole session by next_change: every wake shows a new frame, and sampling
    finely in between never finds a change that was not predicted."""
    timeline = breathing(("inhale", 4), ("hold", 1.5), ("exhale", 5.45), ("rest", 1), before=3)

    def visible(t: float) -> tuple[object, ...]:
        f = frame_at(timeline, t, levels)
        shown = (f.phase, f.level, f.cycle)
        return (*shown, f.seconds_left) if count_seconds else shown

    t = 0.0
    wakes = 0
    while (after := next_change(timeline, t, levels, count_seconds)) is not None:
        assert after > t
        assert visible(after) != visible(t), f"woke at {after} for nothing"
        for i in range(1, 50):
            probe = t + (after - t) * i / 50
            assert visible(probe) == visible(t), f"missed a change at {probe}"
        t = after
        wakes += 1
    assert t == pytest.approx(float(timeline.total), abs=1e-5)
    assert wakes < 2 * (levels + 12) * 2 + 3  # a handful a phase, not a frame rate


def test_fewer_wakes_without_the_countdown() -> None:
    timeline = breathing(("inhale", 4), ("exhale", 6), cycles=5)

    def count(seconds: bool) -> int:
        t, n = 0.0, 0
        while (t2 := next_change(timeline, t, 6, seconds)) is not None:
            t, n = t2, n + 1
        return n

    assert count(False) < count(True)
