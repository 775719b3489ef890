"""`jxc sales` / `jxc purchases`: quantities and amounts net of returns, flat and as a pivot.

The ledger:

  2026-10-01  buy  hangzhou-tea  TEA-001 20 @ 50.00 (1000.00), TEA-002 10 @ 30.00 (300.00)
  2026-10-03  sell walk-in       TEA-001 2 @ 88.00  = 176.00                      (ISO week 40)
  2026-10-20  sell cafe          TEA-002 3 @ 60.00  = 180.00, TEA-001 1 @ 85.00 = 85.00   (week 43)
  2026-11-02  sell cafe   so5    TEA-001 5 @ 80.00  = 400.00                      (week 45)
  2026-11-04  return of so5      TEA-001 2          = −160.00 (at the sale's price) (week 45)
  2026-11-10  sell walk-in       TEA-002 1 (catalog price 60.00) = 60.00          (week 46)
  2026-11-12  buy  fujian-tea po2  TEA-002 4 @ 31.50 = 126.00
  2026-11-13  return of po2      TEA-002 1          = −31.50

sales by item:     TEA-001 2+1+5−2 = 6 boxes, 176+85+400−160 = 501.00;  TEA-002 3+1 = 4, 240.00
                   total 10 boxes (one unit, so they add up), 741.00
sales by customer: cafe 3+1+5−2 = 7, 180+85+400−160 = 505.00;  walk-in 2+1 = 3, 176+60 = 236.00
sales by month:    2026-10: 6, 441.00;  2026-11: 4, 300.00
sales by supplier: the item's last supplier — TEA-001 hangzhou-tea, TEA-002 fujian-tea (po2)
purchases by supplier: fujian-tea 4−1 = 3, 126.00−31.50 = 94.50;  hangzhou-tea 30, 1300.00

Pivot of sales amounts by month (sparkline: block round(7 × v / max), floor 0):
  TEA-001  261.00 240.00  total 501.00  7×240/261 = 6.44 → 6: "█▇"
  TEA-002  180.00  60.00  total 240.00  7×60/180 = 2.33 → 2: "█▃"
  total    441.00 300.00  total 741.00  7×300/441 = 4.76 → 5: "█▆"
"""

from decimal import Decimal

import json

from jxc.reports.sparkline import bar, sparkline

OCTOBER = """\
--- {id: po1, date: 2026-10-01, type: buy, from: hangzhou-tea, to: main, lines: [{item: TEA-001, qty: 20, price: 50.00}, {item: TEA-002, qty: 10, price: 30.00}]}
--- {id: so1, date: 2026-10-03, type: sell, from: main, to: walk-in, lines: [{item: TEA-001, qty: 2, price: 88.00}]}
--- {id: so2, date: 2026-10-20, type: sell, from: main, to: cafe, lines: [{item: TEA-002, qty: 3, price: 60.00}, {item: TEA-001, qty: 1, price: 85.00}]}
"""

NOVEMBER = """\
--- {id: so5, date: 2026-11-02, type: sell, from: main, to: cafe, lines: [{item: TEA-001, qty: 5, price: 80.00}]}
--- {id: rt5, date: 2026-11-04, type: return, of: so5, lines: [{item: TEA-001, qty: 2}]}
--- {id: so6, date: 2026-11-10, type: sell, from: main, to: walk-in, lines: [{item: TEA-002, qty: 1}]}
--- {id: po2, date: 2026-11-12, type: buy, from: fujian-tea, to: main, lines: [{item: TEA-002, qty: 4, price: 31.50}]}
--- {id: rt2, date: 2026-11-13, type: return, of: po2, lines: [{item: TEA-002, qty: 1}]}
"""

def HEADER(by="item"):
    return f"{by},qty,amount\n"


def ledger(make_ledger):
    lg = make_ledger(NOVEMBER)
    lg.write_journal(OCTOBER, "2026-10")
    return lg


def csv(lg, *args):
    return lg.ok(*args, "-o", "csv").stdout


def test_sales_by_item_net_of_returns(make_ledger):
    lg = ledger(make_ledger)
    assert csv(lg, "sales") == HEADER() + "TEA-001,6,501.00\nTEA-002,4,240.00\n"
    assert json.loads(lg.ok("sales", "-o", "json").stdout, parse_float=Decimal) == [
        {"item": "TEA-001", "item_name": "Longjing 250g", "qty": 6, "amount": Decimal("501.00")},
        {"item": "TEA-002", "item_name": "Tieguanyin 250g", "qty": 4, "amount": Decimal("240.00")}]
    table = lg.ok("sales").stdout
    assert "total" in table and "741.00" in table and " 10 " in table


def test_sales_by_customer_month_week_category_supplier(make_ledger):
    lg = ledger(make_ledger)
    assert csv(lg, "sales", "--by", "customer") == HEADER("customer") + "cafe,7,505.00\nwalk-in,3,236.00\n"
    assert csv(lg, "sales", "--by", "month") == HEADER("month") + "2026-10,6,441.00\n2026-11,4,300.00\n"
    assert csv(lg, "sales", "--by", "week") == HEADER("week") + (
        "2026-W40,2,176.00\n2026-W43,4,265.00\n2026-W45,3,240.00\n2026-W46,1,60.00\n")
    assert csv(lg, "sales", "--by", "category") == HEADER("category") + "green-tea,6,501.00\noolong,4,240.00\n"
    assert csv(lg, "sales", "--by", "supplier") == HEADER("supplier") + "fujian-tea,4,240.00\nhangzhou-tea,6,501.00\n"


