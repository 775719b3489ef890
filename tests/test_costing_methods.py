"""The five costing methods on hand-worked examples (SPEC 4), through the CLI.

Every expected number was worked out on paper first; the working is in each test's
docstring, in the style of docs/costing.md.
"""

from __future__ import annotations

import pytest

TEXTBOOK = """\
---
{id: o1, date: 2026-11-01, type: open, lines: [{item: CUP-01, qty: 100, price: 10.00}]}
---
{id: b1, date: 2026-11-05, type: buy, from: hangzhou-tea, lines: [{item: CUP-01, qty: 200, price: 11.00}]}
---
{id: s1, date: 2026-11-10, type: sell, to: walk-in, lines: [{item: CUP-01, qty: 150, price: 15.00}]}
---
{id: b2, date: 2026-11-15, type: buy, from: fujian-tea, lines: [{item: CUP-01, qty: 100, price: 12.00}]}
---
{id: s2, date: 2026-11-20, type: sell, to: cafe, lines: [{item: CUP-01, qty: 180, price: 15.00}]}
"""


def card(lg, item, *args):
    """The card as (id, in_value, out_value, balance_qty, balance_value) tuples."""
    return [(r["id"], r["in_value"], r["out_value"], r["balance_qty"], r["balance_value"])
            for r in lg.json("card", item, *args)]


def test_fifo_textbook(make_ledger):
    """FIFO: the oldest layers go first.

    receipts: o1 100 @ 10.00 = 1000.00; b1 200 @ 11.00 = 2200.00; b2 100 @ 12.00 = 1200.00
    s1 150 = 100 @ 10.00 + 50 @ 11.00 = 1000.00 + 550.00 = 1550.00
    s2 180 = 150 @ 11.00 + 30 @ 12.00 = 1650.00 + 360.00 = 2010.00
    closing 70 @ 12.00 = 840.00;  check: 4400.00 − 1550.00 − 2010.00 = 840.00
    """
    lg = make_ledger(TEXTBOOK)
    assert card(lg, "CUP-01") == [("o1", 1000.00, None, 100, 1000.00), ("b1", 2200.00, None, 300, 3200.00),
                                  ("s1", None, 1550.00, 150, 1650.00), ("b2", 1200.00, None, 250, 2850.00),
                                  ("s2", None, 2010.00, 70, 840.00)]
    assert lg.json("value") == [{"item": "CUP-01", "location": "main", "qty": 70, "unit_cost": 12.0000,
                                 "value": 840.00}]
    assert lg.json("profit") == [{"item": "CUP-01", "qty": 330, "revenue": 4950.00, "cogs": 3560.00,
                                  "gross_profit": 1390.00, "margin": 0.2808}]


def test_lifo_textbook(make_ledger):
    """LIFO: the newest layers go first.

    s1 150 = 150 @ 11.00 = 1650.00                  (left: 100 @ 10.00, 50 @ 11.00)
    s2 180 = 100 @ 12.00 + 50 @ 11.00 + 30 @ 10.00 = 1200.00 + 550.00 + 300.00 = 2050.00
    closing 70 @ 10.00 = 700.00;  check: 4400.00 − 1650.00 − 2050.00 = 700.00
    """
    lg = make_ledger(TEXTBOOK, costing="lifo")
    assert card(lg, "CUP-01") == [("o1", 1000.00, None, 100, 1000.00), ("b1", 2200.00, None, 300, 3200.00),
                                  ("s1", None, 1650.00, 150, 1550.00), ("b2", 1200.00, None, 250, 2750.00),
                                  ("s2", None, 2050.00, 70, 700.00)]
    assert lg.json("value")[0]["value"] == 700.00


def test_moving_average_textbook(make_ledger):
    """Moving average (移动加权平均): an issue of q from a pool (Q, V) takes q × V / Q.

    after b1: Q 300, V 3200.00;  s1 150 × 3200.00 / 300 = 1600.00   → Q 150, V 1600.00
    after b2: Q 250, V 2800.00 (unit cost 11.20);  s2 180 × 2800.00 / 250 = 2016.00
    closing 70, 784.00 (= 70 × 11.20)
    """
    lg = make_ledger(TEXTBOOK, costing="moving-average")
    assert card(lg, "CUP-01") == [("o1", 1000.00, None, 100, 1000.00), ("b1", 2200.00, None, 300, 3200.00),
                                  ("s1", None, 1600.00, 150, 1600.00), ("b2", 1200.00, None, 250, 2800.00),
                                  ("s2", None, 2016.00, 70, 784.00)]
    assert lg.json("value") == [{"item": "CUP-01", "location": "main", "qty": 70, "unit_cost": 11.2000,
                                 "value": 784.00}]


