"""The fast reader of jxc's canonical form gives exactly the entries of the strict reader.

Differential: every journal file of the test corpus (the example ledgers, any
journal under tests/, a generated benchmark history, and hand-written edge cases)
is read both ways; the fast reader either declines (None: the strict reader is
used) or returns entries identical slot for slot, types included.
"""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest

from jxc.ledger.entries import Entry, Line
from jxc.store.fastparse import parse_canonical
from jxc.ledger.files import Ledger
from jxc.ledger.journal import parse_text

ROOT = Path(__file__).parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
import generate  # noqa: E402


def shape(entries):
    """Every slot of every entry and line, with its type."""
    out = []
    for e in entries:
        row = [(s, getattr(e, s), type(getattr(e, s))) for s in Entry._fields if s != "lines"]
        for ln in e.lines:
            row.append([(s, getattr(ln, s), type(getattr(ln, s))) for s in Line._fields])
        out.append(row)
    return out


def both(text, name, lg):
    problems = []
    strict = parse_text(text, name, lg.catalog, lg.settings, problems)
    fast = parse_canonical(text, name, lg.catalog, lg.settings)
    return fast, strict, problems


def corpus_ledgers():
    roots = [ROOT / "examples" / "teashop", ROOT / "jxc" / "example"]
    roots += sorted({p.parent for p in (ROOT / "tests").rglob("jxc.yaml")})
    return [r for r in roots if (r / "jxc.yaml").exists()]


