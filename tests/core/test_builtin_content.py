"""The built-in sessions as a teacher would read them: no sentence worn out across
sessions, every question heard as well as seen, and ``during`` thinning out to stillness
however long it is made."""

from __future__ import annotations

import re
from collections import defaultdict
from fractions import Fraction
from itertools import pairwise
from pathlib import Path

import pytest

from mindful_tui.core.script.lengths import fit_to_minutes
from mindful_tui.core.script.loader import parse_script, read_script
from mindful_tui.core.script.model import Ask, Breathe, Checkin, Say, Script
from mindful_tui.core.script.template import placeholders, unanswered
from mindful_tui.core.script.words import phase_words
from mindful_tui.core.storage.library import sound_names
from mindful_tui.core.storage.locations import builtin_scripts_dir
from mindful_tui.core.timing.timeline import compile_script

PATHS = sorted(builtin_scripts_dir().glob("*.yaml"))
MOST = 3
"""A sentence may appear in at most this many built-ins."""


def load(path: Path) -> Script:
    script, problems = read_script(path, sound_names())
    assert script is not None, [str(p) for p in problems]
    return script


SCRIPTS = {path.stem: load(path) for path in PATHS}
DURING = sorted(name for name in SCRIPTS if re.fullmatch(r"during(-[a-z]+)?", name))
"""``during`` and its versions in other languages."""


def texts(script: Script) -> list[str]:
    """Every line of words a script shows or speaks."""
    out: list[str] = []
    for step in script.steps:
        if isinstance(step, Say | Ask | Checkin):
            out.append(step.text)
        elif isinstance(step, Breathe):
            out.extend(step.prompts.values())
            out.extend(p.say for p in step.pattern.phases if p.say)
    return out


def sentences(text: str) -> list[str]:
    """The sentences of a line, as compared: lower case, without punctuation."""
    parts = re.split(r"(?<=[.?!])\s+", text)
    return [s for s in (" ".join(re.findall(r"[\w']+", p.lower())) for p in parts) if s]


def test_there_are_at_least_eighteen_built_ins_in_every_moment() -> None:
    assert len(SCRIPTS) >= 18
    for moment in ("before", "during", "after"):
        assert any(moment in s.tags for s in SCRIPTS.values()), moment


def test_no_sentence_is_in_more_than_three_built_ins() -> None:
    where: dict[str, set[str]] = defaultdict(set)
    for name, script in SCRIPTS.items():
        for text in texts(script):
            for sentence in sentences(text):
                where[sentence].add(name)
    worn = {s: sorted(names) for s, names in where.items() if len(names) > MOST}
    assert worn == {}


@pytest.mark.parametrize("name", sorted(SCRIPTS))
def test_every_question_is_spoken_before_it_is_asked(name: str) -> None:
    """A person with eyes closed hears each ask and checkin: a say line since the last
    question holds its words."""
    script = SCRIPTS[name]
    since = 0
    for index, step in enumerate(script.steps):
        if not isinstance(step, Ask | Checkin):
            continue
        said = [s.text for s in script.steps[since:index] if isinstance(s, Say)]
        assert any(step.text in line for line in said), step.text
        since = index + 1


@pytest.mark.parametrize("name", sorted(SCRIPTS))
def test_every_answer_line_has_a_spoken_fallback(name: str) -> None:
    timeline = compile_script(SCRIPTS[name])
    prepared = timeline.spoken_lines()
    for text in texts(SCRIPTS[name]):
        if placeholders(text):
            heard = unanswered(text)
            assert heard is not None, f"{text!r} is silent when unanswered"
            assert heard in prepared


@pytest.mark.parametrize("name", DURING)
def test_during_speaks_the_phase_words_only_in_its_first_ten_minutes(name: str) -> None:
    script = SCRIPTS[name]
    timeline = compile_script(fit_to_minutes(script, Fraction(45)))
    assert timeline.total == 45 * 60
    words = set(phase_words(script.language, script.words).values())
    spoken = [c for c in timeline.cues if c.spoken is not None]
    paced = [c for c in spoken if any(w in c.spoken for w in words)]  # type: ignore[operator]
    assert paced and paced[0].at < 60
    assert all(c.at < 600 for c in paced)


@pytest.mark.parametrize("minutes", [20, 30, 45, 60])
@pytest.mark.parametrize("name", DURING)
def test_during_thins_out_to_stillness_with_a_bowl_every_few_minutes(
    name: str, minutes: int
) -> None:
    timeline = compile_script(fit_to_minutes(SCRIPTS[name], Fraction(minutes)))
    assert abs(timeline.total - minutes * 60) < 30
    phases = [c for c in timeline.cues if c.kind == "phase"]
    still_from = phases[-1].at + phases[-1].seconds  # type: ignore[operator]
    assert still_from < 10 * 60
    later = [c for c in timeline.cues if c.at > still_from]
    bowls = [still_from] + [c.at for c in later if c.kind == "chime"] + [timeline.total]
    assert all(b - a <= 10 * 60 for a, b in pairwise(bowls)), "a bowl every few minutes"
    assert len(bowls) >= 5
    assert 3 <= sum(c.kind == "say" for c in later) <= 6, "sparse lines"


@pytest.mark.parametrize("name", ["resting", *DURING])
def test_the_long_sessions_reach_twenty_to_sixty_minutes(name: str) -> None:
    for minutes in (20, 60):
        total = compile_script(fit_to_minutes(SCRIPTS[name], Fraction(minutes))).total
        assert abs(total - minutes * 60) < 30, (name, minutes, total)


def test_the_authors_guide_example_loads_and_fits_its_minutes() -> None:
    guide = Path(__file__).resolve().parents[2] / "docs" / "writing-sessions.md"
    [example] = re.findall(r"```yaml\n(.*?)```", guide.read_text(encoding="utf-8"), re.S)
    script, problems = parse_script(example, "example.yaml", sound_names())
    assert script is not None and problems == []
    total = compile_script(fit_to_minutes(script, Fraction(10))).total
    assert abs(total - 600) <= Fraction(1, 2)  # silences stretch to whole seconds


@pytest.mark.parametrize("name", sorted(SCRIPTS))
def test_every_breathing_step_can_be_followed_with_eyes_closed(name: str) -> None:
    """Each phase sounds (``cues: true`` or ``tones``): no breath passes in silence."""
    for step in SCRIPTS[name].steps:
        if isinstance(step, Breathe):
            assert step.cues, f"a breathe step of {step.cycles} silent breaths"


SAFETY = re.compile(r"dizzy|light-headed|schwindlig|mareas|tête vous tourne", re.IGNORECASE)
"""A safety line, in each shipped language."""


def demanding(step: Breathe) -> bool:
    """A held breath, or a pace (at any point of a ramp) under 5.6 or over 10 a minute."""
    ends = [step.pattern_for(1), step.pattern_for(step.cycles)]
    held = any(p.kind in ("hold", "rest") and p.seconds > 0 for e in ends for p in e.phases)
    return held or any(not 5.6 <= e.breaths_per_minute <= 10 for e in ends)


@pytest.mark.parametrize("name", sorted(SCRIPTS))
def test_the_safety_line_comes_before_any_hold_or_slow_or_fast_pattern(name: str) -> None:
    said_safety = False
    for step in SCRIPTS[name].steps:
        if isinstance(step, Say) and SAFETY.search(step.text):
            said_safety = True
        if isinstance(step, Breathe) and demanding(step):
            assert said_safety, f"a {step.pattern.describe()} breath before any safety line"
