"""`jxc profit`: revenue, cost of goods sold and gross profit; losses apart.

revenue      = Σ sales at their prices − Σ sales returns at the prices of the sales they reverse
cogs         = Σ cost of sales − Σ cost of sales returns (what came back, at the cost the sale took out)
gross_profit = revenue − cogs;  margin = gross_profit / revenue (none without revenue)

A return counts in the period (and month) it is dated, against the customer and
item of the sale.  Write-offs, count differences and moves out of stock at cost
are losses, reported by :func:`losses` (``jxc profit --losses``), never in cogs.
"""

from __future__ import annotations

from jxc.ledger.costing import Costing
from jxc.ledger.replay import ISSUE, SALE, SALES_RETURN, SURPLUS
from jxc.numbers import CONTEXT, ZERO, fmt_money
from jxc.reports.period import month_key, week_key
from jxc.reports.render import Column, Report

BY = ("item", "customer", "category", "month")


def _key(m, by, cat):
    if by == "customer":
        return (m.dst if m.kind == SALE else m.src).split(":", 1)[1]
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
    # Quantities add up only within one item.
    t_qty = sum((x[1] for x in rows), ZERO) if by in ("item", "customer", "month") and _one_unit(rows, by, r) \
        else None
    totals = ["total", t_qty, t_rev, t_cogs, t_rev - t_cogs, _margin(t_rev - t_cogs, t_rev)] if rows else None
    cols = [Column("key"), Column("qty", "qty"), Column("revenue", "money"), Column("cogs", "money"),
            Column("gross_profit", "money"), Column("margin", "ratio", 4)]
    report = Report(cols, rows, totals)
    lost = losses(c, "item", period).totals
    if lost is not None and lost[-1]:
        report.notes.append(f"losses (write-offs, count differences), not in cogs: {fmt_money(lost[-1])}"
                            " — see: jxc profit --losses")
    return report


def _one_unit(rows, by, r) -> bool:
    if by == "item":
        return len({r.catalog.items[x[0]].unit for x in rows}) <= 1
    items = {m.item for m in r.moves if m.kind in (SALE, SALES_RETURN)}
    return len({r.catalog.items[i].unit for i in items}) <= 1


def _margin(gp: int, rev: int):
    return CONTEXT.divide(gp, rev) if rev else None


def losses(c: Costing, by: str = "item", period=None) -> Report:
    """Losses at cost: write-offs, count shortages and moves out of stock (positive), count
    surpluses and unpriced moves into stock (negative, gains), per key and reason."""
    r = c.replayed
    cat = r.catalog
    acc: dict = {}
    for i, m in enumerate(r.moves):
        if m.kind not in (ISSUE, SURPLUS):
            continue
        if period is not None and not period.contains(m.entry.date):
            continue
        key = _key(m, by if by != "customer" else "item", cat)
        sign = 1 if m.kind == ISSUE else -1
        row = acc.setdefault((key, m.entry.type, _reason(m)), [ZERO, 0])
        row[0] += sign * m.qty
        row[1] += sign * c.values[i]
    rows = [[k, t, why, q, v] for (k, t, why), (q, v) in sorted(acc.items())]
    cols = [Column("key"), Column("type"), Column("reason"), Column("qty", "qty"), Column("loss", "money")]
    return Report(cols, rows, ["total", "", "", None, sum(x[4] for x in rows)] if rows else None)


def _reason(m) -> str:
    """A write-off's reason (``loss:damaged`` → damaged), ``count``, or the account a move names."""
    other = m.dst if m.kind == ISSUE else m.src
    kind, _, name = other.partition(":")
    if kind in ("loss", "adjust"):
        return name
    return other
