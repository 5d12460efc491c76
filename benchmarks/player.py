"""The player and the picker against a bare Textual app: start-up, CPU, memory, cue timing.

Everything runs in real terminals: a private tmux server (its own socket, no user
config) with 80×24 sessions, a private ``MINDFUL_TUI_HOME`` temp folder, and the player
with ``--no-sound --no-voice`` (sound is measured by ``audio_onset.py``). Each process
waits behind a gate (a FIFO its shell reads before ``exec``) while ``tmux pipe-pane``
is attached, so every byte it writes to its terminal is timestamped from the first one.

Start-up to the first painted frame
    The clock starts when the gate opens (the shell then ``exec``\\s the program) and
    stops when the bytes that complete the expected text reach the terminal: "bare
    textual app" for ``bare_app.py``, the script's title for ``mindful play``, the first
    group heading ("Before your massage") for the picker (``mindful`` alone), whose row
    below gives when the rest of it is painted too: the preview of the highlighted
    script and the key bar's hints. Timestamps
    are taken by a thread reading the pane's output stream (``pipe-pane``), so there is
    no polling interval and no ``capture-pane`` process competing for the CPU; a final
    ``capture-pane`` checks that the text really is on screen. One warm-up run of each is
    discarded; the runs of the three alternate. ``--picker`` times only the bare app and
    the picker, and nothing else.
CPU while breathing
    A breathing-only script plays for real; after a settling time, utime+stime (plus any
    children) from ``/proc/PID/stat`` are read at both ends of a window: % of one core.
    The dim runs have ``dim: true`` in their settings; if the player does not start dim
    from it (the caption still counts "breath k of 20"), ``d`` is pressed once the first
    frame is up, and the table says which. The bare app sits idle over the same window.
    All of these run at once, so they share the machine's load.
Peak memory
    ``VmHWM`` from ``/proc/PID/status`` at the end of the window.
Redraws and terminal output
    ``Pacer.redraws`` per second comes from a probe: this file run as a wrapper
    (``--probe``) around ``mindful play`` that counts ``Pacer.sync`` calls that drew a
    frame. Updates per second are bursts of output on the terminal (chunks less than
    4 ms apart are one update), bytes per second their size; both for every process.
Cue timing
    ``--timing-log`` of the breathing runs and of a denser script (a cue every 0.5–1.5 s,
    for ``--cues`` seconds, on after the others stop) played in real time: |shown − due|
    p50/p99/max; drift, (shown − due) of the last cue minus that of the first; and its
    trend, the least-squares slope over all cues. The verdicts pool every cue of the real
    ``mindful`` runs for the p99, and take "no drift" as a trend within ±1 ms a minute.
    ``shown`` is when the screen update was made; the probe also gives the time from that
    to the next bytes reaching the terminal.

    .venv/bin/python benchmarks/player.py [--repeats N] [--window S] [--settle S] [--cues S]
    .venv/bin/python benchmarks/player.py --picker [--repeats N]

Defaults (10 start-ups of each, a 30 s window after 5 s, 90 s of dense cues) take about
two minutes, ``--picker`` about 15 s; raise them for steadier figures.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import re
import select
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BIN = Path(sys.executable).parent
WIDTH, HEIGHT = 80, 24
TICKS = os.sysconf("SC_CLK_TCK")
BURST_GAP = 0.004
"""Output chunks closer than this are one screen update."""
BARE_TEXT = "bare textual app"
BUILT_IN = "reset"
BUILT_IN_TITLE = "Breathing reset"
PICKER_TEXT = "Before your massage"
"""The picker's first group heading: on screen once its list is painted."""
PICKER_REST = ("breaths/min", "f3 Settings")
"""The rest of the picker: its preview of the highlighted script (the list says only
"/min") and the key bar's hints."""
TARGET = 1.3
"""A mindful start-up may take at most this many times the bare app's (medians)."""

PHASE_WORD = "Breathe in"
"""On screen once the breathing script plays, in dim mode too (the heading is hidden)."""
COUNTED = " of 20"
"""The caption's "breath k of 20": shown only when not dim."""

BREATH_SCRIPT = """\
title: Benchmark breath
steps:
  - breathe: {cycles: 20, pattern: {inhale: 4, exhale: 6}}
"""


