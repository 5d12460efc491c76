"""The session mixdown: a whole session's sound as one WAV, every sound at its offset.

Each cue's sounds (the same choice the player makes, ``SoundBoard.sounds_for``) start at
sample ``round(offset × 44100)`` of the exact ``Fraction`` offset, so nothing drifts over
an hour. A background bed lies under the whole plan, its loop laid end to end (it joins
itself without a seam), fading in at the start and out at the end as in the player. The
file is mixed and written a chunk at a time: an hour-long session never needs its 300 MB
of samples in memory at once.

With ``stems``, each channel is also written alone, from the same placements, into
``voice.wav``, ``tones.wav``, ``chimes.wav`` and ``background.wav``: as long as the mix,
they add up to it (short of where the mix reached full scale).
"""

from __future__ import annotations

import contextlib
import wave
from array import array
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from mindful_tui.core.script.template import fill
from mindful_tui.core.timing.timeline import Timeline
from mindful_tui.sound import bed
from mindful_tui.sound.board import SoundBoard
from mindful_tui.sound.clip import RATE, Clip, le_bytes
from mindful_tui.sound.mixer import CHANNELS, Channel, mix_counting

CHUNK: Final = 10 * RATE
"""Samples mixed and written at a time."""


@dataclass(frozen=True)
class Placed:
    """One sound at its sample offset in the session."""

    at: int
    clip: Clip
    channel: Channel
    cue: int | None
    """The index of the cue that sounds it; None for the background bed."""


@dataclass(frozen=True)
class Rendered:
    """What was written."""

    path: Path
    samples: int
    sounds: int
    voiced: int
    clipped: int = 0
    """Samples where sounds added up past full scale (clamped to the 16-bit limit)."""
    voice: str | None = None
    """The voice the lines were spoken in (its id, or ``default``); None: no voice."""

    @property
    def seconds(self) -> float:
        """Length of the file."""
        return self.samples / RATE


def placements(timeline: Timeline, board: SoundBoard) -> list[Placed]:
    """Every sound of the session with its start sample, at its channel's volume, in
    time order. Lines with ``{placeholders}`` read as before any answer (``…``)."""
    out: list[Placed] = []
    scaled: dict[tuple[int, float], Clip] = {}
    for index, cue in enumerate(timeline.cues):
        at = round(cue.at * RATE)
        for clip, channel in board.sounds_for(cue, fill(cue.words, {})):
            volume = board.volume(channel)
            if board.muted(channel) or volume == 0.0:
                continue
            key = (id(clip), volume)
            if key not in scaled:
                scaled[key] = clip.scaled(volume)
            out.append(Placed(at, scaled[key], channel, index))
    return out + bed_placements(timeline, board)


def bed_placements(timeline: Timeline, board: SoundBoard) -> list[Placed]:
    """The background bed under the whole plan: its loop end to end, at its volume,
    fading in over its first seconds and out over its last."""
    volume = board.volume("background")
    if board.bed is None or board.muted("background") or volume == 0.0:
        return []
    loop = board.bed.scaled(volume).samples
    total = round(timeline.total * RATE)
    out: list[Placed] = []
    whole = Clip(loop)
    for start in range(0, total, len(loop)):
        count = min(len(loop), total - start)
        samples = loop if count == len(loop) else loop[:count]
        if start == 0:
            samples = bed.faded(samples, 0, round(bed.FADE_IN * RATE))
        if start + count == total:
            samples = bed.faded(samples, 0, round(bed.FADE_OUT * RATE), rising=False)
        out.append(Placed(start, whole if samples is loop else Clip(samples), "background", None))
    return out


def length_of(timeline: Timeline, placed: list[Placed]) -> int:
    """Samples in the mixdown: the plan's length, or longer if the last sound rings on."""
    planned = round(timeline.total * RATE)
    return max([planned, *(p.at + len(p.clip) for p in placed)])


def mixdown(placed: list[Placed], start: int, count: int) -> tuple[array[int], int]:
    """Samples ``start`` to ``start + count`` of the session's sound, and how many of
    them were clipped."""
    parts = [
        (p.at - start, p.clip.samples)
        for p in placed
        if p.at < start + count and p.at + len(p.clip) > start
    ]
    return mix_counting(parts, count)


class NotAFile(OSError):
    """The output path names something other than a regular file (a folder, a device, a
    pipe): it is never replaced."""


def target_of(path: Path) -> Path:
    """Where writing ``path`` lands: the file a symbolic link points to (the link stays a
    link), or ``path`` itself. Refuses (``NotAFile``) anything but a regular file or
    nothing at all, so a device such as ``/dev/null`` is never replaced by a file."""
    target = path.resolve() if path.is_symlink() else path
    if target.exists() and not target.is_file():
        raise NotAFile(f"{path} is not a regular file; give a file name such as session.wav")
    return target


STEMS: tuple[Channel, ...] = CHANNELS
"""The stems ``render`` writes, each as ``NAME.wav``."""


def render(
    timeline: Timeline, board: SoundBoard, path: Path, stems: Path | None = None
) -> Rendered:
    """Write the session's sound to ``path`` (16-bit mono 44.1 kHz WAV), and with
    ``stems`` each channel alone into that folder (``voice.wav``, ``tones.wav``,
    ``chimes.wav``, ``background.wav``).

    The board must be prepared. Each file appears whole or not at all: it is written
    beside its target under a temporary name and renamed into place (through a symbolic
    link, to the file it points to).
    """
    target = target_of(path)
    placed = placements(timeline, board)
    total = length_of(timeline, placed)
    if stems is not None:
        stems.mkdir(parents=True, exist_ok=True)
        for channel in STEMS:
            mine = [p for p in placed if p.channel == channel]
            _write(target_of(stems / f"{channel}.wav"), mine, total)
    clipped = _write(target, placed, total)
    voiced = sum(p.channel == "voice" for p in placed)
    sounds = sum(p.cue is not None for p in placed)
    return Rendered(path, total, sounds, voiced, clipped)


def _write(target: Path, placed: list[Placed], total: int) -> int:
    """Mix ``placed`` into ``total`` samples written to ``target``, whole or not at all;
    how many samples were clipped."""
    partial = target.with_name(f".{target.name}.partial")
    clipped = 0
    try:
        # Opened here, not by ``wave``: a folder that is missing or unwritable fails
        # here, before a half-made ``Wave_write`` could complain as it is collected.
        with partial.open("wb") as file, wave.open(file, "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(RATE)
            out.setnframes(total)
            for start in range(0, total, CHUNK):
                chunk, clamped = mixdown(placed, start, min(CHUNK, total - start))
                clipped += clamped
                out.writeframes(le_bytes(chunk))
        partial.replace(target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()
    return clipped
