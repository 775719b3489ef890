"""`jxc turnover`: cogs, opening/closing/average value, turnover and days, worked by hand.

The ledger (FIFO, one location unless said):

  October   CUP-01   2026-10-01 buy 3 @ 10.00, 10-02 sell all 3      (cogs 30.00, nothing left)
            TEA-002  2026-10-15 buy 5 @ 30.00                         (150.00, never sold)
  November  TEA-001  11-01 buy 10 @ 50.00   = 500.00
                     11-05 sell 4           cogs 4 × 50            = 200.00  → 6 @ 50 left, 300.00
                     11-11 buy 10 @ 56.00   = 560.00                        → 860.00
                     11-21 sell 8           cogs 6 × 50 + 2 × 56   = 412.00  → 8 @ 56 left, 448.00

November (-p 2026-11: 30 days), --average simple:
  TEA-001  cogs 612.00, opening 0, closing 448.00, average 224.00,
           turnover 612 / 224 = 2.73214… → 2.7321, days 30 / 2.73214… = 30 × 224 / 612 = 10.98… → 11.0
  TEA-002  cogs 0, opening = closing = average 150.00, turnover 0, days empty (it would last forever)
  CUP-01   no stock, no sales in November: left out
  total    cogs 612.00, opening 150.00, closing 598.00, average 374.00,
           turnover 1224 / 748 = 1.63636… → 1.6364, days 30 × 374 / 612 = 18.33… → 18.3

--average daily (book value at the end of each day, summed over the 30 days):
  TEA-001  500 × 4 (11-01..04) + 300 × 6 (11-05..10) + 860 × 10 (11-11..20) + 448 × 10 (11-21..30)
           = 2000 + 1800 + 8600 + 4480 = 16880 → average 16880 / 30 = 562.666… → 562.67
           turnover 612 × 30 / 16880 = 1.08767… → 1.0877, days 16880 / 612 = 27.58… → 27.6
  TEA-002  150 × 30 = 4500 → average 150.00, turnover 0
  total    21380 → average 712.67, turnover 612 × 30 / 21380 = 0.85874… → 0.8587,
           days 21380 / 612 = 34.93… → 34.9
"""

from decimal import Decimal

import json

OCTOBER = """\
--- {id: c1, date: 2026-10-01, type: buy, from: fujian-tea, to: main, lines: [{item: CUP-01, qty: 3, price: 10.00}]}
--- {id: c2, date: 2026-10-02, type: sell, from: main, to: cafe, lines: [{item: CUP-01, qty: 3, price: 20.00}]}
--- {id: t2, date: 2026-10-15, type: buy, from: fujian-tea, to: main, lines: [{item: TEA-002, qty: 5, price: 30.00}]}
"""

NOVEMBER = """\
--- {id: b1, date: 2026-11-01, type: buy, from: hangzhou-tea, to: main, lines: [{item: TEA-001, qty: 10, price: 50.00}]}
--- {id: s1, date: 2026-11-05, type: sell, from: main, to: walk-in, lines: [{item: TEA-001, qty: 4}]}
--- {id: b2, date: 2026-11-11, type: buy, from: hangzhou-tea, to: main, lines: [{item: TEA-001, qty: 10, price: 56.00}]}
--- {id: s2, date: 2026-11-21, type: sell, from: main, to: walk-in, lines: [{item: TEA-001, qty: 8}]}
"""


def exact(lg, *args):
    """The JSON report with numbers as exact Decimals."""
    return json.loads(lg.ok(*args, "-o", "json").stdout, parse_float=Decimal)


def ledger(make_ledger, **kw):
    lg = make_ledger(NOVEMBER, **kw)
    lg.write_journal(OCTOBER, "2026-10")
    return lg


def test_turnover_simple_average(make_ledger):
    lg = ledger(make_ledger)
    assert lg.ok("turnover", "-p", "2026-11", "-o", "csv").stdout == (
        "item,cogs,opening_value,closing_value,average_value,turnover,days\n"
        "TEA-001,612.00,0.00,448.00,224.00,2.7321,11.0\n"
        "TEA-002,0.00,150.00,150.00,150.00,0.0000,\n")
    table = lg.ok("turnover", "-p", "2026-11").stdout
    assert "total" in table and "1.6364" in table and "18.3" in table and "374.00" in table
    rows = exact(lg, "turnover", "-p", "2026-11")
    assert rows[0] == {"item": "TEA-001", "item_name": "Longjing 250g", "cogs": Decimal("612.00"), "opening_value": Decimal("0.00"),
                       "closing_value": Decimal("448.00"), "average_value": Decimal("224.00"),
                       "turnover": Decimal("2.7321"), "days": Decimal("11.0")}
    assert rows[1]["days"] is None


def test_turnover_daily_average(make_ledger):
    lg = ledger(make_ledger)
    assert lg.ok("turnover", "-p", "2026-11", "--average", "daily", "-o", "csv").stdout == (
        "item,cogs,opening_value,closing_value,average_value,turnover,days\n"
        "TEA-001,612.00,0.00,448.00,562.67,1.0877,27.6\n"
        "TEA-002,0.00,150.00,150.00,150.00,0.0000,\n")
    table = lg.ok("turnover", "-p", "2026-11", "--average", "daily").stdout
    assert "712.67" in table and "0.8587" in table and "34.9" in table


