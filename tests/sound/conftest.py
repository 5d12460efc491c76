"""Shared parts for the sound tests: ALSA configurations in a temporary HOME, Python run
in a subprocess under them, and small fakes (an output, a clock, voice lines).

ALSA reads its configuration once per process, from ``$HOME/.asoundrc``: a test that
needs a particular device runs its playback in a fresh interpreter with HOME pointed at
a folder holding the configuration it wants.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from array import array
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mindful_tui.sound.board import ProgressFn
from mindful_tui.sound.clip import Clip
from mindful_tui.sound.output import AudioOutput

REPO = Path(__file__).resolve().parents[2]
AUDIO = REPO / "audio"

CAPTURE = 'pcm.!default {{ type file slave.pcm "null" file "{out}" format "raw" truncate false }}\n'
"""Every stream's bytes land in a file: ``out``, then ``out.0001``, ``out.0002``… (with
``truncate false`` ALSA never overwrites, it numbers the next file)."""

NO_CARD = 'pcm.!default { type plug slave.pcm "hw:99,0" }\n'
"""A card that is not there: ALSA prints "Cannot get card index for 99"."""
UNKNOWN_DEVICE = 'pcm.!default "nosuchdevice"\n'


@dataclass
class Run:
    """What a subprocess printed, and what it reported through its result file."""

    returncode: int
    stdout: str
    stderr: str
    result: Any


def run_with_alsa(home: Path, asoundrc: str | None, code: str) -> Run:
    """Run ``code`` in a fresh interpreter with HOME=``home`` holding ``asoundrc``.

    The code reports by assigning ``RESULT`` (JSON-able); it is written to a file rather
    than printed, so that stdout and stderr hold only what something else printed.
    """
    home.mkdir(parents=True, exist_ok=True)
    if asoundrc is not None:
        (home / ".asoundrc").write_text(asoundrc)
    result_file = home / "result.json"
    program = (
        "import json, sys\n"
        f"sys.path.insert(0, {str(REPO)!r})\n"
        + textwrap.dedent(code)
        + f"\nwith open({str(result_file)!r}, 'w') as _f: json.dump(RESULT, _f)\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ALSA", "PULSE"))}
    env["HOME"] = str(home)
    done = subprocess.run(
        [sys.executable, "-c", program],
        env=env,
        cwd=REPO,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    result = json.loads(result_file.read_text()) if result_file.exists() else None
    return Run(done.returncode, done.stdout, done.stderr, result)


def captures(out: Path) -> list[bytes]:
    """The bytes of each stream captured by ``CAPTURE``, in order."""
    files = [out, *sorted(out.parent.glob(out.name + ".*"))]
    return [f.read_bytes() for f in files if f.exists()]


def reference_mix(parts: Iterable[tuple[int, Iterable[int]]], length: int) -> list[int]:
    """The obvious, slow mix: add every sample in Python, clamp once."""
    total = [0] * length
    for offset, samples in parts:
        for i, value in enumerate(samples):
            if 0 <= offset + i < length:
                total[offset + i] += value
    return [max(-32768, min(32767, v)) for v in total]


class FakeClock:
    """A clock moved by hand."""

    def __init__(self, start: float = 100.0) -> None:
        self.time = start

    def now(self) -> float:
        return self.time

    def advance(self, seconds: float) -> None:
        self.time += seconds


@dataclass
class FakeOutput:
    """Records what would have been played, and when."""

    clock: FakeClock
    problem: str | None = None
    played: list[tuple[float, Clip]] = field(default_factory=list)
    stops: int = 0
    latency: float = 0.0
    """Seconds the fake device takes to start (the clock moves by it on each play)."""

    def play(self, clip: Clip) -> float | None:
        if self.problem is not None:
            return None
        self.clock.advance(self.latency)
        started = self.clock.now()
        self.played.append((started, clip))
        return started

    def stop(self) -> None:
        self.stops += 1


@dataclass
class FakeVoice:
    """Voice lines without a speech engine: each line is a short square wave."""

    available: bool = True
    problem: str | None = None
    seconds: float = 0.5
    prepared: list[str] = field(default_factory=list)
    lines: dict[str, Clip] = field(default_factory=dict)

    async def prepare(self, texts: Iterable[str], progress: ProgressFn | None = None) -> None:
        texts = list(texts)
        for done, text in enumerate(texts, 1):
            self.prepared.append(text)
            n = round(self.seconds * 44100)
            # A square wave starting at full step: its first sample marks its onset exactly.
            self.lines[text] = Clip(
                array("h", [6000 if (i // 50) % 2 == 0 else -6000 for i in range(n)])
            )
            if progress is not None:
                progress(done, len(texts))

    def clip(self, text: str) -> Clip | None:
        return self.lines.get(text) if self.available else None


def wait_done(output: AudioOutput, timeout: float = 30.0) -> None:
    """Block until the output's stream has finished (a test waiting on real playback)."""
    deadline = time.monotonic() + timeout
    while output.is_playing() and time.monotonic() < deadline:
        time.sleep(0.005)
