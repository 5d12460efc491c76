"""Warnings about practice: speech over a chime's ring, a prompt against the breath, a
hold or a fast pace before any safety line. Each rule with cases that warn and cases that
must not."""

from __future__ import annotations

import pytest

from mindful_tui.core.script.problems import Problem
from mindful_tui.core.script.wording import safety_example
from mindful_tui.core.timing.practice_checks import FAST, RING, practice_warnings
from tests.core.helpers import script


def warned(source: str, rule: str) -> list[Problem]:
    return [p for p in practice_warnings(script(source)) if p.rule == rule]


# -- a spoken line inside a chime's ring ----------------------------------------------


def test_a_line_right_after_a_chime_warns_at_its_step() -> None:
    found = warned(
        """
        title: x
        steps:
          - chime: bowl
          - say: Settle in.
            seconds: 4
        """,
        "chime-ring",
    )
    assert [(p.line, p.column, p.severity) for p in found] == [(5, 5, "warning")]
    assert '"Settle in." is spoken 0 s into the ring of the chime "bowl"' in found[0].message
    assert f"first {RING} s" in found[0].message


def test_a_line_after_a_short_silence_warns_and_after_three_seconds_does_not() -> None:
    source = """
        title: x
        steps:
          - say: Hello.
            seconds: 3
          - chime: bell
          - silence: {pause}
          - say: Settle in.
            seconds: 4
    """
    short = warned(source.format(pause=2.5), "chime-ring")
    assert len(short) == 1 and "2.5 s into the ring" in short[0].message
    assert warned(source.format(pause=3), "chime-ring") == []
    # A line before the chime is not inside its ring.
    assert all("Hello" not in p.message for p in short)


def test_phase_words_and_prompts_count_as_speech_tones_alone_do_not() -> None:
    source = """
        title: x
        steps:
          - chime: bowl
          - breathe:
              cycles: 2
              pattern: {{inhale: 2, exhale: 4}}
              cues: {cues}
              prompts: {{2: {{exhale: Long and slow.}}}}
    """
    spoken = [p.message for p in warned(source.format(cues="true"), "chime-ring")]
    assert len(spoken) == 2
    assert '"Breathe in" is spoken 0 s into' in spoken[0]
    assert '"Breathe out" is spoken 2 s into' in spoken[1]
    assert warned(source.format(cues="false"), "chime-ring") == []


def test_a_question_between_the_chime_and_the_line_ends_the_ring() -> None:
    source = """
        title: x
        steps:
          - chime: bowl
          - checkin: How tense are you?
          - say: Settle in.
            seconds: 4
    """
    assert warned(source, "chime-ring") == []


# -- a prompt against the breath ------------------------------------------------------


def test_a_prompt_about_the_out_breath_on_an_in_breath_warns() -> None:
    found = warned(
        """
        title: x
        steps:
          - breathe:
              cycles: 6
              pattern: {inhale: 4, exhale: 6}
              prompts: {6: Let the breath out empty slowly.}
        """,
        "breath-direction",
    )
    assert [p.line for p in found] == [4]
    assert "is about the out-breath but starts on an in-breath (cycle 6)" in found[0].message
    assert "6: {exhale: ...}" in found[0].message


def test_the_same_prompt_on_its_own_phase_does_not_warn() -> None:
    source = """
        title: x
        steps:
          - breathe:
              cycles: 6
              pattern: {inhale: 4, hold: 1, exhale: 6, rest: 1}
              prompts:
                1: Breathe in through your nose.
                2: {exhale: Let the breath out empty slowly.}
                3: {hold: Let the breath out soon.}
                4: {rest: Breathe in when you are ready.}
                5: Let go of the day.
    """
    assert warned(source, "breath-direction") == []


def test_a_prompt_about_the_in_breath_on_an_out_breath_warns() -> None:
    found = warned(
        """
        title: x
        steps:
          - breathe:
              cycles: 3
              pattern: {inhale: 4, exhale: 6}
              prompts: {2: {exhale: Fill the lungs.}, 3: {exhale: Let it go slowly.}}
        """,
        "breath-direction",
    )
    assert len(found) == 1
    assert '"Fill the lungs." is about the in-breath but starts on an out-breath' in (
        found[0].message
    )


def test_a_breath_s_own_words_against_their_phase_warn_once_not_every_cycle() -> None:
    source = """
        title: x
        steps:
          - breathe:
              cycles: 5
              pattern: [{{inhale: 2}}, {{inhale: 1, say: {words}}}, {{exhale: 6}}]
    """
    found = warned(source.format(words="breathe out"), "breath-direction")
    assert len(found) == 1 and "the phase's words" in found[0].message
    assert warned(source.format(words="top up"), "breath-direction") == []


# -- a hold or a fast pace before any safety line -------------------------------------


