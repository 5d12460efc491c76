"""The listing index: what the picker shows of each script, read back exactly; anything
damaged, crafted or made with other settings is a miss, never an error."""

from __future__ import annotations

import marshal
from fractions import Fraction
from pathlib import Path

import pytest

from mindful_tui.core.storage import library, listing
from mindful_tui.core.storage.listing import Facts

FACTS = Facts(
    title="Breathing reset",
    summary="Two minutes, slower out than in.",
    tags=("before", "short"),
    language="en",
    moments=("before",),
    broken=False,
    error="",
    natural=Fraction(311, 2),
    listed=Fraction(600),
    pace=Fraction(60, 11),
)
BROKEN = Facts(None, "", (), "en", (), True, "steps: missing", Fraction(0), Fraction(0), None)


def test_facts_come_back_exactly_for_their_settings() -> None:
    listing.write("settings A", {"k1": FACTS, "k2": BROKEN})
    assert listing.read("settings A") == {"k1": FACTS, "k2": BROKEN}
    assert listing.read("settings B") == {}  # made with other settings: every script a miss


def test_writing_keeps_only_what_is_listed() -> None:
    listing.write("s", {"old": FACTS})
    listing.write("s", {"new": BROKEN})
    assert listing.read("s") == {"new": BROKEN}


@pytest.mark.parametrize(
    "stored",
    [
        b"not marshal data",
        marshal.dumps((listing.FORMAT, "s")),
        marshal.dumps((listing.FORMAT + 1, "s", {})),
        marshal.dumps((listing.FORMAT, "s", ["k", "v"])),
        marshal.dumps((listing.FORMAT, "s", {"k": ("too", "short")})),
        marshal.dumps((listing.FORMAT, "s", {1: listing._encode(FACTS)})),
    ],
)
def test_a_damaged_index_is_a_miss(stored: bytes) -> None:
    listing.path().parent.mkdir(parents=True, exist_ok=True)
    listing.path().write_bytes(stored)
    assert listing.read("s") == {}


def crafted(**changed: object) -> dict[str, object]:
    good = dict(zip(listing._KINDS, listing._encode(FACTS), strict=True))
    return good | changed


@pytest.mark.parametrize(
    "changed",
    [
        {"title": 3},
        {"tags": ("ok", 4)},
        {"moments": "before"},
        {"broken": 1},
        {"natural": (1, 0)},
        {"listed": (1.5, 2)},
        {"pace": (1, 2, 3)},
        {"error": None},
    ],
)
def test_a_crafted_entry_is_a_miss_and_the_others_are_kept(changed: dict[str, object]) -> None:
    stored = {"bad": tuple(crafted(**changed).values()), "good": listing._encode(FACTS)}
    listing.path().parent.mkdir(parents=True, exist_ok=True)
    listing.path().write_bytes(marshal.dumps((listing.FORMAT, "s", stored)))
    assert listing.read("s") == {"good": FACTS}


def test_an_index_that_cannot_be_written_is_not_an_error(tmp_path: Path) -> None:
    listing.path().parent.mkdir(parents=True, exist_ok=True)
    listing.path().mkdir()  # a folder where the file should be
    listing.write("s", {"k": FACTS})
    assert listing.read("s") == {}


def test_a_script_s_key_changes_with_its_bytes_and_the_sounds(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text("title: One\nsteps:\n  - silence: 3\n")
    sounds = frozenset({"bowl"})
    first = library.fingerprint(path, sounds)
    assert first is not None and first == library.fingerprint(path, sounds)
    assert library.fingerprint(path, sounds | {"gong"}) != first
    path.write_text("title: Two\nsteps:\n  - silence: 3\n")
    assert library.fingerprint(path, sounds) != first
    assert library.fingerprint(tmp_path / "missing.yaml", sounds) is None


def test_a_script_breathing_mine_is_listed_afresh_after_a_new_calibration(tmp_path: Path) -> None:
    from mindful_tui.core.storage.calibrations import calibrations_path

    mine, other = tmp_path / "mine.yaml", tmp_path / "other.yaml"
    mine.write_text("title: Mine\nsteps:\n  - breathe: {cycles: 2, pattern: mine}\n")
    other.write_text("title: Other\nsteps:\n  - silence: 3\n")
    sounds = frozenset({"bowl"})
    before = library.fingerprint(mine, sounds), library.fingerprint(other, sounds)
    calibrations_path().parent.mkdir(parents=True, exist_ok=True)
    calibrations_path().write_text("[]\n")
    after = library.fingerprint(mine, sounds), library.fingerprint(other, sounds)
    assert after[0] != before[0] and after[1] == before[1]
