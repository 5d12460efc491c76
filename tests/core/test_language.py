"""A script's language: the ``language:`` and ``words:`` keys, the phase words of each
shipped language, and the gettext catalogues they come from."""

from __future__ import annotations

import importlib.util
import textwrap
from pathlib import Path

import pytest

from mindful_tui.core.script.loader import parse_script
from mindful_tui.core.script.words import LOCALE_DIR, phase_words, shipped, translator
from mindful_tui.core.timing.timeline import compile_script
from tests.conftest import REPO
from tests.core.helpers import SOUNDS, script

BREATHING = """
    pattern: {inhale: 4, hold: 1, exhale: 6, rest: 1}
    steps:
      - breathe: {cycles: 1, cues: true}
"""


def errors(source: str) -> list[str]:
    _, problems = parse_script(textwrap.dedent(source), "test.yaml", SOUNDS)
    return [str(p) for p in problems if p.is_error]


def test_a_german_script_says_and_shows_german_phase_words() -> None:
    german = script("title: Ruhe\nlanguage: de\n" + textwrap.dedent(BREATHING))
    assert (german.language, german.language_at) == ("de", (2, 11))
    timeline = compile_script(german)
    phases = [c for c in timeline.cues if c.kind == "phase"]
    assert [c.words for c in phases] == ["Einatmen", "Halten", "Ausatmen", "Ruhen"]
    assert timeline.spoken_lines() == ["Einatmen", "Halten", "Ausatmen", "Ruhen"]
    assert timeline.language == "de"
    assert timeline.words["exhale"] == "Ausatmen"


def test_without_a_language_a_script_is_english() -> None:
    plain = script("title: Calm\n" + textwrap.dedent(BREATHING))
    assert (plain.language, plain.language_at) == ("en", None)
    assert compile_script(plain).spoken_lines() == ["Breathe in", "Hold", "Breathe out", "Rest"]


def test_words_override_the_language_defaults_one_by_one() -> None:
    source = "title: Calma\nlanguage: es\nwords: {inhale: Toma aire, exhale: Suelta}\n"
    spanish = script(source + textwrap.dedent(BREATHING))
    spoken = compile_script(spanish).spoken_lines()
    assert spoken == ["Toma aire", "Sostén", "Suelta", "Descansa"]


def test_a_region_falls_back_to_its_language_and_the_tag_is_kept_in_lower_case() -> None:
    belgian = script("title: Calme\nlanguage: fr-BE\n" + textwrap.dedent(BREATHING))
    assert belgian.language == "fr-be"
    assert compile_script(belgian).spoken_lines()[0] == "Inspirez"


def test_a_language_without_a_catalogue_falls_back_to_english_words() -> None:
    assert phase_words("it")["inhale"] == "Breathe in"


@pytest.mark.parametrize(
    ("value", "column"), [("42", 11), ("deutsch!", 11), ("[de]", 11), ("''", 11)]
)
def test_a_malformed_language_is_an_error_at_its_value(value: str, column: int) -> None:
    found = errors(f"title: T\nlanguage: {value}\nsteps:\n  - silence: 1\n")
    assert len(found) == 1, found
    assert found[0].startswith(f"test.yaml:2:{column}: error: language ")


def test_a_misspelt_phase_in_words_is_an_error_with_a_suggestion() -> None:
    found = errors("title: T\nwords: {inhal: Ein}\nsteps:\n  - silence: 1\n")
    assert found == [
        'test.yaml:2:9: error: unknown key "inhal" in words (did you mean "inhale"?);'
        " expected one of: inhale, hold, exhale, rest"
    ]


def test_the_shipped_languages_are_english_german_spanish_and_french() -> None:
    assert shipped() == ("en", "de", "es", "fr")


def test_the_catalogues_translate_the_same_messages_and_their_mo_files_are_current() -> None:
    spec = importlib.util.spec_from_file_location("catalogues", REPO / "tools" / "catalogues.py")
    assert spec is not None and spec.loader is not None
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    sources = sorted(LOCALE_DIR.glob("*/LC_MESSAGES/mindful.po"))
    assert [p.parts[-3] for p in sources] == ["de", "es", "fr"]
    ids = [set(tool.parse(p.read_text(encoding="utf-8"))) for p in sources]
    assert ids[0] == ids[1] == ids[2]
    for po in sources:
        made = tool.compile_po(po.read_text(encoding="utf-8"))
        assert Path(po.with_suffix(".mo")).read_bytes() == made, f"{po}: run tools/catalogues.py"


def test_plurals_follow_each_language() -> None:
    def breaths(language: str, count: int) -> str:
        return translator(language).ngettext("{count} breath", "{count} breaths", count)

    assert breaths("fr", 0) == breaths("fr", 1) == "{count} respiration"
    assert breaths("de", 0) == "{count} Atemzüge"
    assert breaths("de", 1) == "{count} Atemzug"


def asked_for() -> tuple[set[str], set[tuple[str, str]]]:
    """Every message the interface asks a catalogue for: the string literals given to
    ``say(...)`` and ``gettext(...)`` in the package (either side of a conditional),
    and the pairs given to ``ngettext(...)``."""
    import ast

    def literals(node: ast.expr) -> set[str]:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return {node.value}
        if isinstance(node, ast.IfExp):
            return literals(node.body) | literals(node.orelse)
        return set()

    single: set[str] = set()
    plural: set[tuple[str, str]] = set()
    for path in (REPO / "mindful_tui").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if name in ("say", "gettext"):
                single |= literals(node.args[0])
            elif name == "ngettext" and len(node.args) > 1:
                one, many = node.args[:2]
                if isinstance(one, ast.Constant) and isinstance(many, ast.Constant):
                    plural.add((str(one.value), str(many.value)))
    return single, plural


@pytest.mark.parametrize("language", ["de", "es", "fr"])
def test_every_message_the_interface_asks_for_is_translated(language: str) -> None:
    single, plural = asked_for()
    assert {"paused", "turning over", "turning soon"} <= single  # the scan sees them
    assert ("{count} breath", "{count} breaths") in plural
    say = translator(language)
    missing = sorted(m for m in single if say.gettext(m) == m)
    missing += sorted(one for one, many in plural if say.ngettext(one, many, 2) == many)
    assert missing == [], f"{language}: add these to its catalogue"
