"""The rules of SPEC 4 beyond the methods themselves: transfers, sales returns, purchase
returns, count surpluses and shortages, one pool per item, stock below zero.

Every expected number was worked out on paper; the working is in the docstrings.
"""

from __future__ import annotations

import pytest


def card(lg, item, *args):
    return [(r["id"], r["in_value"], r["out_value"], r["balance_qty"], r["balance_value"])
            for r in lg.json("card", item, *args)]


def values(lg, item, *args):
    """The value each move of the card carried (in or out), in card order."""
    return [r[1] if r[1] is not None else r[2] for r in card(lg, item, *args)]


def positions(lg, *args):
    return {(r["item"], r["location"]): (r["qty"], r["value"]) for r in lg.json("value", *args)}


# ---------------------------------------------------------------------------
# Transfers carry cost

TRANSFER = """\
---
{id: b1, date: 2026-01-01, type: buy, from: hangzhou-tea, lines: [{item: CUP-01, qty: 10, price: 5.00}]}
---
{id: b2, date: 2026-02-01, type: buy, from: hangzhou-tea, lines: [{item: CUP-01, qty: 10, price: 6.00}]}
---
{id: t1, date: 2026-03-01, type: transfer, from: main, to: shop, lines: [{item: CUP-01, qty: 15}]}
---
{id: s1, date: 2026-03-05, type: sell, from: shop, to: walk-in, lines: [{item: CUP-01, qty: 12, price: 9.00}]}
"""


def test_fifo_transfer_moves_the_layers_with_their_dates(make_ledger):
    """FIFO.  t1 takes 10 @ 5.00 (Jan 1) + 5 @ 6.00 (Feb 1) = 80.00 to the shop; main keeps
    5 @ 6.00 = 30.00.  s1 at the shop: 10 @ 5.00 + 2 @ 6.00 = 62.00; the shop keeps 3 @ 6.00
    = 18.00, still dated Feb 1: 58 days old on Mar 30."""
    lg = make_ledger(TRANSFER, month="2026-01")
    assert card(lg, "CUP-01", "--at", "shop") == [("t1", 80.00, None, 15, 80.00), ("s1", None, 62.00, 3, 18.00)]
    assert card(lg, "CUP-01", "--at", "main")[-1] == ("t1", None, 80.00, 5, 30.00)
    # Over all locations a transfer changes nothing: it is not on the card.
    assert [r[0] for r in card(lg, "CUP-01")] == ["b1", "b2", "s1"]
    assert positions(lg) == {("CUP-01", "main"): (5, 30.00), ("CUP-01", "shop"): (3, 18.00)}
    aging = lg.json("aging", "--as-of", "2026-03-30", "--buckets", "30,60")
    assert [(r["location"], r["0-30"], r["31-60"], r[">60"], r["oldest_days"]) for r in aging] == [
        ("main", 0.00, 30.00, 0.00, 57), ("shop", 0.00, 18.00, 0.00, 57)]


def test_lifo_transfer(make_ledger):
    """LIFO.  t1 takes 10 @ 6.00 (Feb 1) + 5 @ 5.00 (Jan 1) = 85.00; main keeps 5 @ 5.00.
    At the shop the Feb layer is the newest: s1 = 10 @ 6.00 + 2 @ 5.00 = 70.00; the shop keeps
    3 @ 5.00 = 15.00 dated Jan 1 (88 days on Mar 30)."""
    lg = make_ledger(TRANSFER, costing="lifo", month="2026-01")
    assert values(lg, "CUP-01", "--at", "shop") == [85.00, 70.00]
    assert positions(lg) == {("CUP-01", "main"): (5, 25.00), ("CUP-01", "shop"): (3, 15.00)}
    aging = lg.json("aging", "--as-of", "2026-03-30", "--buckets", "30,60")
    assert [(r["location"], r[">60"], r["oldest_days"]) for r in aging] == [("main", 25.00, 88), ("shop", 15.00, 88)]


