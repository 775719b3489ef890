"""The Python API (`jxc.open_ledger`) answers what the command line answers.

Every report of the CLI is reached through the API with the same options, and its
``records()`` equal the command's ``-o json`` rows, number for number (JSON read back
as Decimal).  Money in the API is Decimal with 2 places, never integer cents.
"""

import datetime as dt
import json
import shutil
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

import jxc
from jxc.errors import LedgerError

EXAMPLE = Path(__file__).parent.parent / "examples" / "teashop"

# (API method, its arguments, the same report on the command line)
SAME = [
    ("stock", {}, ["stock"]),
    ("stock", {"items": ["TEA-001"], "as_of": "2026-09-30", "value": True}, ["stock", "TEA-001", "--as-of", "2026-09-30", "--value"]),
    ("stock", {"by": "category"}, ["stock", "--by", "category"]),
    ("stock", {"lots": True}, ["stock", "--lots"]),
    ("balance", {"as_of": dt.date(2026, 8, 31)}, ["balance", "--as-of", "2026-08-31"]),
    ("card", {"item": "TEA-001", "at": "shop", "period": "2026-10"}, ["card", "TEA-001", "--at", "shop", "-p", "2026-10"]),
    ("value", {"methods": ("fifo", "moving-average")}, ["value", "--costing", "fifo,moving-average"]),
    ("profit", {"by": "month"}, ["profit", "--by", "month"]),
    ("profit", {"losses": True, "period": "2026-Q4"}, ["profit", "--losses", "-p", "2026-Q4"]),
    ("aging", {"as_of": "2026-11-30", "buckets": (30, 60)}, ["aging", "--as-of", "2026-11-30", "--buckets", "30,60"]),
    ("turnover", {"period": "2026-Q4"}, ["turnover", "-p", "2026-Q4"]),
    ("turnover", {"period": "2026-Q4", "average": "daily", "by": "category"}, ["turnover", "-p", "2026-Q4", "--average", "daily", "--by", "category"]),
    ("sales", {"by": "customer"}, ["sales", "--by", "customer"]),
    ("sales", {"every": "month"}, ["sales", "-M"]),
    ("purchases", {"by": "supplier", "every": "month", "measure": "qty"}, ["purchases", "--by", "supplier", "-M", "--qty"]),
    ("abc", {}, ["abc"]),
    ("abc", {"by": "cogs", "cutoffs": (Decimal(70), Decimal(90))}, ["abc", "--by", "cogs", "--cutoffs", "70,90"]),
    ("slow", {"as_of": "2026-11-30", "days": 30}, ["slow", "--as-of", "2026-11-30", "--days", "30"]),
    ("reorder", {"as_of": "2026-11-30", "at": "shop"}, ["reorder", "--as-of", "2026-11-30", "--at", "shop"]),
    ("reorder", {"as_of": "2026-11-30", "every": True}, ["reorder", "--as-of", "2026-11-30", "--all"]),
    ("chart_stock", {"item": "TEA-001", "by": "month"}, ["chart", "stock", "TEA-001", "--by", "month"]),
    ("chart_sales", {"by": "week", "period": "2026-Q4"}, ["chart", "sales", "--by", "week", "-p", "2026-Q4"]),
]


@pytest.fixture(scope="module")
def shop(tmp_path_factory):
    root = tmp_path_factory.mktemp("api") / "teashop"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns(".jxc-cache", ".jxc.lock"))
    return root


