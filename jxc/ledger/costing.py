"""Costing (SPEC 4): the money side of the replay.

Each pool (item × location, or item when ``cost_pool: item`` and always for the
monthly average) is replayed in journal order and holds a quantity and a book
value in integer cents.  A receipt adds its amount; an issue takes a value
computed by the method, rounded half-up to the cent per line; an issue that
empties the pool takes exactly the remaining book value.  So, to the cent, for
every pool and period: opening value + receipts − issues = closing value, and an
empty pool is worth 0.

The result is one value (cents) per move, aligned with ``Replayed.moves``, plus
the pools as they stand at the end (for `value` and `aging`).  Every rule below
is written out, with a worked example per method, in ``docs/costing.md``.
"""

from __future__ import annotations

import bisect
from decimal import Decimal
from typing import NamedTuple

from jxc.errors import Problem
from jxc.ledger.replay import (ISSUE, PURCHASE_RETURN, RECEIPT, SALE, SALES_RETURN, SURPLUS,
                               TRANSFER, VIRTUAL, Replayed)
from jxc.numbers import CONTEXT, ZERO, amount_cents, fmt_qty, round_cents, share_cents

METHODS = ("fifo", "lifo", "moving-average", "monthly-average", "specific")
# Bumped whenever a rule changes what a move is worth: anything that keeps costing
# results between runs must key on it, so a new rule never meets an old result.
RULES_VERSION = 3
LAYERED = ("fifo", "lifo", "specific")
_mul = CONTEXT.multiply
_div = CONTEXT.divide


class Layer:
    """Quantity received at one unit cost on one date.

    FIFO/LIFO/specific cost issues from the layers.  The average methods keep
    layers only as dated quantities (their cost is not used for value), so that
    `aging` can tell how old the quantity on hand is.  ``seq`` orders layers of the
    same date (journal order of the receipt); ``tag`` is the receipt move, so a
    purchase return can find the layer of the purchase it names.
    """

    __slots__ = ("qty", "cost", "date", "seq", "lot", "tag")

    def __init__(self, qty, cost, date, seq, lot=None, tag=None):
        self.qty = qty
        self.cost = cost
        self.date = date
        self.seq = seq
        self.lot = lot
        self.tag = tag

    def key(self):
        return (self.date, self.seq)

    def part(self, qty) -> "Layer":
        return Layer(qty, self.cost, self.date, self.seq, self.lot, self.tag)

    def __repr__(self) -> str:
        return f"Layer({self.date} #{self.seq} {self.qty} @ {self.cost} lot={self.lot})"


class Pool:
    """Quantity and book value (cents) of one pool, with its layers, oldest first.

    ``deficit`` is quantity issued beyond the layers (only with ``negative_stock:
    allow``); the next receipts cover it before they form layers.  So at any time
    qty = Σ layer qty − deficit.  ``pending`` lists the issues that went below zero,
    [move index, quantity not yet covered, unit cost it was taken at, pool it went
    to (a transfer) or None], until arrivals cover them (see :func:`_settle`).
    ``last_out`` is the index of the last sale or issue out of the pool,
    ``last_transfer`` (index, destination pool) of the last transfer out.
    """

    __slots__ = ("qty", "value", "layers", "last_cost", "deficit", "pending", "last_out", "last_transfer")

    def __init__(self):
        self.qty = ZERO
        self.value = 0
        self.layers: list[Layer] = []
        self.last_cost: Decimal | None = None
        self.deficit = ZERO
        self.pending: list = []
        self.last_out: int | None = None
        self.last_transfer: tuple | None = None

    def unit_cost(self) -> Decimal | None:
        """Book value / quantity; for an empty pool the last unit cost it knew."""
        if self.qty > 0:
            return _div(Decimal(self.value), self.qty * 100)
        return self.last_cost


