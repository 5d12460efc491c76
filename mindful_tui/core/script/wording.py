"""What a line of a script says, read by a small word heuristic: its sentences, whether it
is about the in-breath or the out-breath, and whether it is a safety line.

Honest limits: it reads words, not meaning. A negation ("do not breathe out yet") still
reads as the out-breath, and a line naming both directions ("in through the nose, out
through the mouth") reads as neither. Words that are about the breath only in a sentence
about breathing ("fill", "empty", "widen") count only there: "let go", "fill in" and
"an empty mind" are about neither.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Literal

Direction = Literal["in", "out"]

_BREATHING = r"(?:breath|breathe|breathes|breathing)"

_STRONG: dict[Direction, re.Pattern[str]] = {
    "in": re.compile(
        rf"\b(?:{_BREATHING}\s+in|in-?\s?breaths?|inhal(?:e|es|ed|ing|ation)|top\s+up|"
        r"in\s+through|draw\s+(?:the\s+|a\s+|your\s+)?(?:breath|air)\s+in|sip\s+in)\b"
    ),
    "out": re.compile(
        rf"\b(?:{_BREATHING}\s+out|out-?\s?breaths?|exhal(?:e|es|ed|ing|ation)|out\s+through|"
        r"let\s+(?:it|the\s+breath|your\s+breath|the\s+air)\s+out|sigh\s+(?:it\s+)?out|"
        r"release\s+(?:the|your)\s+breath|blow\s+out)\b"
    ),
}
"""Words about one direction wherever they are."""

_WEAK: dict[Direction, re.Pattern[str]] = {
    "in": re.compile(r"\b(?:fill|fills|filling|widen|widens|widening|expand|expands|expanding)\b"),
    "out": re.compile(r"\b(?:empty|empties|emptying)\b"),
}
"""Words about one direction only in a sentence about breathing."""

_ABOUT_BREATHING = re.compile(rf"\b(?:{_BREATHING}|lungs?|air|belly|chest|ribs?|back)\b")

_SAFETY = re.compile(
    r"\b(?:dizz(?:y|iness)|light-?\s?headed(?:ness)?|faint|"
    rf"{_BREATHING}\s+(?:\w+\s+)?normally|normal\s+{_BREATHING}|"
    rf"{_BREATHING}\s+as\s+you\s+normally|usual\s+{_BREATHING})\b"
)

_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
_NOT_WORD = re.compile(r"[^\w\s{}]+")


def sentences(text: str) -> list[str]:
    """The sentences of ``text``: split after ``.``, ``!``, ``?`` or ``…`` and a space."""
    return [s.strip() for s in _SENTENCE_END.split(" ".join(text.split())) if s.strip()]


def normalised(sentence: str) -> str:
    """A sentence as compared for repetition: lower case, without punctuation (apostrophes
    and dashes too), spaces collapsed; letters kept as they are read (NFKC)."""
    plain = unicodedata.normalize("NFKC", sentence).casefold()
    return " ".join(_NOT_WORD.sub(" ", plain.replace("'", "").replace("’", "")).split())


@functools.lru_cache(maxsize=1024)
def direction(text: str) -> Direction | None:
    """Which breath ``text`` is about: "in", "out", or None for neither or both."""
    found: set[Direction] = set()
    for sentence in sentences(text):
        lowered = sentence.casefold().replace("’", "'")
        about = _ABOUT_BREATHING.search(lowered) is not None
        for way in ("in", "out"):
            if _STRONG[way].search(lowered) or (about and _WEAK[way].search(lowered)):
                found.add(way)
    return next(iter(found)) if len(found) == 1 else None


def is_safety_line(text: str) -> bool:
    """True for a line that tells what to do when breathing work goes wrong: it mentions
    dizziness, light-headedness or feeling faint, or breathing normally."""
    return _SAFETY.search(text.casefold()) is not None
