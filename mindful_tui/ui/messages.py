"""What screens tell the app: small messages it handles, so no screen imports the app."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

from mindful_tui.core.storage.user_settings import Settings

if TYPE_CHECKING:  # the session layer loads when a session starts, after the first frame
    from mindful_tui.session.options import Setup


@dataclass
class PlaySession(Message):
    """Play this session (chosen in the picker)."""

    setup: Setup


class OpenPicker(Message):
    """Show the list of sessions (after one has ended)."""


@dataclass
class SettingsChanged(Message):
    """The user saved new settings: sessions started from now on use them."""

    settings: Settings
