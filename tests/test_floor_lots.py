"""Lots from the shell, FEFO, expiry: the write commands and `jxc expiring`, as a user types them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jxc.errors import LedgerError
from jxc.ledger.lots import LotStock, choose_lots, fefo_key, split_lot

CATALOG = """\
locations:
  main: {name: Main warehouse}
  shop: {name: Shop floor}
items:
  P: {name: Pu-erh cake, unit: cake, price: 40.00, lots: true, units: {tong: 7}}
  A: {name: Green tea, unit: box, price: 30.00}
suppliers:
  tea: {name: Tea farm}
customers:
  cafe: {name: Corner Cafe}
"""

RECEIPTS = """\
--- {id: b1, date: 2026-11-01, type: buy, from: tea, to: main, lines: [{item: P, qty: 5, price: 20.00, lot: A, expiry: 2027-03-31}]}
--- {id: b2, date: 2026-11-02, type: buy, from: tea, to: main, lines: [{item: P, qty: 4, price: 22.00, lot: B, expiry: 2027-01-31}]}
--- {id: b3, date: 2026-11-03, type: buy, from: tea, to: main, lines: [{item: P, qty: 3, price: 21.00, lot: C}]}
--- {id: b4, date: 2026-11-04, type: buy, from: tea, to: main, lines: [{item: P, qty: 2, price: 23.00, lot: D}]}
"""


def lines_of(stdout: str) -> str:
    return stdout[stdout.index("lines: ["):]


def test_lot_and_expiry_on_the_command_line(make_ledger):
    """`#LOT` names the lot, `@@DATE` its expiry; `--expiry` gives the expiry of every line
    that names a lot and none of its own."""
    lg = make_ledger(catalog=CATALOG)
    r = lg.ok("buy", "P", "5@20#A@@2027-03-31", "P", "3@21#C", "A", "2@10", "--expiry", "2027/05/31",
              "--from", "tea", "--date", "2026-11-01")
    assert lines_of(r.stdout) == ("lines: [{item: P, qty: 5, price: 20, lot: A, expiry: 2027-03-31},"
                                  " {item: P, qty: 3, price: 21, lot: C, expiry: 2027-05-31},"
                                  " {item: A, qty: 2, price: 10}]}\n")
    r = lg.ok("sell", "P", "5@45#A", "--to", "cafe", "--date", "2026-11-02", "--dry-run")
    assert "lines: [{item: P, qty: 5, price: 45, lot: A}]" in r.stdout
    r = lg.run("sell", "P", "1tong@250#A", "--to", "cafe", "--date", "2026-11-02")
    assert r.stderr == "error: sale of 7 P lot A takes main below zero on 2026-11-02 (5 of that lot on hand)\n"


@pytest.mark.parametrize("args, message", [
    (["buy", "P", "5@20", "--from", "tea"], "error: item 'P' is tracked by lot: this line needs a 'lot'"
                                             " (lot: in the entry; on the command line P QTY#LOT)\n"),
    (["buy", "P", "5@20#", "--from", "tea"], "error: cannot read the lot in '5@20#': write"
                                              " QTY[@PRICE]#LOT[@@YYYY-MM-DD], like 5@120#2024A or"
                                              " 5@120#2024A@@2027-06-30\n"),
    (["buy", "P", "5@20#A@@soon", "--from", "tea"], "error: the expiry of P"),
    (["sell", "P", "1#ZZ", "--to", "cafe"], "error: sale of 1 P: lot ZZ is not at main on 2026-11-10"
                                            " (lots there: A: 5, B: 4, C: 3, D: 2); name one of them as"
                                            " P QTY#LOT, or leave the lot out to take them"
                                            " first-expiry-first-out\n"),
    (["sell", "P", "20", "--to", "cafe"], "error: 20 P wanted, but its lots at main hold 14 (B: 4 (expires"
                                          " 2027-01-31), A: 5 (expires 2027-03-31), C: 3, D: 2); name the"
                                          " lots yourself, like P 2#LOT\n"),
])
def test_missing_unknown_or_short_lots_say_how_to_give_one(make_ledger, args, message):
    lg = make_ledger(RECEIPTS, catalog=CATALOG)
    before = lg.snapshot()
    r = lg.run(*args, "--date", "2026-11-10")
    assert r.exit_code == 1, r
    assert r.stderr.startswith(message) and r.stderr.count("\n") == 1, r
    assert lg.snapshot() == before


def test_fefo_sale_transfer_and_writeoff_write_the_lots_they_take(make_ledger):
    """Lots at main: A 5 (expires 2027-03-31), B 4 (2027-01-31), C 3 (no expiry, received
    11-03), D 2 (no expiry, received 11-04).
    - sell 6: B expires first, all 4, then A 2 → two lines;
    - transfer 5 to shop: A's 3 left, then the oldest receipt without expiry, C, 2;
    - write off 2 at shop: A first (it expires), 2 of its 3."""
    lg = make_ledger(RECEIPTS, catalog=CATALOG)
    r = lg.ok("sell", "P", "6", "--to", "cafe", "--date", "2026-11-10", "--dry-run")
    assert lines_of(r.stdout) == ("lines: [{item: P, qty: 4, price: 40.00, lot: B},"
                                  " {item: P, qty: 2, price: 40.00, lot: A}]}\n")
    assert "type: sell" not in lg.journal().split("b4")[1]       # --dry-run wrote nothing
    lg.ok("sell", "P", "6", "--to", "cafe", "--date", "2026-11-10")
    r = lg.ok("transfer", "P", "5", "--from", "main", "--to", "shop", "--date", "2026-11-11")
    assert lines_of(r.stdout) == "lines: [{item: P, qty: 3, lot: A}, {item: P, qty: 2, lot: C}]}\n"
    r = lg.ok("writeoff", "P", "2", "--from", "shop", "--reason", "mould", "--date", "2026-11-12")
    assert lines_of(r.stdout) == "lines: [{item: P, qty: 2, lot: A}]}\n"
    assert [(x["location"], x["lot"], x["qty"]) for x in lg.json("stock", "--lots")] == [
        ("shop", "A", 1), ("main", "C", 1), ("shop", "C", 2), ("main", "D", 2)]


def test_card_shows_the_lot_of_each_move_and_partial_returns_take_lots(make_ledger):
    """A sale of 1 of lot B, returned with `1#B`; the card lists the lot of every move."""
    lg = make_ledger(RECEIPTS, catalog=CATALOG)
    lg.ok("sell", "P", "2#B", "--to", "cafe", "--date", "2026-11-10")
    rows = lg.json("card", "P")
    assert [(x["type"], x["lot"], x["in_qty"], x["out_qty"]) for x in rows] == [
        ("buy", "A", 5, None), ("buy", "B", 4, None), ("buy", "C", 3, None), ("buy", "D", 2, None),
        ("sell", "B", None, 2)]
    sid = rows[-1]["id"]
    r = lg.ok("return", sid, "P", "1#B", "--date", "2026-11-11")
    assert lines_of(r.stdout) == "lines: [{item: P, qty: 1, lot: B}]}\n"
    assert [(x["location"], x["lot"], x["qty"]) for x in lg.json("stock", "--lots", "--at", "main")][:1] == [
        ("main", "B", 3)]


def test_count_with_a_lot(make_ledger):
    """Counting lot C at 1 (book 3) posts a shortage of 2 of that lot only."""
    lg = make_ledger(RECEIPTS, catalog=CATALOG)
    r = lg.ok("count", "P", "1#C", "--at", "main", "--date", "2026-11-10")
    assert "lines: [{item: P, counted: 1, lot: C}]" in r.stdout
    assert {x["lot"]: x["qty"] for x in lg.json("stock", "--lots")} == {"A": 5, "B": 4, "C": 1, "D": 2}


EXPIRING = """\
--- {id: b1, date: 2026-11-01, type: buy, from: tea, to: main, lines: [{item: P, qty: 5, price: 20.00, lot: A, expiry: 2027-03-31}, {item: P, qty: 4, price: 22.00, lot: B, expiry: 2027-01-31}, {item: P, qty: 3, price: 21.00, lot: C}]}
--- {id: s1, date: 2026-11-10, type: sell, from: main, to: cafe, lines: [{item: P, qty: 1, price: 40.00, lot: B}]}
"""


def test_expiring_within_a_window_and_expired(make_ledger):
    """Specific costing: lot B has 3 left @ 22.00 = 66.00 and expires 2027-01-31, 47 days after
    2026-12-15; A (5 @ 20.00 = 100.00) 106 days after; C has no expiry and never shows.
    On 2027-02-10 B has been expired 10 days."""
    lg = make_ledger(EXPIRING, catalog=CATALOG, costing="specific")
    assert lg.json("expiring", "--within", "60", "--as-of", "2026-12-15") == [
        {"item": "P", "location": "main", "lot": "B", "expiry": "2027-01-31", "days_left": 47, "qty": 3,
         "value": 66.00}]
    assert [(x["lot"], x["days_left"], x["value"]) for x in
            lg.json("expiring", "--within", "120", "--as-of", "2026-12-15")] == [("B", 47, 66.00),
                                                                               ("A", 106, 100.00)]
    r = lg.ok("expiring", "--within", "0", "--as-of", "2027-02-10")
    assert "│" not in r.stdout and "B " in r.stdout and "-10" in r.stdout
    assert "1 lot expired, worth 66.00" in r.stdout


def test_expiring_under_fifo_values_a_lot_at_its_locations_unit_cost(make_ledger):
    """FIFO does not cost by lot: s1 took the oldest layer (A @ 20.00), leaving 100.00 + 88.00
    + 63.00 − 20.00 = 231.00 for 11 cakes; lot B's 3 are 231.00 × 3 / 11 = 63.00."""
    lg = make_ledger(EXPIRING, catalog=CATALOG)
    assert [(x["lot"], x["qty"], x["value"]) for x in lg.json("expiring", "--as-of", "2027-01-10")] == [
        ("B", 3, 63.00)]


