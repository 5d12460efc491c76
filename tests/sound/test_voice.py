"""Tests for voice rendering, with the real speech engine (espeak-ng through pyttsx3).

Lines are rendered for real and measured as sound (RMS, length), not trusted from the
engine's parameters. The failure paths (no engine, a hung engine, a crashed one) use the
worker's documented test hook, ``MINDFUL_TUI_VOICE_TEST_HOOK``, since uninstalling espeak
is not something a test can do. The cache lives in a temporary folder per test.
"""

from __future__ import annotations

import asyncio
import json
import math
import os
import threading
import time
import wave
from array import array
from pathlib import Path
from typing import Any

import pytest

from mindful_tui.cli.failure import Failure
from mindful_tui.cli.voices import voices
from mindful_tui.core.storage import library
from mindful_tui.core.timing.fit import fit_warnings
from mindful_tui.core.timing.timeline import compile_script
from mindful_tui.sound import voice_worker
from mindful_tui.sound.clip import RATE
from mindful_tui.sound.speech import VoiceSettings
from mindful_tui.sound.voice import (
    NoEngine,
    VoiceLines,
    list_voices,
    no_engine_message,
)
from mindful_tui.sound.voice_worker import (
    TEST_HOOK,
    trim_silence,
    upsample_2x,
    wait_for_file,
    wav_complete,
)
from tests.core.helpers import script

SHORT = "Breathe in"
LONG = "Let your shoulders drop, and let your eyes close. Feel the weight of your body."


def rms(samples: array[int]) -> float:
    """Root mean square level, as a share of full scale."""
    if not samples:
        return 0.0
    return math.sqrt(sum(s * s for s in samples) / len(samples)) / 32768


def render(texts: list[str], cache: Path, **settings: Any) -> VoiceLines:
    """Prepare ``texts`` in a fresh ``VoiceLines`` over ``cache``."""
    lines = VoiceLines(VoiceSettings(**settings), cache)
    asyncio.run(lines.prepare(texts))
    return lines


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    return tmp_path / "voice"


# -- rendering with the real engine ---------------------------------------------------


