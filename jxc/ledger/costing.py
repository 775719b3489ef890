"""Costing (SPEC 4): the money side of the replay.

Each pool (item × location, or item when ``cost_pool: item`` and always for the
monthly average) is replayed in journal order and holds a quantity and a book
value in integer cents.  A receipt adds its amount; an issue takes a value
computed by the method, rounded half-up to the cent per line; an issue that
empties the pool takes exactly the remaining book value.  So, to the cent, for
every pool and period: opening value + receipts − issues = closing value, and an
empty pool is worth 0.

The result is one value (cents) per move, aligned with ``Replayed.moves``, plus
the pools as they stand at the end (for `value` and `aging`).
"""

from __future__ import annotations

import bisect
from decimal import Decimal

from jxc.errors import Problem
from jxc.ledger.replay import (ISSUE, PURCHASE_RETURN, RECEIPT, SALE, SALES_RETURN, SURPLUS,
                               TRANSFER, VIRTUAL, Replayed)
from jxc.numbers import CONTEXT, ZERO, amount_cents, fmt_qty, round_cents, share_cents

METHODS = ("fifo", "lifo", "moving-average", "monthly-average", "specific")
_mul = CONTEXT.multiply
_div = CONTEXT.divide


class Layer:
    """Quantity received at one unit cost on one date (FIFO/LIFO/specific); ``tag`` is the receipt move."""

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


class Pool:
    """Quantity and book value (cents) of one pool, with layers for ageing and layer methods.

    For the average methods the layers are only dated quantities (oldest consumed
    first), so `aging` can tell how old the quantity on hand is; their cost is unused.
    """

    __slots__ = ("qty", "value", "layers", "last_cost", "deficit")

    def __init__(self):
        self.qty = ZERO
        self.value = 0
        self.layers: list[Layer] = []
        self.last_cost: Decimal | None = None
        self.deficit = ZERO   # quantity issued beyond the layers (negative stock allowed)

    def unit_cost(self) -> Decimal | None:
        if self.qty > 0:
            return _div(Decimal(self.value), self.qty * 100)
        return self.last_cost


class Costing:
    """The outcome of costing one replay under one method."""

    def __init__(self, replayed: Replayed, method: str):
        self.replayed = replayed
        self.method = method
        self.values: list[int] = [0] * len(replayed.moves)
        self.pools: dict = {}
        self.problems: list[Problem] = []
        self.pool_by_item = replayed.settings.cost_pool == "item" or method == "monthly-average"

    def pool_key(self, item: str, account: str):
        return item if self.pool_by_item else (item, account)

    def pool(self, item: str, account: str) -> Pool:
        k = item if self.pool_by_item else (item, account)
        p = self.pools.get(k)
        if p is None:
            p = self.pools[k] = Pool()
        return p


def cost(replayed: Replayed, method: str | None = None, track_ages: bool = False) -> Costing:
    """Value every move of ``replayed`` under ``method`` (default: the ledger's)."""
    method = method or replayed.settings.costing
    c = Costing(replayed, method)
    if method == "monthly-average":
        _monthly_average(c)
    else:
        _running(c, method)
    return c


# ---------------------------------------------------------------------------
# FIFO, LIFO, specific lots and the moving average: one running pass.

def _running(c: Costing, method: str) -> None:
    moves = c.replayed.moves
    values = c.values
    catalog = c.replayed.catalog
    layered = method in ("fifo", "lifo", "specific")
    newest_first = method == "lifo"
    origins = {id(m.origin) for m in moves if m.origin is not None}
    index_of: dict = {}
    returned_q: dict = {}
    returned_v: dict = {}
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
            p = c.pool(m.item, m.dst)
            values[i] = m.amount
            _receive(p, m.qty, m.unit_cost, m.amount, date, seq, m.lot, m, layered)
        elif kind == SURPLUS:
            p = c.pool(m.item, m.dst)
            unit = m.unit_cost
            if unit is None:
                unit = (p.layers[-1].cost if layered and p.layers else p.last_cost) if layered else p.unit_cost()
                if unit is None:
                    unit = catalog.items[m.item].cost
            if unit is None:
                c.problems.append(_no_cost_problem(m))
                unit = ZERO
            v = amount_cents(m.qty, unit)
            values[i] = v
            _receive(p, m.qty, unit, v, date, seq, m.lot, m, layered)
        elif kind == SALE or kind == ISSUE:
            p = c.pool(m.item, m.src)
            values[i] = _issue(c, p, m, method, newest_first, layered)[0]
        elif kind == TRANSFER:
            src = c.pool(m.item, m.src)
            dst = c.pool(m.item, m.dst)
            if src is dst:
                # One pool for all locations: the goods move, the value stays; the
                # card shows what they are worth at the pool's unit cost.
                u = src.unit_cost()
                values[i] = amount_cents(m.qty, u) if u is not None else 0
                continue
            v, taken = _issue(c, src, m, method, newest_first, layered)
            values[i] = v
            dst.value += v
            dst.qty += m.qty
            _fill_deficit(dst, m.qty)
            for lay in taken:
                bisect.insort(dst.layers, lay, key=Layer.key)
            if src.last_cost is not None:
                dst.last_cost = src.last_cost
        elif kind == SALES_RETURN:
            o = m.origin
            oi = index_of[id(o)]
            v = _share(o.qty, values[oi], m.qty, returned_q, returned_v, id(o))
            values[i] = v
            p = c.pool(m.item, m.dst)
            unit = _div(Decimal(values[oi]), o.qty * 100)
            _receive(p, m.qty, unit, v, date, seq, m.lot, None, layered)
        elif kind == PURCHASE_RETURN:
            p = c.pool(m.item, m.src)
            values[i] = _issue(c, p, m, method, newest_first, layered, fixed_value=m.amount,
                               prefer=m.origin)[0]


