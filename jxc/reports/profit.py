"""`jxc profit`: revenue, cost of goods sold and gross profit; losses apart.

revenue = Σ sales − Σ sales returns (at the prices of the sales they reverse)
cogs    = Σ cost of sales − Σ cost of sales returns
gross_profit = revenue − cogs;  margin = gross_profit / revenue
Write-offs and count differences are losses, reported by ``losses`` instead.
"""

from __future__ import annotations

from jxc.ledger.costing import Costing
from jxc.ledger.replay import ISSUE, SALE, SALES_RETURN, SURPLUS
from jxc.numbers import CONTEXT, ZERO
from jxc.reports.period import month_key, week_key
from jxc.reports.render import Column, Report

BY = ("item", "customer", "category", "month")


def _key(m, by, cat):
    if by == "customer":
        return (m.dst if m.kind == SALE else m.src)[9:]
    if by == "category":
        return cat.items[m.item].category or "(none)"
    if by == "month":
        return month_key(m.entry.date)
    if by == "week":
        return week_key(m.entry.date)
    return m.item


def profit(c: Costing, by: str = "item", period=None) -> Report:
    r = c.replayed
    cat = r.catalog
    values = c.values
    acc: dict = {}
    for i, m in enumerate(r.moves):
        k = m.kind
        if k != SALE and k != SALES_RETURN:
            continue
        if period is not None and not period.contains(m.entry.date):
            continue
        key = _key(m, by, cat)
        row = acc.get(key)
        if row is None:
            row = acc[key] = [ZERO, 0, 0]
        if k == SALE:
            row[0] += m.qty
            row[1] += m.amount
            row[2] += values[i]
        else:
            row[0] -= m.qty
            row[1] -= m.amount
            row[2] -= values[i]
    rows = []
    for key in sorted(acc):
        q, rev, cogs = acc[key]
        rows.append([key, q, rev, cogs, rev - cogs, _margin(rev - cogs, rev)])
    t_rev = sum(x[2] for x in rows)
    t_cogs = sum(x[3] for x in rows)
    totals = ["total", sum((x[1] for x in rows), ZERO) if by in ("item",) else None, t_rev, t_cogs,
              t_rev - t_cogs, _margin(t_rev - t_cogs, t_rev)] if rows else None
    cols = [Column("key"), Column("qty", "qty"), Column("revenue", "money"), Column("cogs", "money"),
            Column("gross_profit", "money"), Column("margin", "ratio", 4)]
    return Report(cols, rows, totals)


def _margin(gp: int, rev: int):
    return CONTEXT.divide(gp, rev) if rev else None


def losses(c: Costing, by: str = "item", period=None) -> Report:
    """Write-offs, count shortages and moves out at cost (positive), count surpluses (negative)."""
    r = c.replayed
    cat = r.catalog
    acc: dict = {}
    for i, m in enumerate(r.moves):
        if m.kind not in (ISSUE, SURPLUS):
            continue
        if period is not None and not period.contains(m.entry.date):
            continue
        if by == "reason":
            key = (m.dst if m.kind == ISSUE else m.src)
        else:
            key = _key(m, by if by != "customer" else "item", cat)
        sign = 1 if m.kind == ISSUE else -1
        row = acc.setdefault((key, m.entry.type), [ZERO, 0])
        row[0] += sign * m.qty
        row[1] += sign * c.values[i]
    rows = [[k, t, q, v] for (k, t), (q, v) in sorted(acc.items())]
    cols = [Column("key"), Column("type"), Column("qty", "qty"), Column("loss", "money")]
    return Report(cols, rows, ["total", "", None, sum(x[3] for x in rows)] if rows else None)
