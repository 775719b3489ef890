"""The column-wise tables of `export parquet` and `sql` against the plain per-row builder
(tests/exchange_rows.py) and the reports; exactness at the edges of the schema."""

from __future__ import annotations

import datetime as dt
import sys
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import CATALOG
from exchange_rows import reference_rows
from jxc.api import open_ledger

ITEMS = ("TEA-001", "TEA-002", "CUP-01")
CATALOG_WITH_BANK = CATALOG + "accounts:\n  bank: {name: Bank}\n"
QTYS = tuple(Decimal(q) for q in ("1", "2", "0.5", "3.25", "12"))
PRICES = tuple(Decimal(p) for p in ("0.01", "9.99", "33.33", "88.00", "1234.5"))


@st.composite
def journal(draw) -> str:
    """A random history over three months: buys (some with a po, some with a ref), sells
    (some paid at once), transfers, write-offs, counts, returns of buys and sells, payments
    and an open so.  ``negative_stock: allow`` keeps every story valid (and brings
    re-costings); returns take back at most what is left of their line."""
    out = []
    sold = []          # [entry id, item, qty left to return]
    orders = {}        # po id -> [its item, qty outstanding], for buys that fulfil one
    day = dt.date(2026, 9, 1)
    for k in range(draw(st.integers(1, 14))):
        day += dt.timedelta(days=draw(st.integers(0, 9)))       # journal order: a return after its entry
        t = draw(st.sampled_from(("buy", "buy", "sell", "sell", "transfer", "writeoff", "count", "return",
                                  "payment", "po", "so")))
        item, qty, price = draw(st.sampled_from(ITEMS)), draw(st.sampled_from(QTYS)), draw(st.sampled_from(PRICES))
        loc = draw(st.sampled_from(("main", "shop")))
        head = f"id: e{k:02d}, date: {day}"
        line = f"{{item: {item}, qty: {qty}, price: {price}}}"
        if t == "buy":
            extra = draw(st.sampled_from(("", ", ref: INV-7", ", note: 'first of the month'")
                                         + tuple(f", order: {o}" for o, (_, left) in orders.items() if left)))
            if "order" in extra:        # a po's item at its location, no more than is outstanding
                po = orders[extra.split(": ")[1]]
                loc, item, qty = "main", po[0], min(qty, po[1])
                po[1] -= qty
                line = f"{{item: {item}, qty: {qty}, price: {price}}}"
            out.append(f"--- {{{head}, type: buy, from: hangzhou-tea, to: {loc}{extra}, lines: [{line}]}}")
            sold.append([f"e{k:02d}", item, qty])
        elif t == "sell":
            paid = draw(st.sampled_from(("", " paid: 0.01, account: bank,")))
            out.append(f"--- {{{head}, type: sell, from: {loc}, to: cafe,{paid} lines: [{line}]}}")
            sold.append([f"e{k:02d}", item, qty])
        elif t == "transfer":
            out.append(f"--- {{{head}, type: transfer, from: {loc}, to: {'shop' if loc == 'main' else 'main'}, "
                       f"lines: [{{item: {item}, qty: {qty}}}]}}")
        elif t == "writeoff":
            out.append(f"--- {{{head}, type: writeoff, from: {loc}, lines: [{{item: {item}, qty: {qty}}}]}}")
        elif t == "count":
            out.append(f"--- {{{head}, type: count, at: {loc}, lines: [{{item: {item}, counted: {qty}, price: {price}}}]}}")
        elif t == "return" and sold:
            src = draw(st.sampled_from(sold))
            if src[2] >= 1:
                src[2] -= 1
                out.append(f"--- {{{head}, type: return, of: {src[0]}, lines: [{{item: {src[1]}, qty: 1}}]}}")
        elif t == "payment":
            out.append(f"--- {{{head}, type: payment, from: cafe, to: bank, amount: {price}}}")
        elif t in ("po", "so"):
            sides = "from: hangzhou-tea, to: main" if t == "po" else "from: main, to: cafe"
            if t == "po":
                orders[f"e{k:02d}"] = [item, qty]
            out.append(f"--- {{{head}, type: {t}, {sides}, lines: [{line}]}}")
    return "\n".join(out) + "\n"


def _rows(table) -> list:
    """(month, row tuple) of a pyarrow table read back, in file order."""
    names = [n for n in table.column_names if n != "month"]
    return [(r.get("month"), tuple(r[n] for n in names)) for r in table.to_pylist()]


@pytest.mark.slow
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=journal(), costing=st.sampled_from(["fifo", "lifo", "moving-average", "monthly-average"]))
def test_columnar_tables_equal_the_per_row_builder(make_ledger, tmp_path_factory, text, costing):
    """Every table, row for row and value for value, equals the per-row reference on a random
    ledger: in memory (what `sql` registers), and read back from `export parquet` with the
    month from the partition directory."""
    import pyarrow.dataset as ds

    from jxc.exchange.sql import arrow_tables
    lg = make_ledger(costing=costing, negative_stock="allow", catalog=CATALOG_WITH_BANK)
    lg.write_journal(text, "2026-11")
    lg.ok("check")                   # the story is valid: the tables are not empty by refusal
    want = reference_rows(open_ledger(lg.root))
    got = arrow_tables(open_ledger(lg.root))
    for name, rows in want.items():
        assert _rows(got[name]) == rows, name
    out = tmp_path_factory.mktemp("pq")
    lg.ok("export", "parquet", out, "-q")
    for name in ("entries", "moves", "documents"):
        if not want[name]:
            assert not (out / name).exists()
            continue
        back = ds.dataset(out / name, partitioning="hive").to_table()
        assert sorted(_rows(back), key=repr) == sorted(want[name], key=repr), name


