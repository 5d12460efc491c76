"""Runs every benchmark in benchmarks/ in turn and prints their figures (``make bench``).

Known ones run first, in this order; any other ``*.py`` here (not a helper, not starting
with ``_``) runs after them. Each runs as its own process with this Python, so one that
fails does not stop the others; the exit status is 1 if any failed.

    .venv/bin/python benchmarks/run.py [NAME ...]     e.g. run.py player audio_onset
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ORDER = ("player", "audio_onset", "voice_prepare", "levels", "fuzz")
"""Benchmarks in the order they run."""
ARGUMENTS = {"fuzz": ["--examples", "20000"]}
"""A shorter run where the default is long (``make fuzz`` runs 100,000 examples)."""
HELPERS = frozenset({"run", "bare_app"})
"""Files here that are not benchmarks themselves."""


def benchmarks() -> list[str]:
    """Every benchmark's name, known ones first."""
    found = {p.stem for p in HERE.glob("*.py") if not p.stem.startswith("_")} - HELPERS
    return [name for name in ORDER if name in found] + sorted(found - set(ORDER))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", metavar="NAME", help="only these (default: all)")
    args = parser.parse_args()
    available = benchmarks()
    unknown = [name for name in args.names if name not in available]
    if unknown:
        parser.error(f"no such benchmark: {', '.join(unknown)} (have: {', '.join(available)})")
    failed: list[str] = []
    for name in args.names or available:
        print(f"\n=== {name} " + "=" * (70 - len(name)), flush=True)
        began = time.monotonic()
        command = [sys.executable, str(HERE / f"{name}.py"), *ARGUMENTS.get(name, [])]
        status = subprocess.run(command, check=False)
        took = time.monotonic() - began
        print(f"=== {name}: exit {status.returncode} in {took:.0f} s", flush=True)
        if status.returncode != 0:
            failed.append(name)
    if failed:
        print(f"\nfailed: {', '.join(failed)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
