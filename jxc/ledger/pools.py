"""Pools and layers: the state costing keeps per pool (SPEC 4).

A pool (item × location, or item with one pool per item) holds a quantity, a book
value in cents and its layers.  The functions here add and take quantity; what an
issue is *worth* is the method's business (:mod:`jxc.ledger.running`,
:mod:`jxc.ledger.monthly`), except the one rule every method shares:
:func:`takes_what_is_left`.
"""

from __future__ import annotations

import bisect
from decimal import Decimal

from jxc.numbers import CONTEXT, ZERO

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



def take_layers(p: Pool, qty, newest_first: bool, lot=None, prefer=None) -> tuple[list, Decimal]:
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


def cover_deficit(p: Pool, qty) -> Decimal:
    """Quantity of an arrival left for layers after covering stock issued below zero."""
    if p.deficit > 0:
        cover = min(p.deficit, qty)
        p.deficit -= cover
        return qty - cover
    return qty


def receive(p: Pool, qty, unit, cents: int, date, seq, lot=None, tag=None) -> None:
    """A receipt: quantity and value in, a new (newest) layer."""
    p.qty += qty
    p.value += cents
    if unit is not None:
        p.last_cost = unit
    q = cover_deficit(p, qty)
    if q > 0:
        p.layers.append(Layer(q, unit, date, seq, lot, tag))


def arrive(p: Pool, qty, cents: int, parts: list) -> None:
    """A transfer in: the layers taken at the source, keeping their receipt dates."""
    p.qty += qty
    p.value += cents
    cover = p.deficit
    if cover > 0:
        cover_deficit(p, qty)
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





def takes_what_is_left(old_qty, old_value: int, qty, value: int) -> int:
    """SPEC 4: the issue that empties a pool (it held ``old_qty`` worth ``old_value`` cents
    and ``qty`` leaves) takes exactly the remaining book value; any other issue the
    ``value`` its method gives.  So an empty pool is worth 0."""
    return old_value if old_qty > 0 and old_qty == qty else value


def left_in_empty_pool(p: Pool) -> int:
    """What an empty pool still holds (cents): after an arrival or a month's close leaves
    it at quantity 0, this goes to its last issue so that it is worth 0 (SPEC 4)."""
    return p.value if p.qty == 0 and p.value != 0 else 0
