"""Mixing: overlapping sounds become one stream, with a volume and a mute per channel.

simpleaudio opens its own ALSA device for every ``play()``, and without a sound server a
second stream on the same card fails ("device busy"). So only one stream ever plays:
when a sound starts while another is still sounding, the ``Mixer`` stops the stream,
mixes what had not yet been played of every sound with the new one, and starts the mix.
Where a sound is in its buffer is worked out from the clock (``now - started``), never
from the device, which reports nothing useful.

The mixing is done a whole buffer at a time with big-integer lane arithmetic (see
``mix``), only over the stretch where two or more sounds overlap: mixing the rest of a
6.5 s bowl with a 2 s voice line takes about 5 ms, where a Python loop takes ~60.

A background bed (``set_bed``) is a loop that sounds under everything for as long as it
is kept (``keep_bed``). Each stream holds the next ``BED_CHUNK`` seconds of it, read on
from where the loop is by the clock, so the bed runs on unbroken through every restart;
``bed_due`` says by when the next must start. A chunk that is not followed in time fades
out over its last ``BED_TAIL`` rather than stopping on a click, and a bed that starts
(or comes back after a pause, where it left off) fades in. The chunk is short because
the mixing cost grows with the stretch where the bed overlaps another sound.
"""

from __future__ import annotations

import time
from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Final, Literal, Protocol, get_args

from mindful_tui.sound import bed
from mindful_tui.sound.clip import (
    RATE,
    Clip,
    from_lanes,
    from_le_bytes,
    lane_constant,
    le_bytes,
    to_lanes,
)

Channel = Literal["voice", "chimes", "tones", "background"]
CHANNELS: Final[tuple[Channel, ...]] = get_args(Channel)

MAX_PARTS: Final = 16
"""Sounds summed in one pass: the lane arithmetic in ``mix`` has room for 16."""

BED_CHUNK: Final = 4.0
"""Seconds of the bed in each stream."""
BED_MARGIN: Final = 1.0
"""Seconds before a stream's bed begins to fade out that the next one is due."""
BED_TAIL: Final = 0.3
"""Seconds over which a stream's bed fades out if no next one follows in time."""

_BIAS: Final = 2**20
"""Added to every lane's sum so that it is never negative (16 × -32768 > -2**19) and the
clamp below 0 or above 65535 can be read from bits 16-20."""


class Output(Protocol):
    """One stream of sound at a time (``AudioOutput``, or a fake in tests)."""

    problem: str | None

    def play(self, clip: Clip) -> float | None:
        """Start ``clip`` now; the clock time it started, or None when silent."""
        ...

    def stop(self) -> None:
        """Stop the stream that is playing, if any."""
        ...


@dataclass
class _Sound:
    """A sound that is (or may still be) sounding."""

    channel: Channel
    samples: array[int]
    started: float
    """Clock time of its first sample."""


@dataclass
class _Bed:
    """The background loop and where it is."""

    loop: Clip
    origin: float = 0.0
    """Clock time the endless loop's sample 0 was (or would have been) heard."""
    began: float = 0.0
    """Clock time its fade-in began."""
    at: int = 0
    """The endless loop's sample it resumes from, while it is not in a stream."""
    live: _Sound | None = None
    """Its chunk in the stream that is playing, if any."""
    kept: bool = False
    """Asked for (``keep_bed``) and not stopped since."""

    def position(self, now: float, rate: int) -> int:
        return round((now - self.origin) * rate)

    def pause(self, now: float, rate: int) -> None:
        """Out of the stream: it resumes from where it is now."""
        if self.live is not None:
            self.at = self.position(now, rate)
        self.live = None

    def fading_by(self, rate: int) -> float:
        """Clock time the live chunk begins to fade out."""
        assert self.live is not None
        return self.live.started + len(self.live.samples) / rate - BED_TAIL


def mix(parts: Sequence[tuple[int, array[int]]], length: int) -> array[int]:
    """Sum sounds, each at its sample offset, into ``length`` samples, saturating
    (``mix_counting`` also says how many samples were clamped)."""
    return mix_counting(parts, length)[0]


