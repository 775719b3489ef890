"""jxc import: spreadsheet rows → entries by a rules file; jxc import catalog."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jxc.exchange.imports import Rules, parse_date, parse_number

SALES_RULES = """\
encoding: gb18030
skip: 1
skip_footer: 1
decimal: ","
thousands: "."
date_format: "%Y/%m/%d"
fixed: {type: sell}
columns: {ref: 单号, date: 日期, item: 条码, qty: 数量, price: 单价, partner: 客户}
"""

# Saved by Chinese Excel: GB18030, a title row above the header, a totals row below.
SALES_CSV = ("销售单导出\n"
             "单号,日期,条码,数量,单价,客户\n"
             "S-1,2026/11/25,6901234567890,2,\"1.088,50\",walk-in\n"
             "S-1,2026/11/25,TEA-002,1,\"60,00\",walk-in\n"
             "S-2,2026/11/26,TEA-002,3,,cafe\n"
             "合计,,,6,,\n")

OPENING = """\
    --- {id: o1, date: 2026-11-01, type: buy, from: hangzhou-tea, to: main, lines: [{item: TEA-001, qty: 10, price: 50.00}, {item: TEA-002, qty: 10, price: 30.00}]}
    """


def write(lg, name, text, encoding="utf-8"):
    p = lg.root.parent / name
    p.write_bytes(text.encode(encoding))
    return p


def test_gb18030_csv_rows_grouped_by_ref_into_entries(make_ledger):
    """S-1 has two rows → one sell with two lines; the barcode 6901234567890 is written as
    TEA-001; "1.088,50" (decimal comma, thousands point) is 1088.50; S-2 has no price,
    so TEA-002 sells at its catalog price 60.00: revenue 2×1088.50 + 60 + 3×60 = 2417.00."""
    lg = make_ledger(OPENING)
    csv = write(lg, "sales.csv", SALES_CSV, "gb18030")
    rules = write(lg, "rules.yaml", SALES_RULES)
    r = lg.ok("import", csv, "--rules", rules)
    lines = r.stdout.splitlines()
    assert len(lines) == 3
    assert ", date: 2026-11-25, type: sell, from: main, to: walk-in, ref: S-1, lines: [{item: TEA-001, qty: 2, " \
           "price: 1088.50}, {item: TEA-002, qty: 1, price: 60.00}]}" in lines[0]
    assert ", date: 2026-11-26, type: sell, from: main, to: cafe, ref: S-2, lines: [{item: TEA-002, qty: 3, price: 60.00}]}" in lines[1]
    assert lines[2] == "# 3 rows read, wrote 2 entries, 0 rows skipped as already imported, 0 errors"
    assert lg.json("sales", "--by", "month") == [{"month": "2026-11", "qty": 6, "amount": 2417.00}]


def test_reimport_adds_nothing_and_dry_run_writes_nothing(make_ledger):
    lg = make_ledger(OPENING)
    csv = write(lg, "sales.csv", SALES_CSV, "gb18030")
    rules = write(lg, "rules.yaml", SALES_RULES)
    before = lg.snapshot()
    r = lg.ok("import", csv, "--rules", rules, "--dry-run")
    assert r.stdout.endswith("# 3 rows read, would write 2 entries, 0 rows skipped as already imported, 0 errors\n")
    assert lg.snapshot() == before
    lg.ok("import", csv, "--rules", rules)
    after = lg.snapshot()
    r = lg.ok("import", csv, "--rules", rules)
    assert r.stdout == "# 3 rows read, wrote 0 entries, 3 rows skipped as already imported, 0 errors\n"
    assert lg.snapshot() == after


def test_errors_name_file_row_and_column_and_write_nothing(make_ledger):
    """Row numbers are the sheet's: title row 1, header row 2, data from row 3."""
    lg = make_ledger(OPENING)
    bad = SALES_CSV.replace("S-2,2026/11/26,TEA-002,3", "S-2,2026/13/26,TEA-009,3x")
    csv = write(lg, "sales.csv", bad, "gb18030")
    rules = write(lg, "rules.yaml", SALES_RULES)
    before = lg.snapshot()
    r = lg.run("import", csv, "--rules", rules)
    assert r.exit_code == 1
    assert r.stdout == ""
    assert r.stderr.splitlines() == [
        f"{csv}:5: error: column '日期' (date): '2026/13/26' is not a date in %Y/%m/%d",
        f"{csv}:5: error: column '条码' (item): unknown item 'TEA-009' (did you mean 'TEA-002'?)",
        f"{csv}:5: error: column '数量' (qty): '3x' is not a number",
        "# nothing written: 3 error(s)",
    ]
    assert lg.snapshot() == before


