"""Widgets of the full-screen app."""

from mindful_tui.ui.widgets.checkin_scale import CheckinScale
from mindful_tui.ui.widgets.daily_chart import DailyChart
from mindful_tui.ui.widgets.pacer import Pacer
from mindful_tui.ui.widgets.plan_preview import PlanPreview

__all__ = ["CheckinScale", "DailyChart", "Pacer", "PlanPreview"]
