"""`jxc abc`: share, cumulative share and class, worked by hand.

  2026-11-01 buy  TEA-001 10 @ 50.00, TEA-002 10 @ 30.00, CUP-01 20 @ 5.00
  2026-11-02 sell TEA-001 8 @ 100.00 = 800.00, TEA-002 4 @ 50.00 = 200.00, CUP-01 10 @ 10.00 = 100.00
  2026-11-03 return 1 TEA-001 of that sale: −100.00 revenue, −50.00 cost

The class is decided by the cumulative share *before* the item (the items ranked above
it): A while it is below a (80%), B while below b (95%), C after.  The top item is A.

revenue: TEA-001 700.00, TEA-002 200.00, CUP-01 100.00; total 1000.00
         before: 0 (A), 0.7 < 0.80 (A), 0.9 < 0.95 (B)
cogs (FIFO): TEA-001 7 × 50 = 350.00, TEA-002 4 × 30 = 120.00, CUP-01 10 × 5 = 50.00; total 520.00
         shares 350/520 = 0.67307… → 0.6731, 120/520 = 0.23076… → 0.2308, cumulative 470/520 =
         0.90384… → 0.9038, 50/520 = 0.09615… → 0.0962, cumulative 1
         before: 0 (A), 0.6731 < 0.80 (A), 0.9038 < 0.95 (B)
qty:     CUP-01 10 (10/21 = 0.4762), TEA-001 7 (cumulative 17/21 = 0.8095), TEA-002 4 (cumulative 1)
         before: 0 (A), 0.4762 < 0.80 (A), 0.8095 ≥ 0.80 and < 0.95 (B)
"""

from decimal import Decimal

import json

JOURNAL = """\
--- {id: b1, date: 2026-11-01, type: buy, from: fujian-tea, to: main, lines: [{item: TEA-001, qty: 10, price: 50.00}, {item: TEA-002, qty: 10, price: 30.00}, {item: CUP-01, qty: 20, price: 5.00}]}
--- {id: s1, date: 2026-11-02, type: sell, from: main, to: cafe, lines: [{item: TEA-001, qty: 8, price: 100.00}, {item: TEA-002, qty: 4, price: 50.00}, {item: CUP-01, qty: 10, price: 10.00}]}
--- {id: r1, date: 2026-11-03, type: return, of: s1, lines: [{item: TEA-001, qty: 1}]}
"""


def csv(lg, *args):
    return lg.ok(*args, "-o", "csv").stdout


def test_abc_by_revenue(make_ledger):
    lg = make_ledger(JOURNAL)
    assert csv(lg, "abc") == (
        "item,revenue,share,cumulative_share,class\n"
        "TEA-001,700.00,0.7000,0.7000,A\n"
        "TEA-002,200.00,0.2000,0.9000,A\n"
        "CUP-01,100.00,0.1000,1.0000,B\n")
    assert json.loads(lg.ok("abc", "-o", "json").stdout, parse_float=Decimal)[1] == {
        "item": "TEA-002", "item_name": "Tieguanyin 250g", "revenue": Decimal("200.00"), "share": Decimal("0.2000"),
        "cumulative_share": Decimal("0.9000"), "class": "A"}
    table = lg.ok("abc").stdout
    assert "1000.00" in table
    assert "A: 2 items, 90.0% of revenue" in table and "B: 1 item, 10.0% of revenue" in table


def test_abc_by_cogs_and_qty(make_ledger):
    lg = make_ledger(JOURNAL)
    assert csv(lg, "abc", "--by", "cogs") == (
        "item,cogs,share,cumulative_share,class\n"
        "TEA-001,350.00,0.6731,0.6731,A\n"
        "TEA-002,120.00,0.2308,0.9038,A\n"
        "CUP-01,50.00,0.0962,1.0000,B\n")
    assert csv(lg, "abc", "--by", "qty") == (
        "item,qty,share,cumulative_share,class\n"
        "CUP-01,10,0.4762,0.4762,A\n"
        "TEA-001,7,0.3333,0.8095,A\n"
        "TEA-002,4,0.1905,1.0000,B\n")


