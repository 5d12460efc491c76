"""The JSON Schema of the script format (``mindful schema``), for editors.

The loader is the authority (it also checks what a schema cannot, such as prompts for
cycles that never come); a test keeps the two in step on every key.
"""

from __future__ import annotations

from typing import Any

from mindful_tui.core.script.loader import COMPANIONS, MAX_PHASE, STEP_KINDS
from mindful_tui.core.script.model import (
    BACKGROUND_ALIASES,
    BACKGROUNDS,
    NO_BACKGROUND,
    PHASE_KINDS,
)
from mindful_tui.core.script.presets import PRESETS

_TEXT = {"type": "string", "minLength": 1}
_POSITIVE = {"type": "number", "exclusiveMinimum": 0}


def _seconds(zero_ok: bool) -> dict[str, Any]:
    low: dict[str, Any] = {"minimum": 0} if zero_ok else {"exclusiveMinimum": 0}
    return {"type": "number", **low, "maximum": float(MAX_PHASE)}


def schema() -> dict[str, Any]:
    """The schema as a JSON-ready dict."""
    phase_map = {
        "type": "object",
        "properties": {k: _seconds(k in ("hold", "rest")) for k in PHASE_KINDS},
        "required": ["inhale", "exhale"],
        "additionalProperties": False,
    }
    phase_fields: dict[str, Any] = {k: _seconds(k in ("hold", "rest")) for k in PHASE_KINDS}
    phase_item = {
        "type": "object",
        "properties": {**phase_fields, "say": _TEXT},
        "minProperties": 1,
        "additionalProperties": False,
    }
    pattern = {
        "description": "seconds per phase, a list of phases, a named pattern, or mine"
        " (your own breath, from `mindful calibrate`)",
        "oneOf": [
            phase_map,
            {"type": "array", "items": phase_item, "minItems": 2},
            {"enum": [*PRESETS, "mine"]},
        ],
    }
    ramp_fields: dict[str, Any] = {k: _seconds(k in ("hold", "rest")) for k in PHASE_KINDS}
    ramp_fields["per_minute"] = {"type": "number", "minimum": 1, "maximum": 60}
    breathe = {
        "type": "object",
        "properties": {
            "cycles": {"type": "integer", "minimum": 1},
            "minutes": _POSITIVE,
            "pattern": pattern,
            "ramp_to": {
                "type": "object",
                "description": "seconds of phases to glide to, or per_minute: a pace",
                "properties": ramp_fields,
                "additionalProperties": False,
            },
            "cues": {
                "description": "sound and say each phase; tones: sound it without words",
                "oneOf": [{"type": "boolean"}, {"const": "tones"}],
            },
            "prompts": {
                "type": "object",
                "description": "by cycle: the text, at the cycle's start, or the phase it"
                " starts on and its text, like {exhale: Let it go.}",
                "patternProperties": {
                    "^[1-9][0-9]*$": {
                        "oneOf": [
                            _TEXT,
                            {
                                "type": "object",
                                "properties": {k: _TEXT for k in PHASE_KINDS},
                                "additionalProperties": False,
                                "minProperties": 1,
                            },
                        ]
                    }
                },
                "additionalProperties": False,
            },
        },
        "additionalProperties": False,
    }
    kinds: dict[str, Any] = {
        "say": _TEXT,
        "ask": _TEXT,
        "checkin": _TEXT,
        "chime": {"type": "string", "pattern": "^[a-z0-9][a-z0-9_-]*$"},
        "silence": _POSITIVE,
        "breathe": breathe,
        "calibrate": _TEXT,
    }
    companions: dict[str, Any] = {
        "seconds": _POSITIVE,
        "key": {"type": "string", "pattern": "^[A-Za-z_][A-Za-z0-9_]*$"},
        "stretch": {
            "type": "boolean",
            "description": "whether --minutes scales the step (silence: no; breathe: yes)",
        },
    }
    steps = [
        {
            "type": "object",
            "properties": {kind: kinds[kind]}
            | {c: companions[c] for c in COMPANIONS.get(kind, ())},
            "required": [kind],
            "additionalProperties": False,
        }
        for kind in STEP_KINDS
    ]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "mindful-tui session script (v1)",
        "type": "object",
        "properties": {
            "title": _TEXT,
            "summary": {"type": "string"},
            "tags": {"type": "array", "items": _TEXT},
            "pattern": pattern,
            "voice": {
                "type": "object",
                "properties": {
                    "rate": {"type": "integer", "minimum": 60, "maximum": 400},
                    "volume": {"type": "number", "minimum": 0, "maximum": 1},
                    "name": _TEXT,
                },
                "additionalProperties": False,
            },
            "background": {
                "description": "a quiet bed under the whole session, or none",
                "enum": [*BACKGROUNDS, *BACKGROUND_ALIASES, NO_BACKGROUND],
            },
            "steps": {"type": "array", "minItems": 1, "items": {"oneOf": steps}},
            "language": {
                "type": "string",
                "description": "the language it is spoken and shown in (de, es, fr, en-us …);"
                " `mindful voices` lists them",
                "pattern": "^[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*$",
            },
            "words": {
                "type": "object",
                "description": "the phase words, over the language's own",
                "properties": dict.fromkeys(PHASE_KINDS, _TEXT),
                "additionalProperties": False,
            },
        },
        "required": ["title", "steps"],
        "additionalProperties": False,
    }