def test_monthly_average_textbook(make_ledger):
    """Monthly average (月末一次加权平均): one unit cost for the whole month.

    unit cost = (opening 0 + receipts 4400.00) / (0 + 400) = 11.00
    s1 150 × 11.00 = 1650.00;  s2 180 × 11.00 = 1980.00;  closing 70 × 11.00 = 770.00
    """
    lg = make_ledger(TEXTBOOK, costing="monthly-average")
    assert card(lg, "CUP-01") == [("o1", 1000.00, None, 100, 1000.00), ("b1", 2200.00, None, 300, 3200.00),
                                  ("s1", None, 1650.00, 150, 1550.00), ("b2", 1200.00, None, 250, 2750.00),
                                  ("s2", None, 1980.00, 70, 770.00)]
    assert lg.json("profit", "--by", "customer") == [
        {"customer": "cafe", "qty": 180, "revenue": 2700.00, "cogs": 1980.00, "gross_profit": 720.00, "margin": 0.2667},
        {"customer": "walk-in", "qty": 150, "revenue": 2250.00, "cogs": 1650.00, "gross_profit": 600.00,
         "margin": 0.2667}]


def test_the_same_journal_under_every_method_side_by_side(make_ledger):
    """`value --costing a,b,...` revalues the same journal without touching a file."""
    lg = make_ledger(TEXTBOOK)
    before = {k: v for k, v in lg.snapshot().items() if not k.startswith(".jxc-cache")}
    assert lg.json("value", "--costing", "fifo,lifo,moving-average,monthly-average,specific") == [
        {"item": "CUP-01", "location": "main", "qty": 70, "fifo": 840.00, "lifo": 700.00,
         "moving-average": 784.00, "monthly-average": 770.00, "specific": 840.00}]
    assert lg.json("profit", "--costing", "lifo")[0]["cogs"] == 3700.00
    assert card(lg, "CUP-01", "--costing", "moving-average")[-1] == ("s2", None, 2016.00, 70, 784.00)
    assert {k: v for k, v in lg.snapshot().items() if not k.startswith(".jxc-cache")} == before
    r = lg.run("value", "--costing", "fifo,avg")
    assert r.exit_code == 2 and "'avg' is not one of" in r.stderr


MONTHS = """\
---
{id: b1, date: 2026-01-03, type: buy, from: hangzhou-tea, lines: [{item: CUP-01, qty: 100, price: 10.00}]}
---
{id: s1, date: 2026-01-10, type: sell, to: walk-in, lines: [{item: CUP-01, qty: 60, price: 15.00}]}
---
{id: b2, date: 2026-01-20, type: buy, from: hangzhou-tea, lines: [{item: CUP-01, qty: 50, price: 13.00}]}
---
{id: s2, date: 2026-01-25, type: sell, to: walk-in, lines: [{item: CUP-01, qty: 40, price: 15.00}]}
---
{id: b3, date: 2026-02-06, type: buy, from: hangzhou-tea, lines: [{item: CUP-01, qty: 30, price: 12.50}]}
---
{id: s3, date: 2026-02-16, type: sell, to: walk-in, lines: [{item: CUP-01, qty: 70, price: 15.00}]}
---
{id: s4, date: 2026-03-02, type: sell, to: walk-in, lines: [{item: CUP-01, qty: 10, price: 15.00}]}
---
{id: b4, date: 2026-03-10, type: buy, from: hangzhou-tea, lines: [{item: CUP-01, qty: 20, price: 12.00}]}
---
{id: s5, date: 2026-03-20, type: sell, to: walk-in, lines: [{item: CUP-01, qty: 20, price: 15.00}]}
"""


