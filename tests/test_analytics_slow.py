"""`jxc slow`: items on hand that have not sold in N days, with value and the last sale.

  2026-08-01 buy  TEA-001 10 @ 50.00, TEA-002 5 @ 30.00, CUP-01 4 @ 5.00
  2026-08-10 sell TEA-002 5          (TEA-002 sold out)
  2026-09-01 sell TEA-001 2          (TEA-001: 8 left, 400.00)
  2026-11-25 buy  TEA-002 3 @ 30.00  (90.00), LOT-01 2 @ 40.00 (80.00, lot L1)

As of 2026-11-30, --days 90:
  TEA-001  last sale 09-01: 30 (Sep) + 31 (Oct) + 29 = 90 idle days ≥ 90 → slow, value 400.00
  TEA-002  last sale 08-10: 21 + 30 + 31 + 30 = 112 days → slow, 90.00 (bought again, still not sold)
  CUP-01   never sold; in stock since 08-01: 121 days → slow, 20.00, last_sale empty
  LOT-01   never sold; in stock since 11-25: 5 days → not slow (new goods are not dead stock)
As of 2026-11-29 TEA-001 has been idle 89 days: not slow.
"""

AUGUST = """\
--- {id: b1, date: 2026-08-01, type: buy, from: fujian-tea, to: main, lines: [{item: TEA-001, qty: 10, price: 50.00}, {item: TEA-002, qty: 5, price: 30.00}, {item: CUP-01, qty: 4, price: 5.00}]}
--- {id: s1, date: 2026-08-10, type: sell, from: main, to: cafe, lines: [{item: TEA-002, qty: 5}]}
"""
SEPTEMBER = """\
--- {id: s2, date: 2026-09-01, type: sell, from: main, to: cafe, lines: [{item: TEA-001, qty: 2}]}
"""
NOVEMBER = """\
--- {id: b2, date: 2026-11-25, type: buy, from: fujian-tea, to: main, lines: [{item: TEA-002, qty: 3, price: 30.00}, {item: LOT-01, qty: 2, price: 40.00, lot: L1}]}
"""


def ledger(make_ledger):
    lg = make_ledger(NOVEMBER)
    lg.write_journal(AUGUST, "2026-08")
    lg.write_journal(SEPTEMBER, "2026-09")
    return lg


def test_slow_lists_idle_stock_largest_value_first(make_ledger):
    lg = ledger(make_ledger)
    assert lg.ok("slow", "--as-of", "2026-11-30", "-o", "csv").stdout == (
        "item,qty,unit,value,last_sale,idle_days\n"
        "TEA-001,8,box,400.00,2026-09-01,90\n"
        "TEA-002,3,box,90.00,2026-08-10,112\n"
        "CUP-01,4,pcs,20.00,,121\n")
    assert lg.json("slow", "--as-of", "2026-11-30")[2] == {
        "item": "CUP-01", "qty": 4, "unit": "pcs", "value": 20.0, "last_sale": None, "idle_days": 121}
    assert "510.00" in lg.ok("slow", "--as-of", "2026-11-30").stdout   # the total value sitting


def test_slow_boundary_and_days(make_ledger):
    lg = ledger(make_ledger)
    assert [r["item"] for r in lg.json("slow", "--as-of", "2026-11-29")] == ["TEA-002", "CUP-01"]
    assert [r["item"] for r in lg.json("slow", "--as-of", "2026-11-30", "--days", "100")] == \
        ["TEA-002", "CUP-01"]
    # --days 0: everything on hand, new goods too
    assert [r["item"] for r in lg.json("slow", "--as-of", "2026-11-30", "--days", "0")] == \
        ["TEA-001", "TEA-002", "LOT-01", "CUP-01"]


def test_slow_as_of_is_a_snapshot(make_ledger):
    """As of 2026-08-31: TEA-001 10 on hand (500.00) since 08-01, never sold yet → 30 days."""
    lg = ledger(make_ledger)
    assert lg.ok("slow", "--as-of", "2026-08-31", "--days", "30", "-o", "csv").stdout == (
        "item,qty,unit,value,last_sale,idle_days\n"
        "TEA-001,10,box,500.00,,30\n"
        "CUP-01,4,pcs,20.00,,30\n")


def test_slow_at_a_location_and_edges(make_ledger):
    lg = ledger(make_ledger)
    assert lg.json("slow", "--as-of", "2026-11-30", "--at", "shop") == []     # nothing held there
    assert make_ledger().json("slow", "--as-of", "2026-11-30") == []          # an empty ledger
    r = lg.run("slow", "--at", "shoop")
    assert r.exit_code == 1 and "did you mean 'shop'" in r.stderr


def test_slow_sales_at_one_location_do_not_move_stock_at_another(make_ledger):
    """The shop sells TEA-001 every week; the 5 boxes left in main since 08-01 are still idle there."""
    lg = make_ledger("""\
        --- {id: b1, date: 2026-11-01, type: buy, from: fujian-tea, to: main, lines: [{item: TEA-001, qty: 10, price: 50.00}]}
        --- {id: t1, date: 2026-11-01, type: transfer, from: main, to: shop, lines: [{item: TEA-001, qty: 5}]}
        --- {id: s1, date: 2026-11-20, type: sell, from: shop, to: cafe, lines: [{item: TEA-001, qty: 2}]}
        """)
    assert lg.json("slow", "--as-of", "2026-11-30", "--days", "20", "--at", "main") == [
        {"item": "TEA-001", "qty": 5, "unit": "box", "value": 250.0, "last_sale": None, "idle_days": 29}]
    assert lg.json("slow", "--as-of", "2026-11-30", "--days", "20") == []
