"""A preview of one script: what it is for, how long it lasts, and its plan step by step."""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from textual.content import Content
from textual.widgets import Static

from mindful_tui.core.script.problems import display_path
from mindful_tui.core.script.words import DEFAULT_LANGUAGE, language_name
from mindful_tui.core.storage.library import Entry
from mindful_tui.core.timing.timefmt import clock, short
from mindful_tui.ui.literal import clean

if TYPE_CHECKING:  # scripts are read and planned after the picker's first frame
    from mindful_tui.core.script.model import Step
    from mindful_tui.core.timing.timeline import Timeline
    from mindful_tui.session.options import Setup

LINE = 30
"""Characters of a step's words shown before it is cut short."""


def pace(timeline: Timeline) -> Fraction | None:
    """Breaths a minute over the breathing steps, or None without any."""
    seconds = sum((s.seconds for s in timeline.spans if s.breaths), Fraction(0))
    return timeline.breaths * 60 / seconds if seconds else None


def describe_step(step: Step) -> str:
    """One line for a step of the plan."""
    from mindful_tui.core.script.model import Breathe, Chime, Say, Silence

    if isinstance(step, Say):
        words = step.text if len(step.text) <= LINE else step.text[: LINE - 1] + "…"
        return f"“{words}”"
    if isinstance(step, Breathe):
        bpm = float(step.pattern.breaths_per_minute)
        return f"breathe {step.cycles}× {step.pattern.describe()}  ({bpm:.3g}/min)"
    if isinstance(step, Silence):
        return f"silence {short(step.seconds)}"
    if isinstance(step, Chime):
        return f"chime: {step.sound}"
    return f"{type(step).__name__.lower()}: {step.text}"


class PlanPreview(Static):
    """Shows an entry, its length (as fitted to the chosen minutes) and its plan."""

    def show_entry(self, entry: Entry | None, played: Setup | None, natural: Fraction) -> None:
        """Describe ``entry`` as it will play (``played``: fitted to the chosen minutes and
        planned; None when it cannot be played); ``natural`` is its length as written."""
        if entry is None:
            self.update("")
            return
        if entry.shadowed_by is not None:
            self.update(
                Content.assemble(
                    (clean(f"{entry.name} is hidden\n\n"), "bold"),
                    (clean(display_path(entry.path)) + "\n\n", "dim"),
                    clean(
                        f"{display_path(entry.shadowed_by)} has the same name and wins: a"
                        " script of yours before a built-in one, NAME.yaml before NAME.yml."
                        " Rename one of them to play both."
                    ),
                )
            )
            return
        if played is None:
            problems = "\n".join(str(p) for p in entry.problems if p.is_error)
            self.update(
                Content.assemble(
                    (clean(f"{entry.name} cannot be played\n\n"), "bold"),
                    (clean(display_path(entry.path)) + "\n\n", "dim"),
                    clean(problems),
                )
            )
            return
        script, timeline = played.script, played.timeline
        length = clock(timeline.total)
        if timeline.total != natural:
            length += f"  (as written {clock(natural)})"
        facts = [length, f"{timeline.breaths} breaths"]
        if (bpm := pace(timeline)) is not None:
            facts.append(f"{float(bpm):.3g} breaths/min")
        if script.language != DEFAULT_LANGUAGE:
            facts.append(clean(f"{language_name(script.language)} ({script.language})"))
        lines = [
            f"{clock(span.start):>6}  {describe_step(step)}"
            for span, step in zip(timeline.spans, script.steps, strict=True)
        ]
        self.update(
            Content.assemble(
                (clean(script.title) + "\n", "bold"),
                (clean(script.summary) + "\n\n", "italic"),
                "  ·  ".join(facts) + "\n\n",
                (clean("\n".join(lines)), "dim"),
            )
        )
