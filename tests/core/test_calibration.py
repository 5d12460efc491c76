"""Calibration from taps: the pace and the in:out ratio, and missed or doubled taps said
plainly (never guessed around). Taps are read off a fake clock."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import assume, given
from hypothesis import strategies as st

from mindful_tui.core.timing.calibration import Calibration, Tapper
from mindful_tui.core.timing.clock import FakeClock

PROBLEMS = ("doubled", "missed", "uneven")


Tap = tuple[float, bool]
"""When, and whether the breath turns in (else out) there."""


def calibrate(taps: list[Tap]) -> tuple[Calibration | None, list[str]]:
    """Tap as a person does; told a tap went wrong, they wait for their next in-breath,
    as the message asks. The result, and every message said."""
    tapper = Tapper()
    said: list[str] = []
    waiting = False
    for at, turns_in in taps:
        if waiting and not turns_in:
            continue
        waiting = False
        feedback = tapper.tap(at)
        if feedback.kind in PROBLEMS:
            said.append(feedback.message)
            waiting = feedback.kind != "uneven"
    return tapper.result, said


def breathing(*breaths: tuple[float, float]) -> list[Tap]:
    """Taps for these breaths (seconds in, out): in, out, ..., and the in-tap that ends
    the last, read off a fake clock."""
    clock = FakeClock()
    taps = []
    for inhale, exhale in breaths:
        taps.append((clock.now(), True))
        clock.advance(inhale)
        taps.append((clock.now(), False))
        clock.advance(exhale)
    taps.append((clock.now(), True))
    return taps


def test_three_in_five_out_is_seven_and_a_half_a_minute() -> None:
    result, said = calibrate(breathing(*[(3, 5)] * 6))
    assert said == []
    assert result is not None
    assert result.breaths == 6
    assert abs(result.breaths_per_minute - 7.5) < 1e-9
    assert (result.inhale, result.exhale) == (3, 5)
    assert result.ratio == "3:5"
    assert result.describe() == "7.5 breaths a minute: 3.0 s in, 5.0 s out"
    pattern = result.pattern()
    assert pattern.describe() == "3-0-5-0"
    assert pattern.breaths_per_minute == Fraction(15, 2)


def test_not_enough_breaths_gives_no_result() -> None:
    taps = breathing(*[(3, 5)] * 6)[:-1]  # the sixth out-breath never ends
    tapper = Tapper()
    kinds = [tapper.tap(t).kind for t, _ in taps]
    assert tapper.result is None
    assert kinds[:4] == ["start", "in", "breath", "in"]
    assert tapper.tap(taps[-1][0] + 5).kind == "done"


@given(
    inhale=st.floats(1.5, 8),
    exhale=st.floats(1.5, 10),
    jitter=st.lists(st.floats(-0.1, 0.1), min_size=13, max_size=13),
)
def test_any_steady_breath_is_measured_within_a_fifth_of_a_second(
    inhale: float, exhale: float, jitter: list[float]
) -> None:
    # Any ratio up to 1:3 either way (a resting breath is near 1:1.5); past about 1:6 one
    # phase is nearly the whole breath, and cannot be told from a breath with a tap missed.
    assume(1 / 3 <= inhale / exhale <= 3)
    taps = [
        (t + j, i) for (t, i), j in zip(breathing(*[(inhale, exhale)] * 6), jitter, strict=True)
    ]
    result, said = calibrate(taps)
    assert said == []
    assert result is not None
    assert abs(result.inhale - inhale) <= 0.2
    assert abs(result.exhale - exhale) <= 0.2
    assert abs(result.breaths_per_minute - 60 / (inhale + exhale)) < 0.5


def test_a_doubled_tap_is_said_and_that_breath_asked_again() -> None:
    taps = breathing(*[(3, 5)] * 9)
    doubled = [*taps[:6], (taps[5][0] + 0.2, False), *taps[6:]]  # the third breath's out, twice
    result, said = calibrate(doubled)
    assert len(said) == 1
    assert said[0].startswith("Two taps came close together (0.2 s apart)")
    assert "left out" in said[0] and "next breath turns in" in said[0]
    assert result is not None
    assert (round(result.inhale, 6), round(result.exhale, 6)) == (3, 5)


def test_a_missed_tap_is_said_and_that_breath_asked_again() -> None:
    taps = breathing(*[(3, 5)] * 9)
    for missing in (7, 8):  # an in-tap, then (separately) an out-tap
        result, said = calibrate(taps[:missing] + taps[missing + 1 :])
        assert len(said) == 1, said
        assert said[0].startswith("A tap seems to be missing"), said
        assert "8.0 s" in said[0]
        assert result is not None
        assert (round(result.inhale, 6), round(result.exhale, 6)) == (3, 5)


def test_a_tap_missed_in_the_first_breath_is_caught_by_the_second() -> None:
    taps = breathing(*[(3, 5)] * 10)
    result, said = calibrate([taps[0], *taps[2:]])  # the first out-tap missed
    assert said and said[0].startswith("A tap seems to be missing in your first breaths")
    assert result is not None
    # Without the check the taps after the gap are out of step: 5 s in, 3 s out.
    assert (round(result.inhale, 6), round(result.exhale, 6)) == (3, 5)


def test_a_breath_far_from_the_others_is_left_out_at_the_end() -> None:
    # One hurried breath that no single tap gives away: 3 s in, 2.4 s out.
    taps = breathing((3, 5), (3, 5), (3, 5), (3, 2.4), (3, 5), (3, 5), (3, 5))
    result, said = calibrate(taps)
    assert len(said) == 1 and said[0].startswith("One breath (3.0 s in, 2.4 s out)")
    assert result is not None and result.breaths == 6
    assert (round(result.inhale, 6), round(result.exhale, 6)) == (3, 5)


def test_taps_far_apart_are_a_missed_tap_even_first() -> None:
    tapper = Tapper()
    tapper.tap(0)
    feedback = tapper.tap(45)
    assert feedback.kind == "missed"
    assert tapper.tap(50).kind == "start"  # the next tap starts a breath afresh
