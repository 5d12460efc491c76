"""Turning over and ending soon, on the real clock: how exactly ``t`` and ``e`` play.

Plays a 40-breath session through the session runtime (the same ``Practice`` and
conductor the players use, without sound), presses ``t`` a few seconds in and ``e`` a
few seconds after the built-in turning-over interlude has handed the session back, and
prints from the timing log: where the interlude began against where ``t`` was pressed,
how late its cues and the session's own were shown (real milliseconds), where the
session went on, and how long the closing took after ``e`` (session seconds; it must be
within two breaths).

    .venv/bin/python benchmarks/interlude.py [--speed X]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

SCRIPT = """\
title: On the table
pattern: {inhale: 4, exhale: 6}
steps:
  - say: Settle in.
    seconds: 3
  - breathe: {cycles: 40}
  - say: Coming back now.
    seconds: 4
"""
BREATH = 10.0


class Quiet:
    """A presenter that shows nothing (the timing log is what is measured)."""

    def show(self, due: object) -> float | None:
        return None

    async def ask(self, cue: object) -> str | int | None:
        return None


async def play(script: Path, log_path: Path, speed: float) -> None:
    from mindful_tui.core.script.loader import read_script
    from mindful_tui.core.storage.user_settings import Settings
    from mindful_tui.core.timing.timinglog import TimingLog
    from mindful_tui.session.interlude import interlude_setup
    from mindful_tui.session.options import Choices, setup
    from mindful_tui.session.playback import Playback
    from mindful_tui.session.practice import Practice

    loaded, problems = read_script(script, frozenset({"bell", "bowl"}))
    assert loaded is not None, problems
    chosen = setup(loaded, Settings(), Choices(sound=False, speed=speed))
    with TimingLog(log_path) as log:
        practice = Practice.start(chosen, Playback(timing_log=log, history=False))
        practice.add_interlude(interlude_setup(chosen.options, Settings()))
        conductor = practice.conductor(Quiet())
        loop = asyncio.get_running_loop()
        session = practice.session

        def press_t() -> None:
            practice.turn_over()
            conductor.changed()

        def press_e_once_back() -> None:
            if session.interludes and session.turning is None:
                practice.close_soon()
                conductor.changed()
            else:
                loop.call_later(0.2, press_e_once_back)

        loop.call_later(5 / speed, press_t)
        loop.call_later(20 / speed, press_e_once_back)
        await practice.begin(conductor, lambda left: None)
        await conductor.run()
        practice.end()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--speed", type=float, default=10.0, help="session seconds a second")
    speed = parser.parse_args().speed
    with tempfile.TemporaryDirectory() as home:
        os.environ["MINDFUL_TUI_HOME"] = home
        script = Path(home) / "table.yaml"
        script.write_text(SCRIPT, encoding="utf-8")
        log_path = Path(home) / "timing.jsonl"
        asyncio.run(play(script, log_path, speed))
        lines = [json.loads(line) for line in log_path.read_text().splitlines()]
    turn = next(line for line in lines if line["kind"] == "turn")
    close = next(line for line in lines if line["kind"] == "close")
    inside = [line for line in lines if "interlude" in line]
    own = [line for line in lines if line["cue"] is not None and "interlude" not in line]
    after = lines[lines.index(inside[-1]) + 1]
    end = lines[-1]

    def late_ms(group: list[dict[str, float]]) -> str:
        late = [(line["shown"] - line["due"]) / speed * 1000 for line in group]
        return f"median {statistics.median(late):.2f} ms, max {max(late):.2f} ms"

    print(f"speed {speed:g}x; times in session seconds unless said")
    print(f"t pressed at {turn['shown']:.2f}; interlude began at {inside[0]['due']:.2f}")
    print(f"interlude: {len(inside)} cues shown late by {late_ms(inside)} (real)")
    print(f"session's own: {len(own)} cues shown late by {late_ms(own)} (real)")
    print(f"went on with its {after['kind']} due at {after['due']:.2f}")
    took = end["shown"] - close["due"]
    print(
        f"e pressed at {close['shown']:.2f}; closing from {close['due']:.2f}"
        f" took {took:.2f} (two breaths: {2 * BREATH:g})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
