"""The subprocess side of voice rendering: ``python -m mindful_tui.sound.voice_worker``.

pyttsx3 is kept out of the player's process: its engine is not thread-safe (on Windows
it is tied to the thread that made it), ``runAndWait`` can hang (seen on macOS), and on
Linux espeak prints "Audio saved to ..." to stdout (and errors to stderr) from its own
thread, late, over whatever the terminal shows. So the player starts this module with no
terminal at all, and this module moves its own stdout and stderr to ``/dev/null`` first
thing, keeping a private duplicate of the original stdout pipe for its answers.

Protocol. One JSON request on stdin, then stdin is closed:

- ``{"voices": true}`` lists the installed voices;
- ``{"rate": 150, "volume": 1.0, "name": null, "jobs": [{"text": ..., "path": ...}]}``
  renders each job's text to the WAV file at ``path``, trimmed of leading and trailing
  silence, written atomically (a temporary file in the same folder, then ``os.replace``).

Answers are JSON lines on the original stdout:

- ``{"event": "ready", "engine": "..."}`` once the engine is up, or
  ``{"event": "fatal", "reason": "no-engine"|"no-voice"|"bad-request", "message": ...}``
  and exit status 3 when it cannot start (no traceback, nothing on the terminal);
- ``{"event": "done", "index": i, "seconds": s}`` or ``{"event": "failed", "index": i,
  "message": ...}`` per job, in order;
- ``{"event": "fatal", "reason": "no-space", "message": ...}`` (exit status 3) as soon as
  a line cannot be written because the disk is full; no temporary file is left;
- ``{"event": "voices", "voices": [{"id", "name", "languages"}]}`` for a voice listing.

Test hook: ``MINDFUL_TUI_VOICE_TEST_HOOK`` makes the worker misbehave on purpose, so the
player's handling can be tested without uninstalling espeak: ``no-engine`` behaves as if
``pyttsx3.init()`` raised ``RuntimeError`` (what a missing espeak library does), ``hang``
sleeps for ever where the engine would start (a hung engine), and ``crash`` exits there
without a word (a crashed engine).
"""

from __future__ import annotations

import contextlib
import errno
import json
import math
import os
import select
import sys
import threading
import time
import wave
from array import array
from pathlib import Path
from typing import IO, Any

from mindful_tui.sound.clip import (
    RATE,
    Clip,
    from_lanes,
    from_le_bytes,
    le_bytes,
    load_wav,
    to_lanes,
    write_wav,
)
from mindful_tui.sound.loudness import REFERENCE_LUFS, level

TEST_HOOK = "MINDFUL_TUI_VOICE_TEST_HOOK"
FATAL_STATUS = 3

TRIM_THRESHOLD = 33
"""A sample this loud (about -60 dBFS) or louder counts as sound; espeak's silence is
exact zeros, and a low threshold keeps quiet onsets such as the "h" of "Hold"."""
TRIM_LEAD = 0.015
TRIM_TAIL = 0.030
"""Seconds kept before the first and after the last sound, faded to zero, so that a
trimmed word never starts or ends with a click and its release is not cut."""
TRIM_FADE = 0.005
"""Seconds of fade at least at each end, even where espeak starts (or stops) on its
first (or last) sample: a line always starts and ends at exactly zero."""
TRIM_VERSION = 3
"""Part of the cache key: changing how lines are trimmed or levelled renders them again."""

WAIT_FOR_FILE = 10.0
"""How long to wait for espeak to finish writing a file after ``runAndWait`` returns."""
ATTEMPTS = 3
"""Tries per line: a line cancelled or empty by a race in the engine is tried again."""


