"""Fuzzing the loader, the timeline compiler and the checks (hypothesis).

Whatever a file holds, loading it returns a script or precise problems and never raises;
every problem names the file, a line and a column inside the file, and says something.
Five families of input, each a strategy here, each run briefly in CI (derandomized, so a
run is repeatable) and for as long as wanted by ``benchmarks/fuzz.py`` (``make fuzz``):

- ``arbitrary``: any text, YAML-flavoured token soup, and any bytes (read from a file);
- ``mutated``: valid v1 scripts built from the format, then broken one way (a key
  deleted or renamed, a value of the wrong type, a bad value, an unknown key);
- ``builtin``: the real scripts in ``scripts/``, with bytes flipped, lines deleted or
  duplicated, indentation changed;
- ``valid``: valid scripts, which must load, compile to the exact planned length with
  cues in time order, and pass through ``warnings`` and ``fit_to_minutes``;
- bounded inputs (alias bombs, 1 MiB files, deep nesting) are fixed cases below.

The strategies and checks are shared with the benchmark: each ``check_*`` function takes
one drawn example and raises ``AssertionError`` when an invariant breaks.
"""

from __future__ import annotations

import atexit
import copy
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mindful_tui.core.script.checks import warnings
from mindful_tui.core.script.lengths import MAX_CYCLES, fit_to_minutes
from mindful_tui.core.script.loader import parse_script, read_script
from mindful_tui.core.script.model import Breathe, Script
from mindful_tui.core.script.presets import PRESETS
from mindful_tui.core.script.problems import Problem, display_path
from mindful_tui.core.script.yamlsource import MAX_DEPTH, MAX_FILE_BYTES, MAX_NODES
from mindful_tui.core.timing.practice_checks import practice_warnings
from mindful_tui.core.timing.timeline import compile_script

REPO = Path(__file__).resolve().parents[2]
BUILTIN = sorted((REPO / "scripts").glob("*.yaml"))
SOUNDS = frozenset({"bell", "bowl", "inhale", "hold", "exhale", "rest"})
SHOWN = "fuzz.yaml"