def mix_counting(parts: Sequence[tuple[int, array[int]]], length: int) -> tuple[array[int], int]:
    """Sum sounds, each at its sample offset, into ``length`` samples, saturating; and
    the number of samples clamped (where the sounds added up past full scale).

    Parts may overlap, start before 0 or run past ``length`` (they are cut). The sum is
    clamped once to the 16-bit range (-32768 … 32767), as a hardware mixer would (for
    up to 16 parts sounding at once; beyond that, the mix of the first 16 is clamped and
    then mixed with the rest).

    Where at most one part sounds, its bytes are copied. Over the stretch where two or
    more overlap, every sample becomes a 32-bit lane ``s + 32768`` of one big integer;
    the parts are added as integers (no carry crosses a lane: the sum stays under 2**21)
    and the clamp is done with masks on bits 16-20 of each lane. All of it runs in C
    inside ``int``, a whole buffer per operation.
    """
    out = bytearray(2 * length)
    clamped = 0
    spans: list[tuple[int, int, bytes]] = []
    for offset, samples in parts:
        start, stop = max(0, offset), min(length, offset + len(samples))
        if start < stop:
            data = le_bytes(samples)[2 * (start - offset) : 2 * (stop - offset)]
            spans.append((start, stop, data))
            # Outside the busy stretch at most one part sounds, so writing them all in
            # turn leaves each sample right there; the busy stretch is redone below.
            out[2 * start : 2 * stop] = data
    if len(spans) >= 2:
        starts = sorted(s for s, _, _ in spans)
        stops = sorted(e for _, e, _ in spans)
        # Two or more parts sound together only inside [2nd start, 2nd-last stop).
        busy_start, busy_stop = starts[1], stops[-2]
        if busy_start < busy_stop:
            lanes = busy_stop - busy_start
            inside = [
                (max(s, busy_start), d[2 * (max(s, busy_start) - s) : 2 * (min(e, busy_stop) - s)])
                for s, e, d in spans
                if s < busy_stop and e > busy_start
            ]
            mixed = b""
            for first in range(0, len(inside), MAX_PARTS):
                group = inside[first : first + MAX_PARTS]
                if mixed:
                    # More than 16 at once: the mix so far joins the next group as one part.
                    group = [(busy_start, mixed), *group]
                mixed, count = _sum_lanes(group, busy_start, lanes)
                clamped += count
            out[2 * busy_start : 2 * busy_stop] = mixed
    return from_le_bytes(out), clamped


def _sum_lanes(group: Sequence[tuple[int, bytes]], base: int, lanes: int) -> tuple[bytes, int]:
    """Saturating sum of up to 16 parts (LE bytes, each at a sample index ≥ ``base``),
    and how many lanes were clamped."""
    total = 0
    for at, data in group:
        total += int.from_bytes(to_lanes(data, lanes, at - base), "little")
    # Each lane holds sum(s) + 32768*k; make it sum(s) + 32768 + 2**20, so that the
    # wanted output (sum + 32768, clamped to 0…65535) is the lane - 2**20, clamped.
    k = len(group)
    total += _constant(_BIAS - 32768 * (k - 1), lanes) & ((1 << (32 * lanes)) - 1)
    # The masks below may be longer than ``total``: ``&`` keeps only its lanes.
    ones = _constant(1, lanes)
    nibble = _constant(0xF, lanes)
    inside_or_above = (total >> 20) & ones  # lane >= 2**20: not below the range
    high = (total >> 16) & nibble  # bits 16-19 nonzero (with bit 20): above the range
    above = inside_or_above & ((high + nibble) >> 4)
    within = inside_or_above ^ above
    low = total & _constant(0xFFFF, lanes)
    # Every lane not within the range (above it, or below) was clamped.
    clamped = lanes - within.bit_count()
    return from_lanes((low & (within * 0xFFFF)) | (above * 0xFFFF), lanes), clamped


_CONSTANTS: dict[int, int] = {}


def _constant(value: int, lanes: int) -> int:
    """``value`` (> 0) in each of at least ``lanes`` lanes (more when cached from a
    longer mix). Building a lane constant costs as much as a whole short mix, so each is
    made once, for the longest mix so far, and reused."""
    cached = _CONSTANTS.get(value)
    if cached is None or cached.bit_length() < 32 * (lanes - 1) + 1:
        cached = lane_constant(value, max(lanes, 2 * RATE))
        _CONSTANTS[value] = cached
    return cached