def test_moving_average_transfer(make_ledger):
    """Moving average.  t1 = 15 × 110.00 / 20 = 82.50; main keeps 5, 27.50.  s1 at the shop
    = 12 × 82.50 / 15 = 66.00; the shop keeps 3, 16.50.  Ages: the oldest quantity goes
    first, so what is left everywhere is the Feb 1 receipt."""
    lg = make_ledger(TRANSFER, costing="moving-average", month="2026-01")
    assert values(lg, "CUP-01", "--at", "shop") == [82.50, 66.00]
    assert positions(lg) == {("CUP-01", "main"): (5, 27.50), ("CUP-01", "shop"): (3, 16.50)}
    aging = lg.json("aging", "--as-of", "2026-03-30", "--buckets", "30,60")
    assert [(r["location"], r["31-60"], r["oldest_days"]) for r in aging] == [("main", 27.50, 57), ("shop", 16.50, 57)]


def test_monthly_average_has_one_pool_per_item(make_ledger):
    """Monthly average keeps one pool per item: a transfer moves no value.
    Jan: 5.00; Feb: (50.00 + 60.00) / 20 = 5.50; Mar: 110.00 / 20 = 5.50, s1 = 12 × 5.50 = 66.00.
    Left 8, 44.00, shown per location by quantity (the last location takes the rest):
    main 5 × 44.00 / 8 = 27.50, shop 16.50.  The card shows t1 at the month's cost, 15 × 5.50."""
    lg = make_ledger(TRANSFER, costing="monthly-average", month="2026-01")
    assert values(lg, "CUP-01") == [50.00, 60.00, 66.00]
    assert values(lg, "CUP-01", "--at", "shop") == [82.50, 66.00]
    assert positions(lg) == {("CUP-01", "main"): (5, 27.50), ("CUP-01", "shop"): (3, 16.50)}
    assert lg.json("value", "--by", "item") == [{"item": "CUP-01", "qty": 8,
                                                 "unit_cost": 5.5000, "value": 44.00}]


def test_cost_pool_item_fifo(make_ledger):
    """cost_pool: item — one FIFO queue for the item wherever it sits: s1 = 10 @ 5.00 + 2 @ 6.00
    = 62.00; left 8 @ 6.00 = 48.00, shown as main 5 × 48.00 / 8 = 30.00 and shop 18.00."""
    lg = make_ledger(TRANSFER, cost_pool="item", month="2026-01")
    assert values(lg, "CUP-01") == [50.00, 60.00, 62.00]
    assert positions(lg) == {("CUP-01", "main"): (5, 30.00), ("CUP-01", "shop"): (3, 18.00)}
    assert lg.json("stock", "--value") == [
        {"item": "CUP-01", "location": "main", "qty": 5, "unit": "pcs", "unit_cost": 6.0000, "value": 30.00},
        {"item": "CUP-01", "location": "shop", "qty": 3, "unit": "pcs", "unit_cost": 6.0000, "value": 18.00}]


# ---------------------------------------------------------------------------
# Sales returns

SALE_RETURNED = """\
---
{id: b1, date: 2026-11-02, type: buy, from: hangzhou-tea, lines: [{item: TEA-001, qty: 1, unit: case, price: 100.00}]}
---
{id: s1, date: 2026-11-03, type: sell, to: cafe, lines: [{item: TEA-001, qty: 7, price: 8.99}]}
---
{id: r1, date: 2026-11-04, type: return, of: s1, lines: [{item: TEA-001, qty: 2}]}
---
{id: r2, date: 2026-11-05, type: return, of: s1, lines: [{item: TEA-001, qty: 2}]}
---
{id: r3, date: 2026-11-06, type: return, of: s1, lines: [{item: TEA-001, qty: 3}]}
"""


@pytest.mark.parametrize("method", ["fifo", "lifo", "moving-average", "monthly-average", "specific"])
def test_a_sales_return_gives_back_what_the_sale_took(make_ledger, method):
    """1 case = 24 boxes @ 100.00 (4.1666… a box).  s1 sells 7 @ 8.99: revenue 62.93, cost
    7 × 4.1666… = 29.1666… → 29.17 (under every method: one layer, one average).
    r1, r2 return 2 each: cost 2 × 29.17 / 7 = 8.334… → 8.33, revenue 2 × 8.99 = 17.98.
    r3 returns the last 3: exactly what is left, cost 29.17 − 16.66 = 12.51 (not 12.50),
    revenue 62.93 − 35.96 = 26.97.  Everything is back: 24 boxes, 100.00; no profit."""
    lg = make_ledger(SALE_RETURNED, costing=method)
    assert card(lg, "TEA-001") == [("b1", 100.00, None, 24, 100.00), ("s1", None, 29.17, 17, 70.83),
                                   ("r1", 8.33, None, 19, 79.16), ("r2", 8.33, None, 21, 87.49),
                                   ("r3", 12.51, None, 24, 100.00)]
    assert lg.json("profit") == [{"item": "TEA-001", "qty": 0, "revenue": 0.00, "cogs": 0.00,
                                  "gross_profit": 0.00, "margin": None}]
    assert lg.json("profit", "--end", "2026-11-05") == [{"item": "TEA-001", "qty": 5, "revenue": 44.95,
                                                         "cogs": 20.84, "gross_profit": 24.11, "margin": 0.5364}]