def test_a_rendered_line_is_speech_of_a_plausible_length(
    cache: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    lines = render([SHORT, LONG], cache)
    assert lines.available and lines.problem is None
    short, long = lines.clip(SHORT), lines.clip(LONG)
    assert short is not None and long is not None
    assert short.rate == long.rate == RATE
    assert rms(short.samples) > 0.02 and rms(long.samples) > 0.02
    # "Breathe in" is two syllables: well under two seconds once trimmed.
    assert 0.3 < short.seconds < 1.5
    assert long.seconds > 3 * short.seconds
    assert lines.seconds(SHORT) == pytest.approx(short.seconds)
    # Faded to zero at both ends: no click when a line starts or stops.
    assert short.samples[0] == 0 and short.samples[-1] == 0
    # Nothing from espeak or pyttsx3 ("Audio saved to ...") reached the terminal.
    assert capfd.readouterr() == ("", "")


def test_rendered_lines_carry_little_silence(cache: Path) -> None:
    clip = render([LONG], cache).clip(LONG)
    assert clip is not None
    tenth = RATE // 10  # espeak adds 240-390 ms of silence; trimmed, the ends have sound
    assert rms(clip.samples[:tenth]) > 0.002
    assert rms(clip.samples[-tenth:]) > 0.002


def test_a_higher_rate_is_shorter_and_cached_apart(cache: Path) -> None:
    slow = render([LONG], cache, rate=110).seconds(LONG)
    fast = render([LONG], cache, rate=220).seconds(LONG)
    assert slow is not None and fast is not None
    assert fast < 0.75 * slow, (slow, fast)
    assert len(list(cache.glob("*.wav"))) == 2, sorted(p.name for p in cache.iterdir())


def test_the_cache_is_reused_without_starting_a_worker(cache: Path) -> None:
    first = render([SHORT, LONG], cache)
    assert first.runs == 2  # two lines, two workers in parallel
    before = {p.name: p.stat().st_mtime_ns for p in cache.iterdir()}
    second = render([SHORT, LONG, SHORT], cache)
    assert second.runs == 0
    assert {p.name: p.stat().st_mtime_ns for p in cache.iterdir()} == before
    a, b = first.clip(LONG), second.clip(LONG)
    assert a is not None and b is not None and a.samples == b.samples


def test_only_new_lines_are_rendered_with_progress(cache: Path) -> None:
    render([SHORT], cache)
    lines = VoiceLines(VoiceSettings(), cache)
    calls: list[tuple[int, int]] = []
    asyncio.run(
        lines.prepare([SHORT, LONG, "Hold"], lambda done, total: calls.append((done, total)))
    )
    assert calls == [(0, 2), (1, 2), (2, 2)]
    calls.clear()
    asyncio.run(
        lines.prepare([SHORT, LONG, "Hold"], lambda done, total: calls.append((done, total)))
    )
    assert calls == []


def test_the_cache_key_covers_every_input(cache: Path) -> None:
    base = VoiceLines(VoiceSettings(), cache)
    same = VoiceLines(VoiceSettings(rate=150, volume=1.0), cache)
    assert base.key(SHORT) == same.key(SHORT)
    others = [
        base.key(LONG),
        VoiceLines(VoiceSettings(rate=151), cache).key(SHORT),
        VoiceLines(VoiceSettings(volume=0.5), cache).key(SHORT),
        VoiceLines(VoiceSettings(name="gmw/en-us"), cache).key(SHORT),
    ]
    assert len({base.key(SHORT), *others}) == 5


def test_files_are_written_whole_and_nothing_else_is_left(cache: Path) -> None:
    lines = render([SHORT, LONG, "Hold"], cache)
    names = sorted(p.name for p in cache.iterdir())
    assert names == sorted(lines.path(t).name for t in (SHORT, LONG, "Hold"))
    for path in cache.iterdir():
        assert wav_complete(path, finished=False)


def test_a_voice_by_name_or_id_is_used(cache: Path) -> None:
    us = render([LONG], cache, name="gmw/en-us").clip(LONG)
    gb = render([LONG], cache, name="English (Great Britain)").clip(LONG)
    assert us is not None and gb is not None
    assert us.samples != gb.samples


def test_an_unknown_voice_falls_back_to_the_default_and_says_so(
    cache: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    lines = render([SHORT], cache, name="no-such-voice")
    assert lines.available
    assert lines.problem is not None and "no-such-voice" in lines.problem
    assert "default voice" in lines.problem
    assert lines.clip(SHORT) is not None
    assert capfd.readouterr() == ("", "")


# -- when the engine is missing, hangs or crashes -----------------------------------------


def test_no_engine_turns_voice_off_quietly(
    cache: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(TEST_HOOK, "no-engine")
    lines = render([SHORT, LONG], cache)
    assert not lines.available
    assert (
        lines.problem == no_engine_message() == ("no speech engine (espeak-ng) found: voice is off")
    )
    assert lines.clip(SHORT) is None and lines.seconds(SHORT) is None
    assert capfd.readouterr() == ("", "")
    assert not list(cache.glob("*.wav"))


def test_a_hanging_engine_is_killed_at_the_timeout(
    cache: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(TEST_HOOK, "hang")
    started: list[asyncio.subprocess.Process] = []
    real = asyncio.create_subprocess_exec

    async def spy(*args: Any, **kwargs: Any) -> asyncio.subprocess.Process:
        process = await real(*args, **kwargs)
        started.append(process)
        return process

    monkeypatch.setattr(asyncio, "create_subprocess_exec", spy)
    lines = VoiceLines(VoiceSettings(), cache, timeout=0.5)
    begun = time.monotonic()
    # Bounded here too, so that a broken timeout fails this test instead of hanging it.
    asyncio.run(asyncio.wait_for(lines.prepare([SHORT, LONG]), 5))
    assert time.monotonic() - begun < 2
    assert not lines.available
    assert lines.problem == "the speech engine did not start within 0.5 s: voice is off"
    assert len(started) == 2 and all(p.returncode is not None for p in started)
    for process in started:
        with pytest.raises(ProcessLookupError):
            os.kill(process.pid, 0)
    assert capfd.readouterr() == ("", "")


def test_a_crashed_engine_turns_voice_off(
    cache: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(TEST_HOOK, "crash")
    lines = render([SHORT], cache)
    assert not lines.available
    assert lines.problem == "the speech engine stopped unexpectedly: voice is off"
    assert capfd.readouterr() == ("", "")


def test_cached_lines_need_no_engine(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    render([SHORT], cache)
    monkeypatch.setenv(TEST_HOOK, "no-engine")
    lines = render([SHORT], cache)
    assert lines.available and lines.runs == 0 and lines.clip(SHORT) is not None


def test_voice_off_is_all_off(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A session never speaks some lines and not others: with the engine gone, a line
    cached earlier is not played either."""
    render([SHORT], cache)
    monkeypatch.setenv(TEST_HOOK, "no-engine")
    lines = render([SHORT, LONG], cache)
    assert not lines.available
    assert lines.clip(SHORT) is None and lines.seconds(SHORT) is None


# -- trimming, resampling and waiting for the file ------------------------------------------


def tone(seconds: float, rate: int, level: int = 8000) -> array[int]:
    n = round(seconds * rate)
    return array("h", (round(level * math.sin(2 * math.pi * 440 * i / rate)) for i in range(n)))


def test_trim_removes_silence_each_side() -> None:
    rate = 22050
    # "Silence" with a faint noise floor (below the threshold), as a recording has.
    hiss = array("h", ((i * 7919) % 41 - 20 for i in range(rate // 2)))  # 0.5 s
    trimmed = trim_silence(hiss + tone(1.0, rate) + hiss, rate)
    margins = voice_worker.TRIM_LEAD + voice_worker.TRIM_TAIL
    assert len(trimmed) / rate == pytest.approx(1.0 + margins, abs=0.002)
    assert trimmed[0] == 0 and trimmed[-1] == 0  # faded: no click at either end
    assert max(trimmed) > 7900  # the sound itself is untouched


def test_trim_of_silence_is_empty_and_of_sound_is_whole() -> None:
    assert len(trim_silence(array("h", bytes(2000)), 22050)) == 0
    sound = tone(0.2, 22050)
    sound[0] = sound[-1] = 5000  # loud to the very ends: nothing to cut
    assert len(trim_silence(sound, 22050)) == len(sound)


def test_upsampling_interpolates_between_samples() -> None:
    samples = array("h", [0, 100, -100, 32767, -32768, 7])
    assert list(upsample_2x(samples)) == [
        0, 50, 100, 0, -100, 16333, 32767, -1, -32768, -16381, 7, 7,
    ]  # fmt: skip
    assert len(upsample_2x(array("h"))) == 0


def write_wav_slowly(path: Path, delay: float, finished: threading.Event | None) -> None:
    """Like pyttsx3 on Linux: the file appears after ``runAndWait`` has returned."""
    time.sleep(delay)
    with wave.open(str(path), "wb") as f:
        f.setnchannels(1)
        f.setsampwidth(2)
        f.setframerate(22050)
        f.writeframes(tone(0.5, 22050).tobytes())
    if finished is not None:
        finished.set()


@pytest.mark.parametrize("with_event", [True, False])
def test_waits_for_a_file_written_late(tmp_path: Path, with_event: bool) -> None:
    path = tmp_path / "late.wav"
    finished = threading.Event()
    writer = threading.Thread(
        target=write_wav_slowly, args=(path, 0.2, finished if with_event else None)
    )
    begun = time.monotonic()
    writer.start()
    assert wait_for_file(path, finished, limit=3)
    assert time.monotonic() - begun >= 0.2
    assert wav_complete(path, finished=False)
    writer.join()


def test_a_file_never_finished_is_given_up_on(tmp_path: Path) -> None:
    path = tmp_path / "half.wav"
    with wave.open(str(path), "wb") as f:
        f.setnchannels(1)
        f.setsampwidth(2)
        f.setframerate(22050)
        f.writeframes(tone(0.1, 22050).tobytes())
    data = path.read_bytes()
    # What a reader sees mid-write: the header still claims no frames.
    path.write_bytes(data[:40] + (0).to_bytes(4, "little") + data[44:])
    assert not wav_complete(path, finished=False)
    begun = time.monotonic()
    assert not wait_for_file(path, threading.Event(), limit=0.3)
    assert time.monotonic() - begun < 1


class CancellingEngine:
    """A stand-in for pyttsx3 whose first utterance goes wrong as in espeak's race: cut
    short and reported as not completed, or reported complete but silent."""

    def __init__(self, failure: str) -> None:
        self.failure = failure
        self.callbacks: dict[str, list[Any]] = {}
        self.queued: tuple[str, str] | None = None
        self.runs = 0
        self.rates: list[int] = []

    def connect(self, topic: str, callback: Any) -> None:
        self.callbacks.setdefault(topic, []).append(callback)

    def setProperty(self, name: str, value: Any) -> None:
        if name == "rate":
            self.rates.append(value)

    def save_to_file(self, text: str, path: str) -> None:
        self.queued = (text, path)

    def runAndWait(self) -> None:
        if self.queued is None:
            return
        self.runs += 1
        _text, path = self.queued
        self.queued = None
        spoken, completed = tone(0.3, 22050), True
        if self.runs == 1 and self.failure == "cut short":
            spoken, completed = spoken[:1000], False
        elif self.runs == 1:
            spoken = array("h")
        with wave.open(path, "wb") as f:
            f.setnchannels(1)
            f.setsampwidth(2)
            f.setframerate(22050)
            f.writeframes(spoken.tobytes())
        for callback in self.callbacks["finished-utterance"]:
            callback(completed=completed)


class Collected:
    def __init__(self) -> None:
        self.sent: list[dict[str, Any]] = []

    def send(self, **message: Any) -> None:
        self.sent.append(message)


@pytest.mark.parametrize("failure", ["cut short", "silent"])
def test_a_line_gone_wrong_is_tried_again(tmp_path: Path, failure: str) -> None:
    engine, answers = CancellingEngine(failure), Collected()
    target = tmp_path / "line.wav"
    request = {"rate": 140, "volume": 1.0, "jobs": [{"text": "Hold", "path": str(target)}]}
    voice_worker.render(engine, request, answers)  # type: ignore[arg-type]
    assert [m["event"] for m in answers.sent] == ["ready", "done"]
    assert engine.runs == 2 and engine.rates == [140, 140]
    assert answers.sent[1]["seconds"] == pytest.approx(0.3, abs=0.01)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["line.wav"]


# -- which lines a session speaks -------------------------------------------------------------


def test_spoken_lines_lists_every_line_once() -> None:
    source = script(
        """
        title: t
        steps:
          - say: Settle in.
            seconds: 3
          - ask: Your intention?
            key: intention
          - say: "Hold on to {intention}."
            seconds: 3
          - say: "Braces {{like this}}."
            seconds: 3
          - breathe:
              cycles: 2
              cues: true
              pattern: [{inhale: 2}, {inhale: 1, say: top up}, {exhale: 4}]
              prompts: {1: In through the nose., 2: Settle in.}
          - breathe:
              cycles: 1
              pattern: {inhale: 4, hold: 2, exhale: 4}
        """
    )
    timeline = compile_script(source)
    # Both cycles open with a prompt, spoken instead of their first "Breathe in".
    assert timeline.spoken_lines() == [
        "Settle in.",
        "Braces {like this}.",
        "In through the nose.",
        "top up",
        "Breathe out",
    ]
    assert timeline.spoken_lines(phase_words=False) == [
        "Settle in.",
        "Braces {like this}.",
        "In through the nose.",
        "top up",
    ]


def test_every_built_in_script_fits_its_voice(cache: Path) -> None:
    """The fit check with measured lengths: no built-in line outruns its time."""
    for entry in library.entries():
        if entry.source != "built-in":
            continue
        assert entry.script is not None
        timeline = compile_script(entry.script)
        rate = entry.script.voice.rate or 150
        lines = render(timeline.spoken_lines(), cache, rate=rate)
        assert lines.available
        assert [str(w) for w in fit_warnings(entry.script, timeline, lines.seconds)] == []


# -- listing voices -------------------------------------------------------------------------


def test_list_voices_has_english(capfd: pytest.CaptureFixture[str]) -> None:
    found = list_voices()
    assert any(v.id == "gmw/en-us" and "en-us" in v.languages for v in found)
    assert [v.id for v in found] == sorted(v.id for v in found)
    assert capfd.readouterr() == ("", "")


def test_mindful_voices_prints_a_table_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert voices(as_json=False) == 0
    table = capsys.readouterr().out
    assert "gmw/en-us" in table and "English (America)" in table
    assert voices(as_json=True) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {"id": "gmw/en-us", "name": "English (America)", "languages": ["en-us"]} in rows


def test_mindful_voices_without_an_engine_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(TEST_HOOK, "no-engine")
    with pytest.raises(NoEngine, match=r"^no speech engine \(espeak-ng\) found$"):
        list_voices()
    with pytest.raises(Failure, match=r"^no speech engine \(espeak-ng\) found$"):
        voices(as_json=False)


def test_a_quieter_voice_is_levelled_quieter() -> None:
    """Levelling undoes the engine's own volume; the target puts a script's back."""
    from mindful_tui.sound.loudness import REFERENCE_LUFS
    from mindful_tui.sound.voice_worker import voice_target

    assert voice_target(1.0) == REFERENCE_LUFS
    assert voice_target(0.5) == pytest.approx(REFERENCE_LUFS - 6.02, abs=0.01)


def test_a_rendered_line_is_cached_levelled_by_loudness(cache: Path) -> None:
    """Levelled once, when rendered: what is loaded from the cache is already at the
    reference loudness, and starts and ends at zero."""
    from mindful_tui.sound.clip import RATE, load_wav
    from mindful_tui.sound.loudness import REFERENCE_LUFS, integrated

    lines = render([LONG], cache)
    (stored,) = cache.glob("*.wav")
    samples = load_wav(stored).samples
    assert integrated(samples, RATE) == pytest.approx(REFERENCE_LUFS, abs=0.5)
    assert samples[0] == 0 and samples[-1] == 0
    clip = lines.clip(LONG)
    assert clip is not None and clip.samples == samples


PLAYER = """
import subprocess, sys
from mindful_tui.sound.voice import worker_command
worker = subprocess.Popen(worker_command(), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                          stderr=subprocess.DEVNULL, start_new_session=True)
worker.stdin.write(b'{"jobs": []}\\n'); worker.stdin.flush()
print(worker.pid, flush=True)
sys.stdin.read()  # the player waits until it is killed
"""


def test_a_hung_worker_exits_when_its_player_is_killed() -> None:
    """A player killed with SIGKILL cannot kill its worker; the worker must notice."""
    import signal
    import subprocess
    import sys

    env = {**os.environ, voice_worker.TEST_HOOK: "hang"}
    player = subprocess.Popen(
        [sys.executable, "-c", PLAYER],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env=env,
        text=True,
    )
    assert player.stdout is not None
    worker = int(player.stdout.readline())
    player.send_signal(signal.SIGKILL)
    player.wait(timeout=10)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and _alive(worker):
        time.sleep(0.02)
    alive = _alive(worker)
    if alive:
        os.kill(worker, signal.SIGKILL)
    assert not alive


def _alive(pid: int) -> bool:
    """True while ``pid`` runs (a zombie is not running: it has exited)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0]
    except (FileNotFoundError, IndexError):
        return False
    return state != "Z"


def test_a_cached_line_cut_short_is_rendered_again(cache: Path) -> None:
    """A cached line cut short (a disk that filled up, a copy interrupted) is never played
    as half a line: it is found on loading and rendered again, in the same preparation."""
    whole = render([LONG], cache).clip(LONG)
    assert whole is not None
    (path,) = cache.glob("*.wav")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    again = render([LONG], cache)
    assert again.runs == 1
    clip = again.clip(LONG)
    assert clip is not None and abs(len(clip) - len(whole)) < 0.2 * len(whole)
    assert path.stat().st_size > len(data) // 2


def test_the_cache_stays_within_its_limit_oldest_lines_first(cache: Path) -> None:
    lines = VoiceLines(VoiceSettings(), cache)
    for age, line in enumerate(["One.", "Two.", "Three.", "Four."]):
        render([line], cache)
        os.utime(lines.path(line), (1_000_000 + age, 1_000_000 + age))  # One is the oldest
    size = {line: lines.path(line).stat().st_size for line in ["Three.", "Four."]}
    within = VoiceLines(VoiceSettings(), cache, limit=size["Three."] + size["Four."])
    within.prune(keep=["Four."])
    assert sorted(p.name for p in cache.glob("*.wav")) == sorted(
        lines.path(line).name for line in ["Three.", "Four."]
    )
    # Preparing a session prunes too, and never its own lines.
    tiny = VoiceLines(VoiceSettings(), cache, limit=1)
    asyncio.run(tiny.prepare(["Five."]))
    assert [p.name for p in cache.glob("*.wav")] == [lines.path("Five.").name]
    assert tiny.clip("Five.") is not None


def test_a_missing_voice_is_said_once_and_remembered_without_another_worker(
    cache: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    first = render([SHORT], cache, name="no-such-voice-remembered")
    assert first.runs >= 1 and first.fallback is not None
    assert "no-such-voice-remembered" in first.fallback and "default voice" in first.fallback
    # The next session in this process knows at once: no speech process to find out again.
    again = VoiceLines(VoiceSettings(name="no-such-voice-remembered"), cache)
    assert again.fallback == first.fallback
    asyncio.run(again.prepare([SHORT]))
    assert again.runs == 0 and again.clip(SHORT) is not None
    assert capfd.readouterr() == ("", "")


@pytest.fixture
def full_disk(tmp_path: Path) -> Any:
    """A real, tiny file system (tmpfs, 64 KiB) nearly filled: where lines cannot fit."""
    import subprocess

    mount = tmp_path / "small"
    mount.mkdir()
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)],
        capture_output=True,
        check=False,
    )
    if made.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {made.stderr.decode().strip()}")
    try:
        (mount / "fill").write_bytes(bytes(40_000))
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def test_a_full_disk_while_rendering_says_so_and_leaves_no_temporary_files(
    full_disk: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    cache = full_disk / "voice"
    lines = render([LONG, SHORT], cache)
    assert not lines.available
    assert lines.problem is not None and lines.problem.startswith("the disk is full"), lines.problem
    assert sorted(p.name for p in cache.iterdir()) == []  # no half-written file, no temporary
    assert capfd.readouterr() == ("", "")
