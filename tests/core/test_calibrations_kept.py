"""Calibrations kept on disk: every one with its time, the newest used, written whole,
and a damaged file a warning (never a crash, never written over)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

from mindful_tui.core.storage import calibrations
from mindful_tui.core.timing.calibration import Calibration

ZONE = timezone(timedelta(hours=1))


def test_each_calibration_is_kept_with_its_time_and_the_newest_is_used(tmp_path: Path) -> None:
    path = tmp_path / "config" / "calibrations.json"
    calibrations.save(Calibration(3, 5, 6), path, datetime(2026, 3, 1, 9, 0, tzinfo=ZONE))
    calibrations.save(Calibration(4, 6, 6), path, datetime(2026, 3, 1, 10, 0, tzinfo=ZONE))
    kept, warnings = calibrations.load(path)
    assert warnings == []
    assert [(s.at, s.calibration) for s in kept] == [
        ("2026-03-01T09:00:00+01:00", Calibration(3, 5, 6)),
        ("2026-03-01T10:00:00+01:00", Calibration(4, 6, 6)),
    ]
    assert calibrations.latest(path) == (Calibration(4, 6, 6), [])
    stored = json.loads(path.read_text(encoding="utf-8"))
    assert stored["calibrations"][0]["breaths_per_minute"] == 7.5
    assert [p.name for p in path.parent.iterdir()] == ["calibrations.json"]  # no temporaries


def test_no_file_is_no_calibration_and_no_warning(tmp_path: Path) -> None:
    assert calibrations.latest(tmp_path / "none.json") == (None, [])


def test_a_damaged_file_is_a_warning_and_is_kept_when_a_new_one_is_saved(tmp_path: Path) -> None:
    path = tmp_path / "calibrations.json"
    path.write_text('{"calibrations": [{"at": "2026', encoding="utf-8")
    found, warnings = calibrations.latest(path)
    assert found is None
    assert len(warnings) == 1 and "cannot read the calibrations" in warnings[0]
    calibrations.save(Calibration(3, 5, 6), path)
    assert calibrations.latest(path) == (Calibration(3, 5, 6), [])
    (kept,) = tmp_path.glob("calibrations.json.damaged-*")
    assert kept.read_text(encoding="utf-8") == '{"calibrations": [{"at": "2026'


def test_a_bad_entry_is_skipped_with_a_warning_and_the_rest_kept(tmp_path: Path) -> None:
    good = {"at": "2026-03-01T09:00:00+01:00", "inhale": 3, "exhale": 5, "breaths": 6}
    bad = [
        {**good, "inhale": "three"},
        {**good, "exhale": float("nan")},
        {**good, "exhale": 0},
        {**good, "at": "2026-03-01T09:00:00"},  # no zone
        {**good, "breaths": True},
        "7.5",
        None,
    ]
    path = tmp_path / "calibrations.json"
    path.write_text(json.dumps({"calibrations": [good, *bad]}), encoding="utf-8")
    kept, warnings = calibrations.load(path)
    assert [s.calibration for s in kept] == [Calibration(3, 5, 6)]
    assert len(warnings) == len(bad)
    assert warnings[0].endswith("calibration 2 cannot be used; it is skipped")
    calibrations.save(Calibration(4, 6, 6), path)  # the bad ones stay in the file
    assert len(json.loads(path.read_text(encoding="utf-8"))["calibrations"]) == len(bad) + 2


def test_the_breath_before_a_session_is_one_calibrated_in_the_half_hour_before_it(
    tmp_path: Path,
) -> None:
    path = tmp_path / "calibrations.json"
    start = datetime(2026, 3, 1, 10, 0, tzinfo=ZONE)
    calibrations.save(Calibration(3, 5, 6), path, start - timedelta(minutes=50))
    assert calibrations.before(start, path) is None  # too long before to say much
    calibrations.save(Calibration(2, 3, 6), path, start - timedelta(minutes=20))
    calibrations.save(Calibration(4, 6, 6), path, start - timedelta(minutes=5))
    calibrations.save(Calibration(5, 7, 6), path, start + timedelta(minutes=1))  # after it
    assert calibrations.before(start, path) == Calibration(4, 6, 6)