def dense_script(seconds: float) -> str:
    """A script with a cue every 0.5–1.5 s, lasting at least ``seconds``."""
    cycles = max(2, math.ceil(seconds / 3.5) + 1)
    return (
        "title: Benchmark cues\n"
        "steps:\n"
        "  - say: Settle in.\n"
        "    seconds: 1.5\n"
        "  - breathe:\n"
        f"      cycles: {cycles}\n"
        "      pattern: {inhale: 1, hold: 0.5, exhale: 1.5, rest: 0.5}\n"
        "      prompts: {1: In and out., 3: Keep going.}\n"
        "  - say: Done.\n"
        "    seconds: 1\n"
    )


# -- a private tmux server and taps on its panes ------------------------------------------


class Tmux:
    """A tmux server of our own: its own socket, no config file, killed at the end."""

    def __init__(self, folder: Path) -> None:
        self.socket = folder / "tmux.sock"

    def __call__(self, *args: str) -> str:
        done = subprocess.run(
            ["tmux", "-f", "/dev/null", "-S", str(self.socket), *args],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"tmux {' '.join(args)}: {done.stderr.strip()}")
        return done.stdout

    def kill_server(self) -> None:
        with suppress(RuntimeError):
            self("kill-server")


ESCAPES = re.compile(
    rb"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[PX^_][^\x1b]*\x1b\\|[ -~])"
    rb"|[\r\n]"
)
"""Terminal control sequences and line ends: what is left is the text painted."""


class Tap:
    """Reads one pane's output (from ``pipe-pane`` through a FIFO) and timestamps it."""

    def __init__(self, path: Path, keep: bool) -> None:
        os.mkfifo(path)
        self.path = path
        # Read and write: the FIFO never reports end of file before (or after) tmux's cat.
        self._fd = os.open(path, os.O_RDWR | os.O_NONBLOCK)
        self._keep = keep
        self._data = bytearray()
        self.chunks: list[tuple[float, int]] = []
        self._watch: dict[bytes, float | None] = {}
        """Texts looked for, and when the bytes completing each arrived."""
        self._ready = threading.Condition()
        self._closed = False
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        while not self._closed:
            ready, _, _ = select.select([self._fd], [], [], 0.1)
            if not ready:
                continue
            now = time.monotonic()
            try:
                data = os.read(self._fd, 1 << 16)
            except BlockingIOError:
                continue
            except OSError:
                return
            with self._ready:
                self.chunks.append((now, len(data)))
                if self._keep:
                    self._data += data
                missing = [text for text, found in self._watch.items() if found is None]
                if missing:
                    painted = ESCAPES.sub(b"", self._data)
                    for text in missing:
                        if text in painted:
                            self._watch[text] = now
                    self._ready.notify_all()

    def watch(self, text: str) -> None:
        """Look for ``text`` from now on; set before the program starts, the time its
        bytes arrive is exact however late ``wait_for`` asks."""
        with self._ready:
            if text.encode() not in self._watch:
                already = text.encode() in ESCAPES.sub(b"", self._data)
                self._watch[text.encode()] = self.chunks[-1][0] if already else None

    def wait_for(self, text: str, timeout: float) -> float | None:
        """The time the bytes completing ``text`` arrived (None if not within ``timeout``)."""
        self.watch(text)
        with self._ready:
            self._ready.wait_for(lambda: self._watch[text.encode()] is not None, timeout)
            return self._watch[text.encode()]

    def forget(self) -> None:
        """Stop keeping the bytes (only their times and sizes)."""
        with self._ready:
            self._keep = False
            self._data = bytearray()

    def first_byte(self) -> float | None:
        with self._ready:
            return self.chunks[0][0] if self.chunks else None

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self._thread.join()
            os.close(self._fd)


