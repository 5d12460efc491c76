"""The full-screen app: a thin shell that opens the picker or the player.

It also keeps the terminal safe: SIGINT, SIGTERM and SIGHUP end the session and restore
the terminal (Textual leaves it raw otherwise), Ctrl+Q (and the palette's Quit) logs the
session before leaving, and Ctrl+Z pauses before suspending.
"""

from __future__ import annotations

import asyncio
import gc
import os
import signal
import sys
import threading
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import App, SystemCommand
from textual.await_complete import AwaitComplete
from textual.binding import Binding, BindingType
from textual.events import Resize
from textual.screen import Screen

from mindful_tui.core.storage import user_settings
from mindful_tui.core.storage.user_settings import Settings
from mindful_tui.ui.glyphs import can_show
from mindful_tui.ui.literal import clean
from mindful_tui.ui.messages import OpenPicker, PlaySession, SettingsChanged
from mindful_tui.ui.screens.commanding import CommandScreen
from mindful_tui.ui.screens.too_small import MIN_HEIGHT, MIN_WIDTH, TooSmallScreen

if TYPE_CHECKING:
    from mindful_tui.session.options import Setup
    from mindful_tui.session.playback import Playback
    from mindful_tui.ui.screens.player import PlayerScreen

SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
"""Each ends any session properly (logged as stopped) before the app exits. (Ctrl+C in
the app is a key, not SIGINT: SIGINT comes from ``kill -INT`` and the like.)"""

EXIT_GRACE = 3.0
"""Seconds a signalled app has to leave before the process ends regardless. Textual's
output thread can block for ever on a terminal that has gone away (its queue fills once
a write to the closed terminal fails), and the app would then never exit; by then the
session is logged, so ending the process loses nothing."""


