"""`jxc reorder`: reorder points from the catalog or from history, suggested quantities, drafts.

Catalog: TEA-001 reorder_point 20, reorder_qty 50, lead_time_days 7 (24 boxes a case);
TEA-002 no replenishment settings; CUP-01 reorder_point 5, reorder_qty 10, never bought;
hangzhou-tea has lead_time_days 5, fujian-tea none.

  2026-10-20 buy  fujian-tea   TEA-002 10 @ 28.00; 10-25 sell TEA-002 10  (outside the window)
  2026-11-01 buy  hangzhou-tea TEA-001 30 @ 50.00, TEA-002 20 @ 30.00
  2026-11-02 sell TEA-002 4, TEA-001 10
  2026-11-03 buy  fujian-tea   TEA-001 1 case @ 1260.00 (24 boxes at 52.50)
  2026-11-05 sell TEA-002 2, TEA-001 20   (s5)
  2026-11-09 sell TEA-002 5, TEA-001 6;  return 1 TEA-002 of s5

As of 2026-11-10 with --days 10 (the window is 11-01 .. 11-10):

TEA-002 (from history): daily demand 0,4,0,0,2,0,0,0,5−1,0 → demand 10, d = 10 / 10 = 1
  σ² = (7 × (0−1)² + 2 × (4−1)² + (2−1)²) / 10 = (7 + 18 + 1) / 10 = 2.6, σ = 1.61245… → 1.6125
  L = 5 (its last supplier, hangzhou-tea), z(0.95) = 1.6449
  safety stock = 1.6449 × √2.6 × √5 = 1.6449 × √13 = 1.6449 × 3.60555… = 5.93077… → 5.93
  reorder point = 1 × 5 + 5.93077… = 10.93077… → 10.93; on hand 20 − 4 − 2 − 5 + 1 = 10 ≤ 10.93: due
  target = d × (L + N) = 1 × 15 = 15 → suggested ⌈15 − 10⌉ = 5, price 30.00 (last purchase)
TEA-001 (catalog): on hand 30 + 24 − 36 = 18 ≤ 20: due; suggested 20 + 50 − 18 = 52;
  supplier fujian-tea (the last one), price 1260.00 / 24 = 52.50 a box
CUP-01 (catalog): on hand 0 ≤ 5: due; suggested 5 + 10 − 0 = 15; no supplier known, L = 7 (default)
LOT-01: no settings and no demand: not listed
"""

from decimal import Decimal

import json

CATALOG = """\
locations:
  main: {name: Main warehouse}
  shop: {name: Shop floor}
items:
  TEA-001: {name: Longjing, unit: box, category: green-tea, price: 88.00, reorder_point: 20, reorder_qty: 50, lead_time_days: 7, units: {case: 24}}
  TEA-002: {name: Tieguanyin, unit: box, category: oolong, price: 60.00}
  CUP-01: {name: Gaiwan cup, unit: pcs, category: teaware, price: 12.00, reorder_point: 5, reorder_qty: 10}
  LOT-01: {name: Pu-erh cake, unit: cake, category: dark-tea, price: 120.00, lots: true}
suppliers:
  hangzhou-tea: {name: Hangzhou Tea, lead_time_days: 5}
  fujian-tea: {name: Fujian Tea}
customers:
  walk-in: {name: Walk-in customers}
  cafe: {name: Corner Cafe}
"""

OCTOBER = """\
--- {id: b0, date: 2026-10-20, type: buy, from: fujian-tea, to: main, lines: [{item: TEA-002, qty: 10, price: 28.00}]}
--- {id: s0, date: 2026-10-25, type: sell, from: main, to: cafe, lines: [{item: TEA-002, qty: 10}]}
"""

