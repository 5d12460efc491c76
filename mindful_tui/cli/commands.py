"""The commands that print: ``list``, ``check``, ``plan``, ``schema``."""

from __future__ import annotations

import sys
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING

from mindful_tui.cli.failure import Failure
from mindful_tui.cli.loading import load_named, voice_progress
from mindful_tui.core.safetext import clean
from mindful_tui.core.script.problems import Problem, display_path
from mindful_tui.core.storage import library
from mindful_tui.core.timing.timefmt import clock, short

if TYPE_CHECKING:
    from mindful_tui.core.script.model import Script
    from mindful_tui.core.timing.timeline import Cue


def list_scripts(as_json: bool) -> int:
    """``mindful list``: every script with its title, length (as it would play with your
    settings), tags and source."""
    from mindful_tui.core.storage import user_settings
    from mindful_tui.session.options import setup

    prefs = user_settings.load()[0]
    rows = []
    for entry in library.entries():
        row: dict[str, object] = {
            "name": entry.name,
            "path": str(entry.path),
            "source": entry.source,
        }
        if entry.shadowed_by is not None:
            row["shadowed_by"] = str(entry.shadowed_by)
        if entry.script is not None:
            timeline = setup(entry.script, prefs).timeline
            row |= {
                "title": entry.script.title,
                "summary": entry.script.summary,
                "tags": list(entry.script.tags),
                "language": entry.script.language,
                "seconds": float(timeline.total),
                "breaths": timeline.breaths,
            }
        else:
            row["error"] = str(next(p for p in entry.problems if p.is_error))
        rows.append(row)
    if as_json:
        import json

        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    if not rows:
        print("No scripts found.")
        return 0
    width = max(len(str(r["name"])) for r in rows)
    for r in rows:
        hidden = (
            f"  (shadowed by {clean(display_path(str(r['shadowed_by'])))})"
            if "shadowed_by" in r
            else ""
        )
        if "error" in r:
            print(f"{r['name']:<{width}}  {'':>5}  BROKEN: {r['error']}{hidden}")
            continue
        tags = ",".join(str(t) for t in r["tags"])  # type: ignore[attr-defined]
        length = clock(float(r["seconds"]))  # type: ignore[arg-type]
        source = "" if r["source"] == "built-in" else f"  ({r['source']})"
        title = clean(str(r["title"]))
        print(f"{r['name']:<{width}}  {length:>5}  {title}  [{clean(tags)}]{source}{hidden}")
    return 0


def check(paths: list[str], measure_voice: bool = True) -> int:
    """``mindful check``: errors and warnings as ``path:line:col: kind: message``; with
    ``measure_voice``, spoken lines are rendered (cached) and measured against their time."""
    problems: list[Problem] = []
    listed = library.entries()
    if paths:
        files = _expand(paths)
    else:
        files = [e.path for e in listed]
        problems.extend(_shadowed(e) for e in listed if e.shadowed_by is not None)
    if not files:
        raise Failure("no scripts to check")
    # Only `check` needs these: not on play's path.
    from mindful_tui.core.script.checks import warnings
    from mindful_tui.core.script.repeats import repeated_sentences
    from mindful_tui.core.timing.practice_checks import practice_warnings

    sounds = library.sound_names()
    loaded: list[Script] = []
    for path in files:
        entry = library.load(path, "file", sounds)
        problems.extend(entry.problems)
        if entry.script is not None:
            problems.extend(warnings(entry.script))
            problems.extend(practice_warnings(entry.script))
            loaded.append(entry.script)
    playable = [e.script for e in listed if e.script is not None and e.shadowed_by is None]
    problems.extend(repeated_sentences(loaded, playable))
    if loaded:
        from mindful_tui.session.languages import language_problems

        missing, why = language_problems(loaded)
        problems.extend(problem for _, problem in missing)
        if why:
            print(f"mindful: languages not checked: {why}", file=sys.stderr)
        unspoken = {id(script) for script, _ in missing}  # nothing to measure them with
        loaded = [s for s in loaded if id(s) not in unspoken]
    if measure_voice and loaded:
        from mindful_tui.core.storage import user_settings
        from mindful_tui.session.fitting import fit_problems

        fit, note = fit_problems(loaded, user_settings.load()[0], voice_progress)
        problems.extend(fit)
        if note:
            print(f"mindful: spoken lines not measured: {note}", file=sys.stderr)
    problems.sort()
    for problem in problems:
        print(problem)
    errors = sum(p.is_error for p in problems)
    warned = len(problems) - errors
    print(
        f"{len(files)} script{'s' if len(files) != 1 else ''} checked: {errors} error"
        f"{'s' if errors != 1 else ''}, {warned} warning{'s' if warned != 1 else ''}",
        file=sys.stderr,
    )
    return 1 if errors else 0


