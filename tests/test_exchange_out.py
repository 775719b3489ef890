"""-o xlsx / -o FILE / --bom on the reports; jxc export parquet; jxc sql."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

JOURNAL = """\
    --- {id: b1, date: 2026-10-02, type: buy, from: hangzhou-tea, to: main, ref: PO-1, lines: [{item: TEA-001, qty: 10, price: 50.00}, {item: TEA-002, qty: 5, price: 30.00}]}
    --- {id: b2, date: 2026-11-03, type: buy, from: hangzhou-tea, to: main, ref: PO-2, lines: [{item: TEA-001, qty: 10, price: 56.00}]}
    --- {id: s1, date: 2026-11-10, type: sell, from: main, to: walk-in, lines: [{item: TEA-001, qty: 12, price: 88.00}]}
    --- {id: s2, date: 2026-11-11, type: sell, from: main, to: cafe, lines: [{item: TEA-002, qty: 2, price: 60.00}]}
    """
# FIFO by hand: s1 takes 10 × 50.00 + 2 × 56.00 = 612.00; s2 takes 2 × 30.00 = 60.00.
# Left: TEA-001 8 × 56.00 = 448.00, TEA-002 3 × 30.00 = 90.00.


def ledger(make_ledger):
    lg = make_ledger()
    lg.write_journal(JOURNAL, "2026-11")
    return lg


def test_stock_as_xlsx_has_typed_cells_and_a_frozen_header(make_ledger):
    import openpyxl
    lg = ledger(make_ledger)
    out = lg.root.parent / "stock.xlsx"
    r = lg.ok("stock", "--value", "-o", out)
    assert r.stdout == ""
    ws = openpyxl.load_workbook(out).active
    assert ws.freeze_panes == "A2"
    assert [c.value for c in ws[1]] == ["item", "location", "qty", "unit", "unit_cost", "value"]
    assert all(c.font.bold for c in ws[1])
    assert [c.value for c in ws[2]] == ["TEA-001", "main", 8, "box", 56, 448]
    assert ws["F2"].number_format == "#,##0.00" and ws["C2"].number_format == "#,##0.######"
    assert [c.value for c in ws[4]][-1] == 538      # the totals row: 448.00 + 90.00
    out2 = lg.root.parent / "card.xlsx"
    lg.ok("card", "TEA-001", "-o", out2)
    ws = openpyxl.load_workbook(out2).active
    assert ws["A2"].value == dt.datetime(2026, 10, 2) and ws["A2"].number_format == "yyyy-mm-dd"
    assert ws.column_dimensions["B"].width == 4          # 'id', 'b1', ...: 2 characters + 2 of margin


def test_xlsx_widths_count_cjk_twice():
    from jxc.exchange.xlsx import display_width
    assert display_width("西湖龙井 Longjing") == 4 * 2 + 9


def test_xlsx_to_stdout_when_redirected_and_format_by_extension(make_ledger):
    lg = ledger(make_ledger)
    r = lg.runner.invoke(__import__("jxc.cli", fromlist=["app"]).app, ["-L", str(lg.root), "stock", "-o", "xlsx"])
    assert r.exit_code == 0 and r.stdout_bytes[:2] == b"PK"     # a zip: the xlsx container
    out = lg.root.parent / "value.csv"
    lg.ok("value", "-o", out, "--bom")
    assert out.read_bytes() == ("\ufeffitem,location,qty,unit_cost,value\nTEA-001,main,8,56.0000,448.00\n"
                                "TEA-002,main,3,30.0000,90.00\n").encode("utf-8")
    r = lg.ok("stock", "-o", "csv", "--bom")
    assert r.stdout.startswith("\ufeffitem,location,qty,unit\n")
    r = lg.run("stock", "-o", "stock.pdf")
    assert r.exit_code == 2 and "is neither a format" in r.stderr


def test_parquet_export_types_and_totals_against_reports(make_ledger, tmp_path):
    """moves.value of sales = cogs of profit (612.00 + 60.00 = 672.00); the signed sum of
    qty into and out of locations = stock (8 and 3)."""
    import pyarrow as pa
    import pyarrow.dataset as ds
    lg = ledger(make_ledger)
    out = tmp_path / "pq"
    r = lg.ok("export", "parquet", out)
    assert r.stdout == ("entries: 2 partition(s) written, 0 unchanged\n"
                        "moves: 2 partition(s) written, 0 unchanged\n"
                        "documents: 2 partition(s) written, 0 unchanged\n"
                        "items: 1 partition(s) written, 0 unchanged\n")
    moves = ds.dataset(out / "moves", partitioning="hive").to_table()
    assert moves.schema.field("qty").type == pa.decimal128(24, 6)
    assert moves.schema.field("value").type == pa.decimal128(18, 2)
    assert moves.schema.field("amount").type == pa.decimal128(18, 2)
    assert moves.schema.field("date").type == pa.date32()
    rows = moves.to_pylist()
    cogs = sum(m["value"] for m in rows if m["kind"] == "sale")
    profit = lg.json("profit", "--by", "month")
    assert cogs == Decimal("672.00") == sum(Decimal(str(p["cogs"])) for p in profit)
    revenue = sum(m["amount"] for m in rows if m["kind"] == "sale")
    assert revenue == Decimal("1176.00")   # 12 × 88.00 + 2 × 60.00
    stock = {}
    for m in rows:
        if m["to"].startswith("location:"):
            stock[m["item"]] = stock.get(m["item"], 0) + m["qty"]
        if m["from"].startswith("location:"):
            stock[m["item"]] = stock.get(m["item"], 0) - m["qty"]
    assert stock == {s["item"]: Decimal(str(s["qty"])) for s in lg.json("stock")}
    entries = ds.dataset(out / "entries", partitioning="hive").to_table()
    assert sorted(entries.column("id").to_pylist()) == ["b1", "b2", "s1", "s2"]
    assert sorted(p.name for p in (out / "moves").iterdir()) == ["month=2026-10", "month=2026-11"]
    docs = ds.dataset(out / "documents", partitioning="hive").to_table().to_pylist()
    for kind, report in (("receivable", "receivables"), ("payable", "payables")):
        got = sorted((d["id"], d["amount"], d["unpaid"]) for d in docs if d["type"] == kind)
        want = sorted((r["id"], Decimal(str(r["amount"])).quantize(Decimal("0.01")),
                       Decimal(str(r["outstanding"])).quantize(Decimal("0.01"))) for r in lg.json(report))
        assert got == want and got


def test_parquet_rerun_rewrites_only_the_changed_month(make_ledger, tmp_path):
    lg = ledger(make_ledger)
    out = tmp_path / "pq"
    lg.ok("export", "parquet", out)
    oct_file = out / "moves" / "month=2026-10" / "part-0.parquet"
    stamp = oct_file.stat().st_mtime_ns
    lg.ok("sell", "TEA-002", "1@60", "--to", "cafe", "--date", "2026-11-20", "-q")
    r = lg.ok("export", "parquet", out)
    assert r.stdout == ("entries: 1 partition(s) written, 1 unchanged\n"
                        "moves: 1 partition(s) written, 1 unchanged\n"
                        "documents: 1 partition(s) written, 1 unchanged\n"
                        "items: 0 partition(s) written, 1 unchanged\n")
    assert oct_file.stat().st_mtime_ns == stamp
    r = lg.ok("export", "parquet", out, "-q")
    assert r.stdout == ""


def test_parquet_empty_ledger_keeps_the_schema(make_ledger, tmp_path):
    import pyarrow.parquet as pq

    from jxc.exchange.parquet import ITEM_COLUMNS
    lg = make_ledger()
    lg.ok("export", "parquet", tmp_path / "pq")
    t = pq.read_table(tmp_path / "pq" / "items" / "part-0.parquet")
    assert t.column_names == [c for c, _ in ITEM_COLUMNS] and t.num_rows == 4


def test_sql_group_by_matches_profit_in_every_format(make_ledger):
    lg = ledger(make_ledger)
    q = ("SELECT item, sum(qty) AS qty, sum(amount) AS revenue, sum(value) AS cogs FROM moves "
         "WHERE kind = 'sale' GROUP BY item ORDER BY item")
    assert lg.json("sql", q) == [
        {"item": "TEA-001", "qty": 12, "revenue": 1056.00, "cogs": 612.00},
        {"item": "TEA-002", "qty": 2, "revenue": 120.00, "cogs": 60.00}]
    assert lg.ok("sql", q, "-o", "csv").stdout == ("item,qty,revenue,cogs\nTEA-001,12,1056.00,612.00\n"
                                                  "TEA-002,2,120.00,60.00\n")
    assert lg.ok("sql", q, "-o", "md").stdout.splitlines()[2] == "| TEA-001 |    12 |   1056.00 | 612.00 |"
    assert "TEA-001" in lg.ok("sql", q).stdout
    profit = lg.json("profit")
    assert [(p["item"], p["revenue"], p["cogs"]) for p in profit] == [("TEA-001", 1056.00, 612.00),
                                                                      ("TEA-002", 120.00, 60.00)]


def test_sql_errors_are_one_line_and_files_are_out_of_reach(make_ledger, tmp_path):
    lg = ledger(make_ledger)
    r = lg.run("sql", "SELEC 1")
    assert r.exit_code == 1
    assert r.stderr == 'error: SQL: Parser Error: syntax error at or near "SELEC"\n'
    r = lg.run("sql", "SELECT nope FROM moves")
    assert r.exit_code == 1 and r.stderr.startswith("error: SQL: Binder Error: ") and r.stderr.count("\n") == 1
    (tmp_path / "x.csv").write_text("a\n1\n")
    r = lg.run("sql", f"SELECT * FROM read_csv('{tmp_path / 'x.csv'}')")
    assert r.exit_code == 1 and "file system operations are disabled" in r.stderr


def test_missing_extra_is_named(monkeypatch, make_ledger):
    import sys
    lg = ledger(make_ledger)
    monkeypatch.setitem(sys.modules, "duckdb", None)
    r = lg.run("sql", "SELECT 1")
    assert r.exit_code == 1 and r.stderr == "error: this needs duckdb: pip install 'jxc[sql]'\n"
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    r = lg.run("stock", "-o", "s.xlsx")
    assert r.exit_code == 1 and r.stderr == "error: this needs openpyxl: pip install 'jxc[xlsx]'\n"


@pytest.mark.slow
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(1, 30), st.sampled_from(["TEA-001", "TEA-002"]),
                          st.decimals(min_value=Decimal("0.1"), max_value=Decimal(50), places=1),
                          st.decimals(min_value=Decimal(1), max_value=Decimal(99), places=2)),
                min_size=1, max_size=12))
def test_sql_sums_equal_the_reports(make_ledger, buys):
    """Random buys (and a sale of half of each item): per item, SQL's stock and value of
    the moves equal `stock --value`, and SQL's cogs equals `profit`."""
    lg = make_ledger()
    text = ""
    for k, (day, item, qty, price) in enumerate(buys):
        text += (f"--- {{id: b{k}, date: 2026-11-{day:02d}, type: buy, from: hangzhou-tea, to: main, "
                 f"lines: [{{item: {item}, qty: {qty}, price: {price}}}]}}\n")
    for item in {b[1] for b in buys}:
        half = sum(b[2] for b in buys if b[1] == item) / 2
        text += (f"--- {{id: s-{item}, date: 2026-12-01, type: sell, to: walk-in, "
                 f"lines: [{{item: {item}, qty: {half}, price: 99}}]}}\n")
    lg.write_journal(text, "2026-11")
    q = ("SELECT item, sum(CASE WHEN \"to\" LIKE 'location:%' THEN qty ELSE -qty END) AS qty, "
         "sum(CASE WHEN \"to\" LIKE 'location:%' THEN value ELSE -value END) AS value FROM moves "
         "GROUP BY item ORDER BY item")
    got = {r["item"]: (r["qty"], r["value"]) for r in lg.json("sql", q)}
    want = {s["item"]: (s["qty"], s["value"]) for s in lg.json("stock", "--value")}
    assert got == want
    cogs = {r["item"]: r["cogs"] for r in lg.json("sql", "SELECT item, sum(value) cogs FROM moves "
                                                         "WHERE kind='sale' GROUP BY item")}
    assert cogs == {p["item"]: p["cogs"] for p in lg.json("profit")}


