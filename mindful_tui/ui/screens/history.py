"""Your practice over time: minutes a day, the streak, tension before and after, sessions
(with the breath calibrated before and after, where it was).

The log is read once when the screen opens, off the event loop: reading and summing a
long log (100,000 sessions take seconds) happens on a thread while the screen says it is
reading and stays responsive, and what it shows is put in place at once when it is
ready. A thread alone is not enough: the reading makes a million objects, and the cyclic
collector, running in whichever thread allocates, walked them all several times while
holding the interpreter (up to a second each time: the event loop stood still). So the
collector is held off while the log is read (none of what is read is cyclic: reference
counts free it), only the summary is kept, and nothing sorts the whole log in one call.
Damaged lines are skipped (the screen says how many, once); titles and reflections are
the user's words and are shown literally.
"""

from __future__ import annotations

import asyncio
import gc
import heapq
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from mindful_tui.core.storage import practice_log, stats
from mindful_tui.core.storage.practice_log import Record
from mindful_tui.ui.literal import clean
from mindful_tui.ui.widgets.daily_chart import DailyChart

DAYS = 28
"""Days in the chart: the last four weeks."""
RECENT = 30
"""Sessions listed, newest first."""
TREND = 8
"""Sessions in the tension line, newest last."""
TITLE = 28
"""Columns for a session's title in the list."""


def label(text: str) -> str:
    """``text`` padded to the width of the facts' labels."""
    return text.ljust(10)


def duration(minutes: float) -> str:
    """``minutes`` in words a person would say: ``45 min``, ``2 h 5 min``."""
    whole = round(minutes)
    if whole < 60:
        return f"{whole} min"
    hours, rest = divmod(whole, 60)
    return f"{hours} h {rest} min" if rest else f"{hours} h"


def tension_figure(summary: stats.Tension) -> str:
    """The average before and after, and the change, in one line."""
    sessions = f"{summary.sessions} session{'s' if summary.sessions != 1 else ''}"
    change = round(summary.change, 1)
    if change < 0:
        moved = f"{-change:.1f} lower"
    elif change > 0:
        moved = f"{change:.1f} higher"
    else:
        moved = "no change"
    return f"{summary.before:.1f} → {summary.after:.1f} on average: {moved}, over {sessions}"


def session_line(record: Record) -> Content:
    """One session: when, what, how long, how it ended, tension; then the breath before
    and after, and the reflection, when it has them."""
    when = record.started_at
    minutes = f"{round(record.practised / 60):>3} min"
    ended = record.how_it_ended
    tension = ""
    if len(record.checkins) >= 2:
        tension = f"{record.checkins[0].value}→{record.checkins[-1].value}"
    title = clean(record.title).replace("\n", " ")
    if len(title) > TITLE:
        title = title[: TITLE - 1] + "…"
    line = Content.assemble(
        (f"{when:%a %d %b} {when:%H:%M}  ", "dim"),
        (title.ljust(TITLE), "bold"),
        f"{minutes}  ",
        (f"{ended:<8}", "dim" if ended == "finished" else "$warning"),
        (f"  {tension}", "$accent"),
    )
    breath = record.how_the_breath_changed
    if breath:  # on a line of its own: beside the rest it would not fit in 80 columns
        line = Content.assemble(line, "\n", (f"    {breath}", "dim"))
    if record.reflection:
        reflection = clean(record.reflection).strip()
        if reflection:
            line = Content.assemble(line, "\n", ("    “", "dim"), (reflection, "italic"))
            line = Content.assemble(line, ("”", "dim"))
    return line


def facts(records: Sequence[Record], today: date) -> Content:
    """Streak, total minutes, and tension before → after: as a figure and session by
    session."""
    days = stats.streak(records, today)
    streak = f"{days} day{'s' if days != 1 else ''} in a row" if days else "none yet"
    rows: list[Content] = [
        Content.assemble((label("Streak"), "dim"), (streak, "bold")),
        Content.assemble(
            (label("In all"), "dim"),
            (duration(stats.total_minutes(records)), "bold"),
            (f" over {len(records)} session{'s' if len(records) != 1 else ''}", ""),
        ),
    ]
    summary = stats.tension(records)
    if summary is None:
        rows.append(
            Content.assemble(
                (label("Tension"), "dim"),
                ("no sessions with a check-in before and after yet", "dim"),
            )
        )
        return Content("\n").join(rows)
    rows.append(Content.assemble((label("Tension"), "dim"), (tension_figure(summary), "bold")))
    paired = [r for r in records if len(r.checkins) >= 2]
    latest = reversed(heapq.nlargest(TREND, paired, key=lambda r: r.started_at))
    trend = "  ".join(f"{r.checkins[0].value}→{r.checkins[-1].value}" for r in latest)
    rows.append(Content.assemble(label(""), (trend, "$accent"), ("  (newest last)", "dim")))
    return Content("\n").join(rows)


