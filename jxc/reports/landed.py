"""The split of a landed cost over the lines of its buy, as `jxc landed` shows it.

[item, lot, qty, amount, share] (``lot`` only when the buy names lots): each line of the buy with its quantity (base units),
its amount (what it cost) and its share of the landed amount
(:func:`jxc.ledger.landed.line_shares`: the last line takes the remainder).
"""

from __future__ import annotations

from jxc.ledger.landed import Landed, line_shares
from jxc.numbers import ZERO, fmt_money
from jxc.reports.render import Column, Report

COLUMNS = [Column("item"), Column("lot"), Column("qty", "qty"), Column("amount", "money"), Column("share", "money")]


def landed_split(buy, landed: Landed) -> Report:
    """The lines of the entry ``buy`` with their share of ``landed`` (cents inside, money out)."""
    shares = line_shares(buy, landed)
    rows = [[ln.item, ln.lot or "", ln.base_qty, ln.amount, share] for ln, share in zip(buy.lines, shares)]
    one_unit = len({r[0] for r in rows}) == 1
    totals = ["total", "", sum((r[2] for r in rows), ZERO) if one_unit else None,
              sum(r[3] for r in rows), sum(shares)]
    columns = list(COLUMNS)
    if not any(r[1] for r in rows):        # the lot column only where the buy has lots
        columns.pop(1)
        rows = [r[:1] + r[2:] for r in rows]
        totals = totals[:1] + totals[2:]
    return Report(columns, rows, totals, title=f"{fmt_money(landed.amount)} over {buy.id} by {landed.by}")
