"""Which script ``t`` plays inside a session: turning over in the session's language
(``turning-over-LANG``, yours before the built-in one) when there is one, else
``turning-over``; English sessions always the plain one."""

from __future__ import annotations

from pathlib import Path

import pytest

from mindful_tui.core.storage import locations
from mindful_tui.core.storage.user_settings import Settings
from mindful_tui.session.interlude import interlude_setup
from mindful_tui.session.options import setup
from tests.core.helpers import script

TURN = """\
title: {title}
language: {language}
pattern: {{inhale: 2, exhale: 3}}
steps:
  - say: {line}
    seconds: 3
  - breathe: {{cycles: 1}}
"""


def played_in(language: str) -> tuple[str, str] | None:
    """The name and title of the interlude a session in ``language`` would play."""
    source = f"""
        title: main
        language: {language}
        pattern: {{inhale: 4, exhale: 6}}
        steps:
          - breathe: {{cycles: 2}}
    """
    chosen = setup(script(source), Settings())
    found = interlude_setup(chosen.options, Settings())
    return None if found is None else (found.timeline.name, found.timeline.title)


def yours(name: str, title: str, language: str = "en", line: str = "Turn.") -> Path:
    """A script of your own, ``NAME.yaml``, in your scripts folder."""
    folder = locations.user_scripts_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.yaml"
    path.write_text(TURN.format(title=title, language=language, line=line), encoding="utf-8")
    return path


@pytest.mark.parametrize("language", ["de", "de-at", "DE_ch"])
def test_a_german_session_turns_over_in_german(language: str) -> None:
    assert played_in(language) == ("turning-over-de", "Umdrehen")


@pytest.mark.parametrize("language", ["en", "en-gb"])
def test_an_english_session_turns_over_as_before(language: str) -> None:
    yours("turning-over-en", "Mine in English")  # not a name an English session looks for
    assert played_in(language) == ("turning-over", "Turning over")


def test_any_language_with_its_own_turning_over_plays_it() -> None:
    yours("turning-over-it", "Girarsi", "it", "Girati piano.")
    assert played_in("it") == ("turning-over-it", "Girarsi")
    assert played_in("it-ch") == ("turning-over-it", "Girarsi")


def test_a_language_without_one_falls_back_to_turning_over() -> None:
    assert played_in("sv") == ("turning-over", "Turning over")


def test_yours_wins_over_the_built_in_one_of_that_language() -> None:
    yours("turning-over-de", "Mein Umdrehen", "de", "Dreh dich um.")
    assert played_in("de") == ("turning-over-de", "Mein Umdrehen")


def test_one_with_errors_is_passed_over_for_turning_over() -> None:
    yours("turning-over-it", "Girarsi", "it").write_text("title: [broken\n", encoding="utf-8")
    assert played_in("it") == ("turning-over", "Turning over")
