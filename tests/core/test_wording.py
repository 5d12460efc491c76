"""What a line says, by a small word heuristic: direction of the breath, safety, sentences."""

from __future__ import annotations

import pytest

from mindful_tui.core.script.wording import direction, is_safety_line, normalised, sentences


@pytest.mark.parametrize(
    "text",
    [
        "Breathe out slowly.",
        "Exhale fully.",
        "Let it out.",
        "Let the breath out empty slowly.",
        "Notice the out-breath.",
        "Out through the mouth.",
        "Empty the lungs, all the way.",
        "Sigh it out.",
    ],
)
def test_lines_about_the_out_breath(text: str) -> None:
    assert direction(text) == "out"


@pytest.mark.parametrize(
    "text",
    [
        "Breathe in through your nose.",
        "Inhale.",
        "In through the nose.",
        "Let the breath fill your back.",
        "Feel the ribs widen as you breathe.",
        "A small top up.",
        "Notice the in-breath.",
    ],
)
def test_lines_about_the_in_breath(text: str) -> None:
    assert direction(text) == "in"


@pytest.mark.parametrize(
    "text",
    [
        "Let go.",
        "Let it go slowly.",
        "Let go of the day.",
        "Fill in nothing; just rest.",
        "Feel warmth fill your hands.",
        "Let the mind be empty.",
        "Release your shoulders.",
        "Breathe into the pressure.",
        "Breathing in, and breathing out.",
        "In through the nose, out through the mouth.",
        "Inhale. Then exhale.",
        "Notice where you are.",
        "Outside, the day goes on. Inside, rest.",
    ],
)
def test_lines_about_neither_or_both(text: str) -> None:
    assert direction(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "If you feel dizzy, breathe normally.",
        "Any dizziness: stop and rest.",
        "If you get light-headed, let the pattern go.",
        "Lightheaded? Return to normal breathing.",
        "If you feel faint, stop.",
        "Breathe as you normally would whenever you like.",
        "You can always breathe quite normally.",
    ],
)
def test_safety_lines(text: str) -> None:
    assert is_safety_line(text)


@pytest.mark.parametrize(
    "text",
    [
        "Breathe however feels natural.",
        "Hold the breath gently.",
        "Normally we rush; here we rest.",
        "Settle in.",
    ],
)
def test_lines_that_are_not_safety_lines(text: str) -> None:
    assert not is_safety_line(text)


def test_sentences_and_their_compared_form() -> None:
    assert sentences("Settle in.  Let go!\nRest… now? ok") == [
        "Settle in.",
        "Let go!",
        "Rest…",
        "now?",
        "ok",
    ]
    assert sentences("3.5 seconds. Then rest.") == ["3.5 seconds.", "Then rest."]
    assert normalised("Don’t  SETTLE, in!") == normalised("dont settle in") == "dont settle in"
    assert normalised("In through the nose.") == normalised("in through the nose")
    assert normalised("Settle in.") != normalised("Settle in now.")
