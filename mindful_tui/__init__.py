"""mindful-tui: a terminal player for guided mindfulness sessions."""

__version__ = "0.1.0"
