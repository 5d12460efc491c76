"""Whether a laptop on battery will last the session: said once, before a long one.

Read through ``psutil`` (imported only when a session long enough to ask about starts);
a desktop, a machine that cannot tell, or a laptop on mains power says nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

LONG = 20 * 60
"""Sessions longer than this many seconds are worth a word about the battery."""
LOW_PERCENT = 20
"""With no estimate of the time left, a charge at or below this is too little."""


class Battery(Protocol):
    """What ``psutil.sensors_battery()`` tells."""

    @property
    def percent(self) -> float: ...

    @property
    def secsleft(self) -> int | float: ...

    @property
    def power_plugged(self) -> bool | None: ...


def psutil_battery() -> Battery | None:
    """The battery as ``psutil`` reads it (None: no battery, or it cannot tell)."""
    try:
        import psutil

        battery: Battery | None = psutil.sensors_battery()
        return battery
    except Exception:  # no psutil, or a platform it cannot read: say nothing
        return None


def battery_notice(
    seconds: float, read: Callable[[], Battery | None] = psutil_battery
) -> str | None:
    """One line when a session of ``seconds`` (real time) starts on a battery with too
    little charge for it; None otherwise."""
    if seconds <= LONG:
        return None
    battery = read()
    if battery is None or battery.power_plugged is not False:
        return None
    minutes = round(seconds / 60)
    left = battery.secsleft
    if isinstance(left, int | float) and 0 <= left < 10**7:
        if left >= seconds:
            return None
        return (
            f"on battery with about {round(left / 60)} minutes left ({battery.percent:.0f}%),"
            f" less than this {minutes}-minute session: plug the laptop in"
        )
    if battery.percent > LOW_PERCENT:
        return None
    return (
        f"on battery at {battery.percent:.0f}%, which may not last this {minutes}-minute"
        " session: plug the laptop in"
    )
