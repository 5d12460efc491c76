"""``pattern: mine`` (your own breath, as calibrated) and ``ramp_to: {per_minute: N}``."""

from __future__ import annotations

import textwrap
from fractions import Fraction

from mindful_tui.core.script.loader import parse_script
from mindful_tui.core.script.model import Breathe
from mindful_tui.core.timing.calibration import Calibration
from tests.core.helpers import SOUNDS

MINE = Calibration(3.02, 4.97, 6).pattern()

SCRIPT = """\
title: Where you are
pattern: mine
steps:
  - breathe:
      cycles: 5
      ramp_to: {per_minute: 6}
  - breathe: {cycles: 2, pattern: mine}
"""


def test_mine_is_the_calibrated_breath_and_ramps_to_a_pace() -> None:
    script, problems = parse_script(SCRIPT, "mine.yaml", SOUNDS, mine=MINE)
    assert problems == [] and script is not None
    first, second = script.steps
    assert isinstance(first, Breathe) and isinstance(second, Breathe)
    assert first.pattern.describe() == second.pattern.describe() == "3-0-5-0"
    assert first.pattern.breaths_per_minute == Fraction(15, 2)
    assert first.ramp_to is not None
    assert first.ramp_to.breaths_per_minute == 6
    assert first.ramp_to.describe() == "3.75-0-6.25-0"  # the same 3:5, slower
    assert first.pattern_for(5) == first.ramp_to


def test_mine_without_a_calibration_names_the_place_and_says_to_calibrate() -> None:
    script, problems = parse_script(SCRIPT, "mine.yaml", SOUNDS)
    assert script is None
    assert [str(p) for p in problems] == [
        'mine.yaml:2:10: error: pattern "mine" is your own breath, but it has not been'
        " measured yet; run `mindful calibrate` first",
        'mine.yaml:7:35: error: breathe.pattern "mine" is your own breath, but it has not'
        " been measured yet; run `mindful calibrate` first",
    ]


def test_a_pace_to_ramp_to_is_checked() -> None:
    text = textwrap.dedent(
        """\
        title: Wrong
        steps:
          - breathe: {cycles: 4, pattern: {inhale: 4, exhale: 6}, ramp_to: {per_minute: 0}}
          - breathe: {cycles: 4, pattern: box, ramp_to: {per_minute: 6, exhale: 7}}
        """
    )
    script, problems = parse_script(text, "wrong.yaml", SOUNDS)
    assert script is None
    assert [str(p) for p in problems] == [
        "wrong.yaml:3:81: error: breathe.ramp_to.per_minute must be a number of breaths a"
        " minute from 1 up to 60, got 0",
        "wrong.yaml:4:65: error: breathe.ramp_to takes per_minute (breaths a minute to glide"
        " to) alone, or the seconds of phases to glide to; not both (found exhale)",
    ]


OPENS = """\
title: From where you are
pattern: mine
steps:
  - calibrate: Breathe as you are, and tap as it turns.
  - breathe: {cycles: 2}
"""


def test_a_script_may_open_by_calibrating_and_is_planned_from_a_usual_breath_till_then() -> None:
    script, problems = parse_script(OPENS, "opens.yaml", SOUNDS)
    assert problems == [] and script is not None
    assert script.calibrate == "Breathe as you are, and tap as it turns."
    (step,) = script.steps  # the calibration is no step of the plan
    assert isinstance(step, Breathe) and step.pattern.describe() == "2-0-3-0"
    assert script.step_lines == (5,)
    measured, _ = parse_script(OPENS, "opens.yaml", SOUNDS, mine=MINE)
    assert measured is not None and measured.steps[0].pattern == MINE  # type: ignore[union-attr]


def test_a_calibrate_step_anywhere_but_first_names_the_place() -> None:
    text = OPENS.replace("  - calibrate: Breathe as you are, and tap as it turns.\n", "")
    text += "  - calibrate: Again.\n  - {calibrate: Once more, say: hello}\n"
    script, problems = parse_script(text, "late.yaml", SOUNDS, mine=MINE)
    assert script is None
    assert [str(p) for p in problems] == [
        "late.yaml:5:5: error: a calibrate step opens a script: make it the first step"
        " (what follows is planned from the breath it measures)",
        "late.yaml:6:6: error: a calibrate step opens a script: make it the first step"
        " (what follows is planned from the breath it measures)",
        'late.yaml:6:28: error: unknown key "say" in a calibrate step; expected one of: calibrate',
    ]
