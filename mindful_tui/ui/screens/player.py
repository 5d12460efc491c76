"""The player: the breathing pacer, the current prompt, progress, and the controls.

It is the Conductor's presenter: ``show`` puts each due cue on screen and ``ask`` waits for
a typed answer or a one-key check-in. The Conductor runs as a worker on the injected
clock and timer, so a test can play a session without real time passing.
"""

from __future__ import annotations

import asyncio
import gc
import math
from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.events import Resize
from textual.reactive import reactive
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input, Static

from mindful_tui.core.script.words import translator
from mindful_tui.core.storage.user_settings import Settings
from mindful_tui.core.timing.clock import to_real
from mindful_tui.core.timing.engine import ANSWER_LIMIT, Due
from mindful_tui.core.timing.timefmt import clock
from mindful_tui.core.timing.timeline import Cue
from mindful_tui.session.interlude import interlude_setup
from mindful_tui.session.options import Setup
from mindful_tui.session.playback import Playback
from mindful_tui.session.practice import Practice
from mindful_tui.ui.literal import clean, literal
from mindful_tui.ui.screens.commanding import CommandScreen
from mindful_tui.ui.widgets.keybar import KeyBar
from mindful_tui.ui.widgets.pacer import Pacer
from mindful_tui.ui.widgets.progress_line import ProgressLine

if TYPE_CHECKING:
    from mindful_tui.sound.mixer import Channel
    from mindful_tui.ui.widgets.checkin_scale import CheckinScale

ACTIVE = ("playing", "paused", "waiting")
AWAKE_STATUS = "may sleep"
"""The status line's word when the computer cannot be kept awake (the plain player
prints the whole notice)."""
SOUND_KEY_CHANNELS: tuple[Channel, ...] = ("chimes", "tones", "background")
"""What ``s`` mutes and unmutes: every sound but the voice (``v``)."""
CLOSE_CONFIRM = 5.0
"""Seconds a first ``e`` in dim mode waits for the second."""
SHORT = 18
"""Below this many rows the margins go, so the breath keeps its room."""


