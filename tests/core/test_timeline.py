"""The compiled timeline: exact offsets, ramps, multi-part breaths, pace per step."""

from __future__ import annotations

from fractions import Fraction

from mindful_tui.core.timing.timeline import compile_script
from tests.core.helpers import script


def test_offsets_are_exact_sums_not_floats() -> None:
    timeline = compile_script(
        script("""
            title: Coherent
            steps:
              - breathe: {cycles: 11, pattern: {inhale: 5.45, exhale: 0.0000001}}
              - breathe: {cycles: 11, pattern: {inhale: 5.45, exhale: 5.45}}
        """)
    )
    first_step = Fraction("5.4500001") * 11
    assert timeline.spans[1].start == first_step
    assert timeline.total == first_step + Fraction("10.9") * 11
    # The float sum drifts; the plan must not.
    assert sum([5.45] * 22) != 119.9
    assert timeline.spans[1].seconds == Fraction("119.9")


def test_five_point_four_five_eleven_times_is_59_95() -> None:
    timeline = compile_script(
        script("""
            title: x
            steps:
              - breathe: {cycles: 11, pattern: {inhale: 5.45, exhale: 0.1}}
        """)
    )
    inhales = [c for c in timeline.cues if c.phase == "inhale"]
    assert timeline.total == Fraction("61.05")
    assert sum((c.seconds or 0 for c in inhales), Fraction(0)) == Fraction("59.95")
    assert timeline.to_json()["total"] == 61.05


def test_cue_order_kinds_and_zero_time_steps() -> None:
    timeline = compile_script(
        script("""
            title: x
            pattern: {inhale: 4, hold: 0, exhale: 6}
            steps:
              - chime: bell
              - say: Settle.
                seconds: 3
              - ask: Why?
                key: why
              - breathe: {cycles: 2, cues: true, prompts: {2: Longer out.}}
              - silence: 5
              - checkin: Tension?
        """)
    )
    got = [(float(c.at), c.kind, c.step, c.phase) for c in timeline.cues]
    assert got == [
        (0, "chime", 0, None),
        (0, "say", 1, None),
        (3, "ask", 2, None),
        (3, "phase", 3, "inhale"),
        (7, "phase", 3, "exhale"),
        (13, "phase", 3, "inhale"),
        (13, "say", 3, None),
        (17, "phase", 3, "exhale"),
        (23, "silence", 4, None),
        (28, "checkin", 5, None),
        (28, "end", 6, None),
    ]
    phase = timeline.cues[3]
    assert (phase.cycle, phase.of, phase.seconds, phase.voiced) == (1, 2, Fraction(4), True)
    assert timeline.cues[6].text == "Longer out." and timeline.cues[6].cycle == 2
    assert timeline.breaths == 2


def test_minutes_give_the_nearest_whole_number_of_cycles() -> None:
    def cycles(minutes: str) -> int:
        s = script(f"""
            title: x
            steps:
              - breathe: {{minutes: {minutes}, pattern: {{inhale: 4, exhale: 6}}}}
        """)
        return compile_script(s).breaths

    assert cycles("2") == 12
    assert cycles("1.05") == 6  # 6.3 cycles -> 6
    assert cycles("1.09") == 7  # 6.54 cycles -> 7
    assert cycles("0.01") == 1  # at least one


def test_ramp_glides_linearly_to_the_last_cycle() -> None:
    timeline = compile_script(
        script("""
            title: x
            steps:
              - breathe:
                  cycles: 5
                  pattern: {inhale: 4, exhale: 6}
                  ramp_to: {exhale: 8}
        """)
    )
    exhales = [c.seconds for c in timeline.cues if c.phase == "exhale"]
    assert exhales == [6, Fraction("6.5"), 7, Fraction("7.5"), 8]
    assert timeline.total == 4 * 5 + 6 + Fraction("6.5") + 7 + Fraction("7.5") + 8
    assert timeline.spans[0].seconds == timeline.total


