"""Invariants of SPEC 4, as properties over random histories (hypothesis).

Each history is sound (no negative stock) and mixes openings, buys (some by the case),
sales, transfers, write-offs, counts, sales returns and purchase returns of three items
over two locations and a few months.  For every method and both pool settings:

- every pool and period: opening value + receipts − issues = closing value, to the cent;
- a pool that holds nothing is worth nothing (the running methods after every move,
  the monthly average when a month closes);
- with no purchase returns, closing value + cogs + losses is what was received, under
  every method;
- returns give back exactly what their line took out, cost and revenue;
- the moving and monthly averages agree with a plain model of SPEC 4's formulas.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from costing_helpers import (METHODS, book, histories, journal_text, load, nonzero, pool_values,
                             totals)
from jxc.ledger.costing import cost
from jxc.ledger.replay import ISSUE, PURCHASE_RETURN, RECEIPT, SALE, SALES_RETURN, SURPLUS
from jxc.numbers import share_cents

SETTINGS = dict(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
POOLS = ["location", "item"]


def costed(entries, method, cost_pool="location", end=None):
    r = load(journal_text(entries), costing=method, cost_pool=cost_pool, end=end)
    assert not r.problems, r.problems
    c = cost(r, method)
    assert not c.problems, c.problems
    return c


def every_way(entries, end=None):
    """{(method, cost_pool): Costing}: the history under every method and pool setting
    (one replay per pool setting; costing never changes the moves)."""
    out = {}
    for cost_pool in POOLS:
        r = load(journal_text(entries), cost_pool=cost_pool, end=end)
        assert not r.problems, r.problems
        for method in METHODS:
            c = out[(method, cost_pool)] = cost(r, method)
            assert not c.problems, (method, cost_pool, c.problems)
    return out


@settings(**SETTINGS)
@given(entries=histories())
def test_every_pool_balances_and_an_empty_pool_is_worth_nothing(entries):
    for c in every_way(entries).values():
        assert nonzero(book(c)) == pool_values(c), (c.method, c.pool_by_item)


@settings(**SETTINGS)
@given(entries=histories(steps=(2, 30)), data=st.data())
def test_opening_plus_receipts_minus_issues_is_closing(entries, data):
    """Any period [begin, end): the opening is the book as of begin (a replay that stops
    there), the closing the book as of end, the moves in between with their values.  The
    monthly average prices a month as a whole, so its periods start on a month's first day."""
    days = sorted({e["date"] for e in entries})
    begin = data.draw(st.sampled_from(days))
    end = data.draw(st.sampled_from([d for d in days if d > begin] + [None]))
    openings = {**every_way(entries, end=begin), **{
        ("monthly-average", pool): c for (m, pool), c in every_way(entries, end=begin.replace(day=1)).items()
        if m == "monthly-average"}}
    for (method, cost_pool), c in every_way(entries, end=end).items():
        start = begin.replace(day=1) if method == "monthly-average" else begin
        opening = pool_values(openings[(method, cost_pool)])
        first = next((i for i, m in enumerate(c.replayed.moves) if m.date >= start), len(c.replayed.moves))
        flows = book(c, check_empty=False)
        before = book(c, upto=first, check_empty=False)
        closing = pool_values(c)
        for key in set(flows) | set(opening) | set(before):
            q0, v0 = opening.get(key, [Decimal(0), 0])
            q1, v1 = flows.get(key, [Decimal(0), 0])
            qb, vb = before.get(key, [Decimal(0), 0])
            # opening + (receipts − issues of the period) = closing
            assert [q0 + (q1 - qb), v0 + (v1 - vb)] == closing.get(key, [Decimal(0), 0]), (method, cost_pool, key)


@settings(**SETTINGS)
@given(entries=histories(purchase_returns=False))
def test_closing_plus_cogs_plus_losses_is_what_was_received_under_every_method(entries):
    seen = {}
    for (method, cost_pool), c in every_way(entries).items():
        for item, t in totals(c).items():
            assert t["closing"] + t["cogs"] + t["losses"] == t["receipts"], (method, cost_pool, item, t)
            seen.setdefault(item, set()).add(t["receipts"])
    assert all(len(v) == 1 for v in seen.values())


