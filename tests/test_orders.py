"""Purchase and sales orders: po, so, receive, ship, close, orders, stock --projected.

Catalog of conftest: TEA-001 (box, 24 a case, price 88.00), TEA-002 (box, price 60.00),
CUP-01 (pcs, no price), LOT-01 (lot-tracked); hangzhou-tea has lead_time_days 5.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

J = "journal/2026/2026-11.yaml"
ROW = ("id", "type", "partner", "item", "ordered", "fulfilled", "outstanding", "due", "status", "days_late")


def rows(lg, *args):
    return [tuple(r[k] for k in ROW) for r in lg.json("orders", *args)]


def test_partial_receipts_across_months(make_ledger):
    """PO-2026-0012 on 10-20 for 100 TEA-001 @52 and 20 TEA-002 @30, no due written: due
    10-20 + hangzhou-tea's 5 days = 10-25 (written into the entry by `jxc po`).

      10-28 receive 40 TEA-001           → TEA-001 40/100, 60 outstanding; TEA-002 0/20: partial
      as of 10-31 both lines are 31 − 25 = 6 days late
      11-05 receive (no lines)           → everything outstanding: 60 TEA-001 @52, 20 TEA-002 @30
      as of 11-30: done, nothing late; 100 and 20 on hand.
    """
    lg = make_ledger()
    out = lg.ok("po", "TEA-001", "100@52", "TEA-002", "20@30", "--from", "hangzhou-tea", "--id", "PO-2026-0012",
                "--date", "2026-10-20", "--ref", "HZ-7781").stdout
    assert out == ("--- {id: PO-2026-0012, date: 2026-10-20, type: po, from: hangzhou-tea, to: main,"
                   " due: 2026-10-25, ref: HZ-7781, lines: [{item: TEA-001, qty: 100, price: 52},"
                   " {item: TEA-002, qty: 20, price: 30}]}\n")
    lg.ok("receive", "PO-2026-0012", "TEA-001", "40", "--date", "2026-10-28", "--ref", "DN-1")
    assert rows(lg, "--as-of", "2026-10-31") == [
        ("PO-2026-0012", "po", "hangzhou-tea", "TEA-001", 100, 40, 60, "2026-10-25", "partial", 6),
        ("PO-2026-0012", "po", "hangzhou-tea", "TEA-002", 20, 0, 20, "2026-10-25", "partial", 6)]
    out = lg.ok("receive", "PO-2026-0012", "--date", "2026-11-05", "-q").stdout
    assert lg.journal().endswith(
        f"--- {{id: {out.strip()}, date: 2026-11-05, type: buy, order: PO-2026-0012, from: hangzhou-tea, to: main,"
        " lines: [{item: TEA-001, qty: 60, price: 52}, {item: TEA-002, qty: 20, price: 30}]}\n")
    assert rows(lg, "--as-of", "2026-11-30") == [
        ("PO-2026-0012", "po", "hangzhou-tea", "TEA-001", 100, 100, 0, "2026-10-25", "done", 0),
        ("PO-2026-0012", "po", "hangzhou-tea", "TEA-002", 20, 20, 0, "2026-10-25", "done", 0)]
    assert [(r["item"], r["qty"]) for r in lg.json("stock")] == [("TEA-001", 100), ("TEA-002", 20)]
    assert lg.run("stock", "--projected", "--value").exit_code == 2
    # the order moved nothing: the purchases are the two receipts, 100 × 52 + 20 × 30 = 5800.00
    assert lg.json("purchases", "--by", "supplier") == [{"supplier": "hangzhou-tea", "qty": 120, "amount": 5800.00}]


def test_a_return_of_a_receipt_reopens_its_quantity(make_ledger):
    """100 ordered, 100 received (done), 10 of that receipt returned: 90 fulfilled, 10
    outstanding, partial again; projected = 90 on hand + 10 on order = 100."""
    lg = make_ledger("""\
        --- {id: PO-1, date: 2026-11-01, type: po, from: hangzhou-tea, to: main, due: 2026-11-06, lines: [{item: TEA-001, qty: 100, price: 52}]}
        --- {id: b1, date: 2026-11-05, type: buy, order: PO-1, from: hangzhou-tea, to: main, lines: [{item: TEA-001, qty: 100, price: 52}]}
        --- {id: r1, date: 2026-11-07, type: return, of: b1, lines: [{item: TEA-001, qty: 10}]}
        """)
    assert rows(lg, "--as-of", "2026-11-06") == [
        ("PO-1", "po", "hangzhou-tea", "TEA-001", 100, 100, 0, "2026-11-06", "done", 0)]
    assert rows(lg, "--as-of", "2026-11-08") == [
        ("PO-1", "po", "hangzhou-tea", "TEA-001", 100, 90, 10, "2026-11-06", "partial", 2)]
    assert lg.json("stock", "--projected", "--as-of", "2026-11-08") == [
        {"item": "TEA-001", "location": "main", "qty": 90, "unit": "box", "on_order": 10, "committed": 0,
         "available": 90, "projected": 100}]
    # the reopened 10 can be received again, not 11
    r = lg.run("receive", "PO-1", "TEA-001", "11", "--date", "2026-11-09")
    assert r.exit_code == 1 and r.stderr == (
        "error: 11 TEA-001 is more than order 'PO-1' has outstanding (10 of 100)"
        " (over_receipt in jxc.yaml allows more)\n")
    lg.ok("receive", "PO-1", "--date", "2026-11-09")
    assert rows(lg, "--as-of", "2026-11-09")[0][5:9] == (100, 0, "2026-11-06", "done")


def test_close_with_outstanding_and_cancel(make_ledger):
    """PO-1: 50 ordered, 20 received, closed: status closed, nothing outstanding, so nothing
    on order (projected = on hand = 20).  PO-2: closed with nothing received: cancelled.
    A receipt after the close is refused: exit 1, one line, nothing written."""
    lg = make_ledger("""\
        --- {id: PO-1, date: 2026-11-01, type: po, from: fujian-tea, to: main, lines: [{item: TEA-002, qty: 50, price: 30}]}
        --- {id: PO-2, date: 2026-11-01, type: po, from: fujian-tea, to: main, lines: [{item: CUP-01, qty: 12, price: 5}]}
        --- {id: b1, date: 2026-11-03, type: buy, order: PO-1, from: fujian-tea, to: main, lines: [{item: TEA-002, qty: 20, price: 30}]}
        """)
    assert lg.ok("close", "PO-1", "--date", "2026-11-10", "--note", "supplier out of stock").stdout.startswith(
        "--- {id: 20261110-")
    lg.ok("close", "PO-2", "--date", "2026-11-10")
    assert rows(lg, "--as-of", "2026-11-30") == [
        ("PO-1", "po", "fujian-tea", "TEA-002", 50, 20, 0, "2026-11-01", "closed", 0),
        ("PO-2", "po", "fujian-tea", "CUP-01", 12, 0, 0, "2026-11-01", "cancelled", 0)]
    assert [(r["item"], r["on_order"], r["projected"]) for r in lg.json("stock", "--projected")] == [
        ("TEA-002", 0, 20)]
    before = lg.snapshot()
    r = lg.run("receive", "PO-1", "TEA-002", "5", "--date", "2026-11-12")
    assert (r.exit_code, r.stdout, r.stderr) == (
        1, "", "error: order 'PO-1' was closed on 2026-11-10: nothing more is expected\n")
    r = lg.run("close", "PO-1", "--date", "2026-11-12")
    assert r.stderr == "error: order 'PO-1' was already closed on 2026-11-10\n"
    assert lg.snapshot() == before
    assert [r["id"] for r in lg.json("orders", "--status", "closed,cancelled")] == ["PO-1", "PO-2"]


def test_a_sales_order_beyond_available_is_a_backorder(make_ledger):
    """10 TEA-001 on hand.  SO-1 for 30: written, with a note that 20 are backordered;
    committed 30, available 10 − 30 = −20, projected −20.  SO-2 for 5 more: all 5 backordered.
    Shipping 10 of SO-1: on hand 0, committed 20 + 5 = 25; SO-1 partial."""
    lg = make_ledger("""\
        --- {id: o1, date: 2026-11-01, type: open, to: main, lines: [{item: TEA-001, qty: 10, price: 50}]}
        """)
    r = lg.ok("so", "TEA-001", "30", "--to", "cafe", "--id", "SO-1", "--date", "2026-11-02", "--due", "2026-11-09")
    assert r.stdout == ("--- {id: SO-1, date: 2026-11-02, type: so, from: main, to: cafe, due: 2026-11-09,"
                        " lines: [{item: TEA-001, qty: 30, price: 88.00}]}\n")
    assert r.stderr == "note: backorder: 20 TEA-001 more than the 10 available at main\n"
    assert lg.json("stock", "--projected") == [
        {"item": "TEA-001", "location": "main", "qty": 10, "unit": "box", "on_order": 0, "committed": 30,
         "available": -20, "projected": -20}]
    r = lg.ok("so", "TEA-001", "5", "--to", "walk-in", "--id", "SO-2", "--date", "2026-11-03")
    assert r.stderr == "note: backorder: 5 TEA-001 more than the -20 available at main\n"
    lg.ok("ship", "SO-1", "TEA-001", "10", "--date", "2026-11-04")
    assert lg.journal().splitlines()[-1].endswith(
        "type: sell, order: SO-1, from: main, to: cafe, lines: [{item: TEA-001, qty: 10, price: 88.00}]}")
    assert [(r["qty"], r["committed"], r["available"]) for r in lg.json("stock", "--projected")] == [(0, 25, -25)]
    assert rows(lg, "--as-of", "2026-11-10") == [
        ("SO-1", "so", "cafe", "TEA-001", 30, 10, 20, "2026-11-09", "partial", 1),
        ("SO-2", "so", "walk-in", "TEA-001", 5, 0, 5, "2026-11-03", "open", 7)]
    # shipping what is not on hand is still refused by the stock rule, not the order rule
    r = lg.run("ship", "SO-1", "--date", "2026-11-05")
    assert r.exit_code == 1 and "takes main below zero" in r.stderr


def test_overdue_filters_and_units(make_ledger):
    """A po of 2 cases (48 boxes) due 11-06; 1 case received.  As of 11-10 it is 4 days late
    with 24 boxes outstanding; --overdue lists it, and not the so that is on time."""
    lg = make_ledger("""\
        --- {id: PO-9, date: 2026-11-01, type: po, from: hangzhou-tea, to: shop, lines: [{item: TEA-001, qty: 2, unit: case, price: 1200}]}
        --- {id: SO-9, date: 2026-11-01, type: so, from: main, to: cafe, due: 2026-11-20, lines: [{item: TEA-002, qty: 3}]}
        """)
    lg.ok("receive", "PO-9", "TEA-001", "1case", "--date", "2026-11-03")
    assert lg.journal().splitlines()[-1].endswith(
        "to: shop, lines: [{item: TEA-001, qty: 1, unit: case, price: 1200}]}")
    assert rows(lg, "--overdue", "--as-of", "2026-11-10") == [
        ("PO-9", "po", "hangzhou-tea", "TEA-001", 48, 24, 24, "2026-11-06", "partial", 4)]
    assert rows(lg, "--type", "so", "--as-of", "2026-11-10") == [
        ("SO-9", "so", "cafe", "TEA-002", 3, 0, 3, "2026-11-20", "open", 0)]
    assert [r["id"] for r in lg.json("orders", "--partner", "cafe")] == ["SO-9"]
    assert lg.json("orders", "TEA-002", "--status", "done") == []
    table = lg.ok("orders", "--as-of", "2026-11-10").stdout
    assert "PO-9" in table and "days_late" in table
    r = lg.run("orders", "--status", "opne")
    assert r.exit_code == 2 and "did you mean 'open'" in r.stderr


def test_over_receipt_allows_a_percentage(make_ledger):
    """over_receipt: 10 → up to 100 + 10% = 110 may come in against 100 ordered; 111 may not."""
    lg = make_ledger("""\
        --- {id: PO-1, date: 2026-11-01, type: po, from: hangzhou-tea, to: main, lines: [{item: TEA-001, qty: 100, price: 52}]}
        """)
    (lg.root / "jxc.yaml").write_text((lg.root / "jxc.yaml").read_text() + "over_receipt: 10\n")
    r = lg.run("receive", "PO-1", "TEA-001", "111", "--date", "2026-11-02")
    assert r.stderr == "error: 111 TEA-001 is more than order 'PO-1' has outstanding (100 of 100)\n"
    lg.ok("receive", "PO-1", "TEA-001", "110", "--date", "2026-11-02")
    assert rows(lg, "--as-of", "2026-11-02") == [
        ("PO-1", "po", "hangzhou-tea", "TEA-001", 100, 110, 0, "2026-11-06", "done", 0)]


def test_errors_name_the_problem_and_write_nothing(make_ledger):
    """Each refused request: exit 1, one line on stderr, nothing written."""
    lg = make_ledger("""\
        --- {id: PO-1, date: 2026-11-01, type: po, from: hangzhou-tea, to: main, lines: [{item: TEA-001, qty: 10, price: 52}]}
        --- {id: b1, date: 2026-11-02, type: buy, order: PO-1, from: hangzhou-tea, to: main, lines: [{item: TEA-001, qty: 4, price: 52}]}
        --- {id: SO-1, date: 2026-11-01, type: so, from: main, to: cafe, lines: [{item: TEA-001, qty: 1}]}
        """)
    before = lg.snapshot()
    cases = [
        (("receive", "PO-2"), "error: no purchase order 'PO-2' (did you mean 'PO-1'?)"),
        (("receive", "SO-1"), "error: 'SO-1' is a so: ship it instead"),
        (("ship", "PO-1"), "error: 'PO-1' is a po: receive it instead"),
        (("ship", "SO-2"), "error: no sales order 'SO-2' (did you mean 'SO-1'?)"),
        (("receive", "PO-1", "TEA-002", "1"), "error: order 'PO-1' has no item 'TEA-002'"),
        (("receive", "PO-1", "TEA-001", "7"),
         "error: 7 TEA-001 is more than order 'PO-1' has outstanding (6 of 10) (over_receipt in jxc.yaml allows more)"),
        (("close", "PO-7"), "error: close of unknown order 'PO-7' (did you mean 'PO-1'?)"),
    ]
    for args, message in cases:
        r = lg.run(*args, "--date", "2026-11-03")
        assert (r.exit_code, r.stdout, r.stderr) == (1, "", message + "\n"), args
    bad = [
        ("--- {date: 2026-11-03, type: buy, order: PO-1, from: fujian-tea, to: main,"
         " lines: [{item: TEA-001, qty: 1, price: 52}]}\n",
         "<stdin>:1: error: order 'PO-1' is with supplier 'hangzhou-tea', not 'fujian-tea'"),
        ("--- {date: 2026-11-03, type: buy, order: PO-1, from: hangzhou-tea, to: shop,"
         " lines: [{item: TEA-001, qty: 1, price: 52}]}\n",
         "<stdin>:1: error: order 'PO-1' is for location 'main', not 'shop'"),
        ("--- {date: 2026-11-03, type: sell, order: PO-1, from: main, to: cafe,"
         " lines: [{item: TEA-001, qty: 1}]}\n",
         "<stdin>:1: error: 'PO-1' is a po; a sell fulfils a so"),
        ("--- {date: 2026-10-30, type: buy, order: PO-1, from: hangzhou-tea, to: main,"
         " lines: [{item: TEA-001, qty: 1, price: 52}]}\n",
         "<stdin>:1: error: buy of order 'PO-1' comes before that order (2026-11-01)"),
        ("--- {date: 2026-11-03, type: transfer, order: PO-1, from: main, to: shop, lines: [{item: TEA-001, qty: 1}]}\n",
         "<stdin>:1: error: unknown key 'order' in a transfer entry"),
    ]
    for text, message in bad:
        r = lg.run("add", "-", input=text)
        assert (r.exit_code, r.stderr.splitlines()[0]) == (1, message), text
    assert lg.snapshot() == before


def test_a_fully_received_order_and_a_hand_written_journal(make_ledger):
    """Problems in the journal are found by `check` at their place, like every other problem."""
    lg = make_ledger("""\
        --- {id: PO-1, date: 2026-11-01, type: po, from: hangzhou-tea, to: main, lines: [{item: TEA-001, qty: 2, price: 52}]}
        --- {id: b1, date: 2026-11-02, type: buy, order: PO-1, from: hangzhou-tea, to: main, lines: [{item: TEA-001, qty: 2, price: 52}]}
        --- {id: b2, date: 2026-11-03, type: buy, order: PO-1, from: hangzhou-tea, to: main, lines: [{item: TEA-001, qty: 1, price: 52}]}
        --- {id: b3, date: 2026-11-03, type: buy, order: PO-3, from: hangzhou-tea, to: main, lines: [{item: TEA-001, qty: 1, price: 52}]}
        --- {date: 2026-11-04, type: po, from: hangzhou-tea, to: main, lines: [{item: TEA-001, qty: 1, price: 52}]}
        --- {id: c1, date: 2026-11-05, type: close, of: PO-1, lines: []}
        """)
    r = lg.run("check")
    assert r.exit_code == 1
    assert r.stderr.splitlines() == [
        f"{J}:6: error: a close entry has no lines: it ends the whole order",
        f"{J}:3: error: order 'PO-1' is already fully received",
        f"{J}:4: error: buy names unknown order 'PO-3' (did you mean 'PO-1'?)",
        f"{J}:5: error: a po needs an 'id': its order number, like PO-2026-0001"]
    r = lg.run("orders")
    assert r.exit_code == 1 and r.stdout == ""


def test_orders_move_no_stock_and_no_value(make_ledger):
    """A po and a so change no balance, no value and no card: stock, balance and value are those
    of the moves alone (10 @ 50 = 500.00)."""
    lg = make_ledger("""\
        --- {id: o1, date: 2026-11-01, type: open, to: main, lines: [{item: TEA-001, qty: 10, price: 50}]}
        --- {id: PO-1, date: 2026-11-02, type: po, from: hangzhou-tea, to: main, lines: [{item: TEA-001, qty: 100, price: 52}]}
        --- {id: SO-1, date: 2026-11-02, type: so, from: main, to: cafe, lines: [{item: TEA-001, qty: 50}]}
        """)
    assert lg.json("stock", "--value") == [
        {"item": "TEA-001", "location": "main", "qty": 10, "unit": "box", "unit_cost": 50, "value": 500.00}]
    assert len(lg.json("balance")) == 2
    assert [r["type"] for r in lg.json("card", "TEA-001")] == ["open"]
    # the po and so print in canonical form like every entry
    assert "type: po" in lg.ok("print").stdout


@pytest.mark.slow
def test_warm_cache_gives_the_same_orders_view(make_ledger, monkeypatch):
    """The trust rule: the orders view and the projection from a warm cache equal the cold ones,
    also after an append that fulfils an order (the replay record is not resumed past orders)."""
    lg = make_ledger("""\
        --- {id: o1, date: 2026-11-01, type: open, to: main, lines: [{item: TEA-001, qty: 10, price: 50}]}
        --- {id: PO-1, date: 2026-11-02, type: po, from: hangzhou-tea, to: main, lines: [{item: TEA-001, qty: 100, price: 52}]}
        --- {id: SO-1, date: 2026-11-02, type: so, from: main, to: cafe, lines: [{item: TEA-001, qty: 5}]}
        """)
    lg.write_journal("--- {id: b1, date: 2026-12-01, type: buy, order: PO-1, from: hangzhou-tea, to: main,"
                     " lines: [{item: TEA-001, qty: 30, price: 52}]}\n", "2026-12")

    def views():
        return (lg.ok("orders", "-o", "json").stdout, lg.ok("stock", "--projected", "-o", "json").stdout,
                lg.run("check").stderr)

    monkeypatch.setenv("JXC_NO_CACHE", "1")
    cold = views()
    monkeypatch.delenv("JXC_NO_CACHE")
    monkeypatch.setenv("JXC_CACHE_MIN_BYTES", "0")
    assert views() == cold            # fills the cache
    assert views() == cold            # from the cache
    from jxc.ledger.files import Ledger
    from jxc.store import cache
    assert (cache.folder(Ledger(lg.root)).path / "orders.pkl").exists()   # the view came from the orders record
    lg.ok("receive", "PO-1", "TEA-001", "70", "--date", "2026-12-02")
    r = lg.run("receive", "PO-1", "TEA-001", "1", "--date", "2026-12-03")
    assert r.stderr == "error: order 'PO-1' is already fully received\n"
    warm = views()
    monkeypatch.setenv("JXC_NO_CACHE", "1")
    assert views() == warm
    assert '"status": "done"' in warm[0]


def test_the_python_api(make_ledger):
    import jxc
    lg = make_ledger("""\
        --- {id: PO-1, date: 2026-11-02, type: po, from: hangzhou-tea, to: main, lines: [{item: TEA-001, qty: 100, price: 52}]}
        """)
    book = jxc.open_ledger(lg.root).order_book()
    o = book.get("PO-1")
    assert (o.status, o.due, o.outstanding, o.lines[0].unit_price) == (
        "open", __import__("datetime").date(2026, 11, 7), Decimal(100), Decimal(52))
    assert book.expected() == {("main", "TEA-001"): (Decimal(100), Decimal(0))}
    rec = jxc.open_ledger(lg.root).projected().records()
    assert rec == [{"item": "TEA-001", "location": "main", "qty": 0, "unit": "box", "on_order": 100,
                    "committed": 0, "available": 0, "projected": 100}]


ORDER_CASES = [
    '--- {id: PO-1, date: 2026-11-01, type: po, from: hangzhou-tea, to: shop, due: 2026-11-09, ref: HZ-1, note: n,'
    ' lines: [{item: TEA-001, qty: 2, unit: case, price: 1200, due: 2026-11-20}, {item: LOT-01, qty: 3, price: 9}]}\n',
    '--- {id: SO-1, date: 2026-11-01, type: so, to: cafe, lines: [{item: 6901234567890, qty: 2}]}\n',
    '--- {id: c1, date: 2026-11-02, type: close, of: PO-1, note: "done, thanks"}\n',
    '--- {id: b1, date: 2026-11-02, type: buy, order: PO-1, from: hangzhou-tea, to: shop, lines: [{item: TEA-001, qty: 1, price: 2}]}\n',
    # each of these the strict reader refuses or the fast one declines; never a different entry
    '--- {id: c2, date: 2026-11-02, type: close, of: PO-1, lines: []}\n',
    '--- {id: c3, date: 2026-11-02, type: close}\n',
    '--- {id: PO-2, date: 2026-11-01, type: po, from: hangzhou-tea, lines: [{item: TEA-001, qty: 2}]}\n',
    '--- {id: PO-3, date: 2026-11-01, type: po, from: hangzhou-tea, lines: [{item: TEA-001, qty: 2, price: 1, lot: L}]}\n',
    '--- {id: PO-4, date: 2026-11-01, type: po, from: hangzhou-tea, due: 2026-02-30, lines: [{item: TEA-001, qty: 2, price: 1}]}\n',
    '--- {id: SO-2, date: 2026-11-01, type: so, to: cafe, order: PO-1, lines: [{item: TEA-001, qty: 2}]}\n',
    '--- {id: SO-3, date: 2026-11-01, type: so, to: cafe, lines: [{item: CUP-01, qty: 2}]}\n',
    '--- {id: t1, date: 2026-11-01, type: transfer, from: main, to: shop, due: 2026-11-02, lines: [{item: CUP-01, qty: 2}]}\n',
]


def test_the_fast_reader_reads_orders_as_the_strict_one(make_ledger):
    """po, so and close entries and `order:` on a buy take the fast path with the very entries
    the strict reader makes; whatever the strict reader refuses, the fast one declines."""
    from test_scale_fastparse import both, shape
    from jxc.ledger.files import Ledger
    lg = Ledger(make_ledger().root)
    for k, text in enumerate(ORDER_CASES):
        fast, strict, problems = both(text, J, lg)
        if k < 4:
            assert fast is not None and not problems and shape(fast) == shape(strict), text
        elif fast is not None:
            assert not problems and shape(fast) == shape(strict), text
        else:
            assert problems, text
