"""``jxc import catalog FILE --rules RULES.yaml``: items or partners from a spreadsheet,
merged into ``catalog.yaml``.

A row's key (SKU, or the partner's name) that is new becomes a record; one that
exists gets the fields the row gives (empty cells leave a field alone).  The file
is edited with ruamel.yaml's round-trip mode, so comments, key order and the flow
style of the records a person wrote stay as they were; the result is read back by
jxc's own catalog reader before it replaces the file (all or nothing, under the
ledger's lock).  ruamel.yaml is the optional extra ``jxc[catalog]``.

This module is the spreadsheet side only; when ``jxc/write/`` grows round-trip
catalog edits, :func:`merge_records` is the one function to hand over to them.
"""

from __future__ import annotations

import io
import re
from decimal import Decimal

from jxc.errors import LedgerError, Problem
from jxc.exchange.imports import cell, check_columns, parse_number, read_rows, read_rules

KINDS = ("items", "suppliers", "customers", "locations")
ITEM_FIELDS = ("key", "name", "unit", "barcode", "category", "price", "cost", "reorder_point",
               "reorder_qty", "lead_time_days", "supplier", "units")
PARTY_FIELDS = ("key", "name", "lead_time_days")
NUMBER_FIELDS = ("price", "cost", "reorder_point", "reorder_qty", "lead_time_days")


def catalog_records(path, rules, problems: list) -> dict:
    """{key: {field: value}} from the rows; numbers exact (Decimal), ``units`` written
    ``case=24;pack=6``.  Problems (FILE:ROW and the column) go to ``problems``."""
    rows = read_rows(path, rules)
    check_columns(rules, rows, str(path))
    out: dict = {}
    for row in rows:
        key = cell(row, rules, "key")
        if not key:
            problems.append(Problem(f"column '{rules.columns.get('key', 'key')}' (key): missing", str(path),
                                    row.number))
            continue
        rec = out.setdefault(key, {})
        for f in rules.columns:
            text = cell(row, rules, f)
            if f == "key" or text is None:
                continue
            value = _field_value(f, text, rules)
            if value is None:
                problems.append(Problem(f"column '{rules.columns[f]}' ({f}): {text!r} is not "
                                        + ("a number" if f in NUMBER_FIELDS else "unit=factor;..."),
                                        str(path), row.number))
                continue
            rec[f] = value
    return out


def _field_value(f: str, text: str, rules):
    if f in NUMBER_FIELDS:
        n = parse_number(text, rules)
        return int(n) if n is not None and f == "lead_time_days" and n == int(n) else n
    if f == "units":
        units = {}
        for part in filter(None, (p.strip() for p in text.replace(",", ";").split(";"))):
            name, _, factor = part.partition("=")
            n = parse_number(factor, rules)
            if not name.strip() or n is None:
                return None
            units[name.strip()] = n
        return units
    return text


def merge_records(text: str, kind: str, records: dict) -> tuple[str, int, int]:
    """``catalog.yaml`` text with ``records`` merged into section ``kind``, comments kept.

    Returns (new text, records added, records changed).  New records are written in
    flow style, one line each, as jxc writes them."""
    from jxc.exchange import need
    need("ruamel.yaml", "catalog")
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString
    yaml = YAML()          # round-trip: comments and styles survive
    yaml.width = 4096      # a record stays on its line
    yaml.preserve_quotes = True
    yaml.representer.add_representer(Decimal, _represent_decimal)
    doc = yaml.load(text) or CommentedMap()
    section = doc.get(kind)
    if section is None:
        section = doc[kind] = CommentedMap()
    added = changed = 0
    for key, fields in records.items():
        rec = section.get(key)
        if rec is None:
            rec = CommentedMap()
            rec.fa.set_flow_style()
            section[key] = rec
            added += 1
        elif any(rec.get(f) != v for f, v in fields.items()):
            changed += 1
        for f, v in fields.items():
            if f == "units":
                u = CommentedMap(v)
                u.fa.set_flow_style()
                v = u
            elif isinstance(v, str) and _looks_numeric(v):
                v = DoubleQuotedScalarString(v)   # a barcode stays text, quoted as jxc writes it
            rec[f] = v
    buf = io.StringIO()
    yaml.dump(doc, buf)
    return buf.getvalue(), added, changed


def _looks_numeric(text: str) -> bool:
    # what YAML would read as a number (a 13-digit barcode included) must stay quoted text
    return re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", text) is not None


def _represent_decimal(representer, value: Decimal):
    # A price stays as written (88.00, not 88.0 or '88.00'): a plain YAML number.
    tag = "tag:yaml.org,2002:int" if value == value.to_integral_value() and "." not in str(value) \
        else "tag:yaml.org,2002:float"
    return representer.represent_scalar(tag, str(value))


def import_catalog(lg, file: str, rules_path: str, dry_run: bool = False) -> tuple[int, int, str]:
    """Merge the records of ``file`` into the catalog of ``lg``; (added, changed, new text).

    The section is the rules' ``kind:`` (items, suppliers, customers, locations).  The
    new catalog must read cleanly (names, barcodes, numbers) or nothing is written."""
    from jxc.ledger.catalog import read_catalog
    from jxc.fs.transaction import atomic_write, ledger_lock
    rules = read_rules(rules_path, ITEM_FIELDS)
    kind = rules.kind or "items"
    if kind not in KINDS:
        raise LedgerError(f"kind '{kind}' is not one of {', '.join(KINDS)}", rules.path)
    if kind != "items":
        rules = read_rules(rules_path, PARTY_FIELDS)
    problems: list = []
    records = catalog_records(file, rules, problems)
    if problems:
        raise LedgerError(problems[0].message, problems[0].path, problems[0].line, problems=problems)
    with ledger_lock(lg.root):
        old = lg.catalog_path.read_text(encoding="utf-8") if lg.catalog_path.exists() else ""
        new, added, changed = merge_records(old, kind, records)
        try:
            read_catalog(new, lg.name(lg.catalog_path))
        except LedgerError as e:
            raise LedgerError(f"after the import: {e.problem.message}", file) from None
        if not dry_run:
            atomic_write(lg.catalog_path, new, lg.root)
            lg.reload()
    return added, changed, new