def test_monthly_average_month_by_month(make_ledger):
    """Each month has its own unit cost; the month's closing is the next one's opening.

    January:  (0 + 1000.00 + 650.00) / (0 + 100 + 50) = 11.00
              s1 60 × 11.00 = 660.00;  s2 40 × 11.00 = 440.00;  closing 50, 550.00
    February: (550.00 + 375.00) / (50 + 30) = 925.00 / 80 = 11.5625
              s3 70 × 11.5625 = 809.375 → 809.38;  closing 10, 115.62
    March:    (115.62 + 240.00) / (10 + 20) = 355.62 / 30 = 11.854
              s4 10 × 11.854 = 118.54 — the month's cost, though s4 empties the pool on
              the day (a running method would take the 115.62 left then);
              s5 20 × 11.854 = 237.08;  closing 0, 0.00
    """
    lg = make_ledger(MONTHS, costing="monthly-average", month="2026-01")
    assert card(lg, "CUP-01") == [
        ("b1", 1000.00, None, 100, 1000.00), ("s1", None, 660.00, 40, 340.00),
        ("b2", 650.00, None, 90, 990.00), ("s2", None, 440.00, 50, 550.00),
        ("b3", 375.00, None, 80, 925.00), ("s3", None, 809.38, 10, 115.62),
        ("s4", None, 118.54, 0, -2.92), ("b4", 240.00, None, 20, 237.08), ("s5", None, 237.08, 0, 0.00)]
    assert lg.json("profit", "--by", "month") == [
        {"month": "2026-01", "qty": 100, "revenue": 1500.00, "cogs": 1100.00, "gross_profit": 400.00, "margin": 0.2667},
        {"month": "2026-02", "qty": 70, "revenue": 1050.00, "cogs": 809.38, "gross_profit": 240.62, "margin": 0.2292},
        {"month": "2026-03", "qty": 30, "revenue": 450.00, "cogs": 355.62, "gross_profit": 94.38, "margin": 0.2097}]
    assert lg.json("value", "--as-of", "2026-02-28") == [
        {"item": "CUP-01", "location": "main", "qty": 10, "unit_cost": 11.5620, "value": 115.62}]


def test_monthly_average_within_an_unfinished_month(make_ledger):
    """--as-of in the middle of a month costs it month-to-date.

    As of Jan 15: unit cost = 1000.00 / 100 = 10.00 (b2 is not in yet); s1 60 × 10.00 = 600.00;
    closing 40, 400.00.  The whole month then costs s1 at 11.00 (660.00).
    """
    lg = make_ledger(MONTHS, costing="monthly-average", month="2026-01")
    assert lg.json("value", "--as-of", "2026-01-15") == [
        {"item": "CUP-01", "location": "main", "qty": 40, "unit_cost": 10.0000, "value": 400.00}]
    assert lg.json("profit", "--end", "2026-01-16")[0]["cogs"] == 600.00
    assert lg.json("profit", "--period", "2026-01")[0]["cogs"] == 1100.00


BY_THE_CASE = """\
---
{id: b1, date: 2026-11-02, type: buy, from: hangzhou-tea, lines: [{item: TEA-001, qty: 1, unit: case, price: 100.00}]}
---
{id: s1, date: 2026-11-03, type: sell, to: walk-in, lines: [{item: TEA-001, qty: 8}]}
---
{id: s2, date: 2026-11-04, type: sell, to: walk-in, lines: [{item: TEA-001, qty: 8}]}
---
{id: s3, date: 2026-11-05, type: sell, to: walk-in, lines: [{item: TEA-001, qty: 8}]}
"""


@pytest.mark.parametrize("method, s1, s2, s3", [
    ("fifo", 33.33, 33.33, 33.34),
    ("lifo", 33.33, 33.33, 33.34),
    ("moving-average", 33.33, 33.34, 33.33),
    ("monthly-average", 33.33, 33.33, 33.34),
])
def test_rounding_half_up_per_line_and_the_last_issue_takes_the_rest(make_ledger, method, s1, s2, s3):
    """1 case of 24 boxes @ 100.00: a box costs 100.00 / 24 = 4.1666…

    FIFO/LIFO/monthly: each 8 boxes × 4.1666… = 33.333… → 33.33; the third empties the pool
              and takes what is left: 100.00 − 66.66 = 33.34.
    moving:   8 × 100.00 / 24 = 33.33 (V 66.67, Q 16); 8 × 66.67 / 16 = 33.335 → 33.34 (half up);
              the third takes the 33.33 left.
    """
    lg = make_ledger(BY_THE_CASE, costing=method)
    assert [r[2] for r in card(lg, "TEA-001")[1:]] == [s1, s2, s3]
    assert card(lg, "TEA-001")[-1][3:] == (0, 0.00)
    assert lg.json("value") == []


