"""The same sentence in more than three of a person's scripts."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from mindful_tui.core.script.model import Script
from mindful_tui.core.script.repeats import MOST, repeated_sentences
from tests.core.helpers import script


def named(name: str, source: str) -> Script:
    return replace(script(source), path=Path(f"/scripts/{name}.yaml"))


def saying(name: str, line: str) -> Script:
    return named(
        name,
        f"""
        title: {name}
        steps:
          - silence: 3
          - say: "{line}"
            seconds: 5
        """,
    )


def test_a_sentence_in_four_scripts_warns_in_three_does_not() -> None:
    assert MOST == 3
    three = [saying(n, "Settle in. Rest.") for n in ("a", "b", "c")]
    assert repeated_sentences(three, three) == []
    four = [*three, saying("d", "Let go here. Settle in!")]
    found = repeated_sentences(four, four)
    assert [(p.path, p.line, p.rule) for p in found] == [
        ("/scripts/a.yaml", 5, "repeated"),
        ("/scripts/b.yaml", 5, "repeated"),
        ("/scripts/c.yaml", 5, "repeated"),
        ("/scripts/d.yaml", 5, "repeated"),
    ]
    assert found[0].message.startswith('"Settle in." is in 4 of your scripts (also b, c, d)')
    assert found[3].message.startswith('"Settle in!" is in 4 of your scripts (also a, b, c)')


def test_case_punctuation_and_spacing_do_not_hide_a_repeat_but_other_words_do() -> None:
    same = [
        saying("a", "In through the nose."),
        saying("b", "in through  the nose"),
        saying("c", "In, through the nose!"),
        saying("d", "IN THROUGH THE NOSE."),
    ]
    assert len(repeated_sentences(same, same)) == 4
    different = [*same[:3], saying("d", "In through the nose, slowly.")]
    assert repeated_sentences(different, different) == []


def test_only_the_checked_scripts_are_warned_and_the_listed_ones_count() -> None:
    listed = [saying(n, "Settle in.") for n in ("a", "b", "c")]
    mine = saying("mine", "Settle in.")
    found = repeated_sentences([mine], listed)
    assert [p.path for p in found] == ["/scripts/mine.yaml"]
    assert "also a, b, c" in found[0].message


def test_a_checked_script_stands_in_for_the_listed_one_of_its_name() -> None:
    listed = [saying(n, "Settle in.") for n in ("a", "b", "c", "d")]
    draft = saying("d", "Arrive here.")
    assert repeated_sentences([draft], listed) == []
    assert repeated_sentences([listed[0]], [*listed[1:3], draft]) == []


def test_prompts_and_a_breath_s_own_words_count_and_a_sentence_is_warned_once() -> None:
    def breathing(name: str) -> Script:
        return named(
            name,
            """
            title: x
            steps:
              - breathe:
                  cycles: 4
                  pattern: [{inhale: 2}, {inhale: 1, say: Top up.}, {exhale: 6}]
                  prompts: {1: Soften the jaw., 3: {exhale: Soften the jaw.}}
            """,
        )

    four = [breathing(n) for n in "abcd"]
    found = repeated_sentences(four[:1], four)
    assert sorted(p.message.split('"')[1] for p in found) == ["Soften the jaw.", "Top up."]


def test_a_sentence_of_answers_alone_is_not_a_repeat() -> None:
    def asking(name: str) -> Script:
        return named(
            name,
            """
            title: x
            steps:
              - ask: What do you want?
                key: wish
              - say: "{wish}."
                seconds: 3
            """,
        )

    four = [asking(n) for n in "abcd"]
    found = repeated_sentences(four, four)
    assert {p.message.split('"')[1] for p in found} == {"What do you want?"}
