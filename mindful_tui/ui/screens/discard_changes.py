"""Asks before leaving a form whose changes were not saved."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType

from mindful_tui.ui.screens.confirm import ConfirmScreen


class DiscardChangesScreen(ConfirmScreen):
    """Dismisses with True to leave without saving, False to stay."""

    QUESTION = "Leave without saving your changes?"
    CHOICES = "y  leave     n  stay"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "choose(True)", "Leave", id="discard"),
        Binding("n,escape", "choose(False)", "Stay", id="stay"),
    ]
