"""What is written is exactly what was validated.

A write turns an entry a user described (a dict: from the command line, a JSON
line, a YAML document) into text for the journal.  Text is where injection
happens: a *key* such as ``"note: a}\\n--- {id: evil-1, ...}, note"`` dumped as it
is would close the entry and open a second one that nobody validated.  So
:func:`entry_document`

1. refuses unknown keys before anything is serialised (:func:`check_entry_keys`),
2. serialises with every key and value quoted unless it is a plain safe scalar
   (:func:`jxc.ledger.entries.dump_entry`), and
3. parses the bytes back and compares them, whole, with what it was given:
   exactly one document, the same keys, the same values of the same kinds — or nothing is written.

Settings and catalog values go through :func:`same_meaning` the same way.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from jxc.errors import LedgerError, closest
from jxc.ledger.entries import COMMON_KEYS, ENTRY_KEYS, LINE_KEYS, TYPES, dump_entry, plain_is_text
from jxc.ledger.yamlread import Scalar, read_documents


def check_entry_keys(raw: dict, path: str | None = None, line: int | None = None) -> None:
    """Refuse a key an entry (or one of its lines) of its type may not have.

    ``raw``: an entry as a dict.  The allowed keys are the journal's own
    (:data:`jxc.ledger.entries.ENTRY_KEYS`, ``LINE_KEYS``), so this is the rule
    "unknown keys are errors" applied before serialising, not a second list.
    Raises LedgerError at ``path:line`` naming the key (escaped, shortened).
    """
    kind = raw.get("type")
    if not isinstance(kind, str) or str(kind) not in TYPES:
        return                           # validation reports the type, with a suggestion
    allowed = COMMON_KEYS + ENTRY_KEYS[str(kind)]
    for key in raw:
        _known(key, allowed, f"a {kind} entry", path, line)
    lines = raw.get("lines")
    for ln in lines if isinstance(lines, list) else ():
        if isinstance(ln, dict):
            for key in ln:
                _known(key, LINE_KEYS[str(kind)], f"a {kind} line", path, line)


def _known(key, allowed, what: str, path, line) -> None:
    if not isinstance(key, str) or key not in allowed:
        shown = repr(str(key)[:40]) + ("…" if len(str(key)) > 40 else "")
        hint = closest(str(key), allowed) if isinstance(key, str) else ""
        raise LedgerError(f"unknown key {shown} in {what}{hint}", path, line)


def entry_document(raw: dict, path: str | None = None, line: int | None = None):
    """(text, node): the canonical text of ``raw`` and its one YAML document, parsed back.

    Raises LedgerError (nothing is written) when ``raw`` has an unknown key, or when
    the text does not read back as exactly one entry equal, key by key and value
    by value, to ``raw`` (:func:`same_meaning`).
    """
    check_entry_keys(raw, path, line)
    try:
        text = dump_entry(raw)
    except LedgerError as e:
        raise LedgerError(e.problem.message, path, line) from None
    try:
        docs = read_documents(text, path or "<entry>")
    except LedgerError as e:
        raise LedgerError(f"the entry does not read back as written ({e.problem.message})",
                          path, line) from None
    if len(docs) != 1 or not same_meaning(raw, docs[0].value):
        raise LedgerError("the entry does not read back as written: a key or value holds text"
                          " that YAML would read otherwise", path, line)
    return text, docs[0].value


def same_meaning(given, read) -> bool:
    """Does ``read`` (a YAML node read back) say exactly what ``given`` said?

    ``given``: dicts, lists, str (text), Scalar (as read from YAML), Decimal,
    int, bool, date, None.  Compared whole: the same keys (in any order: the
    canonical text has its own), and each value's kind (text, or a plain
    number/date/bool/null) and characters.
    """
    return meaning(given) == meaning(read)


def meaning(value):
    """A value reduced to what it says: nested tuples of (kind, text)."""
    if isinstance(value, dict):
        # the canonical text puts keys in its own order; a mapping's order says nothing
        return ("map", tuple(sorted((str(k), meaning(v)) for k, v in value.items())))
    if isinstance(value, list):
        return ("seq", tuple(meaning(v) for v in value))
    if isinstance(value, Scalar):
        if value.quoted or plain_is_text(str(value)):
            return ("text", str(value))
        return ("plain", "null" if value.is_null else str(value))   # `~`, `null` and nothing alike
    if value is None:
        return ("plain", "null")
    if isinstance(value, bool):
        return ("plain", "true" if value else "false")
    if isinstance(value, (int, Decimal)):
        return ("plain", format(value, "f") if isinstance(value, Decimal) else str(value))
    if isinstance(value, dt.date):
        return ("plain", value.isoformat())
    return ("text", str(value))


__all__ = ["check_entry_keys", "entry_document", "same_meaning", "meaning"]
