"""A sound in memory: mono 16-bit samples at one rate, read from and written to WAV.

Only the standard library: ``wave`` and ``array``. No ``audioop`` (removed in Python
3.13) and no numpy (a heavy dependency for a few seconds of audio). Sample arithmetic
that must be fast (scaling a 6-second bowl at play time) is done a whole buffer at a
time with Python's big integers: every sample becomes one 32-bit lane of a single
integer, so one multiplication scales all of them at C speed (see ``scaled``).
"""

from __future__ import annotations

import math
import os
import sys
import wave
from array import array
from dataclasses import dataclass
from typing import Final

RATE: Final = 44100
"""The rate every clip is played and mixed at."""

_LANE: Final = 4
"""Bytes per sample lane in the big-integer arithmetic."""

_FLIP: Final = bytes(b ^ 0x80 for b in range(256))
"""Flips the top bit of a byte: turns a signed 16-bit sample's high byte into the high
byte of the same sample in offset binary (``s + 32768``), and back."""


@dataclass(frozen=True, eq=False)
class Clip:
    """Mono 16-bit samples. ``eq=False``: an ``array`` is not hashable, and two clips
    are compared by their samples explicitly where that matters (tests)."""

    samples: array[int]
    rate: int = RATE

    def __post_init__(self) -> None:
        if self.samples.typecode != "h":
            raise ValueError(f"samples must be array('h'), not array({self.samples.typecode!r})")
        if self.rate <= 0:
            raise ValueError(f"rate must be positive, not {self.rate}")

    @property
    def seconds(self) -> float:
        """How long the clip plays."""
        return len(self.samples) / self.rate

    def __len__(self) -> int:
        return len(self.samples)

    def scaled(self, volume: float) -> Clip:
        """The clip at ``volume`` (0 silent … 1 unchanged), rounded to the nearest step."""
        return Clip(scale(self.samples, volume), self.rate)

    @classmethod
    def silence(cls, seconds: float, rate: int = RATE) -> Clip:
        """A clip of digital silence."""
        return cls(array("h", bytes(2 * round(seconds * rate))), rate)


def le_bytes(samples: array[int]) -> bytes:
    """The samples as little-endian bytes (WAV and the arithmetic here assume it)."""
    if sys.byteorder == "big":
        samples = array("h", samples)
        samples.byteswap()
    return samples.tobytes()


def from_le_bytes(data: bytes | bytearray) -> array[int]:
    """Little-endian 16-bit bytes as samples in machine order."""
    out = array("h")
    out.frombytes(bytes(data))
    if sys.byteorder == "big":
        out.byteswap()
    return out


def to_lanes(data: bytes, lanes: int, at: int = 0) -> bytearray:
    """Little-endian 16-bit samples as ``lanes`` 32-bit lanes of offset binary.

    Each sample ``s`` becomes the unsigned lane value ``s + 32768``; the lanes before
    ``at`` and after the samples hold 32768, which is silence. Packed into one integer
    with ``int.from_bytes``, lanes can be added and multiplied together without one
    lane's carry reaching the next, as long as each result stays under 2**32.
    """
    n = len(data) // 2
    out = bytearray(b"\x00\x80\x00\x00" * lanes)
    start, stop = _LANE * at, _LANE * (at + n)
    out[start:stop:_LANE] = data[0::2]
    out[start + 1 : stop : _LANE] = data[1::2].translate(_FLIP)
    return out


def from_lanes(value: int, lanes: int, shift_bytes: int = 0) -> bytes:
    """The 16 bits at ``shift_bytes`` of each 32-bit offset-binary lane, as signed LE."""
    raw = value.to_bytes(_LANE * lanes, "little")
    out = bytearray(2 * lanes)
    out[0::2] = raw[shift_bytes::_LANE]
    out[1::2] = raw[shift_bytes + 1 :: _LANE].translate(_FLIP)
    return bytes(out)


def lane_constant(value: int, lanes: int) -> int:
    """An integer with ``value`` (< 2**32) in each of ``lanes`` 32-bit lanes."""
    return int.from_bytes(value.to_bytes(_LANE, "little") * lanes, "little")


