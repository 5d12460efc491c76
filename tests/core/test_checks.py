"""Warnings for what is legal but unwise."""

from __future__ import annotations

from mindful_tui.core.script.checks import is_478, warnings
from mindful_tui.core.script.presets import PRESETS
from tests.core.helpers import script


def messages(source: str) -> list[str]:
    return [p.message for p in warnings(script(source))]


def test_long_hold_in_a_massage_script() -> None:
    source = """
        title: x
        tags: [{tag}]
        steps:
          - breathe: {{cycles: 2, pattern: {{inhale: 4, hold: 12, exhale: 8}}}}
    """
    assert any("12 s breath hold" in m for m in messages(source.format(tag="before")))
    assert not any("hold" in m for m in messages(source.format(tag="practice")))


def test_478_beyond_four_cycles() -> None:
    source = "title: x\nsteps:\n  - breathe: {{cycles: {n}, pattern: 4-7-8}}\n"
    assert messages(source.format(n=4)) == []
    assert any("4-7-8 breathing for 5 cycles" in m for m in messages(source.format(n=5)))
    slow = "title: x\nsteps:\n  - breathe: {cycles: 6, pattern: {inhale: 2, hold: 3.5, exhale: 4}}"
    assert any("4-7-8" in m for m in messages(slow))


def test_pace_outside_3_to_12_breaths_a_minute() -> None:
    fast = "title: x\nsteps:\n  - breathe: {cycles: 3, pattern: {inhale: 2, exhale: 2}}\n"
    slow = "title: x\nsteps:\n  - breathe: {cycles: 3, pattern: {inhale: 10, exhale: 11}}\n"
    ramp = (
        "title: x\nsteps:\n  - breathe: {cycles: 3, pattern: {inhale: 4, exhale: 6},"
        " ramp_to: {exhale: 18}}\n"
    )
    fine = "title: x\nsteps:\n  - breathe: {cycles: 3, pattern: {inhale: 4, exhale: 6}}\n"
    assert any("15.0 breaths a minute" in m for m in messages(fast))
    assert any("2.9 breaths a minute" in m for m in messages(slow))
    assert any("2.7 breaths a minute" in m for m in messages(ramp))
    assert messages(fine) == []


def test_warning_points_at_the_step_line() -> None:
    problems = warnings(
        script("title: x\nsteps:\n  - silence: 3\n  - breathe: {cycles: 9, pattern: 4-7-8}\n")
    )
    assert [(p.line, p.severity) for p in problems] == [(4, "warning")]


def test_is_478() -> None:
    assert is_478(PRESETS["4-7-8"])
    assert not is_478(PRESETS["box"])
    assert not is_478(PRESETS["extended-exhale"])
