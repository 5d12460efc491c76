"""Small builders shared by the core tests."""

from __future__ import annotations

import textwrap

from mindful_tui.core.script.loader import parse_script
from mindful_tui.core.script.model import Script

SOUNDS = frozenset({"bell", "bowl", "inhale", "hold", "exhale", "rest"})


def script(source: str) -> Script:
    """Parse YAML (dedented) into a script, failing the test on any error."""
    parsed, problems = parse_script(textwrap.dedent(source), "test.yaml", SOUNDS)
    errors = [str(p) for p in problems if p.is_error]
    assert parsed is not None and not errors, errors
    return parsed
