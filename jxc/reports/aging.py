"""`jxc aging`: stock value by the age of the layers it sits in.

Age = as-of date − receipt date of the layer, in days; a layer ``age`` days old falls
in the first bucket whose upper bound is ≥ age (``0-30``, ``31-60``, ..., ``>180``).

- FIFO/LIFO/specific: the real cost layers, each valued at its own unit cost.  A
  transfer keeps the receipt dates; a sales return is a new layer dated the day it
  came back.
- Moving and monthly average have no cost layers.  Their quantity on hand is dated
  as if the oldest receipts had gone out first (what is left is the newest: a FIFO
  picture of the quantity), and each dated part is valued at the pool's average
  unit cost.
- In every case the newest part of a pool takes what rounding leaves, so the buckets
  of a row add up to its book value exactly.

Under ``specific`` costing a lot-tracked item has one row per lot, with the lot's
``expiry`` (as the journal's lines give it).
"""

from __future__ import annotations

import datetime as dt

from jxc.ledger.accounts import account_name
from jxc.ledger.costing import LAYERED, Costing
from jxc.ledger.lots import lot_expiries
from jxc.numbers import ZERO, amount_cents, share_cents
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


def _bucket(age: int, buckets) -> int:
    return next((j for j, lim in enumerate(buckets) if age <= lim), len(buckets))


def expiries(r) -> dict:
    """(item, lot) -> expiry date: the lot's rule (:func:`jxc.ledger.lots.lot_expiries`)."""
    return lot_expiries(r.moves)


def aging(c: Costing, as_of: dt.date, buckets=DEFAULT_BUCKETS, by: str = "item") -> Report:
    names = bucket_names(buckets)
    layered = c.method in LAYERED
    cat = c.replayed.catalog
    by_lot = c.method == "specific"
    rows: dict = {}
    for key, p in c.pools.items():
        item, loc = (key, "") if isinstance(key, str) else (key[0], account_name(key[1]))
        if p.qty <= 0:
            continue
        split = by_lot and cat.items[item].lots
        layers = [lay for lay in p.layers if lay.qty > 0]
        total_q = sum((lay.qty for lay in layers), ZERO)
        left = p.value
        # Oldest first; the newest part takes what rounding left.
        for k, lay in enumerate(sorted(layers, key=lambda x: x.key())):
            if k == len(layers) - 1:
                v = left
            elif layered:
                v = amount_cents(lay.qty, lay.cost)
            else:
                v = share_cents(lay.qty, p.value, total_q)
            left -= v
            rk = (item, loc, lay.lot if split else None)
            cur = rows.setdefault(rk, [ZERO, 0, [0] * len(names), None])
            cur[0] += lay.qty
            cur[1] += v
            cur[2][_bucket((as_of - lay.date).days, buckets)] += v
            if cur[3] is None or lay.date < cur[3]:
                cur[3] = lay.date
        if not layers:
            rows.setdefault((item, loc, None), [p.qty, p.value, [0] * len(names), None])
    with_lots = any(k[2] is not None for k in rows)
    exp = expiries(c.replayed) if with_lots else {}
    out = []
    for (item, loc, lot), (q, v, parts, oldest) in sorted(rows.items(), key=lambda kv: (kv[0][0], kv[0][1],
                                                                                       kv[0][2] or "")):
        row = [item, loc]
        if with_lots:
            row += [lot or "", exp.get((item, lot))]
        row += [q, v, *parts, (as_of - oldest).days if oldest else None]
        out.append(row)
    cols = [Column("item"), Column("location")]
    if with_lots:
        cols += [Column("lot"), Column("expiry", "date")]
    cols += [Column("qty", "qty"), Column("value", "money")]
    cols += [Column(n, "money") for n in names] + [Column("oldest_days", "int")]
    first = 4 if with_lots else 2
    totals = ["total", ""] + ([""] * 2 if with_lots else []) + [None, sum(x[first + 1] for x in out)] + \
             [sum(x[first + 2 + j] for x in out) for j in range(len(names))] + [None]
    return Report(cols, out, totals if out else None)