class Recost(NamedTuple):
    """A change to the value of an earlier issue, booked on the date of move ``at`` (SPEC 4).

    With ``negative_stock: allow`` an issue below zero takes an estimate; the arrival
    that covers it (move index ``at``) re-costs it by ``cents`` (positive: the issue
    took too little).  The change is booked on that arrival's date, along the issue's
    direction (more cost out of its source into its destination: cogs for a sale,
    losses for a write-off, the receiving location for a transfer), never back in the
    issue's own period.  ``move`` is the index of the issue re-costed.
    """

    at: int
    move: int
    cents: int


class Costing:
    """The outcome of costing one replay under one method.

    ``values[i]`` is what move i carried on its own date (cents); ``recosts`` are the
    later changes to issues' values (:class:`Recost`), in journal order of ``at``.
    """

    def __init__(self, replayed: Replayed, method: str):
        self.replayed = replayed
        self.method = method
        self.values: list[int] = [0] * len(replayed.moves)
        self.recosts: list[Recost] = []
        self.pools: dict = {}
        self.problems: list[Problem] = []
        self.pool_by_item = replayed.settings.cost_pool == "item" or method == "monthly-average"

    def pool(self, item: str, account: str) -> Pool:
        k = item if self.pool_by_item else (item, account)
        p = self.pools.get(k)
        if p is None:
            p = self.pools[k] = Pool()
        return p


def cost(replayed: Replayed, method: str | None = None) -> Costing:
    """Value every move of ``replayed`` under ``method`` (default: the ledger's)."""
    method = method or replayed.settings.costing
    if method not in METHODS:
        raise ValueError(f"unknown costing method {method!r}")
    c = Costing(replayed, method)
    if method == "monthly-average":
        _monthly_average(c)
    else:
        _running(c, method)
    return c


# ---------------------------------------------------------------------------
# Layers: taking and adding quantity.

def _take_layers(p: Pool, qty, newest_first: bool, lot=None, prefer=None) -> tuple[list, Decimal]:
    """Take ``qty`` from the layers of ``p``: (the parts taken, in order; quantity not found).

    Oldest first, or newest first (LIFO).  With ``lot``, only layers of that lot
    (specific identification).  With ``prefer`` (a receipt move), that receipt's
    layers come first (a purchase return).
    """
    layers = p.layers
    taken: list[Layer] = []
    need = qty
    if not layers or need <= 0:
        return taken, need
    n = len(layers)
    if lot is None and prefer is None:
        # The common case, kept cheap: one end of the list; a layer taken whole leaves
        # the pool as it is, only a layer taken in part is split.
        if newest_first:
            while need > 0 and layers:
                lay = layers[-1]
                if lay.qty <= need:
                    need -= lay.qty
                    taken.append(layers.pop())
                else:
                    taken.append(lay.part(need))
                    lay.qty -= need
                    need = ZERO
        else:
            k = 0
            while need > 0 and k < n:
                lay = layers[k]
                if lay.qty <= need:
                    need -= lay.qty
                    taken.append(lay)
                    k += 1
                else:
                    taken.append(lay.part(need))
                    lay.qty -= need
                    need = ZERO
            if k:
                del layers[:k]
        return taken, need
    order = range(n - 1, -1, -1) if newest_first else range(n)
    if lot is not None:
        order = [k for k in order if layers[k].lot == lot]
    if prefer is not None:
        order = [k for k in order if layers[k].tag is prefer] + [k for k in order if layers[k].tag is not prefer]
    for k in order:
        if need <= 0:
            break
        lay = layers[k]
        t = lay.qty if lay.qty <= need else need
        taken.append(lay.part(t))
        need -= t
        lay.qty -= t
    if any(lay.qty == 0 for lay in layers):
        p.layers = [lay for lay in layers if lay.qty != 0]
    return taken, need


def _cover_deficit(p: Pool, qty) -> Decimal:
    """Quantity of an arrival left for layers after covering stock issued below zero."""
    if p.deficit > 0:
        cover = min(p.deficit, qty)
        p.deficit -= cover
        return qty - cover
    return qty


