"""Settings: defaults, a round trip, and damaged files that never lose the rest."""

from __future__ import annotations

from pathlib import Path

from mindful_tui.core.storage import user_settings
from mindful_tui.core.storage.user_settings import Settings


def test_missing_file_gives_defaults() -> None:
    assert user_settings.load() == (Settings(), [])


def test_round_trip_in_the_config_folder(private_home: Path) -> None:
    chosen = Settings(rate=130, tone_volume=0.25, dim=True, default_minutes=45.0, voice_name="en")
    path = user_settings.save(chosen)
    assert path == private_home / "config" / "settings.yaml"
    assert user_settings.load() == (chosen, [])
    assert [p.name for p in path.parent.iterdir()] == ["settings.yaml"]  # no temp files left


def test_wrong_values_fall_back_one_by_one(tmp_path: Path) -> None:
    path = tmp_path / "settings.yaml"
    path.write_text("rate: fast\nchime_volume: 3\ndim: true\ncolour: blue\nvoice: 1\n")
    loaded, warnings = user_settings.load(path)
    assert loaded == Settings(dim=True)
    assert len(warnings) == 4
    assert any("rate: 'fast'" in w for w in warnings)
    assert any("chime_volume: 3" in w for w in warnings)
    assert any("unknown setting 'colour'" in w for w in warnings)


def test_damaged_file_gives_defaults_and_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "settings.yaml"
    path.write_text("rate: [130\n")
    loaded, warnings = user_settings.load(path)
    assert loaded == Settings() and "cannot read the settings" in warnings[0]
    assert path.read_text() == "rate: [130\n"
