"""The costing record carried over a write, so `sell` + the next `value` or `profit` re-costs nothing.

A full costing (:func:`jxc.ledger.costing.cost`) ends with every pool's state: its
quantity, book value, last unit cost and layers.  For the running methods (FIFO,
LIFO, moving average) that state is all the next move's value depends on, so when a
write appends entries after the whole journal (:func:`jxc.store.appends.appends_cleanly`
proved it adds no problem), their moves are costed from it by the engine's own pass
(:func:`jxc.ledger.running.run`) and appended to the costing record: the values of
the earlier moves cannot change, since nothing before the new entries depends on them.

The state is kept only when it is plain: no pool below zero (no deficit, nothing
waiting to be re-costed), so no later arrival re-costs an earlier issue.  Anything
else — the monthly average (a month's issues depend on the whole month), specific
lots, a back-dated entry, a costing with problems, a re-costing or a problem among
the new moves — leaves the record behind, and the next report re-costs in full as
before.  ``tests/test_speed_carry.py`` compares the carried records with a full
costing after generated writes.
"""

from __future__ import annotations

from array import array

from jxc.ledger.journal import Journal
from jxc.ledger.pools import Layer, Pool
from jxc.ledger.replay import VIRTUAL

CARRIED = ("fifo", "lifo", "moving-average")


def state_of(c) -> dict | None:
    """The state of every pool after costing ``c`` as plain values, with the number of
    non-virtual moves costed (the next receipt's layer sequence), or None when a pool is
    below zero or waits for a re-costing (then only a full costing is right)."""
    if c.method not in CARRIED or c.problems:
        return None
    pools = {}
    for k, p in c.pools.items():
        if p.deficit or p.pending:
            return None
        # the layers as five columns (quantities, unit costs, dates, sequence numbers, lots):
        # a record of a million layers is checked and read back column by column
        layers = p.layers
        pools[k] = (p.qty, p.value, p.last_cost,
                    (tuple(lay.qty for lay in layers), tuple(lay.cost for lay in layers),
                     tuple(lay.date for lay in layers), tuple(lay.seq for lay in layers),
                     tuple(lay.lot for lay in layers)))
    seq = sum(1 for m in c.replayed.moves if m.kind != VIRTUAL)
    return {"pools": pools, "seq": seq}


def _pool(saved) -> Pool:
    """A :class:`Pool` from its saved state (layers without their receipt: a purchase
    return, which needs it, is never carried)."""
    p = Pool()
    p.qty, p.value, p.last_cost, columns = saved
    p.layers = [Layer(q, cost, date, seq, lot) for q, cost, date, seq, lot in zip(*columns)]
    return p


def carry_costing(ledger, rec, crec, state, entries, chain):
    """The costing record and pool state of the journal ``chain``, which is the journal
    the records were made from with ``entries`` appended after all of it: their moves
    costed from the pool ``state`` by the engine's own pass.  None when they cannot be
    costed that way (a problem, a re-costing, a pool going below zero, an overflow).

    ``rec``, ``crec`` and ``state`` are the replay record, the costing record and the
    pool state before the write; returns (costing record, state record)."""
    from jxc.ledger.costing import Costing
    from jxc.ledger.replay import replay
    from jxc.ledger.running import run
    method = ledger.settings.costing
    j = Journal(entries=sorted(entries, key=lambda e: e.sort_key))
    r = replay(j, ledger.catalog, ledger.settings, start=(rec["balances"], rec["lot_balances"]))
    c = Costing(r, method)
    if r.problems or method not in CARRIED or c.pool_by_item != crec["pool_by_item"]:
        return None
    saved = state["pools"]
    for m in r.moves:
        for account in (m.src, m.dst):
            k = m.item if c.pool_by_item else (m.item, account)
            if k in saved and k not in c.pools:
                c.pools[k] = _pool(saved[k])
    run(c, method, seq=state["seq"])
    new_state = state_of(c)
    if new_state is None or c.recosts or crec["values"] is None:
        return None
    try:
        values = crec["values"] + array("q", c.values)
    except OverflowError:
        return None
    pools = dict(crec["pools"])
    pools.update({k: (p.qty, p.value) for k, p in c.pools.items()})
    last = j.entries[-1] if j.entries else None
    cost_rec = dict(crec, chain=chain, pools=pools, values=values, n_entries=crec["n_entries"] + len(entries),
                    last_date=last.date if last is not None else crec["last_date"])
    state_pools = dict(saved)
    state_pools.update(new_state["pools"])
    return cost_rec, {"ctx": crec["ctx"], "chain": chain, "pools": state_pools,
                      "seq": state["seq"] + new_state["seq"]}
