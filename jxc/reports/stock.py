"""`jxc stock` and `jxc balance`: quantities on hand, and every account's balance."""

from __future__ import annotations

from jxc.ledger.accounts import account_name, is_location
from jxc.ledger.lots import lot_expiries
from jxc.ledger.replay import Replayed
from jxc.numbers import CONTEXT, ZERO
from jxc.reports.render import Column, Report

BY = ("item", "location", "category")


def positions(r: Replayed) -> dict:
    """(item, location) -> quantity, for every location account that ever held the item."""
    return {(item, account_name(acc)): q for (acc, item), q in r.balances.items() if is_location(acc)}


def stock(r: Replayed, items=None, at: str | None = None, by: str | None = None,
          zero: bool = False, valued: dict | None = None) -> Report:
    """Quantity on hand per item × location, or summed ``by`` item, location or category.

    Rows: [item, location, qty, unit] without ``by``; [KEY, qty, unit] with it, the
    first column named by what it is (``item``, ``location``, ``category``).  Summed
    rows never add different units: a location or category holding boxes and pieces
    has one row per unit.  ``valued`` maps (item, location) to value in cents, for
    ``--value`` (unit_cost and value columns).
    """
    cat = r.catalog
    rows: dict = {}
    for (item, loc), q in _positions_shown(r, items, at, zero).items():
        unit = cat.items[item].unit if item in cat.items else ""
        key = stock_key(cat, by, item, loc) + (unit,)
        cur = rows.setdefault(key, [ZERO, 0])
        cur[0] += q
        cur[1] += valued.get((item, loc), 0) if valued is not None else 0
    out = []
    for key in sorted(rows):
        q, v = rows[key]
        row = [*key[:-1], q, key[-1]]
        if valued is not None:
            # A unit cost means something for one item only.
            row += [CONTEXT.divide(v, q * 100) if q and by in (None, "item") else None, v]
        out.append(row)
    lead = [Column("item"), Column("location")] if by is None else [Column(by)]
    cols = lead + [Column("qty", "qty"), Column("unit")]
    if valued is not None:
        cols += [Column("unit_cost", "ratio", 4), Column("value", "money")]
    n = len(lead)
    totals = None
    if out:
        units = {row[n + 1] for row in out}
        # Quantities add up only in one unit.
        t_qty = sum((row[n] for row in out), ZERO) if len(units) == 1 else None
        totals = ["total"] + [""] * (n - 1) + [t_qty, units.pop() if len(units) == 1 else ""]
        if valued is not None:
            totals += [None, sum(row[-1] for row in out)]
        elif t_qty is None:
            totals = None       # several units and no value: nothing adds up, so no total row
    return Report(cols, out, totals)


def _positions_shown(r: Replayed, items, at, zero: bool) -> dict:
    """(item, location) -> quantity for the rows `stock` shows (with ``zero``: every
    catalog item, at the --at location or, never stocked, with no location)."""
    cat = r.catalog
    pos = positions(r)
    if zero:
        for sku in cat.items:
            if at:
                pos.setdefault((sku, at), ZERO)
            elif not any(k[0] == sku for k in pos):
                pos[(sku, "")] = ZERO
    return {(item, loc): q for (item, loc), q in pos.items()
            if not (items and item not in items) and not (at and loc != at) and (q != 0 or zero)}


def stock_key(cat, by: str | None, item: str, loc: str) -> tuple:
    """The key of a (item, location) position in a report ``--by`` item, location or category
    (both parts without ``by``)."""
    if by == "item":
        return (item,)
    if by == "location":
        return (loc,)
    if by == "category":
        return (cat.items[item].category or "(none)",)
    return (item, loc)


def balance(r: Replayed) -> Report:
    """Every account with a non-zero balance, virtual ones too; each item sums to zero."""
    rows = [[acc, item, q] for (acc, item), q in sorted(r.balances.items(),
                                                          key=lambda kv: (kv[0][1], kv[0][0])) if q != 0]
    total = sum((row[2] for row in rows), ZERO)
    return Report([Column("account"), Column("item"), Column("qty", "qty")], rows,
                  ["total", "", total] if rows else None)


def lots(r: Replayed, items=None, at: str | None = None, zero: bool = False) -> Report:
    """Stock of lot-tracked items per lot, with its expiry (:func:`jxc.ledger.lots.lot_expiries`),
    earliest first."""
    expiry = lot_expiries(r.moves)
    rows = []
    for (acc, item, lot), q in r.lot_balances.items():
        loc = account_name(acc)
        if (items and item not in items) or (at and loc != at) or (q == 0 and not zero):
            continue
        rows.append([item, loc, lot, expiry.get((item, lot)), q, r.catalog.items[item].unit])
    rows.sort(key=lambda x: (x[0], x[3] or __import__("datetime").date.max, x[2], x[1]))
    cols = [Column("item"), Column("location"), Column("lot"), Column("expiry", "date"),
            Column("qty", "qty"), Column("unit")]
    return Report(cols, rows)
