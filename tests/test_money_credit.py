"""Credit limits on sales and sales orders: what is owed plus what is on open orders.

cafe has ``credit_limit: 2000`` and ``terms_days: 30`` (tests/money_helpers.py); in
BASE it owes s1 880.00 (10 × 88.00) and s2 450.00 (5 × 90.00): 1330.00.  Every
figure below is worked by hand from those.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import jxc
from money_helpers import money_ledger
from test_orders_properties import history as order_history
from test_orders_properties import step as order_step

BASE = """\
--- {id: b1, date: 2026-11-01, type: buy, from: hangzhou-tea, to: main, lines: [{item: TEA-001, qty: 100, price: 52.00}]}
--- {id: s1, date: 2026-11-02, type: sell, from: main, to: cafe, lines: [{item: TEA-001, qty: 10, price: 88.00}]}
--- {id: s2, date: 2026-11-10, type: sell, from: main, to: cafe, lines: [{item: TEA-001, qty: 5, price: 90.00}]}
"""

D = ("--date", "2026-11-20")


def _refused(lg, *args, input=None) -> str:
    before = lg.snapshot()
    r = lg.run(*args, input=input)
    assert r.exit_code == 1 and r.stdout == "", r
    assert lg.snapshot() == before
    return r.stderr


def test_an_order_counts_against_the_limit_until_it_ships(make_ledger):
    """SO-1: 5 × 88.00 = 440.00 on order: 1330.00 + 440.00 = 1770.00 ≤ 2000.00, written.
    SO-2: 3 × 88.00 = 264.00 more would make 2034.00: refused, and so is a sale of the
    same 264.00.  Shipping SO-1 moves 440.00 from "on order" to "owed" (still 1770.00):
    written, although 1330 + 440 + 264 would not be."""
    lg = money_ledger(make_ledger, BASE)
    lg.ok("so", "TEA-001", "5", "--to", "cafe", "--id", "SO-1", *D)
    assert _refused(lg, "so", "TEA-001", "3", "--to", "cafe", "--id", "SO-2", *D) == (
        "error: this sales order takes what cafe owes and has on order to 2034.00, past its credit limit"
        " of 2000.00 (1330.00 owed and 440.00 on open sales orders before it); give --over-limit to"
        " write it anyway\n")
    assert _refused(lg, "sell", "TEA-001", "3", "--to", "cafe", *D) == (
        "error: this sale takes what cafe owes and has on order to 2034.00, past its credit limit"
        " of 2000.00 (1330.00 owed and 440.00 on open sales orders before it); give --over-limit to"
        " write it anyway\n")
    lg.ok("ship", "SO-1", *D)
    assert lg.json("receivables", "--by", "partner", "--as-of", "2026-11-30") == [
        {"partner": "cafe", "amount": 1770.00, "paid": 0.00, "outstanding": 1770.00, "overdue": 0.00,
         "days_overdue": 0}]


def test_exactly_at_the_limit_is_accepted_one_cent_more_is_not(make_ledger):
    """1330.00 owed + 1 × 670.00 on order = 2000.00, the limit itself: written.  Then
    0.01 more on another order makes 2000.01: refused."""
    lg = money_ledger(make_ledger, BASE)
    lg.ok("so", "TEA-001", "1@670", "--to", "cafe", *D)
    assert _refused(lg, "so", "TEA-002", "1@0.01", "--to", "cafe", *D).startswith(
        "error: this sales order takes what cafe owes and has on order to 2000.01, past its credit"
        " limit of 2000.00 (1330.00 owed and 670.00 on open sales orders before it)")


def test_over_limit_writes_the_order_and_records_it(make_ledger):
    """5 × 88.00 = 440.00 + 1330.00 = 1770.00; 4 × 88.00 = 352.00 more = 2122.00 is past
    the limit: ``--over-limit`` writes it with ``over_limit: true``, and `check` stays
    clean (the limit judges writes, not history).  Shipping it later is not refused:
    the shipment moves its 352.00 from on order to owed."""
    lg = money_ledger(make_ledger, BASE)
    lg.ok("so", "TEA-001", "5", "--to", "cafe", "--id", "SO-1", *D)
    out = lg.ok("so", "TEA-001", "4", "--to", "cafe", "--id", "SO-2", "--over-limit", *D).stdout
    assert out.startswith("--- {id: SO-2, date: 2026-11-20, type: so, from: main, to: cafe, due: 2026-11-20,"
                          " over_limit: true, lines: [{item: TEA-001, qty: 4, price: 88.00}]}")
    lg.ok("check")
    lg.ok("ship", "SO-2", *D)
    assert lg.json("receivables", "--by", "partner")[0]["outstanding"] == 1682.00   # 1330 + 352


def test_closing_an_order_gives_its_credit_back(make_ledger):
    """SO-1 of 7 × 88.00 = 616.00: 1946.00 in use.  A sale of 1 × 88.00 would make
    2034.00: refused.  Closing SO-1 leaves 1330.00; the same sale makes 1418.00: written."""
    lg = money_ledger(make_ledger, BASE)
    lg.ok("so", "TEA-001", "7", "--to", "cafe", "--id", "SO-1", *D)
    assert "to 2034.00" in _refused(lg, "sell", "TEA-001", "1", "--to", "cafe", *D)
    lg.ok("close", "SO-1", *D)
    lg.ok("sell", "TEA-001", "1", "--to", "cafe", *D)


def test_a_partly_shipped_order_counts_what_is_left(make_ledger):
    """SO-1 of 6 × 88.00; 2 shipped (176.00 owed, 1506.00 in all) leaves 4 × 88.00 =
    352.00 on order: 1858.00.  An order of 2 × 88.00 = 176.00 more makes 2034.00: refused."""
    lg = money_ledger(make_ledger, BASE)
    lg.ok("so", "TEA-001", "6", "--to", "cafe", "--id", "SO-1", *D)
    lg.ok("ship", "SO-1", "TEA-001", "2", *D)
    assert _refused(lg, "so", "TEA-001", "2", "--to", "cafe", *D) == (
        "error: this sales order takes what cafe owes and has on order to 2034.00, past its credit limit"
        " of 2000.00 (1506.00 owed and 352.00 on open sales orders before it); give --over-limit to"
        " write it anyway\n")


def test_with_tax_an_order_counts_its_gross(make_ledger):
    """With 13 % tax on exclusive prices cafe owes s1 880.00 + 114.40 = 994.40 and s2
    450.00 + 58.50 = 508.50: 1502.90.  An order of 4 × 88.00 = 352.00 net is 397.76 gross:
    1900.66, written.  Another of 1 × 88.00 = 99.44 gross makes 2000.10: refused."""
    lg = money_ledger(make_ledger, BASE, tax="{rate: 13, prices: exclusive}")
    lg.ok("so", "TEA-001", "4", "--to", "cafe", *D)
    assert re.search(r"to 2000\.10, .*\(1502\.90 owed and 397\.76 on open sales orders before it\)",
                     _refused(lg, "so", "TEA-001", "1", "--to", "cafe", *D))


def test_a_hand_written_order_past_the_limit_is_refused_by_add(make_ledger):
    """`jxc add` judges a so like `jxc so`: 1330.00 + 10 × 88.00 = 2210.00.  With
    ``over_limit: true`` the same entry is written."""
    lg = money_ledger(make_ledger, BASE)
    entry = ('{"id": "SO-9", "date": "2026-11-20", "type": "so", "to": "cafe",'
             ' "lines": [{"item": "TEA-001", "qty": 10}]%s}\n')
    assert "to 2210.00, past its credit limit of 2000.00" in _refused(lg, "add", "-", input=entry % "")
    lg.ok("add", "-", input=entry % ', "over_limit": true')
    assert "over_limit: true" in lg.journal()


@pytest.mark.slow
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(order_step, max_size=20))
def test_open_order_value_follows_the_orders_at_every_point(make_ledger, steps):
    """Random orders, shipments, returns and closes (tests/test_orders_properties.py), every
    line at 10.00: at each point of the journal, what the credit limit counts on open sales
    orders (the pass stepped entry by entry) is Σ outstanding × 10.00 of cafe's sales orders
    as the orders report has them for the journal up to that point; at the end it is the
    oracle's Σ (ordered − shipped) of the orders not closed."""
    from jxc.ledger.credit import open_order_value
    from jxc.ledger.orders import OrderPass, book
    text, oracle = order_history(steps)
    lg = make_ledger(negative_stock="allow")
    lg.write_journal(text)
    api = jxc.open_ledger(lg.root)
    r = api.replayed()
    cat, settings_ = api.catalog, api.settings
    p = OrderPass(r.entries, cat, settings_)
    for n, e in enumerate(r.entries):
        p.step(e)
        seen = open_order_value(p.open_lines("so", "customer:cafe"), cat, settings_)
        plain = sum(ln.outstanding * ln.unit_price for o in book(r.entries[:n + 1], cat, settings_).orders
                    if o.type == "so" for ln in o.lines)
        assert Decimal(seen).scaleb(-2) == plain
    want = sum((q - o["got"][i]) * 10 for o in oracle.values() if o["type"] == "so" and not o["closed"]
               for i, q in o["lines"].items())
    assert Decimal(seen).scaleb(-2) == want
