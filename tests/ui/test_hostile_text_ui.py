"""Hostile script text on screen, on stdout and in the voice: literal and harmless.

- The full-screen player (on the test rig's fake clock) shows markup as the characters
  written, never as styles or links, runs no ``[@click=...]`` action, drops control
  characters, and copes with right-to-left, combining and very long text.
- The plain player (``mindful play --plain`` as a subprocess) prints the text literally,
  and no control character (ESC, BEL, CSI) may reach stdout.
- The voice speaks SSML-looking text as text: espeak is not asked to obey ``<break>``.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from array import array
from pathlib import Path

import pytest
from textual.widgets import Static

from mindful_tui.core.script.loader import read_script
from mindful_tui.core.script.model import Script
from mindful_tui.ui.screens.closing import ClosingScreen
from mindful_tui.ui.screens.player import PlayerScreen
from mindful_tui.ui.screens.too_small import MIN_HEIGHT, MIN_WIDTH
from tests.ui.rig import Rig

SIZE = (80, 24)
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""C0 and C1 control characters but tab and newline: none may reach a terminal."""

LINES = {
    "markup": "[bold red]x[/]",
    "click": "[@click=app.quit]x[/] [@click=app.pwned]y[/]",
    "variable": "$variable $HOME [$x] \\[escaped\\]",
    "hebrew": "נשום פנימה, לאט",
    "arabic": "تنفس ببطء، ثم أخرج الهواء",
    "combining": "Re\u0301spire, e\u0301te\u0301",
    "emoji": "👩\u200d👩\u200d👧 🧘\u200d♀️ 🫁",
    "ssml": '<speak>Breathe in.<break time="3s"/></speak>',
    "long": ("breathe " * 249 + "out")[:2000],
}
"""Lines that must be shown exactly as written (each held on screen for 5 s)."""

ESCAPES = {
    "csi": ("red \x1b[31mtext\x1b[0m", "red [31mtext[0m"),
    "clear": ("\x1b[2Jcleared?", "[2Jcleared?"),
    "title": ("\x1b]0;pwned\x07set title", "]0;pwnedset title"),
    "c1": ("\x9b2Jc1 csi", "2Jc1 csi"),
}
"""Lines that arrive with a control character (escaped in YAML): written → shown."""


def yaml_string(text: str) -> str:
    """``text`` as a double-quoted YAML scalar, every control character escaped (YAML reads
    ``\\u001b`` back as a real ESC)."""
    quoted = json.dumps(text, ensure_ascii=False)
    return CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)


def write_script(path: Path, title: str, lines: list[str]) -> Path:
    steps = "".join(f"  - say: {yaml_string(line)}\n    seconds: 5\n" for line in lines)
    path.write_text(f"title: {yaml_string(title)}\nsteps:\n{steps}", encoding="utf-8")
    return path


def loaded(path: Path) -> Script:
    script, problems = read_script(path, frozenset({"bell", "bowl"}))
    assert script is not None, problems
    return script


def shown(static: Static) -> str:
    return str(static.visual)


# -- the full-screen player -----------------------------------------------------------------


async def test_every_hostile_line_is_shown_literally_in_the_player(tmp_path: Path) -> None:
    names = sorted(LINES)
    path = write_script(tmp_path / "hostile.yaml", "[b]Title[/b] $title", [LINES[n] for n in names])
    rig = Rig()
    app = rig.app(loaded(path))
    async with app.run_test(size=SIZE) as pilot:
        await rig.settle(pilot)
        screen = app.screen
        assert isinstance(screen, PlayerScreen)
        assert shown(screen.query_one("#title", Static)) == "[b]Title[/b] $title"
        for i, name in enumerate(names):
            await rig.advance(pilot, 5 if i else 1)
            assert shown(screen.query_one("#prompt", Static)) == LINES[name], name
            assert state_of(screen) == "playing"
        assert "\x1b" not in app.export_screenshot()


