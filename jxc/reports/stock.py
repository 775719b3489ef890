"""`jxc stock` and `jxc balance`: quantities on hand, and every account's balance."""

from __future__ import annotations

from jxc.ledger.replay import Replayed
from jxc.numbers import ZERO
from jxc.reports.render import Column, Report

BY = ("item", "location", "category")


def positions(r: Replayed) -> dict:
    """(item, location) -> quantity, for every location account that ever held the item."""
    return {(item, acc[9:]): q for (acc, item), q in r.balances.items() if acc.startswith("location:")}


def stock(r: Replayed, items=None, at: str | None = None, by: str | None = None,
          zero: bool = False, valued: dict | None = None) -> Report:
    """Quantity on hand per item × location (or summed ``by`` item, location or category).

    ``valued`` maps (item, location) to value in cents, for ``--value``.
    """
    cat = r.catalog
    pos = positions(r)
    if zero:
        # every catalog item shows up: at the --at location, or (never stocked) with no location
        for sku in cat.items:
            if at:
                pos.setdefault((sku, at), ZERO)
            elif not any(k[0] == sku for k in pos):
                pos[(sku, "")] = ZERO
    rows = {}
    for (item, loc), q in pos.items():
        if items and item not in items:
            continue
        if at and loc != at:
            continue
        if q == 0 and not zero:
            continue
        unit = cat.items[item].unit
        if by == "item":
            key = (item, "")
        elif by == "location":
            key, unit = ("", loc), None
        elif by == "category":
            key, unit = (cat.items[item].category or "(none)", ""), None
        else:
            key = (item, loc)
        cur = rows.get(key)
        v = valued.get((item, loc), 0) if valued is not None else 0
        if cur is None:
            rows[key] = [key[0], key[1], q, unit, v]
        else:
            cur[2] += q
            cur[4] += v
            if cur[3] != unit:
                cur[3] = None
    out = []
    for key in sorted(rows):
        item, loc, q, unit, v = rows[key]
        if by in (None, "item") and item in cat.items:
            unit = cat.items[item].unit
        row = [item, loc, q, unit or ""]
        if valued is not None:
            from jxc.numbers import CONTEXT
            uc = CONTEXT.divide(v, q * 100) if q else None
            row += [uc, v]
        out.append(row)
    cols = [Column("item"), Column("location"), Column("qty", "qty"), Column("unit")]
    if valued is not None:
        cols += [Column("unit_cost", "ratio", 4), Column("value", "money")]
    totals = None
    if out and valued is not None:
        totals = ["total", "", None, "", None, sum(r_[5] for r_ in out)]
    elif out and (by == "location" or len({r_[3] for r_ in out}) == 1):
        totals = ["total", "", sum((r_[2] for r_ in out), ZERO), out[0][3] if by != "location" else "", ]
    return Report(cols, out, totals)


def balance(r: Replayed) -> Report:
    """Every account with a non-zero balance, virtual ones too; each item sums to zero."""
    rows = [[acc, item, q] for (acc, item), q in sorted(r.balances.items(),
                                                          key=lambda kv: (kv[0][1], kv[0][0])) if q != 0]
    total = sum((row[2] for row in rows), ZERO)
    return Report([Column("account"), Column("item"), Column("qty", "qty")], rows,
                  ["total", "", total] if rows else None)


def lots(r: Replayed, items=None, at: str | None = None, zero: bool = False) -> Report:
    """Stock of lot-tracked items per lot, with the expiry its receipt gave (earliest first)."""
    expiry: dict = {}
    for m in r.moves:
        ln = m.line
        if ln is not None and ln.expiry is not None and m.lot is not None:
            key = (m.item, m.lot)
            if key not in expiry or ln.expiry < expiry[key]:
                expiry[key] = ln.expiry
    rows = []
    for (acc, item, lot), q in r.lot_balances.items():
        loc = acc[9:]
        if (items and item not in items) or (at and loc != at) or (q == 0 and not zero):
            continue
        rows.append([item, loc, lot, expiry.get((item, lot)), q, r.catalog.items[item].unit])
    rows.sort(key=lambda x: (x[0], x[3] or __import__("datetime").date.max, x[2], x[1]))
    cols = [Column("item"), Column("location"), Column("lot"), Column("expiry", "date"),
            Column("qty", "qty"), Column("unit")]
    return Report(cols, rows)
