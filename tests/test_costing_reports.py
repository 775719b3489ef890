"""The money reports on one small shop: value, stock --value, card, profit, aging.

The shop (FIFO, worked on paper):

  Oct  1  open    main  TEA-001 20 @ 50.00 = 1000.00   CUP-01 30 @ 18.00 = 540.00
  Oct 10  buy     main  TEA-002 40 @ 38.00 = 1520.00
  Oct 15  transfer main→shop TEA-001 8 (8 @ 50.00 = 400.00), CUP-01 10 (180.00)
  Oct 20  sell    shop → walk-in  TEA-001 3 @ 88.00 = 264.00 (cost 150.00), CUP-01 2 @ 45.00 = 90.00 (36.00)
  Nov  2  buy     main  TEA-001 30 @ 52.00 = 1560.00
  Nov  5  sell    main → cafe  TEA-001 15 @ 80.00 = 1200.00 (FIFO 12 @ 50.00 + 3 @ 52.00 = 756.00)
                              TEA-002 10 @ 60.00 = 600.00 (380.00)
  Nov  9  return  of the Nov 5 sale: TEA-001 5 (5 × 756.00 / 15 = 252.00; revenue 400.00)
  Nov 12  writeoff shop CUP-01 1 damaged (18.00)
  Nov 20  count   shop CUP-01 counted 8 (book 7: a surplus of 1 at the latest layer's 18.00)

Closing: main TEA-001 27 @ 52.00 = 1404.00 + 5 returned @ 50.40 = 252.00 → 32, 1656.00
         main TEA-002 30 @ 38.00 = 1140.00;  main CUP-01 20 @ 18.00 = 360.00
         shop TEA-001 5 @ 50.00 = 250.00;    shop CUP-01 8 @ 18.00 = 144.00
"""

from __future__ import annotations

import pytest

SHOP = """\
---
{id: o1, date: 2026-10-01, type: open, lines: [{item: TEA-001, qty: 20, price: 50.00}, {item: CUP-01, qty: 30, price: 18.00}]}
---
{id: b1, date: 2026-10-10, type: buy, from: fujian-tea, lines: [{item: TEA-002, qty: 40, price: 38.00}]}
---
{id: t1, date: 2026-10-15, type: transfer, from: main, to: shop, lines: [{item: TEA-001, qty: 8}, {item: CUP-01, qty: 10}]}
---
{id: s1, date: 2026-10-20, type: sell, from: shop, to: walk-in, lines: [{item: TEA-001, qty: 3}, {item: CUP-01, qty: 2, price: 45.00}]}
---
{id: b2, date: 2026-11-02, type: buy, from: hangzhou-tea, lines: [{item: TEA-001, qty: 30, price: 52.00}]}
---
{id: s2, date: 2026-11-05, type: sell, to: cafe, lines: [{item: TEA-001, qty: 15, price: 80.00}, {item: TEA-002, qty: 10}]}
---
{id: r1, date: 2026-11-09, type: return, of: s2, lines: [{item: TEA-001, qty: 5}]}
---
{id: w1, date: 2026-11-12, type: writeoff, from: shop, to: damaged, lines: [{item: CUP-01, qty: 1}]}
---
{id: c1, date: 2026-11-20, type: count, at: shop, lines: [{item: CUP-01, counted: 8}]}
"""


@pytest.fixture
def shop(make_ledger):
    return make_ledger(SHOP, month="2026-10")


def test_value(shop):
    assert shop.json("value") == [
        {"item": "CUP-01", "location": "main", "qty": 20, "unit_cost": 18.0000, "value": 360.00},
        {"item": "CUP-01", "location": "shop", "qty": 8, "unit_cost": 18.0000, "value": 144.00},
        {"item": "TEA-001", "location": "main", "qty": 32, "unit_cost": 51.7500, "value": 1656.00},
        {"item": "TEA-001", "location": "shop", "qty": 5, "unit_cost": 50.0000, "value": 250.00},
        {"item": "TEA-002", "location": "main", "qty": 30, "unit_cost": 38.0000, "value": 1140.00}]
    assert shop.ok("value", "-o", "csv").stdout.splitlines()[0] == "item,location,qty,unit_cost,value"