NOVEMBER = """\
--- {id: b1, date: 2026-11-01, type: buy, from: hangzhou-tea, to: main, lines: [{item: TEA-001, qty: 30, price: 50.00}, {item: TEA-002, qty: 20, price: 30.00}]}
--- {id: s2, date: 2026-11-02, type: sell, from: main, to: walk-in, lines: [{item: TEA-002, qty: 4}, {item: TEA-001, qty: 10}]}
--- {id: b3, date: 2026-11-03, type: buy, from: fujian-tea, to: main, lines: [{item: TEA-001, qty: 1, unit: case, price: 1260.00}]}
--- {id: s5, date: 2026-11-05, type: sell, from: main, to: walk-in, lines: [{item: TEA-002, qty: 2}, {item: TEA-001, qty: 20}]}
--- {id: s9, date: 2026-11-09, type: sell, from: main, to: cafe, lines: [{item: TEA-002, qty: 5}, {item: TEA-001, qty: 6}]}
--- {id: r9, date: 2026-11-09, type: return, of: s5, lines: [{item: TEA-002, qty: 1}]}
"""

ARGS = ("reorder", "--as-of", "2026-11-10", "--days", "10")


def ledger(make_ledger):
    lg = make_ledger(NOVEMBER, catalog=CATALOG)
    lg.write_journal(OCTOBER, "2026-10")
    return lg


def exact(lg, *args):
    return json.loads(lg.ok(*args, "-o", "json").stdout, parse_float=Decimal)


def test_reorder_lists_items_due(make_ledger):
    lg = ledger(make_ledger)
    assert lg.ok(*ARGS, "-o", "csv").stdout == (
        "item,location,on_hand,projected,reorder_point,suggested_qty,supplier\n"
        "CUP-01,(all),0,0,5,15,\n"
        "TEA-001,(all),18,18,20,52,fujian-tea\n"
        "TEA-002,(all),10,10,10.93,5,hangzhou-tea\n")


def test_reorder_explain_shows_every_number(make_ledger):
    lg = ledger(make_ledger)
    rows = {r["item"]: r for r in exact(lg, *ARGS, "--explain")}
    assert rows["TEA-002"] == {
        "item": "TEA-002", "item_name": "Tieguanyin", "location": "(all)", "on_hand": 10, "projected": 10,
        "reorder_point": Decimal("10.93"), "suggested_qty": 5, "supplier": "hangzhou-tea",
        "supplier_name": "Hangzhou Tea", "receive_at": "main", "on_order": 0, "committed": 0, "unit": "box", "source": "history", "demand": 10,
        "window_days": 10, "daily_demand": Decimal("1.0000"), "sigma_daily": Decimal("1.6125"),
        "lead_time_days": 5, "lead_time_from": "supplier", "z": Decimal("1.6449"),
        "safety_stock": Decimal("5.93"), "reorder_qty": None, "target": Decimal("15.00")}
    # TEA-001: catalog point and quantity; demand 10 + 20 + 6 = 36 → d 3.6; lead time from the item
    assert (rows["TEA-001"]["source"], rows["TEA-001"]["demand"], rows["TEA-001"]["daily_demand"],
            rows["TEA-001"]["lead_time_from"], rows["TEA-001"]["target"]) == \
        ("catalog", 36, Decimal("3.6000"), "item", Decimal("70.00"))
    assert (rows["CUP-01"]["lead_time_days"], rows["CUP-01"]["lead_time_from"]) == (7, "default")
    # the terminal gets the formula beside each number, one column per item
    table = lg.ok(*ARGS, "--explain").stdout
    assert "z × σ × √L" in table and "d = demand / N" in table and "1.6125" in table