def _share(orig_qty, orig_value, take, returned_q, returned_v, key) -> int:
    """A return's part of the original's cost: rounded on its own; the last units get the rest."""
    q = returned_q.get(key, ZERO) + take
    done = returned_v.get(key, 0)
    if q == orig_qty:
        v = orig_value - done
    else:
        v = share_cents(take, orig_value, orig_qty)
    returned_q[key] = q
    returned_v[key] = done + v
    return v


def _no_cost_problem(m) -> Problem:
    return Problem(f"no unit cost for the {'count surplus' if m.entry.type == 'count' else 'receipt'} of"
                   f" {fmt_qty(m.qty)} {m.item}: give the line a 'price', or set 'cost' for {m.item}"
                   " in catalog.yaml", m.entry.path, m.lineno)


def _fill_deficit(p: Pool, qty) -> Decimal:
    """Quantity of a receipt left for layers after covering stock issued below zero."""
    if p.deficit > 0:
        cover = min(p.deficit, qty)
        p.deficit -= cover
        return qty - cover
    return qty


def _receive(p: Pool, qty, unit, cents, date, seq, lot, tag, layered) -> None:
    p.qty += qty
    p.value += cents
    q = _fill_deficit(p, qty)
    if unit is not None:
        p.last_cost = unit
    if q > 0:
        p.layers.append(Layer(q, unit, date, seq, lot, tag))


def _issue(c: Costing, p: Pool, m, method, newest_first, layered, fixed_value=None, prefer=None):
    """Take ``m.qty`` from ``p``: (value in cents, the layers taken)."""
    q = m.qty
    taken: list[Layer] = []
    if method == "specific" and m.lot is None:
        c.problems.append(Problem(f"specific costing: the {m.entry.type} of {m.item} must name the 'lot'"
                                  " it takes", m.entry.path, m.lineno))
    need = q
    total = ZERO
    layers = p.layers
    if layers:
        order = _take_order(layers, m.lot, newest_first, method, prefer)
        emptied = []
        for idx in order:
            if need <= 0:
                break
            lay = layers[idx]
            t = lay.qty if lay.qty <= need else need
            need -= t
            if layered:
                total += _mul(t, lay.cost)
            taken.append(Layer(t, lay.cost, lay.date, lay.seq, lay.lot, lay.tag))
            lay.qty -= t
            if lay.qty == 0:
                emptied.append(idx)
        if emptied:
            gone = set(emptied)
            p.layers = [lay for k, lay in enumerate(layers) if k not in gone]
    if need > 0:
        if method == "specific" and m.lot is not None and p.qty >= q:
            c.problems.append(Problem(f"specific costing: lot {m.lot} of {m.item} holds less than"
                                      f" {fmt_qty(q)}", m.entry.path, m.lineno))
        p.deficit += need
    if layered:
        unit_for_rest = p.last_cost if p.last_cost is not None else ZERO
        if need > 0:
            total += _mul(need, unit_for_rest)
        value = round_cents(total)
    else:
        value = None
    old_qty = p.qty
    p.qty = old_qty - q
    if p.qty == 0:
        value = p.value           # the issue that empties the pool takes what is left
    elif fixed_value is not None:
        value = fixed_value
    elif not layered:
        if old_qty > 0:
            value = share_cents(q, p.value, old_qty)
            p.last_cost = _div(Decimal(p.value), old_qty * 100)
        else:
            value = amount_cents(q, p.last_cost or ZERO)
    p.value -= value
    return value, taken


