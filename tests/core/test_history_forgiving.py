"""A damaged line in the practice log is skipped with a warning, whatever is in it.

The log is a file a person may edit, sync or restore from anywhere: a value of the wrong
type, out of range, a time without its zone, a line nested thousands of levels deep. None
of it may reach ``mindful history``, the history screen or the stats as an error.
"""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mindful_tui.cli import history as history_command
from mindful_tui.core.storage import practice_log, stats

GOOD: dict[str, Any] = {
    "script": "reset",
    "title": "Breathing reset",
    "started": "2026-11-20T08:00:00+01:00",
    "ended": "2026-11-20T08:03:00+01:00",
    "planned": 155,
    "practised": 150.5,
    "outcome": "finished",
    "breaths": 19,
    "stopped_at_step": None,
    "intention": "to rest",
    "answers": {"intention": "to rest"},
    "checkins": [
        {"key": "before", "text": "Tension?", "value": 7},
        {"key": "after", "text": "Tension?", "value": 3},
    ],
    "reflection": "warm hands",
    "breath_before": 9.5,
    "breath_after": 6.25,
    "id": "one",
    "version": 1,
}


def changed(**fields: object) -> dict[str, Any]:
    return {**GOOD, **fields}


DEEP = "[" * 100_000 + "]" * 100_000
HOSTILE: dict[str, str] = {
    "a count as text": json.dumps(changed(breaths="19")),
    "a count as true": json.dumps(changed(breaths=True)),
    "a negative count": json.dumps(changed(breaths=-3)),
    "a count too large to be one": json.dumps(changed(breaths=10**400)),
    "seconds as text": json.dumps(changed(practised="150")),
    "negative seconds": json.dumps(changed(planned=-1)),
    "seconds past a day": json.dumps(changed(practised=1e300)),
    "seconds as a huge whole number": json.dumps(changed(practised=10**400)),
    "NaN seconds": json.dumps(changed(practised=float("nan"))),
    "infinite seconds": json.dumps(changed(planned=float("inf"))),
    "a title as a number": json.dumps(changed(title=3)),
    "a title as an object": json.dumps(changed(title={"a": 1})),
    "a lone surrogate": json.dumps(changed(title="\ud800")),
    "a time without its zone": json.dumps(changed(started="2026-11-20T08:00:00")),
    "a time that is no time": json.dumps(changed(ended="yesterday")),
    "a time as a number": json.dumps(changed(started=1_700_000_000)),
    "an unknown outcome": json.dumps(changed(outcome="abandoned")),
    "a step as text": json.dumps(changed(stopped_at_step="3")),
    "answers as a list": json.dumps(changed(answers=["to rest"])),
    "an answer as a number": json.dumps(changed(answers={"intention": 4})),
    "check-ins as an object": json.dumps(changed(checkins={"value": 3})),
    "a check-in as a number": json.dumps(changed(checkins=[5])),
    "a check-in out of range": json.dumps(
        changed(checkins=[{"key": "k", "text": "t", "value": 99}])
    ),
    "a check-in without its value": json.dumps(changed(checkins=[{"key": "k", "text": "t"}])),
    "an intention as a list": json.dumps(changed(intention=["rest"])),
    "a version of zero": json.dumps(changed(version=0)),
    "an id as a number": json.dumps(changed(id=7)),
    "a breath rate as text": json.dumps(changed(breath_before="7.5")),
    "a breath rate of zero": json.dumps(changed(breath_after=0)),
    "a breath rate past any breath": json.dumps(changed(breath_after=1e9)),
    "a NaN breath rate": json.dumps(changed(breath_before=float("nan"))),
    "interludes as text": json.dumps(changed(interludes="turning-over")),
    "an interlude as a number": json.dumps(changed(interludes=[3])),
    "ended early as text": json.dumps(changed(ended_early="yes")),
    "a line nested far too deep": DEEP,
    "a field nested far too deep": json.dumps(GOOD)[:-1] + ', "extra": ' + DEEP + "}",
    "a title nested far too deep": json.dumps(GOOD).replace('"Breathing reset"', DEEP),
}