class PlayerScreen(CommandScreen):
    """Plays one session."""

    AUTO_FOCUS = ""
    """Nothing takes keys until a question is asked: the player's keys are for the player."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "pause", "Pause", id="pause"),
        Binding("space", "resume", "Resume", id="resume"),
        Binding("n", "next_step", "Next", id="next"),
        Binding("p", "previous_step", "Back", id="previous"),
        # Off the key bar (in the help and the palette), so that the keys the person
        # beside the table needs, t and e, fit beside q at 80 columns.
        Binding("v", "toggle_voice", "Voice", id="voice", show=False),
        Binding("s", "toggle_sound", "Sound", id="sound", show=False),
        Binding("d", "toggle_dim", "Dim", id="dim"),
        Binding("t", "turn_over", "Turn over", id="turn"),
        Binding("e", "close_soon", "End soon", id="close"),
        Binding("question_mark", "help", "Help", id="help"),
        Binding("escape", "skip", "Skip", id="skip"),
        Binding("q", "quit_session", "Quit", id="quit"),
    ]

    voice = reactive(True, bindings=True)
    """Speak lines (``v`` mutes and unmutes the voice)."""
    sound = reactive(True, bindings=True)
    """Play chimes, phase tones and the background (``s`` mutes and unmutes them)."""
    dim = reactive(False, bindings=True)
    """Dark and still, for use with eyes closed."""

    def __init__(
        self,
        chosen: Setup,
        playback: Playback | None = None,
        settings: Settings | None = None,
    ) -> None:
        super().__init__()
        self.settings = settings or Settings()
        """The settings the session was set up with (its interlude is set up with them)."""
        self.timeline = chosen.timeline
        self.practice = Practice.start(chosen, playback)
        self.clock = self.practice.clock
        self.session = self.practice.session
        self.conductor = self.practice.conductor(self)
        self.breaths: set[tuple[int, int]] = set()
        """The (step, cycle) of every breath played, for the closing screen."""
        self.prompt = ""
        """The words on screen now, exactly as the script gave them (placeholders filled)."""
        self._step_shown: tuple[str | None, int] = (None, -1)
        """The step whose words are on screen (an interlude's steps count on their own)."""
        self._cycle: int | None = None
        self.question: Cue | None = None
        self._answer: asyncio.Future[str | int | None] | None = None
        self._auto_paused = False
        self._close_armed = False
        self.awake_notice = ""
        """Said in the status line when the computer cannot be kept awake."""
        self._tick: Timer | None = None
        self._keys_shown: tuple[object, ...] = ()
        self._status = ""
        # The widgets that change as the session plays, kept rather than looked up: a
        # timer may fire while the screen is being taken down, when a look-up would fail.
        self.status_line = Static(id="status")
        self.pacer = Pacer(self.session, id="pacer")
        self.prompt_line = Static(id="prompt")
        self.progress = ProgressLine(float(self.timeline.total) or 1.0, id="progress")
        self.sound_ready = asyncio.Event()
        """Set once the session's sound is prepared (it starts when this screen shows)."""
        self._shown = asyncio.Event()
        """Set while this screen is the one shown."""
        self.prepared = asyncio.Event()
        """Set once the sound is ready and the session has started (tests wait on it)."""
        self.set_reactive(PlayerScreen.voice, chosen.options.voice)
        self.set_reactive(PlayerScreen.sound, chosen.options.sound)
        self.set_reactive(PlayerScreen.dim, chosen.options.dim)

    def compose(self) -> ComposeResult:
        with Horizontal(id="heading"):
            yield Static(literal(self.timeline.title), id="title")
            yield self.status_line
        yield self.pacer
        with Vertical(id="words"):
            yield self.prompt_line
        yield self.progress
        yield KeyBar(id="keys")

    def on_mount(self) -> None:
        # The pacer's frames and the seconds left often change at the same moment: one
        # wake-up for both, so they reach the terminal in one update.
        self.pacer.on_wake = self.update_progress
        if self.dim:
            self.watch_dim(True)  # set before mounting, so its watcher has not run
        # The first frame is painted before the session's work begins (preparing sound,
        # the first cues): the screen appears at once, and a session starts a moment
        # after it is ready anyway (``conductor.LEAD``).
        self.call_after_refresh(self._begin)

    def _begin(self) -> None:
        self.run_worker(self._conduct(), name="conductor", group="session", exclusive=True)

    async def _conduct(self) -> None:
        # The turning-over interlude (``t``): read off the event loop, and prepared with
        # the session's own sounds, so that ``t`` plays it at once.
        interlude = await asyncio.to_thread(interlude_setup, self.practice.options, self.settings)
        self.practice.add_interlude(interlude)
        notices = await self.practice.prepare(self._preparing)
        self.sound_ready.set()
        self._set_prompt("")
        for notice in notices:
            # A notice may name a user's sound file: plain text, never markup.
            title = "Battery" if notice == self.practice.battery_told else "Sound"
            self.notify(clean(notice), title=title, timeout=8, markup=False)
        if self.app.screen is not self:
            # Covered from the start (a terminal too small to draw in): the session
            # starts once this screen is shown, not behind the notice.
            await self._shown.wait()
        if self.session.state == "ready":
            # What is built by now (modules, styles, widgets) lives as long as the app:
            # out of the collector's sight, a full collection during the session takes a
            # few milliseconds instead of 25-30 ms that could land on a cue.
            gc.freeze()
            self.practice.awake.notify = self._awake_notice
            await self.practice.begin(self.conductor, self._count_down)
        self.prepared.set()
        try:
            if self.session.state != "stopped":
                await self.conductor.run()
        finally:
            # However the session ends, even by a defect that ends the app, it is logged.
            self.practice.end()
        if self.session.state == "finished":
            from mindful_tui.ui.screens.closing import ClosingScreen

            self.app.switch_screen(
                ClosingScreen(
                    self.timeline.title,
                    self.session.played(),
                    self.session.breaths_taken,
                    dict(self.session.answers),
                    self.practice,
                    self.session.skipped,
                    self.timeline.language,
                )
            )

    def _awake_notice(self, notice: str) -> None:
        # In the status line, not a toast: a toast would cover the session's words.
        self.awake_notice = AWAKE_STATUS
        self.update_progress()

    def _count_down(self, left: int) -> None:
        """The lead-in: a calm countdown where the words will be, until the start."""
        self._set_prompt(f"Starting in {clock(left)}" if left else "")
        self.update_progress()

    def _preparing(self, done: int, total: int) -> None:
        """Voice lines rendered so far, shown while the first session with them waits."""
        if done < total:
            self._set_prompt(f"Preparing the voice: {done} of {total} lines")

    # -- the presenter ----------------------------------------------------------------

    def show(self, due: Due) -> float | None:
        """Put a cue on screen now (the Conductor logs this moment as ``shown``)."""
        cue = due.cue
        if cue.kind == "phase" and cue.cycle is not None and due.interlude is None:
            self.breaths.add((cue.step, cue.cycle))
        step = (due.interlude, cue.step)
        if step != self._step_shown or (cue.kind == "phase" and cue.cycle != self._cycle):
            # A step's words go with the step, and a breath's prompt with that breath.
            self._step_shown, self._cycle = step, cue.cycle
            self._set_prompt("")
        if cue.kind in ("say", "ask", "checkin") or (cue.kind == "phase" and cue.text):
            self._set_prompt(self.session.text_of(cue))
        self.update_progress()
        return None

    async def ask(self, cue: Cue) -> str | int | None:
        """Wait for the answer to a question: typed text, or one key for a check-in."""
        self.question = cue
        self._answer = asyncio.get_running_loop().create_future()
        self.set_class(cue.kind == "ask", "-asking")
        self.set_class(cue.kind == "checkin", "-checking-in")
        field = await self._answer_field(cue.kind)
        if isinstance(field, Input):
            field.value = ""
        field.disabled = False
        field.focus()
        self.update_progress()
        try:
            return await self._answer
        finally:
            self.question = None
            self._answer = None
            self.remove_class("-asking", "-checking-in")
            field.disabled = True
            self.set_focus(None)
            self.update_progress()

    async def _answer_field(self, kind: str) -> Widget:
        """The text field or the 0–10 scale, mounted the first time a question needs it
        (most sessions ask nothing: the player starts sooner without them)."""
        name = "answer" if kind == "ask" else "scale"
        found = self.query(f"#{name}")
        if found:
            return found.first()
        field: Widget
        if kind == "ask":
            field = Input(
                id=name,
                placeholder="type, then enter (escape skips)",
                max_length=ANSWER_LIMIT,
                disabled=True,
            )
        else:
            from mindful_tui.ui.widgets.checkin_scale import CheckinScale

            field = CheckinScale(id=name, disabled=True)
        await self.query_one("#words").mount(field)
        return field

    def _reply(self, value: str | int | None) -> None:
        if self._answer is not None and not self._answer.done():
            self._answer.set_result(value)

    @on(Input.Submitted, "#answer")
    def _typed(self, event: Input.Submitted) -> None:
        self._reply(event.value.strip() or None)

    def on_checkin_scale_answered(self, event: CheckinScale.Answered) -> None:
        self._reply(event.value)

    def _set_prompt(self, text: str) -> None:
        self.prompt = text
        # Script text is the user's words: shown literally, never as markup.
        self.prompt_line.update(literal(text))

    # -- what changes with time ---------------------------------------------------------

    def update_progress(self) -> None:
        """Refresh the pacer, the status line and the progress bar, and plan the next tick."""
        session = self.session
        if not self.pacer.is_attached:
            # Not shown yet, or being taken down (the app is closing, or the screen was
            # switched away): a timer may still fire, and there is nothing to draw.
            return
        self.pacer.sync()
        self.set_class(session.state == "paused", "-paused")
        spans = len(self.timeline.spans)
        step = min(session.step + 1, spans)
        say = translator(self.timeline.language).gettext
        parts = [
            say("step {step} of {steps}").format(step=step, steps=spans),
            say("{time} left").format(time=clock(math.ceil(session.remaining()))),
        ]
        if session.turning is not None:
            parts.insert(0, say("turning over" if session.turning == "playing" else "turning soon"))
        if not self.voice:
            parts.append(say("voice off"))
        if not self.sound:
            parts.append(say("sound off"))
        if session.state == "paused":
            parts.insert(0, say("paused"))
        status = "  ·  ".join(parts)
        if self.awake_notice:
            # Only where it fits beside the title: the title and the rest come first.
            longer = f"{status}  ·  {self.awake_notice}"
            if len(longer) + len(self.timeline.title) + 6 <= self.size.width:
                status = longer
        if status != self._status:
            # Its width follows the text: a layout only when the length changes.
            self.status_line.update(Content(status), layout=len(status) != len(self._status))
            self._status = status
        self.progress.update(session.position())
        keys = (
            session.state,
            self.question is not None,
            self.voice,
            self.sound,
            self.dim,
            session.turning,
        )
        if keys != self._keys_shown:
            # Only when a key's use changed: the key bar follows.
            self._keys_shown = keys
            self.refresh_bindings()
        self._plan_tick()

    def _plan_tick(self) -> None:
        """Wake when the seconds left next change (not in dim mode: nothing there counts)."""
        if self._tick is not None:
            self._tick.stop()
            self._tick = None
        if self.session.state != "playing" or self.dim:
            return
        left = self.session.remaining()
        wait = left - (math.ceil(left) - 1) + 1e-6
        self._tick = self.set_timer(to_real(self.clock, wait), self.update_progress)

    # -- controls ---------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        state = self.session.state
        asking = self.question is not None and self.question.kind == "ask"
        if action == "pause":
            return state == "playing"
        if action == "resume":
            return state == "paused"
        if action == "skip":
            return self.question is not None
        if asking and action in ("next_step", "previous_step", "quit_session", "close_soon"):
            return False  # those keys are typed into the answer
        if action in ("next_step", "previous_step", "close_soon"):
            return state in ACTIVE
        if action == "turn_over":
            # Not during a question: ``t`` answers ten to a check-in.
            return state in ("playing", "paused") and self.question is None
        return True

    def _changed(self) -> None:
        self.conductor.changed()
        self.practice.follow()
        self.update_progress()

    def action_pause(self) -> None:
        self.pause_session()

    def action_resume(self) -> None:
        self.session.resume()
        self._changed()

    def pause_session(self) -> None:
        """Pause if playing (Ctrl+Z and the app use this too)."""
        if self.session.state == "playing":
            self.session.pause()
            self.practice.silence()
            self._changed()

    def stop_session(self) -> None:
        """End the session now (it will not go on in the background) and log it."""
        self._reply(None)
        self.session.stop()
        self.practice.end()
        self.conductor.changed()

    def action_next_step(self) -> None:
        if self.session.state == "waiting":
            self._reply(None)
            return
        self.session.next_step()
        self._changed()

    def action_previous_step(self) -> None:
        waiting = self.session.state == "waiting"
        self.session.previous_step()
        if waiting:
            self.session.resume()
            self._reply(None)
        self._changed()

    def action_close_soon(self) -> None:
        """``e``: on to the closing, so the session ends within two breaths. In dim mode
        it takes a second ``e`` within a few seconds: a stray key never ends a session."""
        if self.dim and not self._close_armed:
            self._close_armed = True
            self.set_timer(CLOSE_CONFIRM, self._disarm_close)
            self.notify("Press e again to end within two breaths.", title="End soon", timeout=4)
            return
        self._close_armed = False
        if self.practice.close_soon():
            self.notify("Closing now: the session ends within two breaths.", title="End soon")
        else:
            self.notify("The session is already closing.", title="End soon")
        self._changed()

    def action_turn_over(self) -> None:
        """``t``: the turning-over interlude at the next out-breath, then the session
        goes on where it was."""
        session = self.session
        if session.turning is not None:
            self.notify("Already turning over.", title="Turn over", timeout=4)
            return
        if self.practice.interlude is None:
            self.notify(
                "There is no turning-over script to play.", title="Turn over", severity="warning"
            )
            return
        if self.practice.turn_over() is None:
            self.notify("The session is ending: no turning over now.", title="Turn over")
            return
        self.notify(
            "Turning over at the next out-breath; the session goes on after it.",
            title="Turn over",
        )
        self._changed()

    def _disarm_close(self) -> None:
        self._close_armed = False

    def action_skip(self) -> None:
        self._reply(None)

    def action_toggle_voice(self) -> None:
        self.voice = not self.voice
        self.practice.mute("voice", not self.voice)
        self.update_progress()

    def action_toggle_sound(self) -> None:
        self.sound = not self.sound
        for channel in SOUND_KEY_CHANNELS:
            self.practice.mute(channel, not self.sound)
        self.update_progress()

    def action_toggle_dim(self) -> None:
        self.dim = not self.dim

    def watch_dim(self, dim: bool) -> None:
        # In dim mode the eyes are closed: a tone at every phase carries the pace.
        self.practice.set_eyes_closed(dim)
        self.set_class(dim, "-dim")
        self.pacer.set_counting(not dim)
        self.update_progress()

    def action_help(self) -> None:
        from mindful_tui.ui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen())

    def action_quit_session(self) -> None:
        if self.session.state not in ACTIVE:
            self.app.exit()
            return
        from mindful_tui.ui.screens.confirm_quit import ConfirmQuitScreen

        def chosen(end: bool | None) -> None:
            if end:
                self.stop_session()
                self.app.exit()

        self.app.push_screen(ConfirmQuitScreen(), chosen)

    def system_commands(self) -> Iterator[SystemCommand]:
        """The player's commands for the palette."""
        if self.session.state == "playing":
            yield SystemCommand("Player: pause", "Pause the session", self.action_pause)
        if self.session.state == "paused":
            yield SystemCommand("Player: resume", "Carry on", self.action_resume)
        if self.session.state in ACTIVE:
            yield SystemCommand("Player: next step", "Skip to the next step", self.action_next_step)
            yield SystemCommand(
                "Player: previous step", "Back to this or the last step", self.action_previous_step
            )
        if self.session.state in ("playing", "paused") and self.question is None:
            yield SystemCommand(
                "Player: turn over",
                "The turning-over pause at the next out-breath, then carry on (t)",
                self.action_turn_over,
            )
        if self.session.state in ACTIVE:
            yield SystemCommand(
                "Player: end soon",
                "On to the closing: ends within two breaths (e)",
                self.action_close_soon,
            )
        verb = "unmute" if not self.voice else "mute"
        yield SystemCommand(f"Voice: {verb}", f"{verb.title()} the voice", self.action_toggle_voice)
        verb = "unmute" if not self.sound else "mute"
        yield SystemCommand(
            f"Sound: {verb}",
            f"{verb.title()} chimes, tones and background",
            self.action_toggle_sound,
        )
        yield SystemCommand(
            "Dim mode: " + ("off" if self.dim else "on"),
            "Dark and still, for eyes closed",
            self.action_toggle_dim,
        )
        yield SystemCommand("Player: keys", "What each key does", self.action_help)
        yield SystemCommand("Player: end session", "Stop and leave", self.action_quit_session)

    def on_resize(self, event: Resize) -> None:
        self.set_class(event.size.height < SHORT, "-short")

    # -- other screens over this one ----------------------------------------------------

    def on_unmount(self) -> None:
        """Taken away with its session still going (the app closing, even on an error):
        the session ends here and is logged as stopped, never lost."""
        self.stop_session()

    def on_screen_suspend(self) -> None:
        """Another screen covers this one (help, a question, a too-small terminal): wait."""
        self._shown.clear()
        if self.session.state == "playing":
            self._auto_paused = True
            self.pause_session()

    def on_screen_resume(self) -> None:
        self._shown.set()
        if self._auto_paused and self.session.state == "paused":
            self.session.resume()
            self._changed()
        self._auto_paused = False
