"""Defects found by using jxc as a new user would, each pinned by the CLI.

Every test here failed before its fix; the numbers are worked by hand in the docstrings.
"""

from __future__ import annotations

import json
from decimal import Decimal

from hypothesis import HealthCheck, given, settings, strategies as st

# walk-in pays cash; cafe has 30 days; a ledger with a default money account
CASH_CATALOG = """\
locations:
  main: {name: Main warehouse}
items:
  TEA-001: {name: Longjing 250g, unit: box, barcode: "6901234567890", price: 88.00}
suppliers:
  market: {name: Market stall, terms: cash}
customers:
  walk-in: {name: Walk-in customers, terms: cash}
  cafe: {name: Corner Cafe, terms_days: 30}
accounts:
  cash: {name: Cash}
  icbc: {name: ICBC}
"""

OPENING = """\
--- {id: o1, date: 2026-11-01, type: open, to: main, lines: [{item: TEA-001, qty: 10, price: 50}]}
"""


def _cash_ledger(make_ledger):
    lg = make_ledger(OPENING, catalog=CASH_CATALOG)
    with open(lg.root / "jxc.yaml", "a", encoding="utf-8") as f:
        f.write("default_account: cash\n")
    return lg


def test_add_of_a_cash_customer_sale_is_paid_in_full_like_sell(make_ledger):
    """`jxc add` writes what `jxc sell` writes: a walk-in (terms: cash) sale of 2 boxes at the
    catalog's 88.00 is paid at once, 2 × 88.00 = 176.00 into the default account `cash`, so
    walk-in owes nothing.  Before the fix `jxc add` left `paid:` out and receivables showed
    walk-in owing 176.00 for a counter sale."""
    lg = _cash_ledger(make_ledger)
    entry = {"id": "s1", "date": "2026-11-28", "type": "sell", "to": "walk-in",
             "lines": [{"item": "6901234567890", "qty": 2}]}
    r = lg.ok("add", "-", input=json.dumps(entry) + "\n")
    assert r.stdout == ("--- {id: s1, date: 2026-11-28, type: sell, from: main, to: walk-in, paid: 176.00, "
                        "account: cash, lines: [{item: TEA-001, qty: 2, price: 88.00}]}\n")
    typed = lg.ok("sell", "TEA-001", "2", "--to", "walk-in", "--date", "2026-11-28", "-n").stdout
    assert typed.split(", ", 2)[2] == r.stdout.split(", ", 2)[2]   # the same entry but its id
    assert lg.json("receivables") == []


def test_add_of_a_cash_supplier_purchase_and_a_credit_customer(make_ledger):
    """A buy from `market` (terms: cash) of 3 boxes at 40 is paid 3 × 40 = 120.00 at once; a sale
    to `cafe` (30 days) stays owed: nothing is added, and an entry that says its own `paid:`
    keeps it (50.00 of 88.00 paid, 38.00 owed)."""
    lg = _cash_ledger(make_ledger)
    rows = [{"id": "b1", "date": "2026-11-20", "type": "buy", "from": "market",
             "lines": [{"item": "TEA-001", "qty": 3, "price": 40}]},
            {"id": "s2", "date": "2026-11-21", "type": "sell", "to": "cafe",
             "lines": [{"item": "TEA-001", "qty": 1}]},
            {"id": "s3", "date": "2026-11-22", "type": "sell", "to": "walk-in", "paid": 50, "account": "icbc",
             "lines": [{"item": "TEA-001", "qty": 1}]}]
    out = lg.ok("add", "-", input="".join(json.dumps(x) + "\n" for x in rows)).stdout.splitlines()
    assert out[0] == ("--- {id: b1, date: 2026-11-20, type: buy, from: market, to: main, paid: 120.00, "
                      "account: cash, lines: [{item: TEA-001, qty: 3, price: 40}]}")
    assert "paid" not in out[1]
    assert "paid: 50, account: icbc" in out[2]
    owed = {(d["partner"], d["outstanding"]) for d in lg.json("receivables")}
    assert owed == {("cafe", 88), ("walk-in", 38)}


