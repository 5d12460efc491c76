"""Compile the interface's gettext catalogues: every ``mindful_tui/locale/*/LC_MESSAGES/
*.po`` into the ``.mo`` beside it (committed, so the wheel ships them).

Usage: python tools/catalogues.py [--check]   (--check: exit 1 if a .mo is out of date)

A small ``msgfmt`` of our own: the standard library reads ``.mo`` files but ships no
compiler. It understands what the catalogues use: ``msgid``, ``msgid_plural``,
``msgstr``/``msgstr[n]``, continued strings and ``#`` comments.
"""

from __future__ import annotations

import ast
import struct
import sys
from pathlib import Path

LOCALE = Path(__file__).resolve().parent.parent / "mindful_tui" / "locale"
MAGIC = 0x950412DE


def parse(text: str) -> dict[bytes, bytes]:
    """The messages of a ``.po`` file: id (``singular\\0plural``) to translation."""
    out: dict[bytes, bytes] = {}
    entry: dict[str, list[str]] = {}
    current: list[str] | None = None

    def flush() -> None:
        if "msgid" in entry:
            ident = "".join(entry["msgid"])
            if "msgid_plural" in entry:
                ident += "\0" + "".join(entry["msgid_plural"])
                forms = sorted(k for k in entry if k.startswith("msgstr["))
                value = "\0".join("".join(entry[k]) for k in forms)
            else:
                value = "".join(entry.get("msgstr", []))
            if value.replace("\0", ""):  # an untranslated message falls back to English
                out[ident.encode()] = value.encode()
        entry.clear()

    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith('"'):
            if current is None:
                raise ValueError(f"line {number}: a string outside any message")
            current.append(ast.literal_eval(line))
            continue
        keyword, _, rest = line.partition(" ")
        if keyword == "msgid":
            flush()
        current = entry.setdefault(keyword, [])
        current.append(ast.literal_eval(rest.strip()))
    flush()
    return out


def compile_po(text: str) -> bytes:
    """The ``.mo`` bytes of a ``.po`` file's text (no hash table: gettext needs none)."""
    messages = sorted(parse(text).items())
    count = len(messages)
    ids = b"".join(k + b"\0" for k, _ in messages)
    strs = b"".join(v + b"\0" for _, v in messages)
    start = 7 * 4 + count * 16
    table_ids, table_strs = [], []
    offset = 0
    for key, _ in messages:
        table_ids += [len(key), start + offset]
        offset += len(key) + 1
    offset = 0
    for _, value in messages:
        table_strs += [len(value), start + len(ids) + offset]
        offset += len(value) + 1
    header = struct.pack("Iiiiiii", MAGIC, 0, count, 28, 28 + count * 8, 0, 0)
    tables = struct.pack(f"{4 * count}i", *table_ids, *table_strs)
    return header + tables + ids + strs


def main(argv: list[str]) -> int:
    stale = []
    for po in sorted(LOCALE.glob("*/LC_MESSAGES/*.po")):
        mo = po.with_suffix(".mo")
        made = compile_po(po.read_text(encoding="utf-8"))
        if mo.exists() and mo.read_bytes() == made:
            continue
        if "--check" in argv:
            stale.append(str(mo))
        else:
            mo.write_bytes(made)
            print(f"wrote {mo}")
    if stale:
        print("out of date (run python tools/catalogues.py): " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
