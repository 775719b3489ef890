"""Properties of orders over random histories, against an oracle kept by the test itself.

A history is a month of random steps: purchase and sales orders (one line per item),
receipts and shipments against them (never more than outstanding), returns of those
receipts and shipments, closes.  The oracle adds up what each step did; jxc must agree:

* per order line: fulfilled + outstanding = ordered − closed (what a close took off),
  fulfilled = received − returned;
* at every date: projected = on hand + on order − committed, available = on hand − committed;
* the fast reader gives the same entries as the strict one (and takes every such file),
  and a warm cache the same orders view as a cold read.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pytest

import jxc
from jxc.ledger.orders import projected as projected_rule

pytestmark = pytest.mark.slow

ITEMS = ("TEA-001", "TEA-002")
START = dt.date(2026, 11, 1)

step = st.tuples(st.sampled_from(["po", "so", "fulfil", "return", "close"]), st.integers(0, 9),
                 st.integers(1, 30), st.integers(1, 30), st.booleans())


def history(steps):
    """(journal text, oracle) for the steps; the oracle holds per order id:
    {type, lines: {item: ordered}, got: {item: fulfilled}, closed: bool, date}, and the dated events."""
    lines = ["--- {id: o0, date: 2026-11-01, type: open, to: main, lines: [{item: TEA-001, qty: 40, price: 50},"
             " {item: TEA-002, qty: 40, price: 30}]}"]
    orders: dict = {}
    moves: list = []          # (id, order id, {item: qty}) of fulfilling entries, with what is returnable
    for n, (kind, pick, q1, q2, both) in enumerate(steps):
        date = START + dt.timedelta(days=n // 2)
        if kind in ("po", "so"):
            oid = f"{kind.upper()}-{n}"
            qty = {ITEMS[0]: q1, **({ITEMS[1]: q2} if both else {})}
            party = "from: hangzhou-tea, to: main" if kind == "po" else "from: main, to: cafe"
            body = ", ".join(f"{{item: {i}, qty: {q}, price: 10}}" for i, q in qty.items())
            lines.append(f"--- {{id: {oid}, date: {date}, type: {kind}, {party}, lines: [{body}]}}")
            orders[oid] = {"type": kind, "lines": qty, "got": {i: 0 for i in qty}, "closed": False, "date": date}
            continue
        open_ = [k for k, o in orders.items() if not o["closed"]]
        if kind == "fulfil" and open_:
            oid = open_[pick % len(open_)]
            o = orders[oid]
            item = ITEMS[0] if (q2 % 2 or len(o["lines"]) == 1) else ITEMS[1]
            left = o["lines"][item] - o["got"][item]
            if left <= 0:
                continue
            q = 1 + (q1 - 1) % left
            t, party = ("buy", "from: hangzhou-tea, to: main") if o["type"] == "po" else ("sell", "from: main, to: cafe")
            fid = f"f{n}"
            lines.append(f"--- {{id: {fid}, date: {date}, type: {t}, order: {oid}, {party},"
                         f" lines: [{{item: {item}, qty: {q}, price: 10}}]}}")
            o["got"][item] += q
            moves.append([fid, oid, item, q])
        elif kind == "return" and moves:
            m = moves[pick % len(moves)]
            fid, oid, item, q = m
            if q <= 0:
                continue
            back = 1 + (q1 - 1) % q
            lines.append(f"--- {{id: r{n}, date: {date}, type: return, of: {fid}, lines: [{{item: {item}, qty: {back}}}]}}")
            m[3] -= back
            orders[oid]["got"][item] -= back
        elif kind == "close" and open_:
            oid = open_[pick % len(open_)]
            lines.append(f"--- {{id: c{n}, date: {date}, type: close, of: {oid}}}")
            orders[oid]["closed"] = True
    return "\n".join(lines) + "\n", orders


def write(make_ledger, text):
    lg = make_ledger(negative_stock="allow")
    lg.write_journal(text)
    return lg


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(step, max_size=25))
def test_fulfilled_plus_outstanding_is_ordered_less_closed(make_ledger, steps):
    text, oracle = history(steps)
    book = jxc.open_ledger(write(make_ledger, text).root).order_book()
    assert book.problems == ()
    assert [o.id for o in book.orders] == list(oracle)
    for o in book.orders:
        want = oracle[o.id]
        for ln in o.lines:
            ordered = Decimal(want["lines"][ln.item])
            assert ln.ordered == ordered
            assert ln.fulfilled == want["got"][ln.item]
            assert ln.fulfilled + ln.outstanding == ordered - ln.closed_qty
            assert ln.outstanding == (0 if want["closed"] else ordered - ln.fulfilled)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(step, max_size=20))
def test_projected_is_on_hand_plus_on_order_less_committed_at_every_date(make_ledger, steps):
    text, _ = history(steps)
    lg = write(make_ledger, text)
    ledger = jxc.open_ledger(lg.root)
    for day in range(0, 12, 3):
        as_of = START + dt.timedelta(days=day)
        book = ledger.order_book(as_of)
        on_order: dict = {}
        committed: dict = {}
        for o in book.orders:          # the oracle's own sum of outstanding on orders not closed
            for ln in o.lines:
                if o.closed_on is None:
                    side = on_order if o.type == "po" else committed
                    side[ln.item] = side.get(ln.item, 0) + ln.ordered - min(ln.fulfilled, ln.ordered)
        r = ledger.replayed(as_of)
        for rec in ledger.projected(as_of=as_of).records():
            item = rec["item"]
            on_hand = r.qty("location:main", item)
            assert rec["qty"] == on_hand
            assert (rec["on_order"], rec["committed"]) == (on_order.get(item, 0), committed.get(item, 0))
            assert rec["projected"] == on_hand + rec["on_order"] - rec["committed"] \
                == projected_rule(on_hand, rec["on_order"], rec["committed"])
            assert rec["available"] == on_hand - rec["committed"]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(step, max_size=20))
def test_fast_reader_and_warm_cache_agree_with_the_plain_path(make_ledger, steps):
    import os
    from test_scale_fastparse import both, shape
    from jxc.ledger.files import Ledger
    text, _ = history(steps)
    lg = write(make_ledger, text)
    plain = Ledger(lg.root)
    # orders, fulfilments, returns and closes all take the fast path, with the same entries
    fast, strict, problems = both(text, "journal/2026/2026-11.yaml", plain)
    assert not problems and fast is not None and shape(fast) == shape(strict)
    assert [(e.order, e.due) for e in fast] == [(e.order, e.due) for e in strict]
    old = {k: os.environ.get(k) for k in ("JXC_NO_CACHE", "JXC_CACHE_MIN_BYTES")}
    try:
        os.environ["JXC_NO_CACHE"] = "1"
        cold = lg.ok("orders", "-o", "json", "--as-of", "2026-11-30").stdout
        del os.environ["JXC_NO_CACHE"]
        os.environ["JXC_CACHE_MIN_BYTES"] = "0"
        lg.ok("orders", "-o", "json", "--as-of", "2026-11-30")
        warm = lg.ok("orders", "-o", "json", "--as-of", "2026-11-30").stdout
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    assert warm == cold
    assert len(json.loads(cold)) == sum(len(o.lines) for o in jxc.open_ledger(lg.root).order_book().orders)
