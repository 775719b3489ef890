"""Write commands (SPEC 5): what they write, byte for byte, and where."""

import re

import pytest

ID = re.compile(r"^--- \{id: (\d{8}-[0-9a-z]{6}),", re.M)


def ids(text):
    return ID.findall(text)


def test_buy_writes_canonical_entry_in_month_file(make_ledger):
    lg = make_ledger()
    r = lg.ok("buy", "TEA-001", "100@52.00", "TEA-002", "20@31.50", "--from", "hangzhou-tea",
              "--date", "2026-11-24", "--ref", "PO-1001", "--note", "first order")
    (eid,) = ids(r.stdout)
    assert eid.startswith("20261124-")
    assert lg.journal("2026-11") == r.stdout == (
        f"--- {{id: {eid}, date: 2026-11-24, type: buy, from: hangzhou-tea, to: main, ref: PO-1001,"
        " note: first order, lines: [{item: TEA-001, qty: 100, price: 52.00}, {item: TEA-002, qty: 20, price: 31.50}]}\n")


def test_quiet_prints_only_the_id_and_dry_run_writes_nothing(make_ledger):
    lg = make_ledger()
    r = lg.ok("buy", "TEA-001", "1@5", "--from", "hangzhou-tea", "--date", "2026-11-01", "-q")
    assert re.fullmatch(r"20261101-[0-9a-z]{6}\n", r.stdout)
    before = lg.snapshot()
    r = lg.ok("buy", "TEA-001", "2@5", "--from", "hangzhou-tea", "--date", "2026-11-02", "--dry-run")
    assert "qty: 2" in r.stdout
    assert lg.snapshot() == before


def test_entries_are_inserted_by_date_and_comments_kept(make_ledger):
    lg = make_ledger("""\
        # November, typed by hand
        ---
        id: a1
        date: 2026-11-01
        type: buy
        from: hangzhou-tea
        lines:
        - {item: TEA-001, qty: 10, price: 50.00}   # the first delivery
        ---
        id: a3
        date: 2026-11-20
        type: sell
        to: walk-in
        lines:
        - {item: TEA-001, qty: 2}
        """)
    lg.ok("buy", "TEA-001", "5@51", "--from", "hangzhou-tea", "--date", "2026-11-10", "-q")
    lg.ok("buy", "TEA-001", "1@51", "--from", "hangzhou-tea", "--date", "2026-11-01", "-q")
    text = lg.journal()
    assert text.startswith("# November, typed by hand\n---\nid: a1\n")
    assert "qty: 10, price: 50.00}   # the first delivery\n" in text
    dates = re.findall(r"date: (\d{4}-\d\d-\d\d)", text)
    assert dates == ["2026-11-01", "2026-11-01", "2026-11-10", "2026-11-20"]
    # the same-day entry goes after the existing one of that day
    assert text.index("qty: 1, price: 51") > text.index("# the first delivery")
    lg.ok("check")


def test_entries_land_in_their_month_file(make_ledger):
    lg = make_ledger()
    lg.ok("buy", "TEA-001", "10@5", "--from", "hangzhou-tea", "--date", "2026-10-31", "-q")
    lg.ok("sell", "TEA-001", "1", "--to", "walk-in", "--date", "2026-12-01", "-q")
    assert "type: buy" in (lg.root / "journal/2026/2026-10.yaml").read_text()
    assert "type: sell" in (lg.root / "journal/2026/2026-12.yaml").read_text()


def test_sell_takes_catalog_price_and_item_by_barcode(make_ledger):
    lg = make_ledger()
    lg.ok("open", "TEA-001", "10@50", "--date", "2026-11-01", "-q")
    r = lg.ok("sell", "6901234567890", "3", "--to", "cafe", "--date", "2026-11-02")
    assert "lines: [{item: TEA-001, qty: 3, price: 88.00}]}\n" in r.stdout
    assert "from: main, " in r.stdout
    assert lg.json("profit") == [{"item": "TEA-001", "qty": 3, "revenue": 264.00, "cogs": 150.00,
                                  "gross_profit": 114.00, "margin": 0.4318}]


def test_sell_without_any_price_is_refused(make_ledger):
    lg = make_ledger()
    lg.ok("open", "CUP-01", "10@5", "--date", "2026-11-01", "-q")
    r = lg.run("sell", "CUP-01", "1", "--to", "walk-in", "--date", "2026-11-02")
    assert r.exit_code == 1
    assert r.stderr == ("error: a sell line needs a 'price': item 'CUP-01' has no catalog price"
                        " (on the command line: CUP-01 QTY@PRICE)\n")


