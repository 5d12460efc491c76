"""The practice log: one JSON line per session in the data folder.

Each record is appended with a single ``write`` under an exclusive lock and flushed to
disk (``fsync``) before the call returns, so a crash or ``kill -9`` never loses a session
that was logged, and two players running at once never interleave lines. Reading skips
a damaged line with a warning and never rewrites or truncates the file.

A session is logged the moment it ends; what comes later (the one-line reflection) is
appended as a new line with the same ``id``, and the last line of an id wins.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Literal, TypeVar

from mindful_tui.core.storage import locations
from mindful_tui.core.timing.engine import Session

Outcome = Literal["finished", "stopped"]
LOG_NAME = "history.jsonl"
VERSION = 1


@dataclass(frozen=True)
class Checkin:
    """One 0–10 answer, in the order the session asked it."""

    key: str
    text: str
    value: int


@dataclass(frozen=True)
class Record:
    """One session practised."""

    script: str
    title: str
    started: str
    """When it started: ISO 8601 with the local UTC offset."""
    ended: str
    planned: float
    """The plan's length in seconds."""
    practised: float
    """Seconds actually played, pauses and waits removed."""
    outcome: Outcome
    breaths: int = 0
    """Breaths actually taken (none of a step skipped)."""
    skipped: float = 0.0
    """Seconds of the plan skipped forward: a session with any is logged as stopped."""
    stopped_at_step: int | None = None
    intention: str | None = None
    answers: dict[str, str] = field(default_factory=dict)
    checkins: list[Checkin] = field(default_factory=list)
    reflection: str | None = None
    breath_before: float | None = None
    """Breaths a minute calibrated in the half hour before the session, if any."""
    breath_after: float | None = None
    """Breaths a minute calibrated once it was over (from its closing screen), if any."""
    interludes: list[str] = field(default_factory=list)
    """The interludes played inside the session (``t``: ``turning-over``), in order; not
    skipped practice, and their time is practised time."""
    ended_early: bool = False
    """``e`` moved the session on to its closing (it ended early, on purpose)."""
    id: str = field(default_factory=lambda: _new_id())
    """Lines with the same id are one session; the last one wins."""
    version: int = VERSION

    @property
    def started_at(self) -> datetime:
        """``started`` as a datetime."""
        return datetime.fromisoformat(self.started)

    @property
    def how_it_ended(self) -> str:
        """How it ended, in a word or two: finished, ended early (``e``), skipped (a step
        skipped with ``n``) or stopped."""
        if self.outcome == "finished":
            return "finished"
        if self.ended_early:
            return "ended early"
        return "skipped" if self.skipped else "stopped"

    @property
    def how_the_breath_changed(self) -> str | None:
        """``breath 8.2→6.1/min`` when the breath was calibrated before and after the
        session; with only one of them, which it is; None with neither."""
        before, after = self.breath_before, self.breath_after
        if before is not None and after is not None:
            return f"breath {before:.1f}→{after:.1f}/min"
        if before is not None:
            return f"breath {before:.1f}/min before"
        if after is not None:
            return f"breath {after:.1f}/min after"
        return None

    @property
    def tension_change(self) -> int | None:
        """The last check-in minus the first, when the session asked at least two."""
        if len(self.checkins) < 2:
            return None
        return self.checkins[-1].value - self.checkins[0].value

    def to_json(self) -> dict[str, object]:
        """The record as it is written."""
        return asdict(self)

    @classmethod
    def from_json(cls, data: object) -> Record:
        """A record from a parsed line; ``ValueError`` saying what is wrong when it is not
        one. Every field is checked for type and range, so what a record holds can be
        shown, summed and sorted without surprises."""
        fields = _object(data, "a line")
        _require(fields, REQUIRED)
        outcome = fields["outcome"]
        if not isinstance(outcome, str) or outcome not in OUTCOMES:
            raise _wrong("outcome", '"finished" or "stopped"', outcome)
        script = _text(fields["script"], "script")
        started = _timestamp(fields["started"], "started")
        return cls(
            script=script,
            title=_text(fields["title"], "title"),
            started=started,
            ended=_timestamp(fields["ended"], "ended"),
            planned=_seconds(fields["planned"], "planned"),
            practised=_seconds(fields["practised"], "practised"),
            outcome="finished" if outcome == "finished" else "stopped",
            breaths=_whole(fields.get("breaths", 0), "breaths", 0, MAX_COUNT),
            skipped=_seconds(fields.get("skipped", 0.0), "skipped"),
            stopped_at_step=_optional(fields, "stopped_at_step", _step),
            intention=_optional(fields, "intention", _text),
            answers=_answers(fields.get("answers", {})),
            checkins=_checkins(fields.get("checkins", [])),
            reflection=_optional(fields, "reflection", _text),
            breath_before=_optional(fields, "breath_before", _rate),
            breath_after=_optional(fields, "breath_after", _rate),
            # Lines written before these fields existed have neither: none, and not early.
            interludes=_names(fields.get("interludes", [])),
            ended_early=_flag(fields.get("ended_early", False), "ended_early"),
            # A line written by hand may leave the id out: it is still one session.
            id=_optional(fields, "id", _text) or f"{started}|{script}",
            version=_whole(fields.get("version", VERSION), "version", 1, MAX_COUNT),
        )