def test_ramp_can_grow_a_hold_from_nothing() -> None:
    timeline = compile_script(
        script("""
            title: x
            steps:
              - breathe: {cycles: 3, pattern: {inhale: 4, exhale: 4}, ramp_to: {hold: 2}}
        """)
    )
    holds = [c.seconds for c in timeline.cues if c.phase == "hold"]
    assert holds == [1, 2]  # cycle 1 has a 0 s hold: no cue at all


def test_multi_part_breath_keeps_its_words() -> None:
    timeline = compile_script(
        script("""
            title: Sigh
            steps:
              - breathe:
                  cycles: 2
                  pattern: [{inhale: 2}, {inhale: 1, say: top up}, {exhale: 6}]
        """)
    )
    phases = [(str(c.phase), c.seconds, c.text) for c in timeline.cues if c.kind == "phase"]
    assert phases[:3] == [
        ("inhale", Fraction(2), None),
        ("inhale", Fraction(1), "top up"),
        ("exhale", Fraction(6), None),
    ]
    assert timeline.total == 18
    pace = timeline.spans[0].breaths_per_minute
    assert pace == Fraction(60, 9)


def test_named_pattern() -> None:
    timeline = compile_script(
        script("""
            title: Box
            steps:
              - breathe: {cycles: 1, pattern: box}
        """)
    )
    assert [c.phase for c in timeline.cues if c.kind == "phase"] == [
        "inhale",
        "hold",
        "exhale",
        "rest",
    ]
    assert timeline.total == 16


def test_plan_json_shape() -> None:
    timeline = compile_script(
        script("""
            title: x
            steps:
              - breathe: {cycles: 1, pattern: {inhale: 4, exhale: 6}, prompts: {1: In.}}
        """)
    )
    data = timeline.to_json()
    assert data["total"] == 10
    cues = data["cues"]
    assert isinstance(cues, list)
    assert cues[0] == {
        "at": 0,
        "kind": "phase",
        "step": 0,
        "phase": "inhale",
        "cycle": 1,
        "of": 1,
        "seconds": 4,
        "voiced": False,
    }
    assert cues[1] == {"at": 0, "kind": "say", "step": 0, "text": "In.", "spoken": "In."}
    assert cues[-1] == {"at": 10, "kind": "end", "step": 1}


def test_a_prompt_is_spoken_in_place_of_the_phase_word_it_starts_with() -> None:
    """With ``cues: true`` and a prompt on cycle 2, the voice says the prompt at the start
    of cycle 2, not "Breathe in" over it; every other phase word is still spoken."""
    timeline = compile_script(
        script("""
            title: x
            steps:
              - say: Settle.
                seconds: 3
              - breathe:
                  cycles: 2
                  pattern: {inhale: 4, exhale: 6}
                  cues: true
                  prompts: {2: Soften the jaw.}
        """)
    )
    spoken = [(float(c.at), c.kind, c.spoken) for c in timeline.cues if c.spoken is not None]
    assert spoken == [
        (0, "say", "Settle."),
        (3, "phase", "Breathe in"),
        (7, "phase", "Breathe out"),
        (13, "say", "Soften the jaw."),
        (17, "phase", "Breathe out"),
    ]
    # The phase still happens (and sounds its tone): it is only not spoken.
    inhale = next(c for c in timeline.cues if c.kind == "phase" and c.at == 13)
    assert inhale.voiced and inhale.spoken is None


def test_a_phase_with_its_own_words_speaks_them_without_cues() -> None:
    timeline = compile_script(
        script("""
            title: x
            steps:
              - breathe:
                  cycles: 1
                  pattern: [{inhale: 2}, {inhale: 1, say: top up}, {exhale: 6}]
        """)
    )
    assert [c.spoken for c in timeline.cues if c.kind == "phase"] == [None, "top up", None]


def test_default_say_length_follows_the_words() -> None:
    short = compile_script(script("title: x\nsteps:\n  - say: Hello.\n"))
    long = compile_script(script("title: x\nsteps:\n  - say: " + "word " * 30 + "\n"))
    assert short.total == 3  # the minimum
    assert long.total == 14  # 30 words at 150/min = 12 s, + 2 s