def test_turnover_by_category_and_begin_end(make_ledger):
    """-b/-e are the same period as -p 2026-11; categories of the catalog name the rows."""
    lg = ledger(make_ledger)
    assert lg.ok("turnover", "--by", "category", "-b", "2026-11-01", "-e", "2026-12-01", "-o", "csv").stdout == (
        "category,cogs,opening_value,closing_value,average_value,turnover,days\n"
        "green-tea,612.00,0.00,448.00,224.00,2.7321,11.0\n"
        "oolong,0.00,150.00,150.00,150.00,0.0000,\n")


def test_turnover_open_period_runs_from_first_to_last_entry(make_ledger):
    """Without a period: 2026-10-01 .. 2026-11-21 inclusive = 52 days, opening 0.

    cogs 612 + 30 (CUP-01) = 642.00; closing 448 + 150 = 598.00; average 299.00
    CUP-01: cogs 30.00, opening = closing = 0 → average 0: turnover and days empty, no crash
    TEA-001: days 52 × 224 / 612 = 19.03… → 19.0;  TEA-002: average (0 + 150) / 2 = 75.00
    total turnover 642 / 299 = 2.14715… → 2.1472; days 52 × 299 / 642 = 24.21… → 24.2
    """
    lg = ledger(make_ledger)
    out = lg.ok("turnover", "-o", "csv").stdout
    assert out == ("item,cogs,opening_value,closing_value,average_value,turnover,days\n"
                   "CUP-01,30.00,0.00,0.00,0.00,,\n"
                   "TEA-001,612.00,0.00,448.00,224.00,2.7321,19.0\n"
                   "TEA-002,0.00,0.00,150.00,75.00,0.0000,\n")
    table = lg.ok("turnover").stdout
    assert "2.1472" in table and "24.2" in table


def test_turnover_single_day(make_ledger):
    """-p 2026-11-05: one day.  Opening 500.00, the sale of 4 (200.00), closing 300.00.

    simple: average 400.00, turnover 0.5000, days 1 / 0.5 = 2.0
    daily:  the day ends at 300.00 → average 300.00, turnover 0.6667, days 1.5
    """
    lg = ledger(make_ledger)
    assert lg.ok("turnover", "-p", "2026-11-05", "-o", "csv").stdout.splitlines()[1] == \
        "TEA-001,200.00,500.00,300.00,400.00,0.5000,2.0"
    assert lg.ok("turnover", "-p", "2026-11-05", "--average", "daily", "-o", "csv").stdout.splitlines()[1] == \
        "TEA-001,200.00,500.00,300.00,300.00,0.6667,1.5"


def test_turnover_period_without_entries(make_ledger):
    """2027: nothing moves; the stock held is still there, turning over 0 times."""
    lg = ledger(make_ledger)
    assert lg.ok("turnover", "-p", "2027", "-o", "csv").stdout == (
        "item,cogs,opening_value,closing_value,average_value,turnover,days\n"
        "TEA-001,0.00,448.00,448.00,448.00,0.0000,\n"
        "TEA-002,0.00,150.00,150.00,150.00,0.0000,\n")
    assert lg.json("turnover", "-p", "2027", "--average", "daily")[0]["average_value"] == 448.0


def test_turnover_empty_ledger_and_no_sales(make_ledger):
    lg = make_ledger()
    assert lg.json("turnover") == []
    assert lg.json("turnover", "--average", "daily") == []
    lg = make_ledger(OCTOBER, month="2026-10")
    # before anything happened: no stock, no sales, no rows
    assert lg.json("turnover", "-p", "2026-09") == []


def test_turnover_by_location_with_a_transfer_and_a_return(make_ledger):
    """main receives 10 @ 50.00 on 11-01 and moves 6 to the shop on 11-02; the shop sells 4
    (200.00) on 11-03 and takes 1 back on 11-04 (cost 50.00 back).  November, simple average:

      main  cogs 0,      opening 0, closing 4 @ 50 = 200.00, average 100.00, turnover 0
      shop  cogs 150.00, opening 0, closing 3 @ 50 = 150.00, average 75.00,
            turnover 150 / 75 = 2.0000, days 30 / 2 = 15.0
    """
    lg = make_ledger("""\
        --- {id: b1, date: 2026-11-01, type: buy, from: hangzhou-tea, to: main, lines: [{item: TEA-001, qty: 10, price: 50.00}]}
        --- {id: t1, date: 2026-11-02, type: transfer, from: main, to: shop, lines: [{item: TEA-001, qty: 6}]}
        --- {id: s1, date: 2026-11-03, type: sell, from: shop, to: cafe, lines: [{item: TEA-001, qty: 4}]}
        --- {id: r1, date: 2026-11-04, type: return, of: s1, lines: [{item: TEA-001, qty: 1}]}
        """)
    assert lg.ok("turnover", "--by", "location", "-p", "2026-11", "-o", "csv").stdout == (
        "location,cogs,opening_value,closing_value,average_value,turnover,days\n"
        "main,0.00,0.00,200.00,100.00,0.0000,\n"
        "shop,150.00,0.00,150.00,75.00,2.0000,15.0\n")


