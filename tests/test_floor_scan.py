"""`jxc scan`: codes piped in as a barcode scanner types them, one entry written at the end."""

from __future__ import annotations

import json
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

CATALOG = """\
locations:
  main: {name: Main warehouse}
  shop: {name: Shop floor}
items:
  A: {name: Green tea, unit: box, barcode: "6901234567809", price: 30.00, cost: 12.00}
  P: {name: Pu-erh cake, unit: cake, barcode: "6901234567816", price: 40.00, cost: 20.00, lots: true}
suppliers:
  tea: {name: Tea farm}
customers:
  cafe: {name: Corner Cafe}
"""

STOCKED = """\
--- {id: b1, date: 2026-11-01, type: buy, from: tea, to: main, lines: [{item: A, qty: 10, price: 12.00}, {item: P, qty: 4, price: 20.00, lot: B, expiry: 2027-01-31}, {item: P, qty: 4, price: 21.00, lot: C, expiry: 2027-06-30}]}
"""
GS = "\x1d"


def lines_of(stdout: str) -> str:
    return stdout[stdout.index("lines: ["):]


def test_a_sale_scanned_by_sku_barcode_and_gs1_with_repeats_counts_and_an_unknown_code(make_ledger):
    """A by SKU (1) + by barcode (1) + `*3` then A (3) = 5 boxes; NOPE is reported and skipped;
    a GS1 string names P lot C; P scanned by its barcode alone takes its lot FEFO (B expires
    first).  One entry, lines in the order first scanned, prices from the catalog."""
    lg = make_ledger(STOCKED, catalog=CATALOG)
    stream = "A\n6901234567809\n*3\nA\nNOPE\n(01)06901234567816(10)C\n6901234567816\n"
    r = lg.ok("scan", "sell", "--to", "cafe", "--date", "2026-11-10", input=stream)
    assert lines_of(r.stdout) == ("lines: [{item: A, qty: 5, price: 30.00}, {item: P, qty: 1, price: 40.00,"
                                  " lot: C}, {item: P, qty: 1, price: 40.00, lot: B}]}\n")
    assert r.stderr == ("<stdin>:5: warning: skipped 'NOPE': no item has this SKU or barcode\n"
                        "scanned 5 codes (1 skipped) into 3 lines\n")
    assert lg.journal().count("type: sell") == 1


def test_gs1_with_the_group_separator_a_scanner_sends(make_ledger):
    """`]C1` symbology, AI 01 GTIN-14 of P, 17 = 270100 (day 00: the month's last day,
    2027-01-31), 10 = lot B ended by the ASCII 29 group separator, 37 = 2 units; scanned twice:
    4 cakes of lot B.  The same code with parentheses is the same line.  A scan buy takes the
    catalog cost (20.00)."""
    lg = make_ledger(catalog=CATALOG)
    code = f"]C1010690123456781617270100{'10B' + GS}372"
    stream = f"{code}\r\n{code}\n(01)06901234567816(17)270100(10)B(37)1\n"
    r = lg.ok("scan", "buy", "--from", "tea", "--date", "2026-11-10", input=stream)
    assert lines_of(r.stdout) == "lines: [{item: P, qty: 5, price: 20.00, lot: B, expiry: 2027-01-31}]}\n"


def test_an_empty_line_ends_the_scan(make_ledger):
    lg = make_ledger(STOCKED, catalog=CATALOG)
    r = lg.ok("scan", "transfer", "--from", "main", "--to", "shop", "--date", "2026-11-10", "-q",
              input="A\nA\n\nA\nA\n")
    assert r.stdout.strip() == json.loads(lg.ok("print", "-o", "json").stdout.splitlines()[-1])["id"]
    assert [(x["location"], x["qty"]) for x in lg.json("stock", "A")] == [("main", 8), ("shop", 2)]


def test_a_stocktake_with_a_scanner(make_ledger):
    """Counting main: 3 of lot B (book 4), A 10 (book 10): a shortage of one cake of lot B."""
    lg = make_ledger(STOCKED, catalog=CATALOG)
    stream = "*3\n(01)06901234567816(10)B\n*10\nA\n"
    r = lg.ok("scan", "count", "--at", "main", "--date", "2026-11-10", input=stream)
    assert lines_of(r.stdout) == "lines: [{item: P, counted: 3, lot: B}, {item: A, counted: 10}]}\n"
    assert {x["lot"]: x["qty"] for x in lg.json("stock", "--lots")} == {"B": 3, "C": 4}


