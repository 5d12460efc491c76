"""``--minutes``: scaling a session's breathing to a wanted length, on whole cycles."""

from __future__ import annotations

from fractions import Fraction

from mindful_tui.core.script.lengths import fit_to_minutes
from mindful_tui.core.script.model import Breathe, Silence
from mindful_tui.core.timing.timeline import compile_script
from tests.core.helpers import script

DURING = script("""
    title: During
    pattern: {inhale: 4, exhale: 6}
    steps:
      - say: Settle.
        seconds: 20
      - breathe: {cycles: 10, cues: true, prompts: {1: In., 5: Soft., 10: Last.}}
      - silence: 40
      - breathe: {cycles: 6, pattern: {inhale: 4, exhale: 8}}
""")


def test_scales_to_the_wanted_length_on_whole_cycles() -> None:
    for minutes in (3, 20, 45, 60):
        scaled = fit_to_minutes(DURING, Fraction(minutes))
        total = compile_script(scaled).total
        # Whole cycles of 10 s and 12 s: the nearest total is within half a cycle or so.
        assert abs(total - minutes * 60) <= 6, (minutes, total)
        assert all(s.cycles >= 1 for s in scaled.steps if isinstance(s, Breathe))


def test_fixed_steps_keep_their_length() -> None:
    scaled = fit_to_minutes(DURING, Fraction(30))
    assert scaled.steps[0] == DURING.steps[0]
    assert scaled.steps[2] == DURING.steps[2]


def test_prompts_keep_their_place() -> None:
    scaled = fit_to_minutes(DURING, Fraction(60))
    step = scaled.steps[1]
    assert isinstance(step, Breathe)
    assert step.prompts[1] == "In."
    assert step.prompts[step.cycles] == "Last."
    middle = [c for c, t in step.prompts.items() if t == "Soft."]
    assert len(middle) == 1 and 0.4 < middle[0] / step.cycles < 0.5


def test_shrinking_joins_prompts_instead_of_losing_them() -> None:
    scaled = fit_to_minutes(DURING, Fraction(1))
    step = scaled.steps[1]
    assert isinstance(step, Breathe)
    assert step.cycles == 1
    assert step.prompts == {1: "In. Soft. Last."}


def test_a_script_without_breathing_is_unchanged() -> None:
    plain = script("title: x\nsteps:\n  - silence: 30\n")
    assert fit_to_minutes(plain, Fraction(10)) is plain


def test_478_never_grows_past_what_was_written() -> None:
    source = script("""
        title: x
        steps:
          - breathe: {cycles: 4, pattern: 4-7-8}
          - breathe: {cycles: 6, pattern: extended-exhale}
    """)
    scaled = fit_to_minutes(source, Fraction(10))
    first, second = scaled.steps
    assert isinstance(first, Breathe) and isinstance(second, Breathe)
    assert first.cycles == 4
    assert abs(compile_script(scaled).total - 600) <= 5
    shorter = fit_to_minutes(source, Fraction(1))
    assert isinstance(shorter.steps[0], Breathe) and shorter.steps[0].cycles < 4


def test_prompts_on_a_chosen_phase_keep_their_place_and_join_per_phase() -> None:
    parsed = script("""
        title: x
        pattern: {inhale: 4, exhale: 6}
        steps:
          - breathe:
              cycles: 10
              prompts:
                1: {exhale: Out slowly.}
                5: {exhale: Soften., inhale: Wide.}
                10: {exhale: Last one.}
    """)
    grown = fit_to_minutes(parsed, Fraction(10)).steps[0]
    assert isinstance(grown, Breathe)
    assert grown.phase_prompts[1] == {"exhale": "Out slowly."}
    assert grown.phase_prompts[grown.cycles] == {"exhale": "Last one."}
    middle = [c for c, p in grown.phase_prompts.items() if p.get("inhale") == "Wide."]
    assert len(middle) == 1 and 0.4 < middle[0] / grown.cycles < 0.5
    shrunk = fit_to_minutes(parsed, Fraction(1, 6)).steps[0]
    assert isinstance(shrunk, Breathe)
    assert shrunk.cycles == 1
    assert shrunk.phase_prompts == {
        1: {"exhale": "Out slowly. Soften. Last one.", "inhale": "Wide."}
    }


FOLLOW = script("""
    title: Follow
    pattern: {inhale: 4, exhale: 6}
    steps:
      - breathe: {cycles: 18, cues: true}
        stretch: false
      - chime: bowl
      - silence: 180
        stretch: true
      - chime: bowl
      - silence: 180
        stretch: true
      - silence: 20
""")


def test_marked_silences_take_the_length_and_unmarked_steps_keep_theirs() -> None:
    for minutes in (20, 45, 60):
        scaled = fit_to_minutes(FOLLOW, Fraction(minutes))
        assert compile_script(scaled).total == minutes * 60, minutes
        assert scaled.steps[0] == FOLLOW.steps[0]  # stretch: false keeps its cycles
        assert scaled.steps[5] == FOLLOW.steps[5]  # an unmarked silence keeps its length
        first, second = scaled.steps[2], scaled.steps[4]
        assert isinstance(first, Silence) and isinstance(second, Silence)
        assert first.seconds == second.seconds == (minutes * 60 - 180 - 20) / 2


def test_silences_stretch_to_whole_seconds_and_never_vanish() -> None:
    scaled = fit_to_minutes(FOLLOW, Fraction(1))
    for step in (scaled.steps[2], scaled.steps[4]):
        assert isinstance(step, Silence) and step.seconds == 1
    odd = fit_to_minutes(FOLLOW, Fraction(201, 60) + 20)
    assert all(s.seconds.denominator == 1 for s in odd.steps if isinstance(s, Silence))


def test_silences_take_up_what_whole_breaths_cannot_reach() -> None:
    both = script("""
        title: Both
        pattern: {inhale: 4, exhale: 6}
        steps:
          - breathe: {cycles: 6}
          - silence: 60
            stretch: true
    """)
    for minutes in (Fraction(7, 3), Fraction(9), Fraction(1234, 60)):
        assert compile_script(fit_to_minutes(both, minutes)).total == minutes * 60
