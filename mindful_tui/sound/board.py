"""The sound board: everything a session's cues sound, prepared before it starts.

``prepare`` decodes every chime and phase tone the timeline uses and has the voice
render every line, so that during the session ``cue`` is one non-blocking call: look the
clips up, hand them to the mixer, return when the sound started. The same choice of
sounds (``sounds_for``) drives the session mixdown (``render``), so a rendered WAV holds
exactly what the player would have played.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import wave
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Protocol

from mindful_tui.core.script.model import Background, PhaseKind
from mindful_tui.core.storage.library import sound_files
from mindful_tui.core.storage.locations import cache_dir
from mindful_tui.core.timing.timeline import Cue, Timeline
from mindful_tui.sound.clip import Clip, load_wav, write_wav
from mindful_tui.sound.mixer import CHANNELS, Channel, Mixer
from mindful_tui.sound.output import AudioOutput

ProgressFn = Callable[[int, int], None]

DEFAULT_VOLUMES: Mapping[Channel, float] = {
    "voice": 1.0,
    "chimes": 0.8,
    "tones": 0.5,
    "background": 0.5,
}
"""Voice in front; chimes and tones under it; a background bed far under all."""

PROBE = Clip.silence(0.005)
"""Played once in ``prepare`` to learn, before the session starts, whether there is a
sound device: 5 ms of silence is inaudible."""


class SpokenLines(Protocol):
    """What the board needs of a voice: lines rendered before the session
    (``mindful_tui.sound.voice.VoiceLines``, or a fake)."""

    available: bool
    problem: str | None

    async def prepare(self, texts: Iterable[str], progress: ProgressFn | None = None) -> None:
        """Render (or load from the cache) every line in ``texts``."""
        ...

    def clip(self, text: str) -> Clip | None:
        """The rendered line, or None."""
        ...


@dataclass(frozen=True)
class SoundOptions:
    """What a session sounds: ``--no-voice``, ``--no-sound``, eyes-closed tones, volumes."""

    voice: bool = True
    sound: bool = True
    """False: nothing at all (no chimes, tones or voice), and no sound device opened."""
    tones: bool = True
    """A tone at each sounded phase (rising in, level hold, falling out)."""
    eyes_closed: bool = False
    """A tone at every phase, not only where the script asks (``cues: true``), so the pace
    can be followed by ear alone."""
    volumes: Mapping[Channel, float] = field(default_factory=lambda: dict(DEFAULT_VOLUMES))
    whole_phase: bool = True
    """Each phase's tone lasts the whole phase (rising across the in-breath, still on a
    hold, falling across the out-breath); False: a one-second tone as each phase starts."""
    extra: tuple[str, ...] = ()
    """Sounds played outside the timeline (a lead-in's bell), prepared with its own."""
    background: Background | None = None
    """A quiet bed under the whole session (``sound.bed``), or none."""


WHOLE_STEP = Fraction(1, 10)
"""Whole-phase sounds are made in whole tenths of a second, rounded down (a phase's
sound ends up to 0.1 s early, inside its fade): a breath that glides (``ramp_to``) then
needs a few sounds made, not one per cycle."""


class SoundBoard:
    """Plays the sounds of a timeline's cues."""

    def __init__(
        self,
        timeline: Timeline,
        options: SoundOptions | None = None,
        voice: SpokenLines | None = None,
        mixer: Mixer | None = None,
        sounds: Mapping[str, Path] | None = None,
        phase_cache: Path | None = None,
    ) -> None:
        self.timeline = timeline
        self.options = options or SoundOptions()
        self.voice = voice if self.options.voice and self.options.sound else None
        self._mixer = mixer
        self._sound_paths = sounds
        self._phase_cache = phase_cache
        self.clips: dict[str, Clip] = {}
        """Decoded chimes and phase tones by name."""
        self.phase_sounds: dict[tuple[str, int], Clip] = {}
        """Whole-phase sounds by phase and length (in tenths of a second)."""
        self.problems: dict[str, str] = {}
        """Sound files that could not be read, by name."""
        self.bed: Clip | None = None
        """One loop of the background bed, once prepared (at volume 1)."""
        self._told: set[str] = set()
        self._volumes = {c: self.options.volumes.get(c, 1.0) for c in CHANNELS}
        self._muted = dict.fromkeys(CHANNELS, False)
        self.eyes_closed = self.options.eyes_closed
        """Tones at every phase; the player turns this on and off (dim mode)."""
        if mixer is not None:
            self._setup(mixer)

    @property
    def mixer(self) -> Mixer:
        """The mixer (made, with the real audio output, when first needed)."""
        if self._mixer is None:
            self._mixer = self._setup(Mixer(AudioOutput()))
        return self._mixer

    def _setup(self, mixer: Mixer) -> Mixer:
        for channel in CHANNELS:
            mixer.set_volume(channel, self._volumes[channel])
            mixer.set_muted(channel, self._muted[channel])
        return mixer

    # -- before the session ------------------------------------------------------------

    def wanted_sounds(self) -> list[str]:
        """The names of the chimes and tones the timeline will play, and the extra ones."""
        names: dict[str, None] = dict.fromkeys(self.options.extra)
        for cue in self.timeline.cues:
            if cue.kind == "chime" and cue.sound:
                names.setdefault(cue.sound, None)
            elif (
                cue.kind == "phase"
                and cue.phase
                and self.options.tones
                and not self.options.whole_phase
            ):
                # Every phase's tone, in case eyes-closed mode is turned on mid-session.
                names.setdefault(cue.phase, None)
        return list(names)

    async def prepare(self, progress: ProgressFn | None = None, probe: bool = True) -> None:
        """Decode every chime and tone, render every voice line, and (``probe``) find out
        whether a sound device answers, all before the session starts."""
        if not self.options.sound:
            return
        paths = self._sound_paths if self._sound_paths is not None else sound_files()
        for name in self.wanted_sounds():
            path = paths.get(name)
            if path is None:
                self.problems[name] = f"no sound named {name!r}"
                continue
            try:
                # Off the event loop: a long user sound takes a moment to resample.
                self.clips[name] = await asyncio.to_thread(load_wav, path)
            except (OSError, EOFError, ValueError) as exc:
                self.problems[name] = f"cannot read sound {path.name}: {exc}"
        if self.options.tones and self.options.whole_phase:
            await asyncio.to_thread(self._make_phase_sounds)
        if self.options.background is not None:
            self.bed = await asyncio.to_thread(self._make_bed, self.options.background)
            self.mixer.set_bed(self.bed)
        if self.voice is not None and self.voice.available:
            await self.voice.prepare(self.timeline.spoken_lines(), progress)
        self.mixer.warm(self._all_sounds())
        if probe:
            # Straight to the output: a muted channel must not hide a missing device.
            self.mixer.output.play(PROBE)

    def _make_phase_sounds(self) -> None:
        """Make (or load from the cache) the whole-phase sound of every phase cue: made
        once, a second or so for a session whose breath glides, then a plain read."""
        from mindful_tui.sound.synth import WHOLE_VERSION, phase_sound

        folder = self._phase_cache if self._phase_cache is not None else cache_dir() / "phase"
        for cue in self.timeline.cues:
            key = self._whole_key(cue)
            if key is None or key in self.phase_sounds:
                continue
            phase, steps = key
            path = folder / f"{phase}-{steps}-v{WHOLE_VERSION}.wav"
            try:
                clip = load_wav(path, whole=True)
            except (OSError, EOFError, ValueError, wave.Error):
                clip = Clip(phase_sound(phase, float(steps * WHOLE_STEP)))
                _keep(path, clip)
            self.phase_sounds[key] = clip

    def _make_bed(self, name: Background) -> Clip:
        """The bed's loop: made once (a few seconds), then read from the cache."""
        from mindful_tui.sound import bed

        path = cache_dir() / "background" / f"{name}-v{bed.VERSION}.wav"
        try:
            clip = load_wav(path, whole=True)
            if len(clip) == bed.LOOP_SECONDS * clip.rate:
                return clip
        except (OSError, EOFError, ValueError, wave.Error):
            pass
        clip = Clip(bed.make(name))
        _keep(path, clip)
        return clip

    @staticmethod
    def _whole_key(cue: Cue) -> tuple[PhaseKind, int] | None:
        """The whole-phase sound a phase cue plays (phase, tenths), or None."""
        if cue.kind != "phase" or cue.phase is None or not cue.seconds:
            return None
        steps = min(int(cue.seconds / WHOLE_STEP), 600)
        return (cue.phase, steps) if steps > 0 else None

    def _all_sounds(self) -> list[tuple[Clip, Channel]]:
        """Every clip the session can play, with its channel."""
        out: list[tuple[Clip, Channel]] = []
        for cue in self.timeline.cues:
            out.extend(self.sounds_for(cue, cue.words))
        return out

    def notices(self) -> list[str]:
        """What the app should say about sound, each notice once (new ones only)."""
        found: list[str] = []
        if self.options.sound:
            problem = self._mixer.problem if self._mixer is not None else None
            if problem:
                found.append(problem)
            if self.voice is not None and not self.voice.available and self.voice.problem:
                found.append(self.voice.problem)
            elif fallback := getattr(self.voice, "fallback", None):
                found.append(str(fallback))  # the voice asked for is missing: said once
            found.extend(self.problems.values())
        fresh = [n for n in found if n not in self._told]
        self._told.update(fresh)
        return fresh

    # -- during the session ------------------------------------------------------------

    def sounds_for(self, cue: Cue, text: str | None = None) -> list[tuple[Clip, Channel]]:
        """The clips a cue sounds (``text``: what it says, placeholders filled)."""
        if not self.options.sound:
            return []
        out: list[tuple[Clip, Channel]] = []
        if cue.kind == "chime" and cue.sound:
            chime = self.clips.get(cue.sound)
            if chime is not None:
                out.append((chime, "chimes"))
        elif (
            cue.kind == "phase"
            and cue.phase
            and self.options.tones
            and (cue.voiced or self.eyes_closed)
        ):
            if self.options.whole_phase:
                key = self._whole_key(cue)
                tone = self.phase_sounds.get(key) if key is not None else None
            else:
                tone = self.clips.get(cue.phase)
            if tone is not None:
                out.append((tone, "tones"))
        spoken = self._voiced_text(cue, text if text is not None else cue.words)
        if spoken is not None and self.voice is not None:
            line = self.voice.clip(spoken)
            if line is not None:
                out.append((line, "voice"))
        return out

    def cue(self, cue: Cue, text: str | None = None) -> float | None:
        """Sound a cue now: its chime, its phase tone, its voice line; all in one call.

        Returns the clock time (``time.monotonic``) the sound started, or None when the
        cue sounds nothing or nothing can be heard.
        """
        return self.cues([(cue, text)])

    def cues(self, cues: Sequence[tuple[Cue, str | None]], at: float | None = None) -> float | None:
        """Sound cues that fall due together, in one start of the stream: now, or at
        clock time ``at`` (``time.monotonic``) when it is still ahead. Returns when they
        are heard from, or None."""
        sounds = [sound for cue, text in cues for sound in self.sounds_for(cue, text)]
        return self.mixer.play_all(sounds, at) if sounds else None

    def heard(self, cue: Cue, text: str | None = None) -> bool:
        """Whether a cue sounds anything on a channel that is neither muted nor silent."""
        return any(
            not self._muted[channel] and self._volumes[channel] > 0.0
            for _, channel in self.sounds_for(cue, text)
        )

    def withdraw(self) -> None:
        """Take back sounds started for later that have not begun."""
        if self._mixer is not None:
            self._mixer.withdraw()

    def set_muted(self, channel: Channel, muted: bool) -> None:
        """Mute a channel (at once, also what it is playing) or unmute it."""
        self._muted[channel] = muted
        if self._mixer is not None:
            self._mixer.set_muted(channel, muted)

    def set_volume(self, channel: Channel, volume: float) -> None:
        """A channel's volume, 0 … 1, from its next sound on."""
        self._volumes[channel] = min(1.0, max(0.0, volume))
        if self._mixer is not None:
            self._mixer.set_volume(channel, self._volumes[channel])

    def volume(self, channel: Channel) -> float:
        """A channel's volume."""
        return self._volumes[channel]

    def muted(self, channel: Channel) -> bool:
        """Whether a channel is muted."""
        return self._muted[channel]

    def keep_bed(self) -> None:
        """Keep the background bed sounding (start it, or its next stretch when due)."""
        if self.bed is not None and self._mixer is not None:
            self._mixer.keep_bed()

    def bed_due(self) -> float | None:
        """Clock time (``time.monotonic``) by which ``keep_bed`` must be called again;
        None when no bed is heard."""
        if self.bed is None or self._mixer is None:
            return None
        return self._mixer.bed_due()

    def stop(self) -> None:
        """Silence everything (the session stopped or paused); the bed waits."""
        if self._mixer is not None:
            self._mixer.stop()

    @staticmethod
    def _voiced_text(cue: Cue, text: str) -> str | None:
        """What a cue says aloud (``text``: its words, placeholders filled), if anything:
        the timeline decides which cues speak (``Cue.spoken``)."""
        return text if cue.spoken is not None else None


def _keep(path: Path, clip: Clip) -> None:
    """Write ``clip`` to the cache whole or not at all; a cache that cannot be written
    only costs making the sound again next time."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_wav(tmp, clip)
        tmp.replace(path)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink()