def test_expiring_from_the_python_api(make_ledger):
    import jxc
    lg = make_ledger(EXPIRING, catalog=CATALOG, costing="specific")
    rows = jxc.open_ledger(lg.root).expiring(within=60, as_of="2026-12-15").records()
    assert rows == [{"item": "P", "location": "main", "lot": "B", "expiry": dt.date(2027, 1, 31),
                     "days_left": 47, "qty": Decimal(3), "value": Decimal("66.00")}]


def test_split_lot_syntax():
    assert split_lot("5@120#2024A") == ("5@120", "2024A", None)
    assert split_lot("5#2024A@@2027-06-30") == ("5", "2024A", "2027-06-30")
    assert split_lot("5@120") == ("5@120", None, None)
    with pytest.raises(LedgerError):
        split_lot("5@120#A B")


STOCK = st.lists(st.tuples(st.sampled_from("ABCDEFG"),
                           st.decimals(min_value=Decimal("0.5"), max_value=Decimal(50), places=1),
                           st.one_of(st.none(), st.dates(dt.date(2026, 1, 1), dt.date(2028, 1, 1))),
                           st.dates(dt.date(2025, 1, 1), dt.date(2026, 12, 1))),
                 min_size=1, max_size=7, unique_by=lambda t: t[0])


@settings(max_examples=150, deadline=None)
@given(STOCK, st.decimals(min_value=Decimal("0.1"), max_value=Decimal(400), places=1))
def test_fefo_takes_whole_lots_in_expiry_order_and_exactly_the_quantity(lots, qty):
    """FEFO: the lots taken are a prefix of the FEFO order, all taken whole but the last, and
    they sum to the quantity; when the lots hold too little nothing is chosen."""
    stock = [LotStock("P", "main", lot, q, exp, rec) for lot, q, exp, rec in lots]
    order = sorted(stock, key=fefo_key)
    have = sum(s.qty for s in stock)
    if qty > have:
        with pytest.raises(LedgerError):
            choose_lots(stock, qty)
        return
    chosen = choose_lots(stock, qty)
    assert sum(q for _, q in chosen) == qty
    assert [lot for lot, _ in chosen] == [s.lot for s in order[:len(chosen)]]
    assert all(q == s.qty for (_, q), s in zip(chosen[:-1], order))