def test_a_sales_return_is_a_new_fifo_layer_at_the_cost_the_sale_took(make_ledger):
    """FIFO.  b1 10 @ 3.00, b2 10 @ 4.00; s1 sells 12: 10 @ 3.00 + 2 @ 4.00 = 38.00 (3.1666… each).
    r1 returns 6: 6 × 38.00 / 12 = 19.00, a new layer dated Nov 20 behind b2's 8 @ 4.00.
    s2 sells 10: 8 @ 4.00 + 2 of the returned layer @ 19.00 / 6 = 32.00 + 6.333… = 38.33."""
    lg = make_ledger("""\
        ---
        {id: b1, date: 2026-11-01, type: buy, from: hangzhou-tea, lines: [{item: CUP-01, qty: 10, price: 3.00}]}
        ---
        {id: b2, date: 2026-11-02, type: buy, from: hangzhou-tea, lines: [{item: CUP-01, qty: 10, price: 4.00}]}
        ---
        {id: s1, date: 2026-11-10, type: sell, to: cafe, lines: [{item: CUP-01, qty: 12, price: 9.00}]}
        ---
        {id: r1, date: 2026-11-20, type: return, of: s1, lines: [{item: CUP-01, qty: 6}]}
        ---
        {id: s2, date: 2026-11-25, type: sell, to: walk-in, lines: [{item: CUP-01, qty: 10, price: 9.00}]}
        """)
    assert values(lg, "CUP-01") == [30.00, 40.00, 38.00, 19.00, 38.33]
    assert lg.json("aging", "--as-of", "2026-11-30", "--buckets", "10")[0]["0-10"] == 12.67   # 4 returned, 10 days old
    assert lg.json("profit", "--by", "customer") == [
        {"customer": "cafe", "qty": 6, "revenue": 54.00, "cogs": 19.00, "gross_profit": 35.00, "margin": 0.6481},
        {"customer": "walk-in", "qty": 10, "revenue": 90.00, "cogs": 38.33, "gross_profit": 51.67, "margin": 0.5741}]


def test_monthly_average_sales_return_in_the_month_of_the_sale_and_after(make_ledger):
    """Monthly average.
    Jan: b1 10 @ 3.00, b2 10 @ 4.00: unit cost 70.00 / 20 = 3.50; s1 sells 6: 21.00.
    r1 (Jan) returns 2: a negative issue of 2 × 21.00 / 6 = 7.00.  Jan closes 16, 56.00.
    Feb: r2 returns the last 4: a receipt at what is left of s1's cost, 21.00 − 7.00 = 14.00;
    b3 4 @ 5.00 = 20.00.  Unit cost (56.00 + 14.00 + 20.00) / (16 + 4 + 4) = 90.00 / 24 = 3.75;
    s2 sells 10: 37.50.  Feb closes 14, 52.50.
    Profit: Jan 6 − 2 sold, revenue 54.00 − 18.00, cogs 21.00 − 7.00;
            Feb 10 − 4, revenue 90.00 − 36.00, cogs 37.50 − 14.00."""
    lg = make_ledger("""\
        ---
        {id: b1, date: 2026-01-05, type: buy, from: hangzhou-tea, lines: [{item: CUP-01, qty: 10, price: 3.00}]}
        ---
        {id: b2, date: 2026-01-06, type: buy, from: hangzhou-tea, lines: [{item: CUP-01, qty: 10, price: 4.00}]}
        ---
        {id: s1, date: 2026-01-10, type: sell, to: cafe, lines: [{item: CUP-01, qty: 6, price: 9.00}]}
        ---
        {id: r1, date: 2026-01-20, type: return, of: s1, lines: [{item: CUP-01, qty: 2}]}
        ---
        {id: r2, date: 2026-02-03, type: return, of: s1, lines: [{item: CUP-01, qty: 4}]}
        ---
        {id: b3, date: 2026-02-10, type: buy, from: hangzhou-tea, lines: [{item: CUP-01, qty: 4, price: 5.00}]}
        ---
        {id: s2, date: 2026-02-20, type: sell, to: walk-in, lines: [{item: CUP-01, qty: 10, price: 9.00}]}
        """, costing="monthly-average", month="2026-01")
    assert values(lg, "CUP-01") == [30.00, 40.00, 21.00, 7.00, 14.00, 20.00, 37.50]
    assert lg.json("profit", "--by", "month") == [
        {"month": "2026-01", "qty": 4, "revenue": 36.00, "cogs": 14.00, "gross_profit": 22.00, "margin": 0.6111},
        {"month": "2026-02", "qty": 6, "revenue": 54.00, "cogs": 23.50, "gross_profit": 30.50, "margin": 0.5648}]
    assert positions(lg) == {("CUP-01", "main"): (14, 52.50)}


