"""`jxc aging`: stock value by the age of the layers it sits in.

Age = as-of date − receipt date of the layer.  FIFO/LIFO/specific: the real cost
layers (a transfer keeps the receipt dates).  Moving and monthly average have no
layers, so their quantity on hand is dated as if the oldest receipts were used
first (what is left is the newest), and each dated part is valued at the pool's
average unit cost.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from jxc.ledger.costing import Costing
from jxc.numbers import CONTEXT, ZERO, amount_cents, share_cents
from jxc.reports.render import Column, Report

DEFAULT_BUCKETS = (30, 60, 90, 180)


def bucket_names(buckets) -> list[str]:
    names = []
    lo = 0
    for b in buckets:
        names.append(f"{lo}-{b}")
        lo = b + 1
    names.append(f">{buckets[-1]}")
    return names


def aging(c: Costing, as_of: dt.date, buckets=DEFAULT_BUCKETS, by: str = "item") -> Report:
    names = bucket_names(buckets)
    layered = c.method in ("fifo", "lifo", "specific")
    rows: dict = {}
    for key, p in c.pools.items():
        item, loc = (key, "") if isinstance(key, str) else (key[0], key[1][9:])
        if p.qty <= 0:
            continue
        layers = [lay for lay in p.layers if lay.qty > 0]
        total_q = sum((lay.qty for lay in layers), ZERO)
        parts = [0] * len(names)
        qparts = [ZERO] * len(names)
        left = p.value
        for k, lay in enumerate(layers):
            age = (as_of - lay.date).days
            b = next((j for j, lim in enumerate(buckets) if age <= lim), len(buckets))
            if k == len(layers) - 1:
                v = left          # the newest part takes what rounding left, so rows sum to book value
            elif layered:
                v = amount_cents(lay.qty, lay.cost)
            else:
                v = share_cents(lay.qty, p.value, total_q)
            left -= v
            parts[b] += v
            qparts[b] += lay.qty
        oldest = min((lay.date for lay in layers), default=None)
        rk = (item, loc) if by != "item" or not c.pool_by_item else (item, "")
        cur = rows.setdefault(rk, [ZERO, 0, [0] * len(names), oldest])
        cur[0] += p.qty
        cur[1] += p.value
        cur[2] = [a + b for a, b in zip(cur[2], parts)]
        if oldest and (cur[3] is None or oldest < cur[3]):
            cur[3] = oldest
    out = []
    for (item, loc), (q, v, parts, oldest) in sorted(rows.items()):
        avg_age = None
        out.append([item, loc, q, v, *parts, (as_of - oldest).days if oldest else None])
    cols = [Column("item"), Column("location"), Column("qty", "qty"), Column("value", "money")]
    cols += [Column(n, "money") for n in names] + [Column("oldest_days", "int")]
    totals = ["total", "", None, sum(x[3] for x in out)] + \
             [sum(x[4 + j] for x in out) for j in range(len(names))] + [None]
    return Report(cols, out, totals if out else None)
