"""Names that read as what they are (SPEC 1): no invisible characters, no look-alikes.

A name (SKU, barcode, location, partner, unit, lot, id) is compared character by
character, but people compare them by eye: ``TEA\u200b001`` (a zero-width space),
``TЕA-001`` (a Cyrillic Е) and ``TEA：001`` (a full-width colon) all look like
``TEA-001`` or like a name with ``:``.  Two rules keep the ledger reviewable:

* :func:`name_problem`: a name holds no whitespace, no control, format (zero-width,
  direction marks), private-use or unassigned characters, and nothing that Unicode
  compatibility normalisation (NFKC) turns into whitespace or ``:``.
* :func:`skeleton`: the form two names share when they look alike — NFKC, then a
  small map of letters and dashes that look like ASCII ones (``LOOKALIKE``).  Two
  names of one kind with the same skeleton are refused as likely duplicates.

Why not a library: ``confusable_homoglyphs`` (the well-kept one) tells whether a
string mixes scripts but gives no skeleton to compare two names by; Unicode's full
``confusables.txt`` maps thousands of characters, most of which never occur in
codes typed on a keyboard.  NFKC covers the full-width forms of East Asian input
methods; the map covers the Cyrillic and Greek capitals and small letters that are
drawn like Latin ones, and the dashes — the characters that reach SKUs in practice.
"""

from __future__ import annotations

import re
import unicodedata

# Cyrillic and Greek letters drawn like Latin ones, and dashes drawn like '-'.
LOOKALIKE = str.maketrans({
    # Cyrillic capitals
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P",
    "С": "C", "Т": "T", "У": "Y", "Х": "X", "Ѕ": "S", "І": "I", "Ј": "J", "Ү": "Y",
    # Cyrillic small letters
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "ѕ": "s",
    "і": "i", "ј": "j", "һ": "h", "ԁ": "d", "ԛ": "q", "ԝ": "w",
    # Greek capitals and small letters
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M",
    "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X", "ο": "o", "ν": "v",
    "ι": "i", "κ": "k", "ρ": "p", "τ": "t", "υ": "u", "χ": "x",
    # dashes and minus signs
    "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "―": "-", "−": "-", "⁃": "-",
    # digits drawn like letters are left alone: O/0 and l/1 differ in every code font
})

# Control, format (zero-width, bidi), surrogate, private-use, unassigned; separators.
_ASCII_NAME = re.compile(r"[\x21-\x39\x3b-\x7e]+\Z")
_INVISIBLE = frozenset(("Cc", "Cf", "Cs", "Co", "Cn", "Zs", "Zl", "Zp"))


def name_problem(name: str) -> str | None:
    """Why ``name`` is not a valid name, or None.

    Names are non-empty, with no whitespace and no ``:`` (SPEC 1); by the same rule
    also no invisible character (zero-width space U+200B, direction marks, controls)
    and no character that NFKC makes whitespace or ``:`` (the full-width colon
    U+FF1A).  The message names the character by its code point.
    """
    if _ASCII_NAME.match(name):  # the common case, decided without a look at Unicode's tables
        return None
    if not name:
        return "a name is not empty"
    for ch in name:
        cat = unicodedata.category(ch)
        if ch in " \t\r\n:":
            return "names have no spaces and no ':'"
        if ch.isspace() or cat in _INVISIBLE:
            return f"it holds the invisible character U+{ord(ch):04X} ({_char_name(ch)})"
        folded = unicodedata.normalize("NFKC", ch)
        if ":" in folded or any(c.isspace() for c in folded):
            return f"it holds U+{ord(ch):04X} ({_char_name(ch)}), which reads as {folded!r}"
    return None


def _char_name(ch: str) -> str:
    return unicodedata.name(ch, "unnamed").lower()


def skeleton(name: str) -> str:
    """The form ``name`` is seen as: NFKC, then :data:`LOOKALIKE` (``TЕA-001`` → ``TEA-001``).

    Equal skeletons of different names mean "likely the same name, mistyped"."""
    if name.isascii():  # NFKC and the map leave ASCII as it is
        return name
    return unicodedata.normalize("NFKC", name).translate(LOOKALIKE)


def lookalikes(names):
    """Pairs ``(name, earlier)`` of names that differ but share a skeleton, in order;
    one pass over ``names`` (a catalog section of thousands of names stays fast)."""
    seen: dict = {}
    for name in names:
        sk = skeleton(name)
        earlier = seen.setdefault(sk, name)
        if earlier != name:
            yield name, earlier
