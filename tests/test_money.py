"""Money with partners: payments, allocation, receivables, payables, statements, cash, credit limits.

Every scenario is a small ledger written here, driven through the CLI, with the
figures worked by hand in the docstring.
"""

from __future__ import annotations

import re

import pytest

from money_helpers import money_ledger

BASE = """\
--- {id: b1, date: 2026-11-01, type: buy, from: hangzhou-tea, to: main, lines: [{item: TEA-001, qty: 100, price: 52.00}]}
--- {id: s1, date: 2026-11-02, type: sell, from: main, to: cafe, lines: [{item: TEA-001, qty: 10, price: 88.00}]}
--- {id: s2, date: 2026-11-10, type: sell, from: main, to: cafe, lines: [{item: TEA-001, qty: 5, price: 90.00}]}
"""


def _id(out: str) -> str:
    return re.match(r"--- \{id: ([^,]+),", out).group(1)


def test_collect_allocates_oldest_first_and_writes_the_allocation(make_ledger):
    """cafe owes s1 880.00 (10 × 88) and s2 450.00 (5 × 90), due date + 30 days.
    Collecting 1000.00 pays s1 in full (880.00) and 120.00 of s2: 330.00 left on s2,
    due 2026-12-10, so not overdue on 2026-12-05 and 10 days overdue on 2026-12-20."""
    lg = money_ledger(make_ledger, BASE)
    out = lg.ok("collect", "cafe", "1000", "--date", "2026-11-20", "--to", "bank").stdout
    assert out.endswith(", date: 2026-11-20, type: payment, from: cafe, to: bank, amount: 1000.00,"
                        " apply: [{of: s1, amount: 880.00}, {of: s2, amount: 120.00}]}\n")
    assert lg.json("receivables", "--as-of", "2026-12-05") == [
        {"id": "s2", "date": "2026-11-10", "partner": "cafe", "amount": 450.00, "paid": 120.00,
         "outstanding": 330.00, "due": "2026-12-10", "days_overdue": 0}]
    assert lg.json("receivables", "--as-of", "2026-12-20", "--overdue")[0]["days_overdue"] == 10
    assert lg.json("receivables", "--as-of", "2026-11-30", "--overdue") == []


def test_supplier_paid_in_two_parts(make_ledger):
    """b1 is 100 × 52.00 = 5200.00, due 2026-11-11 (terms_days: 10).  Paid 2000.00 from
    cash, then 3200.00 from the bank: nothing payable, cash −2000.00, bank −3200.00."""
    lg = money_ledger(make_ledger, BASE)
    lg.ok("pay", "hangzhou-tea", "2000", "--date", "2026-11-15")
    assert lg.json("payables", "--as-of", "2026-11-20") == [
        {"id": "b1", "date": "2026-11-01", "partner": "hangzhou-tea", "amount": 5200.00, "paid": 2000.00,
         "outstanding": 3200.00, "due": "2026-11-11", "days_overdue": 9}]
    lg.ok("pay", "hangzhou-tea", "3200.00", "--of", "b1", "--from", "bank", "--date", "2026-11-25")
    assert lg.json("payables") == []
    assert lg.json("cash") == [{"account": "bank", "balance": -3200.00},
                               {"account": "cash", "balance": -2000.00}]


def test_statement_with_opening_and_closing_balance(make_ledger):
    """cafe: s1 880.00, s2 450.00, paid 1000.00 on 11-20.  From 2026-11-05 the opening
    balance is 880.00; then 880 + 450 = 1330.00, − 1000 = 330.00 closing."""
    lg = money_ledger(make_ledger, BASE + "--- {id: p1, date: 2026-11-20, type: payment, from: cafe,"
                      " to: bank, amount: 1000.00}\n")
    assert lg.ok("statement", "cafe", "-b", "2026-11-05", "-o", "csv").stdout == (
        "date,id,type,ref,debit,credit,balance\n"
        ",,opening,,,,880.00\n"
        "2026-11-10,s2,sell,,450.00,,1330.00\n"
        "2026-11-20,p1,payment,,,1000.00,330.00\n"
        ",,closing,,450.00,1000.00,330.00\n")


