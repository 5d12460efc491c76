"""Audio onset timing: plays a session for real and measures |sound - due|.

Playback goes through simpleaudio and ALSA into ALSA's ``file`` plugin (a temporary
HOME holds the ``.asoundrc``; this machine has no sound card). The session is played by
the same ``Practice`` and conductor as the players, on the real clock and asyncio timer,
with a ``--timing-log`` whose ``sound`` is when the cue is heard from (the stream's start,
as ``play_buffer`` returned, plus the leading silence before the cue's first sample) and
``due`` its planned time, both as session positions.

Sounds are started ``LEAD`` ahead of their cue with that much silence in front, so waking
late, mixing and opening the device do not make them late; ``--lead 0`` measures the old
way (started at the cue) for comparison.

The file plugin is not paced like a card: a stream "finishes" at once, so the figures
cover scheduling, mixing and opening the device, not a card's own output latency (100 ms
of buffer in simpleaudio, which shifts every sound alike).

    .venv/bin/python benchmarks/audio_onset.py [SCRIPT] [--minutes M] [--no-voice] [--lead S]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from fractions import Fraction
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> int:
    from mindful_tui.core.timing.conductor import LEAD

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("script", nargs="?", default="reset")
    parser.add_argument("--minutes", type=Fraction, default=Fraction(1))
    parser.add_argument("--no-voice", action="store_true")
    parser.add_argument("--lead", type=float, default=LEAD, help=f"default {LEAD}")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="mindful-onset-"))
    # Before anything opens ALSA: it reads ~/.asoundrc once per process.
    (folder / ".asoundrc").write_text(
        f'pcm.!default {{ type file slave.pcm "null" file "{folder}/out.raw" format "raw" }}\n'
    )
    os.environ["HOME"] = str(folder)
    os.environ["MINDFUL_TUI_HOME"] = str(folder / "mindful")
    return asyncio.run(run(args, folder / "timing.jsonl"))


def percentiles(values: list[float]) -> str:
    ms = sorted(v * 1000 for v in values)
    p99 = ms[min(len(ms) - 1, round(0.99 * (len(ms) - 1)))]
    return f"p50 {statistics.median(ms):.2f} ms, p99 {p99:.2f} ms, max {ms[-1]:.2f} ms"


async def run(args: argparse.Namespace, log_path: Path) -> int:
    from mindful_tui.cli.loading import load_named
    from mindful_tui.core.storage.user_settings import Settings
    from mindful_tui.core.timing.engine import Due
    from mindful_tui.core.timing.timeline import Cue
    from mindful_tui.core.timing.timinglog import TimingLog
    from mindful_tui.session.options import Choices, setup
    from mindful_tui.session.playback import Playback
    from mindful_tui.session.practice import Practice

    choices = Choices(minutes=args.minutes, voice=not args.no_voice)
    chosen = setup(load_named(args.script), Settings(), choices)
    timeline = chosen.timeline
    log = TimingLog(log_path)
    practice = Practice.start(chosen, Playback(timing_log=log, history=False))
    began = time.perf_counter()
    notices = await practice.prepare()
    print(f"prepared in {time.perf_counter() - began:.2f} s; notices: {notices}")

    class Quiet:
        def show(self, due: Due) -> float | None:
            return None

        async def ask(self, cue: Cue) -> str | int | None:
            return None

    print(
        f"playing {timeline.title!r}: {float(timeline.total):.1f} s, "
        f"sounds started {args.lead * 1000:g} ms ahead …",
        flush=True,
    )
    with log:
        await practice.conductor(Quiet(), lead=args.lead).run()

    lines = [json.loads(line) for line in log_path.read_text().splitlines()]
    sounds = [abs(x["sound"] - x["due"]) for x in lines if x["sound"] is not None]
    shown = [abs(x["shown"] - x["due"]) for x in lines]
    if not sounds:
        print("no sound was played")
        return 1
    print(f"|sound - due| over {len(sounds)} sounding cues: {percentiles(sounds)}")
    print(f"|shown - due| over {len(shown)} cues: {percentiles(shown)}")
    worst = sorted(
        (x for x in lines if x["sound"] is not None), key=lambda x: -abs(x["sound"] - x["due"])
    )[:3]
    print(
        "worst: "
        + ", ".join(
            f"cue {x['cue']} ({x['kind']} at {x['due']:g} s) "
            f"sound {1000 * (x['sound'] - x['due']):+.2f} "
            f"shown {1000 * (x['shown'] - x['due']):+.2f} ms"
            for x in worst
        )
    )
    first, last = lines[0], lines[-1]
    print(
        f"drift, last cue minus first: {(last['shown'] - last['due']) * 1000:+.2f} ms vs "
        f"{(first['shown'] - first['due']) * 1000:+.2f} ms"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
