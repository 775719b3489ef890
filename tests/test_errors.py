"""SPEC 6: every problem is one `PATH:LINE: error: ...` line on stderr, exit 1, never a traceback."""

import pytest

J = "journal/2026/2026-11.yaml"

GOOD_HEAD = """\
---
id: b1
date: 2026-11-01
type: buy
from: hangzhou-tea
lines:
- {item: TEA-001, qty: 10, price: 50.00}
"""


@pytest.mark.parametrize("entry, line, message", [
    # broken YAML
    ("---\nid: x\ndate: 2026-11-02\ntype: sell\nlines: [\n", 13, "invalid YAML"),
    # unknown key, with the closest known one
    ("---\nid: x\ndate: 2026-11-02\ntype: sell\nto: cafe\nlins:\n- {item: TEA-001, qty: 1}\n",
     13, "unknown key 'lins' in a sell entry (did you mean 'lines'?)"),
    ("---\nid: x\ndate: 2026-11-02\ntype: sell\nto: cafe\nlines:\n- {item: TEA-001, qyt: 1}\n",
     14, "unknown key 'qyt' in a sell line (did you mean 'qty'?)"),
    # missing keys
    ("---\nid: x\ndate: 2026-11-02\ntype: sell\nlines:\n- {item: TEA-001, qty: 1}\n",
     9, "sell entry is missing the required key 'to'"),
    ("---\nid: x\ntype: sell\nto: cafe\nlines:\n- {item: TEA-001, qty: 1}\n",
     9, "sell entry is missing the required key 'date'"),
    ("---\nid: x\ndate: 2026-11-02\ntype: sell\nto: cafe\nlines:\n- {item: TEA-001}\n",
     14, "line is missing the required key 'qty'"),
    # wrong types
    ("---\nid: x\ndate: 2026-11-02\ntype: sell\nto: cafe\nlines:\n- {item: TEA-001, qty: \"1\"}\n",
     14, "'qty' must be a number, got the text '1'"),
    ("---\nid: x\ndate: 2026-11-02\ntype: sell\nto: cafe\nlines: {item: TEA-001}\n",
     13, "'lines' must be a list, got a mapping"),
    ("---\nid: x\ndate: 2026-11-02\ntype: sell\nto: cafe\nlines:\n- {item: TEA-001, qty: 1e3}\n",
     14, "'qty' must be a number, got '1e3'"),
    # non-positive quantities
    ("---\nid: x\ndate: 2026-11-02\ntype: sell\nto: cafe\nlines:\n- {item: TEA-001, qty: -1}\n",
     14, "'qty' must be positive, got -1"),
    ("---\nid: x\ndate: 2026-11-02\ntype: sell\nto: cafe\nlines:\n- {item: TEA-001, qty: 0}\n",
     14, "'qty' must be positive, got 0"),
    # impossible dates
    ("---\nid: x\ndate: 2026-02-30\ntype: sell\nto: cafe\nlines:\n- {item: TEA-001, qty: 1}\n",
     10, "'date' is not a real date: 2026-02-30"),
    ("---\nid: x\ndate: 30/11/2026\ntype: sell\nto: cafe\nlines:\n- {item: TEA-001, qty: 1}\n",
     10, "'date' must be a date (YYYY-MM-DD), got '30/11/2026'"),
    # unknown names, with the closest known one
    ("---\nid: x\ndate: 2026-11-02\ntype: sell\nto: cafe\nlines:\n- {item: TEA-01, qty: 1}\n",
     14, "unknown item 'TEA-01' (did you mean 'TEA-001'?)"),
    ("---\nid: x\ndate: 2026-11-02\ntype: sell\nto: cafee\nlines:\n- {item: TEA-001, qty: 1}\n",
     12, "unknown customer 'cafee' (did you mean 'cafe'?)"),
    ("---\nid: x\ndate: 2026-11-02\ntype: sell\nfrom: shopp\nto: cafe\nlines:\n- {item: TEA-001, qty: 1}\n",
     12, "unknown location 'shopp' (did you mean 'shop'?)"),
    ("---\nid: x\ndate: 2026-11-02\ntype: sel\nto: cafe\nlines:\n- {item: TEA-001, qty: 1}\n",
     11, "'type' must be one of open, buy, sell, transfer, writeoff, count, return, move, payment, po, so, close, landed, got 'sel' (did you mean 'sell'?)"),
    # duplicate id
    ("---\nid: b1\ndate: 2026-11-02\ntype: sell\nto: cafe\nlines:\n- {item: TEA-001, qty: 1}\n",
     8, "duplicate id 'b1' (also at journal/2026/2026-11.yaml:1)"),
    # a sale of more than is in stock
    ("---\nid: x\ndate: 2026-11-02\ntype: sell\nto: cafe\nlines:\n- {item: TEA-001, qty: 11}\n",
     14, "sale of 11 TEA-001 takes main below zero on 2026-11-02 (10 on hand)"),
    # a return of more than was moved
    ("---\nid: x\ndate: 2026-11-02\ntype: return\nof: b1\nlines:\n- {item: TEA-001, qty: 11}\n",
     14, "return of 11 TEA-001 is more than buy 'b1' moved less what was already returned (10 moved, 10 left)"),
    ("---\nid: x\ndate: 2026-11-02\ntype: return\nof: b11\nlines:\n- {item: TEA-001, qty: 1}\n",
     8, "return of unknown entry 'b11' (did you mean 'b1'?)"),
    # YAML tags, anchors, aliases, merge keys
    ("---\nid: x\ndate: !!str 2026-11-02\ntype: sell\nto: cafe\nlines:\n- {item: TEA-001, qty: 1}\n",
     10, "YAML tag 'tag:yaml.org,2002:str' is not allowed in a ledger"),
    ("---\nid: x\ndate: 2026-11-02\ntype: sell\nto: cafe\nlines:\n- &l {item: TEA-001, qty: 1}\n- *l\n",
     14, "YAML anchor '&l' is not allowed in a ledger"),
    ("---\nid: x\ndate: 2026-11-02\ntype: sell\nto: cafe\nlines:\n- *l\n",
     14, "YAML alias '*l' is not allowed in a ledger"),
    ("---\nid: x\ndate: 2026-11-02\ntype: sell\nto: cafe\n<<: {ref: a}\nlines:\n- {item: TEA-001, qty: 1}\n",
     13, "YAML merge keys ('<<') are not allowed in a ledger"),
    ("---\n!!python/object:os.system {}\n", 9, "YAML tag 'tag:yaml.org,2002:python/object:os.system' is not allowed"),
])
def test_problem_in_journal(make_ledger, entry, line, message):
    lg = make_ledger(GOOD_HEAD + entry)
    for cmd in (["check"], ["stock"], ["balance"]):
        r = lg.run(*cmd)
        assert r.exit_code == 1, r
        assert r.stdout == ""
        first = r.stderr.splitlines()[0]
        assert first.startswith(f"{J}:{line}: error: {message}"), r.stderr
        assert "Traceback" not in r.stderr


