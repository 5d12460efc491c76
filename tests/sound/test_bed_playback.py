"""The background bed played for real: ``mindful play --plain`` through simpleaudio and
ALSA, every stream captured by ALSA's ``file`` plugin (see ``test_output.py``).

With nothing else sounding, every stream is a stretch of the bed: the first fades in,
each next one takes up the loop where the clock says the last had got to, before the
last began to fade out (so the bed is heard without a gap), on to the session's end."""

from __future__ import annotations

import itertools
from array import array
from pathlib import Path

from mindful_tui.sound import bed
from mindful_tui.sound.clip import RATE, Clip, from_le_bytes, load_wav
from mindful_tui.sound.mixer import BED_CHUNK, BED_TAIL
from tests.sound.conftest import CAPTURE, captures, run_with_alsa

SECONDS = 8
SCRIPT = f"title: Bed\nbackground: brown\nsteps:\n  - silence: {SECONDS}\n"

PLAY = """
from mindful_tui.cli.main import main
from mindful_tui.core.storage.locations import cache_dir
status = main(["play", {path!r}, "--plain"])
RESULT = {{"status": status, "cache": str(cache_dir())}}
"""


def test_the_player_plays_the_bed_unbroken_to_the_end(tmp_path: Path) -> None:
    path = tmp_path / "bed.yaml"
    path.write_text(SCRIPT)
    out = tmp_path / "out.raw"
    run = run_with_alsa(tmp_path / "home", CAPTURE.format(out=out), PLAY.format(path=str(path)))
    assert run.returncode == 0, run.stderr
    assert run.result["status"] == 0
    assert run.stderr == ""  # nothing from ALSA
    assert "Bed" in run.stdout and "Done" in run.stdout

    streams = [from_le_bytes(data) for data in captures(out)]
    probe, *carried = streams
    assert not any(probe)  # the silent probe of the device
    chunk = round(BED_CHUNK * RATE)
    # Each a stretch of the bed (the device may have been stopped before it took all).
    assert carried and all(RATE <= len(s) <= chunk for s in carried)

    made = load_wav(Path(run.result["cache"]) / "background" / f"brown-v{bed.VERSION}.wav")
    loop = Clip(made.samples).scaled(0.5).samples  # the default background volume
    fade = round(bed.FADE_IN * RATE)
    # Where in the loop each stream begins, read where it is at full gain: past the
    # fade-in in the first, half a second in the others (or, if the fade runs on into
    # one, past it there too).
    starts = [begins(loop, s, [RATE // 2, fade] if k else [fade]) for k, s in enumerate(carried)]
    # The bed starts at the loop's start (less what mixing took, skipped off the head)…
    assert starts[0] < 0.5 * RATE
    first = carried[0]
    head = max(map(abs, first[: RATE // 10]))
    assert head < 0.15 * max(map(abs, first[fade : fade + RATE // 2]))  # …fading in
    for before, after in itertools.pairwise(starts):
        # Taken up from where the last had got to, before it began to fade out.
        assert 0 < after - before < (BED_CHUNK - BED_TAIL) * RATE
    assert starts[-1] + (BED_CHUNK - BED_TAIL) * RATE >= (SECONDS - 0.5) * RATE  # to the end
    assert starts[-1] <= (SECONDS + 1) * RATE  # and not long after it


def begins(loop: array[int], stream: array[int], reads: list[int]) -> int:
    """Where in the loop ``stream`` begins, read at the first of ``reads`` that matches."""
    for i in reads:
        found = (loop + loop).tobytes().find(stream[i : i + 200].tobytes())
        if found >= 0 and found % 2 == 0:
            return found // 2 - i
    raise AssertionError(f"a stream of {len(stream)} samples is not the bed at full gain")
