"""stock, balance, card (quantities) and the output formats."""

import pytest

JOURNAL = """\
--- {id: o1, date: 2026-11-01, type: open, to: main, lines: [{item: TEA-001, qty: 10, price: 50.00}, {item: CUP-01, qty: 4, price: 12.00}]}
--- {id: b1, date: 2026-11-02, type: buy, from: hangzhou-tea, to: main, ref: PO-7, lines: [{item: TEA-001, qty: 1, unit: case, price: 1248.00}]}
--- {id: t1, date: 2026-11-03, type: transfer, from: main, to: shop, lines: [{item: TEA-001, qty: 5}]}
--- {id: s1, date: 2026-11-04, type: sell, from: shop, to: cafe, lines: [{item: TEA-001, qty: 2, price: 88.00}]}
--- {id: w1, date: 2026-11-05, type: writeoff, from: main, to: damaged, lines: [{item: CUP-01, qty: 1}]}
--- {id: r1, date: 2026-11-06, type: return, of: s1, lines: [{item: TEA-001, qty: 1}]}
"""


@pytest.fixture
def lg(make_ledger):
    return make_ledger(JOURNAL)


def test_stock_by_item_and_location(lg):
    assert lg.ok("stock", "-o", "csv").stdout == (
        "item,location,qty,unit\nCUP-01,main,3,pcs\nTEA-001,main,29,box\nTEA-001,shop,4,box\n")
    assert lg.ok("stock", "--by", "item", "-o", "csv").stdout == (
        "item,qty,unit\nCUP-01,3,pcs\nTEA-001,33,box\n")
    # A location or category never adds boxes to pieces: one row per unit.
    assert lg.ok("stock", "--by", "location", "-o", "csv").stdout == (
        "location,qty,unit\nmain,29,box\nmain,3,pcs\nshop,4,box\n")
    assert lg.ok("stock", "--by", "category", "-o", "csv").stdout == (
        "category,qty,unit\ngreen-tea,33,box\nteaware,3,pcs\n")


def test_stock_total_row_only_when_something_adds_up(lg):
    """Boxes and pieces never add up: with both units and no value there is no total row
    (an empty one read as "nothing in stock"); with one unit the row sums it (29 + 4 = 33
    boxes); with --value the money adds up across units (a total row again)."""
    assert "total" not in lg.ok("stock", "-w", "100").stdout
    one_unit = lg.ok("stock", "TEA-001", "-w", "100").stdout
    assert [ln.split() for ln in one_unit.splitlines() if "total" in ln] == [["total", "33", "box"]]
    assert "total" in lg.ok("stock", "--value", "-w", "100").stdout


def test_stock_filters(lg):
    assert lg.json("stock", "6901234567890", "--at", "shop") == [
        {"item": "TEA-001", "location": "shop", "qty": 4, "unit": "box"}]
    # --as-of is inclusive: the sale of 11-04 counts, the return of 11-06 does not
    assert lg.json("stock", "TEA-001", "--as-of", "2026-11-05") == [
        {"item": "TEA-001", "location": "main", "qty": 29, "unit": "box"},
        {"item": "TEA-001", "location": "shop", "qty": 3, "unit": "box"}]
    assert lg.json("stock", "--as-of", "2026-10-31") == []
    assert lg.ok("stock", "--zero", "--at", "shop", "-o", "csv").stdout == (
        "item,location,qty,unit\nCUP-01,shop,0,pcs\nLOT-01,shop,0,cake\nTEA-001,shop,4,box\nTEA-002,shop,0,box\n")
    assert lg.ok("stock", "--zero", "-o", "csv").stdout == (
        "item,location,qty,unit\nCUP-01,main,3,pcs\nLOT-01,,0,cake\nTEA-001,main,29,box\nTEA-001,shop,4,box\n"
        "TEA-002,,0,box\n")


def test_stock_value(lg):
    assert lg.json("stock", "--value", "--by", "item") == [
        {"item": "CUP-01", "qty": 3, "unit": "pcs", "unit_cost": 12.0000, "value": 36.00},
        {"item": "TEA-001", "qty": 33, "unit": "box", "unit_cost": 51.4545, "value": 1698.00}]


