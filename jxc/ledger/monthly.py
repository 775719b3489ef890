"""Monthly weighted average (月末一次加权平均): costing by calendar month (SPEC 4).

One pool per item.  Each month is costed in two passes: :func:`month_rates` values
the month's receipts and gives each item's unit cost for the month,
:func:`apply_month` applies them to the month's moves in journal order, and
:func:`close_month` lets a pool left empty be worth 0.
"""

from __future__ import annotations

from decimal import Decimal

from jxc.ledger.costbook import Costing, book_recost, no_cost_problem, recost, share_of
from jxc.ledger.landedcost import kept_share
from jxc.ledger.pools import Pool, left_in_empty_pool, receive, take_layers
from jxc.ledger.replay import (ISSUE, LANDED, PURCHASE_RETURN, RECEIPT, SALE, SALES_RETURN, SURPLUS,
                               TRANSFER, VIRTUAL)
from jxc.numbers import CONTEXT, ZERO, amount_cents, share_cents

_div = CONTEXT.divide


def _month(m) -> tuple[int, int]:
    d = m.entry.date
    return (d.year, d.month)


def monthly_average(c: Costing) -> None:
    """Per calendar month and item: unit cost = (opening value + receipts) / (opening qty + receipts' qty).

    Receipts are purchases, openings, priced moves in, count surpluses and sales
    returns of an earlier month's sale (at the cost that sale took out); a purchase
    return is a negative receipt.  Every issue of the month takes q × that cost; a
    sales return in the month of its sale is a negative issue.  Transfers move no
    value (one pool per item).  When the month closes with the pool empty, its last
    issue takes what is left, so an empty pool is worth 0.  Within an unfinished
    month (a replay that ends mid-month) the cost is the month-to-date one.
    """
    moves = c.replayed.moves
    origins = {id(m.origin) for m in moves if m.origin is not None}
    index_of = {id(m): i for i, m in enumerate(moves) if id(m) in origins} if origins else {}
    returned: dict = {}
    n = len(moves)
    start = 0
    seq = [0]
    while start < n:
        month = _month(moves[start])
        end = start
        while end < n and _month(moves[end]) == month:
            end += 1
        rate, kept = month_rates(c, start, end, index_of, returned)
        touched = apply_month(c, start, end, rate, kept, index_of, returned, seq)
        close_month(c, start, touched)
        for item, (v, q) in rate.items():
            c.pools[item].last_cost = _div(Decimal(v), q * 100)
        start = end


def _is_receipt(m, month) -> bool:
    """A receipt of the month: purchase, opening, priced move in, count surplus, or the
    return of an earlier month's sale."""
    k = m.kind
    return k == RECEIPT or k == SURPLUS or (k == SALES_RETURN and _month(m.origin) != month)


def month_rates(c: Costing, start: int, end: int, index_of: dict, returned: dict) -> tuple[dict, dict]:
    """Pass 1 of the month of moves [start, end): value its receipts (into ``c.values``) and
    return (item -> (opening value + receipts in cents, opening qty + receipts' qty), the
    month's unit cost kept as a fraction so an issue takes q × V / Q with one division;
    landed move index -> the cents its pool keeps)."""
    moves = c.replayed.moves
    values = c.values
    catalog = c.replayed.catalog
    month = _month(moves[start])
    # The previous month's cost: what a count surplus without a price comes in at.
    prev_cost = {item: p.last_cost for item, p in c.pools.items()}
    rq: dict = {}
    rv: dict = {}
    landed = []
    for i in range(start, end):
        m = moves[i]
        k = m.kind
        if k == VIRTUAL:
            continue
        c.pool(m.item, "")
        if k == PURCHASE_RETURN:
            values[i] = m.amount
            rq[m.item] = rq.get(m.item, ZERO) - m.qty
            rv[m.item] = rv.get(m.item, 0) - m.amount
            continue
        if k == LANDED:
            landed.append(i)
            continue
        if not _is_receipt(m, month):
            continue
        if k == RECEIPT:
            v = m.amount
        elif k == SURPLUS:
            unit = m.unit_cost
            if unit is None:
                unit = prev_cost.get(m.item)
            if unit is None:
                unit = catalog.items[m.item].cost
            if unit is None:
                c.problems.append(no_cost_problem(m))
                unit = ZERO
            v = amount_cents(m.qty, unit)
        else:
            v = share_of(m.origin, values[index_of[id(m.origin)]], m.qty, returned)
        values[i] = v
        rq[m.item] = rq.get(m.item, ZERO) + m.qty
        rv[m.item] = rv.get(m.item, 0) + v
    kept = {i: _landed_in_month(c, i, rq, rv) for i in landed}
    rate: dict = {}
    for item, p in c.pools.items():
        q = p.qty + rq.get(item, ZERO)
        if q > 0:
            rate[item] = (p.value + rv.get(item, 0), q)
    return rate, kept