def test_sales_in_a_period(make_ledger):
    """November only: TEA-001 5−2 = 3, 240.00; TEA-002 1, 60.00.  A return counts in its own period."""
    lg = ledger(make_ledger)
    assert csv(lg, "sales", "-p", "2026-11") == HEADER() + "TEA-001,3,240.00\nTEA-002,1,60.00\n"
    assert csv(lg, "sales", "-b", "2026-11-03", "-e", "2026-11-10") == HEADER() + "TEA-001,-2,-160.00\n"
    assert lg.json("sales", "-p", "2027") == []


def test_purchases_net_of_returns_to_suppliers(make_ledger):
    lg = ledger(make_ledger)
    assert csv(lg, "purchases", "--by", "supplier") == HEADER("supplier") + "fujian-tea,3,94.50\nhangzhou-tea,30,1300.00\n"
    assert csv(lg, "purchases") == HEADER() + "TEA-001,20,1000.00\nTEA-002,13,394.50\n"
    assert csv(lg, "purchases", "--by", "month") == HEADER("month") + "2026-10,30,1300.00\n2026-11,3,94.50\n"
    r = lg.run("purchases", "--by", "customer")
    assert r.exit_code == 2 and "suppliers, not customers" in r.stderr


def test_monthly_pivot_with_totals_and_sparklines(make_ledger):
    lg = ledger(make_ledger)
    assert csv(lg, "sales", "--monthly") == (
        "item,2026-10,2026-11,total,trend\n"
        "TEA-001,261.00,240.00,501.00,█▇\n"
        "TEA-002,180.00,60.00,240.00,█▃\n")
    table = lg.ok("sales", "-M").stdout
    assert "441.00" in table and "300.00" in table and "741.00" in table and "█▆" in table
    assert json.loads(lg.ok("sales", "-M", "--by", "customer", "-o", "json").stdout, parse_float=Decimal) == [
        {"customer": "cafe", "customer_name": "Corner Cafe", "2026-10": Decimal("265.00"), "2026-11": Decimal("240.00"), "total": Decimal("505.00"),
         "trend": "█▇"},
        {"customer": "walk-in", "customer_name": "Walk-in customers", "2026-10": Decimal("176.00"), "2026-11": Decimal("60.00"), "total": Decimal("236.00"),
         "trend": "█▃"}]


def test_pivot_of_quantities_and_over_a_bounded_period(make_ledger):
    """--qty: TEA-001 3, 3 → "██" (the scale starts at 0); TEA-002 3, 1 → 7×1/3 = 2.33 → "█▃".
    -p 2026-Q4 runs to December, which had no sales: its column is 0 and the line drops to "▁"."""
    lg = ledger(make_ledger)
    assert csv(lg, "sales", "-M", "--qty") == (
        "item,2026-10,2026-11,total,trend\nTEA-001,3,3,6,██\nTEA-002,3,1,4,█▃\n")
    assert csv(lg, "sales", "-M", "-p", "2026-Q4") == (
        "item,2026-10,2026-11,2026-12,total,trend\n"
        "TEA-001,261.00,240.00,0.00,501.00,█▇▁\n"
        "TEA-002,180.00,60.00,0.00,240.00,█▃▁\n")
    assert csv(lg, "purchases", "-M", "--by", "supplier") == (
        "supplier,2026-10,2026-11,total,trend\n"
        "fujian-tea,0.00,94.50,94.50,▁█\n"
        "hangzhou-tea,1300.00,0.00,1300.00,█▁\n")


def test_weekly_pivot_keeps_empty_weeks(make_ledger):
    lg = ledger(make_ledger)
    out = csv(lg, "sales", "--weekly", "--by", "category", "-p", "2026-10")
    head, green, oolong = out.splitlines()
    # October 2026 runs from Thursday of ISO week 40 to Saturday of week 44
    assert head == "category,2026-W40,2026-W41,2026-W42,2026-W43,2026-W44,total,trend"
    assert green == "green-tea,176.00,0.00,0.00,85.00,0.00,261.00,█▁▁▄▁"
    assert oolong == "oolong,0.00,0.00,0.00,180.00,0.00,180.00,▁▁▁█▁"


def test_pivot_edge_cases(make_ledger):
    lg = ledger(make_ledger)
    assert lg.json("sales", "-M", "-p", "2027") == []
    assert lg.run("sales", "-M", "--by", "month").exit_code == 2
    assert lg.run("sales", "-M", "-W").exit_code == 2
    assert make_ledger().json("sales", "-M") == []
    assert make_ledger().json("purchases") == []


def test_quantities_of_different_units_have_no_total(make_ledger):
    lg = make_ledger("""\
        --- {id: b, date: 2026-11-01, type: buy, from: fujian-tea, to: main, lines: [{item: TEA-001, qty: 5, price: 50.00}, {item: CUP-01, qty: 5, price: 4.00}]}
        """)
    table = lg.ok("purchases").stdout
    total = [ln for ln in table.splitlines() if "total" in ln][0]
    assert total.split() == ["total", "270.00"]   # boxes and cups do not add up; money does


def test_sparkline_and_bar_are_exact():
    assert sparkline([]) == ""
    assert sparkline([0, 0, 0]) == "▁▁▁"
    assert sparkline([5, 5]) == "██"            # zero is the floor: steady sales stand tall
    assert sparkline([0, 1, 2, 3, 4, 5, 6, 7]) == "▁▂▃▄▅▆▇█"
    assert sparkline([-7, 0, 7]) == "▁▅█"       # below zero the floor moves down; 3.5 rounds up
    assert sparkline([Decimal("0.5"), Decimal("1")]) == "▅█"
    assert bar(0, 10) == "" and bar(-1, 10) == ""
    assert bar(10, 10, 5) == "█████"
    assert bar(5, 10, 5) == "██▌"               # 2.5 cells
    assert bar(1, 1000, 5) == "▏"               # too small to see is still drawn