def test_other_units_journal_keeps_what_was_typed_reports_in_base_unit(make_ledger):
    lg = make_ledger()
    r = lg.ok("buy", "TEA-001", "2case@1200", "--from", "hangzhou-tea", "--date", "2026-11-01")
    assert "lines: [{item: TEA-001, qty: 2, unit: case, price: 1200}]}\n" in r.stdout
    assert lg.json("stock") == [{"item": "TEA-001", "location": "main", "qty": 48, "unit": "box"}]
    lg.ok("sell", "TEA-001", "1case", "--to", "cafe", "--date", "2026-11-02", "-q")
    # the catalog price is per box: one case sells at 24 × 88.00
    assert "price: 2112.00" in lg.journal()
    assert lg.json("stock", "--value") == [{"item": "TEA-001", "location": "main", "qty": 24, "unit": "box",
                                            "unit_cost": 50, "value": 1200.00}]


def test_transfer_writeoff_count(make_ledger):
    lg = make_ledger()
    lg.ok("open", "TEA-001", "10@50", "TEA-002", "4@30", "--date", "2026-11-01", "-q")
    lg.ok("transfer", "TEA-001", "3", "--from", "main", "--to", "shop", "--date", "2026-11-02", "-q")
    lg.ok("writeoff", "TEA-001", "1", "--from", "shop", "--reason", "damaged", "--date", "2026-11-03", "-q")
    lg.ok("count", "TEA-001", "5", "--at", "main", "--date", "2026-11-04", "-q")   # book 7: short 2
    assert lg.json("stock") == [
        {"item": "TEA-001", "location": "main", "qty": 5, "unit": "box"},
        {"item": "TEA-001", "location": "shop", "qty": 2, "unit": "box"},
        {"item": "TEA-002", "location": "main", "qty": 4, "unit": "box"}]
    bal = {(row["account"], row["item"]): row["qty"] for row in lg.json("balance")}
    assert bal[("loss:damaged", "TEA-001")] == 1
    assert bal[("adjust:count", "TEA-001")] == 2
    # a full count: what is not listed was counted as zero
    lg.ok("count", "TEA-001", "6", "--at", "main", "--full", "--date", "2026-11-05", "-q")
    assert lg.json("stock", "--at", "main") == [{"item": "TEA-001", "location": "main", "qty": 6, "unit": "box"}]
    bal = {(row["account"], row["item"]): row["qty"] for row in lg.json("balance")}
    assert bal[("adjust:count", "TEA-001")] == 1 and bal[("adjust:count", "TEA-002")] == 4


def test_count_at_its_point_of_the_journal(make_ledger):
    """A backdated count compares with the book at its date, not today's."""
    lg = make_ledger()
    lg.ok("open", "TEA-001", "10@50", "--date", "2026-11-01", "-q")
    lg.ok("sell", "TEA-001", "4", "--to", "cafe", "--date", "2026-11-10", "-q")
    lg.ok("count", "TEA-001", "9", "--date", "2026-11-05", "-q")      # book on 11-05: 10 → short 1
    assert lg.json("stock") == [{"item": "TEA-001", "location": "main", "qty": 5, "unit": "box"}]


def test_return_whole_and_partial(make_ledger):
    lg = make_ledger()
    lg.ok("open", "TEA-001", "10@50", "--date", "2026-11-01", "-q")
    sale = lg.ok("sell", "TEA-001", "4", "TEA-001", "2@80", "--to", "cafe", "--date", "2026-11-02", "-q").stdout.strip()
    lg.ok("return", sale, "TEA-001", "1", "--date", "2026-11-03", "-q")
    r = lg.ok("return", sale, "--date", "2026-11-04")      # the rest: 5
    assert "lines: [{item: TEA-001, qty: 5}]}\n" in r.stdout
    assert lg.json("stock") == [{"item": "TEA-001", "location": "main", "qty": 10, "unit": "box"}]
    r = lg.run("return", sale, "TEA-001", "1", "--date", "2026-11-05")
    assert r.exit_code == 1
    assert "is more than sell" in r.stderr and "(6 moved, 0 left)" in r.stderr
    r = lg.run("return", sale, "--date", "2026-11-05")
    assert r.exit_code == 1 and "nothing left to return" in r.stderr


def test_purchase_return_checks_stock(make_ledger):
    lg = make_ledger()
    po = lg.ok("buy", "TEA-001", "10@50", "--from", "hangzhou-tea", "--date", "2026-11-01", "-q").stdout.strip()
    lg.ok("sell", "TEA-001", "8", "--to", "cafe", "--date", "2026-11-02", "-q")
    r = lg.run("return", po, "TEA-001", "3", "--date", "2026-11-03")
    assert r.exit_code == 1 and "below zero" in r.stderr
    lg.ok("return", po, "TEA-001", "2", "--date", "2026-11-03", "-q")
    bal = {(row["account"], row["item"]): row["qty"] for row in lg.json("balance")}
    assert bal[("supplier:hangzhou-tea", "TEA-001")] == -8


