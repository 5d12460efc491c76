"""A speech engine that hangs, as the full-screen player shows it: "Preparing the voice"
while it waits, then, at the timeout, one notice that the voice is off, and the session
plays on without it (chimes and tones still sound)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from mindful_tui.sound.speech import VoiceSettings
from mindful_tui.sound.voice import VoiceLines
from mindful_tui.sound.voice_worker import TEST_HOOK
from mindful_tui.ui.screens.player import PlayerScreen
from tests.ui.rig import Rig, script

SIZE = (80, 24)


async def test_a_hanging_speech_engine_turns_the_voice_off_and_the_session_plays(
    monkeypatch: pytest.MonkeyPatch, private_home: Path
) -> None:
    monkeypatch.setenv(TEST_HOOK, "hang")
    seen: list[str] = []

    def voice(settings: VoiceSettings) -> VoiceLines:
        return VoiceLines(settings, private_home / "voice", timeout=1.0)

    rig = Rig(voice=voice)
    app = rig.app(script("short"))
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, PlayerScreen)
        # While the engine hangs, the screen says what it is waiting for.
        for _ in range(200):
            await pilot.pause(0.01)  # the real worker process, not a clock: real time
            seen.append(screen.prompt)
            if screen.prepared.is_set():
                break
        assert any(p.startswith("Preparing the voice") for p in seen), seen[:5]
        await asyncio.wait_for(screen.prepared.wait(), timeout=10)
        notices = [n.message for n in app._notifications]
        assert notices == ["the speech engine did not start within 1 s: voice is off"]
        await rig.advance(pilot, 1)
        assert screen.session.state == "playing"
        assert screen.prompt == "Let your shoulders drop."
        assert rig.output.played  # the opening chime still sounded


async def test_a_voice_that_is_not_installed_is_said_once_and_the_default_speaks(
    private_home: Path,
) -> None:
    from mindful_tui.core.storage.user_settings import Settings

    def voice(settings: VoiceSettings) -> VoiceLines:
        return VoiceLines(settings, private_home / "voice")

    rig = Rig(voice=voice)
    app = rig.app(script("short"), settings=Settings(voice_name="no-such-voice-ui"))
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, PlayerScreen)
        await asyncio.wait_for(screen.prepared.wait(), timeout=60)
        await rig.advance(pilot, 8)
        notices = [n.message for n in app._notifications]
        assert notices == [
            'no voice "no-such-voice-ui" is installed (see `mindful voices`):'
            " using the default voice"
        ]
        assert screen.session.state == "playing"
