"""``mindful``: argument parsing and exit codes (0 ok, 1 a problem, 2 a usage error).

No traceback ever reaches the user: problems with input are one clear line each, and
anything unexpected is reported in one line too.
"""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Sequence
from fractions import Fraction

from mindful_tui import __version__
from mindful_tui.cli.failure import Failure
from mindful_tui.cli.output import degrade_standard_streams


def minutes(value: str) -> Fraction:
    """An argparse type: a positive number of minutes, exact, at most a session's limit."""
    from mindful_tui.core.script.lengths import MAX_SESSION_MINUTES

    try:
        result = Fraction(value)
    except (ValueError, ZeroDivisionError):
        raise argparse.ArgumentTypeError(f"expected minutes as a number, got {value!r}") from None
    if not 0 < result <= MAX_SESSION_MINUTES:
        raise argparse.ArgumentTypeError(
            f"minutes must be more than 0 and at most {MAX_SESSION_MINUTES} (six hours),"
            f" got {value}"
        )
    return result


def speed(value: str) -> float:
    """An argparse type: how many times faster than real time to play."""
    try:
        result = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {value!r}") from None
    if not 0.1 <= result <= 1000:
        raise argparse.ArgumentTypeError(f"speed must be from 0.1 to 1000, got {value}")
    return result


def lead_in(value: str) -> int:
    """An argparse type: whole seconds of countdown before a session starts."""
    from mindful_tui.core.storage.user_settings import MAX_LEAD_IN

    try:
        result = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected whole seconds, got {value!r}") from None
    if not 0 <= result <= MAX_LEAD_IN:
        raise argparse.ArgumentTypeError(
            f"the lead-in must be 0 to {MAX_LEAD_IN} seconds, got {value}"
        )
    return result


def background(value: str) -> str:
    """An argparse type: a background bed's name, or ``none``."""
    from mindful_tui.core.script.model import BACKGROUND_ALIASES, BACKGROUNDS, NO_BACKGROUND

    names = (*BACKGROUNDS, NO_BACKGROUND)
    if value not in names and value not in BACKGROUND_ALIASES:
        raise argparse.ArgumentTypeError(f"expected one of {', '.join(names)}, got {value!r}")
    return value


BACKGROUND_HELP = "a quiet bed under the session: brown, pink, drone or none"
MINUTES_HELP = "fit the session to about M minutes (whole breaths, stretchable silences)"


