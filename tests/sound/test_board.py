"""Tests for the sound board: what each cue sounds, prepared before the session."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from mindful_tui.core.timing.timeline import Cue, Timeline, compile_script
from mindful_tui.sound.board import SoundBoard, SoundOptions
from mindful_tui.sound.clip import load_wav
from mindful_tui.sound.mixer import Mixer
from tests.core.helpers import script
from tests.sound.conftest import AUDIO, FakeClock, FakeOutput, FakeVoice

SOURCE = """
    title: Board
    steps:
      - chime: bell
      - say: Let your shoulders drop.
        seconds: 4
      - breathe:
          cycles: 1
          pattern: {inhale: 4, hold: 2, exhale: 6}
          cues: true
      - breathe:
          cycles: 1
          pattern: {inhale: 4, exhale: 4}
    """
SOUNDS = {
    name: AUDIO / f"{name}.wav" for name in ("bell", "bowl", "inhale", "hold", "exhale", "rest")
}


def timeline() -> Timeline:
    return compile_script(script(SOURCE))


def board(
    options: SoundOptions | None = None, voice: FakeVoice | None = None
) -> tuple[SoundBoard, FakeOutput, FakeVoice]:
    clock = FakeClock()
    output = FakeOutput(clock)
    voice = voice if voice is not None else FakeVoice()
    made = SoundBoard(
        timeline(), options, voice=voice, mixer=Mixer(output, now=clock.now), sounds=SOUNDS
    )
    return made, output, voice


def cue(made: SoundBoard, kind: str, phase: str | None = None, voiced: bool | None = None) -> Cue:
    return next(
        c
        for c in made.timeline.cues
        if c.kind == kind
        and (phase is None or c.phase == phase)
        and (voiced is None or c.voiced == voiced)
    )


def test_prepare_decodes_every_sound_used_and_renders_every_line() -> None:
    made, output, voice = board(SoundOptions(whole_phase=False))
    progress: list[tuple[int, int]] = []
    asyncio.run(made.prepare(lambda done, total: progress.append((done, total))))
    assert sorted(made.clips) == ["bell", "exhale", "hold", "inhale"]
    assert voice.prepared == ["Let your shoulders drop.", "Breathe in", "Hold", "Breathe out"]
    assert progress[-1] == (4, 4)
    assert len(output.played) == 1  # the silent probe for a device


def test_a_chime_cue_plays_the_chime() -> None:
    made, output, _ = board(SoundOptions(whole_phase=False, volumes={"chimes": 1.0}))
    asyncio.run(made.prepare())
    started = made.cue(cue(made, "chime"))
    assert started is not None
    assert output.played[-1][1].samples == load_wav(AUDIO / "bell.wav").samples


def test_a_sounded_phase_plays_its_tone_and_its_word_in_one_start() -> None:
    made, output, voice = board(
        SoundOptions(whole_phase=False, volumes={"tones": 1.0, "voice": 1.0})
    )
    asyncio.run(made.prepare())
    before = len(output.played)
    made.cue(cue(made, "phase", "exhale"), "Breathe out")
    assert len(output.played) == before + 1
    tone = load_wav(AUDIO / "exhale.wav").samples
    word = voice.lines["Breathe out"].samples
    mixed = output.played[-1][1].samples
    assert len(mixed) == max(len(tone), len(word))
    assert mixed[100] == max(-32768, min(32767, tone[100] + word[100]))


def test_a_phase_without_cues_sounds_nothing() -> None:
    made, output, _ = board()
    asyncio.run(made.prepare())
    before = len(output.played)
    assert made.cue(cue(made, "phase", "inhale", voiced=False), "Breathe in") is None
    assert len(output.played) == before


def test_tones_off_leaves_the_word_and_voice_off_leaves_the_tone() -> None:
    made, output, voice = board(
        SoundOptions(whole_phase=False, tones=False, volumes={"voice": 1.0})
    )
    asyncio.run(made.prepare())
    made.cue(cue(made, "phase", "inhale", voiced=True), "Breathe in")
    assert output.played[-1][1].samples == voice.lines["Breathe in"].samples

    made, output, voice = board(
        SoundOptions(whole_phase=False, voice=False, volumes={"tones": 1.0})
    )
    asyncio.run(made.prepare())
    assert voice.prepared == []
    made.cue(cue(made, "phase", "inhale", voiced=True), "Breathe in")
    assert output.played[-1][1].samples == load_wav(AUDIO / "inhale.wav").samples


def test_a_say_cue_speaks_the_text_it_is_given() -> None:
    made, output, voice = board(SoundOptions(whole_phase=False, volumes={"voice": 1.0}))
    asyncio.run(made.prepare())
    made.cue(cue(made, "say"), "Let your shoulders drop.")
    assert output.played[-1][1].samples == voice.lines["Let your shoulders drop."].samples
    assert made.cue(cue(made, "say"), "A line nobody rendered") is None


def test_sound_off_prepares_nothing_and_opens_no_device() -> None:
    made, output, voice = board(SoundOptions(sound=False))
    asyncio.run(made.prepare())
    assert made.clips == {} and voice.prepared == []
    assert made.cue(cue(made, "chime")) is None
    assert output.played == []
    assert made.notices() == []


def test_notices_say_once_that_there_is_no_device_or_no_voice() -> None:
    made, output, _ = board(voice=FakeVoice(available=False, problem="no speech engine"))
    output.problem = "No sound device: playing silently"
    asyncio.run(made.prepare())
    assert made.notices() == ["No sound device: playing silently", "no speech engine"]
    assert made.notices() == []
    assert made.cue(cue(made, "chime")) is None


def test_mutes_and_volumes_reach_the_mixer() -> None:
    made, output, _ = board()
    asyncio.run(made.prepare())
    made.set_muted("chimes", True)
    assert made.cue(cue(made, "chime")) is None
    made.set_muted("chimes", False)
    made.set_volume("chimes", 0.5)
    made.cue(cue(made, "chime"))
    bell = load_wav(AUDIO / "bell.wav").scaled(0.5).samples
    assert output.played[-1][1].samples == bell
    assert made.volume("chimes") == 0.5 and not made.muted("chimes")


def test_a_phase_sounds_through_the_whole_phase_by_default() -> None:
    """Each phase's tone lasts the phase (to the tenth of a second below), made as the
    session is prepared; the short tones are neither decoded nor played."""
    made, _, _ = board()
    asyncio.run(made.prepare())
    assert sorted(made.clips) == ["bell"]
    for phase in (c for c in made.timeline.cues if c.kind == "phase" and c.voiced):
        (tone,) = [clip for clip, channel in made.sounds_for(phase) if channel == "tones"]
        assert phase.seconds is not None
        assert float(phase.seconds) - 0.1 < tone.seconds <= float(phase.seconds)
        assert tone.samples[0] == 0 and tone.samples[-1] == 0


def test_whole_phase_sounds_are_made_once_then_read_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mindful_tui.sound import synth

    first = SoundBoard(
        timeline(), mixer=Mixer(FakeOutput(FakeClock())), sounds=SOUNDS, phase_cache=tmp_path
    )
    asyncio.run(first.prepare(probe=False))
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        f"{k}-{s}-v{synth.WHOLE_VERSION}.wav" for k, s in sorted(first.phase_sounds)
    ]

    def refuse(*_: object) -> None:
        raise AssertionError("made again")

    monkeypatch.setattr(synth, "phase_sound", refuse)
    again = SoundBoard(
        timeline(), mixer=Mixer(FakeOutput(FakeClock())), sounds=SOUNDS, phase_cache=tmp_path
    )
    asyncio.run(again.prepare(probe=False))
    assert again.phase_sounds.keys() == first.phase_sounds.keys()
    for key, clip in first.phase_sounds.items():
        assert again.phase_sounds[key].samples == clip.samples
