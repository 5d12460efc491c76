"""What the practice log says over time: minutes a day, the streak, tension before/after."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from mindful_tui.core.storage.practice_log import Record


def minutes_per_day(
    records: Sequence[Record], today: date, days: int = 28
) -> list[tuple[date, float]]:
    """Minutes practised on each of the last ``days`` days, oldest first, today last."""
    first = today - timedelta(days=days - 1)
    totals = {first + timedelta(days=i): 0.0 for i in range(days)}
    for record in records:
        day = record.started_at.date()
        if day in totals:
            totals[day] += record.practised / 60
    return sorted(totals.items())


def streak(records: Sequence[Record], today: date) -> int:
    """Days in a row with practice, up to today (or yesterday, if today is still to come)."""
    days = {r.started_at.date() for r in records if r.practised > 0}
    day = today if today in days else today - timedelta(days=1)
    count = 0
    while day in days:
        count += 1
        day -= timedelta(days=1)
    return count


@dataclass(frozen=True)
class Tension:
    """How tension moved across the sessions that asked before and after."""

    sessions: int
    before: float
    after: float

    @property
    def change(self) -> float:
        """The average change (negative: tension went down)."""
        return self.after - self.before


def tension(records: Sequence[Record]) -> Tension | None:
    """Averages over every session with a first and a last check-in; None when none has."""
    pairs = [(r.checkins[0].value, r.checkins[-1].value) for r in records if len(r.checkins) >= 2]
    if not pairs:
        return None
    return Tension(
        len(pairs),
        sum(b for b, _ in pairs) / len(pairs),
        sum(a for _, a in pairs) / len(pairs),
    )


def total_minutes(records: Sequence[Record]) -> float:
    """All the minutes practised."""
    return sum(r.practised for r in records) / 60