def test_documents_are_the_order_lines_of_the_orders_report(make_ledger, tmp_path):
    """PO-1 orders 10 TEA-001, the buy fulfils 4: outstanding 6, status partial."""
    import pyarrow as pa
    import pyarrow.dataset as ds
    lg = make_ledger("""\
        --- {id: PO-1, date: 2026-11-02, type: po, from: hangzhou-tea, to: main, lines: [{item: TEA-001, qty: 10, price: 50.00}]}
        --- {id: b1, date: 2026-11-05, type: buy, from: hangzhou-tea, to: main, order: PO-1, lines: [{item: TEA-001, qty: 4, price: 50.00}]}
        """)
    lg.ok("export", "parquet", tmp_path / "pq")
    t = ds.dataset(tmp_path / "pq" / "documents", partitioning="hive").to_table()
    assert t.schema.field("outstanding").type == pa.decimal128(24, 6)
    assert [(r["id"], r["item"], r["ordered"], r["fulfilled"], r["outstanding"], r["status"])
            for r in t.to_pylist()] == [("PO-1", "TEA-001", 10, 4, 6, "partial"),
                                        ("b1", None, None, None, None, "open")]   # the buy is payable: 200.00
    report = lg.json("orders")
    assert [(o["id"], o["outstanding"], o["status"]) for o in report] == [("PO-1", 6, "partial")]


@pytest.mark.slow
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(["2026-10-05", "2026-11-04", "2026-11-20", "2026-12-02"]),
                          st.integers(1, 5)), min_size=1, max_size=4))
def test_incremental_export_equals_a_fresh_one(make_ledger, tmp_path_factory, buys):
    """Re-exporting into the same DIR after new entries (some dated back, which re-costs
    later months) gives the same tables as exporting into an empty DIR."""
    import pyarrow.dataset as ds
    from jxc.api import open_ledger
    lg = ledger(make_ledger)
    kept = tmp_path_factory.mktemp("kept")
    lg.ok("export", "parquet", kept)
    for day, qty in buys:
        lg.ok("buy", "TEA-001", f"{qty}@{40 + qty}", "--from", "hangzhou-tea", "--date", day, "-q")
    lg.ok("export", "parquet", kept, "-q")
    fresh = tmp_path_factory.mktemp("fresh")
    open_ledger(lg.root).export_parquet(fresh)
    for table in ("entries", "moves", "documents"):
        a, b = (ds.dataset(d / table, partitioning="hive").to_table().to_pylist()
                if (d / table).exists() else [] for d in (kept, fresh))
        assert sorted(a, key=repr) == sorted(b, key=repr)
