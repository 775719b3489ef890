"""Landed costs (到岸成本): the split, and where each share goes on the landed entry's date.

Every number below is worked by hand in the test's docstring.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jxc.ledger.landed import split_cents

CATALOG = """\
locations:
  main: {name: Main warehouse}
  shop: {name: Shop floor}
items:
  A: {name: Green tea, unit: box, price: 30.00}
  B: {name: Black tea, unit: box, price: 40.00}
  C: {name: White tea, unit: box, price: 50.00}
suppliers:
  tea: {name: Tea farm}
  sf: {name: SF Express, terms_days: 30}
customers:
  cafe: {name: Corner Cafe}
accounts:
  cash: {name: Cash}
"""

THREE = """\
--- {id: b1, date: 2026-11-02, type: buy, from: tea, to: main, lines: [{item: A, qty: 100, price: 10.00}, {item: B, qty: 100, price: 20.00}, {item: C, qty: 100, price: 30.00}]}
"""


def values(lg, *args) -> dict:
    return {(r["item"], r["location"]): r["value"] for r in lg.json("value", *args)}


def test_1000_over_three_equal_lines_is_333_33_333_33_333_34(make_ledger):
    """By quantity 100:100:100, 1000.00 splits 333.33, 333.33 and the last line takes the rest,
    333.34 — the shares sum to 1000.00, never 999.99.  Nothing was sold, so all of it raises
    the stock: A 1000.00 + 333.33, B 2000.00 + 333.33, C 3000.00 + 333.34 = 7000.00 in all."""
    lg = make_ledger(THREE, catalog=CATALOG)
    r = lg.ok("landed", "b1", "1000", "--from", "sf", "--by", "qty", "--date", "2026-11-05", "--ref", "SF-88")
    entry, split = r.stdout.split("\n", 1)
    assert entry.endswith("date: 2026-11-05, type: landed, of: b1, from: sf, amount: 1000.00, by: qty, ref: SF-88}")
    assert [ln.strip() for ln in split.splitlines()] == [
        "1000.00 over b1 by qty", "", "item    qty    amount     share", "─" * 33,
        "A       100   1000.00    333.33", "B       100   2000.00    333.33", "C       100   3000.00    333.34",
        "", "total         6000.00   1000.00", ""]
    assert values(lg) == {("A", "main"): 1333.33, ("B", "main"): 2333.33, ("C", "main"): 3333.34}
    assert sum(values(lg).values()) == 7000.00
    assert [(r["type"], r["in_qty"], r["in_value"], r["balance_value"]) for r in lg.json("card", "C")] == [
        ("buy", 100, 3000.00, 3000.00), ("landed", None, 333.34, 3333.34)]


def test_the_split_from_the_python_api(make_ledger):
    import jxc
    lg = make_ledger(THREE, catalog=CATALOG)
    rows = jxc.open_ledger(lg.root).landed_split("b1", Decimal("1000.00"), "value").records()
    assert [(r["item"], r["amount"], r["share"]) for r in rows] == [
        ("A", Decimal("1000.00"), Decimal("166.67")), ("B", Decimal("2000.00"), Decimal("333.33")),
        ("C", Decimal("3000.00"), Decimal("500.00"))]


def test_split_by_value_and_equal(make_ledger):
    """By value 1000:2000:3000 (6000.00): 1000.00 × 1/6 = 166.67, × 2/6 = 333.33, the last
    1000.00 − 500.00 = 500.00.  Equal: 333.33, 333.33, 333.34 whatever the lines hold (C with
    7 @ 30.00 = 210.00 becomes 543.34)."""
    lg = make_ledger(THREE, catalog=CATALOG)
    lg.ok("landed", "b1", "1000.00", "--from", "sf", "--by", "value", "--date", "2026-11-05")
    assert values(lg) == {("A", "main"): 1166.67, ("B", "main"): 2333.33, ("C", "main"): 3500.00}
    lg = make_ledger(THREE.replace("qty: 100, price: 30.00", "qty: 7, price: 30.00"), catalog=CATALOG)
    lg.ok("landed", "b1", "1000.00", "--from", "sf", "--by", "equal", "--date", "2026-11-05")
    assert values(lg) == {("A", "main"): 1333.33, ("B", "main"): 2333.33, ("C", "main"): 543.34}


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 10**12), st.lists(st.decimals(min_value=Decimal("0.001"), max_value=Decimal(10**6),
                                                    places=3), min_size=1, max_size=12))
def test_shares_always_sum_to_the_amount_and_only_the_last_takes_the_rest(total, weights):
    """Each share but the last is total × w / Σw rounded half-up; the last is the rest."""
    shares = split_cents(total, weights)
    assert sum(shares) == total
    whole = sum(weights)
    for s, w in zip(shares[:-1], weights[:-1]):
        assert abs(Decimal(s) - Decimal(total) * w / whole) <= Decimal("0.5")


FIFO_PARTIAL = """\
--- {id: o1, date: 2026-11-01, type: open, to: main, lines: [{item: A, qty: 50, price: 8.00}]}
--- {id: b1, date: 2026-11-02, type: buy, from: tea, to: main, lines: [{item: A, qty: 100, price: 10.00}]}
--- {id: s1, date: 2026-11-10, type: sell, from: main, to: cafe, lines: [{item: A, qty: 80, price: 30.00}]}
"""


def test_fifo_after_a_partial_sale(make_ledger):
    """FIFO: s1 takes o1's 50 @ 8.00 = 400.00 and 30 of b1 @ 10.00 = 300.00: cogs 700.00.
    Landed 1000.00 on b1 on 2026-12-05: b1's 100 units carry 10.00 each; 30 are gone with s1,
    so 300.00 goes to cogs on 2026-12-05 (December, not November); the 70 still on hand keep
    700.00: their layer becomes 70 @ 20.00 = 1400.00.  A sale of 70 in December takes 1400.00.
    November: revenue 2400.00, cogs 700.00.  December: revenue 2100.00, cogs 300.00 + 1400.00."""
    lg = make_ledger(FIFO_PARTIAL, catalog=CATALOG)
    lg.ok("landed", "b1", "1000.00", "--from", "sf", "--date", "2026-12-05")
    assert lg.json("value", "--as-of", "2026-11-30") == [
        {"item": "A", "location": "main", "qty": 70, "unit_cost": 10.0, "value": 700.00}]
    assert lg.json("value", "--as-of", "2026-12-05") == [
        {"item": "A", "location": "main", "qty": 70, "unit_cost": 20.0, "value": 1400.00}]
    lg.ok("sell", "A", "70@30", "--to", "cafe", "--date", "2026-12-20")
    assert [(r["month"], r["revenue"], r["cogs"]) for r in lg.json("profit", "--by", "month")] == [
        ("2026-11", 2400.00, 700.00), ("2026-12", 2100.00, 1700.00)]
    assert lg.json("profit", "-p", "2026-11")[0]["cogs"] == 700.00
    assert values(lg) == {}


def test_moving_average_after_a_third_is_sold(make_ledger):
    """Moving average: b1 90 @ 10.00 = 900.00; s1 sells 30 (a third) at 10.00 = 300.00, leaving
    60 worth 600.00.  Landed 90.00 (1.00 a unit): the pool keeps min(90, 60) / 90 of it = 60.00,
    so 60 units are worth 660.00 — a unit cost of 11.00; the other 30.00 goes to cogs on the
    landed entry's date (profit: cogs 300.00 + 30.00 = 330.00)."""
    lg = make_ledger("""\
        --- {id: b1, date: 2026-11-02, type: buy, from: tea, to: main, lines: [{item: A, qty: 90, price: 10.00}]}
        --- {id: s1, date: 2026-11-03, type: sell, from: main, to: cafe, lines: [{item: A, qty: 30, price: 30.00}]}
        """, catalog=CATALOG, costing="moving-average")
    lg.ok("landed", "b1", "90", "--from", "sf", "--date", "2026-11-20")
    assert lg.json("value") == [{"item": "A", "location": "main", "qty": 60, "unit_cost": 11.0, "value": 660.00}]
    assert lg.json("profit")[0]["cogs"] == 330.00
    assert [(r["type"], r["out_value"]) for r in lg.json("card", "A")][-1] == ("recost", 30.00)


