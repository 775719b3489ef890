"""`stock`, `card`, `print` and `return` with --ignore-errors (-I, as hledger's): the
problems first on stderr, then the command over the entries that could be read; and
one broken line gives one error, not a second one about an entry that "does not exist"."""

from __future__ import annotations

JOURNAL = """\
--- {id: b1, date: 2026-11-01, type: buy, from: hangzhou-tea, to: main, lines: [{item: TEA-001, qty: 10, price: 50}, {item: TEA-00X, qty: 1, price: 1}]}
--- {id: o1, date: 2026-11-01, type: open, to: main, lines: [{item: TEA-002, qty: 5, price: 30}]}
--- {id: r1, date: 2026-11-03, type: return, of: b1, lines: [{item: TEA-001, qty: 2}]}
--- {id: s1, date: 2026-11-04, type: sell, from: main, to: cafe, lines: [{item: TEA-002, qty: 2, price: 60}]}
"""
PROBLEM = ("journal/2026/2026-11.yaml:1: error: unknown item 'TEA-00X' (did you mean 'TEA-002'?);"
           " add it with: jxc item add TEA-00X --name ...\n")


def test_one_broken_line_gives_one_error(make_ledger):
    """b1 has a misspelled item, so it is not read; the return r1 of b1 is not also
    reported as a "return of unknown entry 'b1'"."""
    lg = make_ledger(JOURNAL)
    for cmd in (["check"], ["stock"], ["print"]):
        r = lg.run(*cmd)
        assert (r.exit_code, r.stdout, r.stderr) == (1, "", PROBLEM)


def test_stock_over_the_valid_entries(make_ledger):
    """b1 and its return r1 are left out: TEA-002 5 opened − 2 sold = 3, at 30.00 = 90.00."""
    lg = make_ledger(JOURNAL)
    r = lg.run("stock", "-I", "--value", "-o", "csv")
    assert (r.exit_code, r.stderr) == (0, PROBLEM)
    assert r.stdout == "item,location,qty,unit,unit_cost,value\nTEA-002,main,3,box,30.0000,90.00\n"


def test_card_over_the_valid_entries(make_ledger):
    lg = make_ledger(JOURNAL)
    r = lg.run("card", "TEA-002", "--ignore-errors", "-o", "csv")
    assert (r.exit_code, r.stderr) == (0, PROBLEM)
    assert r.stdout == (
        "date,id,type,ref,counterparty,in_qty,out_qty,balance_qty,in_value,out_value,balance_value\n"
        "2026-11-01,o1,open,,opening,5,,5,150.00,,150.00\n"
        "2026-11-04,s1,sell,,cafe,,2,3,,60.00,90.00\n")


def test_print_shows_what_can_be_read(make_ledger):
    lg = make_ledger(JOURNAL)
    r = lg.run("print", "-I")
    assert (r.exit_code, r.stderr) == (0, PROBLEM)
    assert r.stdout == "".join(JOURNAL.splitlines(keepends=True)[1:])


def test_return_on_a_ledger_with_another_problem(make_ledger):
    """Returning the sale s1 adds no problem: written (stock back to 5), the old problem
    printed first.  Without -I the ledger's problem refuses it.  Returning b1 itself
    says b1 has a problem of its own, not that it does not exist."""
    lg = make_ledger(JOURNAL)
    before = lg.snapshot()
    r = lg.run("return", "s1", "--date", "2026-11-05", "-q")
    assert (r.exit_code, r.stderr) == (1, PROBLEM)
    assert lg.snapshot() == before
    r = lg.run("return", "s1", "--date", "2026-11-05", "-q", "-I")
    assert (r.exit_code, r.stderr) == (0, PROBLEM)
    assert lg.json("stock", "-I") == [{"item": "TEA-002", "location": "main", "qty": 5, "unit": "box"}]
    r = lg.run("return", "b1", "-I")
    assert r.exit_code == 1
    assert r.stderr == PROBLEM + "error: entry 'b1' has a problem of its own (`jxc check` shows it): fix it first\n"


def test_return_that_adds_a_problem_is_still_refused(make_ledger):
    """Returning 3 of s1, which sold 2, is its own problem: refused even with -I."""
    lg = make_ledger(JOURNAL)
    before = lg.snapshot()
    r = lg.run("return", "s1", "TEA-002", "3", "--date", "2026-11-05", "-I")
    assert r.exit_code == 1 and r.stderr.startswith(PROBLEM) and r.stderr.count("\n") == 2
    assert "return of 3 TEA-002 is more than sell 's1' moved" in r.stderr
    assert lg.snapshot() == before
