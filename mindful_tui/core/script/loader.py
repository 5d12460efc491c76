"""Turns a YAML script into a ``Script``, or into precise problems.

Every problem names the file, line and column, says what is wrong and what would be
right, and suggests the nearest key for a misspelt one. Loading never runs code from the
file (safe YAML), never raises anything but ``ScriptError``, and is bounded in size.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import replace
from fractions import Fraction
from pathlib import Path
from typing import Literal

import yaml

from mindful_tui.core.safetext import line_and_column
from mindful_tui.core.script.lengths import (
    MAX_CYCLES,
    MAX_SESSION_MINUTES,
    nearest_cycles,
    step_seconds,
)
from mindful_tui.core.script.model import (
    BACKGROUND_ALIASES,
    BACKGROUNDS,
    NO_BACKGROUND,
    PHASE_KINDS,
    Ask,
    Background,
    Breathe,
    Checkin,
    Chime,
    Pattern,
    Phase,
    PhaseKind,
    Say,
    Script,
    Silence,
    Step,
    Voice,
)
from mindful_tui.core.script.presets import PRESETS
from mindful_tui.core.script.problems import Problem, ScriptError, display_path
from mindful_tui.core.script.template import fallbacks
from mindful_tui.core.script.words import DEFAULT_LANGUAGE, LANGUAGE_CODE, normal
from mindful_tui.core.script.yamlsource import MAX_NODES, STANDARD_TAGS, compose, read_text

ROOT_KEYS = (
    "title",
    "summary",
    "tags",
    "pattern",
    "voice",
    "background",
    "steps",
    "language",
    "words",
)
STEP_KINDS = ("say", "ask", "chime", "breathe", "silence", "checkin", "calibrate")
COMPANIONS = {
    "say": ("seconds",),
    "ask": ("key",),
    "checkin": ("key",),
    "silence": ("stretch",),
    "breathe": ("stretch",),
}
TONES = "tones"
"""``cues: tones``: sound each phase without saying its word."""
BREATHE_KEYS = ("cycles", "minutes", "pattern", "ramp_to", "cues", "prompts")
VOICE_KEYS = ("rate", "volume", "name")
PACE = "per_minute"
"""``ramp_to: {per_minute: 6}``: glide to a pace, the breath keeping its shape."""
PHASE_ITEM_KEYS = (*PHASE_KINDS, "say")

MAX_PHASE = Fraction(60)
MAX_SAY = Fraction(600)
MAX_SILENCE = Fraction(3600)
MAX_MINUTES = Fraction(240)
MAX_TOTAL = Fraction(MAX_SESSION_MINUTES * 60)
MAX_TEXT = 2000
DEFAULT_RATE = 150

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_KEY_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_SOUND_NAME = re.compile(r"[a-z0-9][a-z0-9_-]*\Z")

Entries = dict[str, tuple[yaml.Node, yaml.Node]]


class _TooLarge(Exception):
    """Raised to stop reading a file whose aliases expand past ``MAX_NODES``."""

    def __init__(self, node: yaml.Node) -> None:
        self.node = node


MINE = "mine"
"""The pattern name for your own breath, as last calibrated (``mindful calibrate``)."""


def load_script(
    path: Path, sounds: frozenset[str] | None = None, mine: Pattern | None = None
) -> Script:
    """Load and validate the script at ``path``; raise ``ScriptError`` with every error."""
    script, problems = read_script(path, sounds, mine)
    errors = [p for p in problems if p.is_error]
    if script is None or errors:
        raise ScriptError(errors)
    return script


def read_script(
    path: Path, sounds: frozenset[str] | None = None, mine: Pattern | None = None
) -> tuple[Script | None, list[Problem]]:
    """The script at ``path`` (None if it has errors) and every problem found; ``mine``
    is the breath ``pattern: mine`` stands for (None: there is no calibration)."""
    shown = display_path(path)
    text, problems = read_text(path, shown)
    if text is None:
        return None, problems
    return parse_script(text, shown, sounds, path, mine)


def parse_script(
    text: str,
    shown: str,
    sounds: frozenset[str] | None = None,
    path: Path | None = None,
    mine: Pattern | None = None,
) -> tuple[Script | None, list[Problem]]:
    """Parse script ``text``; ``shown`` is the name used in messages."""
    node, problems = compose(text, shown)
    if node is None:
        return None, problems
    reader = _Reader(shown, sounds, mine)
    try:
        script = reader.script(node, path)
    except _TooLarge as exc:
        reader.error(
            exc.node, f"the script expands to more than {MAX_NODES:,} values (check *aliases)"
        )
        script = None
    except RecursionError:
        reader.error(node, "the script nests too deeply")
        script = None
    problems = sorted(set(reader.problems))
    return (None if any(p.is_error for p in problems) else script), problems


def describe(node: yaml.Node) -> str:
    """How a value is named in a message: ``"six"``, ``4.5``, ``a list``, ``nothing``."""
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if node.tag == _NULL:
        return "nothing"
    if node.tag == _STR:
        value = str(node.value)
        import json  # only for a message about a wrong value

        return json.dumps(value if len(value) <= 40 else value[:37] + "...", ensure_ascii=False)
    return str(node.value)


def nearest(word: str, choices: Iterable[str]) -> str | None:
    """The choice ``word`` is a near miss of, if any."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return close[0] if close else None


