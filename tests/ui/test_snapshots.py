"""How the screens look: picker, player breathing in and out, dim, closing, tiny terminal.

Update after a deliberate change with ``pytest tests/ui --snapshot-update`` and look at
the report before committing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Protocol

from textual.app import App
from textual.pilot import Pilot

from mindful_tui.ui.app import MindfulApp
from tests.ui.rig import Rig, script
from tests.ui.test_player import play_to_end


class SnapCompare(Protocol):
    def __call__(
        self,
        app: App[None],
        *,
        terminal_size: tuple[int, int] = ...,
        run_before: Callable[[Pilot[None]], Awaitable[None]] | None = ...,
    ) -> bool: ...


def at(rig: Rig, seconds: float, *keys: str) -> Callable[[Pilot[None]], Awaitable[None]]:
    async def run_before(pilot: Pilot[None]) -> None:
        await rig.settle(pilot)
        await rig.advance(pilot, seconds)
        for key in keys:
            await pilot.press(key)
            await rig.settle(pilot)

    return run_before


def test_picker(snap_compare: SnapCompare) -> None:
    assert snap_compare(MindfulApp(), terminal_size=(100, 30))


def test_player_breathing_in(snap_compare: SnapCompare) -> None:
    rig = Rig()
    assert snap_compare(rig.app(script("short")), run_before=at(rig, 8.5))


def test_player_breathing_out(snap_compare: SnapCompare) -> None:
    rig = Rig()
    assert snap_compare(rig.app(script("short")), run_before=at(rig, 15))


def test_player_paused(snap_compare: SnapCompare) -> None:
    rig = Rig()
    assert snap_compare(rig.app(script("short")), run_before=at(rig, 8.5, "space"))


def test_dim_mode(snap_compare: SnapCompare) -> None:
    rig = Rig()
    assert snap_compare(rig.app(script("short")), run_before=at(rig, 9, "d"))


def test_a_checkin(snap_compare: SnapCompare) -> None:
    rig = Rig()

    async def run_before(pilot: Pilot[None]) -> None:
        await at(rig, 5, "escape")(pilot)
        await rig.advance(pilot, 5)

    assert snap_compare(rig.app(script("questions")), run_before=run_before)


def test_an_ask(snap_compare: SnapCompare) -> None:
    rig = Rig()
    assert snap_compare(rig.app(script("questions")), run_before=at(rig, 5, *"relax"))


def test_closing_screen(snap_compare: SnapCompare) -> None:
    rig = Rig()

    async def run_before(pilot: Pilot[None]) -> None:
        await rig.settle(pilot)
        await play_to_end(rig, pilot)

    assert snap_compare(rig.app(script("short")), run_before=run_before)


def test_tiny_terminal(snap_compare: SnapCompare) -> None:
    rig = Rig()
    assert snap_compare(rig.app(script("short")), terminal_size=(40, 12), run_before=at(rig, 8.5))


def test_too_small_terminal(snap_compare: SnapCompare) -> None:
    rig = Rig()
    assert snap_compare(rig.app(script("short")), terminal_size=(30, 10))
