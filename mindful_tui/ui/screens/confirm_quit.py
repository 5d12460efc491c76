"""Asks before abandoning a session that is still playing."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType

from mindful_tui.ui.screens.confirm import ConfirmScreen


class ConfirmQuitScreen(ConfirmScreen):
    """Dismisses with True to end the session, False to carry on."""

    QUESTION = "End this session now?"
    CHOICES = "y  end it     n  carry on"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y,q", "choose(True)", "End session", id="confirm"),
        Binding("n,escape,space", "choose(False)", "Carry on", id="cancel"),
    ]