def _landed_in_month(c: Costing, i: int, rq: dict, rv: dict) -> int:
    """A landed share in the month's pass 1: the pool of the month (opening + receipts)
    keeps :func:`kept_share` as a receipt of value, so the month's issues take their part
    through the month's unit cost; the share of goods gone in earlier months goes along
    the item's last issue before the month, on the landed date.  Returns what is kept."""
    m = c.replayed.moves[i]
    p = c.pools[m.item]
    c.values[i] = m.amount
    kept = kept_share(m.amount, m.origin.qty, p.qty + rq.get(m.item, ZERO))
    if kept != m.amount and p.last_out is not None:
        book_recost(c, i, p.last_out, m.amount - kept)
    else:
        kept = m.amount
    rv[m.item] = rv.get(m.item, 0) + kept
    return kept


def apply_month(c: Costing, start: int, end: int, rate: dict, kept: dict, index_of: dict, returned: dict,
                seq: list) -> dict:
    """Pass 2 of the month of moves [start, end), in journal order: receipts in, issues
    out at the month's ``rate``, a sales return of the month as a negative issue, a landed
    share's ``kept`` part into the pool.  Returns item -> the index of its last move of the month."""
    moves = c.replayed.moves
    values = c.values
    catalog = c.replayed.catalog
    month = _month(moves[start])
    touched: dict = {}
    for i in range(start, end):
        m = moves[i]
        k = m.kind
        if k == VIRTUAL:
            continue
        p = c.pools[m.item]
        touched[m.item] = i
        if _is_receipt(m, month):
            seq[0] += 1
            receive(p, m.qty, None, values[i], m.entry.date, seq[0], m.lot, m)
        elif k == PURCHASE_RETURN:
            take_layers(p, m.qty, False, prefer=m.origin)
            p.qty -= m.qty
            p.value -= values[i]
            p.last_out = i
        elif k == SALE or k == ISSUE:
            v = _at_rate(m.qty, rate.get(m.item), p, catalog.items[m.item].cost)
            values[i] = v
            parts, need = take_layers(p, m.qty, False)
            p.deficit += need
            p.qty -= m.qty
            p.value -= v
            p.last_out = i
        elif k == SALES_RETURN:   # in the month of its sale: a negative issue
            o = m.origin
            v = share_of(o, values[index_of[id(o)]], m.qty, returned)
            values[i] = v
            seq[0] += 1
            receive(p, m.qty, None, v, m.entry.date, seq[0], m.lot, None)
        elif k == TRANSFER:   # no value moves; the card shows what the goods are worth
            values[i] = _at_rate(m.qty, rate.get(m.item), p, None)
        elif k == LANDED:
            p.value += kept[i]      # the share valued in pass 1 (:func:`_landed_in_month`)
    return touched


def close_month(c: Costing, start: int, touched: dict) -> None:
    """The month closes: a pool left empty is worth 0; its last issue takes the rest
    (:func:`left_in_empty_pool`).  With stock below zero that issue may be of an earlier
    month: the change is then booked in this month, on the date of the item's last move
    (SPEC 4: never back in a closed period)."""
    for item, last in touched.items():
        p = c.pools[item]
        rest = left_in_empty_pool(p)
        if rest and p.last_out is not None:
            if p.last_out >= start:
                c.values[p.last_out] += rest
                p.value = 0
            else:
                recost(c, p, last, p.last_out, rest)


def _at_rate(qty, rate, p: Pool, fallback) -> int:
    """q × the month's unit cost; without one (nothing on hand or received: stock below
    zero) the last month's, else the catalog's cost."""
    if rate is not None:
        return share_cents(qty, rate[0], rate[1])
    u = p.last_cost if p.last_cost is not None else fallback
    return amount_cents(qty, u) if u is not None else 0
