"""The keys that can act now, on one line at the bottom of the player.

It looks like Textual's ``Footer`` (same theme colours, same spacing), but it is one
widget drawing one line, not a container of one widget per key that is rebuilt whenever a
key's use changes: that rebuild cost a sixth of the player's start-up, and repeated at
every pause and question.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget


@dataclass(frozen=True)
class Key:
    """One key as shown: what to press, what it does, and where it sits on the line."""

    key: str
    display: str
    description: str
    enabled: bool
    start: int
    end: int


class KeyBar(Widget):
    """Shows the screen's active bindings that ask to be shown; a click presses the key."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "keybar--key",
        "keybar--description",
        "keybar--hover",
    }

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
    }
    KeyBar > .keybar--key {
        color: $footer-key-foreground;
        background: $footer-key-background;
        text-style: bold;
    }
    KeyBar > .keybar--description {
        color: $footer-description-foreground;
        background: $footer-description-background;
    }
    KeyBar > .keybar--hover {
        background: $block-hover-background;
    }
    """

    ALLOW_SELECT = False

    def __init__(
        self, *, palette: bool = False, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.palette = palette
        """True: the key of the command palette is shown too, at the right end."""
        self.keys: tuple[Key, ...] | None = None
        """The keys on the line now (None until first read from the screen)."""
        self._hover: int | None = None
        self._palette_at: Key | None = None
        """Where the palette's key was drawn (it moves with the width)."""

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if screen is self.screen and self._read() != self.keys:
            self.keys = self._read()
            self.refresh()

    def _read(self) -> tuple[Key, ...]:
        """The keys to show, from the screen's active bindings (one per action)."""
        seen: set[str] = set()
        keys: list[Key] = []
        x = 0
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            display = self.app.get_key_display(binding)
            end = x + len(display) + 2 + len(binding.description) + 1
            keys.append(Key(binding.key, display, binding.description, enabled, x, end))
            x = end
        return tuple(keys)

    def render_line(self, y: int) -> Strip:
        if self.keys is None:
            self.keys = self._read()
        base = self.rich_style
        key_style = base + self.get_component_rich_style("keybar--key")
        text_style = base + self.get_component_rich_style("keybar--description")
        hover = Style(bgcolor=self.get_component_rich_style("keybar--hover").bgcolor)
        dim = Style(dim=True)
        segments: list[Segment] = []
        for index, key in enumerate(self.keys):
            look_key, look_text = key_style, text_style
            if index == self._hover and key.enabled:
                look_key, look_text = key_style + hover, text_style + hover
            if not key.enabled:
                look_key, look_text = look_key + dim, look_text + dim
            segments.append(Segment(f" {key.display} ", look_key))
            segments.append(Segment(f"{key.description} ", look_text))
        line = Strip(segments)
        self._palette_at = None
        if self.palette and self.app.ENABLE_COMMAND_PALETTE:
            # Textual's Footer shows it the same way: how to find every command.
            binding = Binding(self.app.COMMAND_PALETTE_BINDING, "command_palette", "palette")
            display = self.app.get_key_display(binding)
            hint = [Segment(f" {display} ", key_style), Segment("palette ", text_style)]
            width = len(display) + 2 + len("palette ")
            start = self.size.width - width
            if start >= line.cell_length + 1:
                gap = Segment(" " * (start - line.cell_length), base)
                line = Strip([*segments, gap, *hint])
                self._palette_at = Key(binding.key, display, "palette", True, start, start + width)
        return line.adjust_cell_length(self.size.width, base)

    def _at(self, x: int) -> int | None:
        for index, key in enumerate(self.keys or ()):
            if key.start <= x < key.end:
                return index
        return None

    def on_click(self, event: events.Click) -> None:
        at = self._palette_at
        if at is not None and at.start <= event.x < at.end:
            self.app.action_command_palette()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._set_hover(self._at(event.x))

    def on_leave(self) -> None:
        self._set_hover(None)

    def _set_hover(self, index: int | None) -> None:
        if index != self._hover:
            self._hover = index
            self.refresh()

    def on_mouse_down(self, event: events.MouseDown) -> None:
        index = self._at(event.x)
        if index is None or self.keys is None:
            return
        key = self.keys[index]
        if key.enabled:
            self.app.simulate_key(key.key)
        else:
            self.app.bell()
