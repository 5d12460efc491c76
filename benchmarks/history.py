"""The history screen over a long practice log: how long the event loop is ever held.

Writes SESSIONS records (100,000 by default) to a practice log in a private
``MINDFUL_TUI_HOME``, opens the picker headless (Textual's ``run_test``), pushes the
history screen, and, until it has read and shown the log, ticks a 5 ms timer on the
event loop: the longest gap between ticks is the longest the UI was frozen. Also: how
long until the screen showed the log, and the same for reading the log alone.

    .venv/bin/python benchmarks/history.py [--sessions N]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def write_log(path: Path, sessions: int) -> None:
    start = datetime(2024, 1, 1, 7, 0, tzinfo=UTC)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        for n in range(sessions):
            began = start + timedelta(minutes=37 * n)
            line = {
                "script": "reset",
                "title": "Breathing reset",
                "started": began.isoformat(timespec="seconds"),
                "ended": (began + timedelta(minutes=3)).isoformat(timespec="seconds"),
                "planned": 150.0,
                "practised": 150.0,
                "outcome": "finished",
                "breaths": 15,
                "checkins": [
                    {"key": "before", "text": "Tension?", "value": 6},
                    {"key": "after", "text": "Tension?", "value": 3},
                ],
                "id": f"s{n}",
                "version": 1,
            }
            out.write(json.dumps(line) + "\n")


async def measure() -> tuple[float, float]:
    from mindful_tui.ui.app import MindfulApp
    from mindful_tui.ui.screens.history import HistoryScreen

    app = MindfulApp()
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        gaps: list[float] = []
        last = time.perf_counter()

        def tick() -> None:
            nonlocal last
            now = time.perf_counter()
            gaps.append(now - last)
            last = now

        screen = HistoryScreen()
        began = time.perf_counter()
        last = began
        timer = app.set_interval(0.005, tick)
        await app.push_screen(screen)
        await asyncio.wait_for(screen.ready.wait(), timeout=600)
        shown = time.perf_counter() - began
        tick()
        timer.stop()
    return max(gaps), shown


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="mindful-bench-history-") as home:
        os.environ["MINDFUL_TUI_HOME"] = home
        from mindful_tui.core.storage import practice_log

        write_log(practice_log.log_path(), args.sessions)
        began = time.perf_counter()
        records, _ = practice_log.read()
        read = time.perf_counter() - began
        sessions = len(records)
        del records  # not kept while the screen is measured, as in the app
        longest, shown = asyncio.run(measure())
    print(f"history over {sessions:,} logged sessions")
    print(f"  reading the log alone:              {read * 1000:8.0f} ms")
    print(f"  history screen shown after:         {shown * 1000:8.0f} ms")
    print(f"  longest the event loop was held:    {longest * 1000:8.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