def test_a_hold_before_any_safety_line_warns() -> None:
    found = warned(
        """
        title: x
        steps:
          - say: Sit comfortably.
            seconds: 4
          - breathe: {cycles: 4, pattern: box}
          - say: If you feel dizzy, breathe normally.
            seconds: 4
        """,
        "safety-first",
    )
    assert [p.line for p in found] == [6]
    assert "a breath hold starts at 0:08, before any safety line" in found[0].message
    assert "(the first comes at" in found[0].message


def test_a_safety_line_first_or_as_the_first_prompt_is_enough() -> None:
    before = """
        title: x
        steps:
          - say: If you feel light-headed, stop and breathe normally.
            seconds: 4
          - breathe: {cycles: 4, pattern: 4-7-8}
    """
    prompt = """
        title: x
        steps:
          - breathe:
              cycles: 4
              pattern: 4-7-8
              prompts: {1: "If you feel dizzy at any point, let the pattern go."}
    """
    assert warned(before, "safety-first") == []
    assert warned(prompt, "safety-first") == []


def test_a_fast_pace_without_a_safety_line_warns_a_slow_one_does_not() -> None:
    source = """
        title: x
        steps:
          - breathe: {{cycles: 6, pattern: {{inhale: {inhale}, exhale: {exhale}}}}}
    """
    fast = warned(source.format(inhale=2, exhale=4), "safety-first")
    assert len(fast) == 1
    assert "a pace of 10.0 breaths a minute starts at 0:00" in fast[0].message
    assert f"at {FAST} or more" in fast[0].message
    assert warned(source.format(inhale=2.5, exhale=4), "safety-first") == []


def test_a_ramp_that_speeds_up_warns_where_it_becomes_fast() -> None:
    found = warned(
        """
        title: x
        steps:
          - breathe:
              cycles: 5
              pattern: {inhale: 4, exhale: 6}
              ramp_to: {per_minute: 12}
        """,
        "safety-first",
    )
    assert len(found) == 1 and "breaths a minute starts at 0:" in found[0].message


def test_warnings_carry_their_rule_and_a_clean_script_has_none() -> None:
    clean = script("""
        title: x
        steps:
          - chime: bowl
          - silence: 4
          - say: Breathe normally if anything feels strained.
            seconds: 4
          - breathe:
              cycles: 4
              pattern: {inhale: 4, hold: 2, exhale: 6}
              prompts: {1: In through the nose., 2: {exhale: Long and slow.}}
    """)
    assert practice_warnings(clean) == []


# -- in the script's language ----------------------------------------------------------

IN_ITS_LANGUAGE = {
    "de": ("Atme langsam aus.", "Wenn dir schwindlig wird, atme einfach normal weiter."),
    "es": ("Suelta el aire despacio.", "Si te mareas, vuelve a respirar con normalidad."),
    "fr": ("Laissez sortir l'air.", "Si la tête vous tourne, respirez normalement."),
}


@pytest.mark.parametrize("language", sorted(IN_ITS_LANGUAGE))
def test_an_out_breath_prompt_in_the_script_s_language_belongs_on_the_exhale(
    language: str,
) -> None:
    prompt = IN_ITS_LANGUAGE[language][0]
    source = f"""
        title: x
        language: {language}
        steps:
          - breathe:
              cycles: 3
              pattern: {{inhale: 4, exhale: 6}}
              prompts: {{2: {{PHASE: "{prompt}"}}}}
    """
    found = warned(source.replace("PHASE", "inhale"), "breath-direction")
    assert len(found) == 1
    assert f'"{prompt}" is about the out-breath but starts on an in-breath' in found[0].message
    assert warned(source.replace("PHASE", "exhale"), "breath-direction") == []


@pytest.mark.parametrize("language", sorted(IN_ITS_LANGUAGE))
def test_a_hold_wants_a_safety_line_in_the_script_s_language_first(language: str) -> None:
    source = """
        title: x
        language: {language}
        steps:
          - {first}
          - {then}
    """
    say = f'{{say: "{IN_ITS_LANGUAGE[language][1]}", seconds: 4}}'
    hold = "{breathe: {cycles: 4, pattern: box}}"
    late = warned(source.format(language=language, first=hold, then=say), "safety-first")
    assert [p.line for p in late] == [5]
    assert "a breath hold starts at 0:04, before any safety line" in late[0].message
    assert "(the first comes at 1:04)" in late[0].message
    assert f"like: {safety_example(language)}" in late[0].message
    assert warned(source.format(language=language, first=say, then=hold), "safety-first") == []


def test_a_script_in_another_language_is_read_with_the_english_words() -> None:
    source = """
        title: x
        language: nl
        steps:
          - say: If you feel dizzy, breathe normally.
            seconds: 4
          - breathe:
              cycles: 3
              pattern: {{inhale: 4, hold: 4, exhale: 6}}
              prompts: {{2: {prompt}}}
    """
    found = warned(source.format(prompt="Breathe out slowly."), "breath-direction")
    assert len(found) == 1 and "is about the out-breath" in found[0].message
    assert warned(source.format(prompt="Adem langzaam uit."), "breath-direction") == []
    assert warned(source.format(prompt="Breathe out slowly."), "safety-first") == []
