"""Tax (增值税): exclusive and inclusive prices, rates per ledger / item / line, per-line rounding."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings, strategies as st

from jxc.ledger import tax as T
from money_helpers import money_ledger

EXCLUSIVE = """\
--- {id: b1, date: 2026-11-01, type: buy, from: hangzhou-tea, to: main, lines: [{item: TEA-001, qty: 100, price: 52.00}]}
--- {id: b2, date: 2026-11-01, type: buy, from: fujian-tea, to: main, lines: [{item: CUP-01, qty: 10, price: 20.00, tax_rate: 9}]}
--- {id: s1, date: 2026-11-02, type: sell, from: main, to: cafe, lines: [{item: TEA-001, qty: 10, price: 88.00}]}
--- {id: s2, date: 2026-11-03, type: sell, from: main, to: cafe, lines: [{item: CUP-01, qty: 3, price: 45.00, tax_rate: 9}]}
"""


def test_exclusive_prices_with_a_line_rate(make_ledger):
    """13 % on the ledger, 9 % on the cup lines.  b1: net 5200.00, tax 676.00, gross 5876.00;
    b2: 200.00 + 18.00 = 218.00; s1: 880.00 + 114.40 = 994.40; s2: 135.00 + 12.15 = 147.15.
    Payable per rate: 13 %: 114.40 − 676.00 = −561.60; 9 %: 12.15 − 18.00 = −5.85.
    Partners owe the gross; revenue and cost are the net (input tax is recoverable)."""
    lg = money_ledger(make_ledger, EXCLUSIVE, tax="{rate: 13, prices: exclusive, recoverable: true}")
    assert lg.ok("tax", "-p", "2026-11", "-o", "csv").stdout == (
        "rate,sales_net,output_tax,purchases_net,input_tax,payable\n"
        "9,135.00,12.15,200.00,18.00,-5.85\n"
        "13,880.00,114.40,5200.00,676.00,-561.60\n")
    assert [(r["id"], r["amount"]) for r in lg.json("receivables")] == [("s1", 994.40), ("s2", 147.15)]
    assert [(r["id"], r["amount"]) for r in lg.json("payables")] == [("b1", 5876.00), ("b2", 218.00)]
    assert [(r["item"], r["revenue"], r["cogs"]) for r in lg.json("profit")] == [
        ("CUP-01", 135.00, 60.00), ("TEA-001", 880.00, 520.00)]


def test_inclusive_prices_and_a_partial_return(make_ledger):
    """Inclusive 13 %: buy 10 @ 113.00 = gross 1130.00, net 1000.00 (cost 100.00 a box),
    tax 130.00.  Sell 3 @ 99.00 = gross 297.00, net 297 / 1.13 = 262.83, tax 34.17.
    Return 1: net 262.83 / 3 = 87.61, gross 99.00, tax 11.39; the sale owes 198.00.
    Output tax 34.17 − 11.39 = 22.78 on net sales 175.22; payable 22.78 − 130.00 = −107.22."""
    j = ("--- {id: b1, date: 2026-11-01, type: buy, from: hangzhou-tea, to: main, lines: [{item: TEA-001, qty: 10, price: 113.00}]}\n"
         "--- {id: s1, date: 2026-11-02, type: sell, from: main, to: cafe, lines: [{item: TEA-001, qty: 3, price: 99.00}]}\n"
         "--- {id: r1, date: 2026-11-03, type: return, of: s1, lines: [{item: TEA-001, qty: 1}]}\n")
    lg = money_ledger(make_ledger, j, tax="{rate: 13, prices: inclusive}")
    assert lg.json("tax") == [{"rate": 13, "sales_net": 175.22, "output_tax": 22.78, "purchases_net": 1000.00,
                               "input_tax": 130.00, "payable": -107.22}]
    assert [(r["id"], r["amount"], r["outstanding"]) for r in lg.json("receivables")] == [("s1", 198.00, 198.00)]
    assert lg.json("value") [0]["value"] == 800.00
    assert [(r["revenue"], r["cogs"]) for r in lg.json("profit")] == [(175.22, 200.00)]


def test_input_tax_not_recoverable_is_cost(make_ledger):
    """recoverable: false: the buy's gross 10 × 100.00 × 1.13 = 1130.00 is its cost; the tax
    report's payable is the output tax alone (none here)."""
    j = "--- {id: b1, date: 2026-11-01, type: buy, from: hangzhou-tea, to: main, lines: [{item: TEA-001, qty: 10, price: 100.00}]}\n"
    lg = money_ledger(make_ledger, j, tax="{rate: 13, recoverable: false}")
    assert lg.json("value")[0]["value"] == 1130.00
    assert lg.json("tax")[0]["payable"] == 0.00


def test_item_rate_between_line_and_ledger():
    assert T.line_rate(None, Decimal(6), Decimal(13)) == 6
    assert T.line_rate(Decimal(9), Decimal(6), Decimal(13)) == 9
    assert T.line_rate(None, None, Decimal(13)) == 13


def test_tax_rate_on_a_line_needs_tax_in_settings(make_ledger):
    lg = money_ledger(make_ledger, EXCLUSIVE)
    r = lg.run("check")
    assert r.exit_code == 1
    assert r.stderr.startswith("journal/2026/2026-11.yaml:2: error: a line's 'tax_rate' needs 'tax:' in jxc.yaml")


def test_without_tax_the_tax_command_says_so(make_ledger):
    lg = money_ledger(make_ledger, "")
    r = lg.run("tax")
    assert r.exit_code == 1 and r.stderr == "error: this ledger has no 'tax:' in jxc.yaml: no tax is computed\n"


money = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999"), places=2)
qty = st.decimals(min_value=Decimal("0.001"), max_value=Decimal("9999"), places=3)
rate = st.sampled_from([Decimal(0), Decimal(3), Decimal(6), Decimal(9), Decimal(13), Decimal("16.5")])


@settings(max_examples=300, deadline=None)
@given(qty, money, rate, st.sampled_from(["exclusive", "inclusive"]))
def test_net_plus_tax_is_gross_per_line(q, p, r, prices):
    s = T.split_line(q, p, r, prices)
    assert s.net + s.tax == s.gross
    assert s.tax >= 0 and s.net >= 0
    # the half-up rule of each mode
    if prices == "exclusive":
        assert s.net == T.no_tax(q, p).net
    else:
        assert s.gross == T.no_tax(q, p).gross


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=50), money, rate, st.data())
def test_partial_returns_add_up_to_the_line(n, p, r, data):
    """Returns of a line in parts, each rounded on its own, the last taking what is left:
    the gross they reverse sums to the line's gross exactly."""
    q = Decimal(n)
    s = T.inclusive(q, p, r)
    left, done, total = n, 0, 0
    while left:
        take = data.draw(st.integers(min_value=1, max_value=left))
        part = T.returned_split(Decimal(take), q, s, 0, total, take == left)
        total += part.gross
        left -= take
        done += take
    assert total == s.gross


def test_paid_at_once_pays_the_gross_with_tax(make_ledger):
    """Exclusive 13 %: one box at 88.00 is 88.00 + 11.44 = 99.44, what `--paid` writes."""
    lg = money_ledger(make_ledger, EXCLUSIVE.splitlines()[0] + "\n", tax="{rate: 13}")
    out = lg.ok("sell", "TEA-001", "1", "--to", "walk-in", "--from", "main", "--date", "2026-11-05").stdout
    assert "to: walk-in, paid: 99.44, account: cash, lines:" in out
    assert lg.json("receivables") == []
