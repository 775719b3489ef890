"""The outcome of costing (values per move, re-costings, pools) and where values are booked.

Shared by both passes of costing (:mod:`jxc.ledger.running`, :mod:`jxc.ledger.monthly`)
and read by every money report through :func:`booked_values`.
"""

from __future__ import annotations

from typing import NamedTuple

from jxc.errors import Problem
from jxc.ledger.pools import Pool
from jxc.ledger.replay import Replayed
from jxc.ledger.returns import returned_cents
from jxc.numbers import ZERO, fmt_qty, share_cents


def one_pool_per_item(settings, method: str) -> bool:
    """SPEC 4: ``cost_pool: item`` keeps one pool per item, and the monthly average always does."""
    return settings.cost_pool == "item" or method == "monthly-average"


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
        self.pool_by_item = one_pool_per_item(replayed.settings, method)
        # where the goods of receipts named by landed costs went (jxc.ledger.landedcost)
        self.journeys = None

    def pool(self, item: str, account: str) -> Pool:
        k = item if self.pool_by_item else (item, account)
        p = self.pools.get(k)
        if p is None:
            p = self.pools[k] = Pool()
        return p



def recost(c: Costing, p: Pool, at: int, move: int, cents: int, to: Pool | None = None) -> None:
    """Issue ``move`` out of ``p`` takes ``cents`` more, booked on the date of move ``at``
    (SPEC 4: never back in the issue's period).  For a transfer, ``to`` is the pool it
    went to, which receives the difference (:func:`pass_on`)."""
    book_recost(c, at, move, cents)
    p.value -= cents
    if to is not None:
        pass_on(c, to, cents, at)


def book_recost(c: Costing, at: int, move: int, cents: int) -> None:
    """Record a re-costing; two on the same move by the same arrival are one."""
    last = c.recosts[-1] if c.recosts else None
    if last is not None and last.at == at and last.move == move:
        c.recosts[-1] = Recost(at, move, last.cents + cents)
    else:
        c.recosts.append(Recost(at, move, cents))


def pass_on(c: Costing, dst: Pool, delta: int, at: int, depth: int = 0) -> None:
    """A transfer's value changed after the fact, and so did what it brought to ``dst``.
    If ``dst`` is empty by now, the goods have gone on: its last sale or issue takes the
    difference, else its last transfer out passes it further (booked on the date of ``at``)."""
    dst.value += delta
    if dst.qty != 0:
        return
    if dst.last_out is not None:
        recost(c, dst, at, dst.last_out, delta)
    elif dst.last_transfer is not None and depth < 20:
        i, nxt = dst.last_transfer
        book_recost(c, at, i, delta)
        dst.value -= delta
        pass_on(c, nxt, delta, at, depth + 1)



def share_of(origin, origin_value: int, take, returned: dict) -> int:
    """A return's part of the original's cost: rounded on its own; the last units get the rest."""
    key = id(origin)
    q0, v0 = returned.get(key, (ZERO, 0))
    v = returned_cents(take, q0, origin.qty, origin_value, v0,
                       lambda q: share_cents(q, origin_value, origin.qty))
    returned[key] = (q0 + take, v0 + v)
    return v


def what_it_is(m) -> str:
    return {"sell": "sale", "writeoff": "write-off", "count": "count shortage",
            "return": "return"}.get(m.entry.type, m.entry.type)


def no_cost_problem(m) -> Problem:
    what = "count surplus" if m.entry.type == "count" else "receipt"
    fix = ("give the count line a 'price'" if m.entry.type == "count"
           else "give the line a 'price'")
    return Problem(f"no unit cost for the {what} of {fmt_qty(m.qty)} {m.item}: {fix},"
                   f" or set 'cost' for {m.item} in catalog.yaml", m.entry.path, m.lineno)



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