def test_value_by(shop):
    """--by names its key column by what it is; a location or category holds boxes and pieces
    apart (one row per unit): main 62 boxes (TEA-001 32 + TEA-002 30) 2796.00 and 20 pcs
    360.00 = 3156.00; shop 5 boxes 250.00 and 8 pcs 144.00 = 394.00."""
    assert shop.json("value", "--by", "item") == [
        {"item": "CUP-01", "qty": 28, "unit_cost": 18.0000, "value": 504.00},
        {"item": "TEA-001", "qty": 37, "unit_cost": 51.5135, "value": 1906.00},
        {"item": "TEA-002", "qty": 30, "unit_cost": 38.0000, "value": 1140.00}]
    assert shop.json("value", "--by", "location") == [
        {"location": "main", "qty": 62, "unit": "box", "unit_cost": None, "value": 2796.00},
        {"location": "main", "qty": 20, "unit": "pcs", "unit_cost": None, "value": 360.00},
        {"location": "shop", "qty": 5, "unit": "box", "unit_cost": None, "value": 250.00},
        {"location": "shop", "qty": 8, "unit": "pcs", "unit_cost": None, "value": 144.00}]
    assert shop.json("value", "--by", "category") == [
        {"category": "green-tea", "qty": 37, "unit": "box", "unit_cost": None, "value": 1906.00},
        {"category": "oolong", "qty": 30, "unit": "box", "unit_cost": None, "value": 1140.00},
        {"category": "teaware", "qty": 28, "unit": "pcs", "unit_cost": None, "value": 504.00}]
    table = shop.ok("value", "--by", "location").stdout
    assert "total" in table and "3550.00" in table


def test_value_as_of(shop):
    """As of Oct 31: main TEA-001 12 @ 50.00, shop 5 @ 50.00; TEA-002 40 @ 38.00; cups 20 + 8."""
    assert shop.json("value", "--as-of", "2026-10-31", "--by", "item") == [
        {"item": "CUP-01", "qty": 28, "unit_cost": 18.0000, "value": 504.00},
        {"item": "TEA-001", "qty": 17, "unit_cost": 50.0000, "value": 850.00},
        {"item": "TEA-002", "qty": 40, "unit_cost": 38.0000, "value": 1520.00}]


def test_stock_value(shop):
    assert shop.json("stock", "--value", "--at", "shop") == [
        {"item": "CUP-01", "location": "shop", "qty": 8, "unit": "pcs", "unit_cost": 18.0000, "value": 144.00},
        {"item": "TEA-001", "location": "shop", "qty": 5, "unit": "box", "unit_cost": 50.0000, "value": 250.00}]


def test_card_money_columns(shop):
    rows = shop.json("card", "TEA-001")
    assert [(r["date"], r["id"], r["type"], r["counterparty"], r["in_qty"], r["out_qty"], r["balance_qty"],
             r["in_value"], r["out_value"], r["balance_value"]) for r in rows] == [
        ("2026-10-01", "o1", "open", "opening", 20, None, 20, 1000.00, None, 1000.00),
        ("2026-10-20", "s1", "sell", "walk-in", None, 3, 17, None, 150.00, 850.00),
        ("2026-11-02", "b2", "buy", "hangzhou-tea", 30, None, 47, 1560.00, None, 2410.00),
        ("2026-11-05", "s2", "sell", "cafe", None, 15, 32, None, 756.00, 1654.00),
        ("2026-11-09", "r1", "return", "cafe", 5, None, 37, 252.00, None, 1906.00)]
    assert [(r["id"], r["counterparty"], r["in_value"], r["out_value"], r["balance_value"])
            for r in shop.json("card", "TEA-001", "--at", "shop")] == [
        ("t1", "main→shop", 400.00, None, 400.00), ("s1", "walk-in", None, 150.00, 250.00)]


def test_card_period_opens_with_the_balance_brought_forward(shop):
    rows = shop.json("card", "CUP-01", "--at", "shop", "--period", "2026-11")
    assert [(r["date"], r["type"], r["in_value"], r["out_value"], r["balance_qty"], r["balance_value"])
            for r in rows] == [
        ("2026-11-01", "opening", None, None, 8, 144.00),
        ("2026-11-12", "writeoff", None, 18.00, 7, 126.00),
        ("2026-11-20", "count", 18.00, None, 8, 144.00)]


def test_card_under_another_method(shop):
    """LIFO: s2 takes 15 @ 52.00 = 780.00; r1 brings 5 back at 5 × 780.00 / 15 = 260.00."""
    assert [r["out_value"] or r["in_value"] for r in shop.json("card", "TEA-001", "--costing", "lifo")] == [
        1000.00, 150.00, 1560.00, 780.00, 260.00]


def test_profit_by_item(shop):
    """TEA-001: revenue 264.00 + 1200.00 − 400.00 = 1064.00; cogs 150.00 + 756.00 − 252.00 = 654.00.
    TEA-002: 600.00 − 380.00.  CUP-01: 90.00 − 36.00.  The write-off and the count are losses."""
    assert shop.json("profit") == [
        {"item": "CUP-01", "qty": 2, "revenue": 90.00, "cogs": 36.00, "gross_profit": 54.00, "margin": 0.6000},
        {"item": "TEA-001", "qty": 13, "revenue": 1064.00, "cogs": 654.00, "gross_profit": 410.00,
         "margin": 0.3853},
        {"item": "TEA-002", "qty": 10, "revenue": 600.00, "cogs": 380.00, "gross_profit": 220.00, "margin": 0.3667}]
    table = shop.ok("profit").stdout
    assert "1754.00" in table and "1070.00" in table       # the totals: revenue and cogs
    assert "losses (write-offs, count differences), not in cogs: 0.00" not in table


