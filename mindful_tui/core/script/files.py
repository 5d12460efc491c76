"""Reading a script file without ever blocking: only a regular file is opened.

A FIFO named ``*.yaml`` would block a reader for ever, a device could stream without
end, a symlink may loop: each is refused with a reason before anything is opened.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

MAX_FILE_BYTES = 1024 * 1024
"""The largest script file read."""


class Unreadable(OSError):
    """The path is not a file a script can be read from; ``str()`` says why, in words."""


class TooLarge(Unreadable):
    """The file holds more than a script may."""

    def __init__(self, size: int) -> None:
        super().__init__(f"the file is {size:,} bytes; a script may be at most {MAX_FILE_BYTES:,}")
        self.size = size


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "this is a folder, not a script file"
    if stat.S_ISFIFO(mode):
        return "this is a named pipe (FIFO), not a script file"
    if stat.S_ISSOCK(mode):
        return "this is a socket, not a script file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "this is a device, not a script file"
    return "this is not a regular file"


def read_regular(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of the regular file at ``path``. Raises ``TooLarge`` past ``limit``
    bytes, and ``Unreadable`` (saying why) for anything that is not a regular file or
    cannot be read."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        raise Unreadable(f"cannot read the file: {exc.strerror or exc}") from None
    if not stat.S_ISREG(mode):
        raise Unreadable(_kind(mode))
    # Non-blocking, and checked again once open: it may have been swapped since.
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise Unreadable(f"cannot read the file: {exc.strerror or exc}") from None
    with os.fdopen(fd, "rb") as handle:
        mode = os.fstat(handle.fileno()).st_mode
        if not stat.S_ISREG(mode):
            raise Unreadable(_kind(mode))
        size = os.fstat(handle.fileno()).st_size
        if size > limit:
            raise TooLarge(size)
        try:
            data = handle.read(limit + 1)
        except OSError as exc:
            raise Unreadable(f"cannot read the file: {exc.strerror or exc}") from None
        if len(data) > limit:  # it grew while read
            raise TooLarge(len(data))
        return data
