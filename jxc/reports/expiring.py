"""`jxc expiring`: lots on hand that have expired or expire soon (SPEC 10).

One row per lot on hand at a location whose expiry is within ``--within`` days of
the as-of date (expired lots included: ``days_left`` is then negative)
[item, location, lot, expiry, days_left, qty, value].  A lot's expiry is the
earliest any line gives it (:func:`jxc.ledger.lots.lot_expiries`); lots without one
never appear.

``value`` is what the lot is worth on the books: under ``specific`` costing its own
layers at their unit cost; under every other method (which does not cost by lot)
its quantity's share of the location's book value, as `value` shows it.
"""

from __future__ import annotations

import datetime as dt

from jxc.ledger.accounts import location_account
from jxc.ledger.lots import days_left, expiring as expiring_lots, lots_on_hand
from jxc.numbers import ZERO, amount_cents, fmt_money, share_cents
from jxc.reports.render import Column, Report
from jxc.reports.value import valued_positions

COLUMNS = [Column("item"), Column("location"), Column("lot"), Column("expiry", "date"),
           Column("days_left", "int"), Column("qty", "qty"), Column("value", "money")]
DEFAULT_WITHIN = 30


def lot_value(c, item: str, location: str, lot: str, qty, positions: dict) -> int:
    """The book value (cents) of ``qty`` of ``lot`` of ``item`` at ``location`` under the
    costing ``c``: specific costing its layers of that lot; else the quantity's share of
    the position's value (``positions`` from :func:`valued_positions`)."""
    if c.method == "specific" and not c.pool_by_item:
        p = c.pools.get((item, location_account(location)))
        if p is not None:
            return sum(amount_cents(lay.qty, lay.cost) for lay in p.layers if lay.lot == lot and lay.qty > 0)
    q, v = positions.get((item, location), (ZERO, 0))
    if q <= 0:
        return 0
    return v if qty == q else share_cents(qty, v, q)


def expiring(c, as_of: dt.date, within: int = DEFAULT_WITHIN, items=None, at: str | None = None) -> Report:
    """Lots of ``c.replayed`` (a replay up to ``as_of``) expired or expiring within
    ``within`` days of ``as_of``, earliest expiry first, valued under costing ``c``."""
    stock = [s for s in lots_on_hand(c.replayed, None, at) if not items or s.item in items]
    positions = valued_positions(c)
    rows = [[s.item, s.location, s.lot, s.expiry, days_left(s.expiry, as_of), s.qty,
             lot_value(c, s.item, s.location, s.lot, s.qty, positions)]
            for s in expiring_lots(stock, as_of, within)]
    totals = ["total", "", "", None, None, None, sum(r[6] for r in rows)] if rows else None
    report = Report(list(COLUMNS), rows, totals)
    expired = [r for r in rows if r[4] < 0]
    if expired:
        report.notes.append(f"{len(expired)} lot{'s' if len(expired) != 1 else ''} expired,"
                            f" worth {fmt_money(sum(r[6] for r in expired))}")
    return report