def scale(samples: array[int], volume: float) -> array[int]:
    """``samples`` times ``volume`` in [0, 1], rounded half up, in a few big-int steps.

    With ``G = round(volume * 65536)`` and each lane ``u = s + 32768``, the lane value
    ``u*G + 2**31 + 2**15 - 32768*G`` equals ``s*G + 2**31 + 2**15``, which lies in
    [0, 2**32) for every 16-bit ``s`` and ``G <= 65536``: no carry crosses a lane. Its top
    16 bits are ``round(s*G / 65536) + 32768``. A 6.5 s clip takes about 2 ms; a Python
    loop over the samples takes about 40.
    """
    if not (math.isfinite(volume) and 0.0 <= volume <= 1.0):
        raise ValueError(f"volume must be from 0 to 1, not {volume!r}")
    gain = round(volume * 65536)
    n = len(samples)
    if gain == 65536 or n == 0:
        return array("h", samples)
    if gain == 0:
        return array("h", bytes(2 * n))
    lanes = int.from_bytes(to_lanes(le_bytes(samples), n), "little")
    offset = lane_constant(2**31 + 2**15 - 32768 * gain, n)
    return from_le_bytes(from_lanes(lanes * gain + offset, n, shift_bytes=2))


def load_wav(path: str | os.PathLike[str], whole: bool = False) -> Clip:
    """Read a PCM WAV (8, 16, 24 or 32-bit, any channels, any rate) as a mono 44.1 kHz clip.

    Channels are averaged; other rates are resampled by linear interpolation, which is
    plenty for speech and for our soft synthesised sounds. Raises ``ValueError`` (or
    ``wave.Error``/``EOFError`` from ``wave``) for a file that is not such a WAV, and,
    with ``whole``, for one cut short (fewer frames than its header says): a file we wrote
    ourselves is either whole or damaged.
    """
    with wave.open(os.fspath(path), "rb") as source:
        channels = source.getnchannels()
        width = source.getsampwidth()
        rate = source.getframerate()
        frames = source.getnframes()
        data = source.readframes(frames)
    if whole and len(data) < frames * channels * width:
        raise ValueError(f"{os.fspath(path)} is cut short")
    samples = from_le_bytes(_to_16_bit(data, width))
    if channels > 1:
        samples = _downmix(samples, channels)
    if rate != RATE:
        samples = _resample(samples, rate, RATE)
    return Clip(samples, RATE)


def write_wav(path: str | os.PathLike[str], clip: Clip) -> None:
    """Write a clip as a 16-bit mono PCM WAV at its rate."""
    with wave.open(os.fspath(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(clip.rate)
        out.writeframes(le_bytes(clip.samples))


def _to_16_bit(data: bytes, width: int) -> bytes:
    """Little-endian PCM of any common width as little-endian signed 16-bit."""
    if width == 2:
        return data[: len(data) - len(data) % 2]
    out = bytearray()
    if width == 1:
        # 8-bit WAV is unsigned: flipping the top bit makes it signed, and it becomes
        # the high byte of a 16-bit sample whose low byte is zero.
        out = bytearray(2 * len(data))
        out[1::2] = data.translate(_FLIP)
    elif width in (3, 4):
        # Keep the top 16 bits of each sample (little-endian: the last two bytes).
        n = len(data) // width
        out = bytearray(2 * n)
        out[0::2] = data[width - 2 :: width][:n]
        out[1::2] = data[width - 1 :: width][:n]
    else:
        raise ValueError(f"unsupported WAV sample width: {8 * width} bits")
    return bytes(out)


def _downmix(samples: array[int], channels: int) -> array[int]:
    """Average interleaved channels into one."""
    frames = len(samples) // channels
    columns = [samples[c : frames * channels : channels] for c in range(channels)]
    return array("h", [sum(frame) // channels for frame in zip(*columns, strict=True)])


def _resample(samples: array[int], rate: int, target: int) -> array[int]:
    """Linear interpolation from ``rate`` to ``target`` samples per second."""
    n = len(samples)
    if n == 0:
        return array("h")
    count = max(1, round(n * target / rate))
    last = n - 1
    out = array("h", bytes(2 * count))
    for j in range(count):
        # Exact integer position (j * rate / target) split into whole and fraction, so
        # long clips do not drift as a float step accumulated over 10**6 samples would.
        whole, part = divmod(j * rate, target)
        if whole >= last:
            out[j] = samples[last]
        else:
            a = samples[whole]
            out[j] = a + round((samples[whole + 1] - a) * part / target)
    return out
