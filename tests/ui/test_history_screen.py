"""The history screen: a faked week of practice, an empty log, and a damaged one."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable, Sequence
from datetime import date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from textual.content import Content
from textual.pilot import Pilot
from textual.widgets import Static

from mindful_tui.core.storage import practice_log
from mindful_tui.core.storage.practice_log import Checkin, Outcome, Record
from mindful_tui.ui.app import MindfulApp
from mindful_tui.ui.screens.history import HistoryScreen
from mindful_tui.ui.screens.picker import PickerScreen
from mindful_tui.ui.widgets.daily_chart import DailyChart
from tests.core.test_history_forgiving import GOOD, HOSTILE, KEPT, MIXED, write
from tests.ui.test_snapshots import SnapCompare

TODAY = date(2025, 3, 14)
"""A Friday."""
SIZE = (80, 24)


def session(
    days_ago: int,
    at: str,
    title: str,
    minutes: float,
    *,
    outcome: Outcome = "finished",
    checkins: Sequence[int] = (),
    reflection: str | None = None,
    breath: tuple[float | None, float | None] = (None, None),
) -> Record:
    day = TODAY - timedelta(days=days_ago)
    hour, minute = (int(part) for part in at.split(":"))
    started = datetime(day.year, day.month, day.day, hour, minute).isoformat() + "+01:00"
    return Record(
        script=title.lower().replace(" ", "-"),
        title=title,
        started=started,
        ended=started,
        planned=max(minutes, 20) * 60,
        practised=minutes * 60,
        outcome=outcome,
        checkins=[Checkin(f"tension{i}", "How tense?", v) for i, v in enumerate(checkins)],
        reflection=reflection,
        breath_before=breath[0],
        breath_after=breath[1],
    )


WEEK = [
    session(6, "09:00", "Arriving", 10, checkins=(7, 4)),
    session(5, "18:30", "Body scan", 15),
    # four days ago: a rest day, so the streak is the last four days only
    session(3, "08:00", "Arriving", 10, checkins=(8, 3), reflection="[bold]lighter[/bold] now"),
    session(2, "12:00", "During the massage", 6.75, outcome="stopped", checkins=(6,)),
    session(1, "07:00", "Grounding", 5),
    session(1, "19:00", "Body scan", 20, checkins=(5, 2), breath=(8.24, 6.1)),
    session(0, "08:15", "Arriving", 12, checkins=(6, 3), reflection="calm\x1b[31m, warm"),
]
"""Per day, oldest first: 10, 15, 0, 10, 6.75, 25, 12 minutes. Tension: 6.5 → 3.0. One
session calibrated the breath before and after it."""


def log_week() -> None:
    for record in WEEK:
        practice_log.append(record)


def text(screen: HistoryScreen, selector: str) -> str:
    return str(screen.query_one(selector, Static).visual)


def opened(today: date = TODAY) -> Callable[[Pilot[None]], Awaitable[None]]:
    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.pause()
        await pilot.app.push_screen(HistoryScreen(today=today))
        await shown(pilot)

    return run_before


async def shown(pilot: Pilot[None]) -> None:
    """Wait until the history screen has read the log (on a thread) and shown it."""
    screen = pilot.app.screen
    assert isinstance(screen, HistoryScreen)
    await asyncio.wait_for(screen.ready.wait(), timeout=30)
    await pilot.pause()


async def history_screen(pilot: Pilot[None]) -> HistoryScreen:
    await opened()(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, HistoryScreen)
    return screen


async def test_a_week_shows_minutes_a_day_streak_and_tension() -> None:
    log_week()
    app = MindfulApp()
    async with app.run_test(size=SIZE) as pilot:
        screen = await history_screen(pilot)
        chart = screen.query_one(DailyChart)
        assert chart.minutes == [0.0] * 21 + [10, 15, 0, 10, 6.75, 25, 12]
        assert chart.days[-1][0] == TODAY and chart.days[0][0] == TODAY - timedelta(days=27)
        bars = str(chart.render()).splitlines()
        assert len(bars) == 6  # five rows of bars, then the dates
        assert bars[0].count("█") == 1  # only the busiest day reaches the top
        assert bars[0].lstrip().startswith("25 min")
        assert sum(bars[4].count(c) for c in "▁▂▃▄▅▆▇█") == 6  # six days with practice
        assert bars[4].count("·") == 22  # and twenty-two without
        assert bars[5].rstrip().endswith("today") and "15 Feb" in bars[5]

        facts = text(screen, "#history-facts")
        assert "4 days in a row" in facts
        assert "1 h 19 min over 7 sessions" in facts
        assert "6.5 → 3.0 on average: 3.5 lower, over 4 sessions" in facts
        assert "7→4  8→3  5→2  6→3" in facts

        lines = text(screen, "#sessions").splitlines()
        assert lines[0].startswith("Fri 14 Mar 08:15") and "Arriving" in lines[0]
        assert "12 min" in lines[0] and "finished" in lines[0] and "6→3" in lines[0]
        assert lines[1].strip() == "“calm[31m, warm”"  # the ESC is gone, the rest literal
        stopped = next(line for line in lines if "During the massage" in line)
        assert "stopped" in stopped and "7 min" in stopped and "→" not in stopped
        assert "“[bold]lighter[/bold] now”" in {line.strip() for line in lines}
        assert (
            len(
                [
                    line
                    for line in lines
                    if line[:3] in ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
                ]
            )
            == 7
        )
        assert not screen.query_one("#history-damaged").display
        assert not screen.query_one("#history-empty").display


async def test_the_breath_before_and_after_is_shown_under_its_session_as_history_says_it() -> None:
    """Worded as ``mindful history`` words it, on a quiet line of its own under the
    session, and only for the sessions that have it."""
    rates = {"Both": (9.52, 6.1), "Before": (8.0, None), "After": (None, 7.0), "Neither": None}
    for days_ago, (title, breath) in enumerate(rates.items()):
        practice_log.append(session(days_ago, "08:00", title, 10, breath=breath or (None, None)))
    app = MindfulApp()
    async with app.run_test(size=SIZE) as pilot:
        screen = await history_screen(pilot)
        shown = screen.query_one("#sessions", Static).visual
        assert isinstance(shown, Content)
        lines = str(shown).splitlines()
        assert len(lines) == 4 + 3
        assert all(f" {title} " in line for title, line in zip(rates, lines[::2], strict=True))
        assert lines[1::2] == [
            "    breath 9.5→6.1/min",
            "    breath 8.0/min before",
            "    breath 7.0/min after",
        ]
        start = str(shown).index("    breath 9.5")
        assert [span.style for span in shown.spans if span.start == start] == ["dim"]


def test_a_week_of_practice_snapshot(snap_compare: SnapCompare) -> None:
    log_week()
    assert snap_compare(MindfulApp(), terminal_size=SIZE, run_before=opened())


async def test_the_streak_counts_from_yesterday_until_today_is_practised() -> None:
    log_week()
    app = MindfulApp()
    async with app.run_test(size=SIZE) as pilot:
        await opened(TODAY + timedelta(days=1))(pilot)
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        assert "5 days in a row" not in text(screen, "#history-facts")
        assert "4 days in a row" in text(screen, "#history-facts")
        assert screen.query_one(DailyChart).minutes[-1] == 0


async def test_an_empty_log_says_so_kindly() -> None:
    app = MindfulApp()
    async with app.run_test(size=SIZE) as pilot:
        screen = await history_screen(pilot)
        assert screen.query_one("#history-empty").display
        assert "No sessions yet" in text(screen, "#history-empty")
        assert not screen.query_one(DailyChart).display
        assert not screen.query_one("#sessions").display


def test_an_empty_log_snapshot(snap_compare: SnapCompare) -> None:
    assert snap_compare(MindfulApp(), terminal_size=SIZE, run_before=opened())


async def test_damaged_lines_are_skipped_and_counted_once() -> None:
    practice_log.append(WEEK[0])
    with practice_log.log_path().open("ab") as log:
        log.write(b'{"script": "torn", "title": "Half a li\n')
        log.write(b"\xff\xfe not even text\n")
    for record in WEEK[1:]:
        practice_log.append(record)
    app = MindfulApp()
    async with app.run_test(size=SIZE) as pilot:
        screen = await history_screen(pilot)
        notice = screen.query_one("#history-damaged", Static)
        assert notice.display
        assert str(notice.visual).startswith("2 damaged lines were skipped")
        mentions = [s for s in screen.query(Static) if "damaged" in str(s.visual)]
        assert mentions == [notice]
        # two reflections and a breath before and after
        assert len(text(screen, "#sessions").splitlines()) == 7 + 3
        assert screen.query_one(DailyChart).minutes[-7:] == [10, 15, 0, 10, 6.75, 25, 12]


def test_a_damaged_log_snapshot(snap_compare: SnapCompare) -> None:
    log_week()
    with practice_log.log_path().open("ab") as log:
        log.write(b"{not json\n")
    assert snap_compare(MindfulApp(), terminal_size=SIZE, run_before=opened())


async def test_f2_opens_history_from_the_picker_and_escape_returns() -> None:
    app = MindfulApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "History: open" in titles and "Settings: open" in titles


async def test_the_history_screen_opens_on_a_hostile_log() -> None:
    write(practice_log.log_path(), [json.dumps(GOOD), *HOSTILE.values()])  # every kind at once
    app = MindfulApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f2")
        await pilot.pause()
        await shown(pilot)
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        notice = screen.query_one("#history-damaged", Static)
        assert str(notice.visual).startswith(f"{len(HOSTILE)} damaged lines were skipped")
    assert app.return_code in (None, 0)


async def read_through(pilot: Pilot[None], screen: HistoryScreen) -> None:
    """Wait until ``screen`` has read the log, or its reading has failed (a wait on
    ``ready`` alone would only time out then)."""
    for _ in range(50):
        reading = [worker for worker in pilot.app.workers if worker.node is screen]
        if reading or screen.ready.is_set():
            break
        await pilot.pause()
    await pilot.app.workers.wait_for_complete(reading)
    await pilot.pause()


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines=MIXED)
def test_what_the_history_screen_shows_is_worked_out_from_any_log(lines: list[str]) -> None:
    """The screen's summary (chart, facts, the session lines) over many random logs, off
    the screen: the Pilot run below drives a few of them through the screen itself."""
    from mindful_tui.ui.screens.history import gather

    write(practice_log.log_path(), lines)
    _, damaged = practice_log.read()
    view, _ = gather(TODAY)
    assert all(kept["title"] in str(view.sessions) for kept in KEPT)
    assert (view.damaged is not None) == bool(damaged)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines=MIXED)
def test_the_history_screen_shows_the_rest_of_any_log_and_warns_once(lines: list[str]) -> None:
    """Random JSON in any field, NaN, infinities, huge numbers, deep nesting: the screen
    opens from the picker, lists the good sessions and says once, calmly, how many lines
    it skipped."""
    write(practice_log.log_path(), lines)
    _, damaged = practice_log.read()

    async def drive() -> None:
        app = MindfulApp()
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press("f2")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, HistoryScreen)
            await read_through(pilot, screen)
            assert screen.ready.is_set()  # read and shown, not stuck on "Reading…"
            sessions = text(screen, "#sessions")
            assert all(kept["title"] in sessions for kept in KEPT)
            notice = screen.query_one("#history-damaged", Static)
            assert notice.display == bool(damaged)
            notes = [
                s for s in screen.query(Static) if "skipped in the practice log" in str(s.visual)
            ]
            assert notes == ([notice] if damaged else [])
            if damaged:
                said = "line was" if len(damaged) == 1 else "lines were"
                assert str(notice.visual).startswith(f"{len(damaged)} damaged {said} skipped")
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, PickerScreen)
        assert app.return_code in (None, 0)

    asyncio.run(drive())


async def test_the_log_is_read_off_the_event_loop_and_escape_works_while_it_is(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A long log takes seconds to read: the screen reads it on a thread, so it answers
    keys meanwhile (here the read is held until the screen has gone: no timing)."""
    import threading

    log_week()
    release = threading.Event()
    readers: list[threading.Thread] = []
    real_read = practice_log.read

    def held_read() -> tuple[list[Record], list[practice_log.Damaged]]:
        readers.append(threading.current_thread())
        release.wait(30)
        return real_read()

    monkeypatch.setattr(practice_log, "read", held_read)
    app = MindfulApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f2")
        for _ in range(50):
            await pilot.pause()
            if readers:
                break
        assert isinstance(app.screen, HistoryScreen)
        assert readers and readers[0] is not threading.main_thread()
        await pilot.press("escape")  # while the log is still being read
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        release.set()
        for _ in range(5):
            await pilot.pause()
    assert app.return_code in (None, 0)


def test_the_log_is_read_with_the_collector_held_off_and_only_its_summary_kept(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Reading a long log makes a million objects: with the cyclic collector on, it walked
    them all again and again while holding the interpreter, and the event loop stood still
    (``benchmarks/history.py``). It is off while the log is read and summed, as it was
    afterwards, and the records are not kept."""
    import gc

    from mindful_tui.ui.screens.history import gather

    log_week()
    during: list[bool] = []
    real_read = practice_log.read

    def watched_read() -> tuple[list[Record], list[practice_log.Damaged]]:
        during.append(gc.isenabled())
        return real_read()

    monkeypatch.setattr(practice_log, "read", watched_read)
    assert gc.isenabled()
    view, sessions = gather(date(2025, 3, 9))
    assert during == [False]
    assert gc.isenabled()
    assert sessions == len(WEEK)
    assert not view.empty