def test_a_ledger_rule_broken_by_an_import_names_the_row(make_ledger):
    """Selling 11 of the 10 TEA-001 bought breaks negative_stock: forbid; the error points
    at the first row of the entry that breaks it, and nothing is written."""
    lg = make_ledger(OPENING)
    csv = write(lg, "s.csv", "ref,date,sku,qty\nA,2026-11-20,TEA-001,4\nB,2026-11-21,TEA-001,7\n")
    rules = write(lg, "r.yaml", "fixed: {type: sell, partner: walk-in}\n"
                                "columns: {ref: ref, date: date, item: sku, qty: qty}\n")
    before = lg.snapshot()
    r = lg.run("import", csv, "--rules", rules)
    assert r.exit_code == 1
    assert r.stderr == (f"{csv}:3: error: sale of 7 TEA-001 takes main below zero on 2026-11-21 (6 on hand)\n"
                        "# nothing written: 1 error(s)\n")
    assert lg.snapshot() == before


def test_missing_column_and_unknown_type(make_ledger):
    lg = make_ledger(OPENING)
    csv = write(lg, "s.csv", "ref,date,sku,qty,kind\nA,2026-11-20,TEA-001,4,refund\n")
    rules = write(lg, "r.yaml", "columns: {ref: ref, date: date, item: SKU, qty: qty}\n")
    r = lg.run("import", csv, "--rules", rules)
    assert r.stderr == f"{csv}:1: error: no column 'SKU' (for item) (did you mean 'sku'?); the columns are: " \
                       "ref, date, sku, qty, kind\n# nothing written: 1 error(s)\n"
    rules = write(lg, "r2.yaml", "types: {sale: sell}\ncolumns: {ref: ref, date: date, item: sku, qty: qty, type: kind}\n")
    r = lg.run("import", csv, "--rules", rules)
    assert r.stderr.splitlines()[0] == f"{csv}:2: error: column 'kind' (type): 'refund' is not a type jxc " \
                                        "imports (open, buy, sell, writeoff); map it under 'types:'"


def xlsx_file(path, rows, sheet="Purchases"):
    import openpyxl
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Cover"
    ws["A1"] = "nothing here"
    data = wb.create_sheet(sheet)
    for r in rows:
        data.append(r)
    wb.save(path)
    return path


def test_xlsx_sheet_serial_and_date_cells_types_mapped(make_ledger):
    """Sheet 'Purchases': 采购 rows are buys from the column 供应商 into 仓库.  Row 2 has
    a real date cell, row 3 the serial number 46351 (= 2026-11-25, days since
    1899-12-30).  PO-7 has two rows → one buy of 10×52.5 + 4×1200 per case (price per case)."""
    lg = make_ledger()
    p = xlsx_file(lg.root.parent / "in.xlsx", [
        ["单号", "日期", "类型", "SKU", "数量", "单位", "单价", "供应商", "仓库"],
        ["PO-7", dt.datetime(2026, 11, 24), "采购", "TEA-001", 10, None, 52.5, "hangzhou-tea", "shop"],
        ["PO-7", dt.datetime(2026, 11, 24), "采购", "TEA-001", 4, "case", 1200, "hangzhou-tea", "shop"],
        ["PO-8", 46351, "采购", "TEA-002", "1,5", None, "30", "fujian-tea", None],
    ])
    rules = write(lg, "r.yaml", "sheet: Purchases\ndecimal: \",\"\ntypes: {采购: buy}\n"
                                "columns: {ref: 单号, date: 日期, type: 类型, item: SKU, qty: 数量, unit: 单位,"
                                " price: 单价, partner: 供应商, location: 仓库}\n")
    r = lg.ok("import", p, "--rules", rules)
    out = r.stdout.splitlines()
    assert "date: 2026-11-24, type: buy, from: hangzhou-tea, to: shop, ref: PO-7, lines: [{item: TEA-001, qty: 10, " \
           "price: 52.5}, {item: TEA-001, qty: 4, unit: case, price: 1200}]}" in out[0]
    assert "date: 2026-11-25, type: buy, from: fujian-tea, to: main, ref: PO-8, lines: [{item: TEA-002, qty: 1.5, " \
           "price: 30}]}" in out[1]
    assert lg.json("stock") == [
        {"item": "TEA-001", "location": "shop", "qty": 106, "unit": "box"},
        {"item": "TEA-002", "location": "main", "qty": 1.5, "unit": "box"}]


