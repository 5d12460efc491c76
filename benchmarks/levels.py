"""Benchmark: how every built-in session's mix measures, by stems.

For each built-in, at the settings' defaults and the real voice (espeak-ng through
pyttsx3, rendered into a temporary cache): each kind of sound's momentary-max loudness
(BS.1770, the loudest 400 ms of each sound on its own stem; the median over the sounds
of that kind, and the range), the gaps the tests hold (voice over tones, chimes against
the voice), the shortest time from a chime to the next line, and the share of breathing
time below -50 dBFS, with the voice on and with it off (``--no-voice``) (both without the
bed). Each is measured with a background bed under it (``--background``, brown unless
told): its loudness and how far under the voice it sits.

    .venv/bin/python benchmarks/levels.py [NAME ...] [--background brown|pink|drone]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from mindful_tui.cli.loading import load_named
from mindful_tui.core.storage.locations import builtin_scripts_dir
from mindful_tui.core.storage.user_settings import Settings
from mindful_tui.session.options import Choices, setup
from mindful_tui.session.sounds import sound_board
from mindful_tui.sound import levels
from mindful_tui.sound.clip import RATE
from mindful_tui.sound.mixdown import placements
from mindful_tui.sound.voice import VoiceLines


def measure(name: str, cache: Path, background: str) -> str:
    """One built-in's figures, as one line."""
    chosen = setup(load_named(name), Settings(), Choices(background=background))
    board = sound_board(chosen, voice=lambda speech: VoiceLines(speech, cache))
    assert board is not None
    asyncio.run(board.prepare(probe=False))
    placed = placements(chosen.timeline, board)
    heard = levels.stem_levels(placed)
    median = {kind: levels.median_loudness(found) for kind, found in heard.items()}
    spans = levels.breathing_spans(chosen.timeline)
    quiet_voiced = levels.quiet_share([p for p in placed if p.channel != "background"], spans)
    silent = setup(load_named(name), Settings(), Choices(voice=False))
    board_off = sound_board(silent)
    assert board_off is not None
    asyncio.run(board_off.prepare(probe=False))
    quiet_off = levels.quiet_share(placements(silent.timeline, board_off), spans)
    chimes = sorted(h.placed.at for h in heard["chimes"])
    gaps = [
        min((h.placed.at - c for h in heard["voice"] if h.placed.at >= c), default=None)
        for c in chimes
    ]
    first_line = min((g for g in gaps if g is not None), default=None)
    loudest = {k: max((h.loudness for h in v), default=float("nan")) for k, v in heard.items()}
    quietest = {k: min((h.loudness for h in v), default=float("nan")) for k, v in heard.items()}
    return (
        f"{name:<19} voice {median['voice']:6.1f} ({quietest['voice']:.1f}…{loudest['voice']:.1f})"
        f"  chimes {median['chimes']:6.1f}  tones {median['tones']:6.1f}"
        f"  voice-tones {median['voice'] - median['tones']:5.1f} LU"
        f"  chimes-voice {median['chimes'] - median['voice']:+5.1f} LU"
        f"  chime→line {first_line / RATE if first_line is not None else float('nan'):4.1f} s"
        f"  quiet breathing {quiet_voiced:5.1%} (voice off {quiet_off:5.1%})"
        f"  bed {median['background']:6.1f}"
        f"  voice-bed {median['voice'] - median['background']:5.1f} LU"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("names", nargs="*", help="built-ins to measure (default: all)")
    parser.add_argument("--background", default="brown", help="the bed under each (brown)")
    args = parser.parse_args()
    names = args.names or sorted(p.stem for p in builtin_scripts_dir().glob("*.yaml"))
    print("momentary-max loudness, LUFS (median of each kind's sounds, voice min…max)")
    began = time.monotonic()
    with tempfile.TemporaryDirectory() as cache:
        for name in names:
            print(measure(name, Path(cache), args.background), flush=True)
    print(f"{len(names)} sessions in {time.monotonic() - began:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