TRANSFER = """\
--- {id: b1, date: 2026-11-02, type: buy, from: tea, to: main, lines: [{item: A, qty: 100, price: 10.00}]}
--- {id: t1, date: 2026-11-03, type: transfer, from: main, to: shop, lines: [{item: A, qty: 40}]}
"""


@pytest.mark.parametrize("costing", ["fifo", "lifo", "specific", "moving-average"])
def test_a_transfer_between_the_receipt_and_the_landed_cost(make_ledger, costing):
    """b1 brings 100 @ 10.00 to main; t1 moves 40 of them to shop (400.00).  Landed 200.00
    (2.00 a unit) on 2026-11-09: the 60 at main take 120.00 (720.00, 12.00 a unit), the 40 at
    shop 80.00 (480.00), passed along t1 on the landed date: the shop's card shows a recost row
    of t1 worth 80.00.  FIFO, LIFO and specific follow b1's layers; the moving average keeps
    min(100, 60) / 100 at main and passes the rest along main's last move out, t1."""
    lg = make_ledger(TRANSFER, catalog=CATALOG, costing=costing)
    lg.ok("landed", "b1", "200", "--from", "sf", "--date", "2026-11-09")
    assert values(lg) == {("A", "main"): 720.00, ("A", "shop"): 480.00}
    assert [(r["date"], r["id"], r["type"], r["in_value"], r["balance_value"])
            for r in lg.json("card", "A", "--at", "shop")] == [
        ("2026-11-03", "t1", "transfer", 400.00, 400.00), ("2026-11-09", "t1", "recost", 80.00, 480.00)]


