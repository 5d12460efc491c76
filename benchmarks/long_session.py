"""A long session on the real clock: does it end on time, and does memory stay flat?

Plays ``mindful play during --minutes 60`` (an hour of follow-along breathing, with
sound and voice) full screen in an 80×24 tmux pane, sound going to ALSA's ``file``
plugin (into /dev/null: this machine has no card), with ``--timing-log``. Every 30 s it
reads the player's resident memory (``VmRSS``, with its children). At the end it prints:

- how late the ``end`` cue was shown against the plan, and |shown − due| and
  |sound − due| p50/p99/max over every cue, and the trend of (shown − due) in ms a minute;
- memory: RSS after the first 5 minutes, at the end, the growth between them, the
  least-squares slope over the session in MiB an hour, and the peak (``VmHWM``).

    .venv/bin/python benchmarks/long_session.py [--minutes 60] [--script during]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import time
from contextlib import suppress
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from player import Pane, family, peak_memory_mib, percentile, read_timing, workspace

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_EVERY = 30.0


def rss_mib(pid: int) -> float:
    """Resident memory of ``pid`` and its living descendants (the voice workers), MiB."""
    total = 0.0
    for member in family(pid):
        with suppress(OSError):
            for line in Path(f"/proc/{member}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) / 1024
    return total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=60.0)
    parser.add_argument("--script", default="during")
    args = parser.parse_args()
    mindful = shutil.which("mindful", path=str(ROOT / ".venv" / "bin")) or "mindful"

    with workspace() as (folder, tmux):
        home = folder / "home"
        home.mkdir()
        (home / ".asoundrc").write_text(
            'pcm.!default { type file slave.pcm "null" file "/dev/null" format "raw" }\n'
        )
        log = folder / "timing.jsonl"
        command = [
            "env", f"HOME={home}", mindful, "play", args.script,
            "--minutes", f"{args.minutes:g}", "--timing-log", str(log),
        ]  # fmt: skip
        pane = Pane(tmux, "long", command, folder, folder / "mindful")
        pane.start()
        began = time.monotonic()
        samples: list[tuple[float, float]] = []
        deadline = began + args.minutes * 60 * 1.2 + 120
        print(
            f"playing {args.script} for about {args.minutes:g} min; memory every "
            f"{SAMPLE_EVERY:g} s …",
            flush=True,
        )
        while time.monotonic() < deadline:
            if log.exists() and '"kind": "end"' in log.read_text():
                break
            samples.append(((time.monotonic() - began) / 60, rss_mib(pane.pid)))
            time.sleep(SAMPLE_EVERY)
        samples.append(((time.monotonic() - began) / 60, rss_mib(pane.pid)))
        peak = peak_memory_mib(pane.pid)
        time.sleep(1)
        pane.keys("Escape")
        time.sleep(2)
        screen = pane.screen()
        pane.stop()

        lines = [json.loads(line) for line in log.read_text().splitlines() if line.strip()]
        end = next((x for x in lines if x["kind"] == "end"), None)
        if end is None:
            print("the session did not reach its end; the pane shows:\n" + screen)
            return 1
        timing = read_timing(log)
        assert timing is not None
        sounds = [abs(x["sound"] - x["due"]) * 1000 for x in lines if x["sound"] is not None]
        print(f"plan {end['due'] / 60:.2f} min, {len(lines)} cues, {len(sounds)} with sound")
        print(f"end cue shown {1000 * (end['shown'] - end['due']):+.2f} ms from its plan")
        print(
            f"|shown - due|: p50 {timing.p50:.2f} ms, p99 {timing.p99:.2f} ms, "
            f"max {timing.worst:.2f} ms; trend {timing.trend or 0:+.3f} ms a minute"
        )
        if sounds:
            print(
                f"|sound - due|: p50 {statistics.median(sounds):.2f} ms, "
                f"p99 {percentile(sounds, 0.99):.2f} ms, max {max(sounds):.2f} ms"
            )
        settled = [m for t, m in samples if t >= min(5.0, args.minutes / 4)]
        if len(settled) >= 2:
            times = [t for t, _ in samples if t >= min(5.0, args.minutes / 4)]
            slope = statistics.linear_regression(times, settled).slope * 60
            print(
                f"memory (RSS with children): {settled[0]:.1f} MiB after warm-up, "
                f"{settled[-1]:.1f} MiB at the end ({settled[-1] - settled[0]:+.1f} MiB), "
                f"slope {slope:+.2f} MiB an hour; peak VmHWM {peak:.1f} MiB"
            )
        return 0


if __name__ == "__main__":
    sys.exit(main())
