"""One session as every player runs it: the engine, its sound, and its line in the log.

The line-by-line player and the full-screen one differ only in how they show a cue;
everything else a session needs — its clock, preparing its sound before it starts,
sounding each cue, rendering a line once its ``{placeholder}`` is answered, and logging
it the moment it ends — lives here, once.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from mindful_tui.core.script.template import fill, placeholders
from mindful_tui.core.storage import practice_log
from mindful_tui.core.timing.clock import Clock, from_real, to_real
from mindful_tui.core.timing.conductor import LEAD, Conductor, Presenter
from mindful_tui.core.timing.engine import Due, Session
from mindful_tui.core.timing.timeline import Cue
from mindful_tui.core.timing.timer import AsyncTimer, Timer
from mindful_tui.core.timing.timinglog import TimingLog
from mindful_tui.session.awake import KeepAwake, wakepy_mode
from mindful_tui.session.battery import Battery, battery_notice, psutil_battery
from mindful_tui.session.options import Setup
from mindful_tui.session.playback import Playback
from mindful_tui.session.sounds import LEAD_IN_SOUND, sound_board

if TYPE_CHECKING:
    from mindful_tui.core.timing.calibration import Calibration

    # Only for types: the sound modules load when a session may sound (not with
    # ``--no-sound``), so the player paints sooner.
    from mindful_tui.sound.board import SoundBoard, SpokenLines
    from mindful_tui.sound.mixer import Channel
    from mindful_tui.sound.speech import VoiceSettings

Progress = Callable[[int, int], None]

LEAD_IN_WARNING = 10
"""Seconds before the start that the lead-in's first sound is heard."""


LEAST_LOGGED = 1.0
"""Seconds a stopped session must have played to be logged. One stopped before that
practised nothing: its output gone at once (``mindful play X | head -1``), or quit as it
began. A session that finished is logged however short it was."""


def worth_logging(session: Session) -> bool:
    """Whether ``session``, as it is now, goes in the practice log."""
    return session.state == "finished" or session.played() >= LEAST_LOGGED


