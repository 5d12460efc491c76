"""Keeps ALSA's own error messages off the terminal.

When a device cannot be opened, libasound prints its ``ALSA lib ...`` lines straight to
file descriptor 2, which under Textual is the screen being drawn. Redirecting fd 2 would
hide Textual's own output too, so instead libasound is given a no-op error handler
through ``snd_lib_error_set_handler``. The handler is process-wide, so it also covers
the library as simpleaudio loads it (the same ``libasound.so.2``).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import threading
from typing import Final

# void handler(const char *file, int line, const char *function, int err, const char *fmt, ...)
# The variable arguments after ``fmt`` are never read, so declaring the fixed ones is
# enough for the C caller (the callee just ignores what else was passed).
_HANDLER_TYPE: Final = ctypes.CFUNCTYPE(
    None, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p
)


def _ignore(
    file: bytes | None, line: int, function: bytes | None, err: int, fmt: bytes | None
) -> None:
    """Drop the message: the player reports a missing device itself, once."""


_handler: object | None = None
"""The installed callback. Held here for the life of the process: if it were garbage
collected, libasound would call freed memory on its next error."""
_lock = threading.Lock()


def silence() -> bool:
    """Install the no-op handler (once). False when there is no libasound to silence."""
    global _handler
    with _lock:
        if _handler is not None:
            return True
        library = _load()
        if library is None:
            return False
        try:
            set_handler = library.snd_lib_error_set_handler
        except AttributeError:
            return False
        callback = _HANDLER_TYPE(_ignore)
        set_handler.argtypes = [_HANDLER_TYPE]
        set_handler.restype = ctypes.c_int
        set_handler(callback)
        _handler = callback
        return True


def _load() -> ctypes.CDLL | None:
    """libasound, by the soname simpleaudio links against, else wherever it is."""
    try:
        return ctypes.CDLL("libasound.so.2")
    except OSError:
        pass
    # Only now: ``find_library`` runs ``ldconfig`` in a subprocess.
    name = ctypes.util.find_library("asound")
    if name is None:
        return None
    try:
        return ctypes.CDLL(name)
    except OSError:
        return None


def silenced() -> bool:
    """Whether the handler is installed."""
    return _handler is not None