def _receive(p: Pool, qty, unit, cents: int, date, seq, lot=None, tag=None) -> None:
    """A receipt: quantity and value in, a new (newest) layer."""
    p.qty += qty
    p.value += cents
    if unit is not None:
        p.last_cost = unit
    q = _cover_deficit(p, qty)
    if q > 0:
        p.layers.append(Layer(q, unit, date, seq, lot, tag))


def _arrive(p: Pool, qty, cents: int, parts: list) -> None:
    """A transfer in: the layers taken at the source, keeping their receipt dates."""
    p.qty += qty
    p.value += cents
    cover = p.deficit
    if cover > 0:
        _cover_deficit(p, qty)
        parts = sorted(parts, key=Layer.key)
        kept = []
        for lay in parts:
            if cover >= lay.qty:
                cover -= lay.qty
                continue
            if cover > 0:
                lay = lay.part(lay.qty - cover)
                cover = ZERO
            kept.append(lay)
        parts = kept
    for lay in parts:
        bisect.insort(p.layers, lay, key=Layer.key)
    if qty > 0:
        p.last_cost = _div(Decimal(cents), qty * 100)


def _empties(p: Pool, qty) -> bool:
    return p.qty > 0 and p.qty == qty


# ---------------------------------------------------------------------------
# FIFO, LIFO, specific lots and the moving average: one running pass.

def _running(c: Costing, method: str) -> None:
    moves = c.replayed.moves
    values = c.values
    layered = method in LAYERED
    newest_first = method == "lifo"
    origins = {id(m.origin) for m in moves if m.origin is not None}
    index_of: dict = {}
    returned: dict = {}
    seq = 0
    for i, m in enumerate(moves):
        if origins and id(m) in origins:
            index_of[id(m)] = i
        kind = m.kind
        if kind == VIRTUAL:
            continue
        date = m.entry.date
        seq += 1
        if kind == RECEIPT:
            values[i] = m.amount
            p = c.pool(m.item, m.dst)
            cover = p.deficit
            _receive(p, m.qty, m.unit_cost, m.amount, date, seq, m.lot, m)
            if cover:
                _settle(c, p, min(cover, m.qty), _div(Decimal(m.amount), m.qty * 100), i)
        elif kind == SURPLUS:
            p = c.pool(m.item, m.dst)
            unit = m.unit_cost
            if unit is None:
                unit = _current_unit_cost(p, m.lot if method == "specific" else None, layered)
            if unit is None:
                unit = c.replayed.catalog.items[m.item].cost
            if unit is None:
                c.problems.append(_no_cost_problem(m))
                unit = ZERO
            v = amount_cents(m.qty, unit)
            values[i] = v
            cover = p.deficit
            _receive(p, m.qty, unit, v, date, seq, m.lot, m)
            if cover:
                _settle(c, p, min(cover, m.qty), unit, i)
        elif kind == SALE or kind == ISSUE:
            p = c.pool(m.item, m.src)
            values[i] = _issue(c, p, m, method, i)[0]
            p.last_out = i
        elif kind == TRANSFER:
            src = c.pool(m.item, m.src)
            dst = c.pool(m.item, m.dst)
            if src is dst:
                # One pool for all locations: the goods move, the value stays; the
                # card shows what they are worth at the pool's unit cost.
                u = src.unit_cost()
                values[i] = amount_cents(m.qty, u) if u is not None else 0
                continue
            v, parts = _issue(c, src, m, method, i, dst)
            values[i] = v
            src.last_transfer = (i, dst)
            cover = dst.deficit
            _arrive(dst, m.qty, v, parts)
            if cover:
                _settle(c, dst, min(cover, m.qty), _div(Decimal(v), m.qty * 100), i)
        elif kind == SALES_RETURN:
            # Back at the cost that sale took out; each partial return rounded on its
            # own, the line's last units get exactly what is left of its cost.
            o = m.origin
            v = _share_of(o, values[index_of[id(o)]], m.qty, returned)
            values[i] = v
            p = c.pool(m.item, m.dst)
            cover = p.deficit
            unit = _div(Decimal(v), m.qty * 100)
            _receive(p, m.qty, unit, v, date, seq, m.lot, None)
            if cover:
                _settle(c, p, min(cover, m.qty), unit, i)
        elif kind == PURCHASE_RETURN:
            values[i] = _purchase_return(c, c.pool(m.item, m.src), m, method)


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
    empties = _empties(p, q)
    old_qty, old_value = p.qty, p.value
    parts, need = _take_layers(p, q, method == "lifo", lot)
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
    if empties:
        value = old_value                      # the issue that empties the pool takes what is left
    elif layered:
        total = sum((_mul(t.qty, t.cost) for t in parts), ZERO)
        if need > 0:                           # below zero: the rest at the last known unit cost
            total += _mul(need, _below_zero_cost(c, p, m))
        value = round_cents(total)
    elif old_qty > 0:
        value = share_cents(q, old_value, old_qty)   # q × V / Q
    else:
        value = amount_cents(q, _below_zero_cost(c, p, m))
    p.qty = old_qty - q
    p.value = old_value - value
    return value, parts


