"""`jxc orders` and `jxc stock --projected`: what is expected, from the order rules.

Both are pure functions over an :class:`~jxc.ledger.orders.OrderBook` (and, for
the projection, the replayed balances); every figure comes from the rules in
:mod:`jxc.ledger.orders` (outstanding, status, days late, projected, available).
"""

from __future__ import annotations

import datetime as dt

from jxc.ledger.accounts import account_name, is_location
from jxc.ledger.orders import OrderBook, available, days_late, projected
from jxc.numbers import ZERO
from jxc.reports.render import Column, Report
from jxc.reports.stock import stock_key

ORDER_COLUMNS = [Column("id"), Column("date", "date"), Column("type"), Column("partner"), Column("item"),
                 Column("ordered", "qty"), Column("fulfilled", "qty"), Column("outstanding", "qty"),
                 Column("due", "date"), Column("status"), Column("days_late", "int")]


def orders(ob: OrderBook, as_of: dt.date, kind: str | None = None, statuses=None, partner: str | None = None,
           overdue: bool = False, items=None) -> Report:
    """One row per order line: [id, date, type, partner, item, ordered, fulfilled, outstanding,
    due, status, days_late], in journal order.

    ``statuses`` (a set) keeps orders of those statuses; ``overdue`` keeps lines still
    outstanding after their due date (``days_late`` > 0 on ``as_of``).  Quantities are
    in the item's base unit; ``days_late`` counts days from the line's due date to
    ``as_of`` while something is outstanding.
    """
    rows = []
    for o in ob.orders:
        if (kind and o.type != kind) or (statuses and o.status not in statuses) or \
                (partner and o.partner != partner):
            continue
        for ln in o.lines:
            if items and ln.item not in items:
                continue
            late = days_late(ln.due, ln.outstanding, as_of)
            if overdue and late <= 0:
                continue
            rows.append([o.id, o.date, o.type, o.partner, ln.item, ln.ordered, ln.fulfilled,
                         ln.outstanding, ln.due, o.status, late])
    notes = [f"as of {as_of}; quantities in each item's base unit"] if rows else []
    return Report(list(ORDER_COLUMNS), rows, notes=notes)


PROJECTED_COLUMNS = [Column("on_order", "qty"), Column("committed", "qty"), Column("available", "qty"),
                     Column("projected", "qty")]


def projected_stock(r, ob: OrderBook, items=None, at: str | None = None, by: str | None = None,
                    zero: bool = False) -> Report:
    """Stock with what is expected: [item, location, qty, unit, on_order, committed, available,
    projected] per item × location, or summed ``by`` item, location or category ([KEY, qty,
    unit, ...]: the key column named by what it is, one row per unit).

    ``on_order``/``committed``: outstanding on open po / so for that location;
    ``available`` = qty − committed; ``projected`` = qty + on_order − committed.
    A position shows when any of its figures is not zero (``zero``: always).
    """
    cat = r.catalog
    figures: dict = {}
    for (acc, item), q in r.balances.items():
        if is_location(acc):
            figures[(item, account_name(acc))] = [q, ZERO, ZERO]
    for (loc, item), (on_order, committed) in ob.expected().items():
        f = figures.setdefault((item, loc), [ZERO, ZERO, ZERO])
        f[1], f[2] = on_order, committed
    if zero and at:
        for sku in cat.items:
            figures.setdefault((sku, at), [ZERO, ZERO, ZERO])
    rows: dict = {}
    for (item, loc), (q, on_order, committed) in figures.items():
        if (items and item not in items) or (at and loc != at):
            continue
        if not zero and q == 0 and on_order == 0 and committed == 0:
            continue
        # As `stock --by`: the key column named by what it is, one row per unit.
        key = stock_key(cat, by, item, loc) + (cat.items[item].unit,)
        acc = rows.setdefault(key, [ZERO, ZERO, ZERO])
        acc[0] += q
        acc[1] += on_order
        acc[2] += committed
    out = []
    for key in sorted(rows):
        q, on_order, committed = rows[key]
        out.append([*key[:-1], q, key[-1], on_order, committed, available(q, committed),
                    projected(q, on_order, committed)])
    lead = [Column("item"), Column("location")] if by is None else [Column(by)]
    cols = lead + [Column("qty", "qty"), Column("unit")] + PROJECTED_COLUMNS
    return Report(cols, out)