def write(path: Path, lines: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"".join(line.encode("utf-8", "surrogatepass") + b"\n" for line in lines))


def every_use(records: list[practice_log.Record]) -> None:
    """What the app and the command do with records: each form printed, each stat."""
    stats.minutes_per_day(records, date(2026, 11, 30))
    stats.streak(records, date(2026, 11, 30))
    stats.tension(records)
    stats.total_minutes(records)
    for record in records:
        record.started_at  # noqa: B018 - sorting and charts read it
        json.dumps(record.to_json())
        csv.writer(io.StringIO()).writerow(record.to_json().values())


@pytest.mark.parametrize("line", HOSTILE.values(), ids=HOSTILE.keys())
def test_a_hostile_line_is_skipped_and_its_neighbours_kept(tmp_path: Path, line: str) -> None:
    path = tmp_path / "log.jsonl"
    write(path, [json.dumps(changed(id="before")), line, json.dumps(changed(id="after"))])
    records, damaged = practice_log.read(path)
    assert [r.id for r in records] == ["before", "after"]
    assert [d.line for d in damaged] == [2]
    reason = damaged[0].reason
    assert len(reason) < 100 and reason.isprintable()
    every_use(records)


def test_a_line_from_before_interludes_reads_as_none_and_not_ended_early(
    tmp_path: Path,
) -> None:
    path = tmp_path / "log.jsonl"
    later = changed(id="later", interludes=["turning-over"], ended_early=True, outcome="stopped")
    write(path, [json.dumps(GOOD), json.dumps(later)])
    (older, newer), damaged = practice_log.read(path)
    assert damaged == []
    assert older.interludes == [] and not older.ended_early
    assert older.how_it_ended == "finished"
    assert newer.interludes == ["turning-over"] and newer.ended_early
    assert newer.how_it_ended == "ended early"


def test_the_reason_says_what_is_wrong(tmp_path: Path) -> None:
    path = tmp_path / "log.jsonl"
    write(path, [HOSTILE["a count as text"], HOSTILE["a time without its zone"], DEEP])
    _, damaged = practice_log.read(path)
    reasons = [str(d) for d in damaged]
    assert "breaths must be a whole number" in reasons[0] and '"19"' in reasons[0]
    assert "started must be a time with its UTC offset" in reasons[1]
    assert "nested too deeply" in reasons[2]


def test_mindful_history_warns_and_shows_the_rest(
    capsys: pytest.CaptureFixture[str],
) -> None:
    write(practice_log.log_path(), [json.dumps(GOOD), *HOSTILE.values()])
    for form in ("table", "json", "csv"):
        assert history_command.show(form) == 0
        out, err = capsys.readouterr()
        assert "Breathing reset" in out
        assert err.count("skipped a damaged entry") == len(HOSTILE)
        assert "unexpected" not in err and "Traceback" not in err


LIMITS = (
    practice_log.MAX_SECONDS,
    practice_log.MAX_COUNT,
    practice_log.MAX_RATE,
    practice_log.MAX_CHECKIN,
)
EDGES = st.sampled_from(
    [
        float("nan"),
        float("inf"),
        float("-inf"),
        10**400,
        -(10**400),
        1e308,
        -1,
        0,
        0.5,
        *(limit + more for limit in LIMITS for more in (0, 1)),
    ]
)
"""Numbers at and past the edges of what a field may hold."""
SCALARS = (
    st.none()
    | st.booleans()
    | EDGES
    | st.integers(min_value=-(10**400), max_value=10**400)
    | st.integers(min_value=-100, max_value=100_000)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=30)
)
JSON = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
"""Any JSON value (with the NaN and infinities Python's ``json`` reads too), numbers far
past any float among them; ``SCALARS`` are its leaves, on their own."""