# ---------------------------------------------------------------------------
# Purchase returns

PURCHASE_RETURNED = """\
---
{id: b1, date: 2026-11-01, type: buy, from: hangzhou-tea, lines: [{item: CUP-01, qty: 10, price: 5.00}]}
---
{id: b2, date: 2026-11-02, type: buy, from: fujian-tea, lines: [{item: CUP-01, qty: 10, price: 8.00}]}
---
{id: p1, date: 2026-11-03, type: return, of: b1, lines: [{item: CUP-01, qty: 4}]}
---
{id: s1, date: 2026-11-04, type: sell, to: walk-in, lines: [{item: CUP-01, qty: 10, price: 12.00}]}
"""


@pytest.mark.parametrize("method, s1, closing", [
    # p1 takes 4 @ 5.00 = 20.00 from b1's layer, which is left with 6 @ 5.00.
    ("fifo", 62.00, 48.00),              # s1 = 6 @ 5.00 + 4 @ 8.00; left 6 @ 8.00
    ("lifo", 80.00, 30.00),              # s1 = 10 @ 8.00; left 6 @ 5.00
    ("specific", 62.00, 48.00),          # no lots: FIFO
    ("moving-average", 68.75, 41.25),    # (130.00 − 20.00) / 16 = 6.875; s1 = 10 × 6.875
    ("monthly-average", 68.75, 41.25),   # a negative receipt: (50 + 80 − 20) / (20 − 4) = 6.875
])
def test_a_purchase_return_leaves_at_the_purchase_price(make_ledger, method, s1, closing):
    lg = make_ledger(PURCHASE_RETURNED, costing=method)
    assert values(lg, "CUP-01") == [50.00, 80.00, 20.00, s1]
    assert positions(lg) == {("CUP-01", "main"): (6, closing)}


@pytest.mark.parametrize("method, s1, p1, closing", [
    # FIFO: s1 = 10 @ 5.00 + 2 @ 8.00 = 66.00 took all of b1's layer: the 3 going back are,
    # by FIFO, b2's goods, and leave at their cost 3 @ 8.00 = 24.00; left 5 @ 8.00.
    ("fifo", 66.00, 24.00, 40.00),
    # LIFO: s1 = 10 @ 8.00 + 2 @ 5.00 = 90.00; b1's layer still holds 8: p1 = 3 @ 5.00.
    ("lifo", 90.00, 15.00, 25.00),
    # Moving average: s1 = 12 × 130.00 / 20 = 78.00; p1 at b1's price 3 × 5.00; left 5, 37.00.
    ("moving-average", 78.00, 15.00, 37.00),
])
def test_a_purchase_return_after_the_method_sold_that_purchase(make_ledger, method, s1, p1, closing):
    lg = make_ledger("""\
        ---
        {id: b1, date: 2026-11-01, type: buy, from: hangzhou-tea, lines: [{item: CUP-01, qty: 10, price: 5.00}]}
        ---
        {id: b2, date: 2026-11-02, type: buy, from: fujian-tea, lines: [{item: CUP-01, qty: 10, price: 8.00}]}
        ---
        {id: s1, date: 2026-11-03, type: sell, to: walk-in, lines: [{item: CUP-01, qty: 12, price: 12.00}]}
        ---
        {id: p1, date: 2026-11-04, type: return, of: b1, lines: [{item: CUP-01, qty: 3}]}
        """, costing=method)
    assert values(lg, "CUP-01") == [50.00, 80.00, s1, p1]
    assert positions(lg) == {("CUP-01", "main"): (5, closing)}


