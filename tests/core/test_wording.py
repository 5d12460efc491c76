"""What a line says, by a small word heuristic: direction of the breath, safety, sentences;
in English, German, Spanish and French, and in English words for any other language."""

from __future__ import annotations

import pytest

from mindful_tui.core.script.wording import (
    WORDS,
    direction,
    is_safety_line,
    normalised,
    safety_example,
    sentences,
)


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
    assert direction(text, "en") == "out"


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
    assert direction(text, "en") == "in"


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
    assert direction(text, "en") is None


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
    assert is_safety_line(text, "en")


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
    assert not is_safety_line(text, "en")


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


# -- other languages: how the shipped scripts and their authors phrase it ---------------

IN_OUT_NEITHER = {
    "de": (
        [
            "Sanft einatmen.",
            "Durch die Nase ein.",
            "Atme tief ein.",
            "Hol tief Luft.",
            "Der Bauch füllt sich mit Atem.",
            "Einatmen",
        ],
        [
            "Länger ausatmen.",
            "Atme langsam aus.",
            "Atmen Sie durch den Mund aus.",
            "Spüre das Ausatmen.",
            "Lass die Luft langsam ausströmen.",
            "Die Lunge wird leer.",
            "Ausatmen",
        ],
        [
            "Der ganze Körper atmet.",
            "Atme ein und aus.",
            "Atme ein paar Mal tief durch.",
            "Ein durch die Nase, aus durch den Mund.",
            "Atme in den Bauch hinein.",
            "Ganz langsam leer werden.",
            "Lass los.",
        ],
    ),
    "es": (
        [
            "Inhala con suavidad.",
            "Inspira despacio.",
            "Toma aire por la nariz.",
            "Entra por la nariz.",
            "Llena los pulmones.",
        ],
        [
            "Exhala.",
            "Espira lentamente.",
            "Suelta el aire despacio.",
            "Deja salir el aire.",
            "Vacía el aire despacio.",
        ],
        [
            "Respira hondo.",
            "Suelta un poco más largo.",
            "Deja la mente vacía.",
            "Una espiral de calma.",
            "Inhala y exhala.",
        ],
    ),
    "fr": (
        [
            "Inspirez doucement.",
            "Inspire par le nez.",
            "Prenez de l'air par le nez.",
            "Remplissez les poumons.",
        ],
        [
            "Expirez un peu plus longtemps.",
            "Un peu plus long en expirant.",
            "Soufflez doucement.",
            "Laissez sortir l\u2019air.",
            "Videz l'air lentement.",
        ],
        [
            "Revenez à ce souffle.",
            "Sentez votre dos monter et descendre.",
            "Une pensée ? Laissez-la partir.",
            "Relâchez les épaules.",
            "Inspirez, puis expirez.",
        ],
    ),
}


@pytest.mark.parametrize("language", sorted(IN_OUT_NEITHER))
def test_lines_about_each_breath_in_the_script_s_language(language: str) -> None:
    ins, outs, neither = IN_OUT_NEITHER[language]
    for tag in (language, f"{language}-xx"):
        assert [direction(t, tag) for t in ins] == ["in"] * len(ins)
        assert [direction(t, tag) for t in outs] == ["out"] * len(outs)
        assert [direction(t, tag) for t in neither] == [None] * len(neither)


SAFE_OR_NOT = {
    "de": (
        [
            "Wenn dir schwindlig wird, atme einfach normal weiter.",
            "Wird dir schwindelig, hör auf.",
            "Atmen Sie normal.",
            "Fühlst du dich benommen, lass das Halten weg.",
        ],
        ["Halte den Atem an.", "Das ist ganz normal.", "Atme in deinem Rhythmus."],
    ),
    "es": (
        [
            "Si te mareas, vuelve a respirar con normalidad.",
            "Si sientes mareo, para.",
            "Si estás mareada, respira normalmente.",
            "Si notas que te desmayas, para.",
        ],
        ["Si la presión es demasiada, puedes decirlo.", "Sostén el aire.", "Es normal."],
    ),
    "fr": (
        [
            "Si la tête vous tourne, respirez simplement normalement.",
            "En cas de vertige, arrêtez.",
            "Si vous vous sentez étourdi, arrêtez.",
            "Respirez comme d'habitude dès que vous le souhaitez.",
        ],
        ["Retenez le souffle.", "C'est normal.", "Respirez à votre façon."],
    ),
}


@pytest.mark.parametrize("language", sorted(SAFE_OR_NOT))
def test_safety_lines_in_the_script_s_language(language: str) -> None:
    safe, not_safe = SAFE_OR_NOT[language]
    assert [is_safety_line(t, language) for t in safe] == [True] * len(safe)
    assert [is_safety_line(t, language) for t in not_safe] == [False] * len(not_safe)
    assert is_safety_line(safety_example(language), language)
    assert not is_safety_line(safety_example(language), "en")


def test_each_language_s_example_is_a_safety_line_in_it() -> None:
    assert sorted(WORDS) == ["de", "en", "es", "fr"]
    for language in WORDS:
        assert is_safety_line(safety_example(language), language)


def test_another_language_is_read_with_the_english_words() -> None:
    assert direction("Breathe out slowly.", "nl") == "out"
    assert direction("Adem langzaam uit.", "nl") is None
    assert direction("Expirez.", "nl") is None
    assert is_safety_line("If you feel dizzy, breathe normally.", "nl-be")
    assert not is_safety_line("Si la tête vous tourne, arrêtez.", "nl")
    assert safety_example("nl") == safety_example("en")
    # Each language's words are its own: English is not read as French, nor the reverse.
    assert direction("Breathe out slowly.", "fr") is None
    assert direction("Expirez.", "en") is None
