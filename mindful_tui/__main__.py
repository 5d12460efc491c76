"""Run the player as ``python -m mindful_tui``."""

from mindful_tui.cli.main import main

raise SystemExit(main())
