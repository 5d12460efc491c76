"""Tests for the fit check: spoken lines longer than the time they have.

Line lengths come from a table here instead of a speech engine (the core knows nothing
of sound); ``tests/sound/test_voice.py`` runs the check with real measured lengths.
"""

from __future__ import annotations

from collections.abc import Callable

from mindful_tui.core.timing.fit import fit_warnings
from mindful_tui.core.timing.timeline import compile_script
from tests.core.helpers import script


def lengths(table: dict[str, float]) -> Callable[[str], float | None]:
    return table.get


def check(source: str, table: dict[str, float], rate: int | None = None) -> list[str]:
    parsed = script(source)
    return [str(p) for p in fit_warnings(parsed, compile_script(parsed), lengths(table), rate)]


SAY = """
title: t
voice: {rate: 160}
steps:
  - chime: bell
  - say: Let your shoulders drop, and let your eyes close, and rest.
    seconds: 3
"""


def test_a_say_line_longer_than_its_step_is_reported_at_its_line() -> None:
    line = "Let your shoulders drop, and let your eyes close, and rest."
    assert check(SAY, {line: 4.2}) == [
        '<script>:6:5: warning: the line "Let your shoulders drop, and let your..." takes'
        " 4.2 s to say at 160 words a minute but has 3 s"
    ]


def test_a_line_that_fits_or_is_unknown_is_not_reported() -> None:
    line = "Let your shoulders drop, and let your eyes close, and rest."
    assert check(SAY, {line: 2.9}) == []
    assert check(SAY, {line: 3.04}) == []  # within the 50 ms margin
    assert check(SAY, {}) == []


def test_the_rate_in_the_message_can_be_given() -> None:
    line = "Let your shoulders drop, and let your eyes close, and rest."
    assert "at 200 words a minute" in check(SAY, {line: 4.2}, rate=200)[0]


def breathe(cues: bool, pattern: str = "{inhale: 4, exhale: 6}", extra: str = "") -> str:
    return f"""
title: t
steps:
  - breathe:
      cycles: 3
      cues: {str(cues).lower()}
      pattern: {pattern}
      prompts: {{2: Let the breath out be long.}}
{extra}"""


def test_a_prompt_with_phase_words_has_the_first_phase() -> None:
    prompt = "Let the breath out be long."
    assert check(breathe(True), {prompt: 3.9}) == []
    assert check(breathe(True), {prompt: 5.0}) == [
        '<script>:4:5: warning: the line "Let the breath out be long." takes 5.0 s to say'
        " at 150 words a minute but has 4 s"
    ]


def test_a_prompt_without_phase_words_has_the_whole_cycle() -> None:
    prompt = "Let the breath out be long."
    assert check(breathe(False), {prompt: 9.5}) == []
    assert "but has 10 s" in check(breathe(False), {prompt: 11.0})[0]


def test_a_prompt_without_cues_ends_at_a_phase_with_its_own_words() -> None:
    pattern = "[{inhale: 2}, {inhale: 1, say: top up}, {exhale: 6}]"
    prompt = "Let the breath out be long."
    assert "but has 2 s" in check(breathe(False, pattern), {prompt: 2.5})[0]


def test_phase_words_are_checked_only_when_spoken() -> None:
    fast = "{inhale: 1, exhale: 1}"
    assert check(breathe(True, fast), {"Breathe out": 1.3}) == [
        '<script>:4:5: warning: the line "Breathe out" takes 1.3 s to say at 150 words a'
        " minute but has 1 s"
    ]
    assert check(breathe(False, fast), {"Breathe out": 1.3}) == []


def test_a_phase_s_own_words_are_checked_against_the_phase() -> None:
    pattern = "[{inhale: 2}, {inhale: 1, say: top up a little more}, {exhale: 6}]"
    for cues in (True, False):
        warnings = check(breathe(cues, pattern), {"top up a little more": 1.4})
        assert warnings == [
            '<script>:4:5: warning: the line "top up a little more" takes 1.4 s to say at'
            " 150 words a minute but has 1 s"
        ]


def test_a_line_is_reported_once_per_step_at_its_tightest() -> None:
    source = """
title: t
steps:
  - breathe:
      cycles: 5
      cues: true
      pattern: {inhale: 4, exhale: 4}
      ramp_to: {inhale: 2, exhale: 6}
"""
    assert check(source, {"Breathe in": 2.5}) == [
        '<script>:4:5: warning: the line "Breathe in" takes 2.5 s to say at 150 words a'
        " minute but has 2 s"
    ]


def test_lines_with_placeholders_are_skipped_and_braces_unescaped() -> None:
    source = """
title: t
steps:
  - ask: Your intention?
    key: intention
  - say: "Hold on to {intention}."
    seconds: 1
  - say: "A {{brace}} here."
    seconds: 1
"""
    seen: list[str] = []

    def measure(text: str) -> float:
        seen.append(text)
        return 2.0

    parsed = script(source)
    warnings = fit_warnings(parsed, compile_script(parsed), measure)
    assert seen == ["A {brace} here."]
    assert [w.line for w in warnings] == [8]


def test_a_prompt_on_a_chosen_phase_has_its_phase_with_cues_else_the_rest_of_the_cycle() -> None:
    source = """
title: t
steps:
  - breathe:
      cycles: 3
      cues: {cues}
      pattern: {{inhale: 4, hold: 2, exhale: 6, rest: 1}}
      prompts: {{2: {{hold: Stay here and soften.}}}}
"""
    prompt = "Stay here and soften."
    assert check(source.format(cues="true"), {prompt: 1.9}) == []
    assert "but has 2 s" in check(source.format(cues="true"), {prompt: 2.5})[0]
    assert check(source.format(cues="false"), {prompt: 8.9}) == []
    assert "but has 9 s" in check(source.format(cues="false"), {prompt: 9.5})[0]
