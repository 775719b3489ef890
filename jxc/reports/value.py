"""`jxc value`: the book value of stock per item × location, under any method.

The value of a row is the book value of its pool (SPEC 4): what was received less
what was issued, to the cent.  With one pool per item (``cost_pool: item``, or the
monthly average) the pool's value is shown per location in proportion to the
quantity there, each share rounded half-up and the last location (in name order)
taking the rest, so the locations add up to the pool exactly.  ``unit_cost`` is
value / qty, shown to 4 places.  Several methods side by side (``--costing
fifo,lifo``) give one value column per method instead of unit_cost and value.
"""

from __future__ import annotations

from jxc.ledger.accounts import account_name, is_location
from jxc.ledger.costing import Costing
from jxc.numbers import CONTEXT, ZERO, share_cents
from jxc.reports.render import Column, Report


def valued_positions(c: Costing) -> dict:
    """(item, location) -> (qty, value cents).  With one pool per item, its value is spread
    over the locations by quantity at the pool's unit cost, the last location taking the rest."""
    r = c.replayed
    out = {}
    if not c.pool_by_item:
        for (item, acc), p in c.pools.items():
            if is_location(acc) and (p.qty != 0 or p.value != 0):
                out[(item, account_name(acc))] = (p.qty, p.value)
        return out
    per_item: dict = {}
    for (acc, item), q in r.balances.items():
        if is_location(acc) and q != 0:
            per_item.setdefault(item, []).append((account_name(acc), q))
    for item, p in c.pools.items():
        locs = sorted(per_item.get(item, []))
        left = p.value
        for k, (loc, q) in enumerate(locs):
            v = left if k == len(locs) - 1 else share_cents(q, p.value, p.qty) if p.qty else 0
            left -= v
            out[(item, loc)] = (q, v)
        if not locs and p.value:
            out[(item, "")] = (p.qty, p.value)
    return out


def value(costings: list, by: str | None = None) -> Report:
    """qty, unit_cost and value per item × location, or summed ``by`` item, location or
    category (the first column named by what it is; location and category rows are
    per unit, so no quantity adds different units).  With several methods, one value
    column per method instead of unit_cost and value."""
    cat = costings[0].replayed.catalog
    tables = [valued_positions(c) for c in costings]
    keys = set()
    for t in tables:
        keys.update(k for k, (q, v) in t.items() if q != 0 or v != 0)
    rows: dict = {}
    for item, loc in keys:
        if by == "item":
            key = (item,)
        elif by == "location":
            key = (loc, _unit(cat, item))
        elif by == "category":
            key = (cat.items[item].category or "(none)", _unit(cat, item))
        else:
            key = (item, loc)
        cur = rows.setdefault(key, [ZERO] + [0] * len(tables))
        cur[0] += tables[0].get((item, loc), (ZERO, 0))[0]
        for i, t in enumerate(tables):
            cur[1 + i] += t.get((item, loc), (ZERO, 0))[1]
    out = []
    for key in sorted(rows):
        q, *vals = rows[key]
        row = [key[0], q, key[1]] if by in ("location", "category") else [*key, q]
        if len(tables) == 1:
            # A unit cost means something for one item only.
            one_item = by in (None, "item")
            row += [CONTEXT.divide(vals[0], q * 100) if q and one_item else None, vals[0]]
        else:
            row += vals
        out.append(row)
    if by is None:
        cols = [Column("item"), Column("location"), Column("qty", "qty")]
    elif by == "item":
        cols = [Column("item"), Column("qty", "qty")]
    else:
        cols = [Column(by), Column("qty", "qty"), Column("unit")]
    n = len(cols)
    blank = ["total"] + [None if c.name == "qty" else "" for c in cols[1:]]
    if len(tables) == 1:
        cols += [Column("unit_cost", "ratio", 4), Column("value", "money")]
        totals = blank + [None, sum(r_[-1] for r_ in out)]
    else:
        cols += [Column(c.method, "money") for c in costings]
        totals = blank + [sum(r_[n + i] for r_ in out) for i in range(len(costings))]
    return Report(cols, out, totals if out else None)


def _unit(cat, item: str) -> str:
    return cat.items[item].unit if item in cat.items else ""