def _take_order(layers, lot, newest_first, method, prefer):
    """Indices of layers in the order an issue takes them."""
    n = len(layers)
    idx = range(n - 1, -1, -1) if newest_first else range(n)
    if prefer is not None:
        first = [k for k in idx if layers[k].tag is prefer]
        return first + [k for k in idx if layers[k].tag is not prefer]
    if lot is not None:
        mine = [k for k in idx if layers[k].lot == lot]
        if method == "specific":
            return mine
        return mine + [k for k in idx if layers[k].lot != lot]
    return idx


# ---------------------------------------------------------------------------
# Monthly weighted average (月末一次加权平均).

def _monthly_average(c: Costing) -> None:
    """Per calendar month and item: unit cost = (opening value + receipts) / (opening qty + receipts' qty).

    Every issue of the month takes q × that cost; a purchase return is a negative
    receipt; a sales return in the month of its sale is a negative issue, a later
    one a receipt at the cost the sale took out.  Transfers move no value.
    """
    moves = c.replayed.moves
    values = c.values
    catalog = c.replayed.catalog
    origins = {id(m.origin) for m in moves if m.origin is not None}
    index_of: dict = {}
    returned_q: dict = {}
    returned_v: dict = {}
    n = len(moves)
    start = 0
    seq = 0
    while start < n:
        month = (moves[start].entry.date.year, moves[start].entry.date.month)
        end = start
        while end < n and (moves[end].entry.date.year, moves[end].entry.date.month) == month:
            end += 1
        # pass 1: the month's receipts per item, valued
        rq: dict = {}
        rv: dict = {}
        prev_cost = {item: p.last_cost for item, p in c.pools.items()}
        for i in range(start, end):
            m = moves[i]
            if origins and id(m) in origins:
                index_of[id(m)] = i
            k = m.kind
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
                o = m.origin
                v = _share(o.qty, values[index_of[id(o)]], m.qty, returned_q, returned_v, id(o))
            elif k == PURCHASE_RETURN:
                v = -m.amount
                rq[m.item] = rq.get(m.item, ZERO) - m.qty
                rv[m.item] = rv.get(m.item, 0) + v
                values[i] = m.amount
                continue
            else:
                continue
            values[i] = v
            rq[m.item] = rq.get(m.item, ZERO) + m.qty
            rv[m.item] = rv.get(m.item, 0) + v
        unit_cost: dict = {}
        for item in rq:
            p = c.pool(item, "")
            q = p.qty + rq[item]
            if q > 0:
                unit_cost[item] = _div(Decimal(p.value + rv[item]), q * 100)
        # pass 2: apply in journal order
        for i in range(start, end):
            m = moves[i]
            k = m.kind
            p = c.pool(m.item, "")
            if k == RECEIPT or k == SURPLUS or (k == SALES_RETURN and _month(m.origin) != month):
                p.qty += m.qty
                p.value += values[i]
                _age_in(p, m.qty, m.entry.date, seq := seq + 1)
            elif k == PURCHASE_RETURN:
                p.qty -= m.qty
                if p.qty == 0:
                    values[i] = p.value
                p.value -= values[i]
                _age_out(p, m.qty)
            elif k == SALE or k == ISSUE:
                u = unit_cost.get(m.item, p.last_cost if p.last_cost is not None else p.unit_cost())
                if u is None:
                    u = catalog.items[m.item].cost or ZERO
                p.qty -= m.qty
                v = p.value if p.qty == 0 else amount_cents(m.qty, u)
                values[i] = v
                p.value -= v
                _age_out(p, m.qty)
            elif k == SALES_RETURN:   # in the month of its sale: a negative issue
                o = m.origin
                v = _share(o.qty, values[index_of[id(o)]], m.qty, returned_q, returned_v, id(o))
                values[i] = v
                p.qty += m.qty
                p.value += v
                _age_in(p, m.qty, m.entry.date, seq := seq + 1)
            elif k == TRANSFER:
                u = unit_cost.get(m.item, p.last_cost)
                values[i] = amount_cents(m.qty, u) if u is not None else 0
        for item, u in unit_cost.items():
            c.pools[item].last_cost = u
        start = end


def _month(m):
    return (m.entry.date.year, m.entry.date.month)


def _age_in(p: Pool, qty, date, seq) -> None:
    q = _fill_deficit(p, qty)
    if q > 0:
        p.layers.append(Layer(q, None, date, seq))


def _age_out(p: Pool, qty) -> None:
    need = qty
    layers = p.layers
    k = 0
    while need > 0 and k < len(layers):
        t = min(layers[k].qty, need)
        layers[k].qty -= t
        need -= t
        if layers[k].qty == 0:
            k += 1
    if k:
        del layers[:k]
    if need > 0:
        p.deficit += need