@pytest.mark.parametrize("stream, message", [
    ("NOPE\n", "<stdin>: error: nothing scanned: no entry written\n"),
    ("", "<stdin>: error: nothing scanned: no entry written\n"),
    ("*20\nA\n", "error: sale of 20 A takes main below zero on 2026-11-10 (10 on hand)\n"),
])
def test_nothing_written_on_a_problem(make_ledger, stream, message):
    lg = make_ledger(STOCKED, catalog=CATALOG)
    before = lg.snapshot()
    r = lg.run("scan", "sell", "--to", "cafe", "--date", "2026-11-10", input=stream)
    assert r.exit_code == 1 and r.stderr.endswith(message), r
    assert lg.snapshot() == before


def test_a_bad_gs1_string_is_reported_and_skipped(make_ledger):
    """A GTIN with a wrong check digit is not P's: reported (biip says why), the rest written."""
    lg = make_ledger(STOCKED, catalog=CATALOG)
    r = lg.ok("scan", "sell", "--to", "cafe", "--date", "2026-11-10", input="(01)06901234567817(10)B\nA\n")
    assert r.stderr.startswith("<stdin>:1: warning: skipped '(01)06901234567817(10)B': not a GS1 code: ")
    assert lines_of(r.stdout) == "lines: [{item: A, qty: 1, price: 30.00}]}\n"


def test_without_biip_a_gs1_code_names_the_extra(make_ledger, monkeypatch):
    lg = make_ledger(STOCKED, catalog=CATALOG)
    monkeypatch.setitem(sys.modules, "biip.gs1_messages", None)
    r = lg.run("scan", "sell", "--to", "cafe", input="(01)06901234567816(10)B\n")
    assert r.exit_code == 1
    assert r.stderr == "error: reading GS1 codes needs the biip library: pip install 'jxc[scan]'\n"


def test_a_scanner_piped_into_a_real_process(make_ledger):
    """The same stream through a pipe into `python -m jxc` (no CliRunner)."""
    import subprocess
    lg = make_ledger(STOCKED, catalog=CATALOG)
    p = subprocess.run([sys.executable, "-m", "jxc", "-L", str(lg.root), "scan", "writeoff", "--reason", "mould",
                        "--date", "2026-11-10"], input=f"]C10106901234567816{GS}10C\n".encode(),
                       capture_output=True)
    assert p.returncode == 0, p.stderr
    assert lines_of(p.stdout.decode()) == "lines: [{item: P, qty: 1, lot: C}]}\n"


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(["A", "6901234567809", "NOPE", "(01)06901234567816(10)B",
                                           "]C1010690123456781610C" + GS + "3702"]),
                          st.integers(1, 9).map(lambda n: f"*{n}")), max_size=25))
def test_repeated_codes_add_up_and_unknown_codes_are_skipped(stream):
    """A model of the scan: each known code adds (its GS1 count ×) the pending *N (else 1)
    to its (item, lot); *N applies to the next code only; unknown codes are skipped (and
    clear a pending *N); the lines come in the order first scanned."""
    from jxc.ledger.catalog import read_catalog
    from jxc.write.scan import read_scan
    cat = read_catalog(CATALOG, "catalog.yaml")
    what = {"A": ("A", None, 1), "6901234567809": ("A", None, 1), "(01)06901234567816(10)B": ("P", "B", 1),
            "]C1010690123456781610C" + GS + "3702": ("P", "C", 2)}
    want: dict = {}
    pending = None
    for code in stream:
        if code.startswith("*"):
            pending = int(code[1:])
            continue
        if code in what:
            item, lot, n = what[code]
            want[(item, lot)] = want.get((item, lot), 0) + n * (pending or 1)
        pending = None
    got = read_scan([c + "\n" for c in stream], cat)
    assert {(ln["item"], ln.get("lot")): ln["qty"] for ln in got.lines} == want
    assert [(ln["item"], ln.get("lot")) for ln in got.lines] == list(want)
    assert len(got.unknown) == stream.count("NOPE")
