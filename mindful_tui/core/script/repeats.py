"""The same sentence in more than ``MOST`` of a user's scripts (rule ``repeated``).

A line heard in session after session stops being heard. Sentences are compared as
``wording.normalised`` gives them (case, punctuation and spacing aside), across every
script a person has: the ones ``check`` is given and the ones the library lists. Scripts
are told apart by name, so a script being checked stands in for the listed one it would
replace (a draft of ``reset.yaml`` is ``reset``, not a second script).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from mindful_tui.core.script.model import Ask, Breathe, Checkin, Say, Script
from mindful_tui.core.script.problems import Problem, short_text, shown_name, step_warning
from mindful_tui.core.script.template import placeholders
from mindful_tui.core.script.wording import normalised, sentences

MOST = 3
"""Scripts a sentence may appear in before it is a warning."""
NAMED = 4
"""Other scripts a warning names before it says how many more."""


def name_of(script: Script) -> str:
    """What a script is called in the library: its file name without the suffix."""
    return script.path.stem if script.path is not None else script.title


def lines_of(script: Script) -> list[tuple[int, str]]:
    """Every line of ``script`` shown or spoken in a session, with its step: ``say``,
    ``ask`` and ``checkin`` text, prompts, and a breath's own words."""
    out: list[tuple[int, str]] = []
    for index, step in enumerate(script.steps):
        if isinstance(step, Say | Ask | Checkin):
            out.append((index, step.text))
        elif isinstance(step, Breathe):
            out.extend((index, p.say) for p in step.pattern.phases if p.say)
            out.extend((index, text) for _, text in sorted(step.prompts.items()))
            for _, chosen in sorted(step.phase_prompts.items()):
                out.extend((index, text) for text in chosen.values())
    return out


def _sentences(script: Script) -> Iterable[tuple[int, str, str]]:
    """Each sentence of ``script`` with its step and its form for comparing."""
    for index, line in lines_of(script):
        for sentence in sentences(line):
            key = normalised(sentence)
            if key and not _only_placeholders(sentence):
                yield index, sentence, key


def _only_placeholders(sentence: str) -> bool:
    """True for a sentence that is nothing but answers, like ``{intention}.``."""
    rest = sentence
    for name, _ in placeholders(sentence):
        rest = rest.replace("{" + name + "}", "")
    return not normalised(rest)


def repeated_sentences(checked: Sequence[Script], listed: Sequence[Script]) -> list[Problem]:
    """A warning in each of ``checked`` for every sentence it shares with more than
    ``MOST`` scripts in all (``checked`` and ``listed``, told apart by name), once per
    script, at the step where the sentence first comes."""
    everyone = {name_of(s): s for s in listed} | {name_of(s): s for s in checked}
    found = {name: list(_sentences(script)) for name, script in everyone.items()}
    holders: dict[str, set[str]] = {}
    for name, said_there in found.items():
        for _, _, key in said_there:
            holders.setdefault(key, set()).add(name)
    out: list[Problem] = []
    for script in checked:
        said: set[str] = set()
        name = name_of(script)
        where = shown_name(script)
        for index, sentence, key in found[name] if everyone[name] is script else _sentences(script):
            names = holders.get(key, set())
            if len(names) <= MOST or key in said:
                continue
            said.add(key)
            others = sorted(names - {name})
            shown = ", ".join(others[:NAMED])
            more = f" and {len(others) - NAMED} more" if len(others) > NAMED else ""
            out.append(
                step_warning(
                    script,
                    index,
                    f'"{short_text(sentence)}" is in {len(names)} of your scripts (also'
                    f" {shown}{more}); a line heard every session stops being heard:"
                    " put it in this script's own words",
                    "repeated",
                    where,
                )
            )
    return sorted(out)