@pytest.mark.parametrize("root", corpus_ledgers(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_file_of_the_corpus_reads_the_same(root):
    lg = Ledger(root)
    files = lg.journal_files()
    assert files
    for p in files:
        fast, strict, problems = both(lg.read_text(p), lg.name(p), lg)
        assert fast is None or (not problems and shape(fast) == shape(strict)), p


def test_a_generated_history_reads_the_same_and_takes_the_fast_path(tmp_path):
    root = generate.generate(3000, tmp_path / "gen", seed=5, quiet=True)
    lg = Ledger(root)
    n = 0
    for p in lg.journal_files():
        fast, strict, problems = both(lg.read_text(p), lg.name(p), lg)
        assert fast is not None, p
        assert not problems and shape(fast) == shape(strict)
        n += len(fast)
    assert n == 3000


def test_generated_entries_are_what_dump_entry_writes():
    from decimal import Decimal
    import datetime as dt
    from jxc.ledger.entries import dump_entry
    text = generate.jxc_doc(7, dt.date(2024, 2, 29), "sell", "shop1", "walk-in", 41, 3, 1250)
    raw = {"id": "20240229-000007", "date": dt.date(2024, 2, 29), "type": "sell", "from": "shop1",
           "to": "walk-in", "lines": [{"item": "SKU-0042", "qty": Decimal(3), "price": Decimal("12.50")}]}
    assert text == dump_entry(raw)


CASES = [
    # canonical, with the variety jxc writes
    '--- {id: a1, date: 2026-11-02, type: buy, from: hangzhou-tea, to: main, ref: PO-1, note: "first, order", '
    'lines: [{item: TEA-001, qty: 2, unit: case, price: 1200.00}, {item: 6901234567890, qty: 5, price: 50}]}\n'
    '--- {id: a2, date: 2026-11-03, type: sell, to: walk-in, lines: [{item: TEA-001, qty: 3}]}\n'
    '--- {id: a3, date: 2026-11-03, type: transfer, from: main, to: shop, lines: [{item: TEA-002, qty: 1}]}\n'
    '--- {id: a4, date: 2026-11-04, type: writeoff, from: shop, to: damaged, lines: [{item: TEA-002, qty: 1}]}\n'
    '--- {id: a5, date: 2026-11-05, type: count, at: main, full: true, lines: [{item: TEA-001, counted: 40}]}\n'
    '--- {id: a6, date: 2026-11-06, type: return, of: a2, note: 中文 备注, lines: [{item: TEA-001, qty: 1}]}\n'
    '--- {id: a7, date: 2026-11-07, type: open, lines: [{item: LOT-01, qty: 5, price: 9.5, lot: L1, expiry: 2030-01-01}]}\n'
    '--- {date: 2026-11-08, type: writeoff, lines: [{item: CUP-01, qty: 1}]}\n'
    '--- {id: a9, date: 2026-11-09, type: count, full: true}\n',
    # comments, blank lines and empty documents count as the strict reader counts them
    "# header\n\n---\n--- {id: b1, date: 2026-11-02, type: open, to: main, lines: [{item: CUP-01, qty: 1, price: 2}]}\n# tail\n---\n",
    "",
    # shapes the fast reader must decline (or read identically)
    "---\nid: c1\ndate: 2026-11-02\ntype: open\nlines:\n- {item: CUP-01, qty: 1, price: 2}\n",
    '--- {id: c2, date: 2026-11-02, type: open, lines: [{item: CUP-01, qty: "1", price: 2}]}\n',
    '--- {id: c3, date: 2026-11-02, type: open, lines: [{item: NOPE, qty: 1, price: 2}]}\n',
    '--- {id: c4, date: 2026-02-30, type: open, lines: [{item: CUP-01, qty: 1, price: 2}]}\n',
    '--- {id: c5, date: 2026-11-02, type: open, lines: [{item: CUP-01, qty: 0, price: 2}]}\n',
    '--- {id: null, date: 2026-11-02, type: open, lines: [{item: CUP-01, qty: 1, price: 2}]}\n',
    '--- {id: c7, id: c8, date: 2026-11-02, type: open, lines: [{item: CUP-01, qty: 1, price: 2}]}\n',
    '--- {id: c9, date: 2026-11-02, type: open, bogus: 1, lines: [{item: CUP-01, qty: 1, price: 2}]}\n',
    '--- {id: d1, date: 2026-11-02, type: sell, to: walk-in, lines: [{item: CUP-01, qty: 1}]}\n',
    '--- {id: d2, date: 2026-11-02, type: move, from: supplier:fujian-tea, to: main, lines: [{item: CUP-01, qty: 1}]}\n',
    '--- {id: d3, date: 2026-11-02, type: open, note: "a \\"q\\"", lines: [{item: CUP-01, qty: 1, price: 2}]}\n',
    '--- {id: d4, date: 2026-11-02, type: open, lines: [{item: CUP-01, qty: 1, price: 2}]}\r\n',
    '--- {id: d5, date: 2026-11-02, type: open, lines: [{item: LOT-01, qty: 1, price: 2}]}\n',
    '--- {id: d6, date: 2026-11-02, type: open, lines: [{item: CUP-01, qty: 1, price: 2}]} # note\n',
    '--- {id: d7, date: 2026-11-02, type: open, note: a #b, lines: [{item: CUP-01, qty: 1, price: 2}]}\n',
    '--- {id: d8, date: 2026-11-02, type: open, lines: [{item: CUP-01, qty: 1, price: 2}], ref: x}\n',
    '--- {id: d9, date: 2026-11-02, type: transfer, from: main, to: main, lines: [{item: CUP-01, qty: 1}]}\n',
    '--- {id: e1, date: 2026-11-02, type: open, lines: [{item: TEA-001, qty: 1, unit: crate, price: 2}]}\n',
    '--- {id: e2, date: 2026-11-02, type: open, lines: []}\n',
    '--- {id: e3, date: 2026-11-02, type: open, lines: [{item: CUP-01, qty: 1_000, price: 2}]}\n',
    '--- {id: e4, date: 2026-11-02, type: open, lines: [{item: CUP-01, qty: 1, price: 2}]}\n--- [1, 2]\n',
    '--- {id: e5, date: 2026-11-02, type: open, note: &a x, lines: [{item: CUP-01, qty: 1, price: 2}]}\n',
    '--- {id: e6, date: 2026-11-02, type: open, note: "tab\there", lines: [{item: CUP-01, qty: 1, price: 2}]}\n',
    '--- {id: e7, date: 2026-11-02, type: open, note: x\u2028y, lines: [{item: CUP-01, qty: 1, price: 2}]}\n',
    '--- {id: e8, date: 2026-11-02, type: open, note: ~, lines: [{item: CUP-01, qty: 1, price: 2}]}\n',
    '--- {id: e9, date: 2026-11-02, type: open, note: "null", ref: "", lines: [{item: CUP-01, qty: 1, price: 2}]}\n',
    '--- {id: f1, date: 2026-11-02, type: count, full: yes, lines: [{item: CUP-01, counted: 0}]}\n',
    '--- {id: f2, date: 2026-11-02, type: sell, from: shop, to: cafe, lines: [{item: TEA-002, qty: 1}]}\n',
    '--- {id: f3, date: 2026-11-02, type: writeoff, to: "spoiled", lines: [{item: TEA-002, qty: 1}]}\n',
    '--- {id: f4, date: 2026-11-02, type: buy, from: nobody, lines: [{item: TEA-002, qty: 1, price: 3}]}\n',
    '  --- {id: f5, date: 2026-11-02, type: open, lines: [{item: CUP-01, qty: 1, price: 2}]}\n',
]


@pytest.mark.parametrize("text", CASES, ids=range(len(CASES)))
def test_edge_cases_read_the_same_or_are_declined(make_ledger, text):
    lg = Ledger(make_ledger().root)
    fast, strict, problems = both(text, "journal/2026/2026-11.yaml", lg)
    if fast is not None:
        assert not problems, problems
        assert shape(fast) == shape(strict)


def test_the_canonical_cases_take_the_fast_path(make_ledger):
    lg = Ledger(make_ledger().root)
    for text in CASES[:3]:
        fast, strict, problems = both(text, "journal/2026/2026-11.yaml", lg)
        assert fast is not None and shape(fast) == shape(strict), text


def test_what_jxc_writes_reads_the_same(make_ledger):
    lg = make_ledger()
    lg.ok("buy", "TEA-001", "2case@1200", "TEA-002", "5@31.50", "--from", "hangzhou-tea",
          "--date", "2026-11-01", "--note", "a note, with a comma", "--ref", "PO 1")
    lg.ok("sell", "TEA-001", "3", "--to", "cafe", "--date", "2026-11-02")
    lg.ok("transfer", "TEA-002", "1", "--from", "main", "--to", "shop", "--date", "2026-11-03")
    lg.ok("count", "TEA-001", "40", "--date", "2026-11-04")
    ledger = Ledger(lg.root)
    for p in ledger.journal_files():
        fast, strict, problems = both(ledger.read_text(p), ledger.name(p), ledger)
        assert fast is not None and shape(fast) == shape(strict)
    textwrap.dedent("")
