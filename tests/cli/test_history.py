"""``mindful history``: table, JSON and CSV of the practice log."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime

import pytest

from mindful_tui.cli.main import main
from mindful_tui.core.storage import practice_log


def add(day: int, checkins: tuple[int, ...] = ()) -> None:
    start = datetime(2026, 11, day, 8).astimezone().isoformat(timespec="seconds")
    practice_log.append(
        practice_log.Record(
            "reset",
            "Breathing reset",
            start,
            start,
            155,
            150,
            "finished",
            breaths=19,
            checkins=[practice_log.Checkin(f"c{i}", "Tension?", v) for i, v in enumerate(checkins)],
            intention='soft, "easy" shoulders',
        )
    )


def test_empty_log(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["history"]) == 0
    assert "No sessions yet" in capsys.readouterr().out


def test_csv_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    add(20, (7, 3))
    add(21)
    assert main(["history", "--csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["tension_before"] for r in rows] == ["7", ""]
    assert rows[0]["intention"] == 'soft, "easy" shoulders'
    assert rows[0]["practised"] == "150.0"
    assert main(["history", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data[0]["checkins"][1]["value"] == 3


def test_table_warns_about_damage_and_shows_the_rest(capsys: pytest.CaptureFixture[str]) -> None:
    add(20, (7, 3))
    with practice_log.log_path().open("a") as f:
        f.write("{garbage\n")
    add(21)
    assert main(["history"]) == 0
    out, err = capsys.readouterr()
    assert "history.jsonl:2: skipped a damaged entry" in err
    assert out.count("Breathing reset") == 2
    assert "tension 7→3" in out and "2 sessions" in out


def test_a_week_in_csv(capsys: pytest.CaptureFixture[str]) -> None:
    for day in range(21, 28):
        add(day, (7, day - 20) if day % 2 else ())
    assert main(["history", "--csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["started"][:10] for r in rows] == [f"2026-11-{d}" for d in range(21, 28)]
    assert [r["tension_after"] for r in rows] == ["1", "", "3", "", "5", "", "7"]
    assert all(r["outcome"] == "finished" and r["breaths"] == "19" for r in rows)


def test_sigkill_mid_session_loses_no_earlier_session(tmp_path: object) -> None:
    import os
    import signal
    import subprocess
    import sys
    from pathlib import Path

    assert isinstance(tmp_path, Path)
    add(20, (7, 3))
    before = practice_log.log_path().read_bytes()
    script = tmp_path / "long.yaml"
    script.write_text("title: Long\nsteps:\n  - say: Stay.\n    seconds: 600\n")
    proc = subprocess.Popen(
        [sys.executable, "-m", "mindful_tui", "play", str(script), "--plain", "--no-sound"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=os.environ.copy(),
    )
    assert proc.stdout is not None
    proc.stdout.readline()
    proc.stdout.readline()  # the session is playing
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    assert practice_log.log_path().read_bytes() == before  # untouched, still whole
    records, damaged = practice_log.read()
    assert len(records) == 1 and damaged == []


def test_the_breath_before_and_after_is_shown_in_every_form(
    capsys: pytest.CaptureFixture[str],
) -> None:
    start = datetime(2026, 11, 20, 8).astimezone().isoformat(timespec="seconds")
    for before, after in ((9.52, 6.1), (None, 7.0), (None, None)):
        practice_log.append(
            practice_log.Record(
                "reset", "Breathing reset", start, start, 155, 150, "finished",
                breath_before=before, breath_after=after,
            )
        )  # fmt: skip
    assert main(["history"]) == 0
    lines = capsys.readouterr().out.splitlines()[:3]
    assert lines[0].endswith("breath 9.5→6.1/min")
    assert lines[1].endswith("breath 7.0/min after")
    assert "breath" not in lines[2]
    assert main(["history", "--csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [(r["breath_before"], r["breath_after"]) for r in rows] == [
        ("9.52", "6.1"),
        ("", "7.0"),
        ("", ""),
    ]
    assert main(["history", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["breath_before"] == 9.52
