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

from jxc.ledger.costbook import Costing, Recost, booked_values, one_pool_per_item, recosts_at
from jxc.ledger.monthly import monthly_average
from jxc.ledger.pools import Layer, Pool
from jxc.ledger.replay import Replayed
from jxc.ledger.running import LAYERED, run

METHODS = ("fifo", "lifo", "moving-average", "monthly-average", "specific")
# Bumped whenever a rule changes what a move is worth: anything that keeps costing
# results between runs must key on it, so a new rule never meets an old result.
RULES_VERSION = 4

__all__ = ["METHODS", "RULES_VERSION", "LAYERED", "Costing", "Recost", "Layer", "Pool", "cost",
           "booked_values", "recosts_at", "one_pool_per_item"]


def cost(replayed: Replayed, method: str | None = None) -> Costing:
    """Value every move of ``replayed`` under ``method`` (default: the ledger's)."""
    method = method or replayed.settings.costing
    if method not in METHODS:
        raise ValueError(f"unknown costing method {method!r}")
    c = Costing(replayed, method)
    if method == "monthly-average":
        monthly_average(c)
    else:
        run(c, method)
    return c
