"""Money between the shop's own accounts (资金调拨): `jxc transfer-money`, a payment entry
from one money account to another.  Figures worked by hand in each docstring."""

from __future__ import annotations

import shutil
import subprocess
from decimal import Decimal

import pytest

from money_helpers import MONEY_CATALOG, money_ledger
from test_money_export import assert_export_matches_reports, beancount_balances

COUNTER = """\
--- {id: b1, date: 2026-11-01, type: buy, from: hangzhou-tea, to: main, lines: [{item: TEA-001, qty: 100, price: 52.00}]}
--- {id: s1, date: 2026-11-02, type: sell, from: main, to: walk-in, paid: 880.00, account: cash, lines: [{item: TEA-001, qty: 10, price: 88.00}]}
"""
D = ("--date", "2026-11-03")


def test_a_deposit_moves_cash_to_the_bank_and_cash_shows_both_sides(make_ledger):
    """The counter took 880.00 in cash.  Paying 800.00 into the bank leaves cash 80.00 and
    bank 800.00; the total stays 880.00 (nothing came in or went out of the shop)."""
    lg = money_ledger(make_ledger, COUNTER)
    out = lg.ok("transfer-money", "800", "--from", "cash", "--to", "bank", "--ref", "DEP-1", *D).stdout
    assert out.endswith(", date: 2026-11-03, type: payment, from: cash, to: bank, amount: 800.00, ref: DEP-1}\n")
    assert lg.ok("cash", "-o", "csv").stdout == "account,balance\nbank,800.00\ncash,80.00\n"
    assert lg.ok("-w", "80", "cash").stdout == (
        "                     \n"
        "  account   balance  \n"
        " ─────────────────── \n"
        "  bank       800.00  \n"
        "  cash        80.00  \n"
        "                     \n"
        "  total      880.00  \n"
        "                     \n")


def test_a_withdrawal_and_the_date_of_each_side(make_ledger):
    """800.00 in on 11-03, 150.00 drawn back to the till on 11-05: as of 11-04 bank
    800.00 / cash 80.00; as of 11-05 bank 650.00 / cash 230.00."""
    lg = money_ledger(make_ledger, COUNTER)
    lg.ok("transfer-money", "800", "--from", "cash", "--to", "bank", *D)
    lg.ok("transfer-money", "150.00", "--from", "bank", "--to", "cash", "--date", "2026-11-05")
    assert lg.json("cash", "--as-of", "2026-11-04") == [{"account": "bank", "balance": 800.00},
                                                        {"account": "cash", "balance": 80.00}]
    assert lg.json("cash", "--as-of", "2026-11-05") == [{"account": "bank", "balance": 650.00},
                                                        {"account": "cash", "balance": 230.00}]


def test_a_transfer_touches_no_partner(make_ledger):
    """Receivables, payables and statements are the same with or without a transfer:
    hangzhou-tea is owed 5200.00 (100 × 52.00) either way."""
    lg = money_ledger(make_ledger, COUNTER)
    before = (lg.json("payables"), lg.json("receivables"), lg.json("statement", "walk-in"))
    lg.ok("transfer-money", "800", "--from", "cash", "--to", "bank", *D)
    assert (lg.json("payables"), lg.json("receivables"), lg.json("statement", "walk-in")) == before
    assert before[0][0]["outstanding"] == 5200.00


@pytest.mark.parametrize("args, message", [
    (("transfer-money", "10", "--from", "cash", "--to", "cash"),
     "error: a transfer between money accounts needs two different accounts, got 'cash' twice"),
    (("transfer-money", "10", "--from", "cash", "--to", "bnak"),
     "error: unknown account 'bnak' (did you mean 'bank'?); add it with: jxc account add bnak"),
    (("transfer-money", "--from", "cash", "--to", "bank", "--", "-5"),
     "error: AMOUNT must be a positive amount like 1500.00, got '-5'"),
    (("transfer-money", "0.001", "--from", "cash", "--to", "bank"), "error: AMOUNT must be exact to the cent, got 0.001"),
])
def test_transfer_errors_are_one_line_and_write_nothing(make_ledger, args, message):
    lg = money_ledger(make_ledger, COUNTER)
    before = lg.snapshot()
    r = lg.run(*args)
    assert r.exit_code == 1 and r.stdout == "", r
    assert r.stderr == message + "\n", r
    assert lg.snapshot() == before


def test_an_account_named_like_a_partner_is_written_qualified(make_ledger):
    """An account called ``cafe`` (also a customer) is written ``account:cafe``, so the
    entry reads back as a transfer, never as money from the customer."""
    lg = money_ledger(make_ledger, COUNTER)
    with open(lg.root / "catalog.yaml", "a", encoding="utf-8") as f:
        f.write("  cafe: {name: Cafe float}\n")
    out = lg.ok("transfer-money", "30", "--from", "cash", "--to", "cafe", *D).stdout
    assert "from: cash, to: \"account:cafe\", amount: 30.00" in out
    assert lg.json("cash") == [{"account": "bank", "balance": 0.00}, {"account": "cafe", "balance": 30.00},
                               {"account": "cash", "balance": 850.00}]
    assert lg.json("receivables") == []


def test_the_exports_balance_with_a_transfer(make_ledger, tmp_path):
    """beancount: the transfer is one transaction, Assets:Cash:Cash −800.00 and
    Assets:Cash:Bank +800.00; balances equal `cash` (80.00 / 800.00) and the rest of
    jxc's reports; bean-check accepts it, and hledger checks the ledger export."""
    lg = money_ledger(make_ledger, COUNTER)
    lg.ok("transfer-money", "800", "--from", "cash", "--to", "bank", "--note", "deposit", *D)
    out = lg.ok("export", "beancount").stdout
    assert ('2026-11-03 * "payment" "deposit"\n  id: "' in out and
            '"\n  Assets:Cash:Cash  -800.00 CNY\n  Assets:Cash:Bank  800.00 CNY\n' in out)
    bal = beancount_balances(out)
    assert (bal["Assets:Cash:Cash"], bal["Assets:Cash:Bank"]) == (Decimal("80.00"), Decimal("800.00"))
    assert_export_matches_reports(lg.root)
    if shutil.which("hledger"):
        f = tmp_path / "shop.journal"
        f.write_text(lg.ok("export", "ledger").stdout, encoding="utf-8")
        c = subprocess.run(["hledger", "-f", str(f), "check", "--strict"], capture_output=True, text=True)
        assert c.returncode == 0, c.stderr
        c = subprocess.run(["hledger", "-f", str(f), "balance", "assets:cash", "--flat", "-N"],
                           capture_output=True, text=True, check=True)
        assert [ln.split() for ln in c.stdout.splitlines()] == [["800.00", "CNY", "assets:cash:bank"],
                                                                ["80.00", "CNY", "assets:cash:cash"]]
