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
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Literal

from mindful_tui.core import locations
from mindful_tui.core.engine import Session

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
    stopped_at_step: int | None = None
    intention: str | None = None
    answers: dict[str, str] = field(default_factory=dict)
    checkins: list[Checkin] = field(default_factory=list)
    reflection: str | None = None
    id: str = field(default_factory=lambda: _new_id())
    """Lines with the same id are one session; the last one wins."""
    version: int = VERSION

    @property
    def started_at(self) -> datetime:
        """``started`` as a datetime."""
        return datetime.fromisoformat(self.started)

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
        """A record from a parsed line; ``ValueError`` when it is not one."""
        if not isinstance(data, dict):
            raise ValueError("not an object")
        try:
            checkins = [
                Checkin(str(c["key"]), str(c["text"]), int(c["value"]))
                for c in data.get("checkins", [])
            ]
            outcome = data["outcome"]
            if outcome not in ("finished", "stopped"):
                raise ValueError(f"unknown outcome {outcome!r}")
            record = cls(
                script=str(data["script"]),
                title=str(data["title"]),
                started=str(data["started"]),
                ended=str(data["ended"]),
                planned=float(data["planned"]),
                practised=float(data["practised"]),
                outcome=outcome,
                breaths=int(data.get("breaths", 0)),
                stopped_at_step=data.get("stopped_at_step"),
                intention=data.get("intention"),
                answers={str(k): str(v) for k, v in dict(data.get("answers", {})).items()},
                checkins=checkins,
                reflection=data.get("reflection"),
                id=str(data.get("id") or f"{data['started']}|{data['script']}"),
                version=int(data.get("version", VERSION)),
            )
            record.started_at  # noqa: B018 - validates the timestamp
        except (KeyError, TypeError) as exc:
            raise ValueError(f"missing or wrong field: {exc}") from None
        return record


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
            records[record.id] = record
        except (ValueError, UnicodeDecodeError) as exc:
            damaged.append(Damaged(number, str(exc).splitlines()[0][:80]))
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
    finished = session.state == "finished"
    position = min(session.position(), float(timeline.total))
    done = timeline.index_at(position)
    breaths = len({(c.step, c.cycle) for c in timeline.cues[:done] if c.kind == "phase"})
    return Record(
        script=script,
        title=timeline.title,
        started=started,
        ended=now(),
        planned=float(timeline.total),
        practised=round(position, 3),
        outcome="finished" if finished else "stopped",
        breaths=breaths,
        stopped_at_step=None if finished else session.step,
        intention=answers.get("intention"),
        answers=answers,
        checkins=checkins,
        reflection=reflection,
        id=id or _new_id(),
    )
