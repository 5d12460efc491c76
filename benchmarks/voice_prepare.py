"""Benchmark: voice preparation for the longest built-in session, cold and cached.

"Longest" is the built-in script with the most distinct spoken lines (every line is
rendered once, so that is what preparation costs). Cold: an empty cache, every line
rendered by the real speech engine in worker subprocesses. Cached: a second
``VoiceLines`` over the same cache, which starts no worker and only loads the files.

    .venv/bin/python benchmarks/voice_prepare.py [--repeat N] [--parallel P]

Each figure is the median of ``--repeat`` runs, each in a fresh temporary cache.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from mindful_tui.core.script.model import Script
from mindful_tui.core.storage import library
from mindful_tui.core.timing.timeline import compile_script
from mindful_tui.sound.speech import VoiceSettings
from mindful_tui.sound.voice import (
    PARALLEL,
    VoiceLines,
    engine_id,
)


def longest() -> tuple[str, Script, list[str]]:
    """The built-in script with the most distinct spoken lines."""
    best: tuple[str, Script, list[str]] | None = None
    for entry in library.entries():
        if entry.source != "built-in" or entry.script is None:
            continue
        texts = compile_script(entry.script).spoken_lines()
        if best is None or len(texts) > len(best[2]):
            best = (entry.name, entry.script, texts)
    if best is None:
        raise SystemExit("no built-in scripts found")
    return best


def timed(lines: VoiceLines, texts: list[str]) -> float:
    begun = time.perf_counter()
    asyncio.run(lines.prepare(texts))
    return time.perf_counter() - begun


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (median)")
    parser.add_argument("--parallel", type=int, default=PARALLEL, help="workers at once")
    args = parser.parse_args()

    name, script, texts = longest()
    settings = VoiceSettings(rate=script.voice.rate or 150)
    cold: list[float] = []
    cached: list[float] = []
    audio = 0.0
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory() as folder:
            first = VoiceLines(settings, Path(folder), parallel=args.parallel)
            cold.append(timed(first, texts))
            if not first.available:
                print(f"voice_prepare: {first.problem}", file=sys.stderr)
                return 1
            second = VoiceLines(settings, Path(folder), parallel=args.parallel)
            cached.append(timed(second, texts))
            assert second.runs == 0, "a cached preparation started a worker"
            audio = sum(second.seconds(t) or 0.0 for t in texts)

    print(f"engine: {engine_id()}; script: {name} ({script.title}); rate {settings.rate}")
    print(f"lines: {len(texts)} distinct, {audio:.1f} s of speech once trimmed")
    print(f"workers: {args.parallel}; median of {args.repeat} runs")
    for label, runs in (("cold", cold), ("cached", cached)):
        median = statistics.median(runs)
        print(
            f"{label:>6}: {median:7.3f} s  {len(texts) / median:8.1f} lines/s"
            f"  (runs: {', '.join(f'{r:.3f}' for r in runs)})"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
