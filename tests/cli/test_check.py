"""``mindful check``: ``path:line:col: error|warning: message`` on stdout, exit 1 on errors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mindful_tui.cli.main import main
from mindful_tui.core.storage import locations
from tests.conftest import DATA, REPO

BROKEN = DATA / "broken"
BUILT_IN = sorted((REPO / "scripts").glob("*.yaml"))
CLEAN = "title: Calm\nsteps:\n  - silence: 30\n"
LINE = re.compile(r"^(?P<path>[^:\n]+):(?P<line>\d+):(?P<col>\d+): (?P<kind>error|warning): .+$")


@pytest.fixture(autouse=True)
def in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    """Paths in messages are shown relative to the working folder: make it the repo."""
    monkeypatch.chdir(REPO)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str], str]:
    code = main(["check", *args])
    out, err = capsys.readouterr()
    return code, out.splitlines(), err


def test_a_broken_script_exits_1_with_the_error_on_stdout(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, lines, err = run(capsys, "tests/data/broken/cycles-word.yaml")
    assert code == 1
    assert lines == [
        "tests/data/broken/cycles-word.yaml:5:15: error: breathe.cycles must be a whole"
        ' number ≥ 1 (at most 10,000), got "six"'
    ]
    assert "1 script checked: 1 error, 0 warnings" in err


@pytest.mark.parametrize("name", [p.name for p in sorted(BROKEN.glob("*.yaml"))])
def test_every_broken_fixture_fails_check_with_located_errors(
    capsys: pytest.CaptureFixture[str], name: str
) -> None:
    shown = f"tests/data/broken/{name}"
    code, lines, err = run(capsys, shown)
    assert code == 1
    assert lines
    for line in lines:
        match = LINE.match(line)
        assert match is not None, line
        assert match["path"] == shown
        assert match["kind"] == "error"
    assert "Traceback" not in err
    assert "unexpected error" not in err


@pytest.mark.parametrize(
    "path",
    BUILT_IN,
    ids=[p.name for p in BUILT_IN],
)
def test_every_built_in_script_passes_with_no_warnings(
    capsys: pytest.CaptureFixture[str], path: Path
) -> None:
    code, lines, err = run(capsys, str(path.relative_to(REPO)))
    assert (code, lines) == (0, [])
    assert "1 script checked: 0 errors, 0 warnings" in err


def test_the_built_in_folder_passes(capsys: pytest.CaptureFixture[str]) -> None:
    assert BUILT_IN
    code, lines, err = run(capsys, "scripts")
    assert (code, lines) == (0, [])
    assert f"{len(BUILT_IN)} scripts checked: 0 errors, 0 warnings" in err


def test_a_folder_checks_every_script_in_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    fixtures = sorted(BROKEN.glob("*.yaml"))
    for fixture in fixtures:
        (tmp_path / fixture.name).write_bytes(fixture.read_bytes())
    (tmp_path / "calm.yaml").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a script", encoding="utf-8")
    code, lines, err = run(capsys, str(tmp_path))
    assert code == 1
    assert f"{len(fixtures) + 1} scripts checked: {len(lines)} errors, 0 warnings" in err
    named = set()
    for line in lines:
        match = LINE.match(line)
        assert match is not None, line
        named.add(Path(match["path"]).name)
    assert named == {p.name for p in fixtures}
    assert f"{tmp_path}/cycles-word.yaml:5:15: error: breathe.cycles" in "\n".join(lines)


def test_one_crashing_script_does_not_hide_the_others(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, lines, err = run(capsys, "tests/data/broken")
    assert code == 1
    assert "unexpected error" not in err
    assert "tests/data/broken/cycles-word.yaml:5:15: error: breathe.cycles" in "\n".join(lines)


def test_a_good_and_a_broken_file_together_exit_1(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    good = tmp_path / "calm.yaml"
    good.write_text(CLEAN, encoding="utf-8")
    code, lines, err = run(capsys, str(good), "tests/data/broken/chime-bel.yaml")
    assert code == 1
    assert [line.split(": error: ")[0] for line in lines] == [
        "tests/data/broken/chime-bel.yaml:4:12"
    ]
    assert "2 scripts checked: 1 error, 0 warnings" in err


def test_a_missing_file_is_one_line_and_no_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    code, lines, err = run(capsys, "no/such/script.yaml")
    assert code == 1
    assert lines == [
        "no/such/script.yaml:1:1: error: cannot read the file: No such file or directory"
    ]
    assert "Traceback" not in err
    assert "unexpected" not in err


DESIGN_SCRIPT = """\
title: Breathing reset            # required
steps:
  - breathe:
      cycles: six                 # or  minutes: 2
      pattern: {inhale: 4, hold: 2, exhale: 6}
      ramp_to: {exhale: 8}
      cues: true
      prompts:
        1: Breathe in through your nose.
        4: Let each breath out be a little longer.
  - silence: 20
