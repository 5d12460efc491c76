"""Tests for the mixer: saturating sums, playheads on a fake clock, volumes, mutes."""

from __future__ import annotations

import time
from array import array

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mindful_tui.sound.clip import Clip, load_wav
from mindful_tui.sound.mixer import Mixer, mix, mix_counting
from tests.sound.conftest import AUDIO, FakeClock, FakeOutput, reference_mix

SAMPLE = st.integers(-32768, 32767) | st.sampled_from([-32768, 32767, 0])
PART = st.tuples(st.integers(-30, 80), st.lists(SAMPLE, max_size=50))


def clip(*samples: int) -> Clip:
    return Clip(array("h", samples))


@settings(max_examples=300, deadline=None)
@given(st.lists(PART, max_size=16), st.integers(0, 90))
def test_mix_equals_adding_every_sample_and_clamping_once(
    parts: list[tuple[int, list[int]]], length: int
) -> None:
    placed = [(offset, array("h", samples)) for offset, samples in parts]
    assert list(mix(placed, length)) == reference_mix(parts, length)


@settings(max_examples=300, deadline=None)
@given(st.lists(PART, max_size=16), st.integers(0, 90))
def test_mix_counts_the_samples_it_clamps(parts: list[tuple[int, list[int]]], length: int) -> None:
    placed = [(offset, array("h", samples)) for offset, samples in parts]
    total = [0] * length
    for offset, samples in parts:
        for i, value in enumerate(samples):
            if 0 <= offset + i < length:
                total[offset + i] += value
    mixed, clamped = mix_counting(placed, length)
    assert list(mixed) == reference_mix(parts, length)
    assert clamped == sum(not -32768 <= v <= 32767 for v in total)


def test_mix_saturates_instead_of_wrapping() -> None:
    loud = array("h", [30000, -30000, 20000, 32767])
    assert list(mix([(0, loud), (0, loud)], 4)) == [32767, -32768, 32767, 32767]
    # Saturating the sum, not each partial sum: +30000 +30000 -30000 is 30000.
    quiet = array("h", [-30000] * 4)
    assert list(mix([(0, loud), (0, loud), (0, quiet)], 1)) == [30000]


def test_mix_places_parts_at_their_offsets_and_cuts_them_to_length() -> None:
    parts = [(-1, array("h", [1, 2, 3])), (3, array("h", [10, 20, 30]))]
    assert list(mix(parts, 5)) == [2, 3, 0, 10, 20]


def test_a_lone_sound_is_played_as_it_is() -> None:
    clock = FakeClock()
    output = FakeOutput(clock)
    mixer = Mixer(output, now=clock.now)
    sound = clip(1, 2, 3)
    assert mixer.play(sound, "chimes") == clock.now()
    assert [list(c.samples) for _, c in output.played] == [[1, 2, 3]]


def test_a_sound_over_another_restarts_the_stream_with_the_rest_of_both() -> None:
    clock = FakeClock()
    output = FakeOutput(clock)
    mixer = Mixer(output, now=clock.now)
    long = Clip(array("h", range(20000)))  # sample i has value i
    mixer.play(long, "chimes")
    clock.advance(0.1)  # 4410 samples played
    started = mixer.play(clip(100, 100), "voice")
    assert started == pytest.approx(100.1)
    assert output.stops >= 1
    mixed = output.played[-1][1].samples
    assert len(mixed) == 20000 - 4410
    assert list(mixed[:3]) == [4410 + 100, 4411 + 100, 4412]
    assert mixed[-1] == 19999


def test_a_sound_after_the_last_one_ended_plays_alone() -> None:
    clock = FakeClock()
    output = FakeOutput(clock)
    mixer = Mixer(output, now=clock.now)
    mixer.play(Clip(array("h", [5] * 441)), "chimes")  # 10 ms
    clock.advance(0.011)
    mixer.play(clip(7, 7), "tones")
    assert list(output.played[-1][1].samples) == [7, 7]
    assert mixer.sounding() == 1


def test_the_playhead_follows_the_real_start_of_a_slow_device() -> None:
    """If the device takes 20 ms to start, the sound began then, not when asked."""
    clock = FakeClock()
    output = FakeOutput(clock, latency=0.02)
    mixer = Mixer(output, now=clock.now)
    long = Clip(array("h", range(10000)))
    assert mixer.play(long, "chimes") == pytest.approx(100.02)
    clock.advance(0.01)  # 10 ms after the real start: 441 samples played
    mixer.play(clip(0), "voice")
    mixed = output.played[-1][1].samples
    # The second start is asked at 100.03 but the fake device takes until 100.05: the
    # mix was cut at the asked time, then starts (and counts) from the real one.
    assert mixed[1] == 442


def test_a_sound_started_ahead_begins_with_silence_and_is_heard_at_its_time() -> None:
    clock = FakeClock()
    output = FakeOutput(clock)
    mixer = Mixer(output, now=clock.now)
    heard = mixer.play_all([(clip(9, 9, 9), "tones")], at=100.01)  # 441 samples ahead
    assert heard == pytest.approx(100.01)
    played = list(output.played[-1][1].samples)
    assert played == [0] * 441 + [9, 9, 9]


