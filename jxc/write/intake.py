"""`jxc add`: entries from YAML documents or JSON lines, validated where they were written."""

from __future__ import annotations

import json
from decimal import Decimal

from jxc.errors import LedgerError
from jxc.ledger.entries import dump_entry, parse_entry
from jxc.ledger.yamlread import Mapping, Scalar, Sequence, read_documents


def to_raw(node):
    """A YAML node as plain dicts/lists, scalars kept as written (Scalar)."""
    if type(node) is Mapping:
        return {str(k): to_raw(v) for k, v in node.items()}
    if type(node) is Sequence:
        return [to_raw(v) for v in node]
    return node


def _dates(obj: dict) -> None:
    """JSON has no dates: a "date"/"expiry"/"due" string that is a date is taken as one."""
    from jxc.ledger.schema import parse_date_text
    for holder in [obj, *[ln for ln in obj.get("lines") or [] if isinstance(ln, dict)]]:
        for key in ("date", "expiry", "due"):
            v = holder.get(key)
            if isinstance(v, str) and parse_date_text(v):
                holder[key] = parse_date_text(v)


def read_input(text: str, name: str, ledger):
    """(raw entries, their first lines) from ``text``; a problem raises LedgerError at its place."""
    cat, settings = ledger.catalog, ledger.settings
    raws, lines = [], []
    if text.lstrip().startswith("{"):
        for no, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line, parse_float=Decimal, parse_int=Decimal)
            except json.JSONDecodeError as e:
                raise LedgerError(f"invalid JSON: {e.msg} (column {e.colno})", name, no) from None
            if not isinstance(obj, dict):
                raise LedgerError("each JSON line must be an object (one entry)", name, no)
            _dates(obj)
            try:
                doc = read_documents(dump_entry(obj), name)[0]
                parse_entry(doc.value, name, 0, cat, settings)
            except LedgerError as e:
                raise LedgerError(e.problem.message, name, no) from None
            raws.append(obj)
            lines.append(no)
        return raws, lines
    for pos, doc in enumerate(read_documents(text, name)):
        if doc.value is None or (type(doc.value) is Scalar and doc.value.is_null):
            continue
        parse_entry(doc.value, name, pos, cat, settings, doc.start_line)
        raws.append(to_raw(doc.value))
        lines.append(doc.start_line)
    return raws, lines