def test_turnover_other_costing_and_formats(make_ledger):
    """--costing lifo: the sale of 8 on 11-21 takes 8 @ 56 = 448.00; cogs 648.00, closing 6 @ 50 + 2 @ 56…
    no: LIFO leaves 6 @ 50 + 2 @ 50?  The layers before the sale are 6 @ 50 and 10 @ 56; LIFO takes
    8 of the 56s (448.00) and leaves 6 @ 50 + 2 @ 56 = 412.00; cogs 200 + 448 = 648.00;
    average 206.00; turnover 648 / 206 = 3.14563… → 3.1456; days 30 × 206 / 648 = 9.537… → 9.5
    """
    lg = ledger(make_ledger)
    assert lg.ok("turnover", "-p", "2026-11", "--costing", "lifo", "-o", "csv").stdout.splitlines()[1] == \
        "TEA-001,648.00,0.00,412.00,206.00,3.1456,9.5"
    md = lg.ok("turnover", "-p", "2026-11", "-o", "md").stdout
    assert md.splitlines()[0].startswith("| item") and "| total" in md
    assert lg.ok("turnover", "-p", "2026-11", "-o", "tsv").stdout.splitlines()[1].split("\t")[5] == "2.7321"
    r = lg.run("turnover", "--average", "weekly")
    assert r.exit_code == 2


def test_turnover_monthly_average_replays_to_begin(make_ledger):
    """Monthly average: November's unit cost is (500 + 560) / (10 + 10) = 53.00.

    From 2026-11-15 (16 days): the opening is the book value at 11-15, month-to-date —
    the sale of 4 on 11-05 at 53.00 (212.00) leaves 1060 − 212 = 848.00 (the running sum of a
    FIFO-like pass would say 860.00: so this method replays the ledger up to begin).
    cogs 8 × 53 = 424.00, closing 424.00, average 636.00, turnover 424 / 636 = 0.6667,
    days 16 × 636 / 424 = 24.0.
    """
    lg = ledger(make_ledger)
    assert lg.ok("turnover", "-b", "2026-11-15", "-e", "2026-12-01", "--costing", "monthly-average",
                 "-o", "csv").stdout == (
        "item,cogs,opening_value,closing_value,average_value,turnover,days\n"
        "TEA-001,424.00,848.00,424.00,636.00,0.6667,24.0\n"
        "TEA-002,0.00,150.00,150.00,150.00,0.0000,\n")


def test_opening_values_from_the_moves_equal_a_replay_to_begin(tmp_path):
    """For the running methods the opening is read off the costing up to end; it must be what a
    replay up to begin values the stock at — every week of the tea shop, every grouping."""
    import datetime as dt
    import shutil
    from pathlib import Path

    import jxc
    from jxc.reports.turnover import book_values, key_function, values_before

    root = tmp_path / "teashop"
    shutil.copytree(Path(__file__).parent.parent / "examples" / "teashop", root,
                    ignore=shutil.ignore_patterns(".jxc-cache"))
    lg = jxc.open_ledger(root)
    for method in ("fifo", "lifo", "moving-average"):
        full = lg.costed(method)
        for by in ("item", "category", "location"):
            key = key_function(by, lg.catalog)
            day = dt.date(2026, 7, 30)
            while day < dt.date(2026, 12, 5):
                at_begin = lg.costed(method, as_of=day - dt.timedelta(days=1))
                expected = {k: v for k, v in book_values(at_begin, key).items() if v}
                assert values_before(full, key, day) == expected, (method, by, day)
                day += dt.timedelta(days=3)


def test_turnover_item_pool_by_location(make_ledger):
    """cost_pool: item, --by location: the opening comes from a replay to begin, spread over the
    locations by quantity as `value` does.  10 @ 50.00 in main, 4 moved to the shop on 11-02;
    from 11-03 the shop sells 2 (100.00): main 6 → 300.00, shop opening 4 → 200.00, closing 2 → 100.00."""
    lg = make_ledger("""\
        --- {id: b1, date: 2026-11-01, type: buy, from: hangzhou-tea, to: main, lines: [{item: TEA-001, qty: 10, price: 50.00}]}
        --- {id: t1, date: 2026-11-02, type: transfer, from: main, to: shop, lines: [{item: TEA-001, qty: 4}]}
        --- {id: s1, date: 2026-11-05, type: sell, from: shop, to: cafe, lines: [{item: TEA-001, qty: 2}]}
        """, cost_pool="item")
    assert lg.ok("turnover", "--by", "location", "-b", "2026-11-03", "-e", "2026-11-13", "-o", "csv").stdout == (
        "location,cogs,opening_value,closing_value,average_value,turnover,days\n"
        "main,0.00,300.00,300.00,300.00,0.0000,\n"
        "shop,100.00,200.00,100.00,150.00,0.6667,15.0\n")