async def test_control_characters_never_reach_the_screen(tmp_path: Path) -> None:
    names = sorted(ESCAPES)
    lines = [ESCAPES[n][0] for n in names]
    path = write_script(tmp_path / "escapes.yaml", "\x1b]0;pwned\x07Title", lines)
    rig = Rig()
    app = rig.app(loaded(path))
    async with app.run_test(size=SIZE) as pilot:
        await rig.settle(pilot)
        screen = app.screen
        assert isinstance(screen, PlayerScreen)
        assert shown(screen.query_one("#title", Static)) == "]0;pwnedTitle"
        for i, name in enumerate(names):
            await rig.advance(pilot, 5 if i else 1)
            prompt = screen.query_one("#prompt", Static)
            assert screen.prompt == ESCAPES[name][0]  # the words are kept...
            assert shown(prompt) == ESCAPES[name][1]  # ...and the screen drops the controls
            drawn = "".join(prompt.render_line(y).text for y in range(prompt.size.height))
            assert not CONTROL.search(drawn), name


def state_of(screen: PlayerScreen) -> str:
    return screen.session.state


async def test_a_click_on_click_markup_runs_no_action(tmp_path: Path) -> None:
    path = write_script(tmp_path / "click.yaml", "[@click=app.quit]T[/]", [LINES["click"]])
    rig = Rig()
    app = rig.app(loaded(path))
    ran: list[str] = []
    setattr(app, "action_pwned", lambda: ran.append("pwned"))  # noqa: B010 - an instance action
    async with app.run_test(size=SIZE) as pilot:
        await rig.advance(pilot, 1)
        screen = app.screen
        assert isinstance(screen, PlayerScreen)
        prompt = screen.query_one("#prompt", Static)
        assert shown(prompt) == LINES["click"]
        cells: list[tuple[int, int]] = []
        for y in range(prompt.size.height):
            strip = prompt.render_line(y)
            for segment in strip:
                assert "@click" not in (segment.style.meta if segment.style else {}), segment
            x = 0
            for segment in strip:
                cells += [(x + i, y) for i, c in enumerate(segment.text) if c in "xy"]
                x += len(segment.text)
        assert len(cells) == 2  # the "x" and "y" that markup would make clickable
        for offset in cells:
            await pilot.click(prompt, offset=offset)
            await pilot.pause()
        title = screen.query_one("#title", Static)
        await pilot.click(title)
        await pilot.pause()
        assert ran == []
        assert app.is_running and app.return_code is None
        assert state_of(screen) == "playing"
        assert app.screen is screen


