"""FIFO and LIFO against an independent implementation: beancount 3's booking.

The same random history of buys, sales and transfers is booked by jxc and by
beancount (one account per location, opened "FIFO" or "LIFO").  Beancount chooses
the lots; the test reads its costs off the booked lot reductions (units × cost of
each lot; not the interpolated balancing leg, which beancount rounds to a precision
it infers) and applies SPEC 4's two money rules itself: a line's value is that sum
rounded half-up to the cent, and the line that empties a pool takes exactly what is
left of its book value.  jxc must agree to the cent on every sale and transfer, and
hold the same lots (cost, receipt date, quantity) at the end.
"""

from __future__ import annotations

from decimal import Decimal

import beancount  # noqa: F401  (a test dependency: pyproject's [test] extra)
import pytest
from hypothesis import HealthCheck, given, settings

from costing_helpers import (LOCS, beancount_booking, cents, journal_text, load,
                             trading_histories)
from jxc.ledger.costing import cost
from jxc.ledger.accounts import account_name


def expected_from_beancount(entries, booked):
    """{(entry id, line no): cents} by SPEC 4's rounding rules over beancount's lots."""
    pools: dict = {}          # (item, loc) -> [qty, cents]
    out = {}
    for e in entries:
        for n, ln in enumerate(e["lines"]):
            item, q = ln["item"], ln["qty"]
            if e["type"] in ("open", "buy"):
                p = pools.setdefault((item, e["to"]), [Decimal(0), 0])
                p[0] += q
                p[1] += cents(q * ln["price"])
                continue
            src = pools[(item, e["from"])]
            v = src[1] if src[0] == q else cents(booked[(e["id"], n)])
            src[0] -= q
            src[1] -= v
            out[(e["id"], n)] = v
            if e["type"] == "transfer":
                dst = pools.setdefault((item, e["to"]), [Decimal(0), 0])
                dst[0] += q
                dst[1] += v
    return out, pools


def jxc_values(c):
    out = {}
    for i, m in enumerate(c.replayed.moves):
        if m.entry.type in ("sell", "transfer"):
            # by identity: two lines of an entry that say the same are equal records
            out[(m.entry.id, next(k for k, ln in enumerate(m.entry.lines) if ln is m.line))] = c.values[i]
    return out


def jxc_lots(c):
    sym = {"CUP-01": "CUP", "TEA-002": "TEAB"}
    left = {loc: {} for loc in LOCS}
    for (item, acc), p in c.pools.items():
        for lay in p.layers:
            k = (sym[item], lay.cost, lay.date)
            loc = account_name(acc)
            left[loc][k] = left[loc].get(k, Decimal(0)) + lay.qty
    return {loc: sorted((s, cst, d, q) for (s, cst, d), q in lots.items() if q) for loc, lots in left.items()}


def check_against_beancount(entries, method):
    c = cost(load(journal_text(entries), costing=method), method)
    assert not c.problems and not c.replayed.problems
    booked, bean_left = beancount_booking(entries, method)
    expected, pools = expected_from_beancount(entries, booked)
    assert jxc_values(c) == expected
    assert jxc_lots(c) == {loc: [(s, cst, d, q) for s, cst, d, q in lots] for loc, lots in bean_left.items()}
    for (item, loc), (q, v) in pools.items():
        p = c.pools[(item, "location:" + loc)]
        assert (p.qty, p.value) == (q, v)


@pytest.mark.parametrize("method", ["fifo", "lifo"])
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(entries=trading_histories(steps=(3, 40)))
def test_agrees_with_beancount(method, entries):
    check_against_beancount(entries, method)


HAND = [
    {"id": "b1", "date": __import__("datetime").date(2026, 3, 1), "type": "buy", "from": "hangzhou-tea",
     "to": "main", "lines": [{"item": "CUP-01", "qty": Decimal(3), "price": Decimal("0.333")}]},
    {"id": "b2", "date": __import__("datetime").date(2026, 3, 2), "type": "buy", "from": "hangzhou-tea",
     "to": "main", "lines": [{"item": "CUP-01", "qty": Decimal("2.5"), "price": Decimal("1.1234")}]},
    {"id": "t1", "date": __import__("datetime").date(2026, 3, 3), "type": "transfer", "from": "main",
     "to": "shop", "lines": [{"item": "CUP-01", "qty": Decimal(2)}]},
    {"id": "s1", "date": __import__("datetime").date(2026, 3, 4), "type": "sell", "from": "main",
     "to": "walk-in", "lines": [{"item": "CUP-01", "qty": Decimal(2), "price": Decimal(5)}]},
    {"id": "s2", "date": __import__("datetime").date(2026, 3, 5), "type": "sell", "from": "shop",
     "to": "walk-in", "lines": [{"item": "CUP-01", "qty": Decimal(2), "price": Decimal(5)}]},
]


@pytest.mark.parametrize("method, values", [
    # FIFO: t1 takes 2 of b1 (2 × 0.333 = 0.666 → 0.67); s1 takes 1 of b1 and 1 of b2
    # (0.333 + 1.1234 = 1.4564 → 1.46); s2 empties the shop: its 0.67.
    ("fifo", {("t1", 0): 67, ("s1", 0): 146, ("s2", 0): 67}),
    # LIFO: t1 takes 2 of b2 (2.2468 → 2.25); s1 takes 0.5 of b2 and 1.5 of b1
    # (0.5617 + 0.4995 = 1.0612 → 1.06); s2 empties the shop: its 2.25.
    ("lifo", {("t1", 0): 225, ("s1", 0): 106, ("s2", 0): 225}),
])
def test_hand_worked_history_agrees_with_beancount(method, values):
    """The receipts are 1.00 (3 × 0.333 = 0.999 → 1.00) and 2.81 (2.5 × 1.1234 = 2.8085 → 2.81)."""
    c = cost(load(journal_text(HAND), costing=method), method)
    assert jxc_values(c) == values
    check_against_beancount(HAND, method)


def test_lifo_same_day(make_ledger):
    """Two receipts on one day: jxc's LIFO takes the later entry first (beancount takes
    same-day lots in file order, so the random histories give each receipt its own day).

    Mar 1: buy 10 @ 1.00, then buy 10 @ 2.00.  Sell 5: LIFO takes 5 of the 2.00 lot = 10.00
    (beancount would take 5 of the 1.00 lot = 5.00).
    """
    lg = make_ledger("""\
        ---
        {id: b1, date: 2026-03-01, type: buy, from: hangzhou-tea, lines: [{item: CUP-01, qty: 10, price: 1.00}]}
        ---
        {id: b2, date: 2026-03-01, type: buy, from: hangzhou-tea, lines: [{item: CUP-01, qty: 10, price: 2.00}]}
        ---
        {id: s1, date: 2026-03-01, type: sell, to: walk-in, lines: [{item: CUP-01, qty: 5, price: 3.00}]}
        """, costing="lifo", month="2026-03")
    assert lg.json("profit") == [{"item": "CUP-01", "qty": 5, "revenue": 15.00, "cogs": 10.00,
                                  "gross_profit": 5.00, "margin": 0.3333}]
    assert lg.json("value") == [{"item": "CUP-01", "location": "main", "qty": 15, "unit_cost": 1.3333,
                                 "value": 20.00}]