class Practice:
    """A session being practised."""

    def __init__(
        self,
        setup: Setup,
        clock: Clock,
        board: SoundBoard | None = None,
        log: bool = True,
        timing: TimingLog | None = None,
        timer: Timer | None = None,
        awake: KeepAwake | None = None,
        battery: Callable[[], Battery | None] = psutil_battery,
    ) -> None:
        self.setup = setup
        self.timeline = setup.timeline
        self.options = setup.options
        self.clock = clock
        """The session's clock: it alone turns session seconds into real ones."""
        self.session = Session(self.timeline, clock)
        self.board = board
        self.log = log and not self.options.preview
        """Only sessions practised in real time go in the log, not previews."""
        self.timing = timing
        self.timer = timer if timer is not None else AsyncTimer(clock)
        self.started = practice_log.now()
        self.record: practice_log.Record | None = None
        self.log_problem: str | None = None
        self._rendering: set[asyncio.Task[None]] = set()
        self.awake = awake if awake is not None else KeepAwake(self.options.keep_awake)
        """Holds the computer awake while the session plays (and during its lead-in)."""
        self.battery = battery
        """Reads the battery (``prepare`` asks it once, before a long session)."""
        self.battery_told: str | None = None
        """What was said about the battery, if anything."""
        self.lead_left: int | None = None
        """Seconds of lead-in left while it counts down, else None."""
        self.interlude: Setup | None = None
        """What ``t`` plays inside the session (turning over), once given (``add_interlude``)."""
        self.interlude_board: SoundBoard | None = None
        self.voice_maker: Callable[[VoiceSettings], SpokenLines] | None = None
        """Makes the voice of an interlude's board (as the session's own was made)."""

    @classmethod
    def start(cls, setup: Setup, playback: Playback | None = None) -> Practice:
        """A practice of ``setup``, played the way ``playback`` says (by default: the real
        clock, timer, sound output and voice, and logged)."""
        playback = playback or Playback()
        clock = playback.clock(setup.options.speed)
        mixer = (
            playback.mixer(clock) if playback.mixer is not None and setup.options.sound else None
        )
        board = sound_board(setup, mixer, playback.voice)
        awake = KeepAwake(setup.options.keep_awake, playback.awake or wakepy_mode)
        practice = cls(
            setup,
            clock,
            board,
            playback.history,
            playback.timing_log,
            playback.timer(clock),
            awake,
            playback.battery or psutil_battery,
        )
        practice.voice_maker = playback.voice
        return practice

    def add_interlude(self, interlude: Setup | None) -> None:
        """What ``t`` plays inside the session (None: nothing); given before ``prepare``,
        so that its sounds are prepared with the session's, into the same mixer."""
        self.interlude = interlude
        if interlude is not None and self.board is not None:
            self.interlude_board = sound_board(interlude, self.board.mixer, self.voice_maker)

    # -- before ---------------------------------------------------------------------------

    async def prepare(self, progress: Progress | None = None) -> list[str]:
        """Get every sound ready; what the player should tell the user (once): about the
        sound, and about a battery too low for a long session."""
        seconds = to_real(self.clock, float(self.timeline.total) + self.options.lead_in)
        told = await asyncio.to_thread(battery_notice, seconds, self.battery)
        self.battery_told = told
        notices = [] if told is None else [told]
        if self.board is None:
            return notices
        await self.board.prepare(progress)  # the lead-in's bell among its sounds
        if self.interlude_board is not None:
            await self.interlude_board.prepare(progress, probe=False)
        said = [n for board in self._boards() for n in board.notices()]
        return list(dict.fromkeys(said)) + notices  # a missing voice is said once, not twice

    def _boards(self) -> Iterator[SoundBoard]:
        """The session's sound board, and its interlude's."""
        for board in (self.board, self.interlude_board):
            if board is not None:
                yield board

    # -- the start ------------------------------------------------------------------------

    async def begin(self, conductor: Conductor, tick: Callable[[int], None]) -> None:
        """Count down the lead-in (``tick`` hears each second left, then 0), with a soft
        sound ten seconds before the start and at it; then start the session's clock.
        The computer is kept awake from here on. A session stopped during the lead-in
        never starts."""
        session = self.session
        if session.state != "ready":
            return
        self.awake.follow(True)
        seconds = self.options.lead_in
        began = self.clock.now()
        if seconds > 0:
            for left in range(seconds, 0, -1):
                self.lead_left = left
                tick(left)
                if left == LEAD_IN_WARNING:
                    self._soft_sound()
                self.keep_bed()  # the bed starts with the countdown: time to settle
                await self.timer.wait(began + seconds - left + 1)
                if session.state != "ready":
                    self.lead_left = None
                    return
            self.lead_left = None
            tick(0)
            self._soft_sound()
        conductor.start()
        self.started = practice_log.now()
        if seconds > 0 and self.timing is not None:
            self.timing.note("lead-in", -float(seconds), session.position_at(began))

    def _soft_sound(self) -> None:
        board = self.board
        if board is None:
            return
        clip = board.clips.get(LEAD_IN_SOUND)
        if clip is not None:
            board.mixer.play_all([(clip, "chimes")])

    def close_soon(self) -> bool:
        """Move the session to its closing so it ends within two breaths (``e``, for the
        person beside the table); noted in the timing log, due where the closing begins
        and shown where it was pressed. Whether it moved."""
        position = self.session.position()
        if not self.session.close_soon():
            return False
        self.withdraw()
        if self.timing is not None:
            self.timing.note("close", self.session.position(), position)
        return True

    def turn_over(self) -> Fraction | None:
        """``t``, for the person beside the table: the interlude plays once the breath
        being taken is through, then the session goes on where it was; noted in the
        timing log (due where it will begin). Where in the plan it begins, or None when
        it cannot (none to play, one on its way, or the session ends first)."""
        interlude = self.interlude
        if interlude is None:
            return None
        position = self.session.position()
        at = self.session.interlude(interlude.timeline, interlude.timeline.name)
        if at is not None and self.timing is not None:
            self.timing.note("turn", float(at), position)
        return at

    def keep_bed(self) -> None:
        """Keep the background bed going while the session plays (or counts down)."""
        if self.board is not None and self._bed_wanted():
            self.board.keep_bed()

    def bed_due(self) -> float | None:
        """Session-clock time by which ``keep_bed`` must be called again; None while
        the session is not playing, or has no bed to hear."""
        if self.board is None or not self._bed_wanted():
            return None
        due = self.board.bed_due()
        return None if due is None else from_real(self.clock, due)

    def _bed_wanted(self) -> bool:
        return self.session.state == "playing" or self.lead_left is not None

    def follow(self) -> None:
        """The session was paused, resumed or stopped: keep awake only while it plays."""
        self.awake.follow(self.session.state in ("playing", "waiting"))

    # -- during ---------------------------------------------------------------------------

    def sound(self, due: Due) -> float | None:
        """Sound a cue now; when it started, on the session's clock (or None)."""
        return self.sound_ahead([due], None).get(due)

    def sound_ahead(self, dues: Sequence[Due], at: float | None) -> dict[Due, float]:
        """Sound cues that fall due together at session-clock time ``at`` (None: now), in
        one start of the stream; when each cue that is heard is heard from, on the
        session's clock, by cue (an interlude's sounds come from its own board)."""
        out: dict[Due, float] = {}
        for board in self._boards():
            texts = [
                (due, self.session.text_of(due.cue))
                for due in dues
                if (board is self.interlude_board) == (due.interlude is not None)
            ]
            if not texts:
                continue
            # The sound output reads the real monotonic clock; the session's runs ``speed``x.
            started = board.cues(
                [(due.cue, text) for due, text in texts],
                None if at is None else to_real(self.clock, at),
            )
            if started is not None:
                heard = from_real(self.clock, started)
                out |= {due: heard for due, text in texts if board.heard(due.cue, text)}
        return out

    def withdraw(self) -> None:
        """Take back sounds started ahead for cues that will not fall due then."""
        for board in self._boards():
            board.withdraw()

    def conductor(self, presenter: Presenter, lead: float = LEAD) -> Conductor:
        """The conductor that plays this session through ``presenter``, with each cue's
        sound started ``lead`` real seconds ahead so that it is heard on time (0: at
        the cue, late by however long waking and starting the sound take)."""
        sounding = _Sounding(self, presenter)
        bed = _Bed(self) if self.board is not None else None
        if self.board is None or lead <= 0:
            return Conductor(self.session, sounding, self.timer, self.timing, upkeep=bed)
        return Conductor(
            self.session,
            sounding,
            self.timer,
            self.timing,
            sounding,
            from_real(self.clock, lead),
            bed,
        )

    def answered(self, key: str | None, value: str | int) -> None:
        """An answer came in: render the lines it completes, before they are due."""
        voice = self.board.voice if self.board is not None else None
        if voice is None or not voice.available or key is None:
            return
        answers = {**self.session.answers, key: value}
        lines = {
            fill(cue.spoken, answers)
            for cue in self.timeline.cues
            if cue.spoken is not None and placeholders(cue.spoken)
        }
        if lines:
            task = asyncio.get_running_loop().create_task(voice.prepare(sorted(lines)))
            self._rendering.add(task)
            task.add_done_callback(self._rendering.discard)

    def set_eyes_closed(self, on: bool) -> None:
        """Tones at every phase (dim mode), or only where the script asks."""
        for board in self._boards():
            board.eyes_closed = on

    def mute(self, channel: Channel, muted: bool) -> None:
        """Mute (or unmute) voice, chimes or tones, at once."""
        for board in self._boards():
            board.set_muted(channel, muted)

    def silence(self) -> None:
        """Stop what is sounding (pause, stop)."""
        for board in self._boards():
            board.stop()

    # -- after ----------------------------------------------------------------------------

    def end(self) -> practice_log.Record | None:
        """Log the session (finished, or stopped part-way) once; None when not logged.

        Called the moment a session ends, so a crash after it loses nothing. A folder that
        cannot be written leaves ``log_problem`` for the player to show.
        """
        self.silence()
        self.awake.close()
        for task in self._rendering:
            task.cancel()
        if self.record is not None or not self.log or not worth_logging(self.session):
            return self.record
        if self.session.state not in ("finished", "stopped"):
            self.session.stop()
        self.record = practice_log.record_of(
            self.session, self.timeline.name, self.started, breath_before=self._breath_before()
        )
        self._write(self.record)
        return self.record

    def _breath_before(self) -> float | None:
        """The breath calibrated just before this session, in breaths a minute."""
        from datetime import datetime

        from mindful_tui.core.storage import calibrations

        found = calibrations.before(datetime.fromisoformat(self.started))
        return None if found is None else round(found.breaths_per_minute, 2)

    def calibrated_after(self, calibration: Calibration) -> None:
        """Add the breath calibrated after the session to its line."""
        self._amend(breath_after=round(calibration.breaths_per_minute, 2))

    def reflect(self, text: str) -> None:
        """Add the one-line reflection to the logged session."""
        if text.strip():
            self._amend(reflection=text.strip())

    def _amend(self, **changes: Any) -> None:
        """Change the logged session's line: appended (the log is never rewritten), the
        last line of a session being the one that counts. Nothing when it was not logged."""
        if self.record is not None:
            self.record = replace(self.record, **changes)
            self._write(self.record)

    def _write(self, record: practice_log.Record) -> None:
        try:
            practice_log.append(record)
        except OSError as exc:
            self.log_problem = (
                f"could not write the practice log ({exc.strerror or exc}); "
                "the session was not recorded"
            )


class _Bed:
    """The background bed as the conductor keeps it: woken for, between cues."""

    def __init__(self, practice: Practice) -> None:
        self.practice = practice

    def due(self) -> float | None:
        return self.practice.bed_due()

    def keep(self) -> None:
        self.practice.keep_bed()


class _Sounding:
    """A player's presenter with the session's sound around it."""

    def __init__(self, practice: Practice, player: Presenter) -> None:
        self.practice = practice
        self.player = player
        self._primed: dict[Due, float | None] = {}
        """Cues whose sound was started ahead: when it is heard (None: it is not)."""

    def prime(self, dues: Sequence[Due], at: float) -> None:
        heard = self.practice.sound_ahead(dues, at)
        self._primed = {due: heard.get(due) for due in dues}

    def withdraw(self) -> None:
        self._primed.clear()
        self.practice.withdraw()

    def show(self, due: Due) -> float | None:
        # Sound first: a late sound is heard, a late frame hardly seen.
        started = self._primed.pop(due) if due in self._primed else self.practice.sound(due)
        self.player.show(due)
        return started

    async def ask(self, cue: Cue) -> str | int | None:
        answer = await self.player.ask(cue)
        if answer is not None:
            self.practice.answered(cue.key, answer)
        return answer
