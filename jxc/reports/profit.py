"""`jxc profit`: revenue, cost of goods sold and gross profit; losses apart.

revenue      = Σ sales at their prices − Σ sales returns at the prices of the sales they reverse
cogs         = Σ cost of sales − Σ cost of sales returns (what came back, at the cost the sale took out)
gross_profit = revenue − cogs;  margin = gross_profit / revenue (none without revenue)

A return counts in the period (and month) it is dated, against the customer and
item of the sale.  With stock below zero, the re-costing of a sale (or write-off)
counts on the date of the receipt that covered it (SPEC 4), so the months of a year
add up to the year and no period changes because of entries dated after it.  Write-offs, count differences and moves out of stock at cost
are losses, reported by :func:`losses` (``jxc profit --losses``), never in cogs.
"""

from __future__ import annotations

from jxc.ledger.accounts import account_name
from jxc.ledger.costing import Costing, booked_values
from jxc.ledger.replay import ISSUE, SALE, SALES_RETURN, SURPLUS
from jxc.numbers import CONTEXT, ZERO, fmt_money
from jxc.reports.period import month_key, week_key
from jxc.reports.render import Column, Report
from jxc.ledger.accounts import ADJUST, LOSS, Account

BY = ("item", "customer", "category", "month")


def _key(m, by, cat, date):
    """The row a value along move ``m``, booked on ``date``, adds to."""
    if by == "customer":
        return account_name(m.dst if m.kind == SALE else m.src)
    if by == "category":
        return cat.items[m.item].category or "(none)"
    if by == "month":
        return month_key(date)
    if by == "week":
        return week_key(date)
    return m.item


def profit(c: Costing, by: str = "item", period=None) -> Report:
    """qty, revenue, cogs, gross_profit and margin per ``by`` key (item, customer,
    category, month, week) for the values booked in ``period`` (cents; qty in base
    units).  The key column is named by what it is (``item``, ``customer``, ...)."""
    r = c.replayed
    cat = r.catalog
    moves = r.moves
    acc: dict = {}
    for at, i, v in booked_values(c, (SALE, SALES_RETURN)):
        m = moves[i]
        date = moves[at].entry.date
        if period is not None and not period.contains(date):
            continue
        key = _key(m, by, cat, date)
        row = acc.get(key)
        if row is None:
            row = acc[key] = [ZERO, 0, 0]
        sign = 1 if m.kind == SALE else -1
        if at == i:       # the move's own date: its quantity and revenue count here
            row[0] += sign * m.qty
            row[1] += sign * m.amount
        row[2] += sign * v
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
    cols = [Column(by), Column("qty", "qty"), Column("revenue", "money"), Column("cogs", "money"),
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
    moves = r.moves
    acc: dict = {}
    key_by = by if by != "customer" else "item"
    for at, i, v in booked_values(c, (ISSUE, SURPLUS)):
        m = moves[i]
        date = moves[at].entry.date
        if period is not None and not period.contains(date):
            continue
        key = _key(m, key_by, cat, date)
        sign = 1 if m.kind == ISSUE else -1
        row = acc.setdefault((key, m.entry.type, _reason(m)), [ZERO, 0])
        if at == i:
            row[0] += sign * m.qty
        row[1] += sign * v
    rows = [[k, t, why, q, v] for (k, t, why), (q, v) in sorted(acc.items())]
    cols = [Column(key_by), Column("type"), Column("reason"), Column("qty", "qty"), Column("loss", "money")]
    return Report(cols, rows, ["total", "", "", None, sum(x[4] for x in rows)] if rows else None)


def _reason(m) -> str:
    """A write-off's reason (``loss:damaged`` → damaged), ``count``, or the account a move names."""
    other = m.dst if m.kind == ISSUE else m.src
    kind, name = Account.parse(other)
    if kind in (LOSS, ADJUST):
        return name
    return other