def test_utf8_bom_csv_is_read(make_ledger):
    lg = make_ledger()
    csv = write(lg, "o.csv", "\ufeffref,date,sku,qty,cost\nOB,24.11.2026,TEA-001,5,50\n")
    rules = write(lg, "r.yaml", "date_format: '%d.%m.%Y'\nfixed: {type: open}\n"
                                "columns: {ref: ref, date: date, item: sku, qty: qty, price: cost}\n")
    r = lg.ok("import", csv, "--rules", rules, "-q")
    assert r.stdout == "# 1 rows read, wrote 1 entries, 0 rows skipped as already imported, 0 errors\n"
    assert lg.json("value") == [{"item": "TEA-001", "location": "main", "qty": 5, "unit_cost": 50.0000,
                                 "value": 250.00}]


@settings(max_examples=200, deadline=None)
@given(st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False),
       st.sampled_from([(",", "."), (".", ","), (".", None), (",", None), (",", " ")]))
def test_parse_number_reads_back_what_was_written(d, seps):
    """Any amount written with a decimal comma or point and any thousands separator parses
    back to the same exact Decimal (never through a float)."""
    dec, th = seps
    whole, frac = f"{d:.2f}".split(".")
    if th:
        whole = f"{int(whole):,}".replace(",", th)
    text = f"{whole}{dec}{frac}"
    assert parse_number(text, Rules("", {}, decimal=dec, thousands=th)) == d


@settings(max_examples=100, deadline=None)
@given(st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2200, 1, 1)))
def test_excel_serial_dates(day):
    serial = (day - dt.date(1899, 12, 30)).days
    assert parse_date(str(serial), Rules("", {}), xlsx=True) == day
    assert parse_date(str(serial), Rules("", {}), xlsx=False) is None


def test_decimal_point_in_a_decimal_comma_sheet_is_refused():
    assert parse_number("1.5", Rules("", {}, decimal=",")) is None
    assert parse_number("1,5", Rules("", {}, decimal=",")) == Decimal("1.5")


CATALOG_WITH_COMMENTS = """\
# master data — kept by hand
locations:
  main: {name: Main warehouse}   # the back room
items:
  TEA-001: {name: Longjing 250g, unit: box, barcode: "6901234567890", price: 88.00}
suppliers:
  hangzhou-tea: {name: Hangzhou Tea}
customers:
  walk-in: {name: Walk-in}
"""


def test_import_catalog_merges_and_keeps_comments(make_ledger):
    """A new item is added as one flow line; an existing one gets the fields its row gives
    (price 88.00 → 92.50); empty cells leave fields alone; comments stay byte for byte."""
    lg = make_ledger(catalog=CATALOG_WITH_COMMENTS)
    csv = write(lg, "items.csv", "SKU,名称,单位,条码,售价,箱规\n"
                                  "TEA-010,碧螺春 250g,box,6901234567999,\"98,00\",case=20\n"
                                  "TEA-001,,,,\"92,50\",\n", "gb18030")
    rules = write(lg, "r.yaml", "kind: items\nencoding: gb18030\ndecimal: \",\"\n"
                                "columns: {key: SKU, name: 名称, unit: 单位, barcode: 条码, price: 售价, units: 箱规}\n")
    r = lg.ok("import", "catalog", csv, "--rules", rules)
    assert r.stdout == "# added 1, updated 1 record(s) of catalog.yaml\n"
    assert (lg.root / "catalog.yaml").read_text(encoding="utf-8") == CATALOG_WITH_COMMENTS.replace(
        "price: 88.00}\n",
        "price: 92.50}\n  TEA-010: {name: 碧螺春 250g, unit: box, barcode: \"6901234567999\", price: 98.00, "
        "units: {case: 20}}\n")
    lg.ok("buy", "6901234567999", "1case@1000", "--from", "hangzhou-tea", "--date", "2026-11-02")
    assert lg.json("stock") == [{"item": "TEA-010", "location": "main", "qty": 20, "unit": "box"}]


