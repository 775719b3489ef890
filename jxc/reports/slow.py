"""`jxc slow`: stock that sits (呆滞库存) — items on hand that have not sold in N days.

For each item with a positive quantity on hand at the as-of date (at ``--at LOC``,
else over all locations):

    last_sale = the date of its last sale on or before the as-of date (empty: never sold)
    idle_days = as-of date − last_sale, or − the date it first came into stock when it
                never sold (a new item is not dead stock the day it arrives)
    slow      = idle_days ≥ N      (no sale in the N days ending on the as-of date)

value is the book value of what is on hand.  Rows come largest value first: the
money that sits longest in the shelves is the first to act on.
"""

from __future__ import annotations

import datetime as dt

from jxc.ledger.accounts import is_location, location_account
from jxc.ledger.costing import Costing
from jxc.ledger.replay import SALE, VIRTUAL
from jxc.numbers import ZERO
from jxc.reports.render import Column, Report
from jxc.reports.value import valued_positions

COLUMNS = [Column("item"), Column("qty", "qty"), Column("unit"), Column("value", "money"),
           Column("last_sale", "date"), Column("idle_days", "int")]


def slow(c: Costing, as_of: dt.date, days: int = 90, at: str | None = None) -> Report:
    r = c.replayed
    acc = location_account(at) if at else None
    last_sale: dict = {}
    first_in: dict = {}
    for m in r.moves:
        if m.kind == VIRTUAL or m.entry.date > as_of:
            continue
        if m.kind == SALE and (acc is None or m.src == acc):
            last_sale[m.item] = m.entry.date
        into = m.dst == acc if acc else is_location(m.dst)
        if into and m.item not in first_in:
            first_in[m.item] = m.entry.date
    held: dict = {}
    for (item, loc), (q, v) in valued_positions(c).items():
        if at and loc != at:
            continue
        cur = held.setdefault(item, [ZERO, 0])
        cur[0] += q
        cur[1] += v
    rows = []
    for item, (q, v) in held.items():
        if q <= 0:
            continue
        since = last_sale.get(item) or first_in.get(item)
        idle = (as_of - since).days if since else None
        if idle is None or idle >= days:
            rows.append([item, q, r.catalog.items[item].unit, v, last_sale.get(item), idle])
    rows.sort(key=lambda x: (-x[3], x[0]))
    totals = ["total", None, "", sum(x[3] for x in rows), None, None] if rows else None
    note = f"as of {as_of}{' at ' + at if at else ''}: stock on hand with no sale in the last {days} days"
    return Report(list(COLUMNS), rows, totals, notes=[note])
