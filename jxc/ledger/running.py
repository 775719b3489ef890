"""FIFO, LIFO, specific lots and the moving average: one running pass (SPEC 4).

Each move is valued from what came before it only.  Issues below zero
(``negative_stock: allow``) take an estimate and are re-costed when goods arrive
(:func:`settle`), the difference booked on the arrival's date (:class:`Recost`).
"""

from __future__ import annotations

from decimal import Decimal

from jxc.errors import Problem
from jxc.ledger.accounts import account_name
from jxc.ledger.costbook import Costing, no_cost_problem, recost, share_of, what_it_is
from jxc.ledger.pools import (Layer, Pool, arrive, left_in_empty_pool, receive, take_layers,
                              takes_what_is_left)
from jxc.ledger.replay import (ISSUE, PURCHASE_RETURN, RECEIPT, SALE, SALES_RETURN, SURPLUS,
                               TRANSFER, VIRTUAL)
from jxc.numbers import CONTEXT, ZERO, amount_cents, fmt_qty, round_cents, share_cents

LAYERED = ("fifo", "lifo", "specific")
_mul = CONTEXT.multiply
_div = CONTEXT.divide


def run(c: Costing, method: str, seq: int = 0) -> None:
    """Value every move of ``c.replayed`` in journal order under a running method
    (fifo, lifo, moving-average, specific), into ``c.values``, ``c.recosts`` and ``c.pools``.

    ``seq`` is the number of (non-virtual) moves costed before these, when ``c.pools``
    holds the state they left (:mod:`jxc.store.carry`): it orders the layers of one date."""
    moves = c.replayed.moves
    values = c.values
    origins = {id(m.origin) for m in moves if m.origin is not None}
    index_of = {id(m): i for i, m in enumerate(moves) if id(m) in origins} if origins else {}
    returned: dict = {}
    for i, m in enumerate(moves):
        kind = m.kind
        if kind == VIRTUAL:
            continue
        seq += 1
        if kind == RECEIPT or kind == SURPLUS or kind == SALES_RETURN:
            _arrival(c, i, m, method, seq, index_of, returned)
        elif kind == SALE or kind == ISSUE:
            p = c.pool(m.item, m.src)
            values[i] = _issue(c, p, m, method, i)[0]
            p.last_out = i
        elif kind == TRANSFER:
            _transfer(c, i, m, method)
        elif kind == PURCHASE_RETURN:
            values[i] = _purchase_return(c, c.pool(m.item, m.src), m, method)


def _arrival(c: Costing, i: int, m, method: str, seq: int, index_of: dict, returned: dict) -> None:
    """Goods in: a receipt at its amount, a count surplus at :func:`_surplus_cost`, a sales
    return at the cost its sale took out (:func:`share_of`).  A new layer; what went below
    zero in the pool is re-costed at the arrival's unit cost (:func:`settle`)."""
    p = c.pool(m.item, m.dst)
    tag = m
    if m.kind == RECEIPT:
        v = m.amount
        layer_cost, unit = m.unit_cost, None
    elif m.kind == SURPLUS:
        layer_cost = unit = _surplus_cost(c, p, m, method)
        v = amount_cents(m.qty, unit)
    else:
        o = m.origin
        v = share_of(o, c.values[index_of[id(o)]], m.qty, returned)
        layer_cost = unit = _div(Decimal(v), m.qty * 100)
        tag = None
    c.values[i] = v
    cover = p.deficit
    receive(p, m.qty, layer_cost, v, m.entry.date, seq, m.lot, tag)
    if cover:
        settle(c, p, min(cover, m.qty), unit if unit is not None else _div(Decimal(v), m.qty * 100), i)


def _surplus_cost(c: Costing, p: Pool, m, method: str) -> Decimal:
    """A count surplus's (or unpriced move in's) unit cost: the line's price, else the pool's
    current unit cost (:func:`_current_unit_cost`), else the catalog ``cost``; with none of
    these a problem (and 0)."""
    unit = m.unit_cost
    if unit is None:
        unit = _current_unit_cost(p, m.lot if method == "specific" else None, method in LAYERED)
    if unit is None:
        unit = c.replayed.catalog.items[m.item].cost
    if unit is None:
        c.problems.append(no_cost_problem(m))
        unit = ZERO
    return unit


def _transfer(c: Costing, i: int, m, method: str) -> None:
    """Location → location: an issue by the method at the source whose value (and layers)
    arrive at the destination.  With one pool for both, no value moves."""
    src = c.pool(m.item, m.src)
    dst = c.pool(m.item, m.dst)
    if src is dst:
        # One pool for all locations: the goods move, the value stays; the
        # card shows what they are worth at the pool's unit cost.
        u = src.unit_cost()
        c.values[i] = amount_cents(m.qty, u) if u is not None else 0
        return
    v, parts = _issue(c, src, m, method, i, dst)
    c.values[i] = v
    src.last_transfer = (i, dst)
    cover = dst.deficit
    arrive(dst, m.qty, v, parts)
    if cover:
        settle(c, dst, min(cover, m.qty), _div(Decimal(v), m.qty * 100), i)


def _current_unit_cost(p: Pool, lot, layered: bool) -> Decimal | None:
    """A count surplus's cost when the line gives none: FIFO/LIFO the latest layer's
    (specific: of the lot counted), moving average the pool's average."""
    if layered:
        for lay in reversed(p.layers):
            if lot is None or lay.lot == lot:
                return lay.cost
        return p.last_cost
    return p.unit_cost()


def _lot_of(m, method: str):
    """The lot an issue takes under specific identification (None: oldest first)."""
    return m.lot if method == "specific" else None