def test_abc_class_is_decided_by_the_share_before_the_item(make_ledger):
    """Shares 0.7, 0.2, 0.1: before each item 0, 0.7, 0.9.  --cutoffs 70,90: 0.7 is not below
    70% (B), 0.9 not below 90% (C).  --cutoffs 60,95: the top item is A however large its share,
    then 0.7 and 0.9 are below 95% (B).  --cutoffs 95,99: all below 95% (A).  jxc.yaml's abc sets
    the default: {a: 60, b: 90} gives A, B, C."""
    lg = make_ledger(JOURNAL)
    assert [r["class"] for r in lg.json("abc", "--cutoffs", "70,90")] == ["A", "B", "C"]
    assert [r["class"] for r in lg.json("abc", "--cutoffs", "60,95")] == ["A", "B", "B"]
    assert [r["class"] for r in lg.json("abc", "--cutoffs", "95,99")] == ["A", "A", "A"]
    settings = lg.root / "jxc.yaml"
    settings.write_text(settings.read_text() + "abc: {a: 60, b: 90}\n")
    assert [r["class"] for r in lg.json("abc")] == ["A", "B", "C"]
    for bad in ("90,80", "80", "0,50", "80,101", "a,b"):
        r = lg.run("abc", "--cutoffs", bad)
        assert r.exit_code == 2 and "--cutoffs" in r.stderr, (bad, r)


def test_abc_period_edges(make_ledger):
    """A period with only the return: revenue −100.00, nothing positive sold: no shares, class C.
    A period with no sales at all: no rows."""
    lg = make_ledger(JOURNAL)
    assert lg.json("abc", "-p", "2026-11-03") == [
        {"item": "TEA-001", "revenue": -100.0, "share": None, "cumulative_share": None, "class": "C"}]
    assert lg.json("abc", "-p", "2026-11-01") == []
    assert lg.json("abc", "-b", "2026-11-02", "-e", "2026-11-03")[0] == {
        "item": "TEA-001", "revenue": 800.0, "share": 0.7273, "cumulative_share": 0.7273, "class": "A"}
    assert make_ledger().json("abc") == []


def test_abc_ties_rank_by_sku(make_ledger):
    """Two items with the same revenue: the SKU decides the order, so the output is stable."""
    lg = make_ledger("""\
        --- {id: b1, date: 2026-11-01, type: buy, from: fujian-tea, to: main, lines: [{item: TEA-002, qty: 2, price: 30.00}, {item: TEA-001, qty: 2, price: 30.00}]}
        --- {id: s1, date: 2026-11-02, type: sell, from: main, to: cafe, lines: [{item: TEA-002, qty: 1, price: 50.00}, {item: TEA-001, qty: 1, price: 50.00}]}
        """)
    assert csv(lg, "abc") == (
        "item,revenue,share,cumulative_share,class\n"
        "TEA-001,50.00,0.5000,0.5000,A\n"
        "TEA-002,50.00,0.5000,1.0000,A\n")


def test_abc_an_item_with_almost_all_revenue_is_class_a(make_ledger):
    """TEA-001 sells 40 × 100.00 = 4000.00, CUP-01 1 × 100.00: shares 4000/4100 = 0.97560… → 0.9756
    and 0.0244.  Before TEA-001 nothing: A.  Before CUP-01 0.9756 ≥ 0.95: C.  The only item sold
    is A too."""
    lg = make_ledger("""\
        --- {id: b1, date: 2026-11-01, type: buy, from: fujian-tea, to: main, lines: [{item: TEA-001, qty: 40, price: 50.00}, {item: CUP-01, qty: 1, price: 5.00}]}
        --- {id: s1, date: 2026-11-02, type: sell, from: main, to: cafe, lines: [{item: TEA-001, qty: 40, price: 100.00}, {item: CUP-01, qty: 1, price: 100.00}]}
        """)
    assert csv(lg, "abc") == (
        "item,revenue,share,cumulative_share,class\n"
        "TEA-001,4000.00,0.9756,0.9756,A\n"
        "CUP-01,100.00,0.0244,1.0000,C\n")
    assert [r["class"] for r in lg.json("abc", "--end", "2026-11-02")] == []
    only = make_ledger("""\
        --- {id: b1, date: 2026-11-01, type: buy, from: fujian-tea, to: main, lines: [{item: TEA-001, qty: 1, price: 50.00}]}
        --- {id: s1, date: 2026-11-02, type: sell, from: main, to: cafe, lines: [{item: TEA-001, qty: 1, price: 100.00}]}
        """)
    assert [r["class"] for r in only.json("abc")] == ["A"]
