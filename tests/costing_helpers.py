"""Helpers of the costing tests: in-memory ledgers, an independent book of the pools,
random histories (hypothesis) and beancount's booking of the same history.

Nothing here calls the CLI: the property tests need thousands of histories, so they
build entries from YAML text with the library (`parse_text` → `replay` → `cost`).
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from hypothesis import strategies as st

from conftest import CATALOG, SETTINGS
from jxc.ledger.catalog import read_catalog, read_settings
from jxc.ledger.costing import cost
from jxc.ledger.entries import dump_entry
from jxc.ledger.journal import Journal, parse_text
from jxc.ledger.replay import (ISSUE, PURCHASE_RETURN, RECEIPT, SALE, SALES_RETURN, SURPLUS,
                               TRANSFER, VIRTUAL, replay)

METHODS = ("fifo", "lifo", "moving-average", "monthly-average", "specific")
D = Decimal


# ---------------------------------------------------------------------------
# In-memory ledgers

def load(journal_text: str, costing="fifo", cost_pool="location", negative_stock="forbid",
         catalog: str = CATALOG, end: dt.date | None = None):
    """The replay of ``journal_text`` (YAML documents), as `jxc` would replay that ledger."""
    settings = read_settings(SETTINGS.format(costing=costing, cost_pool=cost_pool,
                                             negative_stock=negative_stock), "jxc.yaml")
    cat = read_catalog(catalog, "catalog.yaml")
    problems: list = []
    entries = parse_text(journal_text, "journal/2026/2026-01.yaml", cat, settings, problems)
    assert not problems, problems
    entries.sort(key=lambda e: e.sort_key)
    j = Journal(entries=entries, problems=[], by_id={e.id: e for e in entries if e.id})
    return replay(j, cat, settings, end=end)


def journal_text(entries: list[dict]) -> str:
    return "".join(dump_entry(e) for e in entries)


# ---------------------------------------------------------------------------
# An independent book of the pools, from the values costing gave each move.

def pool_keys(c, m):
    """(pool the move takes from, pool it adds to); None where a side is not a pool."""
    by_item = c.pool_by_item
    key = (lambda acc: m.item) if by_item else (lambda acc: (m.item, acc))
    k = m.kind
    if k in (RECEIPT, SURPLUS, SALES_RETURN):
        return None, key(m.dst)
    if k in (SALE, ISSUE, PURCHASE_RETURN):
        return key(m.src), None
    if k == TRANSFER:
        a, b = key(m.src), key(m.dst)
        return (None, None) if a == b else (a, b)
    assert k == VIRTUAL
    return None, None


def book(c, upto: int | None = None, check_empty=True):
    """Replay the moves' values into pools: {pool: [qty, value]}.

    With ``check_empty``, assert that a pool is worth 0 whenever it holds nothing:
    after every move for the running methods, at every month end for the monthly
    average (its issues take the month's cost; see docs/costing.md).
    """
    moves = c.replayed.moves[:upto]
    pools: dict = {}
    monthly = c.method == "monthly-average"
    later: dict = {}
    for rc in c.recosts:       # re-costings, booked after the arrival that covered the issue
        later.setdefault(rc.at, []).append(rc)

    def post(m, qty, v):
        out, into = pool_keys(c, m)
        if out is not None:
            p = pools.setdefault(out, [D(0), 0])
            p[0] -= qty
            p[1] -= v
        if into is not None:
            p = pools.setdefault(into, [D(0), 0])
            p[0] += qty
            p[1] += v
        return out, into

    for i, m in enumerate(moves):
        out, into = post(m, m.qty, c.values[i])
        for rc in later.get(i, ()):
            post(c.replayed.moves[rc.move], D(0), rc.cents)
        if check_empty:
            last_of_month = i + 1 == len(moves) or (moves[i + 1].date.year, moves[i + 1].date.month) != \
                (m.date.year, m.date.month)
            if not monthly or last_of_month:
                for key in (k for k in (out, into) if k is not None) if not monthly else list(pools):
                    q, val = pools[key]
                    assert q != 0 or val == 0, f"pool {key} holds nothing but is worth {val} cents after {m}"
    return pools


def pool_values(c) -> dict:
    """{pool: [qty, value]} as costing left them (pools that never held anything dropped)."""
    return {k: [p.qty, p.value] for k, p in c.pools.items() if p.qty != 0 or p.value != 0}


def nonzero(pools: dict) -> dict:
    return {k: v for k, v in pools.items() if v[0] != 0 or v[1] != 0}


def totals(c) -> dict:
    """Per item: closing value, cogs (net of sales returns), losses (net of surpluses),
    receipts (opens, buys, priced moves in) and purchase returns, in cents."""
    out: dict = {}
    moves = c.replayed.moves
    flows = [(m, c.values[i]) for i, m in enumerate(moves)] + [(moves[rc.move], rc.cents) for rc in c.recosts]
    for m, v in flows:
        t = out.setdefault(m.item, dict(closing=0, cogs=0, losses=0, receipts=0, purchase_returns=0))
        k = m.kind
        if k == SALE:
            t["cogs"] += v
        elif k == SALES_RETURN:
            t["cogs"] -= v
        elif k == ISSUE:
            t["losses"] += v
        elif k == SURPLUS:
            t["losses"] -= v
        elif k == RECEIPT:
            t["receipts"] += v
        elif k == PURCHASE_RETURN:
            t["purchase_returns"] += v
    for key, p in c.pools.items():
        item = key if isinstance(key, str) else key[0]
        out.setdefault(item, dict(closing=0, cogs=0, losses=0, receipts=0, purchase_returns=0))
        out[item]["closing"] += p.value
    return out


def cents(d: Decimal) -> int:
    return int((d * 100).to_integral_value(rounding=ROUND_HALF_UP))


# ---------------------------------------------------------------------------
# Random histories

LOCS = ("main", "shop")
START = dt.date(2026, 1, 1)

quantities = st.one_of(st.integers(1, 12).map(D),
                       st.sampled_from(["0.5", "1.25", "2.5", "0.3", "3.75", "0.1"]).map(D))
prices = st.one_of(st.integers(100, 9999).map(lambda n: D(n).scaleb(-2)),
                   st.integers(1000, 99999).map(lambda n: D(n).scaleb(-4)),
                   st.integers(1, 999).map(lambda n: D(n).scaleb(-3)))


@st.composite
def histories(draw, steps=(1, 30), items=("CUP-01", "TEA-001", "LOT-01"), returns=True,
              purchase_returns=True, counts=True, transfers=True, writeoffs=True, overdraw=False):
    """A sound random history: a list of entry dicts in date order (negative stock never
    happens).  CUP-01 has no catalog cost (a count surplus names its price), TEA-001 has
    one (and is sometimes bought by the case of 24), LOT-01 needs a lot on every line.
    With ``overdraw``, sales, write-offs and transfers take any quantity from anywhere
    (for ``negative_stock: allow``)."""
    n = draw(st.integers(*steps))
    day = START
    on_hand: dict = {}        # (loc, item, lot) -> qty
    sold: list = []           # [entry id, loc, [[item, lot, qty left], ...]]
    bought: list = []
    entries: list = []

    def avail(loc, item, lot=None):
        return on_hand.get((loc, item, lot), D(0))

    def held(loc=None):
        return [(l_, i_, lot) for (l_, i_, lot), q in sorted(on_hand.items(), key=str)
                if q > 0 and (loc is None or l_ == loc) and i_ in items]

    kinds = ["buy", "buy", "sell", "sell"]
    kinds += ["transfer"] if transfers else []
    kinds += ["writeoff"] if writeoffs else []
    kinds += ["count"] if counts else []
    kinds += ["sales_return"] if returns else []
    kinds += ["purchase_return"] if purchase_returns else []
    for k in range(n):
        day += dt.timedelta(days=draw(st.integers(0, 9)))
        kind = draw(st.sampled_from(kinds))
        eid = f"e{k:03d}"
        cands = held() if not overdraw else [(l_, i_, None) for l_ in LOCS for i_ in items]
        if kind == "buy" or not cands:
            item = draw(st.sampled_from(items))
            loc = draw(st.sampled_from(LOCS))
            lines = []
            for _ in range(draw(st.integers(1, 2))):
                ln = {"item": item, "qty": draw(quantities), "price": draw(prices)}
                base = ln["qty"]
                if item == "TEA-001" and draw(st.booleans()):
                    ln["unit"] = "case"
                    ln["qty"] = D(draw(st.integers(1, 2)))
                    base = ln["qty"] * 24
                if item == "LOT-01":
                    ln["lot"] = draw(st.sampled_from(["A", "B", "C"]))
                on_hand[(loc, item, ln.get("lot"))] = avail(loc, item, ln.get("lot")) + base
                lines.append(ln)
            t = draw(st.sampled_from(["buy", "buy", "open"]))
            e = {"id": eid, "date": day, "type": t, "to": loc, "lines": lines}
            if t == "buy":
                e["from"] = "hangzhou-tea"
                bought.append([eid, loc, [[ln["item"], ln.get("lot"), ln["qty"] * (24 if ln.get("unit") else 1)]
                                          for ln in lines]])
            entries.append(e)
            continue
        loc, item, lot = draw(st.sampled_from(cands))
        have = avail(loc, item, lot)
        if kind in ("sell", "writeoff", "transfer"):
            q = draw(quantities) if overdraw else min(draw(quantities), have)
            ln = {"item": item, "qty": q}
            if lot:
                ln["lot"] = lot
            on_hand[(loc, item, lot)] = have - q
            if kind == "sell":
                ln["price"] = draw(prices)
                entries.append({"id": eid, "date": day, "type": "sell", "from": loc, "to": "walk-in",
                                "lines": [ln]})
                sold.append([eid, loc, [[item, lot, q]]])
            elif kind == "writeoff":
                entries.append({"id": eid, "date": day, "type": "writeoff", "from": loc, "lines": [ln]})
            else:
                other = LOCS[1 - LOCS.index(loc)]
                on_hand[(other, item, lot)] = avail(other, item, lot) + q
                entries.append({"id": eid, "date": day, "type": "transfer", "from": loc, "to": other,
                                "lines": [ln]})
        elif kind == "count":
            counted = draw(st.one_of(st.just(D(0)), st.integers(0, 15).map(D), st.just(max(have, D(0)) + D("0.5"))))
            ln = {"item": item, "counted": counted}
            if lot:
                ln["lot"] = lot
            if counted > have and (item != "TEA-001" or draw(st.booleans())):
                ln["price"] = draw(prices)
            on_hand[(loc, item, lot)] = counted
            entries.append({"id": eid, "date": day, "type": "count", "at": loc, "lines": [ln]})
        elif kind == "sales_return":
            open_ = [s for s in sold if any(x[2] > 0 for x in s[2])]
            if not open_:
                continue
            sid, sloc, slines = draw(st.sampled_from(open_))
            sitem, slot, left = next(x for x in slines if x[2] > 0)
            q = min(draw(quantities), left)
            next(x for x in slines if x[2] > 0)[2] = left - q
            on_hand[(sloc, sitem, slot)] = avail(sloc, sitem, slot) + q
            ln = {"item": sitem, "qty": q}
            if slot:
                ln["lot"] = slot
            entries.append({"id": eid, "date": day, "type": "return", "of": sid, "lines": [ln]})
        elif kind == "purchase_return":
            cands = []
            for b in bought:
                for x in b[2]:
                    room = min(x[2], avail(b[1], x[0], x[1]))
                    if room > 0:
                        cands.append((b, x, room))
            if not cands:
                continue
            b, x, room = draw(st.sampled_from(cands))
            q = min(draw(quantities), room)
            x[2] -= q
            on_hand[(b[1], x[0], x[1])] = avail(b[1], x[0], x[1]) - q
            ln = {"item": x[0], "qty": q}
            if x[1]:
                ln["lot"] = x[1]
            entries.append({"id": eid, "date": day, "type": "return", "of": b[0], "lines": [ln]})
    return entries


# ---------------------------------------------------------------------------
# Beancount: the same buys, sales and transfers, booked FIFO or LIFO.

BEAN_HEADER = """\
option "operating_currency" "CNY"
2020-01-01 open Equity:Opening
2020-01-01 open Equity:Transit
2020-01-01 open Expenses:COGS
"""

BEAN_ITEM = {"CUP-01": "CUP", "TEA-002": "TEAB"}


def _n(d: Decimal) -> str:
    return format(d, "f")


def beancount_booking(entries: list[dict], method: str):
    """Book ``entries`` (open/buy, sell, transfer lines of items without units) with beancount.

    One account per location (``Assets:Main``, ``Assets:Shop``) opened with ``method``.
    A transfer is two transactions: the goods leave the source at cost (beancount books
    the lots), then arrive at the destination as those same lots, with their dates.
    Returns ({(entry id, line no): Σ units × cost of the lots the line reduced},
             {location: sorted [(cost, date, units)]} left at the end).
    """
    from beancount import loader
    from beancount.core import data

    text = [BEAN_HEADER]
    for loc in LOCS:
        text.append(f'2020-01-01 open Assets:{loc.title()} "{method.upper()}"\n')
    for sym in BEAN_ITEM.values():
        text.append(f"2020-01-01 commodity {sym}\n")

    def load_all():
        got, errors, _ = loader.load_string("".join(text))
        assert not errors, errors
        return {e.narration: e for e in got if isinstance(e, data.Transaction)}

    def reductions(txn):
        return [p for p in txn.postings if p.account.startswith("Assets:") and p.units.number < 0]

    for e in entries:
        date = e["date"].isoformat()
        for n_, ln in enumerate(e["lines"]):
            sym = BEAN_ITEM[ln["item"]]
            q = _n(ln["qty"])
            tag = f'{e["id"]}/{n_}'
            if e["type"] in ("open", "buy"):
                text.append(f'{date} * "{tag}"\n  Assets:{e["to"].title()}  {q} {sym} {{{_n(ln["price"])} CNY}}\n'
                            f"  Equity:Opening\n")
            elif e["type"] == "sell":
                text.append(f'{date} * "{tag}"\n  Assets:{e["from"].title()}  -{q} {sym} {{}}\n  Expenses:COGS\n')
            elif e["type"] == "transfer":
                text.append(f'{date} * "{tag}"\n  Assets:{e["from"].title()}  -{q} {sym} {{}}\n  Equity:Transit\n')
                booked = load_all()[tag]
                legs = "".join(f"  Assets:{e['to'].title()}  {_n(-p.units.number)} {sym} "
                               f"{{{_n(p.cost.number)} CNY, {p.cost.date.isoformat()}}}\n"
                               for p in reductions(booked))
                text.append(f'{date} * "{tag}/in"\n{legs}  Equity:Transit\n')
            else:
                raise ValueError(e["type"])
    booked = load_all()
    out = {}
    for e in entries:
        if e["type"] in ("sell", "transfer"):
            for n_ in range(len(e["lines"])):
                txn = booked[f'{e["id"]}/{n_}']
                out[(e["id"], n_)] = sum((-p.units.number * p.cost.number for p in reductions(txn)), D(0))
    from beancount.core import realization
    got, _, _ = loader.load_string("".join(text))
    real = realization.realize(got)
    left = {}
    for loc in LOCS:
        acc = realization.get(real, f"Assets:{loc.title()}")
        left[loc] = sorted((pos.units.currency, pos.cost.number, pos.cost.date, pos.units.number)
                           for pos in acc.balance if pos.units.number != 0)
    return out, left


@st.composite
def trading_histories(draw, steps=(1, 40)):
    """Buys (and opening stock), sales and transfers of CUP-01 and TEA-002 between two
    locations, never below zero; every receipt on a day of its own (beancount's LIFO takes
    same-day lots in file order, ours the newest entry first: see test_lifo_same_day)."""
    n = draw(st.integers(*steps))
    day = START
    last_receipt = None
    on_hand: dict = {}
    entries = []
    for k in range(n):
        day += dt.timedelta(days=draw(st.integers(0, 4)))
        held = sorted(key for key, q in on_hand.items() if q > 0)
        kind = draw(st.sampled_from(["buy", "sell", "sell", "transfer"])) if held else "buy"
        eid = f"e{k:03d}"
        if kind == "buy":
            if last_receipt == day:
                day += dt.timedelta(days=1)
            last_receipt = day
            loc = draw(st.sampled_from(LOCS))
            lines = []
            for item in draw(st.sampled_from([["CUP-01"], ["TEA-002"], ["CUP-01", "TEA-002"]])):
                ln = {"item": item, "qty": draw(quantities), "price": draw(prices)}
                on_hand[(loc, item)] = on_hand.get((loc, item), D(0)) + ln["qty"]
                lines.append(ln)
            t = draw(st.sampled_from(["buy", "buy", "open"]))
            e = {"id": eid, "date": day, "type": t, "to": loc, "lines": lines}
            if t == "buy":
                e["from"] = "hangzhou-tea"
            entries.append(e)
            continue
        loc = draw(st.sampled_from(sorted({h[0] for h in held})))
        lines = []
        for _ in range(draw(st.integers(1, 2))):
            mine = [h for h in held if h[0] == loc and on_hand[h] > 0]
            if not mine:
                break
            _, item = draw(st.sampled_from(mine))
            have = on_hand[(loc, item)]
            q = min(draw(quantities), have)
            on_hand[(loc, item)] = have - q
            ln = {"item": item, "qty": q}
            if kind == "sell":
                ln["price"] = draw(prices)
            else:
                other = LOCS[1 - LOCS.index(loc)]
                on_hand[(other, item)] = on_hand.get((other, item), D(0)) + q
            lines.append(ln)
        if kind == "sell":
            entries.append({"id": eid, "date": day, "type": "sell", "from": loc, "to": "walk-in", "lines": lines})
        else:
            entries.append({"id": eid, "date": day, "type": "transfer", "from": loc,
                            "to": LOCS[1 - LOCS.index(loc)], "lines": lines})
    return entries