@dataclasses.dataclass(frozen=True)
class Nested:
    """A list nested ``depth`` levels deep: written out by hand, as ``json`` cannot."""

    depth: int


def dumped(line: object) -> str:
    """``line`` as a line of the log, each ``Nested`` value (at the top or in a field)
    spelled out in full."""
    deep: list[int] = []

    def mark(value: object) -> str:
        assert isinstance(value, Nested)
        deep.append(value.depth)
        return f"@nested{len(deep) - 1}@"

    text = json.dumps(line, default=mark)
    for index, depth in enumerate(deep):
        text = text.replace(f'"@nested{index}@"', "[" * depth + "]" * depth)
    return text


def edited(edits: list[tuple[str, object]], drop: set[str]) -> dict[str, Any]:
    """A good line with each field of ``edits`` set to its value and those in ``drop``
    left out."""
    line = dict(GOOD)
    for field, value in edits:
        line[field] = value
    for field in drop:
        line.pop(field, None)
    return line


FIELDS = [field.name for field in dataclasses.fields(practice_log.Record)]
"""Every field a line may have."""
NESTED = st.integers(min_value=1, max_value=100_000).map(Nested)
EDITED = st.builds(
    edited,
    edits=st.lists(
        st.tuples(
            st.sampled_from([*FIELDS, "extra"]),
            st.one_of(EDGES, SCALARS, JSON, NESTED, st.just(GOOD["started"])),
        ),
        min_size=1,
        max_size=3,
    ),
    drop=st.sets(st.sampled_from(FIELDS), max_size=2),
)
LINES = st.one_of(EDITED, EDITED, JSON, NESTED).map(dumped)  # half of them edited good lines
"""A line of the log as anyone might have left it: mostly a good line with a few fields
(any of them) set to any JSON value, a time, a list nested far too deep, or left out;
else any JSON value at all, or a line nested far too deep."""


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(line=LINES)
def test_any_json_in_any_field_is_read_or_skipped_never_an_error(
    tmp_path_factory: pytest.TempPathFactory, line: str
) -> None:
    path = tmp_path_factory.mktemp("log") / "log.jsonl"
    write(path, [line])
    records, damaged = practice_log.read(path)
    assert len(records) + len(damaged) == 1
    if damaged:
        assert str(damaged[0]).isprintable()
    every_use(records)
    for record in records:  # what is read back is what a record may hold
        assert 0 <= record.practised <= practice_log.MAX_SECONDS
        assert 0 <= record.breaths <= practice_log.MAX_COUNT
        assert all(0 <= c.value <= practice_log.MAX_CHECKIN for c in record.checkins)


KEPT = [
    changed(id=f"kept-{n}", title=f"Kept session {n}", started=f"2026-11-2{n}T08:00:00+01:00")
    for n in range(2)
]
"""Two good sessions, to be found among the random lines."""


def among(lines: list[str]) -> list[str]:
    """The lines of a log: the ``KEPT`` sessions with ``lines`` before, between and after
    them."""
    first, second = (json.dumps(line) for line in KEPT)
    return [*lines[:1], first, *lines[1:2], second, *lines[2:]]


MIXED = st.lists(LINES, min_size=1, max_size=4).map(among)
"""A log of the two kept sessions and a few lines as anyone might have left them."""


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines=MIXED)
def test_mindful_history_shows_the_rest_of_any_log_and_warns_once_a_line(
    lines: list[str],
) -> None:
    write(practice_log.log_path(), lines)
    _, damaged = practice_log.read()
    for form in ("table", "json", "csv"):
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            assert history_command.show(form) == 0
        assert all(kept["title"] in out.getvalue() for kept in KEPT)
        warned = err.getvalue().splitlines()
        assert [line.count("skipped a damaged entry") for line in warned] == [1] * len(damaged)
        assert all(f":{d.line}: " in line for d, line in zip(damaged, warned, strict=True))
