"""The practice warnings of ``mindful check`` over the built-ins, and over a large library.

Prints, for every built-in script: the time to compile its plan and read the practice
rules from it (chime ring, breath direction, safety first), first run and warm; then the
repeated-sentence rule across all of them, and across ``--copies`` renamed copies of each
(a person with a few hundred scripts). Read from a private ``MINDFUL_TUI_HOME`` (no user
scripts).

    .venv/bin/python benchmarks/practice_checks.py [--copies N] [--repeats N]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=20, help="copies of each built-in (20)")
    parser.add_argument("--repeats", type=int, default=10, help="warm runs averaged (10)")
    args = parser.parse_args()
    os.environ["MINDFUL_TUI_HOME"] = tempfile.mkdtemp(prefix="mindful-bench-")

    from mindful_tui.core.script.repeats import repeated_sentences
    from mindful_tui.core.storage import library
    from mindful_tui.core.timing.practice_checks import practice_warnings

    scripts = [e.script for e in library.entries() if e.script is not None]
    print(f"practice rules per built-in, compiling included: first run, warm ({args.repeats} runs)")
    total_first = 0.0
    for script in scripts:
        start = time.perf_counter()
        found = practice_warnings(script)
        first = time.perf_counter() - start
        total_first += first
        start = time.perf_counter()
        for _ in range(args.repeats):
            practice_warnings(script)
        warm = (time.perf_counter() - start) / args.repeats
        name = script.path.stem if script.path else script.title
        print(f"  {name:<20} {first * 1000:6.1f} ms  {warm * 1000:6.1f} ms  {len(found)} warnings")
    print(f"  all {len(scripts)}, first run: {total_first * 1000:.1f} ms")
    start = time.perf_counter()
    repeated = repeated_sentences(scripts, scripts)
    once = time.perf_counter() - start
    print(
        f"repeated sentences, {len(scripts)} scripts: {once * 1000:.1f} ms, {len(repeated)} found"
    )
    many = [
        replace(s, path=Path(f"/copies/{n}-{s.path.stem if s.path else s.title}.yaml"))
        for n in range(args.copies)
        for s in scripts
    ]
    start = time.perf_counter()
    repeated = repeated_sentences(many, many)
    once = time.perf_counter() - start
    print(f"repeated sentences, {len(many)} scripts: {once * 1000:.1f} ms, {len(repeated)} found")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