def test_monthly_average_puts_the_share_into_the_month(make_ledger):
    """Monthly average, all in November: opening 0 + b1 100 @ 10.00 + landed 300.00 (kept
    whole: the month's pool of 100 holds the whole receipt) = 1300.00 for 100: 13.00 a unit.
    s1's 40 take 520.00, the 60 left are worth 780.00."""
    lg = make_ledger("""\
        --- {id: b1, date: 2026-11-02, type: buy, from: tea, to: main, lines: [{item: A, qty: 100, price: 10.00}]}
        --- {id: s1, date: 2026-11-03, type: sell, from: main, to: cafe, lines: [{item: A, qty: 40, price: 30.00}]}
        """, catalog=CATALOG, costing="monthly-average")
    lg.ok("landed", "b1", "300", "--from", "sf", "--date", "2026-11-20")
    assert lg.json("value") == [{"item": "A", "location": "main", "qty": 60, "unit_cost": 13.0, "value": 780.00}]
    assert lg.json("profit")[0]["cogs"] == 520.00


def test_monthly_average_a_later_month_sends_what_left_to_cogs(make_ledger):
    """Monthly average, landed in December on a November buy of which 40 of 100 were sold in
    November: December's pool holds 60, so it keeps 60 / 100 × 300.00 = 180.00 (60 @ 13.00 =
    780.00); the 120.00 of the 40 sold goes to cogs on the landed date, in December."""
    lg = make_ledger("""\
        --- {id: b1, date: 2026-11-02, type: buy, from: tea, to: main, lines: [{item: A, qty: 100, price: 10.00}]}
        --- {id: s1, date: 2026-11-03, type: sell, from: main, to: cafe, lines: [{item: A, qty: 40, price: 30.00}]}
        """, catalog=CATALOG, costing="monthly-average")
    lg.ok("landed", "b1", "300", "--from", "sf", "--date", "2026-12-05")
    assert lg.json("value") == [{"item": "A", "location": "main", "qty": 60, "unit_cost": 13.0, "value": 780.00}]
    assert [(r["month"], r["cogs"]) for r in lg.json("profit", "--by", "month")] == [
        ("2026-11", 400.00), ("2026-12", 120.00)]