def test_import_catalog_refuses_a_duplicate_barcode(make_ledger):
    lg = make_ledger(catalog=CATALOG_WITH_COMMENTS)
    csv = write(lg, "items.csv", "SKU,barcode\nTEA-011,6901234567890\n")
    rules = write(lg, "r.yaml", "columns: {key: SKU, barcode: barcode}\n")
    before = lg.snapshot()
    r = lg.run("import", "catalog", csv, "--rules", rules)
    assert r.exit_code == 1
    assert r.stderr == f"{csv}: error: after the import: barcode '6901234567890' of item 'TEA-011' is already used\n"
    assert lg.snapshot() == before


def test_partners_import(make_ledger):
    lg = make_ledger(catalog=CATALOG_WITH_COMMENTS)
    csv = write(lg, "sup.csv", "code,name,lead\nfujian-tea,福建茶厂,9\n")
    rules = write(lg, "r.yaml", "kind: suppliers\ncolumns: {key: code, name: name, lead_time_days: lead}\n")
    lg.ok("import", "catalog", csv, "--rules", rules)
    assert "  hangzhou-tea: {name: Hangzhou Tea}\n  fujian-tea: {name: 福建茶厂, lead_time_days: 9}\n" in \
        (lg.root / "catalog.yaml").read_text(encoding="utf-8")


BLOCK_CATALOG = """\
locations:
    main:
        name: Main warehouse
items:
    TEA-001:
        name: Longjing 250g
        unit: box
        units: {case: 24}
    # more teas below, one block each

suppliers:
    hangzhou-tea: {name: Hangzhou Tea}
"""


def test_import_catalog_writes_as_item_add_does(make_ledger):
    """The import is the same catalog edit as `jxc item add`: in a catalog written in blocks
    with 4 spaces, the new item is a block of 4 spaces too, and the comment that ends the
    section stays after it (not between the records).  --dry-run checks and writes nothing."""
    lg = make_ledger(catalog=BLOCK_CATALOG)
    csv = write(lg, "items.csv", "SKU,name,unit\nTEA-002,Tieguanyin 250g,box\n")
    rules = write(lg, "r.yaml", "columns: {key: SKU, name: name, unit: unit}\n")
    before = lg.snapshot()
    assert lg.ok("import", "catalog", csv, "--rules", rules, "--dry-run").stdout.endswith(
        "# would add 1, updated 0 record(s) of catalog.yaml\n")
    assert lg.snapshot() == before
    lg.ok("import", "catalog", csv, "--rules", rules)
    assert (lg.root / "catalog.yaml").read_text(encoding="utf-8") == BLOCK_CATALOG.replace(
        "        units: {case: 24}\n",
        "        units: {case: 24}\n    TEA-002:\n        name: Tieguanyin 250g\n        unit: box\n")


def test_import_catalog_refuses_a_change_the_journal_cannot_take(make_ledger):
    """e1 bought 2 cases of TEA-001; an import that leaves TEA-001 only a 'pack' unit would
    make e1 unreadable: refused, as `jxc item set` refuses it, nothing written."""
    lg = make_ledger("--- {id: e1, date: 2026-11-02, type: buy, from: hangzhou-tea, to: main, "
                     "lines: [{item: TEA-001, qty: 2, unit: case, price: 1000}]}\n")
    csv = write(lg, "items.csv", "SKU,units\nTEA-001,pack=6\n")
    rules = write(lg, "r.yaml", "columns: {key: SKU, units: units}\n")
    before = lg.snapshot()
    r = lg.run("import", "catalog", csv, "--rules", rules)
    assert r.exit_code == 1
    assert r.stderr.startswith(f"{csv}: error: after the import: with this change: ") and "case" in r.stderr
    assert r.stderr.count("\n") == 1
    assert lg.snapshot() == before