def test_backdated_sale_that_breaks_a_later_point_is_refused(make_ledger):
    lg = make_ledger()
    lg.ok("buy", "TEA-001", "10@50", "--from", "hangzhou-tea", "--date", "2026-11-01", "-q")
    lg.ok("sell", "TEA-001", "8", "--to", "cafe", "--date", "2026-11-20", "-q")
    before = lg.snapshot()
    # on 11-10 there are 10, but taking 5 leaves 2 short on 11-20
    r = lg.run("sell", "TEA-001", "5", "--to", "cafe", "--date", "2026-11-10")
    assert r.exit_code == 1
    assert "takes main below zero on 2026-11-20 (5 on hand)" in r.stderr
    assert lg.snapshot() == before


def test_negative_stock_allowed(make_ledger):
    lg = make_ledger(negative_stock="allow")
    lg.ok("sell", "TEA-001", "2", "--to", "cafe", "--date", "2026-11-01", "-q")
    assert lg.json("stock") == [{"item": "TEA-001", "location": "main", "qty": -2, "unit": "box"}]


def test_lots_required_for_lot_items(make_ledger):
    lg = make_ledger()
    r = lg.run("buy", "LOT-01", "5@100", "--from", "hangzhou-tea", "--date", "2026-11-01")
    assert r.exit_code == 1 and "tracked by lot" in r.stderr
    lg.ok("add", "-", input="---\ndate: 2026-11-01\ntype: buy\nfrom: hangzhou-tea\nlines:\n"
                            "- {item: LOT-01, qty: 5, price: 100, lot: L1, expiry: 2030-01-31}\n")
    r = lg.run("add", "-", input="---\ndate: 2026-11-02\ntype: sell\nto: cafe\nlines:\n"
                                 "- {item: LOT-01, qty: 6, price: 150, lot: L1}\n")
    assert r.exit_code == 1 and "below zero" in r.stderr


def test_add_yaml_documents_and_json_lines_all_or_none(make_ledger):
    lg = make_ledger()
    r = lg.ok("add", "-", input=(
        "---\ndate: 2026-11-01\ntype: open\nlines:\n- {item: TEA-001, qty: 5, price: 50.00}\n"
        "---\nid: my-sale-1\ndate: 2026-11-02\ntype: sell\nto: cafe\nlines:\n- {item: TEA-001, qty: 1}\n"))
    assert r.stdout.count("--- {") == 2 and "--- {id: my-sale-1, " in r.stdout
    before = lg.snapshot()
    r = lg.run("add", "-", input=(
        '{"date": "2026-11-03", "type": "sell", "to": "cafe", "lines": [{"item": "TEA-001", "qty": 1}]}\n'
        '{"date": "2026-11-03", "type": "sell", "to": "caff", "lines": [{"item": "TEA-001", "qty": 1}]}\n'))
    assert r.exit_code == 1
    assert r.stderr == "<stdin>:2: error: unknown customer 'caff' (did you mean 'cafe'?); add it with: jxc customer add caff\n"
    assert lg.snapshot() == before
    lg.ok("add", "-", input='{"date": "2026-11-03", "type": "sell", "to": "cafe", '
                            '"lines": [{"item": "TEA-001", "qty": 1.5, "price": 90.10}]}\n')
    assert "lines: [{item: TEA-001, qty: 1.5, price: 90.10}]}\n" in lg.journal()
    assert "date: 2026-11-03, " in lg.journal()
    assert lg.json("stock")[0]["qty"] == 2.5


def test_add_from_file_reports_file_and_line(make_ledger, tmp_path):
    lg = make_ledger()
    f = tmp_path / "in.yaml"
    f.write_text("---\ndate: 2026-11-01\ntype: open\nlines:\n- {item: TEA-001, qty: 5, price: 50}\n"
                 "---\ndate: 2026-11-02\ntype: sell\nto: cafe\nlines:\n- {item: TEA-001, qty: 0}\n")
    r = lg.run("add", str(f))
    assert r.exit_code == 1
    assert r.stderr == f"{f}:11: error: 'qty' must be positive, got 0\n"
    assert lg.journal() == ""


def test_add_refuses_duplicate_id(make_ledger):
    lg = make_ledger()
    lg.ok("add", "-", input="id: x1\ndate: 2026-11-01\ntype: open\nlines:\n- {item: TEA-001, qty: 5, price: 50}\n")
    r = lg.run("add", "-", input="id: x1\ndate: 2026-11-02\ntype: open\nlines:\n- {item: TEA-001, qty: 5, price: 50}\n")
    assert r.exit_code == 1 and "duplicate id 'x1'" in r.stderr


@pytest.mark.parametrize("date", ["today", "yesterday"])
def test_relative_dates(make_ledger, date):
    import datetime as dt
    lg = make_ledger()
    r = lg.ok("open", "TEA-001", "1@1", "--date", date)
    want = dt.date.today() - dt.timedelta(days=1 if date == "yesterday" else 0)
    assert f"date: {want.isoformat()}, " in r.stdout