"""


def test_the_design_example_with_cycles_six(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "reset.yaml"
    path.write_text(DESIGN_SCRIPT, encoding="utf-8")
    code, lines, _ = run(capsys, str(path))
    assert code == 1
    assert lines == [
        f'{path}:4:15: error: breathe.cycles must be a whole number ≥ 1 (at most 10,000), got "six"'
    ]


UNWISE = """\
title: Unwise
tags: [before, short]
steps:
  - say: Stop and breathe normally if you feel light-headed.
    seconds: 4
  - breathe:
      cycles: 3
      pattern: {inhale: 4, hold: 12, exhale: 4}
  - breathe:
      cycles: 6
      pattern: 4-7-8
  - breathe:
      cycles: 2
      pattern: {inhale: 10, exhale: 20}
"""


def test_unwise_but_legal_scripts_warn_and_exit_0(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "unwise.yaml"
    path.write_text(UNWISE, encoding="utf-8")
    code, lines, err = run(capsys, str(path))
    assert code == 0
    assert [line.split(": warning: ")[0] for line in lines] == [
        f"{path}:6:5",
        f"{path}:9:5",
        f"{path}:12:5",
    ]
    assert "12 s breath hold" in lines[0] and "before" in lines[0]
    assert "4-7-8 breathing for 6 cycles" in lines[1] and "at most 4" in lines[1]
    assert "a pace of 2.0 breaths a minute" in lines[2] and "between 3 and 12" in lines[2]
    assert "1 script checked: 0 errors, 3 warnings" in err


def test_a_warning_is_at_the_column_of_its_step(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "indented.yaml"
    path.write_text(
        "title: Slow\nsteps:\n    - breathe:\n        cycles: 2\n"
        "        pattern: {inhale: 10, exhale: 20}\n",
        encoding="utf-8",
    )
    code, lines, _ = run(capsys, str(path))
    assert code == 0
    assert [line.split(": warning: ")[0] for line in lines] == [f"{path}:3:7"]


def test_a_script_is_checked_by_name_as_play_takes_it(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "reset", "--no-voice"]) == 0
    captured = capsys.readouterr()
    assert captured.err.splitlines()[-1].startswith("1 script checked: 0 errors, ")
    assert all(line.startswith("scripts/reset.yaml:") for line in captured.out.splitlines())
    assert main(["check", "reest", "--no-voice"]) == 1
    assert capsys.readouterr().err == (
        'mindful: no script named "reest" (did you mean "reset"?); `mindful list` shows them all\n'
    )


PRACTICE = """\
title: Hurried
steps:
  - chime: bowl
  - say: Settle in.
    seconds: 4
  - breathe:
      cycles: 4
      pattern: {inhale: 4, hold: 4, exhale: 4}
      prompts: {2: Let the breath out slowly.}
  - say: If you feel light-headed at any point, stop the pattern.
    seconds: 4
"""


def test_practice_warnings_are_printed_like_the_others_and_exit_0(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "hurried.yaml"
    path.write_text(PRACTICE, encoding="utf-8")
    code, lines, err = run(capsys, str(path), "--no-voice")
    assert code == 0
    assert [line.split(": warning: ")[0] for line in lines] == [
        f"{path}:4:5",
        f"{path}:6:5",
        f"{path}:6:5",
    ]
    assert all(LINE.match(line) for line in lines)
    assert '"Settle in." is spoken 0 s into the ring of the chime "bowl"' in lines[0]
    assert "a breath hold starts at 0:08, before any safety line" in "\n".join(lines[1:])
    assert "starts on an in-breath (cycle 2)" in "\n".join(lines[1:])
    assert "1 script checked: 0 errors, 3 warnings" in err


def test_a_sentence_in_more_than_three_of_your_scripts_warns_in_each(
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = locations.user_scripts_dir()
    folder.mkdir(parents=True)
    for name in ("one", "two", "three"):
        (folder / f"{name}.yaml").write_text(
            f"title: {name}\nsteps:\n  - say: Arrive on the table. Rest.\n", encoding="utf-8"
        )
    code, lines, _ = run(capsys, str(folder), "--no-voice")
    assert (code, lines) == (0, [])
    (folder / "four.yaml").write_text(
        "title: four\nsteps:\n  - silence: 5\n  - say: Now rest. ARRIVE on the table!\n",
        encoding="utf-8",
    )
    code, lines, err = run(capsys, str(folder), "--no-voice")
    assert code == 0
    assert [line.split(": warning: ")[0] for line in lines] == [
        f"{folder}/four.yaml:4:5",
        f"{folder}/one.yaml:3:5",
        f"{folder}/three.yaml:3:5",
        f"{folder}/two.yaml:3:5",
    ]
    assert '"Arrive on the table." is in 4 of your scripts (also four, three, two)' in lines[1]
    assert "4 scripts checked: 0 errors, 4 warnings" in err
    # One script checked alone is still compared with all of yours.
    code, lines, _ = run(capsys, str(folder / "one.yaml"), "--no-voice")
    assert [line.split(": warning: ")[0] for line in lines] == [f"{folder}/one.yaml:3:5"]
