"""The practice log: durable appends, damaged lines skipped, two writers, a week of stats."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

from mindful_tui.core.storage import practice_log, stats
from mindful_tui.core.timing.clock import FakeClock
from mindful_tui.core.timing.engine import Session
from mindful_tui.core.timing.timeline import compile_script
from tests.core.helpers import script


def record(day: datetime, minutes: float, checkins: tuple[int, ...] = ()) -> practice_log.Record:
    return practice_log.Record(
        script="reset",
        title="Breathing reset",
        started=day.isoformat(timespec="seconds"),
        ended=(day + timedelta(minutes=minutes)).isoformat(timespec="seconds"),
        planned=minutes * 60,
        practised=minutes * 60,
        outcome="finished",
        checkins=[practice_log.Checkin(f"c{i}", "Tension?", v) for i, v in enumerate(checkins)],
    )


def test_append_and_read_back(tmp_path: Path) -> None:
    path = tmp_path / "log.jsonl"
    first = record(datetime(2026, 11, 20, 8, 0).astimezone(), 3, (7, 3))
    practice_log.append(first, path)
    practice_log.append(record(datetime(2026, 11, 21, 8, 0).astimezone(), 5), path)
    records, damaged = practice_log.read(path)
    assert damaged == []
    assert records[0] == first
    assert records[0].tension_change == -4
    assert len(path.read_text().splitlines()) == 2


def test_a_damaged_line_is_skipped_and_the_file_never_rewritten(tmp_path: Path) -> None:
    path = tmp_path / "log.jsonl"
    practice_log.append(record(datetime(2026, 11, 20, 8).astimezone(), 3), path)
    with path.open("ab") as f:
        f.write(b'{"script": "torn", "title": "Bre')  # a write cut short by a crash
    before = path.read_bytes()
    records, damaged = practice_log.read(path)
    assert len(records) == 1 and [d.line for d in damaged] == [2]
    assert path.read_bytes() == before
    practice_log.append(record(datetime(2026, 11, 21, 8).astimezone(), 4), path)
    records, damaged = practice_log.read(path)
    assert len(records) == 2 and len(damaged) == 1  # the new line was not glued to the torn one
    assert path.read_bytes().startswith(before)


def test_wrong_fields_count_as_damage(tmp_path: Path) -> None:
    path = tmp_path / "log.jsonl"
    path.write_text('[1, 2]\n{"script": "x"}\nnot json\n\xff\n')
    records, damaged = practice_log.read(path)
    assert records == [] and [d.line for d in damaged] == [1, 2, 3, 4]


WRITER = """
import sys
from mindful_tui.core.storage import practice_log
for _ in range(int(sys.argv[3])):
    now = practice_log.now()
    rec = practice_log.Record("s" + sys.argv[2], "T", now, now, 60, 60, "finished",
                              reflection="x" * 3000)
    practice_log.append(rec, __import__("pathlib").Path(sys.argv[1]))
"""


def test_two_writers_never_interleave(tmp_path: Path) -> None:
    path = tmp_path / "log.jsonl"
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(path), str(n), "150"]) for n in (1, 2)
    ]
    for proc in procs:
        assert proc.wait(timeout=60) == 0
    records, damaged = practice_log.read(path)
    assert damaged == []
    assert sorted(r.script for r in records) == ["s1"] * 150 + ["s2"] * 150


KILLED = """
import os, signal, sys
from pathlib import Path
from mindful_tui.core.storage import practice_log
path = Path(sys.argv[1])
now = practice_log.now()
practice_log.append(practice_log.Record("done", "T", now, now, 60, 60, "finished"), path)
os.kill(os.getpid(), signal.SIGKILL)  # the machine dies right after the session ends
"""


def test_a_finished_session_survives_kill_9(tmp_path: Path) -> None:
    path = tmp_path / "log.jsonl"
    proc = subprocess.run([sys.executable, "-c", KILLED, str(path)], check=False)
    assert proc.returncode == -9
    records, damaged = practice_log.read(path)
    assert [r.script for r in records] == ["done"] and damaged == []


def test_record_of_a_stopped_session() -> None:
    timeline = compile_script(
        script("""
            title: Reset
            pattern: {inhale: 4, exhale: 6}
            steps:
              - checkin: Tension?
                key: before
              - ask: Intention?
                key: intention
              - breathe: {cycles: 6}
              - checkin: Tension now?
                key: after
        """)
    )
    clock = FakeClock()
    session = Session(timeline, clock)
    session.start()
    session.due()
    session.answer(8)
    session.due()
    session.answer("soft shoulders")
    clock.advance(25)
    session.due()
    session.stop()
    rec = practice_log.record_of(session, "reset", practice_log.now())
    assert rec.outcome == "stopped" and rec.stopped_at_step == 2
    assert rec.practised == 25 and rec.planned == 60
    assert rec.breaths == 3  # cycles 1, 2 and the 3rd begun at 20 s
    assert rec.intention == "soft shoulders"
    assert rec.checkins == [practice_log.Checkin("before", "Tension?", 8)]
    assert json.loads(json.dumps(rec.to_json()))["outcome"] == "stopped"


def test_a_week_of_practice_in_stats() -> None:
    today = date(2026, 11, 27)

    def at(day: int, hour: int) -> datetime:
        return datetime(2026, 11, day, hour).astimezone()

    records = [
        record(at(21, 8), 3, (7, 4)),
        record(at(23, 8), 5),
        record(at(24, 8), 4, (6, 2)),
        record(at(25, 8), 10),
        record(at(25, 20), 2),
        record(at(26, 8), 6, (5, 4)),
        record(at(27, 7), 3),
    ]
    per_day = dict(stats.minutes_per_day(records, today, days=7))
    assert per_day[date(2026, 11, 25)] == 12
    assert per_day[date(2026, 11, 22)] == 0
    assert list(per_day)[-1] == today
    assert stats.streak(records, today) == 5
    assert stats.streak(records[:-1], today) == 4  # today not yet practised: count to yesterday
    moved = stats.tension(records)
    assert moved is not None and moved.sessions == 3
    assert (moved.before, moved.after) == (6, 10 / 3)
    assert stats.total_minutes(records) == 33


def test_a_later_line_with_the_same_id_amends_the_session(tmp_path: Path) -> None:
    from dataclasses import replace

    path = tmp_path / "log.jsonl"
    first = record(datetime(2026, 11, 20, 8).astimezone(), 3)
    practice_log.append(first, path)
    practice_log.append(record(datetime(2026, 11, 21, 8).astimezone(), 4), path)
    practice_log.append(replace(first, reflection="Shoulders looser."), path)
    records, _ = practice_log.read(path)
    assert [r.reflection for r in records] == ["Shoulders looser.", None]
    assert len(path.read_text().splitlines()) == 3  # appended, never rewritten