def test_a_cash_partner_without_a_default_account_is_one_line(make_ledger):
    """Without `default_account` jxc cannot say where a cash sale's money went: one line, exit 1,
    nothing written."""
    lg = make_ledger(OPENING, catalog=CASH_CATALOG)
    before = lg.snapshot()
    entry = {"date": "2026-11-28", "type": "sell", "to": "walk-in", "lines": [{"item": "TEA-001", "qty": 1}]}
    r = lg.run("add", "-", input=json.dumps(entry) + "\n")
    assert r.exit_code == 1
    assert r.stderr == ("<stdin>:1: error: 'walk-in' pays cash (terms: cash): this sell needs 'paid' and "
                        "'account', and jxc.yaml has no default_account\n")
    assert lg.snapshot() == before


def test_a_negative_amount_to_collect_or_pay_says_what_is_wrong(make_ledger):
    """`jxc collect cafe -5` is a typo'd amount, not an option: before the fix click answered
    'No such option: -5' (exit 2); now the amount's own rule speaks (exit 1, nothing written)."""
    lg = _cash_ledger(make_ledger)
    before = lg.snapshot()
    for cmd, partner in (("collect", "cafe"), ("pay", "market")):
        r = lg.run(cmd, partner, "-5", "--date", "2026-11-28")
        assert (r.exit_code, r.stderr) == (1, "error: AMOUNT must be a positive amount like 1500.00, got '-5'\n")
    assert lg.snapshot() == before


def test_a_negative_count_says_a_count_may_be_zero(make_ledger):
    """A count of 0 is a real count (the shelf is empty), so the rule for COUNTED is 'zero or
    more': before the fix `jxc count TEA-001 -1` said the quantity 'must be positive', which
    is wrong for a count.  10 on hand; counting 0 books a difference of 0 − 10 = −10."""
    lg = make_ledger("--- {id: o1, date: 2026-11-01, type: open, to: main, lines: [{item: TEA-001, qty: 10, price: 50}]}\n")
    r = lg.run("count", "TEA-001", "-1", "--date", "2026-11-28")
    assert (r.exit_code, r.stderr) == (1, "error: the count of TEA-001 must be zero or more, got -1\n")
    r = lg.ok("count", "TEA-001", "0", "--date", "2026-11-28")
    assert r.stdout.splitlines()[-2].split() == ["TEA-001", "box", "10", "0", "-10"]


def test_a_count_with_json_output_prints_one_json_line(make_ledger):
    """Every write with `-o json` prints one JSON line a written entry (what `jxc add` reads);
    before the fix `jxc count` printed the count sheet after it as a JSON array, so a script's
    `json.loads` of the output failed.  Book 10, counted 7: the entry says counted 7."""
    lg = make_ledger("--- {id: o1, date: 2026-11-01, type: open, to: main, lines: [{item: TEA-001, qty: 10, price: 50}]}\n")
    r = lg.ok("count", "TEA-001", "7", "--date", "2026-11-28", "-o", "json")
    entry = json.loads(r.stdout)
    assert (entry["type"], entry["at"], entry["lines"]) == ("count", "main", [{"item": "TEA-001", "counted": 7}])


def test_a_payment_printed_as_json_is_read_back_by_add(make_ledger):
    """`jxc print -o json` and `jxc add` speak the same JSON lines: before the fix a payment's
    `apply` (a list) was refused by `jxc add` ('must be a single value, got a list').  A sale of
    2 × 88.00 = 176.00 to cafe; a payment of 100.00 applied to it leaves 76.00 owed."""
    lg = _cash_ledger(make_ledger)
    lg.ok("sell", "TEA-001", "2", "--to", "cafe", "--date", "2026-11-20", "--ref", "S-1")
    sale = lg.json("receivables")[0]["id"]
    pay = ('{"date": "2026-11-25", "type": "payment", "from": "cafe", "to": "cash", "amount": 100.00, '
           f'"apply": [{{"of": "{sale}", "amount": 100.00}}]}}\n')   # as `jxc print -o json` writes it
    r = lg.ok("add", "-", input=pay)
    written = lg.ok("print", "--type", "payment", "-o", "json").stdout
    assert json.loads(written)["apply"] == [{"of": sale, "amount": 100.00}]
    assert r.stdout.endswith(f"amount: 100.00, apply: [{{of: {sale}, amount: 100.00}}]}}\n")
    assert [(d["id"], d["outstanding"]) for d in lg.json("receivables")] == [(sale, 76)]
    r = lg.run("add", "-", input=pay.replace(f'[{{"of": "{sale}", "amount": 100.00}}]', "5"))
    assert r.stderr == ("<stdin>:1: error: 'apply' must be a list of allocations like "
                        "[{\"of\": \"ID\", \"amount\": 100.00}], got the number 5\n")


