"""What a count books: book, counted and difference per line (`jxc count`).

A count posts counted − book at its point of the journal (SPEC 2), so the sheet is
read off the engine's own expansion of the count (the moves it posted, in
:mod:`jxc.ledger.replay`), never recomputed: book = counted − difference.  With
``full: true`` every item held at the location and not listed is counted as zero;
those rows have ``zeroed`` set.
"""

from __future__ import annotations

from jxc.ledger.replay import ISSUE, SURPLUS, Replayed
from jxc.numbers import CONTEXT, ZERO
from jxc.reports.render import Column, Report
from jxc.ledger.accounts import account_name


def count_sheet(r: Replayed, entry) -> Report:
    """[item, lot, unit, book, counted, difference, zeroed] per line of the count ``entry``
    (quantities in the item's base unit), from the moves the replay ``r`` posted for it;
    listed lines first in their order, then the items ``full`` set to zero."""
    diff: dict = {}
    zeroed: dict = {}
    for m in r.moves:
        if m.entry is not entry:
            continue
        q = m.qty if m.kind == SURPLUS else -m.qty if m.kind == ISSUE else ZERO
        if m.line is None:
            zeroed[(m.item, m.lot)] = zeroed.get((m.item, m.lot), ZERO) + q
        else:
            diff[id(m.line)] = diff.get(id(m.line), ZERO) + q
    cat = r.catalog
    rows = []
    for ln in entry.lines:
        counted = CONTEXT.multiply(ln.counted, ln.factor)
        d = diff.get(id(ln), ZERO)
        rows.append([ln.item, ln.lot or "", cat.items[ln.item].unit, counted - d, counted, d, ""])
    for (item, lot), d in sorted(zeroed.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")):
        rows.append([item, lot or "", cat.items[item].unit, -d, ZERO, d, "yes"])
    cols = [Column("item"), Column("lot"), Column("unit"), Column("book", "qty"), Column("counted", "qty"),
            Column("difference", "qty"), Column("zeroed")]
    if not any(row[1] for row in rows):
        cols.pop(1)
        rows = [row[:1] + row[2:] for row in rows]
    return Report(cols, rows, None, title=f"count at {account_name(entry.at)} on {entry.date}")


def zeroed_items(sheet: Report) -> list:
    """The rows of a sheet that ``full`` set to zero."""
    return [row for row in sheet.rows if row[-1] == "yes"]
