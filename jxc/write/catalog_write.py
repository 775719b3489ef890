"""Adding records to ``catalog.yaml`` without disturbing what a person wrote there.

A new record is one line, ``  KEY: {name: ..., ...}``, inserted at the end of its
section; comments and hand formatting elsewhere stay byte for byte.
"""

from __future__ import annotations

import re

from jxc.errors import LedgerError
from jxc.ledger.catalog import SECTIONS, read_catalog
from jxc.ledger.entries import _value_text, scalar_text
from jxc.write.writer import atomic_write, ledger_lock


def record_line(key: str, fields: dict) -> str:
    body = ", ".join(f"{k}: {_value_text(v)}" for k, v in fields.items() if v is not None)
    return f"  {scalar_text(key)}: {{{body}}}\n"


def insert_record(text: str, section: str, line: str) -> str:
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    head = re.compile(rf"{section}:\s*(\{{\s*\}})?\s*(#.*)?$")
    for i, ln in enumerate(lines):
        m = head.match(ln.rstrip("\n"))
        if not m:
            continue
        if m.group(1):  # 'items: {}' → a block section
            lines[i] = f"{section}:\n"
        end = i + 1
        last = i
        while end < len(lines):
            s = lines[end]
            if s.strip() and not s.startswith((" ", "\t", "#")):
                break
            if s.strip() and not s.lstrip().startswith("#"):
                last = end
            end += 1
        lines.insert(last + 1, line)
        return "".join(lines)
    return "".join(lines) + f"{section}:\n{line}"


def add_record(ledger, kind: str, key: str, fields: dict) -> str:
    """Add a location/item/supplier/customer; returns the line written."""
    section = kind + "s"
    assert section in SECTIONS
    from jxc.ledger.names import name_problem
    from jxc.numbers import excerpt
    problem = name_problem(key)
    if problem:  # the rule the catalog is read by, said before anything is written
        raise LedgerError(f"'{kind}' is not a valid name: {excerpt(key, 40)} ({problem})")
    with ledger_lock(ledger.root):
        ledger.reload()
        cat = ledger.catalog
        if key in cat.section(kind):
            raise LedgerError(f"{kind} '{key}' already exists", ledger.name(ledger.catalog_path),
                              cat.section(kind)[key].line)
        if kind == "item" and key in cat.barcodes:
            raise LedgerError(f"'{key}' is already the barcode of item '{cat.barcodes[key]}'")
        path = ledger.catalog_path
        old = path.read_text(encoding="utf-8") if path.exists() else ""
        line = record_line(key, fields)
        new = insert_record(old, section, line)
        read_catalog(new, ledger.name(path))   # the result must read back, or nothing is written
        atomic_write(path, new)
        ledger.reload()
        return line
