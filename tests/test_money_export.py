"""`jxc export beancount|ledger`: bean-check (and hledger, when installed) accept the export,
and its balances equal jxc's own value, receivables, payables, cash and profit to the cent."""

from __future__ import annotations

import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from beancount import loader
from money_helpers import money_ledger, random_history

import jxc

ROOT = Path(__file__).parent.parent
BIN = Path(sys.executable).parent          # jxc and bean-check as installed beside this Python


def tool(name: str) -> str:
    return str(BIN / name) if (BIN / name).exists() else (shutil.which(name) or name)


def beancount_balances(text: str) -> dict:
    """Account → balance (Decimal) of a beancount journal; bean-check's own validation must pass."""
    entries, errors, _ = loader.load_string(text)
    assert not errors, [str(e.message) for e in errors]
    out: dict = {}
    for e in entries:
        for p in getattr(e, "postings", ()):
            out[p.account] = out.get(p.account, Decimal(0)) + p.units.number
    return out


def _sum(bal, prefix):
    return sum((v for a, v in bal.items() if a == prefix or a.startswith(prefix + ":")), Decimal(0))


def assert_export_matches_reports(root: Path):
    lg = jxc.open_ledger(root)
    bal = beancount_balances(lg_export(lg, "beancount"))
    value = sum((r["value"] for r in lg.value().records()), Decimal(0))
    assert _sum(bal, "Assets:Inventory") == value
    for kind, prefix, sign in (("receivable", "Assets:Receivable", 1), ("payable", "Liabilities:Payable", -1)):
        for r in lg.receivables(by="partner", payables=kind == "payable").records():
            comp = r["partner"][0].upper() + r["partner"][1:]
            assert sign * bal.get(f"{prefix}:{comp}", Decimal(0)) == r["outstanding"], (kind, r)
        total = sum((r["outstanding"] for r in lg.receivables(by="partner", payables=kind == "payable").records()),
                    Decimal(0))
        assert sign * _sum(bal, prefix) == total
    for r in lg.cash().records():
        comp = r["account"][0].upper() + r["account"][1:]
        assert bal.get(f"Assets:Cash:{comp}", Decimal(0)) == r["balance"]
    rows = lg.profit().records()
    revenue = sum((r["revenue"] for r in rows), Decimal(0))
    cogs = sum((r["cogs"] for r in rows), Decimal(0))
    assert -_sum(bal, "Income:Sales") == revenue
    assert _sum(bal, "Expenses:COGS") == cogs
    return bal


def lg_export(lg, fmt):
    from jxc.exchange.beancount import export_text
    return export_text(lg, fmt)


def test_bean_check_accepts_the_example_and_its_balances_are_jxcs(tmp_path):
    bal = assert_export_matches_reports(ROOT / "examples" / "teashop")
    assert bal
    r = subprocess.run([tool("jxc"), "-L", str(ROOT / "examples" / "teashop"), "export", "beancount"],
                       capture_output=True, text=True, check=True)
    f = tmp_path / "teashop.beancount"
    f.write_text(r.stdout, encoding="utf-8")
    c = subprocess.run([tool("bean-check"), str(f)], capture_output=True, text=True)
    assert c.returncode == 0, c.stderr


