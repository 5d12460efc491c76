"""Voice lines: every line a session speaks, rendered once to a trimmed WAV and cached.

Rendering runs pyttsx3 in worker subprocesses (``voice_worker``), never in the player's
process: the engine is not thread-safe, ``runAndWait`` can hang, and espeak writes to
stdout and stderr by itself (pyttsx3's espeak driver prints "Audio saved to ..." from
its own thread, and ``say`` shells out to ``aplay``). A worker gets no terminal (stdin and stdout
are pipes, stderr is ``/dev/null``), renders a batch of lines one utterance per
``runAndWait``, and answers one JSON line per line rendered; each answer must come
within ``timeout`` seconds or the worker is killed. Up to ``parallel`` workers run at
once, each with its share of the lines.

The cache (``cache_dir()/"voice"``) holds one trimmed WAV per line, at the playback rate,
named by a hash of everything that changes the sound: the text, voice, rate, volume,
engine and its version, and how lines are trimmed. A file is written whole (temporary
file, then ``os.replace``), so a crash never leaves a half line for the next run.

When no engine can start, ``available`` turns False and ``problem`` says why in one
line; nothing is printed and nothing is raised: the player plays without voice.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import functools
import hashlib
import json
import os
import platform
import subprocess
import sys
import wave
from collections.abc import Callable, Iterable, Sequence
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from mindful_tui.core.script.words import DEFAULT_LANGUAGE
from mindful_tui.core.storage import disk
from mindful_tui.core.storage.locations import cache_dir
from mindful_tui.sound.clip import RATE, Clip, load_wav
from mindful_tui.sound.languages import voice_for
from mindful_tui.sound.speech import VoiceInfo, VoiceSettings
from mindful_tui.sound.voice_worker import TRIM_VERSION

WORKER = "mindful_tui.sound.voice_worker"
DEFAULT_TIMEOUT = 20.0
"""Seconds a worker may take to start, or to render one line, before it is killed. Far
more than espeak needs (a long line renders in well under a second), far less than a
user would wait for a session that never starts."""
PARALLEL = 2
CACHE_LIMIT = 200 * 1024 * 1024
"""Bytes of rendered lines kept: about 3 hours of speech, far more than any library of
sessions says; past it the oldest lines go, and are rendered again if wanted."""
EXIT_GRACE = 2.0
"""Seconds a worker that has answered everything gets to exit before it is killed."""

ESPEAK_LIBRARIES = (
    # The names pyttsx3's espeak driver tries, for the same library it will load.
    "libespeak-ng.so.1",
    "/usr/local/lib/libespeak-ng.so.1",
    "libespeak.so.1",
    "/opt/homebrew/lib/libespeak-ng.1.dylib",
    "/usr/local/lib/libespeak-ng.1.dylib",
)

ProgressFn = Callable[[int, int], None]


class NoEngine(Exception):
    """No speech engine could start; the message is one line for the user."""


def no_engine_message() -> str:
    """What to tell a user whose speech engine is missing."""
    engine = "espeak-ng" if sys.platform.startswith("linux") else "the system's speech"
    return f"no speech engine ({engine}) found: voice is off"


@functools.cache
def engine_id() -> str:
    """The speech engine and its version, for the cache key, found without starting it
    (a cached session must not pay for a worker)."""
    try:
        wrapper = f"pyttsx3-{version('pyttsx3')}"
    except PackageNotFoundError:
        wrapper = "pyttsx3-missing"
    return f"{wrapper}/{_speech_library()}"


def _speech_library() -> str:
    if sys.platform == "darwin":
        return f"nsss-macos-{platform.mac_ver()[0]}"
    if sys.platform == "win32":
        return f"sapi5-windows-{platform.version()}"
    for name in ESPEAK_LIBRARIES:
        try:
            library = ctypes.CDLL(name)
        except OSError:
            continue
        # espeak_Info only returns the version string: it does not start the engine.
        info = library.espeak_Info
        info.restype = ctypes.c_char_p
        info.argtypes = [ctypes.c_void_p]
        found = info(None)
        return f"espeak-{found.decode(errors='replace') if found else 'unknown'}"
    return "espeak-missing"


def worker_command() -> list[str]:
    """How to start a worker: this interpreter, this copy of the package."""
    return [sys.executable, "-m", WORKER]


def worker_env() -> dict[str, str]:
    """The environment for a worker: ours, with this package importable whatever the
    working folder."""
    env = dict(os.environ)
    root = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
    return env


def list_voices(timeout: float = DEFAULT_TIMEOUT) -> list[VoiceInfo]:
    """The installed voices, sorted by id; raises ``NoEngine`` when there is no engine."""
    try:
        done = subprocess.run(
            worker_command(),
            input=b'{"voices": true}\n',
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=worker_env(),
            timeout=timeout,
            start_new_session=True,
            check=False,
        )
    except subprocess.TimeoutExpired:  # run() has killed the worker
        raise NoEngine(f"the speech engine did not answer within {timeout:g} s") from None
    except OSError as exc:
        raise NoEngine(f"could not start the speech engine: {exc}") from None
    answers = [_parse(line) for line in done.stdout.splitlines()]
    for answer in answers:
        if answer.get("event") == "voices":
            return sorted(
                (
                    VoiceInfo(str(v["id"]), str(v["name"]), tuple(map(str, v["languages"])))
                    for v in answer["voices"]
                ),
                key=lambda v: v.id,
            )
    if any(a.get("reason") == "no-engine" for a in answers):
        raise NoEngine(no_engine_message().removesuffix(": voice is off"))
    raise NoEngine("the speech engine stopped unexpectedly")


VOICES_FILE = "voices.json"


def installed_voices(fresh: bool = False) -> list[VoiceInfo]:
    """``list_voices``, kept in the cache folder per engine version, so that a session
    whose lines are all cached starts no speech process to find its language's voice;
    ``fresh``: ask the engine again (voices may have been installed since)."""
    path = cache_dir() / VOICES_FILE
    engine = engine_id()
    with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
        if fresh:
            raise ValueError("asked again")
        kept = json.loads(path.read_text(encoding="utf-8"))
        if kept["engine"] == engine:
            return [VoiceInfo(v["id"], v["name"], tuple(v["languages"])) for v in kept["voices"]]
    found = list_voices()
    rows = [{"id": v.id, "name": v.name, "languages": list(v.languages)} for v in found]
    with contextlib.suppress(OSError):
        text = json.dumps({"engine": engine, "voices": rows}, ensure_ascii=False)
        disk.write_atomically(path, text.encode("utf-8"), durable=False)
    return found


def language_voice(language: str) -> tuple[VoiceInfo | None, list[VoiceInfo]]:
    """The voice that speaks ``language``, and every installed voice: from the kept
    list, or, when it has none for ``language``, from the engine asked again."""
    voices = installed_voices()
    found = voice_for(language, voices)
    if found is None:
        voices = installed_voices(fresh=True)
        found = voice_for(language, voices)
    return found, voices


def _parse(line: bytes) -> dict[str, Any]:
    try:
        value = json.loads(line)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


class _EngineDown(Exception):
    """A worker could not start or stopped answering: voice is off for this session."""


class _NoVoice(Exception):
    """The voice asked for is not installed."""


_MISSING: dict[tuple[str, str], str] = {}
"""Voices found not installed in this process, by (engine, name), with what to say: a
later session with the same name speaks with the default voice at once, without
starting a speech process to find out again."""


class VoiceLines:
    """The rendered lines of a session, from the cache or rendered on ``prepare``."""

    def __init__(
        self,
        settings: VoiceSettings,
        cache: Path | None = None,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        parallel: int = PARALLEL,
        limit: int = CACHE_LIMIT,
    ) -> None:
        self.settings = settings
        self.cache = cache if cache is not None else cache_dir() / "voice"
        self.timeout = timeout
        self.parallel = max(1, parallel)
        self.limit = limit
        """Bytes the cache may hold; past that, the oldest lines go (see ``prune``)."""
        self.available = True
        self.problem: str | None = None
        self.runs = 0
        """Worker processes started: a fully cached session starts none."""
        self._voice = settings.name
        self.fallback: str | None = None
        """Said once when the voice asked for is not installed and the default one speaks."""
        if settings.name and (known := _MISSING.get((engine_id(), settings.name))):
            self._fall_back(known)
        self._clips: dict[str, Clip] = {}
        self._language = settings.language if settings.name is None else None
        """The language whose voice is still to be found (on ``prepare``); None: the
        voice is known (a name, or English, the engine's default)."""
        if self._language == DEFAULT_LANGUAGE:
            self._language = None

    @property
    def voice_id(self) -> str:
        """The voice that speaks (after ``prepare``): its id, or ``default``."""
        return self._voice or "default"

    def _choose_voice(self) -> None:
        """The voice of the session's language, or the default one (said once) when
        no voice speaks it; voice off when there is no engine to ask."""
        language, self._language = self._language, None
        if language is None:
            return
        try:
            found, _ = language_voice(language)
        except NoEngine as exc:
            self.available = False
            self.problem = f"{exc}: voice is off"
            return
        if found is None:
            self._fall_back(f'no voice speaks the language "{language}"')
        else:
            self._voice = found.id

    def _fall_back(self, problem: str) -> None:
        """Speak with the default voice: ``problem`` says the one asked for is missing."""
        self.problem = self.fallback = f"{problem}: using the default voice"
        self._voice = None

    # -- the cache ---------------------------------------------------------------

    def key(self, text: str) -> str:
        """The cache key of ``text`` spoken with these settings by this engine."""
        inputs = {
            "text": text,
            "voice": self._voice,
            "rate": int(self.settings.rate),
            "volume": round(min(max(float(self.settings.volume), 0.0), 1.0), 4),
            "engine": engine_id(),
            "trim": TRIM_VERSION,
            "hz": RATE,
        }
        blob = json.dumps(inputs, sort_keys=True, ensure_ascii=False).encode()
        return hashlib.sha256(blob).hexdigest()[:40]

    def path(self, text: str) -> Path:
        """Where the rendered ``text`` is (or will be) cached."""
        return self.cache / f"{self.key(text)}.wav"

    # -- what the player asks ----------------------------------------------------

    def clip(self, text: str) -> Clip | None:
        """The trimmed spoken ``text``, or None (not rendered, or no engine)."""
        if not self.available:
            return None
        found = self._clips.get(text)
        if found is None:
            found = self._load(text)
        return found

    def seconds(self, text: str) -> float | None:
        """How long ``text`` takes to say (trimmed), or None when it is not rendered."""
        if not self.available:
            return None
        found = self._clips.get(text)
        if found is not None:
            return found.seconds
        try:
            with wave.open(str(self.path(text)), "rb") as f:
                return f.getnframes() / f.getframerate()
        except (OSError, EOFError, wave.Error):
            return None

    def _load_all(self, texts: Sequence[str]) -> None:
        for text in texts:
            self._load(text)

    def prune(self, keep: Iterable[str] = ()) -> None:
        """Keep the cache within ``limit`` bytes: the oldest lines go first, never those
        in ``keep`` (the session's own). A line removed is rendered again when wanted."""
        kept = {self.path(text).name for text in keep}
        disk.keep_within(self.cache, self.limit, suffix=".wav", keep=kept)

    def _load(self, text: str) -> Clip | None:
        path = self.path(text)
        try:
            found = load_wav(path, whole=True)
        except FileNotFoundError:
            return None
        except (OSError, EOFError, ValueError, wave.Error):
            # Damaged (the cache is written atomically, so only from outside, or by a
            # full disk): drop it, and the next prepare renders the line again.
            with contextlib.suppress(OSError):
                path.unlink()
            return None
        self._clips[text] = found  # levelled by loudness when it was rendered
        return found

    # -- rendering ---------------------------------------------------------------

    async def prepare(self, texts: Iterable[str], progress: ProgressFn | None = None) -> None:
        """Render every distinct text not yet cached, in worker subprocesses, then load
        them all, so that playing a line is a dictionary look-up.

        ``progress(done, total)`` is called (on the event loop) with the number of lines
        rendered so far out of those that needed rendering; never when all are cached.
        """
        wanted = list(dict.fromkeys(t for t in texts if t.strip()))
        if self._language is not None:
            await asyncio.to_thread(self._choose_voice)
        for _ in range(2):  # a damaged cached line is dropped on loading: render it again
            if not self.available or not wanted:
                return
            missing = [t for t in wanted if not self.path(t).exists()]
            if missing:
                try:
                    await self._render(missing, progress)
                except _NoVoice as exc:
                    # Speak rather than go silent: the default voice, and say so once.
                    if self.settings.name:
                        _MISSING[engine_id(), self.settings.name] = str(exc)
                    self._fall_back(str(exc))
                    self._clips.clear()
                    await self.prepare(wanted, progress)
                    return
                except _EngineDown as exc:
                    self.available = False
                    self.problem = str(exc)
                    return
            await asyncio.to_thread(self._load_all, wanted)
            if missing:
                await asyncio.to_thread(self.prune, self._clips)
            wanted = [t for t in wanted if t not in self._clips]

    async def _render(self, texts: Sequence[str], progress: ProgressFn | None) -> None:
        # Longest first, dealt in turn, so the workers finish at about the same time.
        ordered = sorted(texts, key=len, reverse=True)
        batches = [ordered[i :: self.parallel] for i in range(self.parallel)]
        total, done = len(texts), 0
        try:
            self.cache.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise _EngineDown(f"cannot write the voice cache ({exc}): voice is off") from None

        def one_done() -> None:
            nonlocal done
            done += 1
            if progress is not None:
                progress(done, total)

        if progress is not None:
            progress(0, total)
        try:
            async with asyncio.TaskGroup() as group:
                for batch in batches:
                    if batch:
                        group.create_task(self._run_worker(batch, one_done))
        except BaseExceptionGroup as group_error:
            # One worker's failure cancels the others; report the first real cause.
            leaves = _leaves(group_error)
            for kind in (_NoVoice, _EngineDown):
                for leaf in leaves:
                    if isinstance(leaf, kind):
                        raise leaf from None
            raise

    async def _run_worker(self, texts: Sequence[str], one_done: Callable[[], None]) -> None:
        """Render ``texts`` in one worker, answer by answer, each within the timeout."""
        request = {
            "rate": int(self.settings.rate),
            "volume": min(max(float(self.settings.volume), 0.0), 1.0),
            "name": self._voice,
            "jobs": [{"text": t, "path": str(self.path(t))} for t in texts],
        }
        try:
            process = await asyncio.create_subprocess_exec(
                *worker_command(),
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.DEVNULL,
                env=worker_env(),
                # Its own session: no terminal, and Ctrl+C in the player does not reach it.
                start_new_session=True,
            )
        except OSError as exc:
            raise _EngineDown(f"could not start the speech engine ({exc}): voice is off") from None
        self.runs += 1
        finished = False
        try:
            assert process.stdin is not None and process.stdout is not None
            process.stdin.write(json.dumps(request).encode() + b"\n")
            await self._within(process.stdin.drain(), "start")
            process.stdin.close()
            ready = _parse(await self._within(process.stdout.readline(), "start"))
            if ready.get("reason") == "no-voice":
                raise _NoVoice(str(ready.get("message", "the voice is not installed")))
            if ready.get("reason") == "no-engine":
                raise _EngineDown(no_engine_message())
            if ready.get("event") != "ready":
                raise _EngineDown("the speech engine stopped unexpectedly: voice is off")
            for text in texts:
                answer = _parse(await self._within(process.stdout.readline(), text))
                if answer.get("reason") == "no-space":
                    raise _EngineDown(
                        f"the disk is full: no room for the voice cache ({self.cache}):"
                        " voice is off"
                    )
                if answer.get("event") == "failed":
                    # One line that cannot be said (the engine is fine): play without it.
                    self.problem = f'could not render "{_short(text)}": {answer.get("message")}'
                elif answer.get("event") != "done":
                    raise _EngineDown("the speech engine stopped unexpectedly: voice is off")
                one_done()
            finished = True
        finally:
            await self._stop(process, grace=EXIT_GRACE if finished else 0.0)
            self._tidy(process.pid)

    def _tidy(self, pid: int) -> None:
        """Remove what a worker (stopped, maybe killed) may have left half-written: its
        temporary files carry its process id."""
        with contextlib.suppress(OSError), os.scandir(self.cache) as found:
            for entry in found:
                name = entry.name
                if name.startswith(".") and name.endswith((f".{pid}.tmp", f".{pid}.raw.wav")):
                    with contextlib.suppress(OSError):
                        Path(entry.path).unlink()

    async def _within(self, step: Any, doing: str) -> Any:
        """Await ``step``, or give up on the engine after ``timeout`` seconds."""
        try:
            return await asyncio.wait_for(step, self.timeout)
        except (TimeoutError, BrokenPipeError, ConnectionResetError) as exc:
            what = "start" if doing == "start" else f'say "{_short(doing)}"'
            if isinstance(exc, TimeoutError):
                message = f"the speech engine did not {what} within {self.timeout:g} s"
            else:
                message = "the speech engine stopped unexpectedly"
            raise _EngineDown(f"{message}: voice is off") from None

    @staticmethod
    async def _stop(process: asyncio.subprocess.Process, grace: float) -> None:
        """Let a worker exit by itself within ``grace`` seconds, else kill it (only it),
        and always reap it and close its pipes, even while being cancelled: a worker
        left behind would be a zombie, and its pipes would be closed after the loop."""

        async def finish() -> None:
            if grace > 0:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(process.communicate(), grace)
            kill()
            # Reading to the end of its output lets asyncio close the pipes.
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(process.communicate(), EXIT_GRACE)

        def kill() -> None:
            if process.returncode is None:
                with contextlib.suppress(ProcessLookupError):
                    process.kill()

        ending = asyncio.ensure_future(finish())
        cancelled = False
        while not ending.done():
            try:
                await asyncio.shield(ending)
            except asyncio.CancelledError:
                cancelled = True
                kill()  # no grace for a cancelled preparation
        ending.result()
        if cancelled:
            raise asyncio.CancelledError


def _leaves(group: BaseExceptionGroup[BaseException]) -> list[BaseException]:
    out: list[BaseException] = []
    for exc in group.exceptions:
        out.extend(_leaves(exc) if isinstance(exc, BaseExceptionGroup) else [exc])
    return out


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "..."