# -- reading a line: every field checked, nothing trusted --------------------------------
#
# What the helpers below are handed comes from a file anyone may have edited: a value may
# be of any JSON type, and nested thousands of levels deep. They look only at the fields a
# record has, test each with ``isinstance`` and a range, and never walk into (or print) a
# list or an object they do not expect, so nothing recurses over what was read.

OUTCOMES = ("finished", "stopped")
REQUIRED = frozenset(("script", "title", "started", "ended", "planned", "practised", "outcome"))
"""The fields every line has; the others have defaults or may be null."""
CHECKIN_FIELDS = frozenset(("key", "text", "value"))
MAX_SECONDS = 24 * 60 * 60
"""The longest time a line may record: far beyond any session (at most six hours), and
small enough that sums over a long log stay finite."""
MAX_COUNT = 1_000_000
"""The largest breath count, step number or version a line may hold."""
MAX_RATE = 100
"""The fastest breath a line may record, in breaths a minute (a calibration allows
about 50)."""
MAX_NAMES = 1000
"""The most interludes a line may list (one every few seconds of a six-hour session)."""
MAX_CHECKIN = 10
"""Check-ins are answered from 0 to this."""
SHOWN = 24
"""Characters of a wrong value quoted in a reason: enough to recognise it, no more."""

_T = TypeVar("_T")


def _shown(value: object) -> str:
    """``value`` as a few characters of JSON for a reason, safe to print: a list or an
    object is only named (it may be nested too deeply to print)."""
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    import json  # only for a damaged line

    from mindful_tui.core.safetext import escaped

    # ASCII with escapes: no lone surrogate or control character reaches a terminal.
    text = escaped(json.dumps(value))
    return text if len(text) <= SHOWN else text[: SHOWN - 1] + "…"


def _wrong(name: str, expected: str, value: object) -> ValueError:
    return ValueError(f"{name} must be {expected}, got {_shown(value)}")


def _object(value: object, name: str) -> dict[str, object]:
    if not isinstance(value, dict):
        raise _wrong(name, "a JSON object", value)
    return value


def _require(fields: dict[str, object], names: frozenset[str]) -> None:
    if not fields.keys() >= names:
        raise ValueError(f"missing {', '.join(sorted(names - fields.keys()))}")


def _optional(fields: dict[str, object], name: str, read: Callable[[object, str], _T]) -> _T | None:
    """``fields[name]`` read by ``read``, or None when it is missing or null."""
    value = fields.get(name)
    return None if value is None else read(value, name)


def _text(value: object, name: str) -> str:
    if not isinstance(value, str):
        raise _wrong(name, "text", value)
    # A lone surrogate (from a "\ud800" escape) can be neither printed nor drawn; the log
    # never holds one of its own (``append`` writes U+FFFD instead).
    if not value.isascii() and _SURROGATES.search(value):
        raise ValueError(f"{name} is not text (it holds a lone surrogate)")
    return value


def _whole(value: object, name: str, low: int, high: int) -> int:
    # ``bool`` is an ``int`` to Python, but ``true`` is no count.
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise _wrong(name, f"a whole number from {low} to {high:,}", value)
    return value


def _step(value: object, name: str) -> int:
    return _whole(value, name, 0, MAX_COUNT)


def _seconds(value: object, name: str) -> float:
    # The range test also turns away NaN (no comparison holds) and infinities, and is
    # made before ``float()``, which overflows on a huge whole number.
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _wrong(name, "a number of seconds", value)
    if not 0 <= value <= MAX_SECONDS:
        raise _wrong(name, f"from 0 to {MAX_SECONDS:,} seconds", value)
    return float(value)