@dataclass
class Pane:
    """One program in its own 80×24 tmux session, started through a gate."""

    tmux: Tmux
    name: str
    command: Sequence[str]
    folder: Path
    home: Path
    keep: bool = True
    pid: int = 0
    opened: float = 0.0
    tap: Tap | None = None
    watch: Sequence[str] = ()
    """Texts to time as they reach the terminal (see ``Tap.watch``)."""

    def start(self) -> None:
        gate = self.folder / f"{self.name}.gate"
        os.mkfifo(gate)
        line = " ".join(_quote(part) for part in self.command)
        self.tmux(
            "new-session", "-d", "-x", str(WIDTH), "-y", str(HEIGHT), "-s", self.name,
            "-e", f"MINDFUL_TUI_HOME={self.home}", "-e", "COLORTERM=truecolor",
            f"read _ < {_quote(str(gate))}; exec {line}",
        )  # fmt: skip
        self.tmux("set-option", "-t", self.name, "remain-on-exit", "on")
        self.pid = int(self.tmux("display-message", "-p", "-t", self.name, "#{pane_pid}"))
        self.tap = Tap(self.folder / f"{self.name}.out", self.keep)
        for text in self.watch:
            self.tap.watch(text)
        self.tmux("pipe-pane", "-t", self.name, f"exec cat > {_quote(str(self.tap.path))}")
        time.sleep(0.05)  # let tmux start its cat before the first byte
        fd = _open_writer(gate)
        self.opened = time.monotonic()
        os.write(fd, b"go\n")
        os.close(fd)

    def wait_for(self, text: str, timeout: float = 30.0) -> float:
        """Seconds from the gate opening to ``text`` reaching the terminal."""
        assert self.tap is not None
        found = self.tap.wait_for(text, timeout)
        if found is None:
            raise RuntimeError(
                f"{self.name}: {text!r} did not appear within {timeout:g} s; the pane shows:\n"
                + self.screen()
            )
        return found - self.opened

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", self.name)

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", self.name, *keys)

    def stop(self) -> None:
        """SIGTERM (the player ends its session and restores the terminal), then clean up."""
        if self.pid and _alive(self.pid):
            with suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGTERM)
            deadline = time.monotonic() + 5
            while _alive(self.pid) and time.monotonic() < deadline:
                time.sleep(0.01)
            if _alive(self.pid):
                with suppress(ProcessLookupError):
                    os.kill(self.pid, signal.SIGKILL)
        with suppress(RuntimeError):
            self.tmux("kill-session", "-t", self.name)
        if self.tap is not None:
            self.tap.close()


