"""`print` and `fmt`: canonical form, stable bytes, nothing lost."""

import json
import shutil
from pathlib import Path

from hypothesis import given, settings, strategies as st

from jxc.ledger.entries import dump_entry
from jxc.write.intake import to_raw
from jxc.ledger.yamlread import read_documents

EXAMPLE = Path(__file__).parent.parent / "examples" / "teashop"

HAND = """\
# December, typed by hand
date: 2026-11-02
type: sell
to: walk-in   # a regular
id: h2
lines:
  - item: TEA-001
    qty: 1
    price: 88.0
---
# the earlier one
{id: h1, date: 2026-11-01, type: open, lines: [{item: TEA-001, qty: 3, price: 50}], note: "a, b"}
"""

CANONICAL = """\
# December, typed by hand
--- {id: h1, date: 2026-11-01, type: open, note: "a, b", lines: [{item: TEA-001, qty: 3, price: 50}]}
# the earlier one
--- {id: h2, date: 2026-11-02, type: sell, to: walk-in, lines: [{item: TEA-001, qty: 1, price: 88.0}]}
# a regular
"""


def test_fmt_rewrites_canonically_keeping_comments(make_ledger):
    lg = make_ledger(HAND)
    before = lg.json("stock")
    r = lg.run("fmt", "--check")
    assert r.exit_code == 1 and r.stdout == "would reformat journal/2026/2026-11.yaml\n"
    assert lg.journal() == HAND
    assert lg.ok("fmt").stdout == "reformatted journal/2026/2026-11.yaml\n"
    assert lg.journal() == CANONICAL
    assert lg.ok("fmt", "--check").stdout == ""        # idempotent
    assert lg.json("stock") == before


def test_what_jxc_writes_is_canonical(make_ledger):
    lg = make_ledger()
    lg.ok("open", "TEA-001", "10@50.00", "--date", "2026-11-01", "--note", "from: the old sheet, #1", "-q")
    lg.ok("sell", "TEA-001", "2", "--to", "cafe", "--date", "2026-11-02", "--ref", "12345", "-q")
    assert lg.ok("fmt", "--check").stdout == ""
    assert 'note: "from: the old sheet, #1"' in lg.journal()
    assert 'ref: "12345"' in lg.journal()
    lg.ok("check")


def test_example_ledger_is_canonical_and_sound(tmp_path):
    root = tmp_path / "shop"
    shutil.copytree(EXAMPLE, root)
    from typer.testing import CliRunner
    from jxc.cli import app
    assert CliRunner().invoke(app, ["-L", str(root), "fmt", "--check"]).stdout == ""
    assert CliRunner().invoke(app, ["-L", str(root), "check"]).exit_code == 0


def test_print_yaml_and_json_lines_with_filters(make_ledger):
    lg = make_ledger(HAND)
    lg.ok("sell", "TEA-001", "1@90", "--to", "cafe", "--date", "2026-11-03", "-q")
    out = lg.ok("print", "--type", "open").stdout
    assert out == CANONICAL.splitlines(keepends=True)[1]
    rows = [json.loads(x) for x in lg.ok("print", "-o", "json", "-b", "2026-11-02").stdout.splitlines()]
    assert [r["id"] for r in rows[:1]] == ["h2"]
    assert rows[0]["lines"] == [{"item": "TEA-001", "qty": 1, "price": 88.0}]
    assert rows[1]["lines"][0]["price"] == 90 and rows[1]["type"] == "sell"
    assert lg.ok("print", "CUP-01").stdout == ""
    # print output is valid input for `jxc add` (into another ledger)
    other = make_ledger()
    other.ok("add", "-", input=lg.ok("print", "-p", "2026-11").stdout)
    assert other.json("stock") == lg.json("stock")


def test_print_json_lines_are_valid_input_for_add(make_ledger):
    lg = make_ledger(HAND)
    other = make_ledger()
    other.ok("add", "-", input=lg.ok("print", "-o", "json").stdout)
    assert other.json("balance") == lg.json("balance")


notes = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30)


@settings(max_examples=300, deadline=None)
@given(note=notes, ref=notes)
def test_any_text_round_trips_through_the_canonical_form(note, ref):
    raw = {"id": "x", "date": "2026-11-01", "type": "open", "ref": ref, "note": note,
           "lines": [{"item": "TEA-001", "qty": __import__("decimal").Decimal("1.50"), "lot": ref}]}
    text = dump_entry(raw)
    back = to_raw(read_documents(text, "t")[0].value)
    assert str(back["note"]) == note and str(back["ref"]) == ref
    assert str(back["lines"][0]["lot"]) == ref and str(back["lines"][0]["qty"]) == "1.50"
    assert dump_entry(back) == text          # same entry → same bytes
