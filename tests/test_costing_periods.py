"""Every report agrees on every period, and a location's share of a one-item pool.

With ``negative_stock: allow`` an issue below zero takes an estimate; the receipt that
covers it re-costs it on the receipt's own date, never back in the issue's period.  So
a period's figures never change because of entries dated after it: the months of a year
add up to the year, ``profit --by month`` equals ``profit -p`` of that month, and one
period's closing value is the next one's opening in `value`, `card` and `turnover`.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from conftest import CATALOG
from costing_helpers import METHODS, histories, journal_text, load
from jxc.ledger.costing import cost
from jxc.reports.card import card
from jxc.reports.period import Period
from jxc.reports.profit import losses, profit
from jxc.reports.turnover import opening_needs_own_replay, turnover
from jxc.reports.value import valued_positions

SETTINGS = dict(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

ISSUE_CATALOG = CATALOG.replace("cost: 50.00", "cost: 10.00")
ISSUE_MARCH = """\
---
{id: s1, date: 2026-03-01, type: sell, to: walk-in, lines: [{item: TEA-001, qty: 10, price: 20.00}]}
---
{id: b1, date: 2026-03-02, type: buy, from: hangzhou-tea, lines: [{item: TEA-001, qty: 2, price: 12.00}]}
"""
ISSUE_APRIL = """\
---
{id: b2, date: 2026-04-03, type: buy, from: hangzhou-tea, lines: [{item: TEA-001, qty: 8, price: 12.00}]}
"""


def test_a_sale_below_zero_is_recosted_in_the_period_of_the_receipt(make_ledger):
    """Catalog cost 10.00.  s1 sells 10 @ 20.00 on 03-01 from nothing: revenue 200.00, cost
    10 × 10.00 = 100.00 (the estimate).  b1 brings 2 @ 12.00 on 03-02: 2 of s1's units are
    re-costed, 2 × (12.00 − 10.00) = +4.00, booked on 03-02.  b2 brings 8 @ 12.00 on 04-03:
    the other 8, +16.00, booked on 04-03.
    March: cogs 104.00, gross profit 96.00; April: cogs 16.00, −16.00; 2026: 120.00, 80.00.
    On 03-31 the pool holds −8 worth −100.00 + 24.00 − 4.00 = −80.00 (card and value alike)."""
    lg = make_ledger(ISSUE_MARCH, negative_stock="allow", catalog=ISSUE_CATALOG, month="2026-03")
    lg.write_journal(ISSUE_APRIL, "2026-04")
    march = {"item": "TEA-001", "qty": 10, "revenue": 200.00, "cogs": 104.00, "gross_profit": 96.00,
             "margin": 0.4800}
    april = {"item": "TEA-001", "qty": 0, "revenue": 0.00, "cogs": 16.00, "gross_profit": -16.00,
             "margin": None}
    assert lg.json("profit", "-p", "2026-03") == [march]
    assert lg.json("profit", "-p", "2026-04") == [april]
    assert lg.json("profit", "-p", "2026") == [
        {"item": "TEA-001", "qty": 10, "revenue": 200.00, "cogs": 120.00, "gross_profit": 80.00, "margin": 0.4000}]
    by_month = lg.json("profit", "--by", "month")
    assert [(r["month"], r["qty"], r["revenue"], r["cogs"]) for r in by_month] == [
        ("2026-03", 10, 200.00, 104.00), ("2026-04", 0, 0.00, 16.00)]
    assert lg.ok("card", "TEA-001", "-p", "2026-03", "-o", "csv").stdout == (
        "date,id,type,ref,counterparty,in_qty,out_qty,balance_qty,in_value,out_value,balance_value\n"
        "2026-03-01,,opening,,,,,0,,,0.00\n"
        "2026-03-01,s1,sell,,walk-in,,10,-10,,100.00,-100.00\n"
        "2026-03-02,b1,buy,,hangzhou-tea,2,,-8,24.00,,-76.00\n"
        "2026-03-02,s1,recost,,walk-in,,,-8,,4.00,-80.00\n")
    assert lg.json("value", "--as-of", "2026-03-31") == [
        {"item": "TEA-001", "location": "main", "qty": -8, "unit_cost": 10.0000, "value": -80.00}]
    assert [r["balance_value"] for r in lg.json("card", "TEA-001", "-p", "2026-04")] == [-80.00, 16.00, 0.00]
    assert [(r["cogs"], r["opening_value"], r["closing_value"]) for r in lg.json("turnover", "-p", "2026-03")] \
        == [(104.00, 0.00, -80.00)]
    assert [(r["cogs"], r["opening_value"], r["closing_value"]) for r in lg.json("turnover", "-p", "2026-04")] \
        == [(16.00, -80.00, 0.00)]


RACKS = CATALOG.replace("  shop: {name: Shop floor}\n", "  shop: {name: Shop floor}\n  rack1: {name: Rack 1}\n"
                                                        "  rack2: {name: Rack 2}\n")


def test_one_pool_per_item_a_location_holds_its_share(make_ledger):
    """moving-average, cost_pool: item.  rack1 gets 1 @ 200.00 twice, rack2 1 @ 0.00: the pool
    holds 3 worth 400.00 (133.333… a unit).  s1 sells rack2's unit: 400.00 / 3 = 133.33.  The
    pool keeps 2 worth 266.67, all at rack1; rack2 holds nothing, so its share is 0.00.
    The card of rack2 ran in 0.00, out 133.33 (−133.33): a last `share` row of +133.33 brings
    it to its share, 0.00; rack1's card ran to 400.00, its share row takes 133.33 off: 266.67."""
    lg = make_ledger("""\
        ---
        {id: b1, date: 2026-11-01, type: buy, from: hangzhou-tea, to: rack1, lines: [{item: CUP-01, qty: 1, price: 200.00}]}
        ---
        {id: b2, date: 2026-11-02, type: buy, from: hangzhou-tea, to: rack1, lines: [{item: CUP-01, qty: 1, price: 200.00}]}
        ---
        {id: b3, date: 2026-11-03, type: buy, from: hangzhou-tea, to: rack2, lines: [{item: CUP-01, qty: 1, price: 0.00}]}
        ---
        {id: s1, date: 2026-11-04, type: sell, from: rack2, to: walk-in, lines: [{item: CUP-01, qty: 1, price: 300.00}]}
        """, costing="moving-average", cost_pool="item", catalog=RACKS)
    rack2 = lg.json("card", "CUP-01", "--at", "rack2")
    assert [(r["type"], r["in_value"], r["out_value"], r["balance_value"]) for r in rack2] == [
        ("buy", 0.00, None, 0.00), ("sell", None, 133.33, -133.33), ("share", 133.33, None, 0.00)]
    assert lg.json("stock", "--value", "--at", "rack2", "--zero")[0]["value"] == 0.00
    rack1 = lg.json("card", "CUP-01", "--at", "rack1")
    assert [(r["type"], r["balance_value"]) for r in rack1] == [("buy", 200.00), ("buy", 400.00), ("share", 266.67)]
    assert lg.json("value") == [
        {"item": "CUP-01", "location": "rack1", "qty": 2, "unit_cost": 133.3350, "value": 266.67}]
    assert lg.json("stock", "--value", "--at", "rack1") == [
        {"item": "CUP-01", "location": "rack1", "qty": 2, "unit": "pcs", "unit_cost": 133.3350, "value": 266.67}]


