"""Widgets of the full-screen app.

Each is imported from its own module when first asked for (``from
mindful_tui.ui.widgets import Pacer`` still works): the player does not load the
picker's or the history's widgets before its first frame.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mindful_tui.ui.widgets.checkin_scale import CheckinScale
    from mindful_tui.ui.widgets.daily_chart import DailyChart
    from mindful_tui.ui.widgets.keybar import KeyBar
    from mindful_tui.ui.widgets.pacer import Pacer
    from mindful_tui.ui.widgets.plan_preview import PlanPreview
    from mindful_tui.ui.widgets.progress_line import ProgressLine

__all__ = ["CheckinScale", "DailyChart", "KeyBar", "Pacer", "PlanPreview", "ProgressLine"]

_MODULES = {
    "CheckinScale": "checkin_scale",
    "DailyChart": "daily_chart",
    "KeyBar": "keybar",
    "Pacer": "pacer",
    "PlanPreview": "plan_preview",
    "ProgressLine": "progress_line",
}


def __getattr__(name: str) -> object:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{module}"), name)
