"""The long fuzzing run of the loader, the compiler and the checks (``make fuzz``).

The same strategies and invariants as the short CI run in ``tests/core/test_fuzz.py``,
for many more examples (``--examples``, spread evenly over the strategies), randomized
(``--seed`` to repeat a run), then the bounded inputs (alias bombs, 1 MiB files, deep
nesting) timed one by one. Prints examples a second, the slowest input of each strategy,
peak memory, and every failure, whose input is saved to a file in ``--out``.

    .venv/bin/python benchmarks/fuzz.py [--examples 100000] [--seed N] [--only text,valid]

Exit status 1 when any invariant failed.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from hypothesis import HealthCheck, Phase, given, seed, settings  # noqa: E402

from mindful_tui.core.script.loader import parse_script  # noqa: E402
from mindful_tui.core.script.yamlsource import MAX_FILE_BYTES  # noqa: E402
from tests.core.test_fuzz import (  # noqa: E402
    SHOWN,
    SOUNDS,
    STRATEGIES,
    billion_laughs,
    deep,
    wide_aliases,
)


@dataclass
class Tally:
    """What one strategy's run found."""

    name: str
    examples: int = 0
    seconds: float = 0.0
    slowest: float = 0.0
    slowest_input: Any = None
    failures: list[tuple[Any, str]] = field(default_factory=list)


def peak_mib() -> float:
    """The process's peak resident memory so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def own_peak_mib() -> float:
    """This program's own peak resident memory: VmHWM where there is /proc (ru_maxrss is
    carried over from the parent across exec on Linux), else ru_maxrss."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return peak_mib()


def retime(check: Callable[[Any], None], value: Any) -> float:
    """The best of three runs of ``check`` on ``value``: its cost without pauses for
    garbage collection or a busy machine."""
    best = float("inf")
    for _ in range(3):
        began = time.perf_counter()
        with contextlib.suppress(Exception):  # failures are reported elsewhere
            check(value)
        best = min(best, time.perf_counter() - began)
    return best


def short(value: Any, limit: int = 90) -> str:
    shown = repr(value)
    return shown if len(shown) <= limit else shown[: limit - 3] + "..."


def save(out: Path, name: str, index: int, value: Any) -> Path:
    """The failing input as a file: bytes as they are, text as UTF-8, else its repr."""
    out.mkdir(parents=True, exist_ok=True)
    if isinstance(value, bytes):
        path, data = out / f"{name}-{index}.yaml", value
    elif isinstance(value, str):
        path, data = out / f"{name}-{index}.yaml", value.encode("utf-8", "surrogatepass")
    else:
        path, data = out / f"{name}-{index}.txt", repr(value).encode()
    path.write_bytes(data)
    return path


def run(name: str, examples: int, run_seed: int) -> Tally:
    """Run one strategy for ``examples`` examples, timing every check."""
    strategy, check = STRATEGIES[name]
    tally = Tally(name)

    def timed(value: Any) -> None:
        began = time.perf_counter()
        try:
            check(value)
        except BaseException as exc:
            tally.failures.append((value, f"{type(exc).__name__}: {exc}"))
            raise
        finally:
            took = time.perf_counter() - began
            tally.examples += 1
            tally.seconds += took
            if took > tally.slowest:
                tally.slowest, tally.slowest_input = took, value

    test: Callable[[], None] = seed(run_seed)(
        settings(
            max_examples=examples,
            deadline=None,
            database=None,
            derandomize=False,
            phases=[Phase.generate, Phase.shrink],
            suppress_health_check=list(HealthCheck),
            report_multiple_bugs=False,
        )(given(strategy)(timed))
    )
    try:
        test()
    except Exception as exc:  # the shrunk failure: its input is the last one recorded
        if not tally.failures:
            tally.failures.append((None, f"{type(exc).__name__}: {exc}"))
    return tally