def test_reorder_service_level_and_window(make_ledger):
    """--service-level 0.5: z = 0, no safety stock: TEA-002's point is 1 × 5 = 5.00 < 10 on hand.
    --days 20 (10-22 .. 11-10) takes in the sale of 10 on 10-25: demand 20, d = 1 again but
    σ² = (16 zero days × 1 + (10−1)² + (4−1)² + (2−1)² + (4−1)²) / 20 = 116 / 20 = 5.8
    → σ = 2.40831… → 2.4083."""
    lg = ledger(make_ledger)
    assert [r["item"] for r in lg.json(*ARGS, "--service-level", "0.5")] == ["CUP-01", "TEA-001"]
    row = [r for r in exact(lg, "reorder", "--as-of", "2026-11-10", "--days", "20", "--explain")
           if r["item"] == "TEA-002"][0]
    assert (row["demand"], row["daily_demand"], row["sigma_daily"], row["z"]) == \
        (20, Decimal("1.0000"), Decimal("2.4083"), Decimal("1.6449"))
    for bad in ("1", "0", "1.5", "abc"):
        r = lg.run(*ARGS, "--service-level", bad)
        assert r.exit_code == 2 and "--service-level" in r.stderr, (bad, r)


def test_reorder_all_and_items(make_ledger):
    """--all shows the items not due too (with nothing to buy); ITEM arguments narrow the list."""
    lg = ledger(make_ledger)
    rows = lg.json(*ARGS, "--all")
    assert [r["item"] for r in rows] == ["CUP-01", "LOT-01", "TEA-001", "TEA-002"]
    assert rows[1] == {"item": "LOT-01", "location": "(all)", "on_hand": 0, "projected": 0, "reorder_point": 0,
                       "suggested_qty": 0, "supplier": ""}
    assert [r["item"] for r in lg.json(*ARGS, "TEA-002")] == ["TEA-002"]


def test_reorder_at_a_location(make_ledger):
    """Nothing is held at the shop and nothing sold there: only the catalog points apply."""
    lg = ledger(make_ledger)
    assert lg.ok(*ARGS, "--at", "shop", "-o", "csv").stdout == (
        "item,location,on_hand,projected,reorder_point,suggested_qty,supplier\n"
        "CUP-01,shop,0,0,5,15,\n"
        "TEA-001,shop,0,0,20,70,fujian-tea\n")


def test_reorder_write_drafts_purchase_orders_that_jxc_add_accepts(make_ledger):
    """The drafts are po entries due date + lead time: TEA-001's own 7 days (11-17), TEA-002's
    supplier's 5 days (11-15).  Once added they are on order: the projected stock of TEA-001 is
    18 + 52 = 70 > 20 and of TEA-002 10 + 5 = 15 > 10.93, so only CUP-01 stays due, and the stock
    on hand has not moved."""
    lg = ledger(make_ledger)
    draft = lg.ok(*ARGS, "--write").stdout
    assert draft == (
        "# Draft purchase orders from `jxc reorder` on 2026-11-10: quantities in base units,\n"
        "# prices from the last purchase.  Check and edit them, then: jxc add FILE (or pipe into jxc add -).\n"
        "# CUP-01: no supplier known; order 15 pcs by hand\n"
        "--- {date: 2026-11-10, type: po, from: fujian-tea, to: main, due: 2026-11-17,"
        " note: \"draft from jxc reorder: check quantities and prices\","
        " lines: [{item: TEA-001, qty: 52, price: 52.50}]}\n"
        "--- {date: 2026-11-10, type: po, from: hangzhou-tea, to: main, due: 2026-11-15,"
        " note: \"draft from jxc reorder: check quantities and prices\","
        " lines: [{item: TEA-002, qty: 5, price: 30.00}]}\n")
    lg.ok("add", "-", input=draft)
    assert lg.json("stock", "TEA-001", "TEA-002") == [
        {"item": "TEA-001", "location": "main", "qty": 18, "unit": "box"},
        {"item": "TEA-002", "location": "main", "qty": 10, "unit": "box"}]
    rows = lg.json(*ARGS, "--all")
    assert [(r["item"], r["on_hand"], r["projected"], r["suggested_qty"]) for r in rows] == [
        ("CUP-01", 0, 0, 15), ("LOT-01", 0, 0, 0), ("TEA-001", 18, 70, 0), ("TEA-002", 10, 15, 0)]
    assert [r["item"] for r in lg.json(*ARGS)] == ["CUP-01"]