def _shadowed(entry: library.Entry) -> Problem:
    """The warning for a script hidden by another of the same name."""
    winner = display_path(entry.shadowed_by or entry.path)
    return Problem(
        display_path(entry.path),
        1,
        1,
        "warning",
        f'hidden: "{entry.name}" plays {winner}; rename one of them to keep both',
    )


def _expand(paths: list[str]) -> list[Path]:
    """Files to check: each folder's scripts, each file, and each script named as ``play``
    takes it (``mindful check reset``)."""
    out: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            out.extend(sorted([*path.glob("*.yaml"), *path.glob("*.yml")]))
        elif path.exists():
            out.append(path)
        else:
            try:
                out.append(library.resolve(name)[0])
            except library.NotFound as exc:
                if path.suffix or "/" in name:
                    out.append(path)  # reported, with the others, as a file not read
                else:
                    raise Failure(str(exc)) from None
    return out


def plan(name: str, as_json: bool, minutes: Fraction | None) -> int:
    """``mindful plan``: every cue with its offset, the total, the pace of each step, as
    the script would play (``minutes``, else your settings' default length)."""
    from mindful_tui.core.storage import user_settings
    from mindful_tui.session.options import Choices, setup

    planned = setup(load_named(name), user_settings.load()[0], Choices(minutes=minutes))
    timeline = planned.timeline
    if as_json:
        import json

        print(json.dumps(timeline.to_json(), indent=1, ensure_ascii=False))
        return 0
    print(
        f"{clean(timeline.title)} — {clock(timeline.total)} ({short(timeline.total)}),"
        f" {timeline.breaths} breaths"
    )
    if planned.script.calibrate is not None:
        print(f"  first: calibrate: {clean(planned.script.calibrate)}  [until measured]")
    for cue in timeline.cues:
        print(f"{clock(cue.at):>7}  {clean(_plan_line(cue))}")
    print("\nsteps:")
    for span in timeline.spans:
        pace = span.breaths_per_minute
        extra = f"  {span.breaths} breaths, {float(pace):.2f}/min" if pace is not None else ""
        print(
            f"  {span.step + 1:>3}. {span.kind:<8} at {clock(span.start):>7}"
            f"  {short(span.seconds):>8}{extra}"
        )
    return 0


def _plan_line(cue: Cue) -> str:
    if cue.kind == "phase" and cue.phase is not None:
        extra = f"  “{cue.text}”" if cue.text else ""
        spoken = " (cue)" if cue.voiced else ""
        return (
            f"{cue.phase_name:<12} {short(cue.seconds or 0):>6}"
            f"  {cue.cycle}/{cue.of}{spoken}{extra}"
        )
    if cue.kind == "say":
        held = f"  [{short(cue.seconds)}]" if cue.seconds is not None else ""
        return f"say: {cue.text}{held}"
    if cue.kind in ("ask", "checkin"):
        return f"{cue.kind} ({cue.key}): {cue.text}"
    if cue.kind == "chime":
        return f"chime: {cue.sound}"
    if cue.kind == "silence":
        return f"silence {short(cue.seconds or 0)}"
    return "end"


def schema() -> int:
    """``mindful schema``: the JSON Schema of the script format."""
    import json

    from mindful_tui.core.script.schema import schema as build

    print(json.dumps(build(), indent=2))
    return 0


def calibrate() -> int:
    """``mindful calibrate``: the full-screen calibration (it needs a terminal to tap in)."""
    if not (sys.stdout.isatty() and sys.stdin.isatty()):
        raise Failure("calibrate needs a terminal: it measures your breath from taps on space")
    from mindful_tui.ui.app import MindfulApp

    return MindfulApp(calibrate=True).run_as_command()


def default() -> int:
    """``mindful`` alone: the full-screen picker on a terminal, else the list."""
    if not (sys.stdout.isatty() and sys.stdin.isatty()):
        return list_scripts(False)
    from mindful_tui.ui.app import MindfulApp

    return MindfulApp().run_as_command()
