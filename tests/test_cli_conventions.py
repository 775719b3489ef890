"""Conventions every command shares: global options anywhere, -f, -h, -o FILE, -O, one-line
usage errors, help without <bool>, completion, tables that fit, the pager, --names, defaults."""

from __future__ import annotations

import json
from decimal import Decimal
import os
import subprocess
import sys

import pytest
from hypothesis import given, settings, strategies as st
from typer.testing import CliRunner

from jxc.cli import app, hoist_global_options

JOURNAL = """\
--- {id: b1, date: 2026-11-02, type: buy, from: hangzhou-tea, to: main, ref: PO-1, lines: [{item: TEA-001, qty: 10, price: 50.00}]}
--- {id: PO-7, date: 2026-11-03, type: po, from: fujian-tea, to: main, lines: [{item: TEA-002, qty: 5, price: 30.00}]}
--- {id: s1, date: 2026-11-05, type: sell, from: main, to: cafe, lines: [{item: TEA-001, qty: 4, price: 88.00}]}
"""


def run(*args, env=None):
    r = CliRunner().invoke(app, list(map(str, args)), env=env, prog_name="jxc")
    return r


def test_global_options_anywhere_and_f_alias(make_ledger):
    """-L after the subcommand, -f (hledger's habit) and --ledger=PATH all name the ledger."""
    lg = make_ledger(JOURNAL)
    expected = lg.ok("stock", "-o", "csv").stdout
    assert expected == "item,location,qty,unit\nTEA-001,main,6,box\n"
    for args in (["stock", "-L", lg.root, "-o", "csv"], ["stock", "-o", "csv", "-f", lg.root],
                 ["-f", lg.root, "stock", "-o", "csv"], ["stock", f"--ledger={lg.root}", "-o", "csv"]):
        r = run(*args)
        assert (r.exit_code, r.stdout) == (0, expected), args


def test_hoisting_leaves_values_after_double_dash_alone():
    assert hoist_global_options(["stock", "-L", "x", "-o", "csv"]) == ["-L", "x", "stock", "-o", "csv"]
    assert hoist_global_options(["card", "--", "-L"]) == ["card", "--", "-L"]
    assert hoist_global_options(["stock", "-w100", "--no-pager"]) == ["-w100", "--no-pager", "stock"]


def test_h_is_help_and_flags_show_no_bool(make_ledger):
    r = run("buy", "-h")
    assert r.exit_code == 0
    assert "--dry-run" in r.stdout and "<bool>" not in r.stdout
    assert run("-h").stdout == run("--help").stdout


def test_usage_errors_are_one_line_without_library_wording(make_ledger):
    """A bad -o value, an unknown command, a missing argument: one line on stderr, exit 2."""
    lg = make_ledger(JOURNAL)
    r = lg.run("stock", "-o", "xx")
    assert r.exit_code == 2
    assert r.stderr == ("jxc: error: Invalid value for '--output' / '-o': 'xx' is neither a format (table, csv, tsv, json, md, xlsx)"
                        " nor a file name ending in .csv, .tsv, .json, .md, .xlsx (try 'jxc stock --help')\n")
    r = lg.run("stokc")
    assert (r.exit_code, r.stderr) == (2, "jxc: error: No such command 'stokc'. Did you mean 'stock'? "
                                          "(try 'jxc --help')\n")
    r = lg.run("print", "-o", "xml")
    assert r.exit_code == 2 and len(r.stderr.splitlines()) == 1 and "Value error" not in r.stderr


def test_o_file_and_capital_o(make_ledger, tmp_path):
    """-o out.json writes the JSON to the file (nothing on stdout); -O md with -o out.txt writes markdown."""
    lg = make_ledger(JOURNAL)
    out = tmp_path / "out.json"
    r = lg.ok("stock", "-o", out)
    assert r.stdout == ""
    assert json.loads(out.read_text()) == [{"item": "TEA-001", "item_name": "Longjing 250g", "location": "main",
                                            "qty": 6, "unit": "box"}]
    txt = tmp_path / "out.txt"
    lg.ok("stock", "-O", "md", "-o", txt)
    assert txt.read_text().splitlines()[0] == "| item    | location   |   qty | unit   |"
    assert lg.ok("stock", "-O", "tsv").stdout == "item\tlocation\tqty\tunit\nTEA-001\tmain\t6\tbox\n"
    r = lg.run("-O", "xml", "stock")
    assert r.exit_code == 2 and r.stderr.startswith("jxc: error: Invalid value for '-O': 'xml' is not one of")