def build_parser() -> argparse.ArgumentParser:
    """The parser for every command."""
    parser = argparse.ArgumentParser(
        prog="mindful",
        description="Guided mindfulness in the terminal: breathing, prompts, chimes, voice.",
    )
    parser.add_argument("--version", action="version", version=f"mindful-tui {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    play = commands.add_parser("play", help="play a script, by name or path")
    play.add_argument("script", help="a script name (see `mindful list`) or a path")
    play.add_argument("--minutes", type=minutes, help=MINUTES_HELP)
    play.add_argument("--no-voice", action="store_true", help="do not speak")
    play.add_argument("--no-sound", action="store_true", help="no chimes, tones or voice")
    play.add_argument("--plain", action="store_true", help="line by line, not full screen")
    play.add_argument("--speed", type=speed, default=1.0, help="play X times faster (preview)")
    play.add_argument("--timing-log", metavar="FILE", help="write one JSON line per cue")
    play.add_argument(
        "--start-in",
        type=lead_in,
        metavar="SECONDS",
        help="count down SECONDS before starting (time to lie down)",
    )
    play.add_argument("--background", type=background, metavar="NAME", help=BACKGROUND_HELP)

    timer = commands.add_parser(
        "timer", help="silence framed by a bowl, with interval bells (also: plan timer-20-every-5)"
    )
    timer.add_argument("length", type=minutes, metavar="MINUTES", help="how long")
    timer.add_argument("--bell-every", type=minutes, metavar="M", help="a bell every M minutes")
    timer.add_argument("--no-sound", action="store_true", help="no bowl or bells")
    timer.add_argument("--plain", action="store_true", help="line by line, not full screen")
    timer.add_argument("--speed", type=speed, default=1.0, help="play X times faster (preview)")
    timer.add_argument("--timing-log", metavar="FILE", help="write one JSON line per cue")
    timer.add_argument(
        "--start-in", type=lead_in, metavar="SECONDS", help="count down SECONDS before starting"
    )
    timer.add_argument("--background", type=background, metavar="NAME", help=BACKGROUND_HELP)

    listing = commands.add_parser("list", help="the scripts you have")
    listing.add_argument("--json", action="store_true", help="as JSON")

    check = commands.add_parser("check", help="validate scripts (all of yours when none given)")
    check.add_argument("paths", nargs="*", metavar="PATH", help="script files or folders")
    check.add_argument(
        "--no-voice", action="store_true", help="do not render spoken lines to measure their fit"
    )

    plan = commands.add_parser("plan", help="every cue of a script with its time")
    plan.add_argument("script", help="a script name or path")
    plan.add_argument("--json", action="store_true", help="as JSON")
    plan.add_argument("--minutes", type=minutes, help=MINUTES_HELP)

    render = commands.add_parser("render", help="the whole session's sound as one WAV file")
    render.add_argument("script", help="a script name or path")
    render.add_argument("-o", "--output", required=True, metavar="FILE.wav", help="where to write")
    render.add_argument("--minutes", type=minutes, help=MINUTES_HELP)
    render.add_argument("--no-voice", action="store_true", help="chimes and tones only")
    render.add_argument("--background", type=background, metavar="NAME", help=BACKGROUND_HELP)
    render.add_argument(
        "--stems",
        metavar="DIR",
        help="also write voice.wav, tones.wav, chimes.wav and background.wav into DIR",
    )

    voices = commands.add_parser("voices", help="the speech voices installed")
    voices.add_argument("--json", action="store_true", help="as JSON")
    voices.add_argument(
        "--language", metavar="L", help="only the voices that speak language L (de, es, fr …)"
    )

    hist = commands.add_parser("history", help="the practice log")
    form = hist.add_mutually_exclusive_group()
    form.add_argument("--json", action="store_const", const="json", dest="form", help="as JSON")
    form.add_argument("--csv", action="store_const", const="csv", dest="form", help="as CSV")

    commands.add_parser("schema", help="the JSON Schema of scripts, for editors")
    commands.add_parser("calibrate", help="measure your own breath, for pattern: mine")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    # Start-up makes hundreds of thousands of objects and none of them is garbage: the
    # collector ran about 110 times before the picker's first frame (25-40 ms). It is on
    # again once the first screen is drawn (the app), a plain session starts, or the
    # command ends.
    gc.disable()
    try:
        return _run(argv)
    finally:
        gc.enable()


def _run(argv: Sequence[str] | None) -> int:
    degrade_standard_streams()
    given = sys.argv[1:] if argv is None else list(argv)
    # ``mindful`` alone opens the picker: it has nothing to parse, and building the
    # parser (every command's help) took a tenth of the picker's start-up.
    args = build_parser().parse_args(given) if given else None
    try:
        return _dispatch(args)
    except Failure as exc:
        print(f"mindful: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("mindful: interrupted", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # Output piped into a program that stopped reading (`mindful plan x | head`).
        sys.stderr.close()
        return 0
    except Exception as exc:  # the promise: no traceback reaches a user
        print(f"mindful: unexpected error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1


def _dispatch(args: argparse.Namespace | None) -> int:
    from mindful_tui.cli import commands

    if args is None:
        return commands.default()
    if args.command == "list":
        return commands.list_scripts(args.json)
    if args.command == "check":
        return commands.check(args.paths, not args.no_voice)
    if args.command == "plan":
        return commands.plan(args.script, args.json, args.minutes)
    if args.command == "schema":
        return commands.schema()
    if args.command == "render":
        from mindful_tui.cli.render import render

        return render(args)
    if args.command == "voices":
        from mindful_tui.cli.voices import voices

        return voices(args.json, args.language)
    if args.command == "history":
        from mindful_tui.cli import history

        return history.show(args.form or "table")
    if args.command == "calibrate":
        return commands.calibrate()
    if args.command == "play":
        from mindful_tui.cli import play

        return play.play(args)
    if args.command == "timer":
        # Played as ``mindful play timer-MINUTES[-every-M]`` would be.
        from mindful_tui.cli import play
        from mindful_tui.core.script.plain_timer import timer_name

        args.script = timer_name(args.length, args.bell_every)
        args.minutes, args.no_voice = None, True
        return play.play(args)
    return commands.default()