def test_a_sound_started_ahead_is_mixed_with_the_tail_of_one_sounding() -> None:
    clock = FakeClock()
    output = FakeOutput(clock)
    mixer = Mixer(output, now=clock.now)
    mixer.play(Clip(array("h", range(1000))), "chimes")
    clock.advance(0.01)  # 441 samples played
    mixer.play_all([(clip(5000, 5000), "voice")], at=clock.now() + 100 / 44100)
    mixed = list(output.played[-1][1].samples)
    assert mixed[:3] == [441, 442, 443]
    assert mixed[99:103] == [540, 541 + 5000, 542 + 5000, 543]
    assert len(mixed) == 1000 - 441


def test_a_time_already_past_means_now() -> None:
    clock = FakeClock()
    output = FakeOutput(clock)
    mixer = Mixer(output, now=clock.now)
    assert mixer.play_all([(clip(3), "voice")], at=99.0) == pytest.approx(100.0)
    assert list(output.played[-1][1].samples) == [3]


def test_a_slow_device_delays_a_sound_started_ahead_by_as_much() -> None:
    clock = FakeClock()
    output = FakeOutput(clock, latency=0.002)
    mixer = Mixer(output, now=clock.now)
    assert mixer.play_all([(clip(1), "voice")], at=100.04) == pytest.approx(100.042)


def test_mixing_time_comes_off_the_leading_silence_not_off_the_sound() -> None:
    """The clock moves while the stream is mixed: the stream skips as many samples of
    its head, so the sound started ahead is still heard at its time, and a sound that
    tails on is heard from where it is by then; a sound that starts now is never cut."""

    class Ticking(FakeClock):
        def now(self) -> float:
            self.time += 0.001  # every reading: 1 ms (44.1 samples) later
            return self.time

    clock = Ticking()
    output = FakeOutput(clock)
    mixer = Mixer(output, now=clock.now)
    at = 100.05
    heard = mixer.play_all([(clip(7, 7), "voice")], at=at)
    assert heard is not None
    began, stream = output.played[-1]
    samples = list(stream.samples)
    # Read at 100.001 (mix from there), again at 100.002 before playing: 44 samples less.
    silence = round(0.049 * 44100) - 44
    assert samples == [0] * silence + [7, 7]
    # Heard when the stream began (as the fake device reports it) plus its silence: late
    # only by what ``play`` itself took after the last reading (100.002).
    assert heard == pytest.approx(began + silence / 44100)
    assert heard - at == pytest.approx(began - 100.002, abs=1 / 44100)
    now = mixer.play(clip(1, 2, 3), "chimes")
    assert now is not None
    assert list(output.played[-1][1].samples)[:3] == [1, 2, 3]


def test_withdrawing_takes_back_only_what_has_not_begun() -> None:
    clock = FakeClock()
    output = FakeOutput(clock)
    mixer = Mixer(output, now=clock.now)
    mixer.play(Clip(array("h", [4] * 1000)), "chimes")
    mixer.play_all([(clip(8, 8), "voice")], at=100.01)
    clock.advance(0.005)
    mixer.withdraw()
    assert list(output.played[-1][1].samples) == [4] * (1000 - 220)
    assert mixer.sounding() == 1


def test_volumes_scale_each_channel() -> None:
    clock = FakeClock()
    output = FakeOutput(clock)
    mixer = Mixer(output, now=clock.now)
    mixer.set_volume("chimes", 0.5)
    mixer.set_volume("voice", 0.25)
    mixer.play_all([(clip(1000, 1000), "chimes"), (clip(1000, 1000), "voice")])
    assert list(output.played[-1][1].samples) == [750, 750]
    mixer.set_volume("tones", 7.0)  # clamped to 1
    assert mixer.volumes["tones"] == 1.0


def test_a_muted_channel_is_not_heard() -> None:
    clock = FakeClock()
    output = FakeOutput(clock)
    mixer = Mixer(output, now=clock.now)
    mixer.set_muted("voice", True)
    assert mixer.play(clip(1, 2), "voice") is None
    assert output.played == []
    mixer.play_all([(clip(1, 2), "voice"), (clip(10, 20), "tones")])
    assert list(output.played[-1][1].samples) == [10, 20]


def test_muting_silences_what_the_channel_is_playing_at_once() -> None:
    clock = FakeClock()
    output = FakeOutput(clock)
    mixer = Mixer(output, now=clock.now)
    mixer.play_all([(Clip(array("h", [1] * 100)), "voice"), (Clip(array("h", [10] * 50)), "tones")])
    mixer.set_muted("voice", True)
    assert list(output.played[-1][1].samples) == [10] * 50
    mixer.set_muted("tones", True)
    assert output.stops >= 3
    assert mixer.sounding() == 0


def test_no_device_means_nothing_is_mixed_or_played() -> None:
    clock = FakeClock()
    output = FakeOutput(clock, problem="No sound device: playing silently")
    mixer = Mixer(output, now=clock.now)
    assert mixer.play(clip(1), "chimes") is None
    assert mixer.problem == "No sound device: playing silently"


def test_mixing_a_voice_line_over_a_bowl_takes_a_few_milliseconds() -> None:
    bowl = load_wav(AUDIO / "bowl.wav").samples
    line = load_wav(AUDIO / "bell.wav").samples[: 2 * 44100]  # 2 s, as a voice line
    timings = []
    for _ in range(7):
        began = time.perf_counter()
        mix([(0, bowl), (0, line)], len(bowl))
        timings.append(time.perf_counter() - began)
    # About 5 ms here; a Python loop over the samples takes over 60. The bound is loose
    # for slow CI machines, tight enough to catch a fall back to per-sample Python.
    assert sorted(timings)[3] < 0.04