def test_a_purchase_return_that_empties_the_pool_takes_what_is_left(make_ledger):
    """Moving average: b1 10 @ 5.00, b2 10 @ 8.00 (20, 130.00); s1 sells 10: 65.00.
    p1 returns all of b2: 10 @ 8.00 would be 80.00, but it empties the pool: 65.00."""
    lg = make_ledger("""\
        ---
        {id: b1, date: 2026-11-01, type: buy, from: hangzhou-tea, lines: [{item: CUP-01, qty: 10, price: 5.00}]}
        ---
        {id: b2, date: 2026-11-02, type: buy, from: fujian-tea, lines: [{item: CUP-01, qty: 10, price: 8.00}]}
        ---
        {id: s1, date: 2026-11-03, type: sell, to: walk-in, lines: [{item: CUP-01, qty: 10, price: 12.00}]}
        ---
        {id: p1, date: 2026-11-04, type: return, of: b2, lines: [{item: CUP-01, qty: 10}]}
        """, costing="moving-average")
    assert values(lg, "CUP-01") == [50.00, 80.00, 65.00, 65.00]
    assert lg.json("value") == []


def test_a_purchase_return_by_the_case(make_ledger):
    """b1 2 cases @ 1200.00 = 48 boxes @ 50.00; p1 returns 1 case = 24 boxes: 1200.00."""
    lg = make_ledger("""\
        ---
        {id: b1, date: 2026-11-01, type: buy, from: hangzhou-tea, lines: [{item: TEA-001, qty: 2, unit: case, price: 1200.00}]}
        ---
        {id: p1, date: 2026-11-04, type: return, of: b1, lines: [{item: TEA-001, qty: 1, unit: case}]}
        """, costing="lifo")
    assert card(lg, "TEA-001") == [("b1", 2400.00, None, 48, 2400.00), ("p1", None, 1200.00, 24, 1200.00)]


# ---------------------------------------------------------------------------
# Counts

COUNTED = """\
---
{id: b1, date: 2026-01-05, type: buy, from: hangzhou-tea, lines: [{item: CUP-01, qty: 10, price: 5.00}]}
---
{id: b2, date: 2026-02-05, type: buy, from: hangzhou-tea, lines: [{item: CUP-01, qty: 10, price: 6.00}]}
---
{id: c1, date: 2026-02-20, type: count, lines: [{item: CUP-01, counted: 21}]}
"""


@pytest.mark.parametrize("method, surplus", [
    ("fifo", 6.00),              # the latest layer's cost
    ("lifo", 6.00),
    ("specific", 6.00),
    ("moving-average", 5.50),    # the pool's unit cost, 110.00 / 20
    ("monthly-average", 5.00),   # the previous month's: January's 50.00 / 10
])
def test_a_count_surplus_comes_in_at_the_current_unit_cost(make_ledger, method, surplus):
    lg = make_ledger(COUNTED, costing=method, month="2026-01")
    assert values(lg, "CUP-01")[-1] == surplus
    assert lg.json("profit", "--losses") == [{"item": "CUP-01", "type": "count", "reason": "count", "qty": -1,
                                              "loss": -surplus}]


def test_a_count_surplus_at_the_line_price(make_ledger):
    lg = make_ledger(COUNTED.replace("counted: 21}", "counted: 21, price: 7.00}"), costing="monthly-average",
                     month="2026-01")
    assert values(lg, "CUP-01")[-1] == 7.00


def test_a_count_surplus_with_no_cost_is_refused(make_ledger):
    """Nothing ever received at the shop, no price on the line, no catalog cost: an error
    naming the item and the fix.  TEA-001 has a catalog cost (50.00): it comes in at that."""
    lg = make_ledger(COUNTED, month="2026-01")
    r = lg.run("count", "CUP-01", "5", "--at", "shop", "--date", "2026-02-21")
    assert r.exit_code == 1
    assert r.stderr.strip() == ("error: no unit cost for the count surplus of 5 CUP-01: give the count line a"
                                " 'price', or set 'cost' for CUP-01 in catalog.yaml")
    lg.ok("count", "CUP-01", "5@4.5", "--at", "shop", "--date", "2026-02-21")
    lg.ok("count", "TEA-001", "2", "--at", "shop", "--date", "2026-02-21")
    assert positions(lg)[("CUP-01", "shop")] == (5, 22.50)
    assert positions(lg)[("TEA-001", "shop")] == (2, 100.00)


