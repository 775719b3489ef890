"""The costing record carried over a write: `sell` + the next `value` re-costs nothing.

A write appended after the whole journal costs its own moves from the pool state kept
by the last full costing (:mod:`jxc.store.carry`).  These tests check that the next
report then runs no costing pass, and — differentially, over generated writes under
FIFO, LIFO and the moving average, one pool per location or per item — that every
money report from the carried records equals the same report without the cache.
"""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import jxc.ledger.costing as costing

OPENING = """\
--- {id: b1, date: 2026-11-02, type: buy, from: hangzhou-tea, to: main, lines: [{item: TEA-001, qty: 10, price: 50.00}, {item: TEA-002, qty: 6, price: 30.00}]}
--- {id: b2, date: 2026-11-03, type: buy, from: hangzhou-tea, to: main, lines: [{item: TEA-001, qty: 5, price: 56.00}]}
--- {id: s1, date: 2026-11-04, type: sell, from: main, to: cafe, lines: [{item: TEA-001, qty: 3, price: 88.00}]}
--- {id: t1, date: 2026-11-05, type: transfer, from: main, to: shop, lines: [{item: TEA-001, qty: 4}]}
"""

REPORTS = [("value",), ("value", "--by", "location"), ("profit", "--by", "month"), ("profit", "--by", "item"),
           ("card", "TEA-001"), ("stock", "--value"), ("check",)]


@pytest.fixture
def cached(monkeypatch):
    """Records kept even for a ledger this small."""
    monkeypatch.setenv("JXC_CACHE_MIN_BYTES", "0")
    monkeypatch.delenv("JXC_NO_CACHE", raising=False)


def test_a_sale_then_value_costs_nothing_again(make_ledger, cached, monkeypatch):
    """FIFO, pools per location: main holds TEA-001 10@50.00 − 3 − 4 → 3@50.00 and 5@56.00.
    Selling 4 more takes 3×50.00 + 1×56.00 = 206.00, then 1 more (same day: the record's
    last entry is a written one) 56.00, leaving 3@56.00 = 168.00 at main and 4@50.00 =
    200.00 at shop; TEA-002 6@30.00 = 180.00.  `value` says so without costing."""
    lg = make_ledger(OPENING)
    lg.ok("value")                                     # the full costing: records and pool state
    lg.ok("sell", "TEA-001", "4@88", "--from", "main", "--to", "cafe", "--date", "2026-11-06")
    lg.ok("sell", "TEA-001", "1@88", "--from", "main", "--to", "cafe", "--date", "2026-11-06")

    def refuse(*a, **k):
        raise AssertionError("costed again after an appended sale")
    monkeypatch.setattr(costing, "cost", refuse)
    rows = {r["location"]: str(r["value"]) for r in _json(lg, "value", "--by", "location")}
    assert rows == {"main": "348.00", "shop": "200.00"}      # main: 168.00 + 180.00
    profit = _json(lg, "profit", "--by", "item")
    tea = next(r for r in profit if r["item"] == "TEA-001")
    assert str(tea["cogs"]) == "412.00"                # s1 3×50.00 = 150.00, then 206.00 and 56.00


def _json(lg, *args):
    """A report's JSON rows with money as Decimal (as written, to the cent)."""
    return json.loads(lg.ok(*args, "-o", "json").stdout, parse_float=Decimal)


WRITES = st.tuples(st.sampled_from(["buy", "sell", "transfer", "writeoff"]), st.sampled_from(["TEA-001", "TEA-002"]),
                   st.integers(1, 7), st.sampled_from(["2026-11-01", "2026-11-05", "2026-11-08", "2026-11-09"]),
                   st.sampled_from(["45.50", "52.00", "61.25"]), st.booleans())


def _write(lg, write):
    kind, item, qty, day, price, at_shop = write
    where = "shop" if at_shop else "main"
    if kind == "buy":
        args = ["buy", item, f"{qty}@{price}", "--from", "hangzhou-tea", "--to", where]
    elif kind == "sell":
        args = ["sell", item, f"{qty}@88", "--from", where, "--to", "cafe"]
    elif kind == "transfer":
        args = ["transfer", item, str(qty), "--from", where, "--to", "main" if at_shop else "shop"]
    else:
        args = ["writeoff", item, str(qty), "--from", where]
    lg.run(*args, "--date", day)


def _reports(lg, monkeypatch, cached: bool):
    if cached:
        monkeypatch.delenv("JXC_NO_CACHE", raising=False)
    else:
        monkeypatch.setenv("JXC_NO_CACHE", "1")
    out = [(r.exit_code, r.stdout, r.stderr) for r in (lg.run(*a, "-o", "csv") if a[0] != "check" else lg.run(*a)
                                                       for a in REPORTS)]
    monkeypatch.delenv("JXC_NO_CACHE", raising=False)
    return out


@pytest.mark.slow
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(["fifo", "lifo", "moving-average"]), st.sampled_from(["location", "item"]),
       st.lists(WRITES, min_size=1, max_size=4), st.booleans())
def test_reports_from_carried_records_equal_reports_without_cache(make_ledger, cached, monkeypatch, method,
                                                                 pool, writes, profit_first):
    """Differential: after each write (appended, back-dated or refused), every money report
    from the records equals the report without the cache."""
    lg = make_ledger(OPENING, costing=method, cost_pool=pool)
    lg.run("profit" if profit_first else "value")
    for write in writes:
        _write(lg, write)
        assert _reports(lg, monkeypatch, True) == _reports(lg, monkeypatch, False)
