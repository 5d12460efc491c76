"""Audio onset timing: plays a short session for real and measures |sound - due|.

Playback goes through simpleaudio and ALSA into ALSA's ``file`` plugin (a temporary
HOME holds the ``.asoundrc``; this machine has no sound card). Each cue is played by the
real conductor, session engine, asyncio timer and sound board; ``sound`` is when
``play_buffer`` returned (the device open and its thread started), ``due`` is the cue's
planned time, both as session positions, exactly as ``--timing-log`` records them.

The file plugin is not paced like a card: a stream "finishes" at once, so the figures
cover scheduling, mixing and opening the device, not a card's own output latency (100 ms
of buffer in simpleaudio, which shifts every sound alike).

    .venv/bin/python benchmarks/audio_onset.py [SCRIPT] [--minutes M] [--no-voice]
"""

from __future__ import annotations

import argparse
import asyncio
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
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("script", nargs="?", default="reset")
    parser.add_argument("--minutes", type=Fraction, default=Fraction(1))
    parser.add_argument("--no-voice", action="store_true")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="mindful-onset-"))
    # Before anything opens ALSA: it reads ~/.asoundrc once per process.
    (folder / ".asoundrc").write_text(
        f'pcm.!default {{ type file slave.pcm "null" file "{folder}/out.raw" format "raw" }}\n'
    )
    os.environ["HOME"] = str(folder)
    return asyncio.run(run(args))


async def run(args: argparse.Namespace) -> int:
    from mindful_tui.cli.commands import load_named
    from mindful_tui.core.clock import MonotonicClock
    from mindful_tui.core.conductor import Conductor
    from mindful_tui.core.engine import Due, Session
    from mindful_tui.core.timeline import Cue, compile_script
    from mindful_tui.core.timer import AsyncTimer
    from mindful_tui.sound.board import SoundBoard, SoundOptions
    from mindful_tui.sound.clip import load_wav
    from mindful_tui.sound.mixer import mix
    from mindful_tui.sound.voice import VoiceLines, VoiceSettings

    script = load_named(args.script, args.minutes)
    timeline = compile_script(script)
    voice = None if args.no_voice else VoiceLines(VoiceSettings(rate=script.voice.rate or 150))
    board = SoundBoard(timeline, SoundOptions(voice=not args.no_voice), voice=voice)
    began = time.perf_counter()
    await board.prepare()
    print(f"prepared in {time.perf_counter() - began:.2f} s; notices: {board.notices()}")

    clock = MonotonicClock()
    session = Session(timeline, clock)
    errors: list[float] = []
    mixes: list[float] = []
    wakes: list[float] = []
    costs: list[float] = []

    class Presenter:
        def show(self, due: Due) -> float | None:
            shown = session.position()
            started = board.cue(due.cue, session.text_of(due.cue))
            if started is not None:
                errors.append(abs(session.position_at(started) - float(due.cue.at)))
                # Split the error: how late the loop woke, and what starting cost.
                wakes.append(shown - float(due.cue.at))
                costs.append(session.position_at(started) - shown)
                if board.mixer.last_mix_seconds:
                    mixes.append(board.mixer.last_mix_seconds)
                    board.mixer.last_mix_seconds = 0.0
            return started

        async def ask(self, cue: Cue) -> str | int | None:
            return None

    print(f"playing {timeline.title!r}: {float(timeline.total):.1f} s …", flush=True)
    await Conductor(session, Presenter(), AsyncTimer(clock)).run()

    if not errors:
        print("no sound was played")
        return 1
    ms = sorted(e * 1000 for e in errors)
    p99 = ms[min(len(ms) - 1, round(0.99 * (len(ms) - 1)))]
    print(
        f"|sound - due| over {len(ms)} sounds: p50 {statistics.median(ms):.2f} ms, "
        f"p99 {p99:.2f} ms, max {ms[-1]:.2f} ms"
    )
    for name, values in (("of which: wake late", wakes), ("of which: cue to sound", costs)):
        v = sorted(x * 1000 for x in values)
        p = v[min(len(v) - 1, round(0.99 * (len(v) - 1)))]
        print(f"  {name}: p50 {statistics.median(v):.2f} ms, p99 {p:.2f} ms")
    if mixes:
        mm = sorted(m * 1000 for m in mixes)
        print(
            f"mixing in play: {len(mm)} restarts, median {statistics.median(mm):.2f} ms, "
            f"max {mm[-1]:.2f} ms"
        )
    bowl = load_wav(ROOT / "audio" / "bowl.wav").samples
    line = load_wav(ROOT / "audio" / "bell.wav").samples[: 2 * 44100]
    timings = []
    for _ in range(21):
        t = time.perf_counter()
        mix([(0, bowl), (0, line)], len(bowl))
        timings.append(time.perf_counter() - t)
    timings.sort()
    print(
        f"mix 6.5 s bowl + 2 s line: median {timings[10] * 1000:.2f} ms, "
        f"max {timings[-1] * 1000:.2f} ms"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