@pytest.mark.slow
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=journal())
def test_sql_totals_equal_the_reports(make_ledger, text):
    """Revenue and cogs per item from `sql` equal `profit` (sales less customers' returns);
    unpaid receivables per document equal `receivables`."""
    lg = make_ledger(negative_stock="allow", catalog=CATALOG_WITH_BANK)
    lg.write_journal(text, "2026-11")
    lg.ok("check")
    q = ("SELECT item, sum(CASE kind WHEN 'sale' THEN amount ELSE -amount END) AS revenue, "
         "sum(CASE kind WHEN 'sale' THEN value ELSE -value END) AS cogs FROM moves "
         "WHERE kind IN ('sale', 'sales_return') GROUP BY item ORDER BY item")
    got = {r["item"]: (r["revenue"], r["cogs"]) for r in lg.json("sql", q)}
    want = {p["item"]: (p["revenue"], p["cogs"]) for p in lg.json("profit", "--by", "item")}
    assert got == want
    got = {r["id"]: r["unpaid"] for r in lg.json("sql", "SELECT id, unpaid FROM documents WHERE type = "
                                                        "'receivable' AND status = 'open' OR type = 'credit' "
                                                        "AND partner = 'cafe'")}    # the one customer
    assert got == {r["id"]: r["outstanding"] for r in lg.json("receivables")}


def test_sql_builds_only_the_tables_its_query_names(make_ledger, monkeypatch):
    """`SELECT count(*) FROM items` needs neither the moves nor the books: the builders of
    the other tables are not called.  A table reached another way (DuckDB's
    ``query_table``) is still found: the query runs again with every table."""
    from jxc.exchange import tables
    lg = make_ledger("--- {id: b1, date: 2026-11-02, type: buy, from: hangzhou-tea, to: main, "
                     "lines: [{item: TEA-001, qty: 2, price: 5.00}]}\n")
    called = []
    for name in ("entries_columns", "moves_columns", "documents_columns", "items_columns"):
        real = getattr(tables, name)
        monkeypatch.setattr(tables, name, lambda *a, _r=real, _n=name: called.append(_n) or _r(*a))
    assert lg.json("sql", "SELECT count(*) AS n FROM items") == [{"n": 4}]
    assert called == ["items_columns"]
    called.clear()
    assert lg.json("sql", "SELECT count(*) AS n FROM query_table('mo' || 'ves')") == [{"n": 1}]
    assert called == ["entries_columns", "moves_columns", "documents_columns", "items_columns"]


def test_sql_does_not_import_pandas(make_ledger):
    """Building the Arrow tables never goes through ``pa.array`` on Python lists, which
    imports pandas (≈0.25 s of every `jxc sql`) to look for pandas types."""
    import subprocess
    lg = make_ledger("--- {id: b1, date: 2026-11-02, type: buy, from: hangzhou-tea, to: main, "
                     "lines: [{item: TEA-001, qty: 2, price: 5.00}]}\n")
    code = ("import sys; from jxc.api import open_ledger; "
            f"r = open_ledger({str(lg.root)!r}).sql('SELECT (SELECT sum(value) FROM moves) AS v, "
            "(SELECT count(*) FROM entries) AS e, (SELECT count(*) FROM documents) AS d, "
            "(SELECT count(*) FROM items) AS i'); "
            "print(r.rows, 'pandas' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    # 2 × 5.00 = 10.00 (1000 cents); one entry; one document (the buy, payable); 4 items
    assert out == "[[1000, 1, 1, 4]] False\n"


def test_money_past_the_schema_is_refused_not_rounded(make_ledger, tmp_path):
    """A buy of 10,000,000 × 1,000,000,000.00 carries 10^16 money (10^18 cents): one digit
    past decimal128(18, 2).  The export stops with a message naming the column; nothing is
    written."""
    lg = make_ledger("--- {id: b1, date: 2026-11-02, type: buy, from: hangzhou-tea, to: main, "
                     "lines: [{item: CUP-01, qty: 10000000, price: 1000000000.00}]}\n")
    r = lg.run("export", "parquet", tmp_path / "pq")
    assert r.exit_code == 1
    assert r.stderr == ("error: column 'amount' cannot be exported exactly as decimal128(18, 2): "
                        "10000000000000000.00 has too many digits\n")
    assert not (tmp_path / "pq" / "moves").exists()


def test_a_catalog_price_past_two_places_is_refused(make_ledger, tmp_path):
    """items.price is money with 2 places: a catalog price of 1.005 cannot be carried."""
    lg = make_ledger(catalog=CATALOG.replace("price: 60.00", "price: 1.005"))
    r = lg.run("export", "parquet", tmp_path / "pq")
    assert r.exit_code == 1
    assert r.stderr == "error: column 'price' cannot be exported exactly with 2 decimals: 1.005\n"
