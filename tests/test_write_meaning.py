"""Every write path stores what the entry means when it is written (the sale price
and the default location), so a later catalog or settings edit never changes history."""

from __future__ import annotations


import pytest

OPENING = """\
--- {id: o1, date: 2026-11-01, type: open, to: main, lines: [{item: TEA-001, qty: 10, price: 50.00}]}
"""


def _revenue(lg, period="2026-11"):
    rows = lg.json("profit", "-p", period)
    return [(r.get("item") or r.get("key"), r["revenue"]) for r in rows]


@pytest.mark.parametrize("how", ["add-json", "add-yaml", "sell"])
def test_catalog_price_change_leaves_last_weeks_revenue(make_ledger, how):
    """A sale of 2 TEA-001 at the catalog price 88.00 = 176.00 of revenue, whichever
    way it was written.  The catalog price then becomes 99.00: the sale keeps 176.00
    (not 2 × 99 = 198.00), because the price 88.00 was written into the entry."""
    lg = make_ledger(OPENING)
    if how == "add-json":
        lg.ok("add", "-", input='{"id": "s1", "date": "2026-11-24", "type": "sell", "to": "walk-in",'
                                ' "lines": [{"item": "TEA-001", "qty": 2}]}\n')
    elif how == "add-yaml":
        lg.ok("add", "-", input="id: s1\ndate: 2026-11-24\ntype: sell\nto: walk-in\n"
                                "lines:\n- {item: '6901234567890', qty: 2}\n")
    else:
        lg.ok("sell", "TEA-001", "2", "--to", "walk-in", "--date", "2026-11-24")
    text = lg.journal()
    assert "price: 88.00" in text and "from: main" in text
    assert _revenue(lg) == [("TEA-001", 176.0)]
    cat = lg.root / "catalog.yaml"
    cat.write_text(cat.read_text().replace("price: 88.00", "price: 99.00"))
    assert _revenue(lg) == [("TEA-001", 176.0)]


def test_add_writes_the_default_location_and_sku(make_ledger):
    """`jxc add` of a buy with no `to` and a sell naming the barcode: the entries say
    `to: main`, `from: main` and the SKU, as `jxc buy` / `jxc sell` write them."""
    lg = make_ledger(OPENING)
    r = lg.ok("add", "-", input=(
        '{"id": "b1", "date": "2026-11-20", "type": "buy", "from": "hangzhou-tea",'
        ' "lines": [{"item": "TEA-002", "qty": 5, "price": 30}]}\n'
        '{"id": "s1", "date": "2026-11-21", "type": "sell", "to": "cafe",'
        ' "lines": [{"item": "6901234567890", "qty": 1, "unit": "box"}]}\n'))
    assert r.stdout == (
        "--- {id: b1, date: 2026-11-20, type: buy, from: hangzhou-tea, to: main,"
        " lines: [{item: TEA-002, qty: 5, price: 30}]}\n"
        "--- {id: s1, date: 2026-11-21, type: sell, from: main, to: cafe,"
        " lines: [{item: TEA-001, qty: 1, unit: box, price: 88.00}]}\n")


def test_sale_by_the_case_is_priced_per_case(make_ledger):
    """1 case = 24 boxes at 88.00 a box: the line says price 2112.00 per case."""
    lg = make_ledger(OPENING.replace("qty: 10", "qty: 48"))
    r = lg.ok("add", "-", input='{"date": "2026-11-24", "type": "sell", "to": "walk-in",'
                                ' "lines": [{"item": "TEA-001", "qty": 1, "unit": "case"}]}\n')
    assert "lines: [{item: TEA-001, qty: 1, unit: case, price: 2112.00}]" in r.stdout


def test_a_barcode_is_written_as_the_sku_on_every_line(make_ledger):
    """A buy naming TEA-001 by its barcode (with a price) is written with the SKU."""
    lg = make_ledger(OPENING)
    r = lg.ok("add", "-", input='{"id": "b1", "date": "2026-11-20", "type": "buy", "from": "fujian-tea",'
                                ' "lines": [{"item": "6901234567890", "qty": 1, "price": 50}]}\n')
    assert r.stdout == ("--- {id: b1, date: 2026-11-20, type: buy, from: fujian-tea, to: main,"
                        " lines: [{item: TEA-001, qty: 1, price: 50}]}\n")