@dataclass(frozen=True)
class View:
    """Everything the screen shows, worked out from the log (on any thread)."""

    empty: bool
    days: tuple[tuple[date, float], ...]
    facts: Content
    sessions: Content
    damaged: str | None


def summarise(
    records: Sequence[Record], damaged: Sequence[practice_log.Damaged], today: date
) -> View:
    """What the screen shows for ``records``: pure, so it runs off the event loop."""
    newest = heapq.nlargest(RECENT, records, key=lambda r: r.started_at)
    note = None
    if damaged:
        lines = "line was" if len(damaged) == 1 else "lines were"
        note = (
            f"{len(damaged)} damaged {lines} skipped in the practice log; "
            "`mindful history` names them."
        )
    return View(
        empty=not records,
        days=tuple(stats.minutes_per_day(records, today, DAYS)),
        facts=facts(records, today),
        sessions=Content("\n").join(session_line(r) for r in newest),
        damaged=note,
    )


@contextmanager
def collector_held() -> Iterator[None]:
    """The cyclic garbage collector off for a while (as it was, afterwards)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def gather(today: date) -> tuple[View, int]:
    """Read the log and sum it up: the view, and how many sessions it holds. For a
    thread: see the module's note."""
    with collector_held():
        records, damaged = practice_log.read()
        view = summarise(records, damaged, today)
        held = len(records)
        while records:  # freed a slice at a time, so the event loop gets its turns
            del records[-1000:]
    return view, held


class HistoryScreen(Screen[None]):
    """What the practice log says; escape goes back."""

    CSS_PATH = "../history.tcss"
    """Its styles, parsed when it is first shown (the player starts without them)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Back", id="close"),
    ]

    def __init__(self, today: date | None = None) -> None:
        super().__init__()
        self.today = today or date.today()
        self.sessions = 0
        """How many sessions the log holds (once read)."""
        self.ready = asyncio.Event()
        """Set once the log has been read and shown."""

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="history"):
            yield Static("Your practice", id="history-title")
            yield Static(id="history-damaged")
            yield Static(id="history-empty")
            yield Static("Minutes a day, the last four weeks", classes="history-heading")
            yield DailyChart(id="chart")
            yield Static(id="history-facts")
            yield Static("Sessions, newest first", classes="history-heading")
            yield Static(id="sessions")
        yield Footer()

    async def on_mount(self) -> None:
        if not self.children:  # taken down before it was put together: the app is leaving
            return
        self.query_one("#history-empty", Static).update("Reading your practice log…")
        self.set_class(True, "-empty")
        self.run_worker(self._load(), exclusive=True, exit_on_error=False)

    async def _load(self) -> None:
        """Read and sum the log on a thread; then show it, all at once."""
        view, self.sessions = await asyncio.to_thread(gather, self.today)
        if self.is_attached:
            self._apply(view)
        self.ready.set()

    def show(self, records: Sequence[Record], damaged: Sequence[practice_log.Damaged]) -> None:
        """Fill the screen from ``records``; mention the ``damaged`` lines once."""
        self._apply(summarise(records, damaged, self.today))

    def _apply(self, view: View) -> None:
        self.set_class(view.empty, "-empty")
        self.query_one("#history-empty", Static).update(
            "No sessions yet. When you finish or stop one, it appears here, "
            "with your minutes a day and how tension changed."
        )
        self.query_one(DailyChart).days = view.days
        self.query_one("#history-facts", Static).update(view.facts)
        self.query_one("#sessions", Static).update(view.sessions)
        notice = self.query_one("#history-damaged", Static)
        notice.display = view.damaged is not None
        if view.damaged is not None:
            notice.update(view.damaged)

    def facts(self, records: Sequence[Record]) -> Content:
        """Streak, total minutes, and tension before → after."""
        return facts(records, self.today)

    def action_close(self) -> None:
        self.dismiss()
