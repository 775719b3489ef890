"""`jxc sales` and `jxc purchases`: quantities and amounts, net of returns.

sales:      qty    = Σ qty sold − Σ qty customers returned
            amount = Σ qty × sale price − Σ the amounts those returns reversed
                     (a sales return is a negative sale at the price of the sale it names)
purchases:  qty    = Σ qty received from suppliers − Σ qty returned to them
            amount = Σ qty × purchase price − Σ the amounts those returns reversed

Quantities are in each item's base unit; amounts in cents.  ``--monthly`` and
``--weekly`` lay the same numbers out as a pivot (rows × periods, like
``hledger balance -M``) with a total and a sparkline of the trend.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Iterator, NamedTuple

from jxc.ledger.accounts import account_name
from jxc.ledger.replay import PURCHASE_RETURN, RECEIPT, SALE, SALES_RETURN, SURPLUS, Replayed
from jxc.numbers import ZERO
from jxc.reports.period import Period, month_key, week_key
from jxc.reports.render import Column, Report
from jxc.reports.sparkline import sparkline
from jxc.reports.suppliers import supplier_of
from jxc.ledger.accounts import SUPPLIER, is_kind

SALES_BY = ("item", "month", "week", "customer", "supplier", "category")
PURCHASES_BY = ("item", "month", "week", "supplier", "category")


class Flow(NamedTuple):
    """One line of trade: goods out to a customer or in from a supplier (negative when returned)."""

    date: dt.date
    item: str
    partner: str      # the customer of a sale, the supplier of a purchase
    location: str
    qty: Decimal
    amount: int       # cents


def sales_flows(r: Replayed, period: Period | None = None) -> Iterator[Flow]:
    for m in r.moves:
        if period is not None and not period.contains(m.entry.date):
            continue
        if m.kind == SALE:
            yield Flow(m.entry.date, m.item, account_name(m.dst), account_name(m.src), m.qty, m.amount)
        elif m.kind == SALES_RETURN:
            yield Flow(m.entry.date, m.item, account_name(m.src), account_name(m.dst), -m.qty, -m.amount)


def purchase_flows(r: Replayed, period: Period | None = None) -> Iterator[Flow]:
    values = None
    for i, m in enumerate(r.moves):
        if period is not None and not period.contains(m.entry.date):
            continue
        k = m.kind
        if (k == RECEIPT or k == SURPLUS) and is_kind(m.src, SUPPLIER):
            amount = m.amount
            if amount is None:
                # A `move` in from a supplier without a price comes in at cost (SPEC 4);
                # only then is the costing pass worth running.
                if values is None:
                    from jxc.ledger.costing import cost
                    values = cost(r).values
                amount = values[i]
            yield Flow(m.entry.date, m.item, account_name(m.src), account_name(m.dst), m.qty, amount)
        elif k == PURCHASE_RETURN:
            yield Flow(m.entry.date, m.item, account_name(m.dst), account_name(m.src), -m.qty, -m.amount)


def key_function(by: str, r: Replayed, purchases: bool):
    """Flow -> the row it adds to."""
    cat = r.catalog
    if by == "month":
        return lambda f: month_key(f.date)
    if by == "week":
        return lambda f: week_key(f.date)
    if by == "category":
        return lambda f: cat.items[f.item].category or "(none)"
    if by == "customer" or (by == "supplier" and purchases):
        return lambda f: f.partner
    if by == "supplier":
        # A sale has no supplier; its goods do: the one the item was last bought from.
        sup = supplier_of(r)
        return lambda f: sup.get(f.item, "(none)")
    return lambda f: f.item


def _total_qty(items: set, cat, qtys) -> Decimal | None:
    """Quantities add up only when they are in one unit."""
    units = {cat.items[i].unit for i in items}
    return sum(qtys, ZERO) if len(units) <= 1 else None


def summary(r: Replayed, flows, by: str, purchases: bool = False) -> Report:
    """[key, qty, amount] per key, sorted by key, with a totals row; the key column is
    named by what it is (``item``, ``customer``, ``supplier``, ``category``, ``month``, ``week``)."""
    key = key_function(by, r, purchases)
    acc: dict = {}
    items = set()
    for f in flows:
        row = acc.get(k := key(f))
        if row is None:
            row = acc[k] = [ZERO, 0]
        row[0] += f.qty
        row[1] += f.amount
        items.add(f.item)
    rows = [[k, q, a] for k, (q, a) in sorted(acc.items())]
    totals = None
    if rows:
        totals = ["total", _total_qty(items, r.catalog, (x[1] for x in rows)), sum(x[2] for x in rows)]
    return Report([Column(by), Column("qty", "qty"), Column("amount", "money")], rows, totals)


def buckets(first: dt.date | None, last: dt.date | None, every: str) -> list[str]:
    """Consecutive month, ISO-week or day labels from ``first`` to ``last``, empty ones included."""
    if first is None or last is None or last < first:
        return []
    out = []
    if every == "day":
        return [(first + dt.timedelta(days=k)).isoformat() for k in range((last - first).days + 1)]
    if every == "month":
        y, m = first.year, first.month
        while (y, m) <= (last.year, last.month):
            out.append(f"{y:04d}-{m:02d}")
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    else:
        d = first - dt.timedelta(days=first.weekday())
        while d <= last:
            out.append(week_key(d))
            d += dt.timedelta(days=7)
    return out


def pivot(r: Replayed, flows, by: str, every: str, measure: str = "amount",
          period: Period | None = None, purchases: bool = False) -> Report:
    """Rows by ``by``, one column per month/week, then ``total`` and a ``trend`` sparkline.

    The columns run over the whole period when it is bounded, else from the first
    to the last flow, so a month without trade shows as 0 rather than vanishing.
    """
    key = key_function(by, r, purchases)
    label = month_key if every == "month" else week_key
    flows = list(flows)
    first = period.begin if period and period.begin else min((f.date for f in flows), default=None)
    last = (period.end - dt.timedelta(days=1)) if period and period.end else \
        max((f.date for f in flows), default=None)
    cols = buckets(first, last, every)
    index = {c: j for j, c in enumerate(cols)}
    zero = ZERO if measure == "qty" else 0
    acc: dict = {}
    items = set()
    for f in flows:
        cells = acc.get(k := key(f))
        if cells is None:
            cells = acc[k] = [zero] * len(cols)
        cells[index[label(f.date)]] += f.qty if measure == "qty" else f.amount
        items.add(f.item)
    kind = "qty" if measure == "qty" else "money"
    rows = []
    for k, cells in sorted(acc.items()):
        rows.append([k, *cells, sum(cells, zero), sparkline(cells)])
    totals = None
    if rows and (measure != "qty" or len({r.catalog.items[i].unit for i in items}) == 1):
        sums = [sum((x[1 + j] for x in rows), zero) for j in range(len(cols))]
        totals = ["total", *sums, sum(sums, zero), sparkline(sums)]
    columns = [Column(by)] + [Column(c, kind) for c in cols] + [Column("total", kind), Column("trend", "spark")]
    return Report(columns, rows, totals)
