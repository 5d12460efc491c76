"""Widgets of the full-screen player."""

from mindful_tui.ui.widgets.checkin_scale import CheckinScale
from mindful_tui.ui.widgets.pacer import Pacer
from mindful_tui.ui.widgets.plan_preview import PlanPreview

__all__ = ["CheckinScale", "Pacer", "PlanPreview"]