def _complete(shell, words, lg, cword=None):
    """Ask typer's completion machinery as the shell script it installs would."""
    env = {"_JXC_COMPLETE": f"complete_{shell}"}
    if shell == "bash":
        env |= {"COMP_WORDS": words, "COMP_CWORD": str(cword if cword is not None else len(words.split()) - 1)}
    else:
        env |= {"_TYPER_COMPLETE_ARGS": words, "_TYPER_COMPLETE_FISH_ACTION": "get-args"}
    r = CliRunner().invoke(app, [], env=env, prog_name="jxc")
    return r.stdout


def test_completion_of_commands_options_and_catalog_values(make_ledger):
    """Against the test catalog: items TEA-001, TEA-002, CUP-01, LOT-01 (TEA-001's barcode
    6901234567890); customers walk-in, cafe; locations main, shop; the po PO-7."""
    lg = make_ledger(JOURNAL)
    L = f"-L {lg.root}"
    assert _complete("bash", f"jxc {L} sto", lg).split() == ["stock"]
    assert _complete("bash", f"jxc {L} stock --a", lg).split() == ["--at", "--as-of"]
    assert _complete("bash", f"jxc {L} card TEA", lg).split() == ["TEA-001", "TEA-002"]
    assert _complete("bash", f"jxc {L} sell 690", lg).split() == ["6901234567890"]
    assert _complete("bash", f"jxc {L} sell TEA-001 1 --to c", lg).split() == ["cafe"]
    assert _complete("bash", f"jxc {L} transfer TEA-001 1 --from s", lg).split() == ["shop"]
    assert _complete("bash", f"jxc {L} receive P", lg).split() == ["PO-7"]
    # -L typed after the command (before the word being completed) is found too
    assert _complete("bash", f"jxc stock -L {lg.root} --at m", lg).split() == ["main"]
    zsh = _complete("zsh", f"jxc {L} card CUP", lg)
    assert "CUP-01" in zsh
    fish = _complete("fish", f"jxc {L} card LOT", lg)
    assert "LOT-01" in fish
    assert _complete("bash", "jxc -L /nonexistent card T", lg).split() == []


def test_show_completion_prints_a_script(monkeypatch):
    """The script the shell sources: it calls jxc back with _JXC_COMPLETE (tested above).
    The shell is named here: typer finds it from the process tree, which differs between a
    terminal, a CI script and a test runner's workers."""
    import typer.completion
    monkeypatch.setattr(typer.completion, "_get_shell_name", lambda: "bash")
    r = CliRunner().invoke(app, ["--show-completion"], prog_name="jxc", env={"SHELL": "/bin/bash"})
    assert r.exit_code == 0 and "_JXC_COMPLETE=complete_bash" in r.stdout
    from typer._completion_shared import get_completion_script
    for shell in ("zsh", "fish"):   # what --show-completion prints in those shells
        assert f"_JXC_COMPLETE=complete_{shell}" in get_completion_script(
            prog_name="jxc", complete_var="_JXC_COMPLETE", shell=shell)


NAMED = """\
locations:
  main: {name: Main warehouse}
items:
  LJ-250: {name: 西湖龙井 250g West Lake Longjing first flush, unit: box}
customers:
  cafe: {name: Corner Cafe}
suppliers:
  hz: {name: Hangzhou Tea}
"""


def test_names_beside_codes_shrink_first_and_codes_dates_numbers_stay_whole(make_ledger):
    """stock --names at 60 columns: item LJ-250 (6), location main (8 with its header),
    qty 12 (3), unit box (4) are whole: 21 cells, plus 3 per column and 1 = 40; the item's
    long name and the location's name share the other 20 (10 each, ending in '…').
    JSON carries item_name."""
    from rich.cells import cell_len
    lg = make_ledger("--- {id: b1, date: 2026-11-02, type: buy, from: hz, to: main, "
                     "lines: [{item: LJ-250, qty: 12, price: 50.00}]}\n", catalog=NAMED)
    rows = lg.ok("--names", "-w", "60", "stock").stdout.splitlines()
    assert rows[1].split()[:1] == ["item"]
    body = rows[3]
    assert body.lstrip().startswith("LJ-250   西湖")
    assert "…" in body and " main " in body and " 12 " in body and body.rstrip().endswith("box")
    assert max(cell_len(r) for r in rows) == 60
    assert "Main ware…" in body
    js = lg.json("stock", "--names")
    assert js == [{"item": "LJ-250", "item_name": "西湖龙井 250g West Lake Longjing first flush",
                   "location": "main", "location_name": "Main warehouse", "qty": 12, "unit": "box"}]