def test_reorder_write_leaves_unknown_price_to_the_clerk_and_lots_to_the_receipt(make_ledger):
    """A lot-tracked item is ordered without a lot (the receipt names it); an item with no
    known price gets none, and `jxc add` refuses the draft until one is written in."""
    catalog = CATALOG.replace("lots: true}", "lots: true, reorder_point: 2, reorder_qty: 4}")
    lg = make_ledger("""\
        --- {id: b1, date: 2026-11-01, type: buy, from: hangzhou-tea, to: main, lines: [{item: LOT-01, qty: 3, price: 70.00, lot: L1}]}
        --- {id: s1, date: 2026-11-02, type: sell, from: main, to: cafe, lines: [{item: LOT-01, qty: 2, lot: L1}]}
        """, catalog=catalog)
    draft = lg.ok(*ARGS, "--write").stdout
    assert "lines: [{item: LOT-01, qty: 5, price: 70.00}]" in draft and "lot" not in draft.split("---")[-1]
    lg.ok("add", "-", input=draft)
    assert "LOT-01" not in [r["item"] for r in lg.json(*ARGS)]
    unpriced = draft.replace(", price: 70.00", "")
    r = make_ledger(catalog=catalog).run("add", "-", input=unpriced)
    assert r.exit_code == 1 and "needs a 'price'" in r.stderr


def test_reorder_edge_cases(make_ledger):
    """An empty ledger: only catalog points; nothing bought means no supplier and no draft."""
    lg = make_ledger(catalog=CATALOG)
    assert lg.ok(*ARGS, "-o", "csv").stdout == (
        "item,location,on_hand,projected,reorder_point,suggested_qty,supplier\n"
        "CUP-01,(all),0,0,5,15,\n"
        "TEA-001,(all),0,0,20,70,\n")
    draft = lg.ok(*ARGS, "--write").stdout
    assert "---" not in draft and "# TEA-001: no supplier known; order 70 box by hand" in draft
    # a single day of history: d = the day's demand, σ = 0
    lg = make_ledger(NOVEMBER, catalog=CATALOG)
    row = [r for r in exact(lg, "reorder", "--as-of", "2026-11-09", "--days", "1", "--explain", "--all")
           if r["item"] == "TEA-002"][0]
    assert (row["demand"], row["sigma_daily"], row["safety_stock"], row["reorder_point"]) == \
        (4, Decimal("0.0000"), Decimal("0.00"), Decimal("20.00"))
    assert lg.run(*ARGS, "--days", "0").exit_code == 2


def test_reorder_row_location_and_quantity_belong_together(make_ledger):
    """116.5 boxes of TEA-001 at main (bought there), none at the shop.  Without --at, on_hand is
    every location's stock, so the row's location is (all), not main or shop; the purchase would
    be received at main (receive_at, where TEA-001 was last received).  --at shop counts the
    shop's 0 (≤ 20: due, 20 + 50 − 0 = 70); --at main its 116.5 (> 20: not due)."""
    lg = make_ledger("""\
        --- {id: b1, date: 2026-11-01, type: buy, from: hangzhou-tea, to: main, lines: [{item: TEA-001, qty: 116.5, price: 50.00}]}
        """, catalog=CATALOG)
    row = [r for r in exact(lg, *ARGS, "--all", "--explain") if r["item"] == "TEA-001"][0]
    assert (row["location"], row["on_hand"], row["receive_at"], row["suggested_qty"]) == ("(all)", Decimal("116.5"),
                                                                                        "main", 0)
    shop = [r for r in lg.json(*ARGS, "--at", "shop") if r["item"] == "TEA-001"]
    assert shop == [{"item": "TEA-001", "location": "shop", "on_hand": 0, "projected": 0, "reorder_point": 20,
                     "suggested_qty": 70, "supplier": "hangzhou-tea"}]
    assert [r["item"] for r in lg.json(*ARGS, "--at", "main")] == ["CUP-01"]
