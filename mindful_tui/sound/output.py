"""Audio output through simpleaudio: one non-blocking stream, or silence when there is
no way to make sound.

simpleaudio is imported on first use, not at start-up: a machine without it (or without
ALSA) must still run the player. The first ``play`` finds out whether sound works; if it
does not, the output stays silent from then on and ``problem`` says why, once, for the
app to show. ALSA's own messages are silenced first (``alsa.silence``) so that a failing
device prints nothing over the screen. Nothing here starts a child process.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from typing import Any, Final

from mindful_tui.sound import alsa
from mindful_tui.sound.clip import Clip, le_bytes

NO_DEVICE: Final = "No sound device: playing silently"
NO_LIBRARY: Final = "No sound library (simpleaudio): playing silently"
BROKE: Final = "The sound device stopped working: playing silently"

GIVE_UP_AFTER: Final = 3
"""Failures in a row, after sound has worked, before the output falls silent for good:
one failure may be a passing "device busy", three are a device that went away."""

# simpleaudio's ``stop()`` only asks its playback thread to finish: the thread drains
# ALSA's buffer (up to its 100 ms latency) and then closes the device. On a bare ``hw``
# device, which takes one stream at a time, a ``play()`` straight after ``stop()`` can find
# it still open. Waiting for it would block the player's event loop, so the output
# retries once at once and otherwise lets that one sound go (a count, not a wait).


class AudioOutput:
    """One stream of 16-bit mono sound at a time, started without blocking."""

    def __init__(
        self,
        now: Callable[[], float] = time.monotonic,
        backend: Callable[[], Any] | None = None,
    ) -> None:
        self.now = now
        """The clock start times are read from (the mixer's clock)."""
        self.problem: str | None = None
        """Why nothing is heard, once known; None while sound works (or is untried)."""
        self.detail: str | None = None
        """The underlying error, for logs and tests; not for the screen."""
        self._backend = backend
        self._module: Any = None
        self._current: Any = None
        self._stopped: Any = None
        self._worked = False
        self._failures = 0

    def play(self, clip: Clip) -> float | None:
        """Start ``clip`` and return the clock time it started, or None when silent."""
        if self.problem is not None:
            return None
        module = self._load()
        if module is None:
            return None
        data = le_bytes(clip.samples)
        try:
            current = module.play_buffer(data, 1, 2, clip.rate)
        except Exception as exc:
            current = self._retry(module, data, clip.rate, exc)
            if current is None:
                return None
        started = self.now()
        self._current = current
        self._worked = True
        self._failures = 0
        return started

    def stop(self) -> None:
        """Stop the stream that is playing (its last few ms may still drain)."""
        if self._current is not None:
            # Stopping a stream that already ended (or whose device vanished) is fine.
            with contextlib.suppress(Exception):
                self._current.stop()
            self._stopped, self._current = self._current, None

    def is_playing(self) -> bool:
        """Whether the device is still busy with the last stream."""
        try:
            return self._current is not None and bool(self._current.is_playing())
        except Exception:
            return False

    def _load(self) -> Any:
        if self._module is None:
            alsa.silence()
            try:
                self._module = self._backend() if self._backend else _import_simpleaudio()
            except Exception as exc:  # ImportError, or a broken build failing on load
                self._fail(NO_LIBRARY, exc)
                return None
        return self._module

    def _retry(self, module: Any, data: bytes, rate: int, error: Exception) -> Any:
        """After a failed ``play_buffer`` that followed a ``stop()``: retry once, at once."""
        if self._worked and self._stopped is not None:
            self._stopped = None
            try:
                return module.play_buffer(data, 1, 2, rate)
            except Exception as exc:
                error = exc
        if not self._worked:
            # Never worked: no card, no ALSA config, no permission. Silent from now on.
            self._fail(NO_DEVICE, error)
        else:
            self._failures += 1
            self.detail = str(error)
            if self._failures >= GIVE_UP_AFTER:
                self._fail(BROKE, error)
        return None

    def _fail(self, problem: str, error: Exception) -> None:
        self.problem = problem
        self.detail = f"{type(error).__name__}: {error}"


def _import_simpleaudio() -> Any:
    import simpleaudio

    return simpleaudio
