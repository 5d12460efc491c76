"""``mindful history``: the practice log as a table, JSON or CSV."""

from __future__ import annotations

import csv
import json
import sys
from datetime import date

from mindful_tui.core.storage import practice_log, stats
from mindful_tui.core.timing.timefmt import clock

CSV_FIELDS = (
    "started",
    "ended",
    "script",
    "title",
    "outcome",
    "planned",
    "practised",
    "breaths",
    "skipped",
    "stopped_at_step",
    "intention",
    "tension_before",
    "tension_after",
    "reflection",
    "breath_before",
    "breath_after",
    "interludes",
    "ended_early",
)


def show(form: str) -> int:
    """Print the log in ``form`` (table, json or csv); damaged lines are warned about."""
    records, damaged = practice_log.read()
    for problem in damaged:
        print(f"mindful: {problem}", file=sys.stderr)
    if form == "json":
        print(json.dumps([r.to_json() for r in records], indent=1, ensure_ascii=False))
        return 0
    if form == "csv":
        writer = csv.DictWriter(sys.stdout, CSV_FIELDS, lineterminator="\n")
        writer.writeheader()
        for r in records:
            writer.writerow(
                {
                    "started": r.started,
                    "ended": r.ended,
                    "script": r.script,
                    "title": r.title,
                    "outcome": r.outcome,
                    "planned": r.planned,
                    "practised": r.practised,
                    "breaths": r.breaths,
                    "skipped": r.skipped,
                    "stopped_at_step": r.stopped_at_step,
                    "intention": r.intention,
                    "tension_before": r.checkins[0].value if len(r.checkins) >= 2 else None,
                    "tension_after": r.checkins[-1].value if len(r.checkins) >= 2 else None,
                    "reflection": r.reflection,
                    "breath_before": r.breath_before,
                    "breath_after": r.breath_after,
                    "interludes": " ".join(r.interludes),
                    "ended_early": r.ended_early,
                }
            )
        return 0
    if not records:
        print("No sessions yet. `mindful play reset` is a good first one.")
        return 0
    for r in records[-20:]:
        when = r.started_at.strftime("%a %d %b %H:%M")
        change = (
            f"  tension {r.checkins[0].value}→{r.checkins[-1].value}"
            if r.tension_change is not None
            else ""
        )
        breath = r.how_the_breath_changed
        change += f"  {breath}" if breath else ""
        outcome = "" if r.how_it_ended == "finished" else f"  ({r.how_it_ended})"
        print(f"{when}  {clock(r.practised):>7}  {r.title}{outcome}{change}")
    today = date.today()
    moved = stats.tension(records)
    print(
        f"\n{len(records)} sessions, {stats.total_minutes(records):.0f} minutes in all;"
        f" streak: {stats.streak(records, today)} day(s)"
    )
    if moved is not None:
        print(
            f"tension before → after, on average: {moved.before:.1f} → {moved.after:.1f}"
            f" over {moved.sessions} session(s)"
        )
    return 0
