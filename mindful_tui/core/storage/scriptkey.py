"""The key of what is kept about a script file (its parsed script, its listing): a digest
of everything the result depends on, so any change to one of them is a miss."""

from __future__ import annotations

import sys
from pathlib import Path

from mindful_tui import __version__


def key(path: Path, data: bytes, sounds: frozenset[str], extra: str = "") -> str:
    """The key for ``path`` holding ``data``, with ``sounds`` available, ``extra``
    standing for anything else the result depends on, and this package and Python."""
    try:
        # hashlib's own blake2b, without hashlib: importing hashlib loads OpenSSL for
        # algorithms never used here, about 3 ms of every start.
        from _blake2 import blake2b
    except ImportError:  # a Python built without it
        from hashlib import blake2b

    digest = blake2b(digest_size=16)
    for part in (
        f"{__version__}\0{sys.version}\0{path.absolute()}\0",
        "\0".join(sorted(sounds)),
        f"\0{extra}",
    ):
        digest.update(part.encode("utf-8", "surrogatepass"))
    digest.update(b"\0")
    digest.update(data)
    return digest.hexdigest()
