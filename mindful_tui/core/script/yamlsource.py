"""Safe, bounded reading of YAML into a node tree that keeps line and column.

The loader validates the node tree itself (not constructed Python objects) so that every
error can point at the exact place in the file. Limits keep hostile files harmless: a
maximum file size, nesting depth, and number of nodes visited (alias expansion counts).
"""

from __future__ import annotations

from pathlib import Path

import yaml

from mindful_tui.core.safetext import line_and_column
from mindful_tui.core.script.files import MAX_FILE_BYTES as MAX_FILE_BYTES  # re-exported
from mindful_tui.core.script.files import Unreadable, read_regular
from mindful_tui.core.script.problems import Problem

MAX_DEPTH = 40
MAX_NODES = 20_000
"""Values a script may hold, counting each *alias as the values it stands for."""

STANDARD_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
)

_HINTS = {
    "found character '\\t' that cannot start any token": "indent with spaces, not tabs",
    "mapping values are not allowed here": "a value with ': ' in it needs quotes",
    "found undefined alias": "define the &anchor before using *alias",
    "while scanning a quoted scalar": "a quote is never closed",
    "while parsing a flow sequence": "a [ is never closed",
    "while parsing a flow mapping": "a { is never closed",
}


class _TooDeep(Exception):
    def __init__(self, mark: yaml.Mark) -> None:
        self.mark = mark


class _TooMany(_TooDeep):
    pass


class _BoundedLoader(yaml.SafeLoader):
    """SafeLoader's composer with a depth limit (the stock one recurses until it crashes)."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0
        self._nodes = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        self._depth += 1
        try:
            self._nodes += 1
            if self._depth > MAX_DEPTH:
                raise _TooDeep(self.peek_event().start_mark)  # type: ignore[no-untyped-call]
            if self._nodes > MAX_NODES:
                # Stop while reading, not after building a tree of a million nodes.
                raise _TooMany(self.peek_event().start_mark)  # type: ignore[no-untyped-call]
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def read_text(path: Path, shown: str) -> tuple[str | None, list[Problem]]:
    """The file's text, or a problem saying why it cannot be read."""
    try:
        raw = read_regular(path)
    except Unreadable as exc:
        return None, [_at(shown, 1, 1, str(exc))]
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [
            _at(shown, line, column, "this byte is not UTF-8 text; save the file as UTF-8")
        ]


def compose(text: str, shown: str) -> tuple[yaml.Node | None, list[Problem]]:
    """The YAML node tree of one document, or the syntax problem that stops it."""
    loader: _BoundedLoader | None = None
    try:
        # The reader rejects control characters as it is made: inside the try.
        loader = _BoundedLoader(text)
        node = loader.get_single_node()
    except _TooMany as exc:
        message = f"the script expands to more than {MAX_NODES:,} values (check *aliases)"
        return None, [_mark(shown, exc.mark, message)]
    except _TooDeep as exc:
        return None, [_mark(shown, exc.mark, f"nesting is deeper than {MAX_DEPTH} levels")]
    except yaml.reader.ReaderError as exc:
        line, column = line_and_column(text, exc.position)
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        return None, [
            _at(
                shown,
                line,
                column,
                f"control character U+{code:04X} is not allowed in a script; remove it",
            )
        ]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = exc.problem or exc.context or "not valid YAML"
        if "another document" in what:
            message = (
                "a script is one YAML document, but a second starts here (---);"
                " remove it or split the file"
            )
            return None, [_mark(shown, mark, message) if mark else _at(shown, 1, 1, message)]
        context = exc.context if exc.context and exc.context_mark and exc.problem else None
        if context and exc.context_mark is not None:
            start = exc.context_mark
            what += f", {context} that starts at {start.line + 1}:{start.column + 1}"
        hint = next((h for k, h in _HINTS.items() if k in what), None)
        message = f"YAML syntax: {what}" + (f" ({hint})" if hint else "")
        if mark is None:
            return None, [_at(shown, 1, 1, message)]
        return None, [_mark(shown, mark, message)]
    except yaml.YAMLError as exc:
        return None, [_at(shown, 1, 1, f"YAML syntax: {exc}")]
    except RecursionError:
        return None, [_at(shown, 1, 1, "nesting is too deep")]
    finally:
        if loader is not None:
            loader.dispose()
    if node is None:
        return None, [_at(shown, 1, 1, "the file is empty; a script needs a title and steps")]
    return node, []


def _at(shown: str, line: int, column: int, message: str) -> Problem:
    return Problem(shown, line, column, "error", message)


def _mark(shown: str, mark: yaml.Mark, message: str) -> Problem:
    return Problem(shown, mark.line + 1, mark.column + 1, "error", message)
