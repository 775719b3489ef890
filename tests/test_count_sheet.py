"""`jxc count` shows what it books: book, counted and difference per line.

  2026-11-01 buy TEA-001 10 (box), TEA-002 4, CUP-01 6 at main; LOT-01 3 of lot L1
  2026-11-03 sell TEA-001 2 → book on 11-05: TEA-001 8, TEA-002 4, CUP-01 6, LOT-01 L1 3

count TEA-001 7, CUP-01 9@5 on 11-05: TEA-001 book 8, counted 7, difference −1;
CUP-01 book 6, counted 9, difference +3.
count --full TEA-001 1case (24 boxes): TEA-001 book 8, counted 24, +16; CUP-01 6 → 0 (−6),
LOT-01 L1 3 → 0 (−3), TEA-002 4 → 0 (−4): three items set to zero.
"""

import pytest

JOURNAL = """\
--- {id: b1, date: 2026-11-01, type: buy, from: hangzhou-tea, to: main, lines: [{item: TEA-001, qty: 10, price: 50.00}, {item: TEA-002, qty: 4, price: 30.00}, {item: CUP-01, qty: 6, price: 5.00}]}
--- {id: b2, date: 2026-11-01, type: buy, from: hangzhou-tea, to: main, lines: [{item: LOT-01, qty: 3, price: 70.00, lot: L1}]}
--- {id: s1, date: 2026-11-03, type: sell, from: main, to: cafe, lines: [{item: TEA-001, qty: 2, price: 88.00}]}
"""


def sheet(stdout: str) -> list:
    """The rows of the printed sheet, as lists of cells (the table after the entry)."""
    lines = stdout.splitlines()
    start = next(i for i, ln in enumerate(lines) if ln.strip().startswith("item"))
    return [ln.split() for ln in lines[start + 2:] if ln.strip()]


@pytest.mark.parametrize("dry", [True, False])
def test_count_prints_book_counted_and_difference(make_ledger, dry):
    lg = make_ledger(JOURNAL)
    before = lg.snapshot()
    r = lg.ok("count", "TEA-001", "7", "CUP-01", "9@5", "--date", "2026-11-05", *(["--dry-run"] if dry else []))
    assert r.stdout.startswith("--- {id: ")
    assert sheet(r.stdout) == [["TEA-001", "box", "8", "7", "-1"], ["CUP-01", "pcs", "6", "9", "3"]]
    assert (lg.snapshot() == before) == dry
    if not dry:
        bal = {(row["account"], row["item"]): row["qty"] for row in lg.json("balance")}
        assert bal[("adjust:count", "TEA-001")] == 1 and bal[("adjust:count", "CUP-01")] == -3


def test_count_full_lists_what_it_sets_to_zero(make_ledger):
    """Not on a terminal (a script, CliRunner): --full goes on, and lists the zeroed items."""
    lg = make_ledger(JOURNAL)
    r = lg.ok("count", "TEA-001", "1case", "--full", "--date", "2026-11-05")
    assert sheet(r.stdout) == [["TEA-001", "box", "8", "24", "16"], ["CUP-01", "pcs", "6", "0", "-6", "yes"],
                               ["LOT-01", "L1", "cake", "3", "0", "-3", "yes"],
                               ["TEA-002", "box", "4", "0", "-4", "yes"]]
    assert lg.json("stock") == [{"item": "TEA-001", "location": "main", "qty": 24, "unit": "box"}]


def test_count_full_asks_on_a_terminal(make_ledger, monkeypatch):
    """On a terminal --full shows the list and asks; "n" writes nothing (exit 1, one line on
    stderr), "y" writes, --yes does not ask."""
    import jxc.cli.entry as E
    monkeypatch.setattr(E, "_on_terminal", lambda: True)
    lg = make_ledger(JOURNAL)
    before = lg.snapshot()
    r = lg.run("count", "TEA-001", "8", "--full", "--date", "2026-11-05", input="n\n")
    assert r.exit_code == 1 and lg.snapshot() == before
    assert "CUP-01" in r.stdout and "Write the count?" in r.stderr
    assert r.stderr.strip().endswith(
        "error: count not written: --full would set 3 item(s) to zero (check the list, then pass --yes)")
    lg.ok("count", "TEA-001", "8", "--full", "--date", "2026-11-05", input="y\n")
    assert [row["item"] for row in lg.json("stock")] == ["TEA-001"]
    lg.ok("count", "TEA-001", "5", "--full", "--yes", "--date", "2026-11-06")
    assert lg.json("stock")[0]["qty"] == 5


def test_count_quiet_prints_only_the_id(make_ledger):
    lg = make_ledger(JOURNAL)
    r = lg.ok("count", "TEA-001", "7", "--date", "2026-11-05", "-q")
    assert len(r.stdout.split()) == 1