def _settle(c: Costing, p: Pool, cover, unit: Decimal, at: int) -> None:
    """Goods arrive (move ``at``) in a pool below zero: the issues that went below zero are re-costed.

    They took an estimate (the last unit cost, else the catalog cost); the quantity
    this arrival covers is what they really issued, so each covered part is re-costed at
    the arrival's unit cost: the issue takes t × (unit − estimate) more, rounded
    half-up.  When the arrival leaves the pool at exactly zero, the last issue covered
    takes what is left, so an empty pool is worth 0.  Every change is a :class:`Recost`
    booked on the arrival's date (:func:`_recost`).  A transfer re-costed this way
    passes the difference on to the pool it went to.
    """
    pend = p.pending
    last = None
    while cover > 0 and pend:
        e = pend[0]
        t = e[1] if e[1] <= cover else cover
        delta = round_cents(_mul(t, unit - e[2]))
        if delta:
            _recost(c, p, at, e[0], delta, e[3])
        e[1] -= t
        cover -= t
        last = e
        if e[1] == 0:
            pend.pop(0)
    if p.qty == 0 and p.value != 0:
        if last is not None:
            target, to = last[0], last[3]
        elif p.last_out is not None:
            target, to = p.last_out, None
        elif p.last_transfer is not None:
            target, to = p.last_transfer
        else:
            return
        _recost(c, p, at, target, p.value, to)


def _recost(c: Costing, p: Pool, at: int, move: int, cents: int, to: Pool | None = None) -> None:
    """Issue ``move`` out of ``p`` takes ``cents`` more, booked on the date of move ``at``
    (SPEC 4: never back in the issue's period).  For a transfer, ``to`` is the pool it
    went to, which receives the difference (:func:`_pass_on`)."""
    _book(c, at, move, cents)
    p.value -= cents
    if to is not None:
        _pass_on(c, to, cents, at)


def _book(c: Costing, at: int, move: int, cents: int) -> None:
    """Record a re-costing; two on the same move by the same arrival are one."""
    last = c.recosts[-1] if c.recosts else None
    if last is not None and last.at == at and last.move == move:
        c.recosts[-1] = Recost(at, move, last.cents + cents)
    else:
        c.recosts.append(Recost(at, move, cents))


