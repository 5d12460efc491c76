"""Time: the plan of every cue (``timeline``), the session that walks it (``engine``,
``conductor``), the clock and timers that drive it (``clock``, ``timer``), the pacer's
frames (``frames``), whether each line fits its time (``fit``), times as text
(``timefmt``), the log of when each cue was shown (``timinglog``) and your own breath
measured from taps (``calibration``)."""
