"""The mixer's background bed on a fake clock: what a listener hears (each stream until
the next one starts) is the loop running on unbroken through refills and cues, fading in
when it starts or comes back, fading out when a chunk is not followed, and gone on stop."""

from __future__ import annotations

from array import array

import pytest

from mindful_tui.sound import bed
from mindful_tui.sound.clip import RATE, Clip
from mindful_tui.sound.mixer import BED_CHUNK, BED_MARGIN, BED_TAIL, Mixer
from tests.sound.conftest import FakeClock, FakeOutput

LOOP = Clip(array("h", [(i * 7) % 2000 - 1000 for i in range(RATE)]))
"""A one-second loop whose every sample is told apart from its neighbours'."""
FADE = round(bed.FADE_IN * RATE)


def heard(output: FakeOutput, latency: float, until: float) -> tuple[list[int], list[int]]:
    """What was heard, stream after stream (each stops when the next is asked for, and
    the next sounds ``latency`` later), up to clock time ``until``; and where in it each
    stream began."""
    out: list[int] = []
    starts: list[int] = []
    played = output.played
    for k, (start, clip) in enumerate(played):
        stop = played[k + 1][0] - latency if k + 1 < len(played) else until
        starts.append(len(out))
        out.extend(clip.samples[: round((stop - start) * RATE)])
    return out, starts


def mixer_with_bed(latency: float = 0.0) -> tuple[Mixer, FakeClock, FakeOutput]:
    clock = FakeClock()
    output = FakeOutput(clock, latency=latency)
    mixer = Mixer(output, now=clock.now)
    mixer.set_bed(LOOP)
    return mixer, clock, output


def keep_until(mixer: Mixer, clock: FakeClock, until: float) -> None:
    """What the conductor does: wake when the bed is due, and keep it."""
    while True:
        due = mixer.bed_due()
        assert due is not None
        if due > until:
            clock.time = until
            return
        clock.time = max(clock.time, due)
        mixer.keep_bed()


def test_the_bed_runs_on_unbroken_through_refills_and_a_cue() -> None:
    latency = 0.003  # each stream starts 3 ms after it is asked for
    mixer, clock, output = mixer_with_bed(latency)
    mixer.keep_bed()
    keep_until(mixer, clock, 109.0)
    mixer.play(Clip(array("h", [3] * RATE)), "chimes")
    chime = len(output.played) - 1
    keep_until(mixer, clock, 120.0)
    assert len(output.played) >= 20 / (BED_CHUNK - BED_TAIL - BED_MARGIN)
    got, starts = heard(output, latency, clock.now())
    want = list(bed.faded(bed.segment(LOOP.samples, 0, len(got)), 0, FADE))
    for i in range(starts[chime], starts[chime] + RATE):
        want[i] += 3  # the chime over the bed, from where it was played
    assert got == want


def test_stop_silences_the_bed_and_keep_brings_it_back_where_it_was_fading_in() -> None:
    mixer, clock, output = mixer_with_bed()
    mixer.keep_bed()
    keep_until(mixer, clock, 105.25)
    at = mixer._bed.position(clock.now(), RATE) if mixer._bed else None  # 5.25 s in
    mixer.stop()
    assert mixer.bed_due() == clock.now()  # not sounding: due at once when kept
    count = len(output.played)
    clock.time = 200.0  # a long pause: nothing starts by itself
    assert len(output.played) == count
    mixer.keep_bed()
    resumed = output.played[-1][1].samples
    assert at == round(5.25 * RATE)
    assert resumed[0] == 0  # fading in again
    expect = bed.faded(bed.segment(LOOP.samples, at, 2 * RATE), 0, FADE)
    assert list(resumed[: 2 * RATE]) == list(expect)


def test_a_chunk_not_followed_fades_out_to_zero() -> None:
    mixer, clock, output = mixer_with_bed()
    clock.time = 100.0 + bed.FADE_IN
    mixer.keep_bed()
    chunk = output.played[-1][1].samples
    assert len(chunk) == round(BED_CHUNK * RATE)
    assert chunk[-1] == 0
    tail = round(BED_TAIL * RATE)
    assert max(map(abs, chunk[-tail // 4 :])) < max(map(abs, chunk[-tail : -tail + tail // 4]))
    # Kept again after it ended: it comes back fading in, not on a click.
    clock.time += BED_CHUNK + 1.0
    mixer.keep_bed()
    assert output.played[-1][1].samples[0] == 0


@pytest.mark.parametrize("how", ["muted", "silent", "none"])
def test_no_bed_is_heard_muted_at_volume_0_or_unset(how: str) -> None:
    mixer, _clock, output = mixer_with_bed()
    if how == "muted":
        mixer.set_muted("background", True)
    elif how == "silent":
        mixer.set_volume("background", 0.0)
    else:
        mixer.set_bed(None)
    assert mixer.bed_due() is None
    mixer.keep_bed()
    assert output.played == []
    mixer.play(Clip(array("h", [5, 5])), "voice")
    assert [list(c.samples) for _, c in output.played] == [[5, 5]]


def test_muting_takes_the_bed_away_at_once_and_unmuting_brings_it_back() -> None:
    mixer, clock, output = mixer_with_bed()
    mixer.keep_bed()
    clock.advance(1.0)
    mixer.set_muted("background", True)
    assert mixer.sounding() == 0
    clock.advance(1.0)
    mixer.set_muted("background", False)
    assert mixer.sounding() == 1
    assert output.played[-1][1].samples[0] == 0  # fading in