def _pass_on(c: Costing, dst: Pool, delta: int, at: int, depth: int = 0) -> None:
    """A transfer's value changed after the fact, and so did what it brought to ``dst``.
    If ``dst`` is empty by now, the goods have gone on: its last sale or issue takes the
    difference, else its last transfer out passes it further (booked on the date of ``at``)."""
    dst.value += delta
    if dst.qty != 0:
        return
    if dst.last_out is not None:
        _recost(c, dst, at, dst.last_out, delta)
    elif dst.last_transfer is not None and depth < 20:
        i, nxt = dst.last_transfer
        _book(c, at, i, delta)
        dst.value -= delta
        _pass_on(c, nxt, delta, at, depth + 1)


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
            f"specific costing: lot {lot} of {m.item} holds {fmt_qty(q - need)} at {m.src.split(':', 1)[-1]},"
            f" less than the {fmt_qty(q)} this {_what(m)} takes; name the lot the goods came from",
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
    empties = _empties(p, q)
    old_qty, old_value = p.qty, p.value
    layered = method in LAYERED
    if layered:
        own = sum((lay.qty for lay in p.layers if lay.tag is o), ZERO)
        parts, need = _take_layers(p, q, method == "lifo", _lot_of(m, method), prefer=o)
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
        parts, need = _take_layers(p, q, False, prefer=o)
        if need > 0:
            p.deficit += need
        value = m.amount
        if old_qty > 0:
            p.last_cost = _div(Decimal(old_value), old_qty * 100)
    if empties:
        value = old_value
    p.qty = old_qty - q
    p.value = old_value - value
    return value


def _share_of(origin, origin_value: int, take, returned: dict) -> int:
    """A return's part of the original's cost: rounded on its own; the last units get the rest."""
    key = id(origin)
    q0, v0 = returned.get(key, (ZERO, 0))
    q = q0 + take
    if q == origin.qty:
        v = origin_value - v0
    else:
        v = share_cents(take, origin_value, origin.qty)
    returned[key] = (q, v0 + v)
    return v


def _what(m) -> str:
    return {"sell": "sale", "writeoff": "write-off", "count": "count shortage",
            "return": "return"}.get(m.entry.type, m.entry.type)


def _no_cost_problem(m) -> Problem:
    what = "count surplus" if m.entry.type == "count" else "receipt"
    fix = ("give the count line a 'price'" if m.entry.type == "count"
           else "give the line a 'price'")
    return Problem(f"no unit cost for the {what} of {fmt_qty(m.qty)} {m.item}: {fix},"
                   f" or set 'cost' for {m.item} in catalog.yaml", m.entry.path, m.lineno)


# ---------------------------------------------------------------------------
# Monthly weighted average (月末一次加权平均).

def _month(m) -> tuple[int, int]:
    d = m.entry.date
    return (d.year, d.month)