def test_monthly_average_count_surplus_in_the_first_month(make_ledger):
    """Monthly average in the item's first month has no previous month's cost: the line's
    price, else the catalog cost, else an error (SPEC 4)."""
    lg = make_ledger(COUNTED, costing="monthly-average", month="2026-01")
    r = lg.run("count", "CUP-01", "11", "--date", "2026-01-06")
    assert r.exit_code == 1 and "no unit cost for the count surplus of 1 CUP-01" in r.stderr


def test_a_count_shortage_is_a_loss_at_cost(make_ledger):
    """FIFO: counted 14 of 20: 6 short = 6 @ 5.00 = 30.00, a loss, not cogs.  w1 writes off 6
    damaged: the 4 @ 5.00 left of January + 2 @ 6.00 = 32.00.  Left 8 @ 6.00 = 48.00."""
    lg = make_ledger(COUNTED.replace("counted: 21", "counted: 14") + """\
        ---
        {id: w1, date: 2026-02-25, type: writeoff, to: damaged, lines: [{item: CUP-01, qty: 6}]}
        """.replace("        ", ""), month="2026-01")
    assert values(lg, "CUP-01") == [50.00, 60.00, 30.00, 32.00]
    assert lg.json("profit", "--losses") == [
        {"item": "CUP-01", "type": "count", "reason": "count", "qty": 6, "loss": 30.00},
        {"item": "CUP-01", "type": "writeoff", "reason": "damaged", "qty": 6, "loss": 32.00}]
    assert lg.json("profit") == []
    assert positions(lg) == {("CUP-01", "main"): (8, 48.00)}


# ---------------------------------------------------------------------------
# Stock below zero (negative_stock: allow)

def test_stock_below_zero_is_costed_when_the_goods_arrive(make_ledger):
    """negative_stock: allow.  s1 sells 5 TEA-001 with nothing on hand: an estimate at the
    catalog cost, 5 × 50.00 = 250.00.  b1 brings 10 @ 40.00 = 400.00; 5 of them are what s1
    sold, so s1 is re-costed at 40.00: 5 × (40.00 − 50.00) = −50.00, booked on b1's date (a
    `recost` row of s1 on the card), and the pool holds 5 @ 40.00 = 200.00.  s2 sells those:
    200.00.  cogs 250.00 on 11-01, −50.00 + 200.00 on 11-02 and 11-03: 400.00 — what was received."""
    lg = make_ledger("""\
        ---
        {id: s1, date: 2026-11-01, type: sell, to: walk-in, lines: [{item: TEA-001, qty: 5}]}
        ---
        {id: b1, date: 2026-11-02, type: buy, from: hangzhou-tea, lines: [{item: TEA-001, qty: 10, price: 40.00}]}
        ---
        {id: s2, date: 2026-11-03, type: sell, to: walk-in, lines: [{item: TEA-001, qty: 5}]}
        """, negative_stock="allow")
    assert card(lg, "TEA-001") == [("s1", None, 250.00, -5, -250.00), ("b1", 400.00, None, 5, 150.00),
                                   ("s1", None, -50.00, 5, 200.00), ("s2", None, 200.00, 0, 0.00)]
    assert [r["type"] for r in lg.json("card", "TEA-001")] == ["sell", "buy", "recost", "sell"]
    assert lg.json("value", "--as-of", "2026-11-01") == [
        {"item": "TEA-001", "location": "main", "qty": -5, "unit_cost": 50.0000, "value": -250.00}]
    assert lg.json("profit")[0]["cogs"] == 400.00
    assert [(r["month"], r["cogs"]) for r in lg.json("profit", "--by", "month")] == [("2026-11", 400.00)]
    assert lg.json("profit", "-p", "2026-11-01")[0]["cogs"] == 250.00
    assert lg.json("profit", "-p", "2026-11-02") == [
        {"item": "TEA-001", "qty": 0, "revenue": 0.00, "cogs": -50.00, "gross_profit": 50.00, "margin": None}]