def test_check_lists_every_problem_at_once(make_ledger):
    lg = make_ledger(GOOD_HEAD + (
        "---\nid: c1\ndate: 2026-11-02\ntype: sell\nto: cafee\nlines:\n- {item: TEA-001, qty: 1}\n"
        "---\nid: c2\ndate: 2026-11-03\ntype: sell\nto: cafe\nlines:\n- {item: TEA-009, qty: 1}\n"
        "---\nid: c3\ndate: 2026-11-04\ntype: sell\nto: cafe\nlines:\n- {item: TEA-001, qty: 30}\n"))
    lg.write_journal("---\nid: d1\ndate: 2026-10-05\ntype: buy\nfrom: hangzhou-tea\nlines: [\n", "2026-10")
    r = lg.run("check")
    assert r.exit_code == 1
    assert r.stderr.splitlines() == [
        "journal/2026/2026-10.yaml:7: error: invalid YAML: did not find expected node content",
        "journal/2026/2026-11.yaml:12: error: unknown customer 'cafee' (did you mean 'cafe'?); add it with: jxc customer add cafee",
        "journal/2026/2026-11.yaml:21: error: unknown item 'TEA-009' (did you mean 'TEA-002'?); add it with: jxc item add TEA-009 --name ...",
        "journal/2026/2026-11.yaml:28: error: sale of 30 TEA-001 takes main below zero on 2026-11-04 (10 on hand)",
    ]


def test_check_ok(make_ledger):
    r = make_ledger(GOOD_HEAD).ok("check")
    assert r.stdout == "ok: 1 entries, 1 moves, 4 items\n"


@pytest.mark.parametrize("catalog, message", [
    ("items:\n  TEA 1: {name: x}\n", "catalog.yaml:2: error: 'item' is not a valid name: 'TEA 1'"),
    ("items:\n  T1: {name: x, prise: 3}\n", "catalog.yaml:2: error: unknown key 'prise' in item 'T1' (did you mean 'price'?)"),
    ("itemz: {}\n", "catalog.yaml:1: error: unknown key 'itemz' in catalog.yaml (did you mean 'items'?)"),
    ("items:\n  T1: {name: x, units: {case: 0}}\n", "catalog.yaml:2: error: 'case' must be positive, got 0"),
    ("items: [\n", "catalog.yaml:2: error: invalid YAML"),
])
def test_problem_in_catalog(make_ledger, catalog, message):
    lg = make_ledger(catalog=catalog)
    r = lg.run("stock")
    assert r.exit_code == 1
    assert r.stderr.startswith(message), r.stderr


def test_problem_in_settings(make_ledger):
    lg = make_ledger()
    (lg.root / "jxc.yaml").write_text("jxc: 1\ncosting: fifoo\n")
    r = lg.run("stock")
    assert r.exit_code == 1
    assert r.stderr == ("jxc.yaml:2: error: 'costing' must be one of fifo, lifo, moving-average, monthly-average,"
                        " specific, got 'fifoo' (did you mean 'fifo'?)\n")