def test_the_amount_is_payable_to_the_carrier(make_ledger):
    """The landed entry is a document payable to sf (terms 30 days: due 2026-12-05)."""
    lg = make_ledger(THREE, catalog=CATALOG)
    lg.ok("landed", "b1", "1000", "--from", "sf", "--date", "2026-11-05")
    rows = [(r["partner"], r["amount"], r["due"]) for r in lg.json("payables")]
    assert ("sf", 1000.00, "2026-12-05") in rows
    lg.ok("pay", "sf", "1000", "--from", "cash")
    assert [r["partner"] for r in lg.json("payables")] == ["tea"]


@pytest.mark.parametrize("args, message", [
    (["b9", "10", "--from", "sf"], "landed cost of unknown entry 'b9'"),
    (["s1", "10", "--from", "sf"], "'s1' is a sell; a landed cost is only of a buy"),
    (["b1", "10.001", "--from", "sf"], "'amount' must be exact to the cent, got 10.001"),
    (["b1", "10", "--from", "nobody"], "unknown supplier 'nobody'"),
])
def test_bad_landed_costs_are_refused_and_nothing_is_written(make_ledger, args, message):
    lg = make_ledger(FIFO_PARTIAL, catalog=CATALOG)
    before = lg.snapshot()
    r = lg.run("landed", *args, "--date", "2026-11-20")
    assert r.exit_code == 1 and message in r.stderr and r.stderr.count("\n") == 1, r
    assert "Traceback" not in r.stderr
    assert lg.snapshot() == before


def test_a_usage_error_for_an_unknown_key(make_ledger):
    lg = make_ledger(FIFO_PARTIAL, catalog=CATALOG)
    r = lg.run("landed", "b1", "10", "--from", "sf", "--by", "weight")
    assert r.exit_code == 2 and r.stderr.startswith("jxc: error: ") and r.stderr.count("\n") == 1


def test_a_landed_entry_in_the_journal_reads_the_same_warm_cold_and_without_cache(make_ledger, monkeypatch,
                                                                                   tmp_path):
    """The fast reader takes a canonical landed entry only through parse_entry: the reports
    agree with the cache warm, cold and off."""
    import shutil

    lg = make_ledger(FIFO_PARTIAL + "--- {id: l1, date: 2026-11-20, type: landed, of: b1, from: sf,"
                                    " amount: 1000.00, by: qty}\n", catalog=CATALOG)
    monkeypatch.setenv("JXC_CACHE_MIN_BYTES", "0")
    cache = tmp_path / "cache"
    monkeypatch.setenv("JXC_CACHE_DIR", str(cache))
    reports = [("value",), ("card", "A"), ("profit",), ("payables",), ("check",)]
    cold = [lg.run(*a, "-o", "json").stdout for a in reports]
    warm = [lg.run(*a, "-o", "json").stdout for a in reports]
    shutil.rmtree(cache, ignore_errors=True)
    monkeypatch.setenv("JXC_NO_CACHE", "1")
    off = [lg.run(*a, "-o", "json").stdout for a in reports]
    assert cold == warm == off
    assert lg.json("value") == [{"item": "A", "location": "main", "qty": 70, "unit_cost": 20.0, "value": 1400.00}]


def test_the_fast_reader_gives_the_strict_readers_landed_entry(make_ledger):
    from jxc.api import open_ledger
    from jxc.ledger.journal import parse_text
    from jxc.store.fastparse import parse_canonical
    lg = make_ledger(THREE, catalog=CATALOG)
    led = open_ledger(lg.root)
    text = THREE + "--- {id: l1, date: 2026-11-20, type: landed, of: b1, from: sf, amount: 1000.00, by: value}\n"
    fast = parse_canonical(text, "j.yaml", led.catalog, led.settings)
    problems: list = []
    strict_entries = parse_text(text, "j.yaml", led.catalog, led.settings, problems)
    assert problems == []
    assert fast is not None
    landed = fast[-1]
    assert (landed.type, landed.of, landed.src, landed.money.amount, landed.money.by) == \
        ("landed", "b1", "supplier:sf", 100000, "value")
    assert [(e.id, e.type, e.money) for e in fast] == [(e.id, e.type, e.money) for e in strict_entries]


