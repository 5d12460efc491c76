"""``mindful calibrate`` in a real terminal (tmux), tapped on the real clock: a doubled
tap is said on screen, then six breaths of 3 s in and 5 s out are kept as 7.5 breaths a
minute, 3:5. (About 50 s: the taps are a person's, and cannot be sped up.)"""

from __future__ import annotations

import time

from mindful_tui.core.storage import calibrations
from tests.ui.test_real_terminal import MINDFUL, Tmux, pytestmark, tmux  # noqa: F401

INHALE, EXHALE, BREATHS = 3.0, 5.0, 6


def tap_at(term: Tmux, when: float) -> None:
    """Press space at ``when`` (monotonic seconds): a person's tap, on the real clock."""
    time.sleep(max(0.0, when - time.monotonic()))
    term.run("send-keys", "-t", "main", "space")


def test_tapping_three_in_five_out_keeps_seven_and_a_half_a_minute(tmux: Tmux) -> None:  # noqa: F811
    tmux.run("send-keys", "-t", "main", f"{MINDFUL} calibrate; echo EXIT=$?", "Enter")
    tmux.wait_for("Tap space as each breath turns in")
    start = time.monotonic()
    tap_at(tmux, start)
    tap_at(tmux, start + 0.15)  # a doubled tap
    tmux.wait_for("Two taps came close together")
    start = time.monotonic() + 0.5
    for breath in range(BREATHS):
        tap_at(tmux, start + breath * (INHALE + EXHALE))
        tap_at(tmux, start + breath * (INHALE + EXHALE) + INHALE)
    tap_at(tmux, start + BREATHS * (INHALE + EXHALE))
    screen = tmux.wait_for("breaths a minute")
    assert "7.5 breaths a minute" in screen, screen
    kept, warnings = calibrations.load()
    assert warnings == [] and len(kept) == 1
    found = kept[0].calibration
    assert abs(found.inhale - INHALE) <= 0.2 and abs(found.exhale - EXHALE) <= 0.2, found
    assert round(found.breaths_per_minute, 1) == 7.5 and found.ratio == "3:5"
    assert found.breaths == BREATHS
    tmux.run("send-keys", "-t", "main", "Enter")
    screen = tmux.wait_for("EXIT=0")
    assert "Traceback" not in screen
    assert tmux.flag("alternate_on") == "0"
