"""Fixtures for every test: the user's real folders are never touched."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from mindful_tui.core.storage import locations

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "tests" / "data"


@pytest.fixture(autouse=True)
def private_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """Point every folder the app writes (config, data, cache) at a fresh temporary one."""
    home = tmp_path_factory.mktemp("mindful-home")
    monkeypatch.setenv(locations.HOME_VARIABLE, str(home))
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")
    yield home
