"""JSON carries the names of items and partners beside their codes, without `--names`.

Every report whose rows have an ``item`` gets ``item_name`` (the catalog's ``name``) right
after it; ``partner``, ``customer``, ``supplier`` and ``counterparty`` get their
``<column>_name`` the same way.  Tables and CSV stay as they were; ``--names`` adds
``location_name`` on top.  One function makes this (:func:`jxc.reports.render.json_names`).
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

import jxc

EXAMPLE = Path(__file__).parent.parent / "examples" / "teashop"
SECTIONS = {"item": ("items",), "partner": ("customers", "suppliers"), "customer": ("customers",),
            "supplier": ("suppliers",), "counterparty": ("customers", "suppliers", "locations")}

# Every report with an item or a partner column, on the example tea shop.
REPORTS = [
    ("stock",), ("stock", "--value"), ("stock", "--lots"), ("stock", "--projected"), ("balance",),
    ("card", "TEA-001"), ("value",), ("profit",), ("profit", "--by", "customer"), ("profit", "--losses"),
    ("aging", "--as-of", "2026-11-30"), ("turnover",), ("sales",), ("sales", "--by", "customer"),
    ("purchases", "--by", "supplier"), ("sales", "-M"), ("abc",), ("slow", "--as-of", "2026-11-30", "--days", "20"),
    ("reorder", "--as-of", "2026-11-30", "--all"), ("orders",), ("receivables",), ("payables",),
    ("receivables", "--by", "partner"), ("receivables", "--aging", "30,60"),
]


@pytest.fixture(scope="module")
def shop(tmp_path_factory):
    root = tmp_path_factory.mktemp("names") / "teashop"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns(".jxc-cache", ".jxc.lock"))
    from conftest import LedgerDir
    return LedgerDir(root)


def _name(catalog, column: str, code) -> str:
    for section in SECTIONS[column]:
        rec = getattr(catalog, section).get(code)
        if rec is not None:
            return rec.name or ""
    return ""


@pytest.mark.parametrize("args", REPORTS, ids=" ".join)
def test_json_names_every_item_and_partner_and_csv_does_not(shop, args):
    rows = shop.ok(*args, "-o", "json").json()
    catalog = jxc.open_ledger(shop.root).catalog
    named = [c for c in SECTIONS if rows and c in rows[0]]
    assert named, f"{args}: no item or partner column"
    for row in rows:
        keys = list(row)
        for c in named:
            # the name comes right after its code, and is the catalog's
            assert keys[keys.index(c) + 1] == c + "_name"
            assert row[c + "_name"] == (_name(catalog, c, row[c]) if row[c] is not None else None), (c, row)
        assert "location_name" not in row
    header = next(csv.reader(io.StringIO(shop.ok(*args, "-o", "csv").stdout)))
    assert not [h for h in header if h.endswith("_name")]


def test_a_hand_written_ledger_shows_exact_names(make_ledger):
    """TEA-001 is "Longjing 250g" and cafe "Corner Cafe" in the test catalog; a sale of
    2 × 88.00 = 176.00 to cafe.  `sales --by item` and `--by customer` in JSON carry the
    names; the table does not; --names adds the location's name to `stock`."""
    lg = make_ledger("""\
        --- {id: o1, date: 2026-11-01, type: open, to: main, lines: [{item: TEA-001, qty: 5, price: 50.00}]}
        --- {id: s1, date: 2026-11-02, type: sell, from: main, to: cafe, lines: [{item: TEA-001, qty: 2, price: 88.00}]}
        """)
    assert lg.ok("sales", "-o", "json").stdout == (
        '[\n  {"item": "TEA-001", "item_name": "Longjing 250g", "qty": 2, "amount": 176.00}\n]\n')
    assert lg.ok("sales", "--by", "customer", "-o", "json").stdout == (
        '[\n  {"customer": "cafe", "customer_name": "Corner Cafe", "qty": 2, "amount": 176.00}\n]\n')
    assert "Longjing" not in lg.ok("-w", "80", "sales").stdout
    assert json.loads(lg.ok("--names", "stock", "-o", "json").stdout) == [
        {"item": "TEA-001", "item_name": "Longjing 250g", "location": "main", "location_name": "Main warehouse",
         "qty": 3, "unit": "box"}]
    # entries print as the journal holds them: no names
    assert "name" not in lg.ok("print", "-o", "json").stdout