@pytest.mark.parametrize("method,kwargs,argv", SAME, ids=[" ".join(a) for _, _, a in SAME])
def test_every_report_of_the_cli_is_in_the_api(shop, method, kwargs, argv):
    from typer.testing import CliRunner

    from jxc.cli import app
    r = CliRunner().invoke(app, ["-L", str(shop), *argv, "-o", "json"])
    assert r.exit_code == 0, r.output
    cli_rows = json.loads(r.stdout, parse_float=Decimal, parse_int=Decimal)
    from jxc.reports.render import json_names
    lg = jxc.open_ledger(shop)
    # JSON is the report's rows with the item's and partner's names beside their codes
    report = json_names(getattr(lg, method)(**kwargs), lg.catalog)
    api_rows = report.records()
    # ratios (unit costs, margins) stay exact in the API; text and JSON show 4 places
    ratio = {c.name: Decimal(10) ** -c.places for c in report.columns if c.kind == "ratio"}
    assert len(api_rows) == len(cli_rows)
    for a, c in zip(api_rows, cli_rows):
        assert list(a) == list(c)
        for k, v in a.items():
            if k in ratio and v is not None:
                assert v.quantize(ratio[k], ROUND_HALF_UP) == c[k], (k, v, c[k])
            elif isinstance(v, (int, Decimal)) and not isinstance(v, bool):
                assert Decimal(v) == c[k], (k, v, c[k])
            elif isinstance(v, dt.date):
                assert v.isoformat() == c[k]
            else:
                assert v == c[k] or (v is None and c[k] is None), (k, v, c[k])


def test_money_is_decimal_with_two_places(shop):
    """TEA-001 on 2026-09-30: main 38 boxes worth 1972.67 (layers of 50.00 and 52.00...),
    shop 11 boxes worth 570.00 — the figures docs/api.md shows."""
    rows = jxc.open_ledger(shop).stock(["TEA-001"], as_of="2026-09-30", value=True).records()
    assert [(r["location"], r["qty"], r["value"]) for r in rows] == [
        ("main", Decimal(38), Decimal("1972.67")), ("shop", Decimal(11), Decimal("570.00"))]
    assert all(type(r["value"]) is Decimal and r["value"].as_tuple().exponent == -2 for r in rows)


def test_the_pipeline(shop):
    """replayed → costed → check: 35 entries... the tea shop is sound, and replaying to a day
    keeps only the entries up to it (inclusive)."""
    lg = jxc.open_ledger(shop)
    assert lg.check() == []
    r = lg.replayed(dt.date(2026, 8, 31))
    assert r.entries and max(e.date for e in r.entries) <= dt.date(2026, 8, 31)
    assert len(lg.replayed("2026-08-31").entries) == len(r.entries)
    assert lg.costed("lifo", replayed=r).problems == []


def test_commit_all_or_none(shop, tmp_path):
    """A write through the API is validated with the ledger: a sale of more than is on hand
    raises LedgerError and writes nothing; a dry run writes nothing either."""
    root = tmp_path / "shop"
    shutil.copytree(shop, root)
    lg = jxc.open_ledger(root)
    before = {p: p.read_bytes() for p in (root / "journal").rglob("*.yaml")}
    sale = {"date": "2026-11-30", "type": "sell", "from": "shop", "to": "walk-in",
            "lines": [{"item": "TEA-001", "qty": 999}]}
    with pytest.raises(LedgerError) as e:
        lg.commit([sale])
    assert "below zero" in str(e.value) and e.value.problems
    sale["lines"][0]["qty"] = 1
    [(entry, text)] = lg.commit([sale], dry_run=True)
    assert entry.type == "sell" and "qty: 1" in text
    assert {p: p.read_bytes() for p in (root / "journal").rglob("*.yaml")} == before


def test_a_ledger_with_problems_raises(make_ledger):
    """strict (the default) raises LedgerError listing every problem; strict=False returns them."""
    lg = make_ledger("""\
        --- {id: s1, date: 2026-11-01, type: sell, from: main, to: cafe, lines: [{item: TEA-001, qty: 1}]}
        """)
    led = jxc.open_ledger(lg.root)
    with pytest.raises(LedgerError):
        led.stock()
    assert "below zero" in led.replayed(strict=False).problems[0].message
    assert [p.line for p in led.check()] == [1]


def test_no_ledger_found(tmp_path, monkeypatch):
    monkeypatch.delenv("JXC_LEDGER", raising=False)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(LedgerError):
        jxc.open_ledger()