@pytest.mark.parametrize("costing", ["fifo", "moving-average", "monthly-average"])
def test_the_beancount_export_carries_the_landed_cost(make_ledger, costing):
    """bean-check accepts the export of a ledger with a landed cost partly sold and partly
    moved, and its inventory, payables and cogs are jxc's own to the cent."""
    from test_money_export import assert_export_matches_reports
    lg = make_ledger(FIFO_PARTIAL + TRANSFER.replace("b1", "b2").replace("t1", "t2").replace("2026-11-02", "2026-11-04"),
                     catalog=CATALOG, costing=costing)
    lg.ok("landed", "b1", "1000.00", "--from", "sf", "--date", "2026-12-05")
    lg.ok("landed", "b2", "99.99", "--from", "sf", "--date", "2026-12-06")
    bal = assert_export_matches_reports(lg.root)
    assert bal["Liabilities:Payable:Sf"] == Decimal("-1099.99")


def test_goods_returned_to_the_supplier_leave_their_share_with_the_goods_kept(make_ledger):
    """FIFO: b1 10 @ 10.00; 4 go back to the supplier (r1), 3 are sold (s1), 3 are left.
    Landed 100.00 (10.00 a unit of b1): s1's 3 take 30.00 into cogs; the returned 4 left
    nothing to carry, so the 3 on hand keep 70.00: 30.00 + 70.00 = 100.00.  Every cent is
    somewhere: 100.00 − 40.00 + 100.00 = 160.00 = stock 100.00 + cogs 30.00 + 30.00."""
    lg = make_ledger("""\
        --- {id: b1, date: 2026-11-02, type: buy, from: tea, to: main, lines: [{item: A, qty: 10, price: 10.00}]}
        --- {id: r1, date: 2026-11-03, type: return, of: b1, lines: [{item: A, qty: 4}]}
        --- {id: s1, date: 2026-11-04, type: sell, from: main, to: cafe, lines: [{item: A, qty: 3, price: 30.00}]}
        """, catalog=CATALOG)
    lg.ok("landed", "b1", "100", "--from", "sf", "--date", "2026-11-20")
    assert values(lg) == {("A", "main"): 100.00}
    assert lg.json("profit")[0]["cogs"] == 60.00


def test_a_landed_cost_written_after_warm_records_values_like_a_cold_read(make_ledger, tmp_path, monkeypatch):
    """The cache carries a write's costs forward from the saved pool state; a landed cost
    cannot be carried that way (it follows the receipt's layers through the whole history),
    so after `jxc landed` the warm `value` must equal a cold one.  FIFO: 100 A @ 10.00 bought,
    40 sold (cogs 400.00) and the sale written while the records were warm; 100.00 of freight
    by quantity on the one line: the 40 gone take 40.00 to cogs, the 60 on hand keep 60.00,
    so A is worth 60 × 10.00 + 60.00 = 660.00 (unit cost 11.00)."""
    lg = make_ledger("--- {id: b1, date: 2026-11-02, type: buy, from: tea, to: main, lines: [{item: A, qty: 100, price: 10.00}]}\n",
                     catalog=CATALOG)
    assert values(lg) == {("A", "main"): 1000.00}          # builds the records
    lg.ok("sell", "A", "40", "--to", "cafe", "--date", "2026-11-03", "-q")
    assert values(lg) == {("A", "main"): 600.00}           # the carried costing
    lg.ok("landed", "b1", "100", "--from", "sf", "--date", "2026-11-06", "-q")
    warm = values(lg)
    monkeypatch.setenv("JXC_CACHE_DIR", str(tmp_path / "cold"))
    assert warm == values(lg) == {("A", "main"): 660.00}
