"""A write is accepted or refused alike whatever path checks it (cache warm, cold, off).

The fast append check of the store posts a batch's moves one at a time in
journal order through replay's own functions (:mod:`jxc.ledger.posting`), so a
batch that sells before it buys is refused exactly as a full replay refuses it.
"""

from __future__ import annotations

import json

import pytest

from jxc.ledger import posting
from jxc.write import commit

HISTORY = """\
--- {id: o1, date: 2026-11-01, type: open, lines: [{item: TEA-002, qty: 45, price: 30.00}]}
--- {id: o2, date: 2026-11-01, type: open, to: shop, lines: [{item: TEA-002, qty: 5, price: 30.00}]}
"""

SELL_THEN_BUY = (
    json.dumps({"date": "2026-12-01", "type": "sell", "to": "walk-in", "lines": [{"item": "TEA-002", "qty": 1000}]})
    + "\n" + json.dumps({"date": "2026-12-02", "type": "buy", "from": "hangzhou-tea",
                         "lines": [{"item": "TEA-002", "qty": 1000, "price": 30}]}) + "\n")
REFUSAL = "<stdin>:1: error: sale of 1000 TEA-002 takes main below zero on 2026-12-01 (45 on hand)\n"


@pytest.fixture
def counted_validations(monkeypatch):
    """How many writes needed the full validation (the fast check could not prove them)."""
    calls = []
    real = commit.validate
    monkeypatch.setattr(commit, "validate", lambda *a, **k: calls.append(1) or real(*a, **k))
    return calls


@pytest.mark.parametrize("mode", ["warm", "cold", "off"])
def test_a_batch_that_sells_before_it_buys_is_refused_on_every_path(make_ledger, monkeypatch, mode):
    """45 TEA-002 at main.  A sale of 1000 on 12-01 comes before the buy of 1000 on 12-02:
    at 12-01 main would hold 45 − 1000 = −955, so the batch is refused, nothing written —
    with the records warm (the fast check), cold, and with the cache off."""
    monkeypatch.setenv("JXC_CACHE_MIN_BYTES", "0")
    if mode == "off":
        monkeypatch.setenv("JXC_NO_CACHE", "1")
    lg = make_ledger(HISTORY)
    if mode == "warm":
        lg.ok("stock")
        lg.ok("value")        # both records current: the fast check decides
    before = lg.snapshot()
    r = lg.run("add", "-", input=SELL_THEN_BUY)
    assert (r.exit_code, r.stdout, r.stderr) == (1, "", REFUSAL)
    assert lg.snapshot() == before
    assert lg.ok("check").stdout == "ok: 2 entries, 2 moves, 4 items\n"


def test_a_batch_that_buys_before_it_sells_is_proven_clean_by_the_fast_check(make_ledger, monkeypatch,
                                                                              counted_validations):
    """The same two entries the other way round (buy 1000 on 12-01, sell 1000 on 12-02):
    main goes 45 → 1045 → 45, never below zero; the fast check accepts it without a replay."""
    monkeypatch.setenv("JXC_CACHE_MIN_BYTES", "0")
    lg = make_ledger(HISTORY)
    lg.ok("stock")
    lg.ok("value")
    batch = SELL_THEN_BUY.replace("2026-12-01", "X").replace("2026-12-02", "2026-12-01").replace("X", "2026-12-02")
    lg.ok("add", "-", input=batch)
    assert counted_validations == []
    assert lg.json("stock", "TEA-002", "--at", "main") == [
        {"item": "TEA-002", "location": "main", "qty": 45, "unit": "box"}]


def test_a_transfer_then_a_sale_from_its_destination_is_checked_move_by_move(make_ledger, monkeypatch,
                                                                             counted_validations):
    """shop holds 5.  Batch on 12-01: sell 8 from shop, then on 12-02 transfer 10 main → shop.
    The net over the batch is shop −8 +10 = +2 ≥ 0, but at the sale shop holds 5 − 8 = −3:
    refused (the old fast check summed the batch and let it through)."""
    monkeypatch.setenv("JXC_CACHE_MIN_BYTES", "0")
    lg = make_ledger(HISTORY)
    lg.ok("stock")
    lg.ok("value")
    batch = (json.dumps({"date": "2026-12-01", "type": "sell", "from": "shop", "to": "cafe",
                         "lines": [{"item": "TEA-002", "qty": 8}]}) + "\n"
             + json.dumps({"date": "2026-12-02", "type": "transfer", "from": "main", "to": "shop",
                           "lines": [{"item": "TEA-002", "qty": 10}]}) + "\n")
    r = lg.run("add", "-", input=batch)
    assert (r.exit_code, r.stderr) == (1, "<stdin>:1: error: sale of 8 TEA-002 takes shop below zero on 2026-12-01"
                                          " (5 on hand)\n")


def test_the_posting_rule_is_one_function():
    """post() moves qty from src to dst (the postings sum to zero) and returns what src holds;
    takes_below_zero() is the negative-stock rule: only a location, only under forbid."""
    bal = {("location:main", "X"): posting.ZERO + 3}
    left = posting.post(bal, "location:main", "customer:c", "X", posting.ZERO + 5)
    assert left == -2 and bal == {("location:main", "X"): -2, ("customer:c", "X"): 5}
    assert posting.takes_below_zero(True, "location:main", left)
    assert not posting.takes_below_zero(False, "location:main", left)
    assert not posting.takes_below_zero(True, "supplier:s", left)
    assert not posting.takes_below_zero(True, "location:main", None)


def test_a_note_with_a_colon_before_a_question_mark_is_written_so_it_reads_back(make_ledger):
    """``note: a:?`` in a flow mapping is refused by libyaml: the canonical writer quotes any
    text with a ':' in a flow mapping (found by the fast-reader property test)."""
    lg = make_ledger()
    r = lg.ok("buy", "CUP-01", "1@2", "--from", "fujian-tea", "--date", "2026-11-02", "--note", "a:?",
              "--ref", "x:#")
    assert r.stdout == ('--- {id: ' + r.stdout.split("id: ")[1].split(",")[0]
                        + ', date: 2026-11-02, type: buy, from: fujian-tea, to: main, ref: "x:#",'
                        ' note: "a:?", lines: [{item: CUP-01, qty: 1, price: 2}]}\n')
    printed = [json.loads(ln) for ln in lg.ok("print", "-o", "json").stdout.splitlines()]
    assert [(e["note"], e["ref"]) for e in printed] == [("a:?", "x:#")]