def test_profit_by_customer_category_month(shop):
    assert shop.json("profit", "--by", "customer") == [
        {"customer": "cafe", "qty": 20, "revenue": 1400.00, "cogs": 884.00, "gross_profit": 516.00, "margin": 0.3686},
        {"customer": "walk-in", "qty": 5, "revenue": 354.00, "cogs": 186.00, "gross_profit": 168.00, "margin": 0.4746}]
    assert [(r["category"], r["revenue"], r["cogs"]) for r in shop.json("profit", "--by", "category")] == [
        ("green-tea", 1064.00, 654.00), ("oolong", 600.00, 380.00), ("teaware", 90.00, 36.00)]
    assert [(r["month"], r["revenue"], r["cogs"]) for r in shop.json("profit", "--by", "month")] == [
        ("2026-10", 354.00, 186.00), ("2026-11", 1400.00, 884.00)]
    assert [(r["item"], r["revenue"], r["cogs"]) for r in shop.json("profit", "--period", "2026-11")] == [
        ("TEA-001", 800.00, 504.00), ("TEA-002", 600.00, 380.00)]


def test_losses_apart(shop):
    """w1: 1 damaged cup at 18.00; c1: 1 cup found, at 18.00 (a gain).  Net 0.00."""
    assert shop.json("profit", "--losses") == [
        {"item": "CUP-01", "type": "count", "reason": "count", "qty": -1, "loss": -18.00},
        {"item": "CUP-01", "type": "writeoff", "reason": "damaged", "qty": 1, "loss": 18.00}]
    assert shop.json("profit", "--losses", "--by", "month") == [
        {"month": "2026-11", "type": "count", "reason": "count", "qty": -1, "loss": -18.00},
        {"month": "2026-11", "type": "writeoff", "reason": "damaged", "qty": 1, "loss": 18.00}]
    assert "losses (write-offs, count differences)" not in shop.ok("profit").stdout


def test_profit_notes_the_losses(make_ledger):
    lg = make_ledger(SHOP.replace("counted: 8", "counted: 6"), month="2026-10")
    assert lg.json("profit", "--losses")[0]["loss"] == 18.00
    assert ("losses (write-offs, count differences), not in cogs: 36.00 — see: jxc profit --losses"
            in lg.ok("profit").stdout)


def test_aging(shop):
    """As of Dec 31: main TEA-001: 27 @ 52.00 from Nov 2 (59 days) and the 5 returned on Nov 9
    (52 days); shop TEA-001 5 @ 50.00 from Oct 1 (91 days); TEA-002 from Oct 10 (82 days)."""
    rows = shop.json("aging", "--as-of", "2026-12-31")
    assert [(r["item"], r["location"], r["qty"], r["value"], r["0-30"], r["31-60"], r["61-90"], r["91-180"],
             r[">180"], r["oldest_days"]) for r in rows] == [
        ("CUP-01", "main", 20, 360.00, 0.00, 0.00, 0.00, 360.00, 0.00, 91),
        ("CUP-01", "shop", 8, 144.00, 0.00, 18.00, 0.00, 126.00, 0.00, 91),
        ("TEA-001", "main", 32, 1656.00, 0.00, 1656.00, 0.00, 0.00, 0.00, 59),
        ("TEA-001", "shop", 5, 250.00, 0.00, 0.00, 0.00, 250.00, 0.00, 91),
        ("TEA-002", "main", 30, 1140.00, 0.00, 0.00, 1140.00, 0.00, 0.00, 82)]
    assert shop.ok("aging", "--as-of", "2026-12-31", "--buckets", "45,90", "-o", "csv").stdout.splitlines()[0] == \
        "item,location,qty,value,0-45,46-90,>90,oldest_days"


def test_aging_by_the_age_of_the_quantity_under_the_averages(shop):
    """Moving average keeps no cost layers: what is on hand is dated as if the oldest units
    went first, and valued at the pool's average.  Main TEA-001: 32 on hand, the newest 32 are
    the 5 returned on Nov 9 and 27 of the 30 bought on Nov 2."""
    rows = {(r["item"], r["location"]): r for r in shop.json("aging", "--as-of", "2026-12-31", "--costing",
                                                             "moving-average", "--buckets", "55")}
    r = rows[("TEA-001", "main")]
    assert (r["qty"], r["oldest_days"], round(r["0-55"] + r[">55"], 2)) == (32, 59, r["value"])
    v = shop.json("value", "--costing", "moving-average")
    assert {(x["item"], x["location"]): x["value"] for x in v}[("TEA-001", "main")] == r["value"]