def bounded_cases() -> dict[str, str]:
    """The hostile inputs whose cost is measured, by label."""
    return {
        "billion laughs (10 levels of 10 aliases)": billion_laughs(),
        "30,000 aliases of one step": wide_aliases(),
        "nesting 100 deep, flow list": deep("flow-list", 100),
        "nesting 100 deep, block": deep("block", 100),
        "nesting 100,000 deep, flow list": deep("flow-list", 100_000),
        "1 MiB: one 1 MiB line": "title: Long\nsteps:\n  - say: "
        + "x" * (MAX_FILE_BYTES - 40)
        + "\n",
        "1 MiB: 69,000 block steps": "title: Big\nsteps:\n"
        + "  - silence: 1\n" * ((MAX_FILE_BYTES - 30) // 15),
        "1 MiB: 74,000 flow steps": "title: Big\nsteps: ["
        + "{silence: 1}, " * ((MAX_FILE_BYTES - 30) // 14)
        + "]\n",
        "1 MiB: 60,000 unknown keys": "title: Keys\nsteps: [{silence: 1}]\n"
        + "".join(f"k{i}: 1\n" for i in range(60_000))[: MAX_FILE_BYTES - 40],
    }


def measure_case(label: str) -> None:
    """In a fresh process: refuse one case, print seconds, MiB before and peak after."""
    text = bounded_cases()[label]
    before = own_peak_mib()
    began = time.perf_counter()
    script, problems = parse_script(text, SHOWN, SOUNDS)
    took = time.perf_counter() - began
    refused = script is None and any(p.is_error for p in problems)
    print(json.dumps([took, before, own_peak_mib(), len(problems), refused]))


def bounded() -> list[tuple[str, float, float, float, int, bool]]:
    """Each hostile input in its own process: seconds, MiB before and at peak, problems."""
    results = []
    for label in bounded_cases():
        done = subprocess.run(
            [sys.executable, __file__, "--case", label],
            capture_output=True,
            text=True,
            check=True,
        )
        took, before, peak, count, refused = json.loads(done.stdout)
        results.append((label, took, before, peak, count, refused))
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=100_000, help="in all (100000)")
    parser.add_argument("--seed", type=int, default=None, help="repeat a run (default: random)")
    parser.add_argument("--only", default="", help="comma-separated strategies")
    parser.add_argument(
        "--out", type=Path, default=REPO / "build" / "fuzz", help="failing inputs go here"
    )
    parser.add_argument("--no-bounded", action="store_true", help="skip the timed hostile inputs")
    parser.add_argument("--case", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.case:
        measure_case(args.case)
        return 0
    names = [n for n in args.only.split(",") if n] or list(STRATEGIES)
    unknown = sorted(set(names) - set(STRATEGIES))
    if unknown:
        parser.error(f"no such strategy: {', '.join(unknown)} (have: {', '.join(STRATEGIES)})")
    run_seed = args.seed if args.seed is not None else int(time.time())
    each = max(1, args.examples // len(names))
    print(f"fuzz: {each:,} examples for each of {', '.join(names)}; --seed {run_seed}")
    began = time.perf_counter()
    tallies = []
    for name in names:
        started = time.perf_counter()
        tally = run(name, each, run_seed)
        wall = time.perf_counter() - started
        tallies.append(tally)
        again = retime(STRATEGIES[name][1], tally.slowest_input)
        kept = save(args.out, f"slowest-{name}", 0, tally.slowest_input)
        print(
            f"  {name:<8} {tally.examples:>7,} examples in {wall:6.1f} s"
            f" ({tally.examples / wall:6.0f}/s; checks {tally.seconds:5.1f} s);"
            f" slowest {tally.slowest * 1000:.1f} ms (again: {again * 1000:.1f} ms),"
            f" saved as {kept}",
            flush=True,
        )
    wall = time.perf_counter() - began
    total = sum(t.examples for t in tallies)
    print(f"  all      {total:>7,} examples in {wall:6.1f} s ({total / wall:6.0f}/s)")
    print(f"  peak memory (ru_maxrss) after fuzzing: {peak_mib():.0f} MiB")
    failed = 0
    for tally in tallies:
        for index, (value, what) in enumerate(tally.failures):
            failed += 1
            where = save(args.out, tally.name, index, value) if value is not None else None
            print(f"FAILURE in {tally.name}: {what.splitlines()[0][:300]}")
            print(f"  input: {short(value, 300)}" + (f"\n  saved: {where}" if where else ""))
    if not args.no_bounded:
        print("bounded inputs, each in a fresh process (peak MiB before -> after loading):")
        for label, took, before, peak, count, refused in bounded():
            verdict = "refused" if refused else "NOT REFUSED"
            failed += 0 if refused else 1
            print(
                f"  {label:<42} {took * 1000:8.1f} ms  {before:5.0f} -> {peak:5.0f} MiB"
                f"  {verdict}, {count} problem{'s' if count != 1 else ''}"
            )
    print("no failures" if not failed else f"{failed} failing inputs")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
