"""``mindful list``, ``plan``, ``schema`` and exit codes, through the real entry point."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from mindful_tui.cli.main import main
from mindful_tui.core.script import loader
from mindful_tui.core.script.schema import schema
from mindful_tui.core.storage import library
from tests.conftest import REPO

BUILTIN = sorted((REPO / "scripts").glob("*.yaml"))


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_list_json_names_every_builtin(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "list", "--json")
    rows = json.loads(out)
    assert code == 0
    assert {r["name"] for r in rows} == {p.stem for p in BUILTIN}
    assert len(rows) >= 12
    for row in rows:
        assert row["source"] == "built-in" and row["seconds"] > 0 and row["title"]
        assert set(row["tags"]) & {"before", "during", "after"}


def test_list_shows_a_broken_user_script_without_hiding_others(
    capsys: pytest.CaptureFixture[str], private_home: Path
) -> None:
    folder = private_home / "config" / "scripts"
    folder.mkdir(parents=True)
    (folder / "mine.yaml").write_text("title: Mine\nsteps:\n  - silence: 30\n")
    (folder / "oops.yaml").write_text("title: Oops\nsteps:\n  - silence: -3\n")
    code, out, _ = run(capsys, "list")
    assert code == 0
    assert "mine" in out and "(user)" in out
    assert "oops" in out and "BROKEN" in out and "oops.yaml:3:14" in out
    assert "reset" in out


def test_plan_json_contract(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "plan", "reset", "--json")
    data = json.loads(out)
    assert code == 0
    assert isinstance(data["total"], int | float)
    kinds = {"phase", "say", "chime", "silence", "ask", "checkin", "end"}
    assert all({"at", "kind", "step"} <= set(c) and c["kind"] in kinds for c in data["cues"])
    assert data["cues"][-1] == {"at": data["total"], "kind": "end", "step": len(data["steps"])}
    for cue in data["cues"]:
        if cue["kind"] == "phase":
            assert {"phase", "seconds", "cycle", "of"} <= set(cue)
    assert 120 <= data["total"] <= 240  # a 2–4 minute reset


def test_plan_minutes_scales_the_during_session(capsys: pytest.CaptureFixture[str]) -> None:
    for minutes in (20, 60):
        code, out, _ = run(capsys, "plan", "during", "--json", "--minutes", str(minutes))
        assert code == 0
        assert abs(json.loads(out)["total"] - minutes * 60) < 30


def test_plan_text(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "plan", str(REPO / "scripts" / "box.yaml"))
    assert code == 0
    assert "Breathe in" in out and "steps:" in out and "/min" in out


def test_unknown_script_is_one_line_and_exit_1(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "plan", "rset")
    assert code == 1 and out == ""
    assert (
        err.strip()
        == 'mindful: no script named "rset" (did you mean "reset"?); `mindful list` shows them all'
    )


def test_broken_script_in_plan_is_refused_with_its_errors(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("title: x\nsteps:\n  - breathe:\n      cycles: six\n")
    code, _, err = run(capsys, "plan", str(path))
    assert code == 1
    assert "bad.yaml:4:15: error: breathe.cycles must be a whole number ≥ 1" in err
    assert "Traceback" not in err


def test_usage_error_is_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["plan"])
    assert exc.value.code == 2
    with pytest.raises(SystemExit) as exc:
        main(["play", "reset", "--minutes", "zero"])
    assert exc.value.code == 2


def test_minutes_past_a_sessions_six_hours_are_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["plan", "during", "--minutes", "600"])
    assert exc.value.code == 2
    assert "minutes must be more than 0 and at most 360 (six hours), got 600" in (
        capsys.readouterr().err
    )
    assert main(["plan", "during", "--minutes", "360", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["total"] <= 360 * 60 + 60


def test_schema_accepts_every_builtin_and_refuses_unknown_keys(
    capsys: pytest.CaptureFixture[str],
) -> None:
    import jsonschema

    code, out, _ = run(capsys, "schema")
    assert code == 0
    document = json.loads(out)
    validator = jsonschema.Draft202012Validator(document)
    for path in BUILTIN:
        as_json = json.loads(
            json.dumps(yaml.safe_load(path.read_text()))
        )  # keys as editors see them
        errors = list(validator.iter_errors(as_json))
        assert errors == [], (path.name, [e.message for e in errors][:3])
    assert list(validator.iter_errors({"title": "x", "steps": [{"breath": {"cycles": 2}}]}))
    assert list(validator.iter_errors({"titel": "x", "steps": [{"silence": 3}]}))


def test_schema_takes_a_prompt_on_a_chosen_phase_and_refuses_a_wrong_phase() -> None:
    import jsonschema

    validator = jsonschema.Draft202012Validator(schema())

    def script(prompts: object) -> dict[str, object]:
        breathe = {"cycles": 3, "pattern": {"inhale": 4, "exhale": 6}, "prompts": prompts}
        return {"title": "x", "steps": [{"breathe": breathe}]}

    assert list(validator.iter_errors(script({"1": "Settle.", "3": {"exhale": "Go."}}))) == []
    assert list(validator.iter_errors(script({"3": {"exhal": "Go."}})))
    assert list(validator.iter_errors(script({"3": {}})))


def test_schema_and_loader_know_the_same_keys() -> None:
    document = schema()
    props = document["properties"]
    assert set(props) == set(loader.ROOT_KEYS)
    assert set(props["voice"]["properties"]) == set(loader.VOICE_KEYS)
    steps = props["steps"]["items"]["oneOf"]
    assert {next(iter(s["required"])) for s in steps} == set(loader.STEP_KINDS)
    breathe = next(s for s in steps if s["required"] == ["breathe"])
    assert set(breathe["properties"]["breathe"]["properties"]) == set(loader.BREATHE_KEYS)
    for step in steps:
        kind = step["required"][0]
        assert set(step["properties"]) == {kind, *loader.COMPANIONS.get(kind, ())}


def test_every_builtin_is_clean_and_has_what_the_picker_needs() -> None:
    entries = [e for e in library.entries() if e.source == "built-in"]
    assert len(entries) >= 12
    for entry in entries:
        assert entry.problems == (), entry.problems
        assert entry.script is not None and entry.script.summary
        assert entry.script.moments, entry.name


def test_check_measures_spoken_lines_with_the_real_voice(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "fit.yaml"
    path.write_text(
        "title: Fit\nsteps:\n"
        "  - say: This is a rather long line that will certainly not fit into two seconds.\n"
        "    seconds: 2\n"
        "  - say: Short.\n"
        "    seconds: 3\n"
    )
    code, out, _ = run(capsys, "check", str(path))
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == 1
    assert ':3:5: warning: the line "This is a rather long line' in lines[0]
    assert "but has 2 s" in lines[0]
    code, out, _ = run(capsys, "check", "--no-voice", str(path))
    assert code == 0 and out == ""