def test_no_ledger_found(tmp_path, monkeypatch):
    from typer.testing import CliRunner
    from jxc.cli import app
    monkeypatch.delenv("JXC_LEDGER", raising=False)
    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(app, ["stock"])
    assert r.exit_code == 1
    assert r.stderr.startswith("error: no jxc.yaml in ")


def test_ledger_found_from_env_and_parent(make_ledger, monkeypatch):
    from typer.testing import CliRunner
    from jxc.cli import app
    lg = make_ledger(GOOD_HEAD)
    monkeypatch.setenv("JXC_LEDGER", str(lg.root))
    assert CliRunner().invoke(app, ["stock", "-o", "csv"]).stdout == "item,location,qty,unit\nTEA-001,main,10,box\n"
    monkeypatch.delenv("JXC_LEDGER")
    monkeypatch.chdir(lg.root / "journal")
    assert CliRunner().invoke(app, ["stock", "-o", "csv"]).stdout == "item,location,qty,unit\nTEA-001,main,10,box\n"
    assert CliRunner().invoke(app, ["-L", str(lg.root / "jxc.yaml"), "stock", "-o", "csv"]).exit_code == 0


@pytest.mark.parametrize("args, message", [
    (["buy", "TEA-01", "5@3", "--from", "hangzhou-tea"], "error: unknown item 'TEA-01' (did you mean 'TEA-001'?)"),
    (["buy", "TEA-001", "-5@3", "--from", "hangzhou-tea"], "error: the quantity of TEA-001 must be positive, got -5"),
    (["buy", "TEA-001", "0@3", "--from", "hangzhou-tea"], "error: the quantity of TEA-001 must be positive, got 0"),
    (["buy", "TEA-001", "5", "--from", "hangzhou-tea"], "error: TEA-001 5: give a unit price as 5@PRICE"),
    (["buy", "TEA-001", "5@x", "--from", "hangzhou-tea"], "error: the price of TEA-001 must be a non-negative number, got 'x'"),
    (["buy", "TEA-001", "five", "--from", "hangzhou-tea"], "error: cannot read 'five' for TEA-001"),
    (["buy", "TEA-001", "5@3", "--from", "hangzou-tea"], "error: unknown supplier 'hangzou-tea' (did you mean 'hangzhou-tea'?)"),
    (["buy", "TEA-001", "5@3", "--from", "hangzhou-tea", "--date", "2026-02-30"], "error: --date is not a real date: 2026-02-30"),
    (["buy", "TEA-001", "2cse@3", "--from", "hangzhou-tea"], "error: item 'TEA-001' has no unit 'cse' (did you mean 'case'?)"),
    (["sell", "TEA-001", "1", "--to", "walkin"], "error: unknown customer 'walkin' (did you mean 'walk-in'?)"),
    (["sell", "TEA-001", "1", "--to", "cafe"], "error: sale of 1 TEA-001 takes main below zero"),
    (["transfer", "TEA-001", "1", "--from", "main", "--to", "main"], "error: a transfer needs two different locations"),
    (["transfer", "TEA-001", "1@5", "--from", "main", "--to", "shop"], "error: '1@5': a qty here takes no price"),
    (["writeoff", "TEA-001", "1", "--reason", "broken glass"], "error: --reason is a name without spaces"),
    (["return", "nope"], "error: no entry with id 'nope'"),
    (["stock", "--as-of", "2026-13-01"], "error: --as-of is not a real date: 2026-13-01"),
    (["stock", "--at", "shopp"], "error: unknown location 'shopp' (did you mean 'shop'?)"),
    (["card", "TEA-01"], "error: unknown item 'TEA-01' (did you mean 'TEA-001'?)"),
    (["item", "add", "TEA-001", "--name", "again"], "catalog.yaml:5: error: item 'TEA-001' already exists"),
    (["item", "add", "TEA 9", "--name", "x"], "error: 'item' is not a valid name: 'TEA 9'"),
    (["location", "add", "a:b"], "error: 'location' is not a valid name: 'a:b'"),
])
def test_problem_on_the_command_line(make_ledger, args, message):
    lg = make_ledger()
    before = lg.snapshot()
    r = lg.run(*args)
    assert r.exit_code == 1, r
    assert r.stderr.startswith(message), r.stderr
    assert len(r.stderr.splitlines()) == 1
    assert lg.snapshot() == before


@pytest.mark.parametrize("args", [
    ["sell", "TEA-001", "1", "--to", "cafe", "--form", "main"],
    ["buy", "TEA-001"],
    ["buy"],
    ["stock", "-o", "xml"],
    ["value", "--costing", "fifoo"],
    ["nosuchcommand"],
])
def test_usage_errors_exit_2(make_ledger, args):
    lg = make_ledger()
    r = lg.run(*args)
    assert r.exit_code == 2, r
    assert "Traceback" not in r.stderr