class Mixer:
    """Plays sounds on three channels through one stream, mixing where they overlap."""

    def __init__(
        self,
        output: Output,
        now: Callable[[], float] = time.monotonic,
        rate: int = RATE,
    ) -> None:
        self.output = output
        self.now = now
        """The clock the playhead is worked out from: the output's clock, in real time
        (audio does not run faster when a session is previewed at ``--speed``)."""
        self.rate = rate
        self.volumes: dict[Channel, float] = dict.fromkeys(CHANNELS, 1.0)
        self.muted: dict[Channel, bool] = dict.fromkeys(CHANNELS, False)
        self._sounding: list[_Sound] = []
        self._scaled: dict[int, tuple[Clip, float, Clip]] = {}
        self.last_mix_seconds = 0.0
        """How long the last start spent mixing (for the benchmark)."""
        self._bed: _Bed | None = None
        self.bed_chunks = 0
        """How many stretches of the bed were started (for tests and the benchmark)."""

    @property
    def problem(self) -> str | None:
        """Why nothing is heard, once the output has found out."""
        return self.output.problem

    def set_volume(self, channel: Channel, volume: float) -> None:
        """The channel's volume, 0 … 1, for the sounds it starts from now on."""
        self.volumes[channel] = min(1.0, max(0.0, volume))

    def set_muted(self, channel: Channel, muted: bool) -> None:
        """Mute or unmute a channel; muting also silences what it is playing now."""
        self.muted[channel] = muted
        if muted and channel == "background" and self._bed is not None:
            self._bed.pause(self.now(), self.rate)
        if muted and any(s.channel == channel for s in self._sounding):
            now = self.now()
            self._sounding = [s for s in self._sounding if s.channel != channel]
            self._restart(now)
        elif not muted and channel == "background":
            self.keep_bed()

    def play(self, clip: Clip, channel: Channel) -> float | None:
        """Start ``clip`` now on ``channel``, over anything still sounding.

        Returns the clock time the sound started, or None when it is not heard (muted,
        silent volume, or no sound device).
        """
        return self.play_all([(clip, channel)])

    def play_all(
        self, sounds: Sequence[tuple[Clip, Channel]], at: float | None = None
    ) -> float | None:
        """Start several sounds together (a phase tone and its spoken word) with one
        restart of the stream; at clock time ``at`` when given and still ahead (the
        stream then begins with that much silence), else now.

        Returns the clock time they are heard from, or None when they are not heard.
        """
        heard = [(c, ch) for c, ch in sounds if not self.muted[ch] and self.volumes[ch] > 0.0]
        if not heard or self.output.problem:
            return None
        now = self.now()
        begin = now if at is None else max(now, at)
        new: list[_Sound] = []
        for clip, channel in heard:
            if clip.rate != self.rate:
                raise ValueError(f"clip at {clip.rate} Hz, mixer at {self.rate} Hz")
            new.append(_Sound(channel, self._at_volume(clip, channel).samples, begin))
        self._sounding.extend(new)
        if self._restart(now) is None:
            return None
        return new[0].started

    def withdraw(self) -> None:
        """Take back the sounds that have not begun yet (started with ``at`` ahead)."""
        now = self.now()
        waiting = [s for s in self._sounding if s.started > now]
        if waiting:
            self._sounding = [s for s in self._sounding if s.started <= now]
            self._restart(now)

    def warm(self, sounds: Sequence[tuple[Clip, Channel]]) -> None:
        """Do now the work a first ``play`` would otherwise do mid-session: scale each
        clip to its channel's volume, and build the mixing constants."""
        for clip, channel in sounds:
            self._at_volume(clip, channel)
        longest = max((len(clip) for clip, _ in sounds), default=0)
        silence = array("h", bytes(2 * longest))
        for count in (2, 3):  # the usual overlaps: a line over a chime, and a tone too
            mix([(0, silence)] * count, longest)

    def stop(self) -> None:
        """Silence everything; a bed waits where it is for the next ``keep_bed``."""
        if self._bed is not None:
            self._bed.pause(self.now(), self.rate)
            self._bed.kept = False
        self._sounding.clear()
        self.output.stop()

    # -- the background bed ------------------------------------------------------------

    def set_bed(self, loop: Clip | None) -> None:
        """The loop to play under everything once ``keep_bed`` is called (None: none)."""
        if loop is not None and loop.rate != self.rate:
            raise ValueError(f"clip at {loop.rate} Hz, mixer at {self.rate} Hz")
        self.stop()
        self._bed = None if loop is None else _Bed(loop)
        if loop is not None:
            self._at_volume(loop, "background")  # scaled now, not as the session starts

    def _bed_heard(self) -> bool:
        return (
            self._bed is not None
            and not self.muted["background"]
            and self.volumes["background"] > 0.0
            and self.output.problem is None
        )

    def keep_bed(self) -> None:
        """Keep the bed sounding: start it (fading in) if it is not, or start its next
        chunk if the one playing is due to end."""
        due = self.bed_due()
        if due is not None and self.now() >= due:
            assert self._bed is not None
            self._bed.kept = True
            self._restart(self.now())

    def bed_due(self) -> float | None:
        """Clock time by which ``keep_bed`` must be called for the bed to run on (now,
        when it is not sounding); None when there is no bed to hear."""
        if not self._bed_heard():
            return None
        assert self._bed is not None
        if self._bed.live is None:
            return self.now()
        return self._bed.fading_by(self.rate) - BED_MARGIN

    def _bed_chunk(self, now: float) -> _Sound | None:
        """The bed's next chunk, from ``now``, for a stream starting then."""
        state = self._bed
        if state is None or not state.kept or not self._bed_heard():
            return None
        if state.live is None or now >= state.fading_by(self.rate):
            # Starting, back after a pause (from where it stopped), or after a chunk
            # that was not followed in time and faded out: fading in.
            if state.live is not None:
                state.at = state.position(now, self.rate)
            state.origin = now - state.at / self.rate
            state.began = now
        loop = self._at_volume(state.loop, "background").samples
        count = round(BED_CHUNK * self.rate)
        samples = bed.segment(loop, state.position(now, self.rate), count)
        into = round((now - state.began) * self.rate)
        samples = bed.faded(samples, into, round(bed.FADE_IN * self.rate))
        samples = bed.faded(samples, 0, round(BED_TAIL * self.rate), rising=False)
        state.live = _Sound("background", samples, now)
        self.bed_chunks += 1
        return state.live

    def playhead(self, sound: _Sound, now: float) -> int:
        """How many of the sound's samples have been played by ``now`` (0 before it
        begins)."""
        return max(0, round((now - sound.started) * self.rate))

    def sounding(self, now: float | None = None) -> int:
        """How many sounds are still sounding (at ``now``)."""
        when = self.now() if now is None else now
        return sum(self.playhead(s, when) < len(s.samples) for s in self._sounding)

    def _restart(self, now: float) -> float | None:
        """Stop the stream and start the mix of everything still to be heard (sounds
        that begin later start that many samples into it); the clock time the stream
        started, or None when nothing plays."""
        began = time.perf_counter()
        parts: list[tuple[int, array[int]]] = []
        alive: list[_Sound] = []
        cuttable: int | None = None
        """Samples the stream may lose at its head: up to the first sound still to begin."""
        chunk = self._bed_chunk(now)
        if chunk is not None:
            # The bed's chunk is made afresh from the loop: the old one goes. It is a
            # sound going on, never one still to begin, so it is never ``cuttable``.
            self._sounding = [s for s in self._sounding if s.channel != "background"]
            parts.append((0, chunk.samples))
        for sound in self._sounding:
            head = self.playhead(sound, now)
            if head >= len(sound.samples):
                continue
            if head > 0:
                sound.samples = sound.samples[head:]
            offset = max(0, round((sound.started - now) * self.rate))
            if head == 0 and sound.started >= now:
                cuttable = offset if cuttable is None else min(cuttable, offset)
            sound.started = now + offset / self.rate
            parts.append((offset, sound.samples))
            alive.append(sound)
        self._sounding = alive if chunk is None else [*alive, chunk]
        self.output.stop()
        if not parts:
            return None
        if len(parts) == 1 and parts[0][0] == 0:
            stream = parts[0][1]
        else:
            stream = mix(parts, max(offset + len(samples) for offset, samples in parts))
        # Mixing took a moment, so the stream's head is already past: skip it, but never
        # into a sound that has not begun (a tail just goes on from where it is by now).
        lag = round((self.now() - now) * self.rate)
        skip = max(0, min(lag, len(stream) if cuttable is None else cuttable))
        if skip >= len(stream):
            self._sounding.clear()
            if self._bed is not None:
                self._bed.live = None
            return None
        if skip:
            stream = stream[skip:]
        self.last_mix_seconds = time.perf_counter() - began
        started = self.output.play(Clip(stream, self.rate))
        if started is None:
            self._sounding.clear()
            if self._bed is not None:
                self._bed.live = None
            return None
        # Every sound moves with the stream: it may have opened a moment late.
        moved = started - now - skip / self.rate
        for sound in self._sounding:
            sound.started += moved
        if chunk is not None and self._bed is not None:
            self._bed.origin += moved
            self._bed.began += moved
        return started

    def _at_volume(self, clip: Clip, channel: Channel) -> Clip:
        """The clip at its channel's volume, scaled once per clip and volume."""
        volume = self.volumes[channel]
        if volume == 1.0:
            return clip
        cached = self._scaled.get(id(clip))
        # The cache holds the clip itself, so its id cannot be reused while cached.
        if cached is not None and cached[0] is clip and cached[1] == volume:
            return cached[2]
        scaled = clip.scaled(volume)
        self._scaled[id(clip)] = (clip, volume, scaled)
        return scaled