def _monthly_average(c: Costing) -> None:
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
    values = c.values
    catalog = c.replayed.catalog
    origins = {id(m.origin) for m in moves if m.origin is not None}
    index_of: dict = {}
    returned: dict = {}
    n = len(moves)
    start = 0
    seq = 0
    while start < n:
        month = _month(moves[start])
        end = start
        while end < n and _month(moves[end]) == month:
            end += 1
        # The previous month's cost: what a count surplus without a price comes in at.
        prev_cost = {item: p.last_cost for item, p in c.pools.items()}
        # Pass 1: the month's receipts per item, valued.
        rq: dict = {}
        rv: dict = {}
        for i in range(start, end):
            m = moves[i]
            if origins and id(m) in origins:
                index_of[id(m)] = i
            k = m.kind
            if k == VIRTUAL:
                continue
            c.pool(m.item, "")
            if k == RECEIPT:
                v = m.amount
            elif k == SURPLUS:
                unit = m.unit_cost
                if unit is None:
                    unit = prev_cost.get(m.item)
                if unit is None:
                    unit = catalog.items[m.item].cost
                if unit is None:
                    c.problems.append(_no_cost_problem(m))
                    unit = ZERO
                v = amount_cents(m.qty, unit)
            elif k == SALES_RETURN and _month(m.origin) != month:
                v = _share_of(m.origin, values[index_of[id(m.origin)]], m.qty, returned)
            elif k == PURCHASE_RETURN:
                values[i] = m.amount
                rq[m.item] = rq.get(m.item, ZERO) - m.qty
                rv[m.item] = rv.get(m.item, 0) - m.amount
                continue
            else:
                continue
            values[i] = v
            rq[m.item] = rq.get(m.item, ZERO) + m.qty
            rv[m.item] = rv.get(m.item, 0) + v
        # The month's unit cost of every item, kept as (value, qty) so that an issue
        # takes q × value / qty with one division: exact before its rounding.
        rate: dict = {}
        for item, p in c.pools.items():
            q = p.qty + rq.get(item, ZERO)
            if q > 0:
                rate[item] = (p.value + rv.get(item, 0), q)
        # Pass 2: apply in journal order.
        touched: dict = {}   # item -> its last move of the month
        for i in range(start, end):
            m = moves[i]
            k = m.kind
            if k == VIRTUAL:
                continue
            p = c.pools[m.item]
            touched[m.item] = i
            if k == RECEIPT or k == SURPLUS or (k == SALES_RETURN and _month(m.origin) != month):
                seq += 1
                _receive(p, m.qty, None, values[i], m.entry.date, seq, m.lot, m)
            elif k == PURCHASE_RETURN:
                _take_layers(p, m.qty, False, prefer=m.origin)
                p.qty -= m.qty
                p.value -= values[i]
                p.last_out = i
            elif k == SALE or k == ISSUE:
                v = _at_rate(m.qty, rate.get(m.item), p, catalog.items[m.item].cost)
                values[i] = v
                parts, need = _take_layers(p, m.qty, False)
                p.deficit += need
                p.qty -= m.qty
                p.value -= v
                p.last_out = i
            elif k == SALES_RETURN:   # in the month of its sale: a negative issue
                o = m.origin
                v = _share_of(o, values[index_of[id(o)]], m.qty, returned)
                values[i] = v
                seq += 1
                _receive(p, m.qty, None, v, m.entry.date, seq, m.lot, None)
            elif k == TRANSFER:   # no value moves; the card shows what the goods are worth
                values[i] = _at_rate(m.qty, rate.get(m.item), p, None)
        # The month closes: a pool left empty is worth 0; its last issue takes the rest.
        # With stock below zero that issue may be of an earlier month: the change is then
        # booked in this month, on the date of the item's last move (SPEC 4).
        for item, last in touched.items():
            p = c.pools[item]
            if p.qty == 0 and p.value != 0 and p.last_out is not None:
                if p.last_out >= start:
                    values[p.last_out] += p.value
                    p.value = 0
                else:
                    _recost(c, p, last, p.last_out, p.value)
        for item, (v, q) in rate.items():
            c.pools[item].last_cost = _div(Decimal(v), q * 100)
        start = end


def _at_rate(qty, rate, p: Pool, fallback) -> int:
    """q × the month's unit cost; without one (nothing on hand or received: stock below
    zero) the last month's, else the catalog's cost."""
    if rate is not None:
        return share_cents(qty, rate[0], rate[1])
    u = p.last_cost if p.last_cost is not None else fallback
    return amount_cents(qty, u) if u is not None else 0


# ---------------------------------------------------------------------------
# Where values are booked.

def recosts_at(c: Costing) -> dict:
    """Move index -> the :class:`Recost` records booked on that move's date, in order."""
    out: dict = {}
    for rc in c.recosts:
        out.setdefault(rc.at, []).append(rc)
    return out


def booked_values(c: Costing, kinds: tuple | None = None):
    """Every value the costing booked, in journal order: (booked at, move, cents).

    ``booked at`` is the index of the move whose date the value belongs to: the move
    itself for its own value, the covering arrival for a :class:`Recost` (SPEC 4:
    re-costing lands on the receipt's date).  ``move`` is the move the value goes
    along (its kind, item, source and destination say where it counts).  With
    ``kinds``, only values along moves of those kinds.  Every report that sums
    values by date (profit, losses, card, turnover, abc) reads them from here.
    """
    moves = c.replayed.moves
    values = c.values
    later = recosts_at(c) if c.recosts else None
    for i, m in enumerate(moves):
        if kinds is None or m.kind in kinds:
            yield i, i, values[i]
        if later is not None and i in later:
            for rc in later[i]:
                if kinds is None or moves[rc.move].kind in kinds:
                    yield i, rc.move, rc.cents