def test_issues_below_zero_are_recosted_when_the_goods_arrive(make_ledger):
    """negative_stock: allow.  s1 and s2 sell 1 TEA-001 each with nothing on hand: at the
    catalog cost, 50.00 each; the pool stands at −2, −100.00.  b1 brings 2 @ 0.335 = 0.67
    (0.670).  They cover what s1 and s2 issued, so each is re-costed at 0.335:
    (0.335 − 50.00) = −49.665 → −49.67 (half-up).  That leaves the pool at 0 with 0.01
    (−100.00 + 0.67 + 99.34): the last issue covered, s2, takes it: −49.66.  Both land on
    b1's date; s1 cost 0.33 and s2 0.34 in all."""
    lg = make_ledger("""\
        ---
        {id: s1, date: 2026-11-01, type: sell, to: walk-in, lines: [{item: TEA-001, qty: 1}]}
        ---
        {id: s2, date: 2026-11-01, type: sell, to: walk-in, lines: [{item: TEA-001, qty: 1}]}
        ---
        {id: b1, date: 2026-11-02, type: buy, from: hangzhou-tea, lines: [{item: TEA-001, qty: 2, price: 0.335}]}
        """, negative_stock="allow")
    for method in ("fifo", "lifo", "moving-average", "specific"):
        assert card(lg, "TEA-001", "--costing", method) == [
            ("s1", None, 50.00, -1, -50.00), ("s2", None, 50.00, -2, -100.00), ("b1", 0.67, None, 0, -99.33),
            ("s1", None, -49.67, 0, -49.66), ("s2", None, -49.66, 0, 0.00)], method
    # The monthly average costs the month as a whole: (0 + 0.67) / (0 + 2) = 0.335 → 0.34, and
    # the month closes empty: its last issue, s2, takes the rest, 0.33.
    assert card(lg, "TEA-001", "--costing", "monthly-average") == [
        ("s1", None, 0.34, -1, -0.34), ("s2", None, 0.33, -2, -0.67), ("b1", 0.67, None, 0, 0.00)]


def test_the_return_of_a_purchase_lines_last_units_takes_what_is_left(make_ledger):
    """b1 buys 3 CUP-01 @ 0.335 = 1.005 → 1.01.  Returned one at a time: 1 × 0.335 → 0.34, 0.34,
    then the last unit takes what is left of the line's amount: 1.01 − 0.68 = 0.33 (not 0.34),
    so the pool ends empty at 0.00 under every method."""
    lg = make_ledger("""\
        ---
        {id: b1, date: 2026-11-01, type: buy, from: hangzhou-tea, lines: [{item: CUP-01, qty: 3, price: 0.335}]}
        ---
        {id: r1, date: 2026-11-02, type: return, of: b1, lines: [{item: CUP-01, qty: 1}]}
        ---
        {id: r2, date: 2026-11-03, type: return, of: b1, lines: [{item: CUP-01, qty: 1}]}
        ---
        {id: r3, date: 2026-11-04, type: return, of: b1, lines: [{item: CUP-01, qty: 1}]}
        """)
    for method in ("fifo", "lifo", "moving-average", "monthly-average", "specific"):
        assert card(lg, "CUP-01", "--costing", method) == [
            ("b1", 1.01, None, 3, 1.01), ("r1", None, 0.34, 2, 0.67), ("r2", None, 0.34, 1, 0.33),
            ("r3", None, 0.33, 0, 0.00)], method


def test_a_count_surplus_in_an_emptied_fifo_pool_comes_in_at_the_last_receipts_cost(make_ledger):
    """FIFO/LIFO: b1 2 @ 5.00, b2 1 @ 7.00, s1 sells all 3 (the pool is empty, no layer left).
    A count finds 1: it comes in at the unit cost of the last receipt into the pool, 7.00
    (not the catalog, not b1's 5.00)."""
    lg = make_ledger("""\
        ---
        {id: b1, date: 2026-11-01, type: buy, from: hangzhou-tea, lines: [{item: CUP-01, qty: 2, price: 5.00}]}
        ---
        {id: b2, date: 2026-11-02, type: buy, from: hangzhou-tea, lines: [{item: CUP-01, qty: 1, price: 7.00}]}
        ---
        {id: s1, date: 2026-11-03, type: sell, to: walk-in, lines: [{item: CUP-01, qty: 3, price: 9.00}]}
        ---
        {id: c1, date: 2026-11-04, type: count, at: main, lines: [{item: CUP-01, counted: 1}]}
        """)
    for method in ("fifo", "lifo"):
        assert card(lg, "CUP-01", "--costing", method)[-1] == ("c1", 7.00, None, 1, 7.00), method
