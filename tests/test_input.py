"""Every input has a clear error: numbers, dates and periods, encodings, shapes, digits, names.

Each test writes a small ledger, runs the command as a user would, and checks the
one line on stderr (``PATH:LINE: error: ...``), exit 1, and that nothing was written;
or, for input jxc takes, the exact answer.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

J = "journal/2026/2026-11.yaml"
HEAD = """\
---
id: o1
date: 2026-11-01
type: open
to: main
lines:
- {item: TEA-001, qty: 10, price: 50.00}
"""


def one_error(r, start: str, contains: str = ""):
    assert r.exit_code == 1, r
    assert len(r.stderr.splitlines()) == 1, r.stderr
    assert r.stderr.startswith(start), r.stderr
    assert contains in r.stderr, r.stderr
    assert "Traceback" not in r.stderr and len(r.stderr) < 400


# ---------------------------------------------------------------------------
# numbers: ASCII digits, at most 12 before the point and 6 after, everywhere

@pytest.mark.parametrize("qty, why", [
    ("1234567890123456789012345678", "outside the range jxc carries"),       # 28 digits
    ("1" * 4400, "(4,400 characters)"),                                       # a 4,400-digit number
    ("1234567890123", "outside the range jxc carries"),                       # 13 digits before the point
    ("1.1234567", "outside the range jxc carries"),                           # 7 after
    ("1e3", "without an exponent"),
    ("1e999999999", "without an exponent"),
    ("١٢", "digits must be ASCII 0-9"),                                       # Arabic-Indic
    ("１２", "digits must be ASCII 0-9"),                                     # full-width
    ("1_000", "without '_'"),
    ("! 5", "YAML tag '!' is not allowed"),
])
def test_a_number_outside_the_rule_is_refused_at_its_line(make_ledger, qty, why):
    """The journal line ``qty: X`` (line 7 of the file) is refused by check and by reports."""
    lg = make_ledger(HEAD.replace("qty: 10,", f"qty: {qty},"))
    for cmd in ("check", "stock", "value"):
        one_error(lg.run(cmd), f"{J}:7: error: ", why)


def test_the_widest_numbers_in_range_add_up_exactly(make_ledger):
    """Two receipts of 999999999999.999999 (12 digits before the point, 6 after) sum
    exactly: 1999999999999.999998 — no digit lost to a 28-digit context."""
    big = "999999999999.999999"
    lg = make_ledger(HEAD.replace("qty: 10,", f"qty: {big},") + HEAD.replace("o1", "o2")
                     .replace("qty: 10,", f"qty: {big},").replace("---\n", "---\n", 1))
    assert lg.ok("stock", "-o", "csv").stdout == "item,location,qty,unit\nTEA-001,main,1999999999999.999998,box\n"


def test_a_31_digit_unit_factor_is_refused_in_the_catalog(make_ledger):
    lg = make_ledger(HEAD, catalog="""\
        locations:
          main: {}
        items:
          TEA-001: {name: Tea, unit: box, units: {case: 1234567890123456789012345678901}}
        """)
    one_error(lg.run("stock"), "catalog.yaml:4: error: 'case' must be a number, got ", "outside the range")


def test_a_converted_quantity_outside_the_range_is_refused(make_ledger):
    """999999999999 cases of 24 are 23999999999976 boxes: 14 digits, past the range."""
    lg = make_ledger(HEAD.replace("qty: 10, price: 50.00", "qty: 999999999999, unit: case, price: 5"))
    one_error(lg.run("check"), f"{J}:7: error: item 'TEA-001': the quantity in base units is ",
              "999999999999 × 24 = '23999999999976'")


@pytest.mark.parametrize("spec, message", [
    ("١٢@5", "error: the quantity of TEA-001 must be a number, got '١٢' (digits must be ASCII 0-9)"),
    ("1_000@5", "error: the quantity of TEA-001 must be a number, got '1_000' (write it without '_')"),
    ("5@1e5", "error: the price of TEA-001 must be a non-negative number, got '1e5' (write it out, without an exponent)"),
    ("5@５", "error: the price of TEA-001 must be a non-negative number, got '５' (digits must be ASCII 0-9)"),
    ("1234567890123456789012345678@5", "error: the quantity of TEA-001 must be a number, got '123456789012345678901234…'"
                                       " (28 characters) (outside the range jxc carries: at most 12 digits before"
                                       " the point and 6 after)"),
])
def test_the_command_line_takes_numbers_by_the_same_rule(make_ledger, spec, message):
    lg = make_ledger(HEAD)
    before = lg.snapshot()
    r = lg.run("buy", "TEA-001", spec, "--from", "hangzhou-tea")
    assert r.exit_code == 1 and r.stderr == message + "\n", r
    assert lg.snapshot() == before


@pytest.mark.parametrize("args, code", [
    (["item", "add", "X-1", "--name", "x", "--price", "1e5"], 1),
    (["item", "add", "X-1", "--name", "x", "--units", "case=１２"], 1),
    # catalog fields are typed by the catalog's own rule (a ledger error, exit 1)
    (["supplier", "add", "s2", "--lead-time", "٥"], 1),
    (["item", "add", "X-1", "--name", "x", "--lead-time", "1_0"], 1),
    (["slow", "--days", "٩٠"], 2),
    (["aging", "--buckets", "30,６０"], 2),
    (["open", "TEA-001", "1@2", "--wait", "٣٠"], 2),       # the lock's wait, in seconds
    (["open", "TEA-001", "1@2", "--wait", "-1"], 2),
])
def test_options_take_ascii_digits_only(make_ledger, args, code):
    lg = make_ledger(HEAD)
    before = lg.snapshot()
    r = lg.run(*args)
    assert r.exit_code == code and "Traceback" not in r.stderr, r
    assert code == 2 or len(r.stderr.splitlines()) == 1, r
    assert lg.snapshot() == before


# ---------------------------------------------------------------------------
# dates and periods

def test_as_of_the_last_day_there_is_shows_everything(make_ledger):
    """--as-of 9999-12-31: every entry counts (10 boxes opened on 2026-11-01)."""
    lg = make_ledger(HEAD)
    want = "item,location,qty,unit\nTEA-001,main,10,box\n"
    assert lg.ok("stock", "--as-of", "9999-12-31", "-o", "csv").stdout == want
    assert lg.ok("value", "--as-of", "9999-12-31", "-o", "csv").stdout.endswith("TEA-001,main,10,50.0000,500.00\n")


@pytest.mark.parametrize("period", ["9999", "9999-12", "9999-Q4", "9999-W52", "0001", "0999-01"])
def test_a_period_at_the_ends_of_the_calendar_is_an_empty_answer(make_ledger, period):
    """No sale in those periods; turnover holds the 500.00 of stock opened in 2026 from then on."""
    lg = make_ledger(HEAD)
    for cmd in ("profit", "sales"):
        assert lg.ok(cmd, "-p", period, "-o", "json").json() == []
    rows = lg.json("turnover", "-p", period)
    assert [(r["opening_value"], r["closing_value"]) for r in rows] == ([] if period < "2026" else [(500, 500)])


@pytest.mark.parametrize("period, message", [
    ("0000", "error: --period: year 0000 does not exist (years run 0001 to 9999)"),
    ("2026-13", "error: --period: month 13 does not exist in '2026-13'"),
    ("2026-Q5", "error: --period: quarter 5 does not exist in '2026-Q5' (quarters are 1 to 4)"),
    ("2025-W53", "error: --period: 2025 has no ISO week 53"),
    ("２０２６", "error: --period must be a year (2026)"),
    ("nextyear", "error: --period must be a year (2026)"),
])
def test_a_period_that_does_not_exist_is_a_clear_error(make_ledger, period, message):
    r = make_ledger(HEAD).run("profit", "-p", period)
    one_error(r, message)


def test_an_entry_dated_past_9999_12_30_is_refused_and_the_day_before_works(make_ledger):
    """9999-12-30 is the last day an entry can carry, so every period holding it has an end;
    turnover of year 9999 then runs 9999-01-01 .. 9999-12-30 (364 days)."""
    lg = make_ledger(HEAD.replace("2026-11-01", "9999-12-31"), month="9999-12")
    one_error(lg.run("turnover"), "journal/9999/9999-12.yaml:3: error: 'date' 9999-12-31 is past the last date"
                                  " jxc carries (9999-12-30)")
    lg = make_ledger(HEAD.replace("2026-11-01", "9999-12-30"), month="9999-12")
    rows = lg.json("turnover", "-p", "9999")
    assert rows[0]["item"] == "TEA-001" and rows[0]["closing_value"] == 500
    assert "9999-01-01 .. 9999-12-30: 364 days" in lg.ok("turnover", "-p", "9999").stdout


def test_ids_of_years_before_1000_are_zero_padded(make_ledger):
    lg = make_ledger(HEAD)
    out = lg.ok("buy", "TEA-001", "1@5", "--from", "hangzhou-tea", "--date", "0999-01-05", "-q").stdout
    assert out.startswith("09990105-") and len(out.strip()) == 15, out
    assert (lg.root / "journal" / "0999" / "0999-01.yaml").read_text().count(out.strip()) == 1


@pytest.mark.parametrize("text", ["2026-11-24", "2026/11/24", "20261124"])
def test_every_date_form_means_the_same_day(make_ledger, text):
    lg = make_ledger(HEAD)
    out = lg.ok("buy", "TEA-001", "1@5", "--from", "hangzhou-tea", "--date", text, "--dry-run").stdout
    assert "date: 2026-11-24," in out


def test_full_width_digits_in_a_journal_date_are_refused(make_ledger):
    lg = make_ledger(HEAD.replace("2026-11-01", "２０２６-11-01"))
    one_error(lg.run("check"), f"{J}:3: error: 'date' must be a date (YYYY-MM-DD), got '２０２６-11-01'")


# ---------------------------------------------------------------------------
# encodings

def test_a_month_file_that_is_not_utf8_is_reported_at_its_line(make_ledger):
    """GBK bytes after 'note: caf' on line 5: column 10."""
    lg = make_ledger(HEAD)
    p = lg.root / J
    p.write_bytes(p.read_bytes().replace(b"type: open", b"type: open\nnote: caf\xb2"))
    one_error(lg.run("check"), f"{J}:5: error: not UTF-8 text: byte 0xb2 at column 10 (save the file as UTF-8)")


def test_an_argument_that_is_not_utf8_is_refused(make_ledger):
    """Python gives undecodable argv bytes as surrogates U+DC80..U+DCFF: 0xb2 -> U+DCB2."""
    lg = make_ledger(HEAD)
    before = lg.snapshot()
    r = lg.run("buy", "TEA-001", "1@5", "--from", "hangzhou-tea", "--note", "caf\udcb2")
    one_error(r, "error: --note is not UTF-8 text (byte 0xb2); set the terminal to UTF-8 and type it again")
    assert lg.snapshot() == before


def test_add_refuses_a_file_or_stdin_that_is_not_utf8(make_ledger, tmp_path):
    lg = make_ledger(HEAD)
    before = lg.snapshot()
    f = tmp_path / "in.yaml"
    f.write_bytes(b"---\nnote: ok\n---\nnote: caf\xb2\n")
    one_error(lg.run("add", str(f)), f"{f}:4: error: not UTF-8 text: byte 0xb2 at column 10")
    one_error(lg.run("add", "-", input=b"{\"note\": \"caf\xb2\"}\n"), "<stdin>:1: error: not UTF-8 text: byte 0xb2")
    assert lg.snapshot() == before


def test_a_line_separator_inside_a_json_string_stays_in_the_string(make_ledger):
    """U+2028, U+2029 and U+0085 are characters of the note, written escaped, read back equal."""
    lg = make_ledger(HEAD)
    note = "a\u2028b\u2029c\x85d"
    line = ('{"date": "2026-11-25", "type": "buy", "from": "hangzhou-tea", "note": "%s",'
            ' "lines": [{"item": "TEA-001", "qty": 1, "price": 5}]}\n' % note)
    lg.ok("add", "-", input=line.encode())
    assert '\\u2028' in lg.journal()
    import json
    entries = [json.loads(t) for t in lg.ok("print", "-o", "json").stdout.split("\n") if t]
    assert [e["note"] for e in entries if "note" in e] == [note]


# ---------------------------------------------------------------------------
# shapes of JSON lines

BUY = '{"date": "2026-11-25", "type": "buy", "from": "hangzhou-tea", "to": "main", '


@pytest.mark.parametrize("text, message", [
    (BUY + '"lines": 5}', "<stdin>:1: error: 'lines' must be a list of lines like [{\"item\": \"SKU\", \"qty\": 1}],"
                          " got the number 5"),
    (BUY + '"lines": true}', "<stdin>:1: error: 'lines' must be a list of lines"),
    (BUY + '"lines": [7]}', "<stdin>:1: error: line 1 of 'lines' must be an object"),
    (BUY + '"note": {"a": 1}, "lines": []}', "<stdin>:1: error: 'note' must be a single value, got an object"),
    (BUY + '"date": "2026-11-26", "lines": []}', "<stdin>:1: error: duplicate key 'date'"),
    (BUY + '"lines": [{"item": "TEA-001", "qty": 1, "qty": 2, "price": 5}]}', "<stdin>:1: error: duplicate key 'qty'"),
    (BUY + '"lines": [{"item": "TEA-001", "qty": 1e999999999, "price": 5}]}',
     "<stdin>:1: error: a number must be one jxc carries, got '1e999999999' (write it out, without an exponent)"),
    (BUY + '"lines": [{"item": "TEA-001", "qty": NaN, "price": 5}]}', "<stdin>:1: error: NaN is not a number"),
    (BUY + '"lines": [{"item": "TEA-001", "qty": 1, "price": %s}]}' % ("9" * 4400),
     "<stdin>:1: error: a number must be one jxc carries, got '999999999999999999999999…' (4,400 characters)"),
    (BUY + '"note": "\\ud800", "lines": []}', "<stdin>:1: error: 'note' holds a lone surrogate escape"),
    (BUY + '"note: a}\\n--- {id: evil": 1, "lines": []}', "<stdin>:1: error: unknown key 'note: a}\\n--- {id: evil'"),
    ('{"a": ' * 100_000 + "1" + "}" * 100_000, "<stdin>:1: error: invalid JSON: nested too deeply for an entry"),
    ('{"a": ' + "[" * 100_000, "<stdin>:1: error: invalid JSON: nested too deeply for an entry"),
])
def test_add_refuses_a_json_line_of_the_wrong_shape(make_ledger, text, message):
    lg = make_ledger(HEAD)
    before = lg.snapshot()
    one_error(lg.run("add", "-", input=("\n" + text + "\n").encode()), message.replace("<stdin>:1", "<stdin>:2"))
    assert lg.snapshot() == before


# ---------------------------------------------------------------------------
# names

@pytest.mark.parametrize("name, message", [
    ("TEA\u200b001", "error: 'item' is not a valid name: 'TEA\\u200b001' (it holds the invisible character U+200B"
                     " (zero width space))"),
    ("TEA：001", "error: 'item' is not a valid name: 'TEA：001' (it holds U+FF1A (fullwidth colon), which reads as ':')"),
    ("TEA\u3000001", "error: 'item' is not a valid name: 'TEA\\u3000001' (it holds the invisible character U+3000"),
    ("TЕA-001", "catalog.yaml:9: error: item 'TЕA-001' looks like 'TEA-001': likely a duplicate"),
    ("ＴＥＡ-001", "catalog.yaml:9: error: item 'ＴＥＡ-001' looks like 'TEA-001': likely a duplicate"),
    ("TEA–001", "catalog.yaml:9: error: item 'TEA–001' looks like 'TEA-001': likely a duplicate"),
])
def test_confusable_names_are_refused(make_ledger, name, message):
    lg = make_ledger(HEAD)
    before = lg.snapshot()
    one_error(lg.run("item", "add", name, "--name", "copy"), message)
    assert lg.snapshot() == before


def test_a_look_alike_name_in_the_journal_suggests_the_real_one(make_ledger):
    lg = make_ledger(HEAD.replace("item: TEA-001", "item: TЕA-001"))
    one_error(lg.run("check"), f"{J}:7: error: unknown item 'TЕA-001' (did you mean 'TEA-001'?)")


def test_look_alike_names_written_into_the_catalog_by_hand_are_refused(make_ledger):
    from conftest import CATALOG
    lg = make_ledger(HEAD, catalog=CATALOG + "  cafе: {name: Cyrillic e}\n")
    one_error(lg.run("stock"), "catalog.yaml:", "customer 'cafе' looks like 'cafe'")


def test_dates_of_the_future_and_past_read_with_a_fixed_today():
    from jxc.reports.period import Period, parse_date, parse_period
    today = dt.date(2026, 12, 3)
    assert parse_date("tomorrow", today=today) == dt.date(2026, 12, 4)
    assert parse_period("lastmonth", today=today) == Period(dt.date(2026, 11, 1), dt.date(2026, 12, 1))
    assert parse_period("thisquarter", today=today) == Period(dt.date(2026, 10, 1), dt.date(2027, 1, 1))
    assert parse_period("lastquarter", today=dt.date(2026, 2, 1)) == Period(dt.date(2025, 10, 1), dt.date(2026, 1, 1))
    assert parse_period("lastyear", today=today) == Period(dt.date(2025, 1, 1), dt.date(2026, 1, 1))
    assert parse_period("thisweek", today=today) == Period(dt.date(2026, 11, 30), dt.date(2026, 12, 7))
    assert parse_period("2026Q4") == parse_period("2026-q4") == Period(dt.date(2026, 10, 1), dt.date(2027, 1, 1))
    assert parse_period("2026-W47") == parse_period("2026w47") == Period(dt.date(2026, 11, 16), dt.date(2026, 11, 23))
    assert parse_period("2026/11") == parse_period("2026-11")
    assert parse_period("9999") == Period(dt.date(9999, 1, 1), dt.date(9999, 12, 31))


# ---------------------------------------------------------------------------
# the fuzz corpus: one file per kind of bad input, each with the one line it must give

CORPUS = Path(__file__).parent / "corpus" / "input"


def _corpus():
    for row in (CORPUS / "EXPECT.tsv").read_text(encoding="utf-8").splitlines():
        if row and not row.startswith("#"):
            name, command, expect = row.split("\t")
            yield pytest.param(name, command, expect, id=name)


@pytest.mark.parametrize("name, command, expect", list(_corpus()))
def test_corpus(make_ledger, name, command, expect):
    """`check` of a month file holding the corpus file, or `jxc add -` reading it: exit 1,
    one line on stderr beginning as EXPECT.tsv says, nothing written."""
    data = (CORPUS / name).read_bytes()
    lg = make_ledger()
    if command == "check":
        p = lg.root / J
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)
    before = lg.snapshot()
    r = lg.run("check") if command == "check" else lg.run("add", "-", input=data)
    one_error(r, expect)
    assert lg.snapshot() == before


def test_the_corpus_covers_every_kind():
    kinds = {row.split("-")[0] for row in (CORPUS / "EXPECT.tsv").read_text(encoding="utf-8").splitlines()
             if row and not row.startswith("#")}
    assert kinds == {"num", "digits", "date", "enc", "name", "json", "yaml"}


@pytest.mark.parametrize("args", [
    ["reorder", "--as-of", "0001-01-01"], ["stock", "--as-of", "0001-01-01"], ["aging", "--as-of", "9999-12-31"],
    ["slow", "--as-of", "9999-12-31"], ["sales", "--by", "week", "-p", "0001"], ["card", "TEA-001", "-p", "9999"],
    ["profit", "--by", "month", "-p", "9999-W52"],
])
def test_reports_at_the_ends_of_the_calendar_answer(make_ledger, args):
    """The first and last days there are: an answer (exit 0), never an overflow."""
    make_ledger(HEAD).ok(*args)


def test_a_full_width_name_in_the_journal_suggests_the_ascii_one(make_ledger):
    """ＴＥＡ-001 is too far from TEA-001 for a spelling match; its skeleton is TEA-001."""
    lg = make_ledger(HEAD.replace("item: TEA-001", "item: ＴＥＡ-001"))
    one_error(lg.run("check"), f"{J}:7: error: unknown item 'ＴＥＡ-001' (did you mean 'TEA-001'?)")


def test_a_file_named_in_bytes_that_are_not_utf8_is_still_read(make_ledger, tmp_path):
    """Only text that would be written is held to UTF-8; a file name is the file system's."""
    import os
    lg = make_ledger(HEAD)
    f = tmp_path / os.fsdecode(b"in-\xb2.jsonl")
    f.write_text('{"date": "2026-11-25", "type": "buy", "from": "hangzhou-tea", "to": "main",'
                 ' "lines": [{"item": "TEA-001", "qty": 1, "price": 5}]}\n', encoding="utf-8")
    assert lg.ok("add", str(f), "-n").stdout.startswith("--- {id: 20261125-")


def test_the_widest_amounts_add_up_to_the_cent(make_ledger):
    """999999999999 @ 999999999999.999999 = 999999999999 × 10¹² − 999999999999 × 10⁻⁶
    = 999999999998999999000000.000001 → 999999999998999999000000.00 a line; two lines
    1999999999997999998000000.00 (25 digits before the point: exact, not rounded to 28 digits)."""
    lg = make_ledger()
    for day in ("2026-11-01", "2026-11-02"):
        lg.ok("buy", "CUP-01", "999999999999@999999999999.999999", "--from", "hangzhou-tea", "--date", day)
    assert lg.ok("purchases", "-o", "csv").stdout == "item,qty,amount\nCUP-01,1999999999998,1999999999997999998000000.00\n"
    assert lg.ok("value", "-o", "csv").stdout.endswith(",1999999999997999998000000.00\n")