def test_a_hand_worked_export(make_ledger):
    """buy 100 × 52.00 on credit, sell 10 × 88.00 to cafe, cafe pays 500.00 into the bank:
    inventory 5200 − 520 = 4680.00, cafe owes 380.00, hangzhou-tea is owed 5200.00,
    bank 500.00, sales 880.00, cogs 520.00."""
    lg = money_ledger(make_ledger,
                      "--- {id: b1, date: 2026-11-01, type: buy, from: hangzhou-tea, to: main, lines: [{item: TEA-001, qty: 100, price: 52.00}]}\n"
                      "--- {id: s1, date: 2026-11-02, type: sell, from: main, to: cafe, lines: [{item: TEA-001, qty: 10, price: 88.00}]}\n"
                      "--- {id: p1, date: 2026-11-03, type: payment, from: cafe, to: bank, amount: 500.00}\n")
    out = lg.ok("export", "beancount").stdout
    assert '2026-11-03 * "payment" ""\n  id: "p1"\n  Assets:Cash:Bank  500.00 CNY\n  Assets:Receivable:Cafe  -500.00 CNY\n' in out
    bal = beancount_balances(out)
    assert bal == {"Assets:Inventory:Main": Decimal("4680.00"), "Liabilities:Payable:Hangzhou-tea": Decimal("-5200.00"),
                   "Assets:Receivable:Cafe": Decimal("380.00"), "Income:Sales": Decimal("-880.00"),
                   "Expenses:COGS": Decimal("520.00"), "Assets:Cash:Bank": Decimal("500.00")}
    # -b: what came before is one opening transaction, balances unchanged
    assert beancount_balances(lg.ok("export", "beancount", "-b", "2026-11-03").stdout) == bal


@pytest.mark.slow
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.data())
def test_random_ledgers_export_balances_and_books(make_ledger, data):
    """Σ outstanding of a partner's documents = its balance = its statement's closing balance;
    nothing is paid beyond its amount; bean-check accepts the export, whose balances are jxc's."""
    lg = money_ledger(make_ledger, random_history(data.draw, st), tax=data.draw(
        st.sampled_from([None, "{rate: 13}", "{rate: 13, prices: inclusive}"])))
    api = jxc.open_ledger(lg.root)
    assert api.check() == []
    from jxc.reports.statement import statement
    books = api.books()
    for p in books.partners():
        docs = books.documents_of(p)
        assert sum(d.outstanding for d in docs) == books.balance(p)
        assert statement(books, p).rows[-1][-1] == books.balance(p)
        for d in docs:
            if d.kind != "credit":
                assert 0 <= d.paid <= d.amount or d.amount < 0
    assert_export_matches_reports(lg.root)


@pytest.mark.skipif(shutil.which("hledger") is None, reason="hledger is not installed (apt-get install hledger)")
def test_hledger_checks_the_ledger_export(tmp_path):
    r = subprocess.run([tool("jxc"), "-L", str(ROOT / "examples" / "teashop"), "export", "ledger"],
                       capture_output=True, text=True, check=True)
    f = tmp_path / "teashop.journal"
    f.write_text(r.stdout, encoding="utf-8")
    c = subprocess.run(["hledger", "-f", str(f), "check", "--strict"], capture_output=True, text=True)
    assert c.returncode == 0, c.stderr


def test_ledger_export_has_the_same_postings(tmp_path):
    """The ledger-format export is the beancount one in hledger's syntax: same accounts
    (lower case), same amounts, every transaction balanced."""
    lg = jxc.open_ledger(ROOT / "examples" / "teashop")
    bc = beancount_balances(lg_export(lg, "beancount"))
    led: dict = {}
    txn = Decimal(0)
    for line in lg_export(lg, "ledger").splitlines():
        if line.startswith("    "):
            acc, amount = line.split("  ")[2], line.split("  ")[-1]
            acc = line.strip().rsplit("  ", 1)[0]
            n = Decimal(amount.split()[0])
            led[acc] = led.get(acc, Decimal(0)) + n
            txn += n
        elif line[:1].isdigit():
            assert txn == 0
    assert txn == 0
    assert led == {a.lower(): v for a, v in bc.items() if v or a.lower() in led}


@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.data())
def test_fast_reader_equals_the_strict_reader_on_money_histories(make_ledger, data):
    """Random histories with paid-at-once sales and payments: the fast reader either declines
    or gives the strict reader's entries slot for slot (Settlement included)."""
    from test_scale_fastparse import both, shape
    from jxc.ledger.files import Ledger
    text = random_history(data.draw, st)
    lg = money_ledger(make_ledger, text)
    fast, strict, problems = both(text, "j.yaml", Ledger(lg.root))
    assert not problems
    assert fast is not None and shape(fast) == shape(strict)
