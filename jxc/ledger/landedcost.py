"""Where a landed cost goes on its date, for each costing method (SPEC 10).

A landed entry's share of one buy line (a :data:`~jxc.ledger.replay.LANDED` move,
whose ``origin`` is that line's receipt) is money into stock on the landed entry's
date: its move carries the whole share into the location the goods arrived at.  The
part of it that belongs to goods of that receipt no longer on hand leaves again at
once, as re-costings (:class:`~jxc.ledger.costbook.Recost`) booked on the landed
entry's date along the moves that took those goods — cogs for a sale, losses for a
write-off — never back in their own periods (as SPEC 4 books re-costing).

- FIFO, LIFO, specific (:func:`land_on_layers`): the goods are the receipt's layers,
  wherever transfers have taken them.  Costing notes every move that took a part of
  a watched receipt's layers (:class:`Journeys`); the share follows those parts, each
  move taking q × the freight still with the receipt's goods where it left from ÷
  their quantity there (the last one there takes what is left), so the shares sum
  exactly.  What stays raises the unit cost of the layers still on hand.
- Moving average (:func:`land_on_pool`): the receipt's pool keeps the part for
  min(receipt qty, pool qty) (:func:`kept_share`); the rest goes along the pool's
  last move out (a sale or issue: cogs or losses; a transfer: on to where it went).
- Monthly average (:func:`kept_share` in both passes of :mod:`jxc.ledger.monthly`):
  the kept part is a receipt of value in the month (it enters the month's unit
  cost), the rest goes along the item's last issue before it.
"""

from __future__ import annotations

from decimal import Decimal

from jxc.ledger.costbook import Costing, book_recost, recost
from jxc.ledger.replay import LANDED
from jxc.numbers import CONTEXT, ZERO, share_cents


class Journeys:
    """What happened to the goods of the receipts that landed costs name, by costing's
    account: for each such receipt move, the moves that took parts of its layers, in
    journal order, as (move index, qty, pool it left, pool it went to or None)."""

    def __init__(self, moves):
        self.watched = {id(m.origin) for m in moves if m.kind == LANDED}
        self.events: dict = {}

    def note(self, index: int, parts, src, dst=None) -> None:
        """Move ``index`` (a sale, issue or transfer) took the layer ``parts`` out of pool
        ``src`` (into ``dst``).  A purchase return is not noted: the share of goods that
        went back stays with the receipt's goods still on hand."""
        for part in parts:
            tag = part.tag
            if tag is not None and id(tag) in self.watched:
                self.events.setdefault(id(tag), []).append((index, part.qty, src, dst))


def watch(c: Costing) -> None:
    """Give ``c`` its :class:`Journeys` when the replay has landed costs (else none is kept)."""
    if any(m.kind == LANDED for m in c.replayed.moves):
        c.journeys = Journeys(c.replayed.moves)


def kept_share(cents: int, receipt_qty: Decimal, pool_qty: Decimal) -> int:
    """The part of a landed share (``cents``) an average pool keeps: the share of
    min(receipt qty, pool qty) of the receipt's quantity (SPEC 10), rounded half-up;
    all of it when the pool still holds the whole receipt, none when it is empty."""
    kept = min(receipt_qty, pool_qty)
    if kept <= 0:
        return 0
    if kept == receipt_qty:
        return cents
    return share_cents(kept, cents, receipt_qty)


def land_on_layers(c: Costing, i: int, m) -> None:
    """FIFO/LIFO/specific: landed move ``i`` (``m``) into the layers of its receipt.

    The whole share comes into the receipt's pool; each later move that took goods of
    that receipt takes its part of the freight (a re-costing on the landed date, into
    the next pool for a transfer); what is left with the goods still on hand raises
    their layers' unit cost.
    """
    o = m.origin
    c.values[i] = m.amount
    home = c.pool(o.item, o.dst)
    home.value += m.amount
    held = {id(home): [o.qty, m.amount, home]}    # pool -> [the receipt's qty there, freight with it]
    for j, q, src, dst in c.journeys.events.get(id(o), ()) if c.journeys is not None else ():
        h = held.get(id(src))
        if h is None or h[0] <= 0:
            continue
        cents = h[1] if q >= h[0] else share_cents(q, h[1], h[0])
        h[0] -= q
        h[1] -= cents
        if cents:
            book_recost(c, i, j, cents)
            src.value -= cents
        if dst is not None:
            dst.value += cents
            d = held.setdefault(id(dst), [ZERO, 0, dst])
            d[0] += q
            d[1] += cents
    for _qty, cents, pool in held.values():
        if cents and not _raise_layers(pool, o, cents) and pool.last_out is not None:
            # none of the receipt's goods is left here (they went back to the supplier, or
            # covered stock sold below zero): the share goes along the last issue out of it
            book_recost(c, i, pool.last_out, cents)
            pool.value -= cents


def _raise_layers(pool, receipt, cents: int) -> bool:
    """The layers of ``receipt`` in ``pool`` take ``cents`` more, per unit alike; False
    when the pool holds none of them."""
    layers = [lay for lay in pool.layers if lay.tag is receipt]
    qty = sum((lay.qty for lay in layers), ZERO)
    if qty <= 0:
        return False
    per_unit = CONTEXT.divide(Decimal(cents), qty * 100)
    for lay in layers:
        lay.cost = lay.cost + per_unit
    return True


def land_on_pool(c: Costing, i: int, m) -> None:
    """Moving average: landed move ``i`` (``m``) into the pool its receipt arrived in.

    The pool keeps :func:`kept_share`; the rest goes along the pool's last move out
    before it (a re-costing on the landed date: a sale's cogs, an issue's losses, or
    on to where a transfer took the goods).  A pool that lost goods by no sale, issue
    or transfer (a purchase return) keeps it all.
    """
    o = m.origin
    p = c.pool(o.item, o.dst)
    c.values[i] = m.amount
    p.value += m.amount
    gone = m.amount - kept_share(m.amount, o.qty, p.qty)
    if not gone:
        return
    out = p.last_out
    moved = p.last_transfer
    if moved is not None and (out is None or moved[0] > out):
        recost(c, p, i, moved[0], gone, moved[1])
    elif out is not None:
        recost(c, p, i, out, gone)