def test_sell_paid_at_once_in_full_or_in_part(make_ledger):
    """``--paid`` alone pays the gross (2 × 88.00 = 176.00) into the default account;
    ``--paid 100 --account bank`` pays 100.00 of it: 76.00 owed, due as given."""
    lg = money_ledger(make_ledger, BASE)
    out = lg.ok("sell", "TEA-001", "2", "--to", "club", "--paid", "--date", "2026-11-26").stdout
    assert "to: club, paid: 176.00, account: cash, lines:" in out
    out = lg.ok("sell", "TEA-001", "2", "--paid", "100", "--to", "club", "--account", "bank",
                "--due", "2026-12-31", "--date", "2026-11-26").stdout
    assert "to: club, due: 2026-12-31, paid: 100.00, account: bank, lines:" in out
    assert lg.json("receivables", "--by", "partner", "--as-of", "2026-11-30")[1] == {
        "partner": "club", "amount": 176.00, "paid": 100.00, "outstanding": 76.00, "overdue": 0.00,
        "days_overdue": 0}


def test_walk_in_with_cash_terms_owes_nothing(make_ledger):
    """walk-in has ``terms: cash``: the sale is written with ``paid:`` its gross (176.00)."""
    lg = money_ledger(make_ledger, BASE)
    out = lg.ok("sell", "TEA-001", "2", "--to", "walk-in", "--date", "2026-11-26").stdout
    assert "to: walk-in, paid: 176.00, account: cash, lines:" in out
    assert [r["partner"] for r in lg.json("receivables")] == ["cafe", "cafe"]


def test_credit_limit_refuses_and_over_limit_records_it(make_ledger):
    """cafe owes 1330.00, its limit is 2000.00: 10 × 88 = 880.00 more makes 2210.00."""
    lg = money_ledger(make_ledger, BASE)
    before = lg.snapshot()
    r = lg.run("sell", "TEA-001", "10", "--to", "cafe", "--date", "2026-11-26")
    assert r.exit_code == 1 and r.stdout == ""
    assert r.stderr == ("error: this sale takes what cafe owes to 2210.00, past its credit limit of"
                        " 2000.00 (1330.00 owed before it); give --over-limit to write it anyway\n")
    assert lg.snapshot() == before
    out = lg.ok("sell", "TEA-001", "10", "--to", "cafe", "--over-limit", "--date", "2026-11-26").stdout
    assert "to: cafe, over_limit: true, lines:" in out
    lg.ok("check")   # a limit is checked when writing; the history stays sound


def test_return_of_a_paid_sale_leaves_a_credit_used_by_a_refund_and_a_later_sale(make_ledger):
    """club buys 2 × 88.00 = 176.00 paid at once and returns both: a credit of 176.00
    (a row with −176.00 outstanding).  A refund of 100.00 leaves 76.00 of credit; the
    next sale of 88.00 takes it: 12.00 owed.  Balance = Σ outstanding = statement closing."""
    lg = money_ledger(make_ledger, BASE + "--- {id: s3, date: 2026-11-12, type: sell, from: main, to: club,"
                      " paid: 176.00, account: cash, lines: [{item: TEA-001, qty: 2, price: 88.00}]}\n"
                      "--- {id: r3, date: 2026-11-13, type: return, of: s3, lines: [{item: TEA-001, qty: 2}]}\n")
    assert [(d["id"], d["outstanding"]) for d in lg.json("receivables") if d["partner"] == "club"] == \
        [("r3", -176.00)]
    lg.ok("pay", "club", "100", "--date", "2026-11-14")
    lg.ok("sell", "TEA-001", "1", "--to", "club", "--date", "2026-11-15")
    rows = [d for d in lg.json("receivables") if d["partner"] == "club"]
    assert [(d["amount"], d["paid"], d["outstanding"]) for d in rows] == [(88.00, 76.00, 12.00)]
    stmt = lg.json("statement", "club")
    assert [(s["type"], s["debit"], s["credit"], s["balance"]) for s in stmt] == [
        ("opening", None, None, 0.00), ("sell", 176.00, None, 176.00), ("paid", None, 176.00, 0.00),
        ("return", None, 176.00, -176.00), ("refund", 100.00, None, -76.00), ("sell", 88.00, None, 12.00),
        ("closing", 364.00, 352.00, 12.00)]
    assert lg.json("cash") == [{"account": "bank", "balance": 0.00}, {"account": "cash", "balance": 76.00}]


def test_an_advance_is_used_by_later_documents(make_ledger):
    """club pays 500.00 with nothing owed: an advance (预收).  A sale of 5 × 88 = 440.00
    takes 440.00 of it; 60.00 of credit is left, so club's balance is −60.00."""
    lg = money_ledger(make_ledger, BASE)
    lg.ok("collect", "club", "500", "--date", "2026-11-03")
    assert "apply: []" in lg.journal()
    lg.ok("sell", "TEA-001", "5", "--to", "club", "--date", "2026-11-04")
    assert lg.json("receivables", "--by", "partner")[1]["outstanding"] == -60.00


