"""What a line of a script says, read by a small word heuristic: its sentences, whether it
is about the in-breath or the out-breath, and whether it is a safety line.

The words are read in the script's language: ``WORDS`` holds one table for each language
the heuristic knows (English, German, Spanish, French), keyed by the language's primary
subtag (``fr`` for ``fr-be``); any other language is read with the English words.

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
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from mindful_tui.core.script.words import DEFAULT_LANGUAGE, primary

Direction = Literal["in", "out"]


@dataclass(frozen=True)
class Words:
    """One language's words, each a regular expression for one word or phrase, written as
    lines read after case folding (lower case, ``ß`` as ``ss``, ``’`` as ``'``) and matched
    as whole words."""

    strong: Mapping[Direction, tuple[str, ...]]
    """Words about one direction wherever they are."""
    weak: Mapping[Direction, tuple[str, ...]]
    """Words about one direction only in a sentence about breathing."""
    breathing: tuple[str, ...]
    """Words that make a sentence about breathing."""
    safety: tuple[str, ...]
    """Words that tell what to do when breathing work goes wrong: dizziness,
    light-headedness, feeling faint, breathing normally."""
    safety_example: str
    """A safety line in the language, to show how one reads."""


_CLAUSE_END = r"(?=\s*(?:[,;:.!?…]|$|und\b|oder\b))"
"""Where a German verb's separable particle stands: at the end of its clause ("atme
langsam aus.", "atme ein und aus")."""


def _separable(verbs: str, particle: str) -> str:
    """A German verb with its particle at the end of the clause: "atme tief ein"."""
    return rf"{verbs}(?:\s+[\w-]+){{0,4}}?\s+{particle}{_CLAUSE_END}"


def _through(particle: str) -> str:
    """German "durch die Nase ein" and "ein durch die Nase"."""
    way = r"durch\s+(?:die|den|deine|deinen|ihre|ihren)\s+(?:nase|mund)"
    return rf"{way}(?:\s+[\w-]+){{0,2}}?\s+{particle}{_CLAUSE_END}|{particle}\s+{way}"


_EN_BREATHE = r"(?:breath|breathe|breathes|breathing)"
_DE_BREATHE = r"(?:atme|atmen|atmet|atmest)"
_DE_BLOW = r"(?:atme|atmen|atmet|atmest|seufze|seufzt|puste|pustet|blase|blas|blast)"
_ES_BREATHE = r"(?:respira|respiras|respire|respiren|respirar|respirando)"
_ES_VERB = r"(?:a|as|ad|e|en|ar|ando|amos|ación|aciones)"
_FR_BREATHE = r"(?:respire|respires|respirez|respirer|respirons|respirant)"
_FR_VERB = r"(?:e|es|ez|er|ons|ant|ation|ations)"

WORDS: dict[str, Words] = {
    "en": Words(
        strong={
            "in": (
                rf"{_EN_BREATHE}\s+in",
                r"in-?\s?breaths?",
                r"inhal(?:e|es|ed|ing|ation)",
                r"top\s+up",
                r"in\s+through",
                r"draw\s+(?:the\s+|a\s+|your\s+)?(?:breath|air)\s+in",
                r"sip\s+in",
            ),
            "out": (
                rf"{_EN_BREATHE}\s+out",
                r"out-?\s?breaths?",
                r"exhal(?:e|es|ed|ing|ation)",
                r"out\s+through",
                r"let\s+(?:it|the\s+breath|your\s+breath|the\s+air)\s+out",
                r"sigh\s+(?:it\s+)?out",
                r"release\s+(?:the|your)\s+breath",
                r"blow\s+out",
            ),
        },
        weak={
            "in": (r"fill(?:s|ing)?", r"widen(?:s|ing)?", r"expand(?:s|ing)?"),
            "out": (r"empty", r"empties", r"emptying"),
        },
        breathing=(_EN_BREATHE, r"lungs?", r"air", r"belly", r"chest", r"ribs?", r"back"),
        safety=(
            r"dizz(?:y|iness)",
            r"light-?\s?headed(?:ness)?",
            r"faint",
            rf"{_EN_BREATHE}\s+(?:\w+\s+)?normally",
            rf"normal\s+{_EN_BREATHE}",
            rf"{_EN_BREATHE}\s+as\s+you\s+normally",
            rf"usual\s+{_EN_BREATHE}",
        ),
        safety_example="If you feel dizzy, breathe normally.",
    ),
    "de": Words(
        strong={
            "in": (
                r"einatm\w*",
                r"eingeatmet",
                r"einzuatmen",
                r"einström\w*",
                _separable(_DE_BREATHE, "ein"),
                _through("ein"),
                r"(?:hol|hole|holt|holen)(?:\s+sie)?\s+(?:\w+\s+){0,2}?(?:luft|atem)",
                r"(?:luft|atem)\s+holen",
            ),
            "out": (
                r"ausatm\w*",
                r"ausgeatmet",
                r"auszuatmen",
                r"ausström\w*",
                r"aus(?:seufz|pust|blas)\w*",
                _separable(_DE_BLOW, "aus"),
                _through("aus"),
                r"lass(?:e|t|en)?(?:\s+sie)?\s+(?:den\s+atem|die\s+luft|ihn|sie)\s+"
                r"(?:\w+\s+){0,2}?(?:hinaus|heraus|raus|ausströmen|entweichen)",
            ),
        },
        weak={
            "in": (r"füll(?:e|en|st|t|end)?", r"gefüllt", r"weit(?:et|en)", r"dehn(?:t|en)"),
            "out": (r"leer(?:e|en|t|st)?", r"entleer\w*", r"geleert"),
        },
        breathing=(
            r"atem\w*",
            _DE_BREATHE,
            r"atmung",
            r"lunge\w*",
            r"luft",
            r"bauch\w*",
            r"brust\w*",
            r"rippe\w*",
            r"rücken\w*",
        ),
        safety=(
            r"schwinde?lig\w*",
            r"schwindel\w*",
            r"benommen\w*",
            r"ohnmacht|ohnmächtig\w*",
            r"schwarz\s+vor\s+(?:den\s+)?augen",
            rf"{_DE_BREATHE}(?:\s+sie)?\s+(?:\w+\s+){{0,2}}?normal",
            r"normal(?:e|en|er)?\s+(?:atmen|atmung|atem\w*)",
            rf"{_DE_BREATHE}(?:\s+sie)?\s+(?:\w+\s+)?wie\s+gewohnt",
            r"wie\s+gewohnt\s+(?:atmen|weiteratmen)",
            r"gewohnte[nr]?\s+(?:atmung|atem\w*)",
        ),
        safety_example="Wenn dir schwindlig wird, atme normal weiter.",
    ),
    "es": Words(
        strong={
            "in": (
                rf"inhal{_ES_VERB}",
                rf"inspir{_ES_VERB}",
                r"(?:toma|tome|tomar|tomando|coge|coger|cogiendo)\s+(?:\w+\s+){0,3}?aire",
                r"entr(?:a|e|ando)\s+(?:el\s+aire\s+)?por\s+la\s+(?:nariz|boca)",
                r"el\s+aire\s+entra",
                r"(?:deja|dejar|deje)\s+(?:que\s+)?entr(?:ar|e)\s+(?:\w+\s+){0,2}?aire",
            ),
            "out": (
                rf"exhal{_ES_VERB}",
                rf"espir{_ES_VERB}",
                r"(?:suelta|suelte|soltar|soltando|saca|saque|sacar|sacando|echa|eche|"
                r"echar|expulsa|expulse|expulsar)\s+(?:\w+\s+){0,3}?(?:aire|la\s+respiración)",
                r"(?:deja|dejar|deje)\s+(?:que\s+)?sal(?:ir|ga)\s+(?:\w+\s+){0,2}?aire",
                r"sal(?:e|ga|iendo)\s+por\s+la\s+(?:nariz|boca)",
                r"el\s+aire\s+sale",
                r"sopl(?:a|e|ar|ando)",
            ),
        },
        weak={
            "in": (
                r"llen(?:a|an|e|en|ar|ando)",
                r"expand(?:e|en|ir|iendo)",
                r"ensanch(?:a|an|e|en|ar|ando)",
                r"hinch(?:a|an|e|en|ar|ando)",
            ),
            "out": (r"vac[ií](?:a|an|e|en|ar|ando)", r"desinfl\w*"),
        },
        breathing=(
            r"respir\w*",
            r"aire",
            r"pulm[oó]n\w*",
            r"vientre",
            r"barriga",
            r"abdomen",
            r"pecho",
            r"costillas?",
            r"espalda",
        ),
        safety=(
            r"mare(?:o|os|ad[oa]s?|a|as|e|es|an|arte|arse|ando)",
            r"aturdid[oa]s?|aturdimiento",
            r"desmay\w*",
            r"vértigo",
            r"(?:la\s+)?cabeza\s+(?:te\s+|le\s+|me\s+)?da\s+vueltas",
            rf"{_ES_BREATHE}\s+(?:\w+\s+){{0,2}}?(?:con\s+normalidad|normalmente|"
            r"como\s+siempre|como\s+de\s+costumbre|de\s+forma\s+normal)",
            r"respiración\s+(?:normal|habitual)",
        ),
        safety_example="Si te mareas, respira con normalidad.",
    ),
    "fr": Words(
        strong={
            "in": (
                rf"inspir{_FR_VERB}",
                rf"inhal{_FR_VERB}",
                r"(?:prenez|prends|prenons|prendre)\s+(?:\w+\s+)?(?:de\s+l'|l'|d')?air",
                r"(?:laissez|laisse|laisser)[-\s]+entrer\s+(?:l'air|le\s+souffle)",
                r"l'air\s+entre",
            ),
            "out": (
                rf"expir{_FR_VERB}",
                rf"exhal{_FR_VERB}",
                r"souffl(?:ez|er|ons|ant)",
                r"soupir(?:ez|er|ons|ant)",
                r"(?:laissez|laisse|laisser|laissons)[-\s]+(?:\w+[-\s]+)?sortir\s+"
                r"(?:l'air|le\s+souffle)",
                r"(?:laissez|laisse|laisser|laissons)\s+(?:l'air|le\s+souffle)\s+sortir",
                r"l'air\s+sort",
                r"(?:relâch|chass|expuls)(?:ez|e|er|ant)\s+(?:\w+\s+)?(?:l'air|le\s+souffle)",
            ),
        },
        weak={
            "in": (r"rempli\w*", r"gonfl(?:e|ent|ez|er|ant)", r"élargi\w*", r"dilat\w*"),
            "out": (r"vid(?:e|ent|ez|er|ant)", r"dégonfl\w*"),
        },
        breathing=(
            r"souffle\w*",
            r"respir\w*",
            r"air",
            r"poumons?",
            r"ventre",
            r"poitrine",
            r"côtes?",
            r"dos",
            r"thorax",
        ),
        safety=(
            r"vertiges?",
            r"étourdi\w*",
            r"(?:la\s+)?tête\s+(?:vous\s+|te\s+|me\s+|lui\s+|qui\s+)?tourne",
            r"évanou\w*",
            r"malaise",
            rf"{_FR_BREATHE}\s+(?:\w+\s+){{0,2}}?(?:normalement|comme\s+d'habitude)",
            r"respiration\s+(?:normale|habituelle)",
        ),
        safety_example="Si la tête vous tourne, respirez normalement.",
    ),
}
"""The words of each language the heuristic knows, by primary subtag."""


@dataclass(frozen=True)
class _Patterns:
    strong: Mapping[Direction, re.Pattern[str]]
    weak: Mapping[Direction, re.Pattern[str]]
    breathing: re.Pattern[str]
    safety: re.Pattern[str]


def _any(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(rf"\b(?:{'|'.join(words)})\b")


def _words(language: str) -> Words:
    """The words for ``language``'s primary subtag, English when not in ``WORDS``."""
    return WORDS.get(primary(language)) or WORDS[DEFAULT_LANGUAGE]


@functools.cache
def _patterns(language: str) -> _Patterns:
    """The compiled words for ``language``."""
    words = _words(language)
    return _Patterns(
        strong={way: _any(found) for way, found in words.strong.items()},
        weak={way: _any(found) for way, found in words.weak.items()},
        breathing=_any(words.breathing),
        safety=_any(words.safety),
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


def _folded(text: str) -> str:
    """``text`` as the word tables are written: composed, case-folded, ``’`` as ``'``."""
    return unicodedata.normalize("NFC", text).casefold().replace("’", "'")


@functools.lru_cache(maxsize=1024)
def direction(text: str, language: str) -> Direction | None:
    """Which breath ``text`` is about, read in ``language``: "in", "out", or None for
    neither or both."""
    words = _patterns(language)
    found: set[Direction] = set()
    for sentence in sentences(text):
        lowered = _folded(sentence)
        about = words.breathing.search(lowered) is not None
        for way in ("in", "out"):
            if words.strong[way].search(lowered) or (about and words.weak[way].search(lowered)):
                found.add(way)
    return next(iter(found)) if len(found) == 1 else None


def safety_example(language: str) -> str:
    """A safety line in ``language`` (English when the heuristic does not know it)."""
    return _words(language).safety_example


def is_safety_line(text: str, language: str) -> bool:
    """True for a line that tells, in ``language``, what to do when breathing work goes
    wrong: it mentions dizziness, light-headedness or feeling faint, or breathing
    normally."""
    return _patterns(language).safety.search(_folded(text)) is not None
