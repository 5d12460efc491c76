"""The baseline for ``benchmarks/player.py``: a bare Textual app that paints one line.

It imports nothing of mindful-tui and does nothing after its first frame, so its start-up,
idle CPU and memory are what any Textual app costs on this machine and terminal.

    .venv/bin/python benchmarks/bare_app.py [TEXT]
"""

from __future__ import annotations

import sys

from textual.app import App, ComposeResult
from textual.widgets import Static

LINE = "bare textual app"
"""What it paints (the benchmark waits for this text to appear)."""


class BareApp(App[None]):
    """One line of text, nothing else."""

    def __init__(self, text: str = LINE) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        yield Static(self.text, markup=False)


def main() -> int:
    """Run until quit (Ctrl+Q) or a signal."""
    BareApp(sys.argv[1] if len(sys.argv) > 1 else LINE).run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