def test_card_on_80_columns_cuts_no_date_or_id(make_ledger):
    """card at 80 columns takes the compact layout (tests/test_card_fit.py): dates of one
    year as MM-DD under the year, short headers; here everything else fits whole."""
    lg = make_ledger(JOURNAL)
    out = lg.ok("card", "TEA-001", "-w", "80").stdout
    assert "…" not in out
    assert out.startswith("2026 ") and "11-02 b1 " in out and "hangzhou-tea" in out and "PO-1" in out


@settings(max_examples=25, deadline=None)
@given(st.lists(st.text("abcdefghij 西湖龙井", min_size=1, max_size=40), min_size=1, max_size=5),
       st.integers(30, 120))
def test_fitting_never_shortens_a_code_or_number(notes, width):
    """For any names and width: code and number columns keep their natural width, and the
    table fits the width whenever the codes and numbers alone (plus the minimum) would."""
    from rich.cells import cell_len
    from jxc.reports.render import MIN_SHRUNK, Column, Report, fitted_widths
    cols = [Column("item"), Column("item_name"), Column("qty", "qty")]
    rows = [[f"SKU-{k}", n, Decimal(k * 7)] for k, n in enumerate(notes)]
    widths, total = fitted_widths(Report(cols, rows), width)
    assert widths[0] == max(4, *(cell_len(r[0]) for r in rows))
    assert widths[2] == max(3, *(len(str(r[2])) for r in rows))
    if widths[0] + widths[2] + MIN_SHRUNK + 10 <= width:
        assert total <= width


def test_default_customer_lets_a_counter_sale_skip_to(tmp_path):
    """jxc init writes default_customer: walk-in; `sell` without --to sells to walk-in;
    `buy` without --from and no default_supplier is a usage error naming --from."""
    root = tmp_path / "shop"
    assert run("init", root).exit_code == 0
    assert "default_customer: walk-in" in (root / "jxc.yaml").read_text()
    assert run("-L", root, "item", "add", "T1", "--name", "Tea").exit_code == 0
    assert run("-L", root, "open", "T1", "5@2", "--date", "2026-11-01").exit_code == 0
    r = run("-L", root, "sell", "T1", "1@3", "--date", "2026-11-02", "--dry-run")
    assert r.exit_code == 0 and "to: walk-in" in r.stdout
    r = run("-L", root, "buy", "T1", "1@2")
    assert r.exit_code == 2
    assert "name the supplier with --from, or set default_supplier in jxc.yaml" in r.stderr


def _term(lg, *args, answer=""):
    """jxc run under a pseudo-terminal of 80x10 ($PAGER marks what it pages), ``answer`` typed in."""
    p = subprocess.run([sys.executable, "-c", PTY_SCRIPT, "-L", str(lg.root), *args],
                       capture_output=True, text=True, timeout=60, env={**os.environ, "PTY_INPUT": answer})
    return p.stdout


PTY_SCRIPT = r"""
import os, pty, sys
out = []
def read(fd):
    data = os.read(fd, 65536)
    out.append(data)
    return data
pid, fd = pty.fork()
if pid == 0:
    os.environ.update({"COLUMNS": "80", "LINES": "10", "PAGER": "sed s/^/PAGED:/", "TERM": "dumb"})
    os.execvp(sys.executable, [sys.executable, "-m", "jxc", *sys.argv[1:]])
if os.environ.get("PTY_INPUT"):
    os.write(fd, os.environ["PTY_INPUT"].encode())
while True:
    try:
        if not read(fd):
            break
    except OSError:
        break
os.waitpid(pid, 0)
sys.stdout.write(b"".join(out).decode("utf-8", "replace"))
"""


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_under_a_real_terminal_long_tables_are_paged_unless_no_pager(make_ledger):
    """On a 80x10 pseudo-terminal a 1-row card (5 lines with its frame) fits: no pager; the
    example-sized stock of 12 rows does not: it goes through $PAGER; --no-pager prints it."""
    items = "\n".join(f"  I{k:02d}: {{name: Item {k}, unit: pcs}}" for k in range(12))
    lg = make_ledger("--- {id: o1, date: 2026-11-01, type: open, to: main, lines: ["
                     + ", ".join(f"{{item: I{k:02d}, qty: 1, price: 1}}" for k in range(12)) + "]}\n",
                     catalog=f"locations:\n  main: {{name: Main}}\nitems:\n{items}\n")
    def term(*args):
        return _term(lg, *args)
    paged = term("stock")
    assert "PAGED:" in paged and "I11" in paged
    plain = term("stock", "--no-pager")
    assert "PAGED:" not in plain and "I11" in plain
    short = term("card", "I00")
    assert "PAGED:" not in short and "11-01 o1 " in short      # the compact card: MM-DD under 2026