def test_balance_every_account_sums_to_zero(lg):
    rows = lg.json("balance")
    assert rows == [
        {"account": "equity:opening", "item": "CUP-01", "qty": -4},
        {"account": "location:main", "item": "CUP-01", "qty": 3},
        {"account": "loss:damaged", "item": "CUP-01", "qty": 1},
        {"account": "customer:cafe", "item": "TEA-001", "qty": 1},
        {"account": "equity:opening", "item": "TEA-001", "qty": -10},
        {"account": "location:main", "item": "TEA-001", "qty": 29},
        {"account": "location:shop", "item": "TEA-001", "qty": 4},
        {"account": "supplier:hangzhou-tea", "item": "TEA-001", "qty": -24}]
    assert lg.json("balance", "--as-of", "2026-11-01") == [
        {"account": "equity:opening", "item": "CUP-01", "qty": -4},
        {"account": "location:main", "item": "CUP-01", "qty": 4},
        {"account": "equity:opening", "item": "TEA-001", "qty": -10},
        {"account": "location:main", "item": "TEA-001", "qty": 10}]


def test_card_quantities(lg):
    rows = lg.json("card", "TEA-001", "--at", "shop")
    assert [(r["date"], r["id"], r["type"], r["in_qty"], r["out_qty"], r["balance_qty"]) for r in rows] == [
        ("2026-11-03", "t1", "transfer", 5, None, 5),
        ("2026-11-04", "s1", "sell", None, 2, 3),
        ("2026-11-06", "r1", "return", 1, None, 4)]
    # over all locations a transfer changes nothing and is left out
    rows = lg.json("card", "TEA-001")
    assert [(r["id"], r["in_qty"], r["out_qty"], r["balance_qty"], r["ref"]) for r in rows] == [
        ("o1", 10, None, 10, ""), ("b1", 24, None, 34, "PO-7"), ("s1", None, 2, 32, ""), ("r1", 1, None, 33, "")]


def test_output_formats(lg):
    assert lg.ok("stock", "TEA-001", "-o", "tsv").stdout == (
        "item\tlocation\tqty\tunit\nTEA-001\tmain\t29\tbox\nTEA-001\tshop\t4\tbox\n")
    assert lg.ok("stock", "TEA-001", "-o", "md").stdout == (
        "| item    | location   |   qty | unit   |\n"
        "|---------|------------|-------|--------|\n"
        "| TEA-001 | main       |    29 | box    |\n"
        "| TEA-001 | shop       |     4 | box    |\n"
        "| total   |            |    33 | box    |\n")
    assert lg.ok("stock", "TEA-001", "-o", "json").stdout == (
        '[\n  {"item": "TEA-001", "item_name": "Longjing 250g", "location": "main", "qty": 29, "unit": "box"},\n'
        '  {"item": "TEA-001", "item_name": "Longjing 250g", "location": "shop", "qty": 4, "unit": "box"}\n]\n')
    table = lg.ok("stock", "TEA-001").stdout
    assert "TEA-001" in table and "total" in table and "33" in table
    assert lg.json("stock", "--as-of", "2020-01-01") == []


def test_exact_decimals(make_ledger):
    """0.1 + 0.2 units sold out of 0.3 leave exactly 0 (SPEC 3)."""
    lg = make_ledger("""\
        --- {id: a, date: 2026-11-01, type: open, lines: [{item: TEA-001, qty: 0.3, price: 2.50}]}
        --- {id: b, date: 2026-11-02, type: sell, to: cafe, lines: [{item: TEA-001, qty: 0.1, price: 3}, {item: TEA-001, qty: 0.2, price: 3}]}
        """)
    assert lg.json("stock", "--zero", "TEA-001") == [{"item": "TEA-001", "location": "main", "qty": 0, "unit": "box"}]
    assert lg.json("balance") == [{"account": "customer:cafe", "item": "TEA-001", "qty": 0.3},
                                  {"account": "equity:opening", "item": "TEA-001", "qty": -0.3}]


def test_stock_per_lot_with_expiry(make_ledger):
    lg = make_ledger("""\
        --- {id: a, date: 2026-11-01, type: buy, from: fujian-tea, lines: [{item: LOT-01, qty: 5, price: 70, lot: L2, expiry: 2031-06-30}, {item: LOT-01, qty: 3, price: 72, lot: L1, expiry: 2030-01-31}]}
        --- {id: b, date: 2026-11-02, type: transfer, from: main, to: shop, lines: [{item: LOT-01, qty: 1, lot: L2}]}
        --- {id: c, date: 2026-11-03, type: sell, to: cafe, lines: [{item: LOT-01, qty: 3, price: 100, lot: L1}]}
        """)
    assert lg.ok("stock", "--lots", "-o", "csv").stdout == (
        "item,location,lot,expiry,qty,unit\nLOT-01,main,L2,2031-06-30,4,cake\nLOT-01,shop,L2,2031-06-30,1,cake\n")
    assert lg.ok("stock", "--lots", "--zero", "--at", "main", "-o", "csv").stdout == (
        "item,location,lot,expiry,qty,unit\nLOT-01,main,L1,2030-01-31,0,cake\nLOT-01,main,L2,2031-06-30,4,cake\n")
    # the lot is checked against negative stock too
    r = lg.run("add", "-", input="--- {date: 2026-11-04, type: sell, from: shop, to: cafe, lines: [{item: LOT-01, qty: 1, price: 1, lot: L1}]}\n")
    assert r.exit_code == 1 and "takes shop below zero" in r.stderr


