"""Writing to the disk safely, and keeping a cache folder within its size.

Shared by everything the app keeps: the settings and calibrations (written whole, a
crash leaving the old file or the new, never half) and the caches (bounded, the oldest
files going first).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Collection
from pathlib import Path


def write_atomically(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Replace ``path`` with ``data`` in one step: a temporary file beside it, renamed
    over it. ``durable``: on the disk (``fsync``) before the rename, so not even a power
    cut leaves half a file (a cache entry, which can be made again, need not be)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            if durable:
                out.flush()
                os.fsync(out.fileno())
        Path(temporary).replace(path)
    finally:
        Path(temporary).unlink(missing_ok=True)


def keep_within(folder: Path, limit: int, *, suffix: str = "", keep: Collection[str] = ()) -> None:
    """Remove the oldest files of ``folder`` (those named ``*suffix``, never one named in
    ``keep``) until what it holds of them is at most ``limit`` bytes. Whatever cannot be
    read or removed is left as it is."""
    files: list[tuple[float, str, int]] = []
    total = 0
    with contextlib.suppress(OSError), os.scandir(folder) as found:
        for entry in found:
            if entry.name.endswith(suffix) and entry.is_file(follow_symlinks=False):
                info = entry.stat(follow_symlinks=False)
                total += info.st_size
                if entry.name not in keep:
                    files.append((info.st_mtime, entry.path, info.st_size))
    for _, path, size in sorted(files):
        if total <= limit:
            break
        with contextlib.suppress(OSError):
            Path(path).unlink()
            total -= size
