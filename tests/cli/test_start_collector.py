"""The garbage collector is held off while a command starts and on again once it runs:
never left off for a session, whatever way it is played."""

from __future__ import annotations

import asyncio
import gc
from pathlib import Path

import pytest

from mindful_tui.cli import commands
from mindful_tui.cli.main import main
from mindful_tui.core.timing.engine import Due
from mindful_tui.ui import plain
from mindful_tui.ui.app import MindfulApp


def test_held_off_while_a_command_starts_and_on_again_after(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    during: list[bool] = []
    real = commands.list_scripts

    def listing(as_json: bool) -> int:
        during.append(gc.isenabled())
        return real(as_json)

    monkeypatch.setattr(commands, "list_scripts", listing)
    assert main(["list"]) == 0
    assert during == [False]
    assert gc.isenabled()


def test_on_while_a_plain_session_plays(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    script = tmp_path / "short.yaml"
    script.write_text("title: Short\nsteps:\n  - silence: 0.2\n")
    during: list[bool] = []
    real = plain.PlainPresenter.show

    def show(self: plain.PlainPresenter, due: Due) -> float | None:
        during.append(gc.isenabled())
        return real(self, due)

    monkeypatch.setattr(plain.PlainPresenter, "show", show)
    assert main(["play", str(script), "--plain", "--no-sound"]) == 0
    assert during and all(during)


def test_the_app_turns_it_on_once_its_first_screen_is_drawn() -> None:
    async def run() -> bool:
        async with MindfulApp().run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            return gc.isenabled()

    gc.disable()  # as the command line leaves it for the app
    try:
        assert asyncio.run(run())
    finally:
        gc.enable()
