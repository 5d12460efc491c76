"""``--timing-log FILE``: one JSON line per cue, to measure how exactly it played.

``due`` is the cue's planned offset; ``shown`` is when its screen update was made and
``sound`` when its playback started (null when it made no sound); all are seconds since
the start with pauses removed. A lead-in (``--start-in``) adds one line before the
first cue, ``{"cue": null, "kind": "lead-in"}``, with its (negative) offset. A cue of an
interlude (turning over) names it, ``"interlude": "turning-over"``: its ``cue`` counts in
the interlude, its ``due`` is where it plays in the session, and the session's own cues
after it are due where they were planned (the interlude's time taken out, as a pause's).
Moments that are no cue have ``"cue": null``: the lead-in; ``close`` (``e``: due where
the closing begins, shown where it was pressed, so the end's ``shown`` less this ``due``
is how long closing took); and ``turn`` (``t``: due where the interlude will begin,
shown where it was pressed).
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

    def record(
        self,
        index: int,
        cue: Cue,
        shown: float,
        sound: float | None,
        interlude: str | None = None,
    ) -> None:
        """Write the line for cue ``index`` (of the interlude ``interlude``, if named)."""
        line: dict[str, object] = {
            "cue": index,
            "kind": cue.kind,
            "due": float(cue.at),
            "shown": round(shown, 6),
            "sound": None if sound is None else round(sound, 6),
        }
        if interlude is not None:
            line["interlude"] = interlude
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
        ``shown`` before 0; ``close``; ``turn``)."""
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
