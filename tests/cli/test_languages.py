"""Sessions in other languages on the command line: the language's voice speaks them
(``render`` says which), a language without a voice is an error at its value in
``check`` and refused by ``play`` and ``render``, ``voices --language`` and ``list
--json`` know each script's language."""

from __future__ import annotations

import json
import re
import wave
from pathlib import Path

import pytest

from mindful_tui.cli.main import main
from mindful_tui.sound.languages import speaks
from mindful_tui.sound.voice import list_voices
from tests.conftest import REPO

NO_VOICE = """title: Nowhere
summary: A language no voice speaks.
language: xx
steps:
  - say: Hello.
    seconds: 3
"""
NOT_FOUND = re.compile(
    r'^(?P<path>.+):3:11: error: no voice speaks the language "xx" here; write one of the'
    r" installed languages \((?P<languages>[a-z, ]+)\), or install its voice"
)


@pytest.fixture
def nowhere(tmp_path: Path) -> Path:
    path = tmp_path / "nowhere.yaml"
    path.write_text(NO_VOICE, encoding="utf-8")
    return path


def test_a_language_without_a_voice_fails_check_at_its_value_naming_the_installed_ones(
    capsys: pytest.CaptureFixture[str], nowhere: Path
) -> None:
    code = main(["check", str(nowhere)])
    out, err = capsys.readouterr()
    assert code == 1
    (line,) = out.splitlines()
    found = NOT_FOUND.match(line)
    assert found is not None, line
    assert found["path"] == str(nowhere)
    languages = found["languages"].split(", ")
    assert {"de", "en", "es", "fr"} <= set(languages)
    assert languages == sorted(set(languages))
    assert "1 script checked: 1 error" in err


@pytest.mark.parametrize("command", ["render", "play"])
def test_play_and_render_refuse_a_language_without_a_voice(
    capsys: pytest.CaptureFixture[str], nowhere: Path, tmp_path: Path, command: str
) -> None:
    extra = ["-o", str(tmp_path / "out.wav")] if command == "render" else ["--plain"]
    code = main([command, str(nowhere), *extra])
    _, err = capsys.readouterr()
    assert code == 1
    assert any(NOT_FOUND.match(line) for line in err.splitlines()), err
    assert not (tmp_path / "out.wav").exists()


def test_without_the_voice_a_language_without_one_still_renders(
    capsys: pytest.CaptureFixture[str], nowhere: Path, tmp_path: Path
) -> None:
    assert main(["render", str(nowhere), "-o", str(tmp_path / "out.wav"), "--no-voice"]) == 0


def test_the_german_body_scan_renders_in_a_german_voice(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "koerper.wav"
    assert main(["render", "body-scan-de", "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    found = re.search(r" spoken \(voice (?P<voice>[^)]+)\)", printed)
    assert found is not None, printed
    voices = {v.id: v for v in list_voices()}
    assert speaks(voices[found["voice"]], "de"), found["voice"]
    assert not speaks(voices[found["voice"]], "en")
    with wave.open(str(out), "rb") as f:
        assert f.getnframes() > 0


def test_an_english_script_renders_in_the_default_voice(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    reset = str(REPO / "scripts" / "reset.yaml")
    assert main(["render", reset, "-o", str(tmp_path / "r.wav")]) == 0
    assert "(voice default)" in capsys.readouterr().out


def test_voices_for_a_language_lists_only_voices_that_speak_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["voices", "--language", "de", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows
    assert all(any(lang.startswith("de") for lang in row["languages"]) for row in rows)
    assert main(["voices", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) > len(rows)


def test_voices_for_a_language_with_none_says_so_and_lists_the_installed_ones(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["voices", "--language", "xx"]) == 1
    err = capsys.readouterr().err
    assert 'no voice speaks the language "xx"; installed languages:' in err
    assert ", de, " in err


def test_list_json_gives_each_script_its_language(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list", "--json"]) == 0
    rows = {row["name"]: row for row in json.loads(capsys.readouterr().out)}
    assert all("language" in row for row in rows.values() if "error" not in row)
    assert rows["reset"]["language"] == "en"
    for language in ("de", "es", "fr"):
        assert rows[f"body-scan-{language}"]["language"] == language
        assert rows[f"reset-{language}"]["language"] == language


def test_a_kept_list_of_voices_from_before_a_language_was_installed_is_asked_again(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from mindful_tui.core.storage.locations import cache_dir
    from mindful_tui.sound.voice import VOICES_FILE, engine_id

    english = {"id": "gmw/en", "name": "English", "languages": ["en-gb"]}
    kept = {"engine": engine_id(), "voices": [english]}
    (cache_dir()).mkdir(parents=True, exist_ok=True)
    (cache_dir() / VOICES_FILE).write_text(json.dumps(kept), encoding="utf-8")
    assert main(["check", "--no-voice", str(REPO / "scripts" / "reset-de.yaml")]) == 0
    capsys.readouterr()
    again = json.loads((cache_dir() / VOICES_FILE).read_text(encoding="utf-8"))
    assert any(v["id"] == "gmw/de" for v in again["voices"])