def trim_silence(samples: array[int], rate: int) -> array[int]:
    """``samples`` without leading and trailing silence, keeping a short faded margin."""
    ends = _ends(samples)
    if ends is None:
        return array("h")
    first, last = ends
    start = max(0, first - round(TRIM_LEAD * rate))
    stop = min(len(samples), last + 1 + round(TRIM_TAIL * rate))
    out = samples[start:stop]
    # The margins are below the threshold, so fading them changes nothing audible but
    # guarantees both ends are exactly zero; where a margin is shorter than TRIM_FADE
    # (espeak starts at once), the fade reaches into the sound by a few milliseconds.
    fade = min(round(TRIM_FADE * rate), len(out) // 2)
    lead = max(first - start, fade)
    tail = max(stop - (last + 1), fade)
    for i in range(lead):
        out[i] = out[i] * i // lead
    for i in range(tail):
        j = len(out) - 1 - i
        out[j] = out[j] * i // tail
    return out


def _ends(samples: array[int]) -> tuple[int, int] | None:
    """The indexes of the first and last samples at or above the threshold."""
    first = next((i for i, s in enumerate(samples) if abs(s) >= TRIM_THRESHOLD), None)
    if first is None:
        return None
    last = next(
        i for i in range(len(samples) - 1, first - 1, -1) if abs(samples[i]) >= TRIM_THRESHOLD
    )
    return first, last


def upsample_2x(samples: array[int]) -> array[int]:
    """``samples`` at twice the rate: each sample, then the mean of it and the next.

    espeak speaks at 22050 Hz and the player mixes at 44100. The means are computed for
    all samples at once in one big integer (32-bit lanes of offset binary, as in
    ``clip.scale``): ``(a + b) << 15`` keeps each lane under 2**32, and its top 16 bits
    are ``(a + b) // 2``. About 12 times faster than interpolating sample by sample.
    """
    n = len(samples)
    if n == 0:
        return array("h")
    data = le_bytes(samples)
    following = data[2:] + data[-2:]
    a = int.from_bytes(to_lanes(data, n), "little")
    b = int.from_bytes(to_lanes(following, n), "little")
    means = from_le_bytes(from_lanes((a + b) << 15, n, shift_bytes=2))
    out = array("h", bytes(4 * n))
    out[0::2] = samples
    out[1::2] = means
    return out


def spoken_clip(path: Path, volume: float = 1.0) -> Clip:
    """The engine's WAV, trimmed, levelled by loudness (``voice_target``), at the playback
    rate (the usual case fast). Levelled here, once per line as it is rendered, never at
    every load."""
    with wave.open(str(path), "rb") as f:
        native = f.getsampwidth() == 2 and f.getnchannels() == 1
        rate = f.getframerate()
        if native and rate in (RATE, RATE // 2):
            samples = trim_silence(from_le_bytes(f.readframes(f.getnframes())), rate)
            samples = level(samples, rate, voice_target(volume))
            return Clip(samples if rate == RATE else upsample_2x(samples), RATE)
    spoken = load_wav(path)  # anything else: the general, slower conversion
    return Clip(level(trim_silence(spoken.samples, RATE), RATE, voice_target(volume)), RATE)


def voice_target(volume: float) -> float:
    """The loudness a line spoken at the script's ``volume`` (0 … 1) is levelled to: the
    common reference, less the volume asked for, so a script's quieter voice stays
    quieter. (The engine's own volume is undone by levelling; this puts it back.)"""
    return REFERENCE_LUFS + 20.0 * math.log10(min(max(volume, 0.001), 1.0))


SPACE_MARGIN = 16 * 1024
"""Free bytes below which a disk counts as full while a line is being written."""


def disk_full(folder: Path) -> bool:
    """True when the file system of ``folder`` has (next to) no room left."""
    try:
        info = os.statvfs(folder)
    except OSError:
        return False
    return info.f_bavail * info.f_frsize < SPACE_MARGIN


class SpaceWatch:
    """While a line is rendered, watch the disk it is written to. pyttsx3's espeak driver
    writes the file from a callback, and a full disk there raises where nobody hears it:
    the engine's loop then waits for ever. So, when the disk is full and the file has
    stopped growing, say so (``no-space``), remove the half-written file, and exit: the
    player reports the full disk at once, not a time-out."""

    POLL = 0.05
    STILL = 4
    """Polls without growth (on a full disk) before the line is given up."""

    def __init__(self, raw: Path, answers: Answers) -> None:
        self.raw = raw
        self.answers = answers
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="space-watch", daemon=True)

    def __enter__(self) -> SpaceWatch:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._done.set()
        self._thread.join()

    def _watch(self) -> None:
        last, still = -2, 0
        while not self._done.wait(self.POLL):
            try:
                size = self.raw.stat().st_size
            except OSError:
                size = -1
            full = disk_full(self.raw.parent)
            still = still + 1 if full and size == last else 0
            last = size
            if still >= self.STILL and not self._done.is_set():
                with contextlib.suppress(OSError):
                    self.raw.unlink()
                self.answers.send(
                    event="fatal", reason="no-space", message=os.strerror(errno.ENOSPC)
                )
                os._exit(FATAL_STATUS)


def write_atomically(path: Path, clip: Clip) -> None:
    """Write ``clip`` as a WAV so that a reader sees the whole file or none of it."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        write_wav(tmp, clip)
        tmp.replace(path)  # atomic: readers see the old file or the new one
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def wav_complete(path: Path, finished: bool) -> bool:
    """True when ``path`` is a whole WAV file: its header's frame count matches its size.

    Python's ``wave`` (which pyttsx3 uses) writes a header claiming 0 frames, then the
    data, then patches the header on close; so a file being written has a mismatch.
    """
    try:
        size = path.stat().st_size
        with wave.open(str(path), "rb") as f:
            data = f.getnframes() * f.getsampwidth() * f.getnchannels()
    except (OSError, EOFError, wave.Error):
        return False
    return (data > 0 or finished) and size >= data + 44


def wait_for_file(path: Path, finished: threading.Event, limit: float = WAIT_FOR_FILE) -> bool:
    """Wait (bounded) until the engine has finished writing ``path``.

    pyttsx3 returns from ``runAndWait`` about 10 ms after it is called on Linux, whatever
    the text, and espeak writes the file later from its own thread (seen 262 ms after the
    return for a long text), so wait for the ``finished-utterance`` event; and because not every
    driver sends it, also accept a complete file whose size stopped growing.
    """
    deadline = time.monotonic() + limit
    last = -1
    while True:
        done = finished.is_set()
        size = path.stat().st_size if path.exists() else -1
        if wav_complete(path, finished=done) and (done or size == last):
            return True
        if time.monotonic() >= deadline:
            return False
        last = size
        finished.wait(0.02)  # returns at once when the event comes


class Answers:
    """JSON lines to the parent, on a private copy of the original stdout."""

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream

    def send(self, **message: Any) -> None:
        """Send one answer now (the parent waits for each with a timeout)."""
        self._stream.write(json.dumps(message) + "\n")
        self._stream.flush()


def _silence_std_streams() -> IO[str]:
    """Point fd 1 and 2 at /dev/null (espeak writes there from C) and return a text
    stream on a duplicate of the original fd 1 for answers."""
    answers = os.fdopen(os.dup(1), "w", encoding="utf-8")
    devnull = os.open(os.devnull, os.O_RDWR)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    os.close(devnull)
    sys.stdout = Path(os.devnull).open("w", encoding="utf-8")  # noqa: SIM115 - lives as long as the process
    sys.stderr = sys.stdout
    return answers


def _exit_with_parent(answers: IO[str]) -> None:
    """Exit as soon as the player is gone, even while the engine hangs.

    The player kills a worker that overruns its timeout; but a player that is itself
    killed (``kill -9``, a closed terminal) cannot, and a hung engine would then live for
    ever. When the player dies, the read end of the answers pipe closes, and ``poll``
    reports an error on our end: a watching thread blocks on exactly that event.
    """
    if not hasattr(select, "poll"):  # Windows: the player's timeout is the only guard
        return
    watcher = select.poll()
    watcher.register(answers.fileno(), 0)  # no events asked: only POLLERR/POLLHUP come

    def watch() -> None:
        while True:
            for _, event in watcher.poll():
                if event & (select.POLLERR | select.POLLHUP | select.POLLNVAL):
                    os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def _start_engine() -> Any:
    """``pyttsx3.init()``, or the test hook's misbehaviour in its place."""
    hook = os.environ.get(TEST_HOOK, "")
    if hook == "hang":
        threading.Event().wait()  # an engine that never answers
    if hook == "crash":
        os._exit(1)
    if hook == "no-engine":
        raise RuntimeError("This means you probably do not have eSpeak or eSpeak-ng installed!")
    import pyttsx3

    return pyttsx3.init()


def _voices(engine: Any) -> list[dict[str, Any]]:
    return [
        {
            "id": str(v.id),
            "name": str(v.name or v.id),
            "languages": [str(lang) for lang in (v.languages or [])],
        }
        for v in engine.getProperty("voices")
    ]


def _find_voice(engine: Any, name: str) -> str | None:
    """The id of the installed voice whose id or name is ``name`` (any case)."""
    wanted = name.casefold()
    for voice in _voices(engine):
        if wanted in (voice["id"].casefold(), voice["name"].casefold()):
            return str(voice["id"])
    return None


def _engine_name(engine: Any) -> str:
    try:
        from importlib.metadata import version

        return f"pyttsx3 {version('pyttsx3')} ({engine.proxy._driver.__class__.__name__})"
    except Exception:
        return "pyttsx3"


class Utterance:
    """What the engine reported about the utterance in progress."""

    def __init__(self) -> None:
        self.finished = threading.Event()
        self.completed = True
        self.errors: list[str] = []

    def reset(self) -> None:
        self.finished.clear()
        self.completed = True
        self.errors.clear()

    def on_finished(self, completed: bool = True, **_: Any) -> None:
        self.completed = bool(completed)
        self.finished.set()

    def on_error(self, **kw: Any) -> None:
        self.errors.append(str(kw.get("exception")))


def wait_until_idle(engine: Any) -> None:
    """Wait until espeak's own thread has nothing left to do.

    espeak runs its commands on its own thread, and a property set is one of them; and
    ``runAndWait`` begins by calling the driver's ``stop()``, which cancels whatever
    espeak is still busy with, and then, through a flag, the line it starts next. So a
    ``runAndWait`` right after a ``setProperty`` sometimes cancels its own line: seen
    about once in 100 renders under load, as an empty file.
    """
    driver = getattr(getattr(engine, "proxy", None), "_driver", None)
    if type(driver).__module__ != "pyttsx3.drivers.espeak":
        return
    from pyttsx3.drivers import _espeak

    # espeak_Synchronize returns once every queued command has run: a wait on espeak's
    # own queue, not a poll. (Were espeak ever stuck here, the player's timeout ends us.)
    _espeak.Synchronize()


def say_to_file(
    engine: Any, text: str, raw: Path, settings: dict[str, Any], state: Utterance
) -> Clip:
    """One utterance to ``raw`` in one ``runAndWait`` (pyttsx3 produces only the last
    utterance queued before a ``runAndWait``), trimmed."""
    state.reset()
    # Properties apply at the next runAndWait and never raise, so set them all every
    # time, the rate above all: the driver's default (200) is not espeak's (175).
    engine.setProperty("rate", int(settings["rate"]))
    engine.setProperty("volume", float(settings["volume"]))
    if settings.get("voice"):
        engine.setProperty("voice", settings["voice"])
    engine.save_to_file(text, str(raw))
    wait_until_idle(engine)
    engine.runAndWait()
    if not wait_for_file(raw, state.finished):
        raise RuntimeError(state.errors[0] if state.errors else "the engine wrote no complete file")
    if not state.completed:
        raise RuntimeError("the engine cancelled the line")
    # At the playback rate already, converted here in parallel and off the player's
    # process, so that loading a cached line there is a plain read.
    clip = spoken_clip(raw, float(settings["volume"]))
    if not clip.samples and any(c.isalnum() for c in text):
        raise RuntimeError("the engine produced no sound")
    return clip


def render(engine: Any, request: dict[str, Any], answers: Answers) -> int:
    """Render every job of ``request``, each tried up to ``ATTEMPTS`` times."""
    state = Utterance()
    engine.connect("finished-utterance", state.on_finished)
    engine.connect("error", state.on_error)
    settings = {"rate": request["rate"], "volume": request["volume"], "voice": None}
    if request.get("name"):
        settings["voice"] = _find_voice(engine, str(request["name"]))
        if settings["voice"] is None:
            answers.send(
                event="fatal",
                reason="no-voice",
                message=f'no voice "{request["name"]}" is installed (see `mindful voices`)',
            )
            return FATAL_STATUS
    # A first, empty run: until it, the driver queues every command and runs them all
    # at the start of the next runAndWait, property sets and stop() together, which is
    # the race above with no chance to wait in between. After it, commands run at once.
    engine.runAndWait()
    answers.send(event="ready", engine=_engine_name(engine))
    for index, job in enumerate(request.get("jobs", [])):
        path = Path(job["path"])
        raw = path.with_name(f".{path.name}.{os.getpid()}.raw.wav")
        problem = ""
        for _ in range(ATTEMPTS):
            try:
                with SpaceWatch(raw, answers):
                    clip = say_to_file(engine, str(job["text"]), raw, settings, state)
                write_atomically(path, clip)
            except OSError as exc:
                if exc.errno not in (errno.ENOSPC, errno.EDQUOT):
                    problem = str(exc) or type(exc).__name__
                    continue
                with contextlib.suppress(FileNotFoundError):
                    raw.unlink()
                answers.send(event="fatal", reason="no-space", message=os.strerror(errno.ENOSPC))
                return FATAL_STATUS
            except Exception as exc:
                problem = str(exc) or type(exc).__name__
                continue
            finally:
                with contextlib.suppress(FileNotFoundError):
                    raw.unlink()
            answers.send(event="done", index=index, seconds=clip.seconds)
            break
        else:
            answers.send(event="failed", index=index, message=problem)
    return 0


def main() -> int:
    """Read one request, answer it, and exit; never print anything to the terminal."""
    stream = _silence_std_streams()
    answers = Answers(stream)
    _exit_with_parent(stream)
    try:
        request = json.loads(sys.stdin.readline() or "{}")
        if not isinstance(request, dict):
            raise ValueError("the request is not a JSON object")
    except ValueError as exc:
        answers.send(event="fatal", reason="bad-request", message=str(exc))
        return FATAL_STATUS
    try:
        engine = _start_engine()
    except Exception as exc:  # RuntimeError for a missing espeak, not ImportError
        answers.send(event="fatal", reason="no-engine", message=str(exc) or type(exc).__name__)
        return FATAL_STATUS
    if request.get("voices"):
        answers.send(event="voices", voices=_voices(engine))
        return 0
    return render(engine, request, answers)


if __name__ == "__main__":
    try:
        status = main()
    except BrokenPipeError:  # the player went away: nothing left to tell it
        status = 1
    # Skip interpreter teardown: the espeak driver is known to assert on close.
    os._exit(status)
