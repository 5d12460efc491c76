"""Write the synthesised chimes and phase tones to audio/ (run by `make sounds`).

The WAV files in audio/ are committed so that the wheel can ship them without running
code at install time; this script is how they were made, and the tests check that the
committed files are still exactly what it produces. Generation is deterministic (no
randomness, no timestamps), so running it again changes no byte unless synth.py changed.

Usage: python tools/make_sounds.py [--out DIR]
"""

from __future__ import annotations

import argparse
import sys
from array import array
from collections.abc import Callable
from pathlib import Path

from mindful_tui.sound import synth

AUDIO_DIR = Path(__file__).resolve().parent.parent / "audio"

# File stem -> generator. The stems are the names the player looks the sounds up by.
SOUNDS: dict[str, Callable[[], array[int]]] = {
    "bell": synth.bell,
    "bowl": synth.bowl,
    "inhale": lambda: synth.phase_tone("inhale"),
    "hold": lambda: synth.phase_tone("hold"),
    "exhale": lambda: synth.phase_tone("exhale"),
    "rest": lambda: synth.phase_tone("rest"),
}


def make_sounds(out_dir: Path) -> list[Path]:
    """Write every sound as ``<name>.wav`` into ``out_dir`` and return the paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, generate in SOUNDS.items():
        path = out_dir / f"{name}.wav"
        synth.write_wav(path, generate())
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--out", type=Path, default=AUDIO_DIR, help=f"output folder (default: {AUDIO_DIR})"
    )
    args = parser.parse_args(argv)
    for path in make_sounds(args.out):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