CI = settings(
    derandomize=True,
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
"""The short CI run: repeatable, no example database, no per-example deadline."""

YAML_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
"""What PyYAML counts as a line break when it numbers lines."""

# -- invariants -------------------------------------------------------------------------


def check_result(script: Script | None, problems: list[Problem], shown: str = SHOWN) -> None:
    """What every load must give: a script iff no error, and problems that say where."""
    errors = [p for p in problems if p.is_error]
    assert (script is None) == bool(errors), (script, problems)
    for p in problems:
        assert p.path == shown, p
        assert p.line >= 1 and p.column >= 1, p
        assert p.message.strip(), p
        assert p.severity in ("error", "warning"), p


def check_inside(text: str, problems: list[Problem]) -> None:
    """Every problem's line and column point inside ``text`` (or just past a line's end)."""
    lines = YAML_BREAK.split(text)
    for p in problems:
        assert p.line <= len(lines), (p, len(lines))
        assert p.column <= len(lines[p.line - 1]) + 1, (p, lines[p.line - 1][:200])


_SCRATCH = Path(tempfile.mkdtemp(prefix="mindful-fuzz-"))
atexit.register(shutil.rmtree, _SCRATCH, ignore_errors=True)


def check_bytes(raw: bytes, where: Path | None = None) -> None:
    """Load ``raw`` from a file, as the app reads a script."""
    path = (where or _SCRATCH) / "fuzz.yaml"
    path.write_bytes(raw)
    script, problems = read_script(path, SOUNDS)
    check_result(script, problems, display_path(path))
    if script is not None:
        warnings(script)
        practice_warnings(script, compile_script(script))


# -- arbitrary input ----------------------------------------------------------------------

TOKENS = st.sampled_from(
    [
        *"-:?[]{},&*!|>'\"#%@`\n\t \r",
        "\n  ",
        "\n    ",
        "- ",
        ": ",
        "---\n",
        "...\n",
        "&a ",
        "*a",
        "!!str ",
        "!!python/object:os.system ",
        "!x ",
        "title",
        "steps",
        "say",
        "breathe",
        "cycles",
        "pattern",
        "inhale",
        "exhale",
        "prompts",
        "silence",
        "chime",
        "bell",
        "ask",
        "key",
        "{intention}",
        "0",
        "4",
        "-1",
        "1e400",
        ".inf",
        ".nan",
        "0x1F",
        "0o17",
        "1_000",
        "2.5",
        "true",
        "~",
        "null",
        "2024-01-01",
        "<<: *a",
        '"\\e[2J"',
        '"\\x07"',
        "\u200f",
        "e\u0301",
        "\ufeff",
    ]
)
yaml_soup = st.lists(TOKENS, max_size=60).map("".join)
any_text = st.one_of(st.text(max_size=300), yaml_soup)


LONE_BREAKS = re.compile("\r(?!\n)|[\x85\u2028\u2029]")
"""Line breaks other than \\n and \\r\\n: the control-character refusal numbers lines
differently there (see test_hostile_text.py), so such text is not held to ``check_inside``."""


def check_arbitrary_text(text: str) -> None:
    script, problems = parse_script(text, SHOWN, SOUNDS)
    check_result(script, problems)
    if not LONE_BREAKS.search(text):
        check_inside(text, problems)


def check_arbitrary_bytes(raw: bytes) -> None:
    check_bytes(raw)


# -- valid scripts from the format ----------------------------------------------------------


@dataclass
class Built:
    """A generated script: its data, and the length it must have."""

    data: dict[str, Any]
    total: Fraction
    steps: int


WORDS = st.text(
    st.characters(
        codec="utf-8",
        exclude_categories=("Cs", "Cc", "Zl", "Zp"),
        exclude_characters="{}\ufeff",
    ),
    min_size=1,
    max_size=40,
).filter(lambda s: s.strip() == s and bool(s))
"""Text a step may hold: printable, no braces (placeholders are added on purpose)."""

HOSTILE_WORDS = st.sampled_from(
    [
        "[bold red]x[/]",
        "[@click=app.quit]x[/]",
        "$variable",
        "\x1b[2J",
        "\x1b]0;title\x07",
        "שלום, נשימה",
        "تنفس ببطء",
        "e\u0301",
        "👩\u200d👩\u200d👧",
        '<speak><break time="3s"/></speak>',
        "{{literal}}",
        "yes",
        "no",
        "null",
        "1.5",
        "- x",
        "a: b",
    ]
)
TEXT = st.one_of(WORDS, HOSTILE_WORDS)


def seconds(low: int, high: int, zero: bool = False) -> st.SearchStrategy[Fraction]:
    """Durations in hundredths of a second, ``> 0`` (or ``>= 0``) up to ``high``."""
    return st.integers(0 if zero else 1, high * 100).map(lambda n: Fraction(n, 100))


def number(value: Fraction) -> int | float:
    """How a duration is written: a whole number, or the shortest decimal."""
    return int(value) if value.denominator == 1 else float(value)


@st.composite
def patterns(draw: st.DrawFn) -> tuple[Any, list[tuple[str, Fraction]]]:
    """A pattern as written (mapping, list of phases, or a preset name) and its phases."""
    form = draw(st.sampled_from(["mapping", "list", "preset"]))
    if form == "preset":
        name = draw(st.sampled_from(sorted(PRESETS)))
        return name, [(p.kind, p.seconds) for p in PRESETS[name].phases]
    if form == "mapping":
        values = {
            "inhale": draw(seconds(0, 60)),
            "hold": draw(seconds(0, 60, zero=True)),
            "exhale": draw(seconds(0, 60)),
            "rest": draw(seconds(0, 60, zero=True)),
        }
        shown = {
            k: v for k, v in values.items() if k in ("inhale", "exhale") or draw(st.booleans())
        }
        written = {k: number(v) for k, v in shown.items()}
        order = ("inhale", "hold", "exhale", "rest")
        return written, [(k, shown.get(k, Fraction(0))) for k in order]
    kinds = draw(st.lists(st.sampled_from(["inhale", "hold", "exhale", "rest"]), max_size=4))
    kinds = ["inhale", *kinds, "exhale"]
    phases = [(k, draw(seconds(0, 20, zero=k in ("hold", "rest")))) for k in kinds]
    written_list: list[dict[str, Any]] = []
    for kind, value in phases:
        item: dict[str, Any] = {kind: number(value)}
        if draw(st.integers(0, 4)) == 0:
            item["say"] = draw(TEXT)
        written_list.append(item)
    return written_list, phases


def nearest(start: Fraction, end: Fraction, wanted: Fraction) -> int:
    """Whole cycles nearest to ``wanted`` seconds (at least one; a tie goes shorter),
    worked out by trying every count rather than as the loader does."""

    def length(n: int) -> Fraction:
        return start if n == 1 else (start + end) * n / 2

    best = 1
    for n in range(1, min(MAX_CYCLES, int(wanted / min(start, end)) + 2) + 1):
        if abs(length(n) - wanted) < abs(length(best) - wanted):
            best = n
    return best


@st.composite
def breathe_steps(
    draw: st.DrawFn, default: list[tuple[str, Fraction]] | None
) -> tuple[dict[str, Any], Fraction]:
    body: dict[str, Any] = {}
    phases = default
    if default is None or draw(st.booleans()):
        written, phases = draw(patterns())
        body["pattern"] = written
    assert phases is not None
    kinds = {k for k, _ in phases}
    ramp: dict[str, Fraction] = {}
    if draw(st.integers(0, 2)) == 0:
        for kind in sorted(kinds):
            if draw(st.booleans()):
                ramp[kind] = draw(seconds(0, 20, zero=kind in ("hold", "rest")))
        if ramp:
            body["ramp_to"] = {k: number(v) for k, v in ramp.items()}
    start = sum((s for _, s in phases), Fraction(0))
    end = sum((ramp.get(k, s) for k, s in phases), Fraction(0))
    if draw(st.booleans()):
        cycles = draw(st.integers(1, 10))
        body["cycles"] = cycles
    else:
        minutes = Fraction(draw(st.integers(1, 40)), 4)
        body["minutes"] = number(minutes)
        cycles = nearest(start, end, minutes * 60)
    if draw(st.booleans()):
        body["cues"] = draw(st.booleans())
    if draw(st.booleans()) and "cycles" in body:
        chosen = draw(st.sets(st.integers(1, cycles), max_size=3))
        # A prompt may also start on a chosen phase: one the breath has in every cycle.
        steady = sorted({k for k, s in phases if s > 0 and ramp.get(k, s) > 0})
        body["prompts"] = {
            c: draw(TEXT) if draw(st.booleans()) else {draw(st.sampled_from(steady)): draw(TEXT)}
            for c in sorted(chosen)
        }
    total = start if cycles == 1 else (start + end) * cycles / 2
    return {"breathe": body}, total


@st.composite
def valid_scripts(draw: st.DrawFn) -> Built:
    """A valid v1 script with random values, and the length it must have."""
    data: dict[str, Any] = {"title": draw(TEXT)}
    if draw(st.booleans()):
        data["summary"] = draw(TEXT)
    if draw(st.booleans()):
        data["tags"] = draw(
            st.lists(st.one_of(st.sampled_from(["before", "during", "after"]), WORDS), max_size=4)
        )
    if draw(st.booleans()):
        voice: dict[str, Any] = {}
        if draw(st.booleans()):
            voice["rate"] = draw(st.integers(60, 400))
        if draw(st.booleans()):
            voice["volume"] = number(Fraction(draw(st.integers(0, 100)), 100))
        if draw(st.booleans()):
            voice["name"] = draw(WORDS)
        data["voice"] = voice
    default = None
    if draw(st.booleans()):
        data["pattern"], default = draw(patterns())
    steps: list[dict[str, Any]] = []
    keys: list[str] = []
    total = Fraction(0)
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["say", "ask", "chime", "breathe", "silence", "checkin"]))
        if kind == "say":
            text = draw(TEXT)
            if bool(keys) and draw(st.booleans()):
                text = f"{text} {{{draw(st.sampled_from(keys))}}}"
            step: dict[str, Any] = {"say": text}
            if draw(st.booleans()):
                length = draw(seconds(0, 600))
                step["seconds"] = number(length)
            else:
                words = len(text.split())
                rate = data.get("voice", {}).get("rate", 150)  # the script's own, if any
                raw = Fraction(words * 60, rate) + 2
                length = max(Fraction(3), Fraction(-(-raw * 2 // 1), 2))
            total += length
        elif kind in ("ask", "checkin"):
            step = {kind: draw(TEXT)}
            if draw(st.booleans()):
                key = f"k{len(keys)}_{draw(st.integers(0, 99))}"
                step["key"] = key
            else:
                key = f"{kind}{len(keys) + 1}"
            keys.append(key)
        elif kind == "chime":
            step = {"chime": draw(st.sampled_from(sorted(SOUNDS)))}
        elif kind == "silence":
            length = draw(seconds(0, 600))
            step = {"silence": number(length)}
            total += length
        else:
            step, length = draw(breathe_steps(default))
            total += length
        steps.append(step)
    data["steps"] = steps
    return Built(data, total, len(steps))


def dump(data: Any, style: dict[str, Any]) -> str:
    return str(yaml.safe_dump(data, sort_keys=False, **style))


DUMP_STYLES = st.fixed_dictionaries(
    {
        "default_flow_style": st.sampled_from([False, None, True]),
        "allow_unicode": st.booleans(),
        "width": st.sampled_from([40, 80, 1000]),
        "indent": st.sampled_from([2, 4]),
    }
)


def check_valid(built: Built, style: dict[str, Any], minutes: Fraction) -> None:
    """A valid script loads, compiles to its exact length, and survives checks and fitting."""
    text = dump(built.data, style)
    script, problems = parse_script(text, SHOWN, SOUNDS)
    check_result(script, problems)
    assert script is not None, (text, problems)
    assert len(script.steps) == built.steps
    timeline = compile_script(script)
    assert timeline.total == built.total, (text, timeline.total, built.total)
    ats = [c.at for c in timeline.cues]
    assert ats == sorted(ats), text
    assert timeline.cues[-1].kind == "end" and timeline.cues[-1].at == built.total
    assert [s.start for s in timeline.spans[1:]] == [s.end for s in timeline.spans[:-1]]
    for problem in [*warnings(script), *practice_warnings(script, timeline)]:
        assert not problem.is_error
        assert 1 <= problem.line <= text.count("\n") + 1, problem
    fitted = fit_to_minutes(script, minutes)
    fitted_timeline = compile_script(fitted)
    assert fitted_timeline.total >= 0
    for before, after in zip(script.steps, fitted.steps, strict=True):
        assert type(before) is type(after)
        if isinstance(after, Breathe):
            assert after.cycles >= 1
            assert all(1 <= c <= after.cycles for c in after.prompts)
            assert all(1 <= c <= after.cycles for c in after.phase_prompts)


# -- mutated scripts ------------------------------------------------------------------------

BAD_VALUES: list[Any] = [
    None,
    "",
    "six",
    -1,
    0,
    10**30,
    1e400,
    float("nan"),
    2.5,
    True,
    [],
    {},
    [1, [2, [3]]],
    {"x": {"y": None}},
    "../../etc/passwd",
    "{nokey}",
    "\x1b[2J",
    "x" * 2001,
]

BAD_NUMBERS: list[Any] = [
    float("inf"),
    float("-inf"),
    float("nan"),
    10**30,
    -(10**30),
    1e-300,
    -0.0,
    0,
    -1,
    0.001,
    "0x1F",
    "1_000",
    "4,5",
    "4 s",
    True,
]
"""What may replace a number: out of range, not finite, or not quite a number."""

NEAR_KEYS = ["titel", "step", "breath", "cycle", "inhal", "exhale ", "Say", "promts", "", "?"]


def paths(node: Any, here: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in a data tree: the keys and indexes that lead to it."""
    found = [here]
    if isinstance(node, dict):
        for key, value in node.items():
            found += paths(value, (*here, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += paths(value, (*here, index))
    return found


def mutate(data: dict[str, Any], draw: st.DrawFn) -> dict[str, Any]:
    """``data`` (a deep copy) broken in one of several ways at one random place."""
    data = copy.deepcopy(data)
    places = paths(data)[1:]
    if not places:  # everything was deleted already: add something back
        data[draw(st.sampled_from(NEAR_KEYS))] = draw(st.sampled_from(BAD_VALUES))
        return data
    place = draw(st.sampled_from(places))
    parent: Any = data
    for part in place[:-1]:
        parent = parent[part]
    last = place[-1]
    op = draw(st.sampled_from(["delete", "rename", "retype", "bad", "extra", "number"]))
    value = parent[last]
    if op == "number" and isinstance(value, int | float) and not isinstance(value, bool):
        parent[last] = draw(st.sampled_from(BAD_NUMBERS))
    elif op == "delete":
        del parent[last]
    elif op == "rename" and isinstance(parent, dict):
        value = parent.pop(last)
        parent[draw(st.one_of(st.sampled_from(NEAR_KEYS), WORDS, st.integers()))] = value
    elif op == "retype":
        parent[last] = (
            [value] if not isinstance(value, list) else {"x": value} if value else str(value)
        )
    elif op == "extra" and isinstance(parent, dict):
        parent[draw(st.sampled_from(NEAR_KEYS))] = draw(st.sampled_from(BAD_VALUES))
    else:
        parent[last] = draw(st.sampled_from(BAD_VALUES))
    return data


@st.composite
def mutated_scripts(draw: st.DrawFn) -> str:
    built = draw(valid_scripts())
    data = built.data
    for _ in range(draw(st.integers(1, 3))):
        data = mutate(data, draw)
    return dump(data, draw(DUMP_STYLES))


def check_mutated(text: str) -> None:
    script, problems = parse_script(text, SHOWN, SOUNDS)
    check_result(script, problems)
    check_inside(text, problems)
    if script is not None:
        warnings(script)
        practice_warnings(script, compile_script(script))


# -- mutated built-in scripts ---------------------------------------------------------------


@st.composite
def builtin_mutants(draw: st.DrawFn) -> bytes:
    """A real built-in script with a few bytes, lines or indents changed."""
    raw = draw(st.sampled_from(BUILTIN)).read_bytes()
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["flip", "delete", "duplicate", "indent", "swap", "splice"]))
        if op == "flip" and raw:
            at = draw(st.integers(0, len(raw) - 1))
            raw = raw[:at] + bytes([raw[at] ^ draw(st.integers(1, 255))]) + raw[at + 1 :]
            continue
        lines = raw.split(b"\n")
        i = draw(st.integers(0, len(lines) - 1))
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "indent":
            body = lines[i].lstrip(b" \t")
            lines[i] = draw(st.sampled_from([b"", b" ", b"  ", b"    ", b"\t", b"      "])) + body
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        else:
            lines.insert(i, draw(st.sampled_from([b"---", b"  - *a", b"&a x: 1", b"\xff\xfe"])))
        raw = b"\n".join(lines)
    return raw


def check_builtin(raw: bytes) -> None:
    check_bytes(raw)


# -- the short CI run ---------------------------------------------------------------------


@settings(CI, max_examples=400)
@given(any_text)
def test_arbitrary_text_never_raises(text: str) -> None:
    check_arbitrary_text(text)


@settings(CI, max_examples=150)
@given(st.binary(max_size=400))
def test_arbitrary_bytes_from_a_file_never_raise(raw: bytes) -> None:
    check_arbitrary_bytes(raw)


@settings(CI, max_examples=300)
@given(mutated_scripts())
def test_mutated_scripts_never_raise_and_point_inside_the_file(text: str) -> None:
    check_mutated(text)


@settings(CI, max_examples=200)
@given(builtin_mutants())
def test_mutated_builtin_scripts_never_raise(raw: bytes) -> None:
    check_builtin(raw)


@settings(CI, max_examples=200)
@given(valid_scripts(), DUMP_STYLES, st.integers(1, 120).map(lambda n: Fraction(n, 4)))
def test_valid_scripts_load_and_compile_to_their_exact_length(
    built: Built, style: dict[str, Any], minutes: Fraction
) -> None:
    check_valid(built, style, minutes)


STRATEGIES: dict[str, tuple[st.SearchStrategy[Any], Callable[..., None]]] = {
    "text": (any_text, check_arbitrary_text),
    "bytes": (st.binary(max_size=400), check_arbitrary_bytes),
    "mutated": (mutated_scripts(), check_mutated),
    "builtin": (builtin_mutants(), check_builtin),
    "valid": (
        st.tuples(valid_scripts(), DUMP_STYLES, st.integers(1, 120).map(lambda n: Fraction(n, 4))),
        lambda args: check_valid(*args),
    ),
}
"""Each family by name: a strategy and the check for one drawn example (the benchmark)."""


def test_the_invariants_catch_what_they_claim_to() -> None:
    # A problem outside the file, or a script alongside an error, is caught.
    outside = Problem(SHOWN, 3, 1, "error", "x")
    with pytest.raises(AssertionError):
        check_inside("one line\n", [outside])
    with pytest.raises(AssertionError):
        check_inside("a\nb\n", [Problem(SHOWN, 1, 3, "error", "x")])
    check_inside("a\nb\n", [Problem(SHOWN, 3, 1, "error", "x"), Problem(SHOWN, 1, 2, "error", "")])
    with pytest.raises(AssertionError):
        check_result(None, [Problem(SHOWN, 1, 1, "error", " ")])
    with pytest.raises(AssertionError):
        check_result(None, [Problem(SHOWN, 0, 1, "error", "x")])
    with pytest.raises(AssertionError):
        check_result(None, [])


def test_the_builtin_scripts_load_unmutated() -> None:
    assert len(BUILTIN) >= 10
    for path in BUILTIN:
        script, problems = read_script(path, SOUNDS)
        assert script is not None, problems


# -- bounded time and memory --------------------------------------------------------------


def only_error(text: str) -> Problem:
    script, problems = parse_script(text, SHOWN, SOUNDS)
    check_result(script, problems)
    assert script is None
    errors = [p for p in problems if p.is_error]
    assert errors
    check_inside(text, errors)
    return errors[0]


def billion_laughs() -> str:
    """Ten levels of ten aliases each: 10**9 steps if anything expanded them blindly."""
    lines = ["x0: &a0 [{silence: 1}, {silence: 1}, {silence: 1}, {silence: 1}, {silence: 1}]"]
    for level in range(1, 10):
        refs = ", ".join([f"*a{level - 1}"] * 10)
        lines.append(f"x{level}: &a{level} [{refs}]")
    return "\n".join(lines) + "\ntitle: Laughs\nsteps: [" + ", ".join(["*a9"] * 10) + "]\n"


def wide_aliases() -> str:
    """A valid-looking step list made of 30,000 aliases of one breathe step."""
    refs = ", ".join(["*b"] * 30_000)
    return f"title: Wide\nsteps: [&b {{breathe: {{cycles: 1, pattern: box}}}}, {refs}]\n"


def deep(kind: str, depth: int) -> str:
    if kind == "flow-list":
        return "title: Deep\nsteps: " + "[" * depth + "]" * depth + "\n"
    if kind == "flow-map":
        return "title: Deep\nsteps: " + "{a: " * depth + "1" + "}" * depth + "\n"
    lines = ["title: Deep", "steps:"]
    lines += [" " * (2 * i + 2) + "- a:" for i in range(depth)]
    return "\n".join(lines) + "\n"


def test_an_alias_bomb_is_refused() -> None:
    error = only_error(billion_laughs())
    assert "unknown key" in error.message or "values" in error.message


def test_an_alias_bomb_in_the_steps_is_refused_as_too_many_values() -> None:
    text = wide_aliases()
    _, problems = parse_script(text, SHOWN, SOUNDS)
    assert [p.message for p in problems if p.is_error] == [
        f"the script expands to more than {MAX_NODES:,} values (check *aliases)"
    ]


@pytest.mark.parametrize("kind", ["flow-list", "flow-map", "block"])
def test_nesting_100_deep_is_refused(kind: str) -> None:
    error = only_error(deep(kind, 100))
    assert f"deeper than {MAX_DEPTH} levels" in error.message


def test_nesting_just_within_the_limit_is_no_crash() -> None:
    only_error(deep("flow-list", MAX_DEPTH - 3))


def test_a_file_just_over_1_mib_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"title: Big\nsteps:\n  - silence: 1\n# " + b"x" * MAX_FILE_BYTES)
    script, problems = read_script(path, SOUNDS)
    assert script is None
    assert [(p.line, p.column) for p in problems] == [(1, 1)]
    assert "at most 1,048,576" in problems[0].message


def test_a_file_just_under_1_mib_of_one_long_line_is_refused(tmp_path: Path) -> None:
    head = b"title: Long\nsteps:\n  - say: "
    path = tmp_path / "long.yaml"
    path.write_bytes(head + b"x" * (MAX_FILE_BYTES - len(head) - 1) + b"\n")
    assert path.stat().st_size == MAX_FILE_BYTES
    script, problems = read_script(path, SOUNDS)
    assert script is None
    assert [(p.line, p.column) for p in problems] == [(3, 10)]
    assert "at most 2,000" in problems[0].message