@pytest.mark.parametrize("args, message", [
    (("collect", "cafe", "2000", "--of", "s1"),
     "error: 2000.00 is more than s1 owes (880.00); name no document (--of) to keep the rest as an advance"),
    (("collect", "cafe", "10", "--to", "bnk"), "error: unknown account 'bnk' (did you mean 'bank'?);"
     " add it with: jxc account add bnk"),
    (("collect", "cafee", "10"), "error: unknown customer or supplier 'cafee' (did you mean 'cafe'?)"),
    (("collect", "cafe", "--", "-5"), "error: AMOUNT must be a positive amount like 1500.00, got '-5'"),
    (("collect", "cafe", "1.005"), "error: AMOUNT must be exact to the cent, got 1.005"),
    (("collect", "club", "10", "--of", "s1"), "error: 's1' is no open document of club (a document of cafe)"),
    (("pay", "cafe", "10"), "error: a refund of 10.00 is more than the credit of cafe (0.00)"),
])
def test_payment_errors_are_one_line_and_write_nothing(make_ledger, args, message):
    lg = money_ledger(make_ledger, BASE)
    before = lg.snapshot()
    r = lg.run(*args)
    assert r.exit_code in (1, 2) and r.stdout == ""
    assert r.stderr.splitlines()[-1] == message or r.stderr == message + "\n", r
    assert lg.snapshot() == before


@pytest.mark.parametrize("entry, message", [
    ("{id: p9, date: 2026-11-20, type: payment, from: cafe, to: bank, amount: 1000.00,"
     " apply: [{of: s1, amount: 900.00}]}",
     "'apply' of 900.00 to 's1' is more than it owes (880.00); a payment naming no document keeps the"
     " rest as an advance"),
    ("{id: p9, date: 2026-11-20, type: payment, from: club, to: bank, amount: 10.00, apply: [{of: s1, amount: 10}]}",
     "'apply' names 's1', a document of cafe, not of club"),
    ("{id: p9, date: 2026-11-20, type: payment, from: cafe, to: bank, amount: 10.00, apply: [{of: s1, amount: 20}]}",
     "'apply' allocates 20.00, more than the payment's amount 10.00"),
    ("{id: p9, date: 2026-11-20, type: payment, from: cafe, to: club, amount: 10.00}",
     "a payment goes between a money account and a customer or supplier, or between two money accounts, got customer 'cafe' → customer 'club'"),
    ("{id: p9, date: 2026-11-20, type: payment, from: cafe, to: bank, amount: 0}", "'amount' must be positive, got 0"),
    ("{id: p9, date: 2026-11-20, type: payment, from: cafe, to: bank, amount: 5, lines: []}",
     "a payment moves money, not goods: it has no 'lines'"),
    ("{id: s9, date: 2026-11-20, type: sell, to: cafe, paid: 100, lines: [{item: TEA-001, qty: 1}]}",
     "paid 100.00 is more than the sell's amount 88.00"),
    # a transfer between the shop's own accounts (tests/test_money_transfer.py)
    ("{id: t9, date: 2026-11-20, type: payment, from: cash, to: bank, amount: 10.00, apply: [{of: s1, amount: 10}]}",
     "a transfer between money accounts pays no document: it has no 'apply'"),
    ("{id: t9, date: 2026-11-20, type: payment, from: bank, to: bank, amount: 10.00}",
     "a transfer between money accounts needs two different accounts, got 'bank' twice"),
])
def test_hand_written_money_problems_are_reported_at_their_line(make_ledger, entry, message):
    lg = money_ledger(make_ledger, BASE + "--- " + entry + "\n")
    r = lg.run("check")
    assert r.exit_code == 1
    assert r.stderr.splitlines()[0] == f"journal/2026/2026-11.yaml:4: error: {message}", r


def test_payments_move_no_stock(make_ledger):
    """A payment has no lines: stock and balances are the same with or without it."""
    lg = money_ledger(make_ledger, BASE)
    before = lg.json("balance")
    lg.ok("collect", "cafe", "50")
    assert lg.json("balance") == before


def test_catalog_commands_declare_accounts_and_terms(make_ledger):
    lg = money_ledger(make_ledger, BASE)
    assert lg.ok("account", "add", "wechat", "--name", "WeChat Pay").stdout == "wechat: {name: WeChat Pay}\n"
    assert lg.ok("customer", "add", "hotel", "--terms-days", "45", "--credit-limit", "10000").stdout == \
        "hotel: {name: hotel, terms_days: 45, credit_limit: 10000}\n"
    lg.ok("collect", "cafe", "5", "--to", "wechat")


