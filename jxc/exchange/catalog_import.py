"""``jxc import catalog FILE --rules RULES.yaml``: items or partners from a spreadsheet,
merged into ``catalog.yaml``.

A row's key (SKU, or the partner's name) that is new becomes a record; one that
exists gets the fields the row gives (empty cells leave a field alone).  The file
is edited with ruamel.yaml's round-trip mode, so comments, key order and the flow
style of the records a person wrote stay as they were; the result is read back by
jxc's own catalog reader before it replaces the file (all or nothing, under the
ledger's lock); a change to a field the journal depends on (units, barcode, price,
...) of an existing item has the whole journal checked with the new catalog.

This module is the spreadsheet side only (reading and typing the cells); the merge
itself is :func:`jxc.write.catalog_write.merge_records`, the same edit as ``jxc item
add`` and ``jxc item set``.
"""

from __future__ import annotations

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


def import_catalog(lg, file: str, rules_path: str, dry_run: bool = False) -> tuple[int, int, str]:
    """Merge the records of ``file`` into the catalog of ``lg``; (added, changed, new text).

    The section is the rules' ``kind:`` (items, suppliers, customers, locations).  The
    new catalog must read cleanly (names, barcodes, numbers) or nothing is written."""
    from jxc.write.catalog_write import merge_records
    from jxc.fs.transaction import ledger_lock
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
    with ledger_lock(lg.root, lg.lock_wait):
        try:
            merged = merge_records(lg, kind[:-1], records, dry_run=dry_run)
        except LedgerError as e:       # said of the spreadsheet, whose rows made the change
            raise LedgerError(f"after the import: {e.problem.message}", file) from None
    return merged.added, merged.changed, merged.text