def _issue(c: Costing, p: Pool, m, method: str, index=None, dst=None) -> tuple[int, list]:
    """Take ``m.qty`` from ``p`` by the method: (value in cents, the layer parts taken).

    ``index`` is the move's place in the journal, ``dst`` the pool a transfer goes to:
    what goes below zero is remembered, to be re-costed when goods arrive.
    """
    q = m.qty
    layered = method in LAYERED
    lot = _lot_of(m, method)
    old_qty, old_value = p.qty, p.value
    parts, need = take_layers(p, q, method == "lifo", lot)
    if need > 0:
        _short(c, p, m, q, need, lot)
    if not layered and old_qty > 0:
        p.last_cost = _div(Decimal(old_value), old_qty * 100)
    if need > 0 and index is not None:
        below = need if layered else min(need, q)
        est = p.last_cost if not layered and old_qty > 0 else _below_zero_cost(c, p, m)
        p.pending.append([index, below, est, dst])
        if dst is not None:
            # Goods the source did not have on its books still arrive: as a layer at the estimate.
            parts.append(Layer(below, est, m.entry.date, 0, m.lot, None))
    if layered:
        total = sum((_mul(t.qty, t.cost) for t in parts), ZERO)
        if need > 0:                           # below zero: the rest at the last known unit cost
            total += _mul(need, _below_zero_cost(c, p, m))
        value = round_cents(total)
    elif old_qty > 0:
        value = share_cents(q, old_value, old_qty)   # q × V / Q
    else:
        value = amount_cents(q, _below_zero_cost(c, p, m))
    value = takes_what_is_left(old_qty, old_value, q, value)
    p.qty = old_qty - q
    p.value = old_value - value
    return value, parts


def settle(c: Costing, p: Pool, cover, unit: Decimal, at: int) -> None:
    """Goods arrive (move ``at``) in a pool below zero: the issues that went below zero are re-costed.

    They took an estimate (the last unit cost, else the catalog cost); the quantity
    this arrival covers is what they really issued, so each covered part is re-costed at
    the arrival's unit cost: the issue takes t × (unit − estimate) more, rounded
    half-up.  When the arrival leaves the pool at exactly zero, the last issue covered
    takes what is left, so an empty pool is worth 0.  Every change is a :class:`Recost`
    booked on the arrival's date (:func:`recost`).  A transfer re-costed this way
    passes the difference on to the pool it went to.
    """
    pend = p.pending
    last = None
    while cover > 0 and pend:
        e = pend[0]
        t = e[1] if e[1] <= cover else cover
        delta = round_cents(_mul(t, unit - e[2]))
        if delta:
            recost(c, p, at, e[0], delta, e[3])
        e[1] -= t
        cover -= t
        last = e
        if e[1] == 0:
            pend.pop(0)
    rest = left_in_empty_pool(p)
    if rest:
        if last is not None:
            target, to = last[0], last[3]
        elif p.last_out is not None:
            target, to = p.last_out, None
        elif p.last_transfer is not None:
            target, to = p.last_transfer
        else:
            return
        recost(c, p, at, target, rest, to)


def _below_zero_cost(c: Costing, p: Pool, m) -> Decimal:
    """The unit cost of stock issued below zero (``negative_stock: allow``): the pool's last
    unit cost, else the item's catalog ``cost``, else 0.  The receipt that brings the pool
    back and the issue that next empties it settle the difference (that issue takes what
    is left)."""
    if p.last_cost is not None:
        return p.last_cost
    u = c.replayed.catalog.items[m.item].cost
    return u if u is not None else ZERO


def _short(c: Costing, p: Pool, m, q, need, lot) -> None:
    """Quantity issued beyond the layers: a wrong lot, or stock below zero (when allowed)."""
    if lot is not None and p.qty >= q:
        c.problems.append(Problem(
            f"specific costing: lot {lot} of {m.item} holds {fmt_qty(q - need)} at {account_name(m.src)},"
            f" less than the {fmt_qty(q)} this {what_it_is(m)} takes; name the lot the goods came from",
            m.entry.path, m.lineno))
    p.deficit += need


def _purchase_return(c: Costing, p: Pool, m, method: str) -> int:
    """A purchase return leaves at the unit price of the purchase it names.

    FIFO/LIFO/specific: from that purchase's layer, at its price, while the layer
    holds the quantity returned.  When the method says part of that purchase is
    gone already (sold, or moved elsewhere), what the return takes beyond the layer
    leaves like any issue of the method, at the cost of the layers it takes, so the
    layers and the book value never part.  An average method has no layers: the
    return leaves at the purchase's price.  A return that empties the pool takes
    what is left of it.
    """
    q = m.qty
    o = m.origin
    old_qty, old_value = p.qty, p.value
    layered = method in LAYERED
    if layered:
        own = sum((lay.qty for lay in p.layers if lay.tag is o), ZERO)
        parts, need = take_layers(p, q, method == "lifo", _lot_of(m, method), prefer=o)
        if need > 0:
            _short(c, p, m, q, need, _lot_of(m, method))
        if own >= q:
            value = m.amount
        else:
            total = sum((_mul(t.qty, t.cost) for t in parts), ZERO)
            if need > 0:
                total += _mul(need, _below_zero_cost(c, p, m))
            value = round_cents(total)
    else:
        parts, need = take_layers(p, q, False, prefer=o)
        if need > 0:
            p.deficit += need
        value = m.amount
        if old_qty > 0:
            p.last_cost = _div(Decimal(old_value), old_qty * 100)
    value = takes_what_is_left(old_qty, old_value, q, value)
    p.qty = old_qty - q
    p.value = old_value - value
    return value