def test_default_say_length_follows_the_scripts_voice_rate() -> None:
    slow = compile_script(
        script("title: x\nvoice: {rate: 100}\nsteps:\n  - say: " + "word " * 30 + "\n")
    )
    assert slow.total == 20  # 30 words at 100/min = 18 s, + 2 s


PHASE_PROMPTS = """
    title: x
    steps:
      - breathe:
          cycles: 3
          pattern: {inhale: 4, hold: 2, exhale: 6}
          cues: true
          prompts:
            1: Settle in.
            2: {exhale: Let it go slowly.}
            3: {hold: Stay., exhale: Soften.}
"""


def test_a_prompt_on_a_chosen_phase_starts_with_that_phase_and_speaks_in_its_place() -> None:
    timeline = compile_script(script(PHASE_PROMPTS))
    spoken = [(float(c.at), c.kind, c.cycle, c.spoken) for c in timeline.cues if c.spoken]
    assert spoken == [
        (0, "say", 1, "Settle in."),
        (4, "phase", 1, "Hold"),
        (6, "phase", 1, "Breathe out"),
        (12, "phase", 2, "Breathe in"),
        (16, "phase", 2, "Hold"),
        (18, "say", 2, "Let it go slowly."),
        (24, "phase", 3, "Breathe in"),
        (28, "say", 3, "Stay."),
        (30, "say", 3, "Soften."),
    ]
    # The exhale of cycle 2 still happens, with its tone: only its word gives way.
    exhale = next(c for c in timeline.cues if c.kind == "phase" and c.at == 18)
    assert (exhale.phase, exhale.voiced, exhale.spoken) == ("exhale", True, None)
    # Shown with its cycle, right after the phase it starts with.
    index = timeline.cues.index(exhale)
    assert timeline.cues[index + 1].text == "Let it go slowly."


def test_a_prompt_on_a_phase_of_a_breath_in_parts_starts_on_the_first_of_that_kind() -> None:
    timeline = compile_script(
        script("""
            title: x
            steps:
              - breathe:
                  cycles: 1
                  pattern: [{inhale: 2}, {inhale: 1, say: top up}, {exhale: 6}]
                  prompts: {1: {inhale: In through the nose., exhale: Long and slow.}}
        """)
    )
    said = [(float(c.at), c.spoken) for c in timeline.cues if c.spoken]
    assert said == [(0, "In through the nose."), (2, "top up"), (3, "Long and slow.")]


def test_a_prompt_on_a_phase_the_cycle_lacks_starts_the_cycle() -> None:
    """Only ``--minutes`` can move a phase prompt to a cycle where a ramp has that phase at
    0 s: it is then said at the start of the cycle, never lost."""
    from dataclasses import replace

    from mindful_tui.core.script.model import Breathe

    parsed = script("""
        title: x
        steps:
          - breathe:
              cycles: 3
              pattern: {inhale: 4, hold: 0, exhale: 6}
              ramp_to: {hold: 4}
              prompts: {2: {hold: Pause.}}
    """)
    step = parsed.steps[0]
    assert isinstance(step, Breathe)
    moved = replace(parsed, steps=(replace(step, phase_prompts={1: {"hold": "Pause."}}),))
    said = [(float(c.at), c.spoken) for c in compile_script(moved).cues if c.spoken]
    assert said == [(0, "Pause.")]
    said = [(float(c.at), c.spoken) for c in compile_script(parsed).cues if c.spoken]
    assert said == [(14, "Pause.")]


def test_cues_tones_sound_every_phase_and_say_no_word() -> None:
    timeline = compile_script(
        script("""
        title: T
        pattern: {inhale: 4, exhale: 6}
        steps:
          - breathe: {cycles: 3, cues: tones, prompts: {2: Softly.}}
        """)
    )
    phases = [c for c in timeline.cues if c.kind == "phase"]
    assert len(phases) == 6 and all(c.voiced for c in phases)
    assert [c.spoken for c in timeline.cues if c.spoken is not None] == ["Softly."]
    assert timeline.spoken_lines() == ["Softly."]