def _rate(value: object, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _wrong(name, "a number of breaths a minute", value)
    if not 0 < value <= MAX_RATE:  # NaN and infinities fail here too
        raise _wrong(name, f"above 0 and at most {MAX_RATE} breaths a minute", value)
    return float(value)


def _timestamp(value: object, name: str) -> str:
    text = _text(value, name)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise _wrong(name, "an ISO 8601 time", text) from None
    # Times without an offset cannot be ordered with those that have one.
    if moment.utcoffset() is None:
        raise _wrong(name, "a time with its UTC offset", text)
    return text


def _flag(value: object, name: str) -> bool:
    if not isinstance(value, bool):
        raise _wrong(name, "true or false", value)
    return value


def _names(value: object) -> list[str]:
    if not isinstance(value, list):
        raise _wrong("interludes", "a list", value)
    if len(value) > MAX_NAMES:
        raise ValueError(f"interludes must hold at most {MAX_NAMES} names")
    return [_text(item, f"interludes[{index}]") for index, item in enumerate(value)]


def _answers(value: object) -> dict[str, str]:
    return {
        _text(key, "an answer's key"): _text(answer, "an answer")
        for key, answer in _object(value, "answers").items()
    }


def _checkins(value: object) -> list[Checkin]:
    if not isinstance(value, list):
        raise _wrong("checkins", "a list", value)
    checkins = []
    for index, item in enumerate(value):
        try:
            fields = _object(item, "a check-in")
            _require(fields, CHECKIN_FIELDS)
            checkins.append(
                Checkin(
                    _text(fields["key"], "key"),
                    _text(fields["text"], "text"),
                    _whole(fields["value"], "value", 0, MAX_CHECKIN),
                )
            )
        except ValueError as exc:
            raise ValueError(f"checkins[{index}]: {exc}") from None
    return checkins


def log_path() -> Path:
    """Where the practice log lives."""
    return locations.data_dir() / LOG_NAME


def _new_id() -> str:
    """A fresh session id (``uuid`` is imported when a session ends, not at start-up)."""
    import uuid

    return uuid.uuid4().hex


def now() -> str:
    """The current local time, ISO 8601 with its UTC offset, to the second."""
    return datetime.now().astimezone().isoformat(timespec="seconds")


_SURROGATES = re.compile("[\ud800-\udfff]")


def append(record: Record, path: Path | None = None) -> Path:
    """Append ``record`` durably; ``OSError`` when the folder cannot be written."""
    path = path or log_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    import json  # only when a session is logged: not on the way to the first frame

    text = json.dumps(record.to_json(), ensure_ascii=False)
    # A file name that is not UTF-8 reaches Python as lone surrogates: shown as U+FFFD
    # in the log rather than losing the session to an encoding error.
    line = (_SURROGATES.sub("\ufffd", text) + "\n").encode("utf-8")
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        with _locked(fd):
            # A line torn by an earlier crash must not swallow this one.
            if os.fstat(fd).st_size and not _ends_with_newline(path):
                line = b"\n" + line
            while line:  # a write may take only part (a disk filling up): the rest, or
                line = line[os.write(fd, line) :]  # OSError; a torn line is healed above
            os.fsync(fd)
    finally:
        os.close(fd)
    return path


@dataclass(frozen=True)
class Damaged:
    """A line of the log that could not be read."""

    line: int
    reason: str

    def __str__(self) -> str:
        return f"{log_path()}:{self.line}: skipped a damaged entry ({self.reason})"


def read(path: Path | None = None) -> tuple[list[Record], list[Damaged]]:
    """Every session in the log, oldest first (the last line of each id), and the lines
    that were skipped."""
    import json

    path = path or log_path()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return [], []
    records: dict[str, Record] = {}
    damaged: list[Damaged] = []
    for number, line in enumerate(raw.split(b"\n"), start=1):
        if not line.strip():
            continue
        try:
            record = Record.from_json(json.loads(line.decode("utf-8")))
        except ValueError as exc:  # JSONDecodeError and UnicodeDecodeError among them
            damaged.append(Damaged(number, str(exc).splitlines()[0][:80]))
        except RecursionError:  # the parser's own, on lists or objects nested too deep
            damaged.append(Damaged(number, "nested too deeply"))
        else:
            records[record.id] = record
    return list(records.values()), damaged


def _ends_with_newline(path: Path) -> bool:
    with path.open("rb") as f:
        f.seek(-1, os.SEEK_END)
        return f.read(1) == b"\n"


@contextlib.contextmanager
def _locked(fd: int) -> Iterator[None]:
    try:
        import fcntl
    except ImportError:  # Windows: appends of one write are still whole lines
        yield
        return
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)


def record_of(
    session: Session,
    script: str,
    started: str,
    reflection: str | None = None,
    id: str | None = None,
    breath_before: float | None = None,
) -> Record:
    """The record of a session that has ended (finished or stopped), or is ending now."""
    timeline = session.timeline
    questions = {c.key: c for c in timeline.cues if c.kind in ("ask", "checkin") and c.key}
    answers: dict[str, str] = {}
    checkins: list[Checkin] = []
    for key, value in session.answers.items():
        cue = questions.get(key)
        if cue is not None and cue.kind == "checkin" and isinstance(value, int):
            checkins.append(Checkin(key, cue.text or "", value))
        else:
            answers[key] = str(value)
    # Practised is what was played (a step skipped with ``n`` was not practised, one gone
    # back to and played again was); breaths are those actually taken; and a session that
    # reached its end by skipping is not a full one.
    finished = session.full
    return Record(
        script=script,
        title=timeline.title,
        started=started,
        ended=now(),
        planned=float(timeline.total),
        practised=round(min(session.played(), MAX_SECONDS), 3),
        outcome="finished" if finished else "stopped",
        breaths=min(session.breaths_taken, MAX_COUNT),
        skipped=round(min(session.skipped, MAX_SECONDS), 3),
        stopped_at_step=None if finished else session.step,
        intention=answers.get("intention"),
        answers=answers,
        checkins=checkins,
        reflection=reflection,
        breath_before=breath_before,
        interludes=list(session.interludes)[:MAX_NAMES],
        ended_early=session.ended_early,
        id=id or _new_id(),
    )