def test_fifo_fractions_round_per_line(make_ledger):
    """3 @ 0.333 = 0.999 → 1.00 in.  Each sale of 1 takes 0.333 → 0.33; the last one the
    0.34 left.  Sales of 0.5 @ 1.1234: 0.5617 → 0.56."""
    lg = make_ledger("""\
        ---
        {id: b1, date: 2026-11-02, type: buy, from: hangzhou-tea, lines: [{item: CUP-01, qty: 3, price: 0.333}]}
        ---
        {id: b2, date: 2026-11-02, type: buy, from: hangzhou-tea, lines: [{item: CUP-01, qty: 1, price: 1.1234}]}
        ---
        {id: s1, date: 2026-11-03, type: sell, to: walk-in, lines: [{item: CUP-01, qty: 1, price: 1}]}
        ---
        {id: s2, date: 2026-11-03, type: sell, to: walk-in, lines: [{item: CUP-01, qty: 1, price: 1}]}
        ---
        {id: s3, date: 2026-11-03, type: sell, to: walk-in, lines: [{item: CUP-01, qty: 1.5, price: 1}]}
        ---
        {id: s4, date: 2026-11-03, type: sell, to: walk-in, lines: [{item: CUP-01, qty: 0.5, price: 1}]}
        """)
    # s3: 1 @ 0.333 + 0.5 @ 1.1234 = 0.333 + 0.5617 = 0.8947 → 0.89; s4 empties: 2.12 − 0.66 − 0.89 = 0.57
    assert [r[2] for r in card(lg, "CUP-01")[2:]] == [0.33, 0.33, 0.89, 0.57]


SPECIFIC = """\
---
{id: b1, date: 2026-11-02, type: buy, from: hangzhou-tea, lines: [{item: LOT-01, qty: 10, price: 20.00, lot: A, expiry: 2030-06-30}]}
---
{id: b2, date: 2026-11-09, type: buy, from: hangzhou-tea, lines: [{item: LOT-01, qty: 10, price: 26.00, lot: B, expiry: 2031-06-30}]}
---
{id: s1, date: 2026-11-12, type: sell, to: cafe, lines: [{item: LOT-01, qty: 4, price: 40.00, lot: B}]}
---
{id: s2, date: 2026-11-13, type: sell, to: cafe, lines: [{item: LOT-01, qty: 3, price: 40.00, lot: A}]}
"""


def test_specific_identification_takes_the_named_lot(make_ledger):
    """Specific (个别计价): s1 names lot B: 4 × 26.00 = 104.00; s2 lot A: 3 × 20.00 = 60.00.
    Left: A 7 × 20.00 = 140.00, B 6 × 26.00 = 156.00; 296.00.
    FIFO ignores the lots (a cost-flow assumption): s1 = 4 × 20.00 = 80.00, s2 = 3 × 20.00 = 60.00."""
    lg = make_ledger(SPECIFIC, costing="specific")
    assert [r[2] for r in card(lg, "LOT-01")[2:]] == [104.00, 60.00]
    assert lg.json("value", "--costing", "specific,fifo") == [
        {"item": "LOT-01", "location": "main", "qty": 13, "specific": 296.00, "fifo": 320.00}]
    assert lg.json("aging", "--as-of", "2026-11-30") == [
        {"item": "LOT-01", "location": "main", "lot": "A", "expiry": "2030-06-30", "qty": 7, "value": 140.00,
         "0-30": 140.00, "31-60": 0.00, "61-90": 0.00, "91-180": 0.00, ">180": 0.00, "oldest_days": 28},
        {"item": "LOT-01", "location": "main", "lot": "B", "expiry": "2031-06-30", "qty": 6, "value": 156.00,
         "0-30": 156.00, "31-60": 0.00, "61-90": 0.00, "91-180": 0.00, ">180": 0.00, "oldest_days": 21}]


def test_specific_costs_items_without_lots_first_in_first_out(make_ledger):
    """An item not tracked by lot has nothing to identify: `specific` costs it FIFO."""
    lg = make_ledger(TEXTBOOK, costing="specific")
    assert [r[2] for r in card(lg, "CUP-01")] == [None, None, 1550.00, None, 2010.00]


def test_specific_refuses_a_lot_that_is_not_there(make_ledger):
    """A line naming a lot the location does not hold cannot be costed by that lot."""
    lg = make_ledger("""\
        ---
        {id: b1, date: 2026-11-02, type: buy, from: hangzhou-tea, lines: [{item: CUP-01, qty: 10, price: 2.00, lot: X1}]}
        ---
        {id: s1, date: 2026-11-03, type: sell, to: cafe, lines: [{item: CUP-01, qty: 4, price: 3.00, lot: X2}]}
        """, costing="specific")
    r = lg.run("value")
    assert r.exit_code == 1
    assert r.stderr.strip() == ("journal/2026/2026-11.yaml:4: error: specific costing: lot X2 of CUP-01 holds 0"
                                " at main, less than the 4 this sale takes; name the lot the goods came from")
    assert lg.json("value", "--costing", "fifo")[0]["value"] == 12.00