def test_warm_and_cold_cache_give_the_same_receivables(make_ledger, monkeypatch):
    """Entries with ``paid:`` go through the fast reader (which calls the strict reader's
    ``read_settlement``); a cold read, a warm cache and no cache agree."""
    monkeypatch.setenv("JXC_CACHE_MIN_BYTES", "0")
    lg = money_ledger(make_ledger, BASE + "--- {id: s3, date: 2026-11-12, type: sell, from: main, to: club,"
                      " paid: 100.00, account: cash, lines: [{item: TEA-001, qty: 2, price: 88.00}]}\n")
    cold = lg.json("receivables")
    warm = lg.json("receivables")
    monkeypatch.setenv("JXC_NO_CACHE", "1")
    assert cold == warm == lg.json("receivables")
    assert cold[-1]["outstanding"] == 76.00


def test_fast_reader_reads_money_keys_like_the_strict_reader(make_ledger):
    from test_scale_fastparse import both, shape
    from jxc.ledger.files import Ledger
    text = ("--- {id: s3, date: 2026-11-12, type: sell, from: main, to: club, due: 2026-12-01, paid: 100.00,"
            " account: cash, over_limit: true, lines: [{item: TEA-001, qty: 2, price: 88.00}]}\n")
    lg = money_ledger(make_ledger, text)
    led = Ledger(lg.root)
    fast, strict, problems = both(text, "j.yaml", led)
    assert fast is not None and not problems and shape(fast) == shape(strict)
    assert fast[0].money.paid == 10000
    bad = text.replace("account: cash", "account: nowhere")
    assert both(bad, "j.yaml", led)[0] is None     # left to the strict reader and its message


def test_check_reports_money_problems_from_current_records_too(make_ledger, monkeypatch):
    """The second `check` answers from the replay records (no replay): the payment's problem
    is still found, because the per-file summaries say the file holds money entries."""
    monkeypatch.setenv("JXC_CACHE_MIN_BYTES", "0")
    lg = money_ledger(make_ledger, BASE + "--- {id: p9, date: 2026-11-20, type: payment, from: club,"
                      " to: bank, amount: 10.00, apply: [{of: s1, amount: 10}]}\n")
    first, second = lg.run("check"), lg.run("check")
    assert first.exit_code == second.exit_code == 1
    assert first.stderr == second.stderr == ("journal/2026/2026-11.yaml:4: error: 'apply' names 's1',"
                                             " a document of cafe, not of club\n")


def test_a_counter_sale_takes_the_fast_append_and_keeps_the_books(make_ledger, monkeypatch):
    """A sale paid at once adds no money problem but an overpayment: the proven-clean
    append (no replay) is used, and the books read afterwards are the same as cold."""
    from jxc.store import appends as A
    monkeypatch.setenv("JXC_CACHE_MIN_BYTES", "0")
    lg = money_ledger(make_ledger, BASE)
    lg.ok("check")
    seen = []
    real = A.appends_cleanly
    monkeypatch.setattr(A, "appends_cleanly", lambda *a: seen.append(real(*a)) or seen[-1])
    lg.ok("sell", "TEA-001", "1", "--to", "walk-in", "--date", "2026-11-28")
    assert seen == [True]
    r = lg.run("sell", "TEA-001", "1", "--to", "club", "--paid", "90", "--date", "2026-11-28")
    assert seen[-1] is False and r.exit_code == 1
    assert r.stderr == "error: paid 90.00 is more than the sell's amount 88.00\n"
    warm = lg.json("cash")
    monkeypatch.setenv("JXC_NO_CACHE", "1")
    assert warm == lg.json("cash") == [{"account": "bank", "balance": 0.00}, {"account": "cash", "balance": 88.00}]


def test_add_writes_the_allocation_of_a_payment_without_apply(make_ledger):
    """`jxc add` of a payment with no ``apply``: 900.00 pays s1 (880.00) and 20.00 of s2,
    and that is written into the entry; `print -o json` shows it as a list."""
    lg = money_ledger(make_ledger, BASE)
    out = lg.ok("add", "-", input='{"id": "p1", "date": "2026-11-20", "type": "payment", "from": "cafe",'
                ' "to": "bank", "amount": 900}\n').stdout
    assert out == ("--- {id: p1, date: 2026-11-20, type: payment, from: cafe, to: bank, amount: 900,"
                   " apply: [{of: s1, amount: 880.00}, {of: s2, amount: 20.00}]}\n")
    assert lg.ok("print", "-o", "json").stdout.splitlines()[-1] == (
        '{"id": "p1", "date": "2026-11-20", "type": "payment", "from": "cafe", "to": "bank", "amount": 900,'
        ' "apply": [{"of": "s1", "amount": 880.00}, {"of": "s2", "amount": 20.00}]}')
