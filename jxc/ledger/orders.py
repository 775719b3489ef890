"""Orders (采购订单 / 销售订单): promises that move no stock and no value.

A ``po`` (purchase order: ``from`` a supplier, ``to`` a location) or ``so``
(sales order: ``from`` a location, ``to`` a customer) says what is expected.  A
``buy`` or ``sell`` that carries ``order: ID`` fulfils it; a ``return`` of such an
entry puts its quantity back to outstanding; a ``close`` entry (``of: ID``) says
nothing more is expected.  The status is derived here, never written:

    open       nothing received/delivered yet
    partial    some of it
    done       all of it (every line fulfilled to its ordered quantity or more)
    closed     closed with some of it still outstanding
    cancelled  closed before anything was received/delivered

Everything below is a pass over the entries in journal order (:func:`book`),
separate from replay: replay posts nothing for an order, and reports that need
the expected quantities (``orders``, ``stock --projected``, ``reorder``) ask the
:class:`OrderBook`.  Quantities are in the item's base unit, exact Decimals.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from jxc.errors import Problem, closest
from jxc.ledger.accounts import account_name
from jxc.numbers import CONTEXT, ZERO, fmt_qty

ORDER_KINDS = ("po", "so")
FULFILS = {"buy": "po", "sell": "so"}          # which order kind each move type fulfils
STATUSES = ("open", "partial", "done", "closed", "cancelled")
RULES_VERSION = 1      # a change of the rules below is a new orders record in the cache
_DONE_WORD = {"po": "received", "so": "delivered"}
_PARTNER = {"po": "supplier", "so": "customer"}


@dataclass(frozen=True)
class OrderLine:
    """One line of an order as of the end of the pass.

    ``ordered``/``fulfilled``/``outstanding`` are base units; ``fulfilled`` is net of
    returns and may exceed ``ordered`` when ``over_receipt`` allowed it;
    ``outstanding`` is 0 once the order is closed.  ``unit_price`` is per base unit.
    """

    item: str
    ordered: Decimal
    fulfilled: Decimal
    outstanding: Decimal
    unit_price: Decimal | None
    due: dt.date
    line: int | None

    @property
    def closed_qty(self) -> Decimal:
        """What a close took off: ordered − fulfilled − outstanding (never below 0)."""
        return max(self.ordered - self.fulfilled - self.outstanding, ZERO)


@dataclass(frozen=True)
class Order:
    """A po or so with what became of it.  ``partner`` and ``location`` are bare names."""

    id: str
    type: str
    date: dt.date
    partner: str
    location: str
    due: dt.date
    ref: str | None
    note: str | None
    lines: tuple
    closed_on: dt.date | None
    status: str
    path: str | None
    line: int | None

    @property
    def outstanding(self) -> Decimal:
        """What is still expected over all lines, in base units (0 once closed)."""
        return sum((ln.outstanding for ln in self.lines), ZERO)


@dataclass(frozen=True)
class OrderBook:
    """Every order of the journal (in journal order) and the problems of fulfilling them."""

    orders: tuple
    problems: tuple

    def get(self, order_id: str) -> Order | None:
        """The order with that id, or None."""
        return next((o for o in self.orders if o.id == order_id), None)

    def expected(self) -> dict:
        """{(location, item): (on_order, committed)}: outstanding base units on open po / so."""
        out: dict = {}
        for o in self.orders:
            for ln in o.lines:
                if ln.outstanding <= 0:
                    continue
                on_order, committed = out.get((o.location, ln.item), (ZERO, ZERO))
                if o.type == "po":
                    on_order += ln.outstanding
                else:
                    committed += ln.outstanding
                out[(o.location, ln.item)] = (on_order, committed)
        return out


# ---------------------------------------------------------------------------
# The rules, one function each

def default_due(kind: str, date: dt.date, partner: str, catalog) -> dt.date:
    """An order's due date when none is written: a po is due ``date`` + the supplier's
    ``lead_time_days`` (its lead time, else none); a so is due on its date."""
    if kind == "po":
        sup = catalog.suppliers.get(partner)
        if sup is not None and sup.lead_time_days is not None:
            if dt.date.max.toordinal() - date.toordinal() < sup.lead_time_days:
                return dt.date.max  # past the calendar's last day: due on it
            return date + dt.timedelta(days=sup.lead_time_days)
    return date


def allowance(ordered: Decimal, settings) -> Decimal:
    """How much may come in beyond an ordered quantity: ``over_receipt`` percent of it
    (``jxc.yaml``; default 0, so nothing beyond)."""
    return CONTEXT.divide(CONTEXT.multiply(ordered, settings.over_receipt), Decimal(100))


def status_of(ordered: Decimal, fulfilled: Decimal, closed: bool) -> str:
    """open / partial / done / closed / cancelled, from the totals of an order (base units)."""
    if fulfilled >= ordered:
        return "done"
    if closed:
        return "cancelled" if fulfilled <= 0 else "closed"
    return "open" if fulfilled <= 0 else "partial"


def projected(on_hand: Decimal, on_order: Decimal, committed: Decimal) -> Decimal:
    """Projected quantity = on hand + outstanding on open po − outstanding on open so."""
    return on_hand + on_order - committed


def available(on_hand: Decimal, committed: Decimal) -> Decimal:
    """Available quantity = on hand − outstanding on open so (what can still be promised)."""
    return on_hand - committed


def days_late(due: dt.date, outstanding: Decimal, as_of: dt.date) -> int:
    """Days past due of a line still outstanding on ``as_of``; 0 when on time or nothing is expected."""
    if outstanding <= 0 or as_of <= due:
        return 0
    return (as_of - due).days


def nothing_expected(order_id: str, kind: str, closed_on: dt.date | None, full: bool) -> str | None:
    """Why an order takes no more receipts/deliveries (closed, or every line fully fulfilled), or None."""
    if closed_on is not None:
        return f"order '{order_id}' was closed on {closed_on}: nothing more is expected"
    if full:
        return f"order '{order_id}' is already fully {_DONE_WORD[kind]}"
    return None


def backorder(qty: Decimal, available_qty: Decimal) -> Decimal:
    """What a new so line promises beyond what is available: max(qty − available, 0)."""
    return max(qty - max(available_qty, ZERO), ZERO)


def allocate(items: list, item: str, qty: Decimal, fulfilled: list) -> list:
    """How a fulfilling line of ``qty`` base units of ``item`` spreads over an order's lines.

    Matched by item: the lines of that item in order, each up to what it still
    expects; what is left over (an over-receipt) goes to the last line of the item.
    Returns [(line index, qty)]; empty when the order has no such item.
    """
    idx = [i for i, it in enumerate(items) if it[0] == item]
    out = []
    for i in idx:
        if qty <= 0:
            break
        take = min(qty, max(items[i][1] - fulfilled[i], ZERO))
        if take > 0:
            out.append((i, take))
            qty -= take
    if qty > 0 and idx:
        out.append((idx[-1], qty))
    return out


# ---------------------------------------------------------------------------
# The pass

class _Tracked:
    """The running state of one order during the pass (mutable; frozen into an Order at the end)."""

    __slots__ = ("entry", "due", "items", "fulfilled", "closed_on", "given")

    def __init__(self, entry, due):
        self.entry = entry
        self.due = due
        self.items = [(ln.item, ln.base_qty) for ln in entry.lines]
        self.fulfilled = [ZERO] * len(entry.lines)
        self.closed_on = None
        self.given: dict = {}        # fulfilling entry id -> [(line index, qty)]


def book(entries, catalog, settings) -> OrderBook:
    """Every order of ``entries`` (journal order) with its fulfilment, and the problems.

    Problems (one each, at the fulfilling entry or line): an unknown order, one of
    the wrong kind, partner or location, one dated after the fulfilment, closed or
    already fully fulfilled, an item not on it, more than outstanding beyond the
    ``over_receipt`` allowance; a close of an unknown or already closed order.
    """
    p = OrderPass(entries, catalog, settings)
    for e in entries:
        p.step(e)
    return p.result()


class OrderPass:
    """The pass of :func:`book` one entry at a time, for a caller that needs the orders as
    they stand at a point of the journal (the credit limit counts what a customer has on
    open sales orders: :func:`jxc.ledger.credit.exposure`).  ``entries`` is the whole
    journal (an order named before it is written is a problem of its own)."""

    def __init__(self, entries, catalog, settings):
        self.catalog, self.settings = catalog, settings
        self.tracked: dict = {}
        self.by_fulfiller: dict = {}
        self.problems: list = []
        self.later = {e.id: e for e in entries if e.type in ORDER_KINDS and e.id is not None}

    def step(self, e) -> None:
        """Take entry ``e`` (the next one in journal order) into the orders."""
        t = e.type
        tracked, problems = self.tracked, self.problems
        if t in ORDER_KINDS:
            if e.id is None:
                # `jxc add` and the order commands write one; a hand-written order needs its number
                problems.append(Problem(f"a {t} needs an 'id': its order number, like {t.upper()}-2026-0001",
                                        *_where(e)))
            elif e.id not in tracked:
                partner = account_name(e.dst if t == "so" else e.src)
                tracked[e.id] = _Tracked(e, e.due or default_due(t, e.date, partner, self.catalog))
        elif t == "close":
            _close(tracked, e, problems)
        elif e.order is not None:
            tr = _check_fulfilment(tracked, e, problems, self.later)
            if tr is not None:
                self.by_fulfiller[e.id] = tr
                _fulfil(tr, e, self.settings, problems)
        elif t == "return" and e.of in self.by_fulfiller:
            _reopen(self.by_fulfiller[e.of], e)

    def open_lines(self, kind: str, partner: str):
        """(order line as written, outstanding base units) of every open line of the
        ``kind`` orders (po|so) with ``partner`` (qualified, ``customer:X``), as of now."""
        for tr in self.tracked.values():
            e = tr.entry
            if e.type != kind or (e.dst if kind == "so" else e.src) != partner:
                continue
            for ln, (_, q), f in zip(e.lines, tr.items, tr.fulfilled):
                out = line_outstanding(q, f, tr.closed_on is not None)
                if out > 0:
                    yield ln, out

    def result(self) -> OrderBook:
        """Every order as it stands after the entries taken so far, and the problems."""
        return OrderBook(tuple(_frozen(tr) for tr in self.tracked.values()), tuple(self.problems))


def line_outstanding(ordered: Decimal, fulfilled: Decimal, closed: bool) -> Decimal:
    """What an order line still expects: ordered − fulfilled (never below 0); 0 once closed."""
    return ZERO if closed else max(ordered - fulfilled, ZERO)


def _where(e, ln=None) -> tuple:
    return e.path, (ln.line if ln is not None and e.path else e.line)


def _check_fulfilment(tracked: dict, e, problems: list, later: dict):
    """The order a buy/sell names, or None (with a problem) when it cannot fulfil it."""
    want = FULFILS.get(e.type)
    tr = tracked.get(e.order)
    if want is None:
        problems.append(Problem(f"a {e.type} cannot fulfil an order: only a buy (of a po) or a sell"
                                f" (of a so) can", *_where(e)))
        return None
    if tr is None and e.order in later:
        problems.append(Problem(f"{e.type} of order '{e.order}' comes before that order"
                                f" ({later[e.order].date})", *_where(e)))
        return None
    if tr is None:
        hint = closest(e.order, [k for k, v in tracked.items() if v.entry.type == want])
        problems.append(Problem(f"{e.type} names unknown order '{e.order}'{hint}", *_where(e)))
        return None
    o = tr.entry
    if o.type != want:
        problems.append(Problem(f"'{e.order}' is a {o.type}; a {e.type} fulfils a {want}", *_where(e)))
        return None
    refused = nothing_expected(e.order, o.type, tr.closed_on,
                               all(f >= q for (_, q), f in zip(tr.items, tr.fulfilled)))
    if refused and tr.closed_on is not None:
        problems.append(Problem(refused, *_where(e)))
        return None
    partner_acc, loc_acc, mine_p, mine_l = ((o.src, o.dst, e.src, e.dst) if want == "po"
                                            else (o.dst, o.src, e.dst, e.src))
    if partner_acc != mine_p:
        kind = _PARTNER[want]
        problems.append(Problem(f"order '{e.order}' is with {kind} '{account_name(partner_acc)}',"
                                f" not '{account_name(mine_p)}'", *_where(e)))
        return None
    if loc_acc != mine_l:
        problems.append(Problem(f"order '{e.order}' is for location '{account_name(loc_acc)}', not '{account_name(mine_l)}'",
                                *_where(e)))
        return None
    if refused:
        problems.append(Problem(refused, *_where(e)))
        return None
    return tr


def _fulfil(tr: _Tracked, e, settings, problems: list) -> None:
    """Match ``e``'s lines to the order's lines by item; more than outstanding (beyond the
    allowance) is a problem and that line counts for nothing."""
    given = tr.given.setdefault(e.id, [])
    for ln in e.lines:
        ordered = sum((q for it, q in tr.items if it == ln.item), ZERO)
        if not ordered:
            problems.append(Problem(f"order '{e.order}' has no item '{ln.item}'", *_where(e, ln)))
            continue
        done = sum((f for (it, _), f in zip(tr.items, tr.fulfilled) if it == ln.item), ZERO)
        limit = ordered + allowance(ordered, settings)
        if done + ln.base_qty > limit:
            left = max(ordered - done, ZERO)
            extra = "" if settings.over_receipt else " (over_receipt in jxc.yaml allows more)"
            problems.append(Problem(
                f"{fmt_qty(ln.base_qty)} {ln.item} is more than order '{e.order}' has outstanding"
                f" ({fmt_qty(left)} of {fmt_qty(ordered)}){extra}", *_where(e, ln)))
            continue
        for i, q in allocate(tr.items, ln.item, ln.base_qty, tr.fulfilled):
            tr.fulfilled[i] += q
            given.append((i, q))


def _reopen(tr: _Tracked, ret) -> None:
    """A return of a fulfilling entry puts its quantity back to outstanding (last allocation first)."""
    given = tr.given.get(ret.of, [])
    for ln in ret.lines:
        want = ln.base_qty
        for k in range(len(given) - 1, -1, -1):
            i, q = given[k]
            if want <= 0:
                break
            if tr.items[i][0] != ln.item or q <= 0:
                continue
            take = min(q, want)
            tr.fulfilled[i] -= take
            given[k] = (i, q - take)
            want -= take


def _close(tracked: dict, e, problems: list) -> None:
    tr = tracked.get(e.of)
    if tr is None:
        problems.append(Problem(f"close of unknown order '{e.of}'{closest(e.of, tracked)}", *_where(e)))
    elif tr.closed_on is not None:
        problems.append(Problem(f"order '{e.of}' was already closed on {tr.closed_on}", *_where(e)))
    else:
        tr.closed_on = e.date


def _frozen(tr: _Tracked) -> Order:
    e = tr.entry
    closed = tr.closed_on is not None
    lines = []
    for ln, (_, q), f in zip(e.lines, tr.items, tr.fulfilled):
        out = line_outstanding(q, f, closed)
        lines.append(OrderLine(ln.item, q, f, out, ln.unit_cost, ln.due or tr.due, ln.line))
    # the order's status compares item totals: an over-receipt on one line does not fill another
    totals: dict = {}
    for ln in lines:
        o, f = totals.get(ln.item, (ZERO, ZERO))
        totals[ln.item] = (o + ln.ordered, f + ln.fulfilled)
    ordered = sum((o for o, _ in totals.values()), ZERO)
    fulfilled = sum((min(f, o) for o, f in totals.values()), ZERO)
    partner, location = (e.src, e.dst) if e.type == "po" else (e.dst, e.src)
    return Order(e.id, e.type, e.date, account_name(partner), account_name(location), tr.due, e.ref, e.note,
                 tuple(lines), tr.closed_on, status_of(ordered, fulfilled, closed), e.path, e.line)