def _quote(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


def _open_writer(path: Path, timeout: float = 10.0) -> int:
    """Open a FIFO for writing once its reader (the pane's shell) is there."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError(f"nothing read the gate {path}") from None
            time.sleep(0.001)
            continue
        os.set_blocking(fd, True)
        return fd


# -- /proc ---------------------------------------------------------------------------------


def _stat(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text[text.rfind(")") + 2 :].split()


def _alive(pid: int) -> bool:
    fields = _stat(pid)
    return fields is not None and fields[0] not in ("Z", "X")


def family(pid: int) -> list[int]:
    """``pid`` and its living descendants."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (fields := _stat(int(entry.name))) is not None:
            parents[int(entry.name)] = int(fields[1])
    out = []
    for candidate in parents:
        p = candidate
        while p > 1 and p != pid:
            p = parents.get(p, 0)
        if p == pid:
            out.append(candidate)
    return out


def cpu_seconds(pid: int) -> float:
    """CPU time of ``pid``, its reaped children and its living descendants."""
    total = 0
    for member in family(pid):
        fields = _stat(member)
        if fields is not None:
            total += sum(int(x) for x in fields[11:15])
    return total / TICKS


def peak_memory_mib(pid: int) -> float:
    """``VmHWM`` of ``pid`` in MiB (0 if it is gone)."""
    with suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


# -- figures -------------------------------------------------------------------------------


def percentile(values: Sequence[float], share: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def bursts(chunks: Sequence[tuple[float, int]], start: float, end: float) -> tuple[int, int]:
    """Screen updates (bursts of output) and bytes between ``start`` and ``end``."""
    count, size, last = 0, 0, -math.inf
    for at, n in chunks:
        if start <= at < end:
            if at - last > BURST_GAP:
                count += 1
            size += n
        last = at
    return count, size


@dataclass
class Timing:
    """Cue timing from one ``--timing-log``."""

    cues: int
    p50: float
    p99: float
    worst: float
    drift: float
    """(shown − due) of the last cue minus that of the first, ms."""
    trend: float | None
    """The least-squares slope of (shown − due), ms per minute (from 10 cues over 30 s)."""
    errors: list[float] = field(default_factory=list)
    """|shown − due| of every cue, ms."""


def read_timing(path: Path) -> Timing | None:
    lines = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    if not lines:
        return None
    due = [float(x["due"]) for x in lines]
    late = [float(x["shown"]) - d for x, d in zip(lines, due, strict=True)]
    errors = [abs(x) * 1000 for x in late]
    slope = None
    if len(lines) > 9 and due[-1] - due[0] >= 30:
        slope = statistics.linear_regression(due, late).slope * 60 * 1000
    return Timing(
        len(lines),
        statistics.median(errors),
        percentile(errors, 0.99),
        max(errors),
        (late[-1] - late[0]) * 1000,
        slope,
        errors,
    )


@dataclass
class Run:
    """One process of the CPU phase and what was measured of it."""

    label: str
    pane: Pane
    expect: str
    """The text that shows it has painted."""
    log: Path | None = None
    probe: Path | None = None
    dim: bool = False
    started: float = 0.0
    cpu: float = 0.0
    memory: float = 0.0
    updates: float = 0.0
    bytes_per_s: float = 0.0
    redraws: float | None = None
    timing: Timing | None = None
    paint_lag: list[float] = field(default_factory=list)
    note: str = ""


# -- the benchmark -------------------------------------------------------------------------


@contextmanager
def workspace() -> Iterator[tuple[Path, Tmux]]:
    folder = Path(tempfile.mkdtemp(prefix="mindful-bench-"))
    tmux = Tmux(folder)
    try:
        yield folder, tmux
    finally:
        tmux.kill_server()
        shutil.rmtree(folder, ignore_errors=True)


@dataclass(frozen=True)
class Program:
    """A program whose start-up is timed, and the text that shows it has painted."""

    label: str
    command: tuple[str, ...]
    text: str
    later: tuple[str, ...] = ()
    """Texts that may be painted after the first frame (the rest of the picker): the
    time all of them are on screen is given too."""


def programs() -> dict[str, Program]:
    """Every program whose start-up is timed, by kind; ``bare`` is the baseline."""
    mindful = str(BIN / "mindful")
    return {
        "bare": Program(
            "bare Textual app (benchmarks/bare_app.py)",
            (str(BIN / "python"), str(HERE / "bare_app.py")),
            BARE_TEXT,
        ),
        "player": Program(
            f"mindful play {BUILT_IN} --no-sound --no-voice",
            (mindful, "play", BUILT_IN, "--no-sound", "--no-voice"),
            BUILT_IN_TITLE,
        ),
        "picker": Program("mindful (the picker)", (mindful,), PICKER_TEXT, PICKER_REST),
    }


@dataclass(frozen=True)
class Start:
    """One start-up: seconds from the gate opening, and memory."""

    first: float
    """The first byte the program wrote to its terminal."""
    paint: float
    """The bytes completing its expected text."""
    memory: float
    """``VmHWM`` once painted, MiB."""
    later: float | None = None
    """The bytes completing the last of its ``later`` texts, if it has any."""


def startup(
    folder: Path,
    tmux: Tmux,
    repeats: int,
    say: Callable[[str], None],
    kinds: Sequence[str] = ("bare", "player", "picker"),
) -> dict[str, list[Start]]:
    """Each start-up of the programs of ``kinds``, alternating, after a warm-up of each."""
    known = programs()
    results: dict[str, list[Start]] = {kind: [] for kind in kinds}
    for i in range(repeats + 1):
        for kind in kinds:
            program = known[kind]
            # One home for all starts of a kind, as a user has: the first start (the
            # warm-up, not counted) fills the parsed-script cache the others use.
            home = folder / f"start-home-{kind}"
            home.mkdir(exist_ok=True)
            watch = [program.text, *program.later]
            pane = Pane(tmux, f"start-{kind}-{i}", program.command, folder, home, watch=watch)
            try:
                pane.start()
                paint = pane.wait_for(program.text)
                later = max((pane.wait_for(text) for text in program.later), default=None)
                assert pane.tap is not None
                first = (pane.tap.first_byte() or 0.0) - pane.opened
                memory = peak_memory_mib(pane.pid)
                screen = pane.screen()
                for text in watch:
                    if text not in screen:
                        raise RuntimeError(f"{kind}: {text!r} is not on screen after painting")
            finally:
                pane.stop()
            if i > 0:  # the first of each is a warm-up
                results[kind].append(Start(first, paint, memory, later))
        say(".")
    return results


def startup_report(starts: dict[str, list[Start]], repeats: int) -> bool:
    """Print the start-up figures; True when every program is within ``TARGET`` of the
    bare app."""
    known = programs()
    print(
        f"\nstart-up to the first painted frame ({repeats} runs each, alternating, after a warm-up)"
    )
    print(f"  {'':44} {'median':>8} {'p90':>8} {'1st byte':>9}")

    def row(label: str, seconds: Sequence[float], firsts: Sequence[float] = ()) -> float:
        paints = [s * 1000 for s in seconds]
        median = statistics.median(paints)
        first = f"{statistics.median(firsts) * 1000:7.0f}ms" if firsts else ""
        print(f"  {label:44} {median:6.0f}ms {percentile(paints, 0.9):6.0f}ms {first}")
        return median

    medians = {}
    for kind, runs in starts.items():
        medians[kind] = row(known[kind].label, [s.paint for s in runs], [s.first for s in runs])
        later = [s.later for s in runs if s.later is not None]
        if later:
            row("  … and " + ", ".join(map(repr, known[kind].later)), later)
    ok = True
    for kind in starts:
        if kind != "bare":
            ratio = medians[kind] / medians["bare"]
            good = ratio <= TARGET
            ok = ok and good
            print(
                f"  {kind + ' / bare (medians)':44} {ratio:7.2f}×   target ≤ {TARGET}×  "
                + ("ok" if good else "MISSED")
            )
    return ok


def steady(
    folder: Path,
    tmux: Tmux,
    settle: float,
    window: float,
    timing: float,
    say: Callable[[str], None],
) -> list[Run]:
    """The CPU phase: every process at once, measured over the same window."""
    breath = folder / "breath.yaml"
    breath.write_text(BREATH_SCRIPT)
    dense = folder / "dense.yaml"
    dense.write_text(dense_script(max(timing, settle + window) + 10))
    quiet = ["--no-sound", "--no-voice"]
    mindful = [str(BIN / "mindful"), "play"]
    probe = [str(BIN / "python"), str(Path(__file__).resolve()), "--probe"]

    def player(
        label: str, name: str, script: Path, *, dim: bool = False, probed: bool = False
    ) -> Run:
        log = folder / f"{name}.jsonl"
        out = folder / f"{name}.probe.json"
        head = [*probe, str(out)] if probed else mindful
        command = [*head, str(script), *quiet, "--timing-log", str(log)]
        home = folder / f"home-{name}"
        (home / "config").mkdir(parents=True)
        # Start in dim mode if the player reads the setting; else 'd' is pressed.
        if dim:
            (home / "config" / "settings.yaml").write_text("dim: true\n")
        pane = Pane(tmux, name, command, folder, home, keep=False)
        expect = "Settle in." if script == dense else PHASE_WORD
        return Run(label, pane, expect, log, out if probed else None, dim)

    bare_home = folder / "home-bare"
    bare_home.mkdir()
    bare_cmd = programs()["bare"].command
    runs = [
        player("player, breathing", "breath", breath),
        player("player, breathing, dim", "dim", breath, dim=True),
        Run(
            "bare app, idle",
            Pane(tmux, "bare", bare_cmd, folder, bare_home, False),
            BARE_TEXT,
        ),
        player("probe, breathing", "probe", breath, probed=True),
        player("probe, breathing, dim", "probedim", breath, dim=True, probed=True),
        player("player, dense cues", "dense", dense),
    ]
    try:
        for run in runs:
            run.pane.keep = True  # to see the first paint; dropped after it
            run.pane.start()
            run.pane.wait_for(run.expect)
            assert run.pane.tap is not None
            run.pane.tap.forget()
            run.started = time.monotonic()
            if run.dim:
                time.sleep(0.3)
                if COUNTED in run.pane.screen():
                    run.pane.keys("d")
                    run.note = "dim: 'd' pressed"
                else:
                    run.note = "dim: from settings"
            say(".")
        time.sleep(settle)
        for run in runs:
            if run.dim and COUNTED in run.pane.screen():
                run.note = "dim mode did not take"
        begin = {id(run): (time.monotonic(), cpu_seconds(run.pane.pid)) for run in runs}
        time.sleep(window)
        for run in runs:
            start, before = begin[id(run)]
            now = time.monotonic()
            run.cpu = (cpu_seconds(run.pane.pid) - before) / (now - start) * 100
            run.memory = peak_memory_mib(run.pane.pid)
            assert run.pane.tap is not None
            updates, size = bursts(run.pane.tap.chunks, start, now)
            run.updates, run.bytes_per_s = updates / (now - start), size / (now - start)
        ends = {id(run): begin[id(run)][0] + window for run in runs}
        for run in runs[:-1]:
            run.pane.stop()
        say(" cues ")
        dense_run = runs[-1]
        time.sleep(max(0.0, dense_run.started + timing - time.monotonic()))
    finally:
        for run in runs:
            run.pane.stop()
    for run in runs:
        if run.log is not None and run.log.exists():
            run.timing = read_timing(run.log)
        if run.probe is not None:
            if not run.probe.exists():
                run.note = "the probe wrote nothing"
                continue
            data = json.loads(run.probe.read_text())
            start = begin[id(run)][0]
            drawn = [t for t in data["redraws"] if start <= t < ends[id(run)]]
            run.redraws = len(drawn) / window
            assert run.pane.tap is not None
            times = [at for at, _ in run.pane.tap.chunks]
            for made, *_ in data["records"]:
                after = [t for t in times if t >= made]
                if after:
                    run.paint_lag.append((after[0] - made) * 1000)
    return runs


def report(
    starts: dict[str, list[Start]],
    runs: list[Run],
    args: argparse.Namespace,
) -> bool:
    """Print the table; True when every target is met."""
    ok = startup_report(starts, args.repeats)

    def verdict(good: bool) -> str:
        nonlocal ok
        ok = ok and good
        return "ok" if good else "MISSED"

    print(f"\nsteady state over {args.window:g} s, after {args.settle:g} s settling (all at once)")
    print(
        f"  {'':24} {'CPU %core':>9} {'VmHWM':>9} {'updates/s':>9} {'bytes/s':>8} {'redraws/s':>9}"
    )
    for run in runs:
        redraws = "" if run.redraws is None else f"{run.redraws:9.2f}"
        print(
            f"  {run.label:24} {run.cpu:8.2f}% {run.memory:6.1f}MiB {run.updates:9.2f} "
            f"{run.bytes_per_s:8.0f} {redraws:>9}  {run.note}"
        )
    breathing = next(r for r in runs if r.label == "player, breathing")
    dim = next(r for r in runs if r.label == "player, breathing, dim")
    bare = next(r for r in runs if r.label == "bare app, idle")
    print(f"  target: breathing ≤ 1% of a core: {verdict(breathing.cpu <= 1.0)} "
          f"(dim {dim.cpu:.2f}%, bare idle {bare.cpu:.2f}%)")  # fmt: skip
    peak = max(r.memory for r in runs if r.log is not None)
    peak = max([peak, *(s.memory for s in starts["player"])])
    print(f"  target: peak memory of the player ≤ 60 MiB: {peak:.1f} MiB {verdict(peak <= 60)}")

    print(
        f"\ncue timing from --timing-log, |shown − due| (real time; breathing runs "
        f"{args.settle + args.window:.0f} s, dense cues {args.cues:.0f} s)"
    )
    print(f"  {'':24} {'cues':>5} {'p50':>8} {'p99':>8} {'max':>8} {'drift':>9} {'trend':>11}")
    for run in runs:
        if run.timing is None:
            continue
        t = run.timing
        print(
            f"  {run.label:24} {t.cues:5d} {t.p50:6.2f}ms {t.p99:6.2f}ms {t.worst:6.2f}ms "
            f"{t.drift:+7.2f}ms " + ("" if t.trend is None else f"{t.trend:+6.2f}ms/min")
        )
    # The verdicts: every cue of the real `mindful` runs pooled (a p99 of 8 cues is their
    # max), and drift as the trend of the longest run (last − first is one cue's jitter).
    timings = [
        r.timing for r in runs if r.timing is not None and r.pane.command[0].endswith("mindful")
    ]
    pooled = [e for t in timings for e in t.errors]
    trends = [t.trend for t in timings if t.trend is not None]
    if pooled:
        p99 = percentile(pooled, 0.99)
        print(
            f"  {'all mindful runs pooled':24} {len(pooled):5d} {statistics.median(pooled):6.2f}ms "
            f"{p99:6.2f}ms {max(pooled):6.2f}ms"
        )
        print(f"  target: p99 ≤ 10 ms (pooled): {verdict(p99 <= 10)}", end="")
        if trends:
            worst = max(trends, key=abs)
            print(
                f"; no drift (|trend| ≤ 1 ms/min): {worst:+.2f} ms/min {verdict(abs(worst) <= 1)}"
            )
        else:
            print("; drift: no run long enough for a trend (--cues 30 or more)")
    for run in runs:
        if run.paint_lag:
            print(
                f"  {run.label}: cue made → next bytes at the terminal: median "
                f"{statistics.median(run.paint_lag):.1f} ms, max {max(run.paint_lag):.1f} ms "
                f"over {len(run.paint_lag)} cues"
            )
    return ok


def probe(out: Path, argv: list[str]) -> int:
    """``mindful`` itself, counting the pacer's redraws and when each cue was logged."""
    sys.path.insert(0, str(ROOT))
    from mindful_tui.cli.main import main as mindful
    from mindful_tui.core.timing.timeline import Cue
    from mindful_tui.core.timing.timinglog import TimingLog
    from mindful_tui.ui.widgets.pacer import Pacer

    redraws: list[float] = []
    records: list[tuple[float, int, float, float]] = []
    sync, record = Pacer.sync, TimingLog.record

    def counting_sync(self: Pacer, force: bool = False) -> None:
        before = self.redraws
        sync(self, force)
        if self.redraws != before:
            redraws.append(time.monotonic())

    def timed_record(
        self: TimingLog,
        index: int,
        cue: Cue,
        shown: float,
        sound: float | None,
        interlude: str | None = None,
    ) -> None:
        records.append((time.monotonic(), index, float(cue.at), shown))
        record(self, index, cue, shown, sound, interlude)

    Pacer.sync = counting_sync  # type: ignore[method-assign]
    TimingLog.record = timed_record  # type: ignore[method-assign]
    try:
        return mindful(["play", *argv])
    finally:
        out.write_text(json.dumps({"redraws": redraws, "records": records}))


def main() -> int:
    if len(sys.argv) > 2 and sys.argv[1] == "--probe":
        return probe(Path(sys.argv[2]), sys.argv[3:])
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=10, help="start-ups of each (10)")
    parser.add_argument("--window", type=float, default=30.0, help="CPU window, seconds (30)")
    parser.add_argument("--settle", type=float, default=5.0, help="seconds before it (5)")
    parser.add_argument(
        "--cues", type=float, default=90.0, help="seconds the dense-cue run plays (90)"
    )
    parser.add_argument(
        "--picker",
        action="store_true",
        help="only the start-ups of the picker and the bare app (about 15 s)",
    )
    args = parser.parse_args()
    if shutil.which("tmux") is None:
        print("player benchmark: tmux is not installed", file=sys.stderr)
        return 1

    import compileall

    import textual

    # Measure what an installed wheel does: pip compiles every module, so both programs
    # start from bytecode. (A session that sets PYTHONDONTWRITEBYTECODE would otherwise
    # make the player compile its 40 modules from source at every start.)
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    compileall.compile_dir(ROOT / "mindful_tui", quiet=1)
    compileall.compile_file(HERE / "bare_app.py", quiet=1)
    load = os.getloadavg()
    print(
        f"player benchmark: tmux {WIDTH}×{HEIGHT}, Textual {textual.__version__}, "
        f"Python {platform.python_version()}, {os.cpu_count()} cores, "
        f"load {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}"
    )

    def say(text: str) -> None:
        print(text, end="", flush=True)

    began = time.monotonic()
    with workspace() as (folder, tmux):
        say("start-up ")
        if args.picker:
            starts = startup(folder, tmux, args.repeats, say, ("bare", "picker"))
        else:
            starts = startup(folder, tmux, args.repeats, say)
            say(" steady ")
            runs = steady(folder, tmux, args.settle, args.window, args.cues, say)
    print(f" done in {time.monotonic() - began:.0f} s")
    ok = startup_report(starts, args.repeats) if args.picker else report(starts, runs, args)
    print("\nall targets met" if ok else "\nsome targets missed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
