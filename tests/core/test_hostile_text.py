"""Hostile script text at the loader: kept exactly as written, or refused precisely.

The loader keeps the user's words as they are (markup, ``$words``, right-to-left and
combining text, SSML-looking text, even an ESC that arrived escaped in double quotes);
showing and speaking them harmlessly is the job of the screen and the voice
(``tests/ui/test_hostile_text_ui.py``). What the loader must refuse: raw control
characters in the file (with the line and column of the character), text over the length
limit, and sound names that are not plain names (no way out of the sound folders).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from mindful_tui.core.script.loader import MAX_TEXT, parse_script, read_script
from mindful_tui.core.script.model import Ask, Breathe, Chime, Say, Script
from mindful_tui.core.script.problems import Problem
from mindful_tui.core.timing.timeline import compile_script

SOUNDS = frozenset({"bell", "bowl"})
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

MARKUP = "[bold red]x[/]"
CLICK = "[@click=app.quit]x[/]"
HOSTILE = {
    "markup": MARKUP,
    "click": CLICK,
    "link": "[link=https://example.com]y[/link]",
    "variable": "$variable $HOME $(rm -rf ~) %s %(x)s",
    "hebrew": "נשום פנימה, לאט",
    "arabic": "تنفس ببطء، ثم أخرج الهواء",
    "combining": "Re\u0301spire, e\u0301te\u0301",
    "emoji": "👩\u200d👩\u200d👧 🧘\u200d♀️ 🫁",
    "bidi": "abc \u202edcba\u202c \u2067x\u2069",
    "ssml": '<speak>Breathe in.<break time="3s"/></speak>',
    "long": "breathe " * 249 + "out",
}


def load(text: str, sounds: frozenset[str] | None = SOUNDS) -> tuple[Script | None, list[Problem]]:
    return parse_script(text, "hostile.yaml", sounds)


def quoted(text: str) -> str:
    """``text`` as a double-quoted YAML scalar (JSON strings are YAML)."""
    return json.dumps(text, ensure_ascii=False)


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.is_error]


# -- text that loads, exactly as written ----------------------------------------------------


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_text_loads_exactly_as_written_everywhere_text_goes(name: str) -> None:
    text = HOSTILE[name]
    source = (
        f"title: {quoted(text)}\n"
        f"summary: {quoted(text)}\n"
        "steps:\n"
        f"  - say: {quoted(text)}\n"
        "    seconds: 5\n"
        f"  - ask: {quoted(text)}\n"
        "    key: answer\n"
        "  - breathe:\n"
        "      cycles: 2\n"
        f"      pattern: [{{inhale: 4, say: {quoted(text)}}}, {{exhale: 6}}]\n"
        f"      prompts: {{2: {quoted(text)}}}\n"
    )
    script, problems = load(source)
    assert script is not None, problems
    assert problems == []
    say, ask, breathe = script.steps
    assert isinstance(say, Say) and isinstance(ask, Ask) and isinstance(breathe, Breathe)
    assert script.title == script.summary == say.text == ask.text == text
    assert breathe.pattern.phases[0].say == text
    assert breathe.prompts == {2: text}
    shown = [c.text for c in compile_script(script).cues if c.text is not None]
    assert shown == [text] * 5  # say, ask, two inhales with words, the prompt


def test_markup_in_plain_yaml_is_text_too() -> None:
    # Unquoted, "[bold red]x[/]" would be a YAML list; this is how a user writes it.
    script, problems = load("title: T\nsteps:\n  - say: '[bold red]x[/] $var'\n")
    assert script is not None, problems
    step = script.steps[0]
    assert isinstance(step, Say) and step.text == "[bold red]x[/] $var"


def test_a_shell_style_brace_variable_is_a_placeholder_error_not_an_expansion() -> None:
    script, problems = load('title: T\nsteps:\n  - say: "home: ${HOME}"\n')
    assert script is None
    assert [(p.line, p.column) for p in problems] == [(3, 18)]
    assert 'uses {HOME}, but no earlier ask or checkin sets the key "HOME"' in problems[0].message


def test_a_line_of_2000_characters_loads_and_one_more_is_refused_where_it_starts() -> None:
    line = "a" * MAX_TEXT
    script, problems = load(f"title: T\nsteps:\n  - say: {line}\n")
    assert script is not None, problems
    assert isinstance(script.steps[0], Say) and script.steps[0].text == line
    script, problems = load(f"title: T\nsteps:\n  - say: {line}b\n")
    assert script is None
    assert [(p.line, p.column) for p in problems] == [(3, 10)]
    assert f"{MAX_TEXT + 1:,} characters long; at most {MAX_TEXT:,}" in problems[0].message


# -- control characters ------------------------------------------------------------------

RAW = {
    "ESC": "\x1b",
    "BEL": "\x07",
    "NUL": "\x00",
    "backspace": "\x08",
    "DEL": "\x7f",
    "C1 CSI": "\x9b",
    "vertical tab": "\x0b",
}


@pytest.mark.parametrize("name", sorted(RAW))
def test_a_raw_control_character_is_refused_at_its_line_and_column(name: str) -> None:
    char = RAW[name]
    text = f"title: Calm\nsteps:\n  - say: Breathe {char}[2J in\n    seconds: 3\n"
    script, problems = load(text)
    assert script is None
    assert [(p.line, p.column, p.severity) for p in problems] == [(3, 18, "error")]
    assert f"control character U+{ord(char):04X} is not allowed" in problems[0].message
    assert "remove it" in problems[0].message


def test_a_control_character_in_the_title_of_a_file_is_refused_at_its_place(
    tmp_path: Path,
) -> None:
    path = tmp_path / "title.yaml"
    path.write_bytes(b"title: Set \x1b]0;pwned\x07 title\nsteps:\n  - silence: 5\n")
    script, problems = read_script(path, SOUNDS)
    assert script is None
    assert [(p.line, p.column) for p in problems] == [(1, 12)]
    assert "U+001B" in problems[0].message


ESCAPED = {
    "\\e[31m": "\x1b[31m",
    "\\e[2J": "\x1b[2J",
    "\\e]0;title\\a": "\x1b]0;title\x07",
    "\\x9b2J": "\x9b2J",
    "\\x07": "\x07",
}


@pytest.mark.parametrize("escaped", sorted(ESCAPED))
def test_an_escape_written_in_double_quotes_arrives_as_the_real_character(escaped: str) -> None:
    # YAML turns "\e" into ESC: the loader keeps it (the words as written); the screen and
    # the plain player must drop it (tests/ui/test_hostile_text_ui.py).
    script, problems = load(f'title: T\nsteps:\n  - say: "red {escaped} text"\n')
    assert script is not None, problems
    step = script.steps[0]
    assert isinstance(step, Say) and step.text == f"red {ESCAPED[escaped]} text"


@pytest.mark.parametrize("br", ["\r", "\x85", "\u2028"])
def test_a_control_character_after_a_lone_line_break_is_numbered_like_other_problems(
    br: str,
) -> None:
    text = f"title: Calm{br}steps:{br}  - say: Breathe \x1b in{br}"
    _, problems = load(text)
    # Line 3 column 18 in the same numbering YAML syntax errors use.
    assert [(p.line, p.column) for p in problems] == [(3, 18)]


@pytest.mark.parametrize("br", ["\r", "\x85", "\u2028"])
def test_yaml_syntax_errors_number_lines_at_every_yaml_line_break(br: str) -> None:
    # The numbering the test above expects: what PyYAML's marks already do.
    _, problems = load(f"title: Calm{br}steps:{br}  - say: [unclosed{br}")
    assert problems and problems[0].line >= 3


@pytest.mark.parametrize(
    "source",
    [
        'title: T\n"\\e[2J\\e]0;pwned\\a": 1\nsteps:\n  - silence: 5\n',
        'title: T\npattern: "\\e[2Jbox"\nsteps:\n  - breathe: {cycles: 1}\n',
        'title: T\nsteps:\n  - chime: "\\e[2Jbell"\n',
        'title: T\n"\\e[2J": 1\n"\\e[2J": 2\nsteps:\n  - silence: 5\n',
        'title: T\nsteps:\n  - breathe: {cycles: 1, pattern: {inhale: 4, "\\e[2J": 1}}\n',
    ],
    ids=["unknown-key", "pattern-name", "chime-name", "duplicate-key", "phase-key"],
)
def test_messages_never_carry_a_control_character_from_the_script(source: str) -> None:
    _, problems = load(source)
    assert errors(problems)
    for problem in problems:
        assert not CONTROL.search(str(problem)), str(problem)


def test_messages_quote_a_bad_value_with_its_control_characters_escaped() -> None:
    # How a value is already quoted (describe): the fix for the test above can do the same.
    _, problems = load('title: T\nsteps:\n  - silence: "\\e[2J"\n')
    assert [p.message for p in problems] == [
        'silence must be a number of seconds more than 0 up to 3600, got "\\u001b[2J"'
    ]


# -- sound names -------------------------------------------------------------------------

ESCAPING_NAMES = [
    "../../etc/passwd",
    "/etc/passwd",
    "bell/../bowl",
    "../bell",
    "BELL",
    "Bell",
    "bell.wav",
    "..",
    ".",
    "~/bell",
    "C:\\\\bell",
    "bell\\u0000",
    "bell\\x1b",
    "bell%2F..",
    "b\\u0065ll/",
    "-bell",
]


@pytest.mark.parametrize("sounds", [SOUNDS, None], ids=["known-sounds", "any-sound"])
@pytest.mark.parametrize("name", ESCAPING_NAMES)
def test_a_sound_name_that_is_not_a_plain_name_is_refused(
    name: str, sounds: frozenset[str] | None
) -> None:
    script, problems = load(f'title: T\nsteps:\n  - chime: "{name}"\n', sounds)
    assert script is None
    assert [(p.line, p.column) for p in errors(problems)] == [(3, 12)]
    assert "is not a sound" in problems[0].message


@pytest.mark.parametrize("sounds", [SOUNDS, None], ids=["known-sounds", "any-sound"])
def test_a_plain_sound_name_is_accepted(sounds: frozenset[str] | None) -> None:
    # The other side of the test above: without it, refusing everything would pass.
    script, problems = load("title: T\nsteps:\n  - chime: bell\n  - chime: ' bowl '\n", sounds)
    assert script is not None, problems
    assert script.steps == (Chime("bell"), Chime("bowl"))
