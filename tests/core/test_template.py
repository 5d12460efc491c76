"""``{key|words}``: a placeholder that is spoken as its fallback words when unanswered."""

from __future__ import annotations

import textwrap

from mindful_tui.core.script.loader import parse_script
from mindful_tui.core.script.template import fill, unanswered
from mindful_tui.core.timing.fit import fit_warnings
from mindful_tui.core.timing.timeline import compile_script
from tests.core.helpers import SOUNDS, script

INTENTION = script("""
    title: T
    steps:
      - ask: What is your intention?
        key: intention
      - say: "Say it silently: {intention|to rest}."
        seconds: 5
      - say: "Without one: {intention}."
        seconds: 5
""")


def test_an_unanswered_placeholder_reads_its_fallback_and_an_answer_wins() -> None:
    line = "Say it silently: {intention|to rest}."
    assert fill(line, {}) == "Say it silently: to rest."
    assert fill(line, {"intention": "to be kind"}) == "Say it silently: to be kind."
    assert fill("{a}, {{literal}}", {}) == "…, {literal}"


def test_a_line_is_spoken_unanswered_only_when_every_placeholder_has_a_fallback() -> None:
    assert unanswered("{a|x} and {b|y}") == "x and y"
    assert unanswered("{a|x} and {b}") is None
    lines = compile_script(INTENTION).spoken_lines()
    assert "Say it silently: to rest." in lines  # prepared before the session: heard
    assert not any("Without one" in line for line in lines)


def test_the_fit_check_measures_the_fallback_reading() -> None:
    measured: list[str] = []

    def seconds_of(text: str) -> float:
        measured.append(text)
        return 9.0

    warnings = fit_warnings(INTENTION, compile_script(INTENTION), seconds_of)
    assert measured == ["Say it silently: to rest."]
    assert len(warnings) == 1 and warnings[0].line == 6


def test_an_empty_fallback_is_an_error_at_its_place() -> None:
    source = textwrap.dedent("""\
        title: T
        steps:
          - ask: Why?
            key: why
          - say: "Because {why|}."
        """)
    parsed, problems = parse_script(source, "t.yaml", SOUNDS)
    assert parsed is None
    [problem] = problems
    assert (problem.line, problem.column) == (5, 19)
    assert "{why|}" in problem.message and "{why|to rest}" in problem.message


def test_a_fallback_on_an_unknown_key_is_still_named_at_its_brace() -> None:
    source = 'title: T\nsteps:\n  - say: "Be {mood|calm}."\n'
    _, problems = parse_script(source, "t.yaml", SOUNDS)
    [problem] = problems
    assert (problem.line, problem.column) == (3, 14) and '"mood"' in problem.message