class MindfulApp(App[None]):
    """Guided mindfulness, full screen."""

    CSS_PATH = "app.tcss"
    TITLE = "mindful"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+z", "suspend", "Suspend", show=False, id="suspend"),
    ]

    def __init__(
        self,
        first: Setup | None = None,
        playback: Playback | None = None,
        saved: tuple[Settings, list[str]] | None = None,
        calibrate: bool = False,
    ) -> None:
        """Play ``first`` (or open the picker), the way ``playback`` says; ``saved``: the
        settings and their warnings, when the caller has read them already; ``calibrate``:
        open the calibration alone (``mindful calibrate``), and leave when it closes."""
        super().__init__()
        self.first = first
        self.calibrate = calibrate
        self.playback = playback
        """How sessions play (None: for real; made when one starts, not before the first
        frame)."""
        self._signals: list[signal.Signals] = []
        self.owns_process = False
        """Set by the command line: a signal may then end the process if leaving hangs
        (never in tests, where the app shares its process with the test runner)."""
        self.failure: str | None = None
        """What went wrong, when an unexpected error ended the app (one line)."""
        self.settings, self.settings_warnings = saved or user_settings.load()
        self.player: PlayerScreen | None = None
        """The player of the session being played, if any."""

    def run_as_command(self) -> int:
        """Run as the command line's app, owning the process: the exit status, 1 after
        an unexpected error, which is said in one line (the session is logged by then)."""
        self.owns_process = True
        try:
            self.run()
        except Exception:
            if self.failure is None:
                raise
            # Textual's own shutdown may trip over the first error (a timer of a screen
            # taken down mid-update): that first error is the one to report.
        if self.failure is not None:
            print(f"mindful: unexpected error: {self.failure}", file=sys.stderr)
        return self.return_code or 0

    def _fatal_error(self) -> None:
        # Textual would render the error as a traceback with every local variable, to be
        # printed at exit. No traceback reaches a user, and rendering it took seconds (the
        # app, its terminal and the session's log waited on it): one line is kept instead.
        error = sys.exc_info()[1]
        if self.failure is None:  # the first error: any after it may be its consequence
            self.failure = f"{type(error).__name__}: {error}" if error is not None else "unknown"
        self._close_messages_no_wait()

    def on_mount(self) -> None:
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme
        loop = asyncio.get_running_loop()
        for sig in SIGNALS:
            try:
                loop.add_signal_handler(sig, self._signalled)
            except (ValueError, RuntimeError, NotImplementedError):
                continue  # not the main thread, or no signals here: nothing to restore
            self._signals.append(sig)
        # Once the app's start-up is over: a frame painted while it lasts is thrown away
        # (Textual holds every frame until then), and the first screen would be seen
        # only at its next frame, after all the work that follows (60 ms or more).
        self.call_later(self._open_first)

    def _open_first(self) -> None:
        if self.calibrate:
            from mindful_tui.ui.screens.calibrate import CalibrateScreen

            self.push_screen(CalibrateScreen(), lambda _: self.exit())
        elif self.first is not None:
            self.play(self.first)
        else:
            self.open_picker()
        self._check_size(self.size.width, self.size.height)
        # The command line holds the collector off while starting (see ``cli.main``):
        # from the first frame on, it runs as usual.
        self.call_after_refresh(gc.enable)
        for warning in self.settings_warnings:
            # Said once, calmly: the value named is the user's text, never markup.
            self.notify(clean(warning), title="Settings", timeout=10, markup=False)

    def on_unmount(self) -> None:
        gc.unfreeze()  # what the player froze (see ``PlayerScreen``) may be collected again
        loop = asyncio.get_running_loop()
        for sig in self._signals:
            loop.remove_signal_handler(sig)

    async def action_quit(self) -> None:
        """Ctrl+Q, or Quit in the palette: leave at once, the session logged as stopped."""
        self.end_everything()

    def _signalled(self) -> None:
        """SIGINT, SIGTERM or SIGHUP: end properly and, when this app is the whole
        process (``owns_process``), make sure the process ends."""
        if self.owns_process:
            watchdog = threading.Timer(EXIT_GRACE, os._exit, args=(0,))
            watchdog.daemon = True
            watchdog.start()
        self.end_everything()

    def end_everything(self) -> None:
        """Stop any session properly and leave, restoring the terminal."""
        if self.player is not None:
            self.player.stop_session()
        self.exit()

    def play(self, chosen: Setup, measured: bool = False) -> None:
        """Play ``chosen`` in the player; a script that opens by measuring the breath
        does that first (unless ``measured`` already), and is planned from it."""
        if chosen.script.calibrate is not None and not measured:
            from mindful_tui.ui.screens.calibrate import CalibrateScreen

            self.push_screen(
                CalibrateScreen(opening=chosen.script.calibrate),
                lambda saved: self._measured(chosen, saved is not None),
            )
            return
        from mindful_tui.ui.screens.player import PlayerScreen

        self.player = PlayerScreen(chosen, self.playback, self.settings)
        self._show(self.player)

    def _measured(self, chosen: Setup, saved: bool) -> None:
        """The calibration a script opened with is over: play it with the breath just
        measured (``pattern: mine``), or as planned when it was skipped."""
        path = chosen.script.path
        if saved and path is not None:
            from mindful_tui.core.storage import library
            from mindful_tui.session.options import planned

            entry = library.load(path)
            if entry.script is not None:
                chosen = planned(entry.script, chosen.options)
            else:  # changed on disk meanwhile: said, and played as it was planned
                problem = next((str(p) for p in entry.problems), "it cannot be read")
                self.notify(clean(problem), title="Script", severity="warning", markup=False)
        self.play(chosen, measured=True)

    def open_picker(self) -> None:
        """Show the list of scripts."""
        from mindful_tui.ui.screens.picker import PickerScreen

        self.player = None
        self._show(PickerScreen(self.settings))

    @on(PlaySession)
    def _play_chosen(self, message: PlaySession) -> None:
        self.play(message.setup)

    @on(OpenPicker)
    def _open_picker(self) -> None:
        self.open_picker()

    @on(SettingsChanged)
    def _settings_changed(self, message: SettingsChanged) -> None:
        self.settings, self.settings_warnings = message.settings, []

    def _show(self, screen: Screen[None]) -> None:
        while isinstance(self.screen, TooSmallScreen):
            self.pop_screen()
        if len(self.screen_stack) > 1:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def switch_screen(self, screen: Screen[Any] | str) -> AwaitComplete:
        """Show ``screen`` in place of the one on top; an open palette is closed first,
        and ``screen`` takes the place of the screen under it, never the palette's (the
        palette taken away unclosed was left with its search for commands running)."""
        from textual.command import CommandPalette

        if isinstance(self.screen, CommandPalette):
            self.screen.dismiss()
        return super().switch_screen(screen)

    def action_suspend(self) -> None:
        """Ctrl+Z: pause the session, then hand the terminal back to the shell."""
        if self.player is not None:
            self.player.pause_session()
        self.action_suspend_process()

    def action_command_palette(self) -> None:
        """Ctrl+P: the palette, unless one is open already, even under the notice that
        the terminal is too small, or one just closed is still being taken down (a
        second one would take the same id, and crash)."""
        from textual.command import CommandPalette

        if isinstance(self.screen, TooSmallScreen):
            return
        # The app's own nodes are its screens, the palette among them while it is open
        # and while it is being taken down after it closed (it holds the id till then).
        if any(isinstance(node, CommandPalette) for node in self._nodes):
            return
        if self.use_command_palette:
            from mindful_tui.ui.screens.palette import Palette

            self.push_screen(Palette(id="--command-palette"))

    def search_themes(self) -> None:
        """The palette's "Theme": its list of themes, in a palette that closes once."""
        from textual.command import CommandPalette
        from textual.theme import ThemeProvider

        from mindful_tui.ui.screens.palette import Palette

        if not any(isinstance(screen, CommandPalette) for screen in self.screen_stack):
            self.push_screen(Palette(providers=[ThemeProvider], placeholder="Search for themes…"))

    def action_show_help_panel(self) -> None:
        """The palette's "Keys": the panel of keys, unless the screen it would go on is
        already closing (the palette itself, the command chosen with keys typed fast)."""
        from textual.widget import MountError

        try:
            super().action_show_help_panel()
        except MountError:
            return

    def get_key_display(self, binding: Binding) -> str:
        """A key as the key bar and the palette show it: ``⏎`` is ``enter`` where the
        terminal cannot show it (Textual draws on standard error)."""
        display = super().get_key_display(binding)
        return display if can_show(display, sys.__stderr__ or sys.stderr) else binding.key

    def on_resize(self, event: Resize) -> None:
        self._check_size(event.size.width, event.size.height)

    def _check_size(self, width: int, height: int) -> None:
        small = width < MIN_WIDTH or height < MIN_HEIGHT
        if small and not isinstance(self.screen, TooSmallScreen):
            self.push_screen(TooSmallScreen())
        elif not small and isinstance(self.screen, TooSmallScreen):
            self.pop_screen()

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if isinstance(screen, CommandScreen):
            yield from screen.system_commands()