@pytest.mark.parametrize("size", [(80, 24), (MIN_WIDTH, MIN_HEIGHT), (200, 50)])
async def test_a_2000_character_line_fits_any_screen_without_a_crash(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    long = "x" * 2000
    path = write_script(tmp_path / "long.yaml", "y" * 2000, [long, LINES["long"]])
    rig = Rig()
    app = rig.app(loaded(path))
    async with app.run_test(size=size) as pilot:
        await rig.advance(pilot, 1)
        screen = app.screen
        assert isinstance(screen, PlayerScreen)
        assert shown(screen.query_one("#prompt", Static)) == long
        await rig.advance(pilot, 5)
        assert shown(screen.query_one("#prompt", Static)) == LINES["long"]
        assert app.is_running and state_of(screen) == "playing"


async def test_a_typed_answer_with_markup_is_shown_literally_at_the_end(tmp_path: Path) -> None:
    path = tmp_path / "answer.yaml"
    path.write_text(
        "title: Answer\nsteps:\n  - say: Settle.\n    seconds: 1\n"
        "  - ask: Anything?\n    key: wish\n"
        '  - say: "You said {wish}"\n    seconds: 2\n',
        encoding="utf-8",
    )
    rig = Rig()
    app = rig.app(loaded(path))
    typed = "[@click=app.quit]x[/] [b]bold[/b]"
    async with app.run_test(size=SIZE) as pilot:
        await rig.advance(pilot, 1)
        screen = app.screen
        assert isinstance(screen, PlayerScreen)
        assert screen.prompt == "Anything?"
        await pilot.press(*typed, "enter")
        await rig.settle(pilot)
        assert shown(screen.query_one("#prompt", Static)) == f"You said {typed}"
        await rig.advance(pilot, 3)
        await pilot.pause()
        closing = app.screen
        assert isinstance(closing, ClosingScreen)
        answers = [shown(s) for s in closing.query(".answer").results(Static)]
        assert answers == [f"wish: {typed}"]


# -- the plain player and the printing commands ------------------------------------------


def mindful(*args: str) -> tuple[bytes, bytes]:
    done = subprocess.run(
        [sys.executable, "-m", "mindful_tui", *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        env=os.environ.copy(),
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    return done.stdout, done.stderr


def no_control(out: bytes) -> None:
    text = out.decode("utf-8")
    found = sorted({f"U+{ord(c):04X}" for c in CONTROL.findall(text)})
    assert found == [], found
    assert b"\x1b" not in out and b"\x07" not in out and b"\xc2\x9b" not in out


def test_the_plain_player_prints_hostile_text_literally(tmp_path: Path) -> None:
    lines = [LINES[n] for n in sorted(LINES)]
    path = write_script(tmp_path / "hostile.yaml", "[b]Title[/b] $title", lines)
    out, err = mindful("play", str(path), "--plain", "--speed", "100", "--no-sound")
    no_control(out)
    text = out.decode("utf-8")
    assert text.startswith("[b]Title[/b] $title — ")
    for line in lines:
        assert f"  {line}\n" in text, line
    assert err == b""


def test_the_plain_player_lets_no_control_character_reach_stdout(tmp_path: Path) -> None:
    lines = [ESCAPES[n][0] for n in sorted(ESCAPES)]
    path = write_script(tmp_path / "escapes.yaml", "\x1b]0;pwned\x07Title", lines)
    out, _ = mindful("play", str(path), "--plain", "--speed", "100", "--no-sound")
    no_control(out)
    text = out.decode("utf-8")
    for name in sorted(ESCAPES):
        assert ESCAPES[name][1] in text


def test_plan_lets_no_control_character_reach_stdout(tmp_path: Path) -> None:
    path = write_script(tmp_path / "escapes.yaml", "\x1b]0;pwned\x07Title", [ESCAPES["csi"][0]])
    out, _ = mindful("plan", str(path))
    no_control(out)


def test_list_lets_no_control_character_reach_stdout(private_home: Path) -> None:
    folder = private_home / "config" / "scripts"
    folder.mkdir(parents=True)
    write_script(folder / "evil.yaml", "\x1b]0;pwned\x07Title\x1b[2J", ["hi"])
    out, _ = mindful("list")
    assert b"evil" in out
    no_control(out)


def test_plan_json_escapes_control_characters(tmp_path: Path) -> None:
    # The machine-readable output is safe already: JSON escapes them.
    path = write_script(tmp_path / "escapes.yaml", "\x1b]0;pwned\x07Title", [ESCAPES["csi"][0]])
    out, _ = mindful("plan", "--json", str(path))
    no_control(out)
    assert json.loads(out)["title"] == "\x1b]0;pwned\x07Title"


# -- the voice --------------------------------------------------------------------------


def longest_quiet(samples: array[int], rate: int) -> float:
    """The longest stretch of near silence inside a clip, in seconds."""
    best = run = 0
    for s in samples:
        run = run + 1 if -33 < s < 33 else 0
        best = max(best, run)
    return best / rate


def test_ssml_is_spoken_as_text_not_obeyed(tmp_path: Path) -> None:
    # pyttsx3 calls espeak_Synth without espeakSSML, so "<break time='3s'/>" is words, not
    # three seconds of silence that would throw the spoken line off its phase.
    import asyncio

    from mindful_tui.sound.speech import VoiceSettings
    from mindful_tui.sound.voice import VoiceLines

    plain = "Breathe in, and out."
    ssml = 'Breathe in, <break time="3s"/> and <prosody rate="x-slow">out.</prosody>'
    lines = VoiceLines(VoiceSettings(), tmp_path / "voice")
    asyncio.run(lines.prepare([plain, ssml]))
    if not lines.available:
        pytest.skip(f"no speech engine: {lines.problem}")
    plain_clip, ssml_clip = lines.clip(plain), lines.clip(ssml)
    assert plain_clip is not None and ssml_clip is not None
    assert longest_quiet(ssml_clip.samples, ssml_clip.rate) < 1.0
    assert longest_quiet(plain_clip.samples, plain_clip.rate) < 1.0
