"""Every way a script can be broken gives no script and precise errors, and never raises.

One fixture per failure mode lives in ``tests/data/broken``; line 1 of each is a comment
saying what is wrong. Cases that cannot be committed (a 1 MiB file, bytes that are not
UTF-8, control characters, a tag aimed at this run's temporary folder) are written here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from mindful_tui.core.script.loader import parse_script, read_script
from mindful_tui.core.script.model import Script
from mindful_tui.core.script.problems import Problem, display_path
from mindful_tui.core.script.yamlsource import MAX_DEPTH, MAX_FILE_BYTES, MAX_NODES
from mindful_tui.core.storage import library
from tests.conftest import DATA

BROKEN = DATA / "broken"
ROOT_KEYS = "expected one of: title, summary, tags, pattern, voice, background, steps"
STEP_KINDS = "say, ask, chime, breathe, silence, checkin"
PROMPT_PHASES = "a prompt may start on: inhale, exhale"


@dataclass(frozen=True)
class Err:
    """An error expected at a 1-based line and column, with phrases its message holds."""

    line: int
    column: int
    phrases: tuple[str, ...]


def err(line: int, column: int, *phrases: str) -> Err:
    return Err(line, column, phrases)


EXPECTED: dict[str, list[Err]] = {
    "yaml-syntax.yaml": [
        err(4, 18, "YAML syntax", "mapping values are not allowed", "needs quotes"),
    ],
    "tab-indent.yaml": [err(4, 1, "YAML syntax", "'\\t'", "indent with spaces, not tabs")],
    "empty.yaml": [err(1, 1, "the file is empty", "needs a title and steps")],
    "top-list.yaml": [err(2, 1, "a script must be a mapping of keys to values", "got a list")],
    "missing-title.yaml": [err(2, 1, 'a script needs "title"')],
    "missing-steps.yaml": [err(2, 1, 'a script needs "steps"')],
    "empty-steps.yaml": [err(3, 8, "steps is empty", "add at least one step")],
    "title-list.yaml": [err(2, 8, "title must be text", "got a list")],
    "cycles-word.yaml": [err(5, 15, "breathe.cycles must be a whole number ≥ 1", 'got "six"')],
    "cycles-fraction.yaml": [err(5, 15, "breathe.cycles must be a whole number ≥ 1", "got 2.5")],
    "cues-maybe.yaml": [err(7, 13, "breathe.cues must be true, false or tones", 'got "maybe"')],
    "root-titel.yaml": [
        err(2, 1, 'a script needs "title"'),
        err(2, 1, 'unknown key "titel" in the script', 'did you mean "title"', ROOT_KEYS),
    ],
    "step-breath.yaml": [
        err(4, 5, 'unknown key "breath" in a step', 'did you mean "breathe"', STEP_KINDS),
    ],
    "breathe-cycle.yaml": [
        err(5, 7, 'unknown key "cycle" in breathe', 'did you mean "cycles"'),
    ],
    "two-kinds.yaml": [err(5, 5, "has both say and silence", "make them two steps")],
    "no-kind.yaml": [err(5, 5, f"a step needs one of: {STEP_KINDS}")],
    "seconds-on-silence.yaml": [err(5, 5, '"seconds" goes with say, not with silence')],
    "empty-say.yaml": [err(4, 10, "say must not be empty", "write the words")],
    "durations-range.yaml": [
        err(6, 25, "breathe.pattern.inhale must be", "more than 0 up to 60", "got 0"),
        err(6, 34, "breathe.pattern.hold must be", "from 0 up to 60", "got -1"),
        err(6, 46, "breathe.pattern.exhale must be", "more than 0 up to 60", "got 100"),
        err(7, 14, "silence must be", "more than 0 up to 3600", "got 0"),
    ],
    "cycles-and-minutes.yaml": [err(6, 7, "breathe takes cycles or minutes, not both")],
    "prompt-cycle-9.yaml": [
        err(9, 9, "a prompt for cycle 9", "has 6 cycles", "use a cycle from 1 to 6"),
    ],
    "prompt-text-key.yaml": [
        err(8, 9, "keyed by cycle number (like 1:)", 'got "first"'),
    ],
    "prompt-octal-key.yaml": [err(8, 9, "has 6 cycles", "use a cycle from 1 to 6")],
    "prompt-phase-misspelt.yaml": [
        err(8, 13, 'names "exhal", which is not a phase', 'did you mean "exhale"', PROMPT_PHASES),
    ],
    "prompt-phase-missing.yaml": [
        err(9, 13, "cycle 2 starts on the hold", "this breath has no hold", PROMPT_PHASES),
    ],
    "prompt-phase-ramp.yaml": [
        err(9, 13, "cycle 1 starts on the hold", "in cycle 1 the ramp has the hold at 0 s"),
    ],
    "prompt-phase-comma.yaml": [
        err(8, 30, 'names "soft and still."', "text with a comma inside { } needs quotes"),
    ],
    "prompt-phase-empty.yaml": [
        err(8, 12, "the prompt for cycle 2 names no phase", "3: {exhale: Let it go.}"),
    ],
    "duplicate-keys.yaml": [
        err(3, 1, 'duplicate key "title"', "first given on line 2", "give each key once"),
        err(8, 7, 'duplicate key "cycles"', "first given on line 6", "give each key once"),
    ],
    "chime-bel.yaml": [
        err(4, 12, 'chime "bel" is not a sound', 'did you mean "bell"', "sounds are: bell"),
    ],
    "chime-path.yaml": [err(4, 12, 'chime "../../etc/passwd" is not a sound', "sounds are:")],
    "python-tag.yaml": [err(4, 10, "!!python/object/apply:os.system is not allowed", "plain text")],
    "pattern-boxx.yaml": [
        err(3, 10, 'pattern "boxx" is not a named pattern', 'did you mean "box"', "box, 4-7-8"),
    ],
    "list-no-exhale.yaml": [err(6, 16, "needs at least one inhale and one exhale")],
    "ramp-missing-phase.yaml": [
        err(7, 17, "the pattern has no hold phase to ramp", "ramp_to may name: inhale, exhale"),
    ],
    "no-pattern.yaml": [
        err(5, 7, "breathe needs a pattern", "like pattern: {inhale: 4, exhale: 6}"),
    ],
    "ask-key-space.yaml": [
        err(5, 10, "key must be a name of letters, digits and _", 'got "my key"'),
    ],
    "ask-key-twice.yaml": [
        err(7, 10, 'key "intention" is already set on line 5', "give each answer its own key"),
    ],
    "placeholder-unknown.yaml": [
        err(6, 19, "uses {intentoin}", 'sets the key "intentoin"', 'did you mean "intention"'),
    ],
    "placeholder-folded.yaml": [
        err(7, 12, "uses {intentoin}", 'did you mean "intention"'),
    ],
    "placeholder-quoted.yaml": [
        err(6, 18, "uses {intentoin}", 'did you mean "intention"'),
    ],
    "voice-rate.yaml": [err(3, 15, "voice.rate must be a whole number ≥ 60", "400", "got 1000")],
    "alias-bomb.yaml": [
        err(3, 1, 'unknown key "lol" in the script', ROOT_KEYS),
        err(11, 6, "a step must be a mapping of keys to values", "got a list"),
    ],
    "deep-nesting.yaml": [err(3, 47, f"nesting is deeper than {MAX_DEPTH} levels")],
    "two-documents.yaml": [err(5, 1, "a script is one YAML document", "split the file")],
    "six-hours.yaml": [err(5, 3, "the session would last 6.7 hours", "at most 6 hours")],
    "tags-set-tag.yaml": [
        err(3, 7, "the tag !!set is not allowed"),
        err(4, 8, "the tag !!omap is not allowed"),
    ],
}

RAMP_PHASES = "expected one of: inhale, hold, exhale, rest"

INDEPENDENT: dict[str, list[Err]] = {
    "many-no-pattern-ramp.yaml": [
        err(5, 7, "breathe needs a pattern"),
        err(6, 25, "breathe.ramp_to.exhale must be", "more than 0 up to 60", "got 100"),
        err(6, 30, 'unknown key "inhal" in breathe.ramp_to', 'did you mean "inhale"', RAMP_PHASES),
    ],
    "many-root-pattern-ramp.yaml": [
        err(3, 10, 'pattern needs "exhale"'),
        err(7, 25, "breathe.ramp_to.exhale must be", "more than 0 up to 60", "got 0"),
    ],
    "many-pattern-prompts.yaml": [
        err(6, 16, 'breathe.pattern "boxx" is not a named pattern', 'did you mean "box"'),
        err(7, 25, "breathe.ramp_to.exhale must be", "more than 0 up to 60", "got 0"),
        err(9, 9, "keyed by cycle number (like 1:)", 'got "first"'),
        err(9, 16, 'the prompt keyed "first" must not be empty', "write the words"),
        err(10, 12, "the prompt for cycle 2 must not be empty", "write the words"),
        err(11, 9, "a prompt for cycle 9", "has 4 cycles", "use a cycle from 1 to 4"),
    ],
    "many-cycles-prompts.yaml": [
        err(5, 15, "breathe.cycles must be a whole number ≥ 1", 'got "six"'),
        err(8, 9, "a prompt's cycle must be a whole number ≥ 1", "got 0"),
        err(9, 12, "the prompt for cycle 2 must not be empty"),
        err(10, 9, "keyed by cycle number (like 1:)", 'got "x"'),
    ],
    "many-cues-both.yaml": [
        err(6, 7, "breathe takes cycles or minutes, not both"),
        err(6, 16, "breathe.minutes must be", "more than 0 up to 240", "got -2"),
        err(8, 13, "breathe.cues must be true, false or tones", 'got "maybe"'),
        err(10, 12, "the prompt for cycle 1 must not be empty"),
    ],
    "many-ramp-lengths.yaml": [
        err(7, 25, "breathe.ramp_to.inhale must be", "more than 0 up to 60", "got 0"),
        err(7, 28, "the pattern has no hold phase to ramp", "ramp_to may name: inhale, exhale"),
        err(7, 34, "breathe.ramp_to.hold must be", "from 0 up to 60", "got -1"),
        err(7, 46, "breathe.ramp_to.exhale must be", "more than 0 up to 60", "got 100"),
    ],
    "many-phase-list.yaml": [
        err(6, 16, "needs at least one inhale and one exhale"),
        err(6, 26, "breathe.pattern.inhale must be", "more than 0 up to 60", "got 0"),
        err(9, 17, "each phase of breathe.pattern has one of inhale, hold, exhale, rest"),
        err(9, 37, "breathe.pattern.exhale must be", "more than 0 up to 60", "got 0"),
        err(9, 56, "breathe.pattern say must not be empty"),
        err(10, 17, "the pattern has no hold phase", "ramp_to may name: inhale, exhale, rest"),
    ],
    "many-two-kinds.yaml": [
        err(6, 5, "has both ask and say", "make them two steps"),
        err(6, 10, "say must not be empty"),
        err(8, 14, "silence must be", "more than 0 up to 3600", "got 0"),
        err(9, 5, "has both silence and chime", "make them two steps"),
        err(9, 12, 'chime "bel" is not a sound', 'did you mean "bell"'),
        err(10, 5, '"seconds" goes with say, not with silence or chime'),
    ],
    "many-no-kind.yaml": [
        err(4, 5, 'unknown key "sai" in a step', 'did you mean "say"'),
        err(5, 14, "seconds must be", "more than 0 up to 600", "got 0"),
        err(6, 5, 'unknown key "ak" in a step', 'did you mean "ask"'),
        err(9, 5, 'unknown key "sai" in a step', 'did you mean "say"'),
        err(10, 10, "key must be a name of letters, digits and _", 'got "my key"'),
    ],
    "many-breathe-no-count.yaml": [
        err(5, 7, "breathe needs cycles (like cycles: 6) or minutes (like minutes: 2)"),
        err(6, 7, 'unknown key "ramp_too" in breathe', 'did you mean "ramp_to"'),
    ],
    "many-minutes-ramp.yaml": [
        err(7, 25, "breathe.ramp_to.exhale must be", "more than 0 up to 60", "got 100"),
        err(10, 9, "keyed by cycle number (like 1:)", 'got ""'),
    ],
    "many-phase-prompts.yaml": [
        err(8, 9, "a prompt for cycle 7", "has 3 cycles", "use a cycle from 1 to 3"),
        err(9, 21, "the exhale prompt for cycle 2 must not be empty"),
        err(10, 13, "cycle 3 starts on the hold", "this breath has no hold", PROMPT_PHASES),
        err(10, 26, "cycle 3 starts on the rest", "this breath has no rest", PROMPT_PHASES),
    ],
    "many-six-hours.yaml": [
        err(4, 3, "the session would last at least 7.0 hours", "at most 6 hours"),
        err(11, 10, "say must not be empty"),
    ],
}
"""Fixtures with several independent errors: every one is reported at once, so fixing
one never reveals another, and none is reported only because of another."""

EXPECTED.update(INDEPENDENT)

FIXTURES = sorted(p.name for p in BROKEN.glob("*.yaml"))


def load(path: Path) -> tuple[Script | None, list[Problem]]:
    """Read a script as the app does, with the sounds the app knows."""
    return read_script(path, library.sound_names())


def matches(problem: Problem, expected: Err) -> bool:
    """True when ``problem`` is the expected error: place, severity and every phrase."""
    return (
        problem.is_error
        and (problem.line, problem.column) == (expected.line, expected.column)
        and all(phrase in problem.message for phrase in expected.phrases)
    )


@pytest.mark.parametrize("name", FIXTURES)
def test_fixture_gives_no_script_and_the_expected_errors(name: str) -> None:
    path = BROKEN / name
    script, problems = load(path)
    assert script is None
    for expected in EXPECTED[name]:
        assert any(matches(p, expected) for p in problems), (expected, problems)
    assert {p.path for p in problems} == {display_path(path)}


@pytest.mark.parametrize("name", FIXTURES)
def test_fixture_gives_no_other_problems(name: str) -> None:
    _, problems = load(BROKEN / name)
    unmatched = list(EXPECTED[name])
    for problem in problems:
        found = next((e for e in unmatched if matches(problem, e)), None)
        assert found is not None, f"unexpected: {problem}"
        unmatched.remove(found)
    assert unmatched == []


@pytest.mark.parametrize("name", sorted(INDEPENDENT))
def test_every_independent_error_is_reported_at_once(name: str) -> None:
    _, problems = load(BROKEN / name)
    expected = INDEPENDENT[name]
    assert len(expected) >= 2
    assert [(p.line, p.column) for p in problems] == [(e.line, e.column) for e in expected]


@pytest.mark.parametrize("name", FIXTURES)
def test_fixture_problems_are_sorted_by_line(name: str) -> None:
    _, problems = load(BROKEN / name)
    assert problems
    assert problems == sorted(problems, key=lambda p: (p.line, p.column))


@pytest.mark.parametrize("name", FIXTURES)
def test_read_script_never_raises(name: str) -> None:
    read_script(BROKEN / name)
    read_script(BROKEN / name, frozenset())
    load(BROKEN / name)


def test_python_tag_fixture_runs_nothing(capfd: pytest.CaptureFixture[str]) -> None:
    script, problems = load(BROKEN / "python-tag.yaml")
    assert script is None and problems
    assert "hi" not in capfd.readouterr().out


PLACES = {
    "title": "title: {tag}\nsteps:\n  - silence: 5\n",
    "a step": "title: T\nsteps:\n  - {tag}\n",
    "say": "title: T\nsteps:\n  - say: {tag}\n",
    "a number": "title: T\nsteps:\n  - silence: {tag}\n",
    "a key": "title: T\n? {tag}\n: 1\nsteps:\n  - silence: 5\n",
    "an unknown key's value": "title: T\nextra: {tag}\nsteps:\n  - silence: 5\n",
    "the whole file": "{tag}\n",
}


@pytest.mark.parametrize("where", sorted(PLACES))
def test_a_python_tag_is_never_run(tmp_path: Path, where: str) -> None:
    made = tmp_path / "made"
    tag = f'!!python/object/apply:os.mkdir ["{made}"]'
    path = tmp_path / "evil.yaml"
    path.write_text(PLACES[where].format(tag=tag), encoding="utf-8")
    script, problems = load(path)
    assert script is None
    assert any(p.is_error for p in problems)
    assert not made.exists()


def test_the_python_tag_canary_would_fire_if_loaded_unsafely(tmp_path: Path) -> None:
    # Proves the test above can fail: the same tag, loaded unsafely, makes the folder.
    made = tmp_path / "made"
    yaml.unsafe_load(f'!!python/object/apply:os.mkdir ["{made}"]')
    assert made.is_dir()


def test_too_many_values_through_aliases_is_refused(tmp_path: Path) -> None:
    # 25,000 steps through one alias: small on disk, past the 20,000 values a script may hold.
    assert MAX_NODES <= 20_000
    aliases = ", ".join(["*s"] * 25_000)
    text = f"title: Wide\nsteps: [&s {{silence: 1}}, {aliases}]\n"
    script, problems = parse_script(text, "wide.yaml")
    assert script is None
    assert [p.is_error for p in problems] == [True]
    assert f"more than {MAX_NODES:,} values" in problems[0].message
    assert "aliases" in problems[0].message


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    body = "  - silence: 1\n" * (MAX_FILE_BYTES // 15 + 1)
    path.write_text(f"title: Big\nsteps:\n{body}", encoding="utf-8")
    assert path.stat().st_size > MAX_FILE_BYTES
    script, problems = load(path)
    assert script is None
    assert [(p.line, p.column) for p in problems] == [(1, 1)]
    assert f"{path.stat().st_size:,} bytes" in problems[0].message
    assert f"at most {MAX_FILE_BYTES:,}" in problems[0].message


LATIN_1 = "# not UTF-8\ntitle: Café\nsteps:\n  - silence: 5\n".encode("latin-1")


def test_bytes_that_are_not_utf8_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(LATIN_1)
    script, problems = load(path)
    assert script is None
    assert len(problems) == 1 and problems[0].is_error
    assert "not UTF-8" in problems[0].message


def test_bytes_that_are_not_utf8_are_reported_where_they_are(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(LATIN_1)
    _, problems = load(path)
    assert [(p.line, p.column) for p in problems] == [(2, 11)]


def test_an_empty_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.yaml"
    path.write_bytes(b"")
    script, problems = load(path)
    assert script is None
    assert [(p.line, p.column) for p in problems] == [(1, 1)]
    assert "the file is empty" in problems[0].message


def test_a_control_character_is_an_error_not_an_exception(tmp_path: Path) -> None:
    path = tmp_path / "bell.yaml"
    path.write_text("title: Ding\nsteps:\n  - say: Ding\x07\n", encoding="utf-8")
    script, problems = load(path)
    assert script is None
    assert [(p.line, p.column) for p in problems] == [(3, 14)]


def test_two_documents_say_what_would_be_right() -> None:
    _, problems = load(BROKEN / "two-documents.yaml")
    assert "one YAML document" in problems[0].message