def test_units_in_every_kind_of_line(make_ledger):
    """Counts, transfers and returns in cases; stock is always in boxes."""
    lg = make_ledger()
    po = lg.ok("buy", "TEA-001", "3case@1200", "--from", "hangzhou-tea", "--date", "2026-11-01", "-q").stdout.strip()
    lg.ok("transfer", "TEA-001", "1case", "--from", "main", "--to", "shop", "--date", "2026-11-02", "-q")
    lg.ok("return", po, "TEA-001", "0.5case", "--date", "2026-11-03", "-q")
    lg.ok("count", "TEA-001", "1case", "--at", "shop", "--date", "2026-11-04", "-q")    # 24 counted, book 24
    lg.ok("count", "TEA-001", "1case", "--at", "main", "--date", "2026-11-04", "-q")    # 24 counted, book 36
    assert lg.json("stock") == [{"item": "TEA-001", "location": "main", "qty": 24, "unit": "box"},
                                {"item": "TEA-001", "location": "shop", "qty": 24, "unit": "box"}]
    bal = {(row["account"], row["item"]): row["qty"] for row in lg.json("balance")}
    assert bal[("supplier:hangzhou-tea", "TEA-001")] == -60
    assert bal[("adjust:count", "TEA-001")] == 12
    assert "{item: TEA-001, qty: 0.5, unit: case}" in lg.journal()


def test_reports_as_pandas_frames(lg):
    """The public API hands any report to pandas with exact decimals (object dtype, no floats),
    and as records with money as Decimal (never cents)."""
    from decimal import Decimal

    import jxc
    ledger = jxc.open_ledger(lg.root)
    report = ledger.value(by="item")
    frame = report.to_frame()
    assert list(frame.columns) == ["item", "qty", "unit_cost", "value"]
    assert frame["value"].tolist() == [Decimal("36.00"), Decimal("1698.00")]
    assert frame["value"].sum() == Decimal("1734.00")
    assert [r["value"] for r in report.records()] == [Decimal("36.00"), Decimal("1698.00")]


def test_large_tables_look_the_same_without_rich(monkeypatch):
    """Past RICH_MAX_ROWS a plain formatter draws the table; it must match rich's drawing."""
    import io
    from decimal import Decimal
    from rich.console import Console
    from jxc.reports import render as R
    from jxc.reports.render import Column, Report
    r = Report([Column("item"), Column("name"), Column("qty", "qty"), Column("value", "money"),
                Column("margin", "ratio")],
               [["TEA-001", "西湖龙井 250g", Decimal("60.5"), 123456, Decimal("0.41")],
                ["CUP-01", "", Decimal(7), -5, None]],
               ["total", "", Decimal("67.5"), 123451, None])
    outs = []
    for most in (R.RICH_MAX_ROWS, 1):        # 2 rows: rich draws them, then the plain formatter
        monkeypatch.setattr(R, "RICH_MAX_ROWS", most)
        buf = io.StringIO()
        R.render(r, "table", Console(file=buf, width=10_000, force_terminal=False, highlight=False))
        outs.append(buf.getvalue())
    assert outs[0] == outs[1]
    assert "西湖龙井 250g" in outs[0] and "1234.56" in outs[0]


def test_projected_stock_by_location_keeps_units_apart(lg):
    """stock --projected --by names its key column and never adds boxes to pieces: main holds
    29 boxes of TEA-001 and 3 pcs of CUP-01 (no open orders: projected = qty)."""
    rows = lg.json("stock", "--projected", "--by", "location")
    assert [(r["location"], r["qty"], r["unit"], r["projected"]) for r in rows] == [
        ("main", 29, "box", 29), ("main", 3, "pcs", 3), ("shop", 4, "box", 4)]