def suggest(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean "x"?)`` for a near miss, else nothing."""
    near = nearest(word, choices)
    return f' (did you mean "{near}"?)' if near else ""


def _fmt(value: Fraction) -> str:
    return str(int(value)) if value.denominator == 1 else f"{float(value):g}"


class _Reader:
    """Walks the node tree once, collecting problems and building the model."""

    def __init__(
        self, shown: str, sounds: frozenset[str] | None, mine: Pattern | None = None
    ) -> None:
        self.shown = shown
        self.sounds = sounds
        self.mine = mine
        self.problems: list[Problem] = []
        self.visited = 0
        self.keys: dict[str, int] = {}
        self.root_pattern: yaml.Node | None = None
        self.calibrate: str | None = None
        """The words of a ``calibrate`` step opening the script, if it has one."""

    # -- reporting ---------------------------------------------------------------------

    def error(self, node: yaml.Node, message: str, offset: int = 0) -> None:
        mark = node.start_mark
        self.problems.append(
            Problem(self.shown, mark.line + 1, mark.column + 1 + offset, "error", message)
        )

    def visit(self, node: yaml.Node) -> bool:
        """Count a node against the size limit; False (with an error) for a foreign tag."""
        self.visited += 1
        if self.visited > MAX_NODES:
            raise _TooLarge(node)
        if node.tag not in STANDARD_TAGS:
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            self.error(
                node,
                f"the tag {tag} is not allowed: scripts hold plain text,"
                " numbers, lists and mappings",
            )
            return False
        return True

    # -- shapes ------------------------------------------------------------------------

    def mapping(self, node: yaml.Node, what: str) -> Entries | None:
        if not self.visit(node):
            return None
        if not isinstance(node, yaml.MappingNode):
            self.error(node, f"{what} must be a mapping of keys to values, got {describe(node)}")
            return None
        entries: Entries = {}
        for key_node, value_node in node.value:
            self.visit(key_node)
            key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else "?"
            if key in entries:
                first = entries[key][0].start_mark.line + 1
                self.error(
                    key_node,
                    f'duplicate key "{key}" (first given on line {first}); give each key once',
                )
                continue
            entries[key] = (key_node, value_node)
        return entries

    def known_keys(self, entries: Entries, allowed: Iterable[str], what: str) -> None:
        allowed = tuple(allowed)
        for key, (key_node, _) in entries.items():
            if key not in allowed:
                self.error(
                    key_node,
                    f'unknown key "{key}" in {what}{suggest(key, allowed)};'
                    f" expected one of: {', '.join(allowed)}",
                )

    def required(self, entries: Entries, key: str, node: yaml.Node, what: str) -> yaml.Node | None:
        if key in entries:
            return entries[key][1]
        self.error(node, f'{what} needs "{key}"')
        return None

    def text(self, node: yaml.Node, what: str, check_keys: bool = True) -> str | None:
        if not self.visit(node):
            return None
        if not isinstance(node, yaml.ScalarNode) or node.tag in (_NULL, _BOOL):
            self.error(node, f"{what} must be text, got {describe(node)}")
            return None
        value = str(node.value).strip()
        if not value:
            self.error(node, f"{what} must not be empty; write the words to show")
            return None
        if len(value) > MAX_TEXT:
            self.error(node, f"{what} is {len(value):,} characters long; at most {MAX_TEXT:,}")
            return None
        if check_keys:
            self.check_placeholders(node, value, what)
        return value

    def check_placeholders(self, node: yaml.Node, value: str, what: str) -> None:
        for name, fallback in fallbacks(value):
            if fallback is not None and not fallback.strip():
                self.error_at_brace(
                    node,
                    "{" + name + "|",
                    f"{what} has {{{name}|}} with nothing after the |: write the words"
                    f" to say when it is unanswered, like {{{name}|to rest}}, or leave out the |",
                )
            if name in self.keys:
                continue
            near = suggest(name, self.keys)
            hint = near or (
                " (a {name} is filled from an earlier ask step's key; write {{ for a literal brace)"
            )
            message = (
                f'{what} uses {{{name}}}, but no earlier ask or checkin sets the key "{name}"{hint}'
            )
            self.error_at_brace(node, "{" + name + "}", message, "{" + name + "|")

    def error_at_brace(self, node: yaml.Node, message_at: str, message: str, *also: str) -> None:
        """An error at the first of ``message_at`` (or ``also``) in the node's source, or
        at the node when it cannot be found there (an escaped string, say)."""
        source = node.start_mark.buffer or ""
        start, end = node.start_mark.pointer, node.end_mark.pointer
        for wanted in (message_at, *also):
            found = source.find(wanted, start, end) if source else -1
            if found >= 0:
                line, column = line_and_column(source, found)
                self.problems.append(Problem(self.shown, line, column, "error", message))
                return
        self.error(node, message)

    def number(
        self,
        node: yaml.Node,
        what: str,
        low: Fraction,
        high: Fraction,
        low_ok: bool,
        unit: str = "seconds",
    ) -> Fraction | None:
        if not self.visit(node):
            return None
        value = _as_fraction(node)
        in_range = value is not None and (value >= low if low_ok else value > low) and value <= high
        if value is None or not in_range:
            bound = f"from {_fmt(low)}" if low_ok else f"more than {_fmt(low)}"
            self.error(
                node,
                f"{what} must be a number of {unit} {bound} up to {_fmt(high)},"
                f" got {describe(node)}",
            )
            return None
        return value

    def whole(self, node: yaml.Node, what: str, low: int, high: int) -> int | None:
        if not self.visit(node):
            return None
        value = _as_fraction(node)
        if value is None or value.denominator != 1 or not low <= value <= high:
            self.error(
                node,
                f"{what} must be a whole number ≥ {low} (at most {high:,}), got {describe(node)}",
            )
            return None
        return int(value)

    def flag(self, node: yaml.Node, what: str) -> bool | None:
        if not self.visit(node):
            return None
        if node.tag != _BOOL:
            self.error(node, f"{what} must be true or false, got {describe(node)}")
            return None
        return str(node.value).lower() in ("true", "yes", "on", "y")

    # -- the script ----------------------------------------------------------------------

    def script(self, node: yaml.Node, path: Path | None) -> Script | None:
        entries = self.mapping(node, "a script")
        if entries is None:
            return None
        self.known_keys(entries, ROOT_KEYS, "the script")
        title_node = self.required(entries, "title", node, "a script")
        title = self.text(title_node, "title", False) if title_node else None
        summary = self.text(entries["summary"][1], "summary", False) if "summary" in entries else ""
        tags = self.tags(entries["tags"][1]) if "tags" in entries else ()
        voice = self.voice(entries["voice"][1]) if "voice" in entries else Voice()
        steps_given = entries["steps"][1] if "steps" in entries else None
        if self.mine is None and _opens_with_calibration(steps_given):
            # Planned (length, lines, fit) with a usual resting breath until measured: the
            # player measures it first, and plans the session again from what it found.
            self.mine = UNMEASURED
        background = self.background(entries["background"][1]) if "background" in entries else None
        language_node = entries["language"][1] if "language" in entries else None
        language = self.language(language_node) if language_node else DEFAULT_LANGUAGE
        words = self.words(entries["words"][1]) if "words" in entries else {}
        self.root_pattern = entries["pattern"][1] if "pattern" in entries else None
        pattern = self.pattern(entries["pattern"][1], "pattern") if "pattern" in entries else None
        steps_node = self.required(entries, "steps", node, "a script")
        steps, lines = self.steps(steps_node, pattern, voice) if steps_node else ((), ())
        if steps_node is not None:
            self.length(steps_node, steps)
        if title is None or steps_node is None or any(p.is_error for p in self.problems):
            return None
        return Script(
            title,
            steps,
            summary or "",
            tags,
            voice,
            path,
            tuple(line for line, _ in lines),
            tuple(column for _, column in lines),
            self.calibrate,
            background,
            language or DEFAULT_LANGUAGE,
            (
                (language_node.start_mark.line + 1, language_node.start_mark.column + 1)
                if language_node is not None
                else None
            ),
            words,
        )

    def background(self, node: yaml.Node) -> Background | Literal["none"] | None:
        names = (*BACKGROUNDS, NO_BACKGROUND)
        name = self.text(node, "background", False)
        if name is None:
            return None
        if name == "none":
            return "none"
        if name in BACKGROUND_ALIASES:
            return BACKGROUND_ALIASES[name]
        for known in BACKGROUNDS:
            if name == known:
                return known
        self.error(
            node,
            f'background "{name}" is not one we make{suggest(name, names)};'
            f" expected one of: {', '.join(names)}",
        )
        return None

    def length(self, node: yaml.Node, steps: tuple[Step, ...]) -> None:
        """Report a session over ``MAX_TOTAL``, counting the steps that loaded: the broken
        ones can only add to it, so it is too long whatever their fixes will be."""
        total = sum((step_seconds(s) for s in steps), Fraction(0))
        if total <= MAX_TOTAL:
            return
        every_step = isinstance(node, yaml.SequenceNode) and len(steps) == len(node.value)
        self.error(
            node,
            f"the session would last {'' if every_step else 'at least '}"
            f"{float(total) / 3600:.1f} hours; at most {MAX_TOTAL / 3600} hours",
        )

    def tags(self, node: yaml.Node) -> tuple[str, ...]:
        if not self.visit(node):  # a foreign tag, reported: saying more would mislead
            return ()
        if not isinstance(node, yaml.SequenceNode):
            self.error(
                node, f"tags must be a list of words, like [before, short], got {describe(node)}"
            )
            return ()
        words = (self.text(item, "a tag", False) for item in node.value)
        return tuple(w.lower() for w in words if w)

    def language(self, node: yaml.Node) -> str | None:
        value = self.text(node, "language", False)
        if value is None:
            return None
        if not LANGUAGE_CODE.match(normal(value)):
            self.error(
                node,
                f"language must be a language code such as de, es, fr or en-us"
                f" (`mindful voices` lists them), got {describe(node)}",
            )
            return None
        return normal(value)

    def words(self, node: yaml.Node) -> dict[PhaseKind, str]:
        entries = self.mapping(node, "words")
        if entries is None:
            return {}
        self.known_keys(entries, PHASE_KINDS, "words")
        out: dict[PhaseKind, str] = {}
        for kind in PHASE_KINDS:
            if kind in entries and (word := self.text(entries[kind][1], f"words.{kind}", False)):
                out[kind] = word
        return out

    def voice(self, node: yaml.Node) -> Voice:
        entries = self.mapping(node, "voice")
        if entries is None:
            return Voice()
        self.known_keys(entries, VOICE_KEYS, "voice")
        rate = self.whole(entries["rate"][1], "voice.rate", 60, 400) if "rate" in entries else None
        volume = (
            self.number(
                entries["volume"][1], "voice.volume", Fraction(0), Fraction(1), True, "(0 to 1)"
            )
            if "volume" in entries
            else None
        )
        name = self.text(entries["name"][1], "voice.name", False) if "name" in entries else None
        return Voice(rate, volume, name)

    # -- steps -------------------------------------------------------------------------

    def steps(
        self, node: yaml.Node, pattern: Pattern | None, voice: Voice
    ) -> tuple[tuple[Step, ...], tuple[tuple[int, int], ...]]:
        if not self.visit(node):  # a foreign tag, reported: saying more would mislead
            return (), ()
        if not isinstance(node, yaml.SequenceNode):
            self.error(node, f"steps must be a list of steps, got {describe(node)}")
            return (), ()
        if not node.value:
            self.error(node, "steps is empty; add at least one step, like - silence: 5")
            return (), ()
        steps: list[Step] = []
        lines: list[tuple[int, int]] = []
        for index, item in enumerate(node.value):
            if _is_calibration(item):
                self.calibration(item, index)
                continue
            step = self.step(item, pattern, voice)
            if step is not None:
                steps.append(step)
                lines.append((item.start_mark.line + 1, item.start_mark.column + 1))
        return tuple(steps), tuple(lines)

    def calibration(self, node: yaml.Node, index: int) -> None:
        """A ``calibrate`` step: the words said as the person's breath is measured. It
        opens a script (what follows is planned from the breath it measures)."""
        entries = self.mapping(node, "a step")
        if entries is None:
            return
        self.known_keys(entries, ("calibrate",), "a calibrate step")
        key_node, value = entries["calibrate"]
        text = self.text(value, "calibrate", False)
        if index != 0:
            self.error(
                key_node,
                "a calibrate step opens a script: make it the first step"
                " (what follows is planned from the breath it measures)",
            )
        elif text is not None:
            self.calibrate = text

    def step(self, node: yaml.Node, pattern: Pattern | None, voice: Voice) -> Step | None:
        entries = self.mapping(node, "a step")
        if entries is None:
            return None
        kinds = self.kinds(node, entries)
        answer = self.answer_key(entries, kinds)
        # Every part is checked even when the kind is missing or doubled, so that fixing
        # that never reveals an error that was already there.
        built: list[Step | None] = []
        stretch = self.flag(entries["stretch"][1], "stretch") if "stretch" in entries else None
        for kind in kinds:
            value = entries[kind][1]
            if kind == "say":
                built.append(self.say(value, entries, voice))
            elif kind in ("ask", "checkin"):
                built.append(self.question(kind, value, answer))
            elif kind == "chime":
                built.append(self.chime(value))
            elif kind == "silence":
                seconds = self.number(value, "silence", Fraction(0), MAX_SILENCE, False)
                built.append(Silence(seconds, bool(stretch)) if seconds is not None else None)
            else:
                breathe = self.breathe(value, pattern)
                if breathe is not None and stretch is not None:
                    breathe = replace(breathe, stretch=stretch)
                built.append(breathe)
        if not kinds and "seconds" in entries:
            self.say_seconds(entries["seconds"][1])
        if answer is not None:
            # Taken only now: a question's own text cannot use its answer.
            self.keys[answer[0]] = answer[1]
        return built[0] if len(built) == 1 else None

    def kinds(self, node: yaml.Node, entries: Entries) -> list[str]:
        """The step kinds among ``entries``, reporting unknown keys, a missing or second
        kind, and a companion (``seconds``, ``key``) beside a kind it does not go with."""
        every_companion = {c for cs in COMPANIONS.values() for c in cs}
        self.known_keys(
            {k: v for k, v in entries.items() if k not in every_companion},
            STEP_KINDS,
            "a step",
        )
        kinds = [k for k in entries if k in STEP_KINDS]
        if not kinds:
            if all(k in STEP_KINDS or k in every_companion for k in entries):
                self.error(node, f"a step needs one of: {', '.join(STEP_KINDS)}")
            return kinds
        if len(kinds) > 1:
            self.error(
                entries[kinds[1]][0],
                f"a step has one kind, but this one has both"
                f" {kinds[0]} and {kinds[1]}: make them two steps",
            )
        for key in entries:
            if key in every_companion and not any(key in COMPANIONS.get(k, ()) for k in kinds):
                owners = [k for k, cs in COMPANIONS.items() if key in cs]
                self.error(
                    entries[key][0],
                    f'"{key}" goes with {" or ".join(owners)}, not with {" or ".join(kinds)}',
                )
        return kinds

    def say(self, node: yaml.Node, entries: Entries, voice: Voice) -> Say | None:
        text = self.text(node, "say")
        seconds: Fraction | None
        if "seconds" in entries:
            seconds = self.say_seconds(entries["seconds"][1])
        else:
            seconds = default_say_seconds(text or "", voice.rate or DEFAULT_RATE)
        return Say(text, seconds) if text is not None and seconds is not None else None

    def say_seconds(self, node: yaml.Node) -> Fraction | None:
        return self.number(node, "seconds", Fraction(0), MAX_SAY, False)

    def answer_key(self, entries: Entries, kinds: list[str]) -> tuple[str, int] | None:
        """The key a step's answer is kept under and the line setting it, checked but not
        yet taken; None when it is wrong, or the step asks nothing. A step with no kind
        has its key checked (and taken) too: it is most likely a misspelt question."""
        questions = [k for k in kinds if k in ("ask", "checkin")]
        if "key" not in entries:
            if not questions:
                return None
            value = entries[questions[0]][1]
            return f"{questions[0]}{len(self.keys) + 1}", value.start_mark.line + 1
        if kinds and not questions:  # reported as a key on the wrong kind
            return None
        key_node = entries["key"][1]
        given = self.text(key_node, "key", False)
        if given is None:
            return None
        if not _KEY_NAME.match(given):
            self.error(
                key_node,
                f"key must be a name of letters, digits and _ (like"
                f" intention), got {describe(key_node)}",
            )
            return None
        if given in self.keys:
            self.error(
                key_node,
                f'key "{given}" is already set on line {self.keys[given]};'
                " give each answer its own key",
            )
            return None
        return given, key_node.start_mark.line + 1

    def question(
        self, kind: str, node: yaml.Node, answer: tuple[str, int] | None
    ) -> Ask | Checkin | None:
        text = self.text(node, kind)
        if text is None or answer is None:
            return None
        return Ask(text, answer[0]) if kind == "ask" else Checkin(text, answer[0])

    def chime(self, node: yaml.Node) -> Chime | None:
        name = self.text(node, "chime", False)
        if name is None:
            return None
        known = sorted(self.sounds) if self.sounds is not None else []
        if not _SOUND_NAME.match(name) or (self.sounds is not None and name not in self.sounds):
            choices = f"; sounds are: {', '.join(known)}" if known else ""
            self.error(node, f'chime "{name}" is not a sound{suggest(name, known)}{choices}')
            return None
        return Chime(name)

    def breathe(self, node: yaml.Node, default: Pattern | None) -> Breathe | None:
        entries = self.mapping(node, "breathe")
        if entries is None:
            return None
        self.known_keys(entries, BREATHE_KEYS, "breathe")
        # Every key is checked whatever the others hold, so that fixing one error never
        # reveals another; only what truly needs another key's value waits for it.
        pattern_node, pattern = self.root_pattern, default
        if "pattern" in entries:
            pattern_node = entries["pattern"][1]
            pattern = self.pattern(pattern_node, "breathe.pattern")
        if pattern_node is None:
            self.error(
                node,
                "breathe needs a pattern, here or at the top of the script,"
                " like pattern: {inhale: 4, exhale: 6}",
            )
        # The phases ramp_to may name come from the pattern's shape, so a wrong length in
        # it hides nothing; they are unknown (any may be right) without a pattern, or when
        # its fix must add phases.
        phases = _phase_kinds(pattern_node) if pattern_node is not None else None
        if phases is not None and not {"inhale", "exhale"} <= phases:
            phases = None
        targets: dict[PhaseKind, Fraction] | None = {}
        ramp: Pattern | None = None
        if "ramp_to" in entries and _names(entries["ramp_to"][1], PACE):
            # A pace to glide to: every phase scaled alike, so the breath keeps its shape.
            pace = self.ramp_pace(entries["ramp_to"][1])
            if pace is None:
                targets = None
            elif pattern is not None:
                ramp = self.paced(pattern, pace)
        elif "ramp_to" in entries:
            targets = self.ramp(entries["ramp_to"][1], phases)
            ramp = pattern.with_seconds(targets) if pattern is not None and targets else None
        cues: bool | None = False
        words = True
        if "cues" in entries:
            cues_node = entries["cues"][1]
            plain = isinstance(cues_node, yaml.ScalarNode) and cues_node.tag == _STR
            if plain and self.visit(cues_node) and cues_node.value == TONES:
                words = False
                cues = True
            elif plain:
                self.error(
                    cues_node,
                    f"breathe.cues must be true, false or {TONES} (the phase sounds without"
                    f" their words), got {describe(cues_node)}",
                )
                cues = None
            else:
                cues = self.flag(cues_node, "breathe.cues")
        both = "cycles" in entries and "minutes" in entries
        if both:
            self.error(entries["minutes"][0], "breathe takes cycles or minutes, not both")
        cycles: int | None = None
        if "cycles" in entries:
            cycles = self.whole(entries["cycles"][1], "breathe.cycles", 1, MAX_CYCLES)
        if "minutes" in entries:
            minutes = self.number(
                entries["minutes"][1], "breathe.minutes", Fraction(0), MAX_MINUTES, False, "minutes"
            )
            # How many breaths fill the minutes depends on the breath and its ramp.
            if minutes is not None and pattern is not None and targets is not None and not both:
                cycles = nearest_cycles(Breathe(1, pattern, ramp), minutes * 60)
        elif "cycles" not in entries and not _misspells(entries, BREATHE_KEYS, "cycles", "minutes"):
            self.error(node, "breathe needs cycles (like cycles: 6) or minutes (like minutes: 2)")
        # With both given, which count is meant is unknown: no prompt is out of range.
        count = None if both else cycles
        # Which phases a prompt may name: known exactly only when the breath is.
        known = pattern is not None and (ramp is not None or "ramp_to" not in entries)
        shape = Breathe(count or 1, pattern, ramp) if known and pattern is not None else None
        prompts = (
            self.prompts(entries["prompts"][1], count, shape) if "prompts" in entries else ({}, {})
        )
        if both or targets is None or prompts is None:
            return None
        if pattern is None or cycles is None or cues is None:
            return None
        cycle_prompts, phase_prompts = prompts
        return Breathe(cycles, pattern, ramp, cues, cycle_prompts, phase_prompts, words)

    def prompts(
        self, node: yaml.Node, cycles: int | None, shape: Breathe | None
    ) -> tuple[dict[int, str], dict[int, dict[PhaseKind, str]]] | None:
        """The prompts at the start of a cycle and those on a chosen phase, by cycle; or
        None when any is wrong. ``cycles`` is None when the step's count is unknown (itself
        wrong): then only a cycle below 1 is out of range. ``shape`` is the step's breath
        (its cycle count may be a stand-in), or None when it is broken: then a prompt may
        name any phase."""
        entries = self.mapping(node, "breathe.prompts")
        if entries is None or not isinstance(node, yaml.MappingNode):
            return None
        prompts: dict[int, str] = {}
        on_phases: dict[int, dict[PhaseKind, str]] = {}
        wrong = False
        for key_node, value_node in node.value:
            number = _whole_number(key_node)
            cycle = self.prompt_cycle(key_node, number, cycles)
            what = (
                f"the prompt for cycle {number}"
                if number is not None
                else f"the prompt keyed {describe(key_node)}"
            )
            # The text is checked under a wrong key too: fixing the key must reveal nothing.
            if isinstance(value_node, yaml.MappingNode):
                chosen = self.phase_prompt(value_node, what, shape, cycle)
                if cycle is None or chosen is None:
                    wrong = True
                else:
                    on_phases[cycle] = chosen
                continue
            text = self.text(value_node, what)
            if cycle is None or text is None:
                wrong = True
            else:
                prompts[cycle] = text
        return None if wrong else (prompts, on_phases)

    @staticmethod
    def phases_present(shape: Breathe | None, cycle: int | None) -> tuple[PhaseKind, ...] | None:
        """The phases a prompt may start on: those longer than 0 s in ``cycle`` (in any
        cycle when it is unknown); None when the breath is unknown (any may be right)."""
        if shape is None:
            return None
        if cycle is not None and cycle <= shape.cycles:
            breaths = [shape.pattern_for(cycle)]
        else:
            breaths = [shape.pattern, *([shape.ramp_to] if shape.ramp_to else [])]
        found = {p.kind for breath in breaths for p in breath.phases if p.seconds}
        return tuple(k for k in PHASE_KINDS if k in found)

    def phase_prompt(
        self, node: yaml.MappingNode, what: str, shape: Breathe | None, cycle: int | None
    ) -> dict[PhaseKind, str] | None:
        """A prompt on a chosen phase, ``{exhale: Let it go.}``: its text by phase, or
        None (reported) when it is wrong. ``cycle`` is None when it is unknown."""
        phases = self.phases_present(shape, cycle)
        ever = self.phases_present(shape, None)
        entries = self.mapping(node, what)
        if entries is None:
            return None
        if not entries:
            self.error(
                node,
                f"{what} names no phase; write its text (like 3: Settle in.) or the phase"
                " it starts on and its text (like 3: {exhale: Let it go.})",
            )
            return None
        allowed = phases if phases is not None else PHASE_KINDS
        chosen: dict[PhaseKind, str] = {}
        wrong = False
        for key, (key_node, value_node) in entries.items():
            if key not in PHASE_KINDS and value_node.tag == _NULL:
                # Most likely the words after a comma in {hold: Stay here, soft.}: one error.
                self.visit(value_node)
                self.error(
                    key_node,
                    f'{what} names "{key}", which is not a phase; text with a comma'
                    ' inside { } needs quotes, like {exhale: "Slowly, softly."}',
                )
                wrong = True
                continue
            text = self.text(
                value_node,
                f"the {key} prompt for cycle {cycle}" if cycle and key in PHASE_KINDS else what,
            )
            if key not in PHASE_KINDS:
                self.error(
                    key_node,
                    f'{what} names "{key}", which is not a phase{suggest(key, allowed)};'
                    f" a prompt may start on: {', '.join(allowed)}",
                )
                wrong = True
            elif key not in allowed:
                lacks = (
                    f"in cycle {cycle} the ramp has the {key} at 0 s"
                    if ever is not None and key in ever
                    else f"this breath has no {key}"
                )
                self.error(
                    key_node,
                    f"{what} starts on the {key}, but {lacks};"
                    f" a prompt may start on: {', '.join(allowed)}",
                )
                wrong = True
            elif text is not None:
                chosen[_phase_kind(key)] = text
            if text is None:
                wrong = True
        return None if wrong else chosen

    def prompt_cycle(self, node: yaml.Node, number: int | None, cycles: int | None) -> int | None:
        """The cycle a prompt keyed ``number`` is for, or None (reported) when it is not one."""
        if number is None:
            if node.tag != _INT:
                self.error(
                    node,
                    f"breathe.prompts are keyed by cycle number (like 1:), got {describe(node)}",
                )
            else:
                self.error(node, f"a prompt's cycle must be a whole number, got {describe(node)}")
            return None
        if cycles is not None and not 1 <= number <= cycles:
            self.error(
                node,
                f"a prompt for cycle {number}, but this step has"
                f" {cycles} cycles: use a cycle from 1 to {cycles}",
            )
            return None
        if number < 1:
            self.error(node, f"a prompt's cycle must be a whole number ≥ 1, got {number}")
            return None
        return number

    # -- patterns ----------------------------------------------------------------------

    def pattern(self, node: yaml.Node, what: str) -> Pattern | None:
        if isinstance(node, yaml.ScalarNode) and node.tag == _STR:
            self.visit(node)
            name = str(node.value)
            if name in PRESETS:
                return PRESETS[name]
            if name == MINE:
                if self.mine is None:
                    self.error(
                        node,
                        f'{what} "mine" is your own breath, but it has not been measured yet;'
                        " run `mindful calibrate` first",
                    )
                return self.mine
            self.error(
                node,
                f'{what} "{name}" is not a named pattern{suggest(name, [*PRESETS, MINE])};'
                f" named patterns are: {', '.join(PRESETS)}, and {MINE} (your own breath)",
            )
            return None
        if isinstance(node, yaml.SequenceNode):
            return self.phase_list(node, what)
        entries = self.mapping(node, what)
        if entries is None:
            return None
        self.known_keys(entries, PHASE_KINDS, what)
        seconds: dict[PhaseKind, Fraction | None] = {}
        for kind in PHASE_KINDS:
            if kind in entries:
                seconds[kind] = self.phase_seconds(entries[kind][1], f"{what}.{kind}", kind)
            elif kind in ("inhale", "exhale"):
                self.error(node, f'{what} needs "{kind}" (seconds, like {kind}: 4)')
                seconds[kind] = None
            else:
                seconds[kind] = Fraction(0)
        if any(v is None for v in seconds.values()):
            return None
        return Pattern(tuple(Phase(k, v) for k, v in seconds.items() if v is not None))

    def phase_list(self, node: yaml.SequenceNode, what: str) -> Pattern | None:
        self.visit(node)
        phases: list[Phase] = []
        for item in node.value:
            entries = self.mapping(item, f"a phase of {what}")
            if entries is None:
                continue
            self.known_keys(entries, PHASE_ITEM_KEYS, f"a phase of {what}")
            kinds = [_phase_kind(k) for k in entries if k in PHASE_KINDS]
            if len(kinds) != 1:
                self.error(
                    item,
                    f"each phase of {what} has one of inhale, hold, exhale, rest,"
                    " like {inhale: 2}",
                )
            # Every length is checked, even in a phase naming two: splitting it into two
            # phases must reveal nothing.
            lengths = [self.phase_seconds(entries[k][1], f"{what}.{k}", k) for k in kinds]
            say = self.text(entries["say"][1], f"{what} say") if "say" in entries else None
            if len(kinds) == 1 and lengths[0] is not None:
                phases.append(Phase(kinds[0], lengths[0], say))
        # Judged from every phase that names its kind, even one with a wrong length.
        found = _phase_kinds(node)
        if not node.value or (found is not None and {"inhale", "exhale"} - found):
            self.error(node, f"{what} needs at least one inhale and one exhale")
            return None
        return Pattern(tuple(phases)) if len(phases) == len(node.value) else None

    def phase_seconds(self, node: yaml.Node, what: str, kind: PhaseKind) -> Fraction | None:
        may_be_zero = kind in ("hold", "rest")
        return self.number(node, what, Fraction(0), MAX_PHASE, may_be_zero)

    def ramp_pace(self, node: yaml.Node) -> Fraction | None:
        """The breaths a minute ``ramp_to: {per_minute: N}`` glides to, or None if wrong."""
        entries = self.mapping(node, "breathe.ramp_to")
        if entries is None:
            return None
        wrong = False
        for key, (key_node, _) in entries.items():
            if key != PACE:
                self.error(
                    key_node,
                    f"breathe.ramp_to takes {PACE} (breaths a minute to glide to) alone,"
                    f" or the seconds of phases to glide to; not both (found {key})",
                )
                wrong = True
        pace = self.number(
            entries[PACE][1],
            f"breathe.ramp_to.{PACE}",
            Fraction(1),
            Fraction(60),
            True,
            "breaths a minute",
        )
        return None if wrong else pace

    @staticmethod
    def paced(pattern: Pattern, pace: Fraction) -> Pattern:
        """``pattern`` with every phase scaled so that ``pace`` breaths fill a minute (no
        phase can pass the 60 s limit: the whole breath is at most a minute)."""
        scale = Fraction(60) / pace / pattern.seconds
        return Pattern(tuple(Phase(p.kind, p.seconds * scale, p.say) for p in pattern.phases))

    def ramp(
        self, node: yaml.Node, phases: frozenset[PhaseKind] | None
    ) -> dict[PhaseKind, Fraction] | None:
        """The length ``ramp_to`` glides each phase it names to, or None when it is wrong.

        ``phases`` are the pattern's, or None when they are unknown (no pattern, or one
        whose shape is broken): then any phase name may be right. Every length is checked
        all the same, even one for a phase the pattern lacks: fixing either must reveal
        nothing."""
        entries = self.mapping(node, "breathe.ramp_to")
        if entries is None:
            return None
        present = phases if phases is not None else frozenset(PHASE_KINDS)
        allowed = [k for k in PHASE_KINDS if k in present]
        wrong = False
        for key, (key_node, _) in entries.items():
            if key in PHASE_KINDS and key not in present:
                self.error(
                    key_node,
                    f"the pattern has no {key} phase to ramp; ramp_to may name:"
                    f" {', '.join(allowed)}",
                )
                wrong = True
        others = {k: v for k, v in entries.items() if k not in PHASE_KINDS}
        self.known_keys(others, allowed, "breathe.ramp_to")
        targets: dict[PhaseKind, Fraction] = {}
        for kind in PHASE_KINDS:
            if kind in entries:
                value = self.phase_seconds(entries[kind][1], f"breathe.ramp_to.{kind}", kind)
                if value is None:
                    wrong = True
                elif kind in present:
                    targets[kind] = value
        return None if wrong or others else targets


def default_say_seconds(text: str, rate: int) -> Fraction:
    """How long a line holds the screen when no ``seconds`` is given: its speaking time
    at ``rate`` words a minute plus two seconds to let it land, rounded up to half a
    second, and at least three seconds."""
    words = len(text.split())
    raw = Fraction(words * 60, rate) + 2
    halves = -(-raw * 2 // 1)
    return max(Fraction(3), Fraction(halves, 2))


def _as_fraction(node: yaml.Node) -> Fraction | None:
    """The exact value of a number as written (``5.45`` is 109/20, not a float)."""
    if not isinstance(node, yaml.ScalarNode) or node.tag not in (_INT, _FLOAT):
        return None
    raw = str(node.value).replace("_", "")
    try:
        return Fraction(raw)
    except (ValueError, ZeroDivisionError):
        pass
    try:
        value = yaml.safe_load(raw)
        return Fraction(value) if isinstance(value, int | float) else None
    except (yaml.YAMLError, ValueError, OverflowError):
        return None


def _whole_number(node: yaml.Node) -> int | None:
    """The whole number a key is written as (YAML 1.1 reads ``010`` as 8), else None."""
    exact = _as_fraction(node)
    if node.tag != _INT or exact is None or exact.denominator != 1:
        return None
    return int(exact)


UNMEASURED = Pattern(
    (
        Phase("inhale", Fraction(2)),
        Phase("hold", Fraction(0)),
        Phase("exhale", Fraction(3)),
        Phase("rest", Fraction(0)),
    )
)
"""``pattern: mine`` in a script that opens by calibrating, before any calibration: a
usual resting breath (12 a minute, 2 s in, 3 s out)."""


def _is_calibration(node: yaml.Node) -> bool:
    return isinstance(node, yaml.MappingNode) and any(
        isinstance(key, yaml.ScalarNode) and key.value == "calibrate" for key, _ in node.value
    )


def _opens_with_calibration(steps: yaml.Node | None) -> bool:
    return (
        isinstance(steps, yaml.SequenceNode)
        and bool(steps.value)
        and _is_calibration(steps.value[0])
    )


def _phase_kinds(node: yaml.Node) -> frozenset[PhaseKind] | None:
    """The phases a pattern as written has, read from its shape alone (its lengths may
    be wrong), or None when its shape is too broken to tell which phases are meant."""
    if isinstance(node, yaml.MappingNode):
        return frozenset(PHASE_KINDS)  # a mapping has every phase: 0 s when not named
    if isinstance(node, yaml.ScalarNode):
        if node.tag == _STR and node.value == MINE:
            return frozenset(PHASE_KINDS)  # a calibration has every phase, as a mapping
        preset = PRESETS.get(str(node.value)) if node.tag == _STR else None
        return frozenset(p.kind for p in preset.phases) if preset else None
    kinds: set[PhaseKind] = set()
    for item in node.value if isinstance(node, yaml.SequenceNode) else ():
        names = (
            {str(key.value) for key, _ in item.value}
            if isinstance(item, yaml.MappingNode)
            else set()
        )
        named = [k for k in PHASE_KINDS if k in names]
        if not named:
            return None
        kinds.update(named)
    return frozenset(kinds)


def _names(node: yaml.Node, key: str) -> bool:
    """Whether ``node`` is a mapping with ``key`` among its keys."""
    return isinstance(node, yaml.MappingNode) and any(
        isinstance(k, yaml.ScalarNode) and k.value == key for k, _ in node.value
    )


def _misspells(entries: Entries, allowed: Iterable[str], *wanted: str) -> bool:
    """True when an unknown key among ``entries`` is a near miss of one of ``wanted``:
    that key was reported with the suggestion, so a missing ``wanted`` says nothing more."""
    allowed = tuple(allowed)
    return any(key not in allowed and nearest(key, allowed) in wanted for key in entries)


def _phase_kind(name: str) -> PhaseKind:
    for kind in PHASE_KINDS:
        if kind == name:
            return kind
    raise ValueError(name)
