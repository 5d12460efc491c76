"""Keeping the computer awake while a session plays, through ``wakepy``.

A laptop on a side table must not blank its screen or go to sleep half-way through a
massage. While a session plays (and during its lead-in) the desktop's own services are
asked to keep the system and the display awake; on pause, at the end, on quit and on
every signal path that hold is let go.

Asking takes a moment (a fifth of a second when there is no session bus to ask), so each
change runs on one worker thread of its own, in order, never on the player's loop. Where
the computer cannot be kept awake (no session bus, a bare terminal), the player is told
once, in one line, and plays on.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from types import TracebackType
from typing import Protocol

NOTICE = (
    "cannot keep the computer awake here (no desktop service answered): "
    "its own sleep settings apply during the session"
)
"""Said once when the hold cannot be taken."""


class Mode(Protocol):
    """What ``wakepy`` hands back: a context that holds the computer awake while entered."""

    active: bool
    """Whether entering took the hold."""

    def __enter__(self) -> object: ...

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> object: ...


def wakepy_mode() -> Mode:
    """A ``wakepy`` mode that keeps the system and the screen awake (imported only now:
    it is not needed for the first frame)."""
    from wakepy import keep

    return keep.presenting(on_fail="pass")


class KeepAwake:
    """Holds the computer awake while a session plays, and lets go when it does not."""

    def __init__(
        self,
        enabled: bool = True,
        mode: Callable[[], Mode] = wakepy_mode,
        notify: Callable[[str], None] | None = None,
    ) -> None:
        self.enabled = enabled
        """False: the ``keep_awake`` setting is off, and nothing is ever asked."""
        self.notify = notify
        """Told the notice (once), on the loop that asked, when the hold cannot be taken."""
        self._mode = mode
        self._wanted = False
        self._held: Mode | None = None
        self._failed = False
        self._pool: ThreadPoolExecutor | None = None
        self._last: Future[None] | None = None
        self.holds = 0
        """How many times the hold was taken (for tests and the timing figures)."""

    @property
    def held(self) -> bool:
        """Whether the computer is being kept awake now (as far as the worker has got)."""
        return self._held is not None

    def follow(self, playing: bool) -> None:
        """Hold while ``playing``, let go otherwise; returns at once."""
        if not self.enabled or playing == self._wanted:
            return
        self._wanted = playing
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="keep-awake")
        try:
            loop: asyncio.AbstractEventLoop | None = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        self._last = self._pool.submit(self._apply, playing, loop)

    def close(self) -> None:
        """Let go for good (the session ended); what is queued still runs, in order."""
        self.follow(False)
        if self._pool is not None:
            self._pool.shutdown(wait=False)

    async def settled(self) -> None:
        """Wait until every change asked for so far has been made."""
        if self._last is not None:
            await asyncio.wrap_future(self._last)

    def wait(self) -> None:
        """Block until every change asked for so far has been made (outside a loop)."""
        if self._last is not None:
            self._last.result()

    # -- on the worker thread -------------------------------------------------------------

    def _apply(self, playing: bool, loop: asyncio.AbstractEventLoop | None) -> None:
        if playing:
            self._take(loop)
        else:
            self._release()

    def _take(self, loop: asyncio.AbstractEventLoop | None) -> None:
        if self._held is not None or self._failed:
            return
        mode: Mode | None = None
        try:
            mode = self._mode()
            mode.__enter__()
            active = bool(mode.active)
        except Exception:  # no library, no bus, a desktop that refuses: never the session's end
            active = False
        if active and mode is not None:
            self._held = mode
            self.holds += 1
            return
        if mode is not None:
            with contextlib.suppress(Exception):
                mode.__exit__(None, None, None)
        self._failed = True  # asked once: the answer will not change during this session
        self._tell(loop)

    def _release(self) -> None:
        mode, self._held = self._held, None
        if mode is not None:
            with contextlib.suppress(Exception):
                mode.__exit__(None, None, None)

    def _tell(self, loop: asyncio.AbstractEventLoop | None) -> None:
        notify = self.notify
        if notify is None:
            return
        if loop is None:
            notify(NOTICE)
            return
        with contextlib.suppress(RuntimeError):  # the loop has closed: nobody to tell
            loop.call_soon_threadsafe(notify, NOTICE)