def test_print_filters_by_id_ref_partner_type_and_dates(make_ledger):
    """JOURNAL: b1 (buy from hangzhou-tea, ref PO-1, 11-02), PO-7 (po from fujian-tea, 11-03),
    s1 (sell to cafe, 11-05)."""
    lg = make_ledger(JOURNAL)

    def ids(*args):
        return [json.loads(x)["id"] for x in lg.ok("print", "-o", "json", *args).stdout.splitlines()]
    assert ids() == ["b1", "PO-7", "s1"]
    assert ids("--id", "s1", "--id", "b1") == ["b1", "s1"]
    assert ids("--ref", "PO-1") == ["b1"]
    assert ids("--partner", "cafe") == ["s1"]
    assert ids("--partner", "fujian-tea") == ["PO-7"]
    assert ids("--type", "po") == ["PO-7"]
    assert ids("-b", "2026-11-03", "-e", "2026-11-05") == ["PO-7"]
    r = lg.run("print", "--type", "sel")
    assert (r.exit_code, r.stdout) == (1, "")
    assert r.stderr.startswith("error: unknown entry type 'sel' (did you mean 'sell'?); types are open, buy, sell,")
    r = lg.run("print", "--partner", "kafe")
    assert r.stderr == "error: unknown partner 'kafe' (did you mean 'cafe'?)\n"


def test_write_commands_print_json_with_o_json(make_ledger):
    """`sell ... -o json` prints the entry as `print -o json` would, and writes it."""
    lg = make_ledger(JOURNAL)
    r = lg.ok("sell", "TEA-001", "2@90", "--to", "cafe", "--date", "2026-11-06", "-o", "json")
    row = json.loads(r.stdout)
    assert {k: row[k] for k in ("date", "type", "from", "to", "lines")} == {
        "date": "2026-11-06", "type": "sell", "from": "main", "to": "cafe",
        "lines": [{"item": "TEA-001", "qty": 2, "price": 90}]}
    assert lg.ok("print", "--id", row["id"], "-o", "json").stdout == r.stdout
    r = lg.run("sell", "TEA-001", "1", "--to", "cafe", "-o", "csv", "-n")
    assert r.exit_code == 2 and "a write command prints yaml or json, not csv" in r.stderr


def test_money_writes_take_o_json_too(tmp_path):
    """collect has no free words and no -o of its own: -o json works the same way."""
    root = tmp_path / "ex"
    assert run("init", root, "--example").exit_code == 0
    r = run("-L", root, "collect", "lakeside-cafe", "10", "-n", "-o", "json")
    assert r.exit_code == 0, r.stderr
    row = json.loads(r.stdout)
    assert (row["type"], row["from"], row["amount"]) == ("payment", "lakeside-cafe", 10)


def test_implausible_input_warns_in_a_script_and_asks_on_a_terminal(make_ledger):
    """A quantity of 69012345 (8 digits, an EAN-8's length) and a date in 2030 (more than
    a year from today): in a script, two warnings and the entry is written; on a terminal the
    answer 'n' writes nothing; --yes writes without asking."""
    lg = make_ledger(JOURNAL)
    r = lg.ok("open", "CUP-01", "69012345@1", "--date", "2030-01-01")
    assert r.stderr.splitlines()[0].startswith("warning: the date 2030-01-01 is more than a year from today")
    assert r.stderr.splitlines()[1] == "warning: the quantity 69012345 of CUP-01 looks like a barcode"
    assert "qty: 69012345" in lg.journal("2030-01")
    before = lg.snapshot()
    out = _term(lg, "open", "CUP-01", "12345678@1", answer="n\n")
    assert "looks like a barcode" in out and "write it anyway?" in out and "nothing written" in out
    assert lg.snapshot() == before
    out = _term(lg, "--yes", "open", "CUP-01", "12345678@1")
    assert "write it anyway?" not in out and "qty: 12345678" in out
    assert lg.ok("open", "CUP-01", "7@1").stderr == ""
    r = lg.run("sell", "CUP-01", "69012345@1", "--to", "cafe")   # refused (not in stock): no warning first
    assert r.exit_code == 1 and not r.stderr.startswith("warning:")


def test_version_imports_no_cli_library():
    """`jxc --version` answers from jxc.launch without importing typer, click or rich
    (0.04 s instead of 0.26 s, measured on the development machine)."""
    code = ("import sys; sys.argv = ['jxc', '--version']; from jxc.launch import main; main(); "
            "assert not {'typer', 'click', 'rich'} & set(sys.modules), sorted(sys.modules)")
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert (p.returncode, p.stdout) == (0, "jxc 0.1.0\n"), p.stderr
