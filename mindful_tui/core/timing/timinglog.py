"""``--timing-log FILE``: one JSON line per cue, to measure how exactly it played.

``due`` is the cue's planned offset; ``shown`` is when its screen update was made and
``sound`` when its playback started (null when it made no sound); all are seconds since
the start with pauses removed. A lead-in (``--start-in``) adds one line before the
first cue, ``{"cue": null, "kind": "lead-in"}``, with its (negative) offset.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from types import TracebackType
from typing import TextIO

from mindful_tui.core.timing.timeline import Cue


class TimingLog:
    """Appends one line per cue to a file, flushed as it goes."""

    def __init__(self, path: Path) -> None:
        import json  # only with --timing-log: not on every start

        self._dumps = json.dumps
        self._file: TextIO | None = path.open("w", encoding="utf-8")
        self.problem: str | None = None
        """Why lines stopped being written (a full disk), if they did."""

    def record(self, index: int, cue: Cue, shown: float, sound: float | None) -> None:
        """Write the line for cue ``index``."""
        line: dict[str, object] = {
            "cue": index,
            "kind": cue.kind,
            "due": float(cue.at),
            "shown": round(shown, 6),
            "sound": None if sound is None else round(sound, 6),
        }
        self._write(line, index)

    def _write(self, line: dict[str, object], index: int | None = None) -> None:
        if self._file is None:
            return
        try:
            self._file.write(self._dumps(line) + "\n")
            self._file.flush()
        except OSError as exc:
            # The log measures the session; it must never end it. Said once, afterwards.
            where = f"at cue {index}" if index is not None else "before the first cue"
            self.problem = f"the timing log stopped {where}: {exc.strerror or exc}"
            self.close()

    def note(self, kind: str, due: float, shown: float) -> None:
        """Write a line for a moment that is no cue (the lead-in's start: ``due`` and
        ``shown`` before 0)."""
        self._write({"cue": None, "kind": kind, "due": due, "shown": round(shown, 6)})

    def close(self) -> None:
        """Close the file (what could not be written is dropped)."""
        file, self._file = self._file, None
        if file is not None:
            with contextlib.suppress(OSError):
                file.close()

    def __enter__(self) -> TimingLog:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
