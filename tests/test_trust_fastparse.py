"""The fast reader against the strict reader on generated entries (hypothesis).

Two properties:

* every file of canonical entries as jxc writes them (:func:`dump_entry`) is
  **taken** by the fast reader — a reader that declined everything would fail
  here — and gives exactly the strict reader's entries, slot for slot;
* a file with entries that may be wrong (unknown names, zero or negative
  quantities, impossible dates, missing prices, unknown keys) is either declined
  (the strict reader then gives the messages) or read exactly as the strict
  reader reads it, and never when the strict reader finds a problem.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jxc.ledger.entries import dump_entry
from jxc.ledger.files import Ledger
from jxc.ledger.journal import parse_text
from jxc.store.fastparse import parse_canonical
from test_scale_fastparse import shape

NAME = "journal/2026/2026-11.yaml"
# text a person types in a note or a ref: spaces, commas, brackets, quotes, Chinese.  The
# fast reader declines (leaves to the strict one) a note with an escape (a double quote or
# a backslash), or with '#' or ':' written plain: TAKEN never has them, ANY may.
TAKEN = st.text(alphabet=st.sampled_from(list("ab Z09,-_.!?()[]{}'中文备注") + ["é"]), min_size=1,
                max_size=12).filter(lambda s: s.strip() == s)
ANY = st.text(alphabet=st.sampled_from(list("ab Z09,:#-_.!?()[]{}'\"\\中文") + ["é"]), min_size=1,
              max_size=12)
QTY = st.decimals(min_value=Decimal("0.001"), max_value=Decimal(10000), places=3)
PRICE = st.decimals(min_value=Decimal(0), max_value=Decimal(5000), places=2)


@st.composite
def line(draw, t: str):
    item = draw(st.sampled_from(("TEA-001", "6901234567890", "TEA-002", "CUP-01", "LOT-01")))
    ln = {"item": item}
    if t == "count":
        ln["counted"] = draw(st.one_of(st.just(Decimal(0)), QTY))
    else:
        ln["qty"] = draw(QTY)
    if item in ("TEA-001", "6901234567890") and t != "return" and draw(st.booleans()):
        ln["unit"] = draw(st.sampled_from(("case", "box")))
    if t in ("open", "buy") or (t in ("sell", "count") and draw(st.booleans())) or \
            (t == "sell" and item in ("CUP-01", "LOT-01")):
        ln["price"] = draw(PRICE)
    if item == "LOT-01":
        ln["lot"] = draw(st.sampled_from(("L1", "2024A")))
        if t != "return" and draw(st.booleans()):
            ln["expiry"] = draw(st.dates(dt.date(2026, 1, 1), dt.date(2030, 12, 31)))
    return ln


@st.composite
def entry(draw, k: int, text=TAKEN):
    t = draw(st.sampled_from(("open", "buy", "sell", "transfer", "writeoff", "count", "return")))
    e = {"id": draw(st.sampled_from((f"e{k}", f"20261102-{k:06d}", None))),
         "date": draw(st.dates(dt.date(2026, 11, 1), dt.date(2026, 11, 30))), "type": t}
    if e["id"] is None:
        del e["id"]
    loc = draw(st.sampled_from(("main", "shop")))
    if t == "open":
        if draw(st.booleans()):
            e["to"] = loc
    elif t == "buy":
        e["from"] = draw(st.sampled_from(("hangzhou-tea", "fujian-tea")))
        if draw(st.booleans()):
            e["to"] = loc
    elif t == "sell":
        e["to"] = draw(st.sampled_from(("walk-in", "cafe")))
        if draw(st.booleans()):
            e["from"] = loc
    elif t == "transfer":
        e["from"], e["to"] = (loc, "shop" if loc == "main" else "main")
    elif t == "writeoff":
        if draw(st.booleans()):
            e["from"] = loc
        if draw(st.booleans()):
            e["to"] = draw(st.sampled_from(("damaged", "expired")))
    elif t == "count":
        e["at"] = loc
        if draw(st.booleans()):
            e["full"] = draw(st.booleans())
    else:
        e["of"] = draw(st.sampled_from(("e0", "e1", "20261102-000000")))
    for key in ("ref", "note"):
        if draw(st.booleans()):
            e[key] = draw(text)
    e["lines"] = draw(st.lists(line(t), min_size=1, max_size=3))
    return e


@st.composite
def canonical_files(draw, text=TAKEN):
    n = draw(st.integers(1, 8))
    out = [draw(entry(k, text)) for k in range(n)]
    comments = draw(st.booleans())
    return ("# written by hand\n\n" if comments else "") + "".join(dump_entry(e) for e in out)


@pytest.fixture(scope="module")
def ledger(tmp_path_factory):
    import textwrap
    from conftest import CATALOG, SETTINGS
    root = tmp_path_factory.mktemp("fastparse")
    (root / "journal").mkdir()
    (root / "jxc.yaml").write_text(SETTINGS.format(costing="fifo", cost_pool="location", negative_stock="forbid"))
    (root / "catalog.yaml").write_text(textwrap.dedent(CATALOG))
    return Ledger(root)


def both(text, lg):
    problems: list = []
    strict = parse_text(text, NAME, lg.catalog, lg.settings, problems)
    return parse_canonical(text, NAME, lg.catalog, lg.settings), strict, problems


@pytest.mark.slow
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=canonical_files())
def test_canonical_entries_are_taken_by_the_fast_reader_and_read_the_same(ledger, text):
    fast, strict, problems = both(text, ledger)
    assert problems == []
    assert fast is not None, text                   # taken, not declined
    assert shape(fast) == shape(strict)


BREAKS = [
    ("TEA-002", "NOPE-1"), ("main", "basement"), ("cafe", "nobody"), ("hangzhou-tea", "hangzhou"),
    ("qty: ", "qty: -"), ("qty: ", "qty: 0"), ("2026-11-", "2026-02-3"), (", price: ", ", cost: "),
    ("lines: [", "lines: ["), ("type: sell", "type: sale"), ("unit: case", "unit: crate"),
    ("lot: L1", "lot: "), ("id: e", "id: e e"),
]


@pytest.mark.slow
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=canonical_files(ANY), breaks=st.lists(st.sampled_from(BREAKS), min_size=1, max_size=3))
def test_any_entry_is_declined_or_read_exactly_as_the_strict_reader_reads_it(ledger, text, breaks):
    for old, new in breaks:
        text = text.replace(old, new, 1)
    fast, strict, problems = both(text, ledger)
    if fast is not None:
        assert problems == [], text
        assert shape(fast) == shape(strict)