@settings(**SETTINGS)
@given(entries=histories())
def test_with_purchase_returns_what_was_received_less_what_went_back(entries):
    for (method, cost_pool), c in every_way(entries).items():
        for item, t in totals(c).items():
            assert t["closing"] + t["cogs"] + t["losses"] == t["receipts"] - t["purchase_returns"]


@settings(**SETTINGS)
@given(entries=histories())
def test_returns_give_back_exactly_what_their_line_took(entries):
    for c in every_way(entries).values():
        moves = c.replayed.moves
        back: dict = {}
        for i, m in enumerate(moves):
            if m.origin is not None:
                b = back.setdefault(id(m.origin), [Decimal(0), 0, 0])
                b[0] += m.qty
                b[1] += m.amount
                b[2] += c.values[i]
        index = {id(m): i for i, m in enumerate(moves)}
        for key, (q, amount, value) in back.items():
            o = moves[index[key]]
            if q == o.qty:
                assert amount == o.amount                   # the revenue (or purchase amount), all of it
                if o.kind == SALE:
                    assert value == c.values[index[key]]   # the cost the sale took out, all of it


@settings(**SETTINGS)
@given(entries=histories(items=("CUP-01", "TEA-001"), overdraw=True))
def test_stock_below_zero_keeps_the_books(entries):
    """negative_stock: allow.  Issues below zero take an estimate, re-costed when goods
    arrive; the books still balance, what was received is still accounted for, and a pool
    that ends empty is worth nothing (after every move too, when no transfer went below
    zero: a transfer re-costed later changes what its destination held back then)."""
    transfers = any(e["type"] == "transfer" for e in entries)
    for cost_pool in POOLS:
        r = load(journal_text(entries), cost_pool=cost_pool, negative_stock="allow")
        assert not r.problems, r.problems
        for method in METHODS:
            c = cost(r, method)
            assert not c.problems, c.problems
            running = not transfers and method != "monthly-average"
            assert nonzero(book(c, check_empty=running)) == pool_values(c), (method, cost_pool)
            for key, (q, v) in pool_values(c).items():
                assert q != 0 or v == 0, (method, cost_pool, key, v)
            for item, t in totals(c).items():
                assert t["closing"] + t["cogs"] + t["losses"] == t["receipts"] - t["purchase_returns"]


# ---------------------------------------------------------------------------
# The averages against a plain model of SPEC 4 (one pool per item, no transfers).

def model_moving_average(c):
    pools: dict = {}
    out = []
    for m in c.replayed.moves:
        q, v = pools.get(m.item, (Decimal(0), 0))
        if m.kind == RECEIPT:
            val = m.amount
            q, v = q + m.qty, v + val
        elif m.kind in (SALE, ISSUE):
            val = v if m.qty == q else share_cents(m.qty, v, q)
            q, v = q - m.qty, v - val
        else:
            raise AssertionError(m.kind)
        pools[m.item] = (q, v)
        out.append(val)
    return out


def model_monthly_average(c):
    moves = c.replayed.moves
    pools: dict = {}
    out = [0] * len(moves)
    months = sorted({(m.date.year, m.date.month) for m in moves})
    for month in months:
        idx = [i for i, m in enumerate(moves) if (m.date.year, m.date.month) == month]
        for item in sorted({moves[i].item for i in idx}):
            mine = [i for i in idx if moves[i].item == item]
            q0, v0 = pools.get(item, (Decimal(0), 0))
            rq = sum((moves[i].qty for i in mine if moves[i].kind == RECEIPT), Decimal(0))
            rv = sum(moves[i].amount for i in mine if moves[i].kind == RECEIPT)
            q, v = q0, v0
            last = None
            for i in mine:
                m = moves[i]
                if m.kind == RECEIPT:
                    out[i] = m.amount
                    q, v = q + m.qty, v + m.amount
                else:
                    out[i] = share_cents(m.qty, v0 + rv, q0 + rq)   # q × (V + R) / (Q + Rq)
                    q, v = q - m.qty, v - out[i]
                    last = i
            if q == 0 and last is not None:
                out[last] += v
                v = 0
            pools[item] = (q, v)
    return out


@pytest.mark.parametrize("method, model", [("moving-average", model_moving_average),
                                           ("monthly-average", model_monthly_average)])
@settings(**SETTINGS)
@given(entries=histories(returns=False, purchase_returns=False, counts=False, transfers=False))
def test_averages_follow_the_formulas(method, model, entries):
    c = costed(entries, method, "item")
    assert c.values == model(c)