def test_a_usage_error_of_a_subcommand_names_the_whole_command(make_ledger):
    """A usage error points at the help of the command that was typed: before the fix
    `jxc supplier add s1 --terms weird` said "try 'jxc add --help'" (the command `jxc add`,
    which adds journal entries, is another command); now it names `jxc supplier add`."""
    lg = make_ledger()
    r = lg.run("supplier", "add", "s1", "--terms", "weird")
    assert r.exit_code == 2
    assert r.stderr == ("jxc: error: Invalid value for '--terms': 'weird' is not one of 'cash'."
                        " (try 'jxc supplier add --help')\n")
    r = lg.run("item", "add")
    assert r.stderr == "jxc: error: Missing argument 'sku'. (try 'jxc item add --help')\n"
    assert lg.run("stock", "--bogus").stderr.endswith("(try 'jxc stock --help')\n")
    assert lg.run("nosuch").stderr == "jxc: error: No such command 'nosuch'. (try 'jxc --help')\n"


def test_a_document_of_another_partner_is_named_by_the_partner_s_own_name(make_ledger):
    """Messages name partners as users write them (`cafe`), never by jxc's inner account
    (`customer:cafe`).  A sale of 1 × 88.00 to cafe, then money from walk-in applied to it."""
    lg = _cash_ledger(make_ledger)
    lg.ok("sell", "TEA-001", "1", "--to", "cafe", "--date", "2026-11-20")
    sale = lg.json("receivables")[0]["id"]
    r = lg.run("collect", "walk-in", "10", "--of", sale, "--date", "2026-11-21")
    assert (r.exit_code, r.stderr) == (1, f"error: '{sale}' is no open document of walk-in (a document of cafe)\n")
    pay = ('{"date": "2026-11-21", "type": "payment", "from": "walk-in", "to": "cash", "amount": 10.00, '
           f'"apply": [{{"of": "{sale}", "amount": 10.00}}]}}\n')
    r = lg.run("add", "-", input=pay)
    assert (r.exit_code, r.stderr) == (1, f"<stdin>:1: error: 'apply' names '{sale}', a document of cafe, not of walk-in\n")


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(qty=st.integers(1, 10), cents=st.integers(1, 100_000))
def test_add_and_sell_write_the_same_cash_sale(make_ledger, qty, cents):
    """Property: for any quantity and price, `jxc add` and `jxc sell` write the same walk-in sale,
    and its `paid:` is qty × price to the cent (no tax in this ledger)."""
    lg = _cash_ledger(make_ledger)
    price = Decimal(cents).scaleb(-2)
    raw = {"id": "p1", "date": "2026-11-28", "type": "sell", "to": "walk-in",
           "lines": [{"item": "TEA-001", "qty": qty}]}
    added = lg.ok("add", "-n", "-", input=json.dumps(raw).replace('"qty": %d}' % qty, f'"qty": {qty}, "price": {price}}}') + "\n").stdout
    typed = lg.ok("sell", "TEA-001", f"{qty}@{price}", "--to", "walk-in", "--date", "2026-11-28", "-n").stdout
    assert added.split(", ", 1)[1] == typed.split(", ", 1)[1]
    assert f"paid: {qty * price:.2f}, account: cash" in added