# ---------------------------------------------------------------------------
# Properties: random histories, stock below zero allowed.

def _months(entries) -> list[Period]:
    first, last = entries[0]["date"], entries[-1]["date"]
    out = []
    y, m = first.year, first.month
    while (y, m) <= (last.year, last.month):
        b = dt.date(y, m, 1)
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        out.append(Period(b, dt.date(y, m, 1)))
    return out


def _costed(entries, method, cost_pool, end=None):
    r = load(journal_text(entries), cost_pool=cost_pool, negative_stock="allow", end=end)
    assert not r.problems, r.problems
    c = cost(r, method)
    assert not c.problems, c.problems
    return c


def _total(report, column):
    return report.totals[[c.name for c in report.columns].index(column)] if report.totals else 0


def _value(c, item=None) -> int:
    return sum(v for (i, _loc), (_q, v) in valued_positions(c).items() if item is None or i == item)


@settings(**SETTINGS)
@given(entries=histories(items=("CUP-01", "TEA-001"), overdraw=True),
       method=st.sampled_from(METHODS), cost_pool=st.sampled_from(["location", "item"]))
def test_periods_agree_in_every_report(entries, method, cost_pool):
    """For each month M (costed as `jxc` does for -p M: the ledger replayed to M's end):
    Σ profit -p M = profit of the whole span (revenue, cogs, losses); profit --by month's
    row M = profit -p M; value at M's end = card's closing of M = card's opening of M+1
    (per item) = turnover's closing of M = turnover's opening of M+1."""
    assume(entries)
    months = _months(entries)
    whole = _costed(entries, method, cost_pool)
    span = Period(months[0].begin, months[-1].end)
    by_month = {row[0]: row for row in profit(whole, "month", span).rows}
    sums = [0, 0, 0]
    closing_before = None
    for p in months:
        c = _costed(entries, method, cost_pool, p.end)
        rep = profit(c, "item", p)
        rev, cogs, lost = _total(rep, "revenue"), _total(rep, "cogs"), _total(losses(c, "item", p), "loss")
        sums = [sums[0] + rev, sums[1] + cogs, sums[2] + lost]
        row = by_month.get(f"{p.begin.year:04d}-{p.begin.month:02d}")
        assert (row[2], row[3]) == (rev, cogs) if row else (rev, cogs) == (0, 0), p
        opening = _costed(entries, method, cost_pool, p.begin) \
            if opening_needs_own_replay(method, c.replayed.settings, "item") else None
        t = turnover(opening, c, p, "item")
        if closing_before is not None:
            assert _total(t, "opening_value") == closing_before, p
        closing_before = _value(c)
        assert _total(t, "closing_value") == closing_before, p
        for item in ("CUP-01", "TEA-001"):
            rows = card(c, item, None, p).rows
            if rows:
                assert rows[-1][10] == _value(c, item), (p, item)
            if p.end < months[-1].end:
                nxt = card(_costed(entries, method, cost_pool, _next(p).end), item, None, _next(p)).rows
                if nxt and nxt[0][2] == "opening":
                    assert nxt[0][10] == _value(c, item), (p, item)
    whole_span = profit(whole, "item", span)
    assert sums[:2] == [_total(whole_span, "revenue"), _total(whole_span, "cogs")]
    assert sums[2] == _total(losses(whole, "item", span), "loss")


def _next(p: Period) -> Period:
    e = p.end
    return Period(e, dt.date(e.year + (e.month == 12), e.month % 12 + 1, 1))


def test_the_cache_keeps_the_recostings(make_ledger, monkeypatch):
    """The same answers cold, warm (from the costing record, re-costings included) and with the
    cache off: the March/April reproduction, profit by month and the card of March."""
    monkeypatch.setenv("JXC_CACHE_MIN_BYTES", "0")
    lg = make_ledger(ISSUE_MARCH, negative_stock="allow", catalog=ISSUE_CATALOG, month="2026-03")
    lg.write_journal(ISSUE_APRIL, "2026-04")
    commands = [("profit", "--by", "month"), ("profit", "-p", "2026-04"), ("card", "TEA-001"),
                ("turnover", "-p", "2026-04"), ("value", "--as-of", "2026-03-31")]
    cold = [lg.json(*c) for c in commands]
    warm = [lg.json(*c) for c in commands]
    monkeypatch.setenv("JXC_NO_CACHE", "1")
    off = [lg.json(*c) for c in commands]
    assert cold == warm == off
    assert [r["cogs"] for r in cold[0]] == [104.00, 16.00]
