"""What one session plays with, resolved once from its script, your settings and what was
chosen for this session alone.

Who wins, for everything that can be chosen (the README says the same):

1. **this session's choice**: a command-line flag (``--minutes``, ``--no-voice``,
   ``--no-sound``, ``--speed``, ``--start-in``, ``--background``) or the picker's
   ``+``/``-``;
2. **the script's own** ``voice:`` (its rate, volume and voice name) and
   ``background:``;
3. **your settings** (``settings.yaml``, F3);
4. the defaults.

A flag can only turn voice or sound *off*: ``--no-voice`` silences a voice your settings
allow, but no flag speaks when your settings say not to.

Every way a session starts or is shown (the picker and its listed lengths, ``play`` full
screen or plain, ``plan``, ``render``, ``check``'s fit test) calls ``resolve``; none reads
the settings on its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from mindful_tui.core.script.lengths import fit_to_minutes
from mindful_tui.core.script.model import (
    BACKGROUND_ALIASES,
    BACKGROUNDS,
    NO_BACKGROUND,
    Background,
    Script,
)
from mindful_tui.core.script.words import DEFAULT_LANGUAGE
from mindful_tui.core.storage.user_settings import Settings
from mindful_tui.core.timing.timeline import Timeline, compile_script
from mindful_tui.sound.speech import VoiceSettings


@dataclass(frozen=True)
class Choices:
    """What was chosen for this one session: command-line flags or picker keys."""

    minutes: Fraction | None = None
    """About how long the session should last (``--minutes``, the picker's ``+``/``-``)."""
    voice: bool = True
    """False: ``--no-voice``."""
    sound: bool = True
    """False: ``--no-sound`` (no chimes, tones or voice)."""
    speed: float = 1.0
    """How many times faster than real time to play (``--speed``): a preview."""
    lead_in: int | None = None
    """Seconds of countdown before the session starts (``--start-in``); None: settings."""
    background: str | None = None
    """The bed to play under it (``--background``; ``none``: none); None: not chosen."""


@dataclass(frozen=True)
class Options:
    """Everything about how one session plays, resolved (see ``resolve``)."""

    minutes: Fraction | None
    """The length asked for; None keeps the script's own."""
    speed: float
    """Session seconds per real second (1: practice; otherwise a preview)."""
    voice: bool
    """Speak lines and phase words."""
    sound: bool
    """Sound at all (chimes, tones, voice); False opens no sound device."""
    phase_tones: bool
    """A tone at each sounded phase."""
    whole_phase_tones: bool
    """Each phase's tone lasts the whole phase (else a short tone as it starts)."""
    dim: bool
    """Start dim: dark and still, and a tone at every phase for eyes closed."""
    voice_volume: float
    chime_volume: float
    tone_volume: float
    speech: VoiceSettings
    """The voice the lines are spoken in."""
    keep_awake: bool = True
    """Keep the computer awake while the session plays."""
    lead_in: int = 0
    """Seconds of countdown before the session's clock starts (0: none)."""
    background: Background | None = None
    """The quiet bed under the whole session (None: none)."""
    background_volume: float = 0.5

    @property
    def preview(self) -> bool:
        """Played faster than real time: not practice, so not logged, and nothing asked."""
        return self.speed != 1.0


@dataclass(frozen=True)
class Setup:
    """One session ready to play or show: its script fitted to its length, the plan of
    its cues, and the options it plays with."""

    script: Script
    timeline: Timeline
    options: Options


def speech_for(script: Script, settings: Settings) -> VoiceSettings:
    """The script's voice, with your settings where the script leaves a gap. Your
    settings' voice speaks English scripts; a script in another language speaks with
    that language's voice, unless it names its own."""
    voice = script.voice
    name = voice.name
    if name is None and script.language == DEFAULT_LANGUAGE:
        name = settings.voice_name
    return VoiceSettings(
        rate=voice.rate if voice.rate is not None else settings.rate,
        volume=float(voice.volume) if voice.volume is not None else 1.0,
        name=name,
        language=script.language,
    )


def resolve(script: Script, settings: Settings, choices: Choices | None = None) -> Options:
    """The options ``script`` plays with, by the rule in this module's docstring."""
    choices = choices or Choices()
    minutes = choices.minutes
    if minutes is None and settings.default_minutes is not None:
        minutes = Fraction(str(settings.default_minutes))
    sound = settings.sound and choices.sound
    return Options(
        minutes=minutes,
        speed=choices.speed,
        voice=sound and settings.voice and choices.voice,
        sound=sound,
        phase_tones=settings.phase_tones,
        whole_phase_tones=settings.whole_phase_tones,
        dim=settings.dim,
        voice_volume=settings.voice_volume,
        chime_volume=settings.chime_volume,
        tone_volume=settings.tone_volume,
        speech=speech_for(script, settings),
        keep_awake=settings.keep_awake,
        lead_in=choices.lead_in if choices.lead_in is not None else settings.lead_in,
        background=background_for(script, settings, choices),
        background_volume=settings.background_volume,
    )


def background_for(script: Script, settings: Settings, choices: Choices) -> Background | None:
    """The bed: this session's choice, else the script's, else your setting."""
    for said in (choices.background, script.background, settings.background):
        if said is not None:
            return _bed_named(said)
    return None


def _bed_named(name: str) -> Background | None:
    """The bed called ``name`` (checked where it was said), or None for ``none``."""
    name = BACKGROUND_ALIASES.get(name, name)
    for known in BACKGROUNDS:
        if name == known:
            return known
    if name != NO_BACKGROUND:
        raise ValueError(f"unknown background {name!r}")
    return None


def setup(
    script: Script,
    settings: Settings,
    choices: Choices | None = None,
    natural: Timeline | None = None,
) -> Setup:
    """``script`` as it will play: options resolved, breathing fitted, cues planned.
    ``natural``: ``script``'s own timeline, when the caller has planned it already (it
    is used when no length is chosen, instead of planning the script again)."""
    return planned(script, resolve(script, settings, choices), natural)


def planned(script: Script, options: Options, natural: Timeline | None = None) -> Setup:
    """``script`` fitted to the length ``options`` choose, its cues planned (used again
    when a script that opens by measuring the breath is planned from what it measured)."""
    if options.minutes is None:
        return Setup(script, natural or compile_script(script), options)
    fitted = fit_to_minutes(script, options.minutes)
    return Setup(fitted, compile_script(fitted), options)
