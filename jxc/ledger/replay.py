"""Replay: entries → double-entry moves in journal order, with running balances.

Every line becomes one move of ``qty`` base units of an item from one account to
another, so for every entry and item the postings sum to zero (SPEC 2).  Counts
and returns are expanded here because they depend on the journal up to their
point: a count posts the difference to book, a return reverses part of what its
original entry moved.  `negative_stock: forbid` is checked at every move.

Costing (money) is a separate pass over these moves: :mod:`jxc.ledger.costing`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import NamedTuple

from jxc.ledger.accounts import COUNT_ADJUST, account_name, is_location
from jxc.errors import LedgerError, Problem
from jxc.ledger import posting
from jxc.ledger.returns import returned_cents
from jxc.ledger.entries import ORDER_TYPES
from jxc.ledger.landed import line_shares
from jxc.ledger.orders import book
from jxc.numbers import CONTEXT, ZERO, amount_cents, fmt_qty

# What a move is, for costing and the reports.
RECEIPT = "receipt"            # goods in at a known unit cost (open, buy, move in with a price)
SURPLUS = "surplus"            # goods in at the cost rule of SPEC 4 (count surplus, move in without price)
SALE = "sale"                  # goods out to a customer, with revenue
ISSUE = "issue"                # goods out at cost: write-off, count shortage, move out
TRANSFER = "transfer"          # location → location
SALES_RETURN = "sales_return"  # customer → location, reversing part of a sale
PURCHASE_RETURN = "purchase_return"  # location → supplier, reversing part of a buy
VIRTUAL = "virtual"            # between two virtual accounts: no stock changes
LANDED = "landed"              # no goods: a landed cost's share of one buy line (origin: its receipt)

# Entry types whose moves are made from the moves of the entry their ``of`` names.
REFERS_BACK = ("return", "landed")


class Move(NamedTuple):
    """One posting pair: ``qty`` base units of ``item`` from ``src`` to ``dst`` (immutable).

    ``amount`` is money the move carries by itself, in cents: a receipt's cost, a
    sale's revenue, a return's reversal of the original amount.  ``unit_cost`` is
    the line's price per base unit (for a sale: its sale price).  ``origin`` is the
    move a return reverses.  What has been returned of a move so far is kept by the
    replay (:meth:`Replayed.returned_qty`), never on the move.  Moves are told apart
    by identity (``is``), as costing does, not by value.
    """

    entry: object
    line: object
    item: str
    src: str
    dst: str
    qty: Decimal
    kind: str
    unit_cost: Decimal | None = None
    amount: int | None = None
    lot: str | None = None
    origin: "Move | None" = None

    @property
    def date(self) -> dt.date:
        return self.entry.date

    @property
    def lineno(self) -> int:
        return self.line.line if self.line is not None else self.entry.line

    def __repr__(self) -> str:  # for debugging and test failures
        return f"Move({self.entry.date} {self.kind} {self.item} {self.src}->{self.dst} {self.qty})"


class Replayed:
    """The result of a replay: the moves, the final balances, the problems found."""

    def __init__(self, journal, catalog, settings, end):
        self.journal = journal
        self.catalog = catalog
        self.settings = settings
        self.end = end
        self.entries = []
        self.moves: list[Move] = []
        self.balances: dict = {}       # (account, item) -> qty
        self.lot_balances: dict = {}   # (location account, item, lot) -> qty, for lot-tracked items
        self.problems: list[Problem] = list(journal.problems)
        self.returned: dict = {}       # id(move) -> [qty, amount] returned of it so far

    def qty(self, account: str, item: str) -> Decimal:
        return self.balances.get((account, item), ZERO)

    def returned_qty(self, m: Move) -> Decimal:
        """How much of move ``m`` (a buy's or a sale's) has been returned by the replay's end."""
        got = self.returned.get(id(m))
        return got[0] if got is not None else ZERO


def replay(journal, catalog, settings, end: dt.date | None = None, start_problems=True,
           start: tuple | None = None, marks=None) -> Replayed:
    """Replay ``journal`` up to (excluding) ``end``.

    ``start`` = (balances, lot balances) resumes from a checkpoint instead of
    from nothing (the journal then holds the entries after it).  ``marks`` is a
    set of entry indexes: before each, the balances are copied into
    ``r.checkpoints[index]`` (see :mod:`jxc.store.snapshot`).
    """
    r = Replayed(journal, catalog, settings, end)
    if start is not None:
        r.balances = dict(start[0])
        r.lot_balances = dict(start[1])
    entries = journal.entries
    if end is not None:
        entries = [e for e in entries if e.date < end]
    r.entries = entries
    r.checkpoints = {}
    returned_ids = {e.of for e in entries if e.type in REFERS_BACK}
    first_move: dict = {}
    forbid = posting.forbids_negative(settings)
    moves = r.moves
    balances = r.balances
    lot_bal = r.lot_balances
    items = catalog.items
    problems = r.problems

    def post(m: Move):
        q = m.qty
        left = posting.post(balances, m.src, m.dst, m.item, q)
        lot_tracked = m.lot is not None and items[m.item].lots
        lleft = posting.post_lot(lot_bal, m.src, m.dst, m.item, m.lot, q) if lot_tracked else None
        moves.append(m)
        if posting.takes_below_zero(forbid, m.src, left):
            problems.append(Problem(
                f"{_what(m)} of {fmt_qty(q)} {m.item} takes {account_name(m.src)} below zero on {m.entry.date}"
                f" ({fmt_qty(left + q)} on hand)", m.entry.path, m.lineno))
        elif posting.takes_below_zero(forbid, m.src, lleft):
            problems.append(Problem(_lot_short(m, lleft, lot_bal), m.entry.path, m.lineno))

    for i, e in enumerate(entries):
        if marks and i in marks:
            r.checkpoints[i] = (dict(balances), dict(lot_bal), len(problems), len(moves))
        t = e.type
        if t in ORDER_TYPES:
            continue              # an order is a promise: it moves no stock and no value
        if e.id is not None and e.id in returned_ids:
            first_move[e.id] = len(moves)
        if t == "count":
            _expand_count(e, r, post)
        elif t == "return":
            _expand_return(e, r, post, first_move)
        elif t == "landed":
            _expand_landed(e, r, first_move)
        else:
            kind = _KIND_OF_TYPE.get(t)  # a move is classified per line below
            for ln in e.lines:
                k = kind
                if t == "move":
                    k = _move_kind(ln)
                    if k == ISSUE and ln.price is not None:
                        problems.append(Problem(
                            "a move out of a location leaves at cost: remove its 'price'", e.path, ln.line))
                    if k == RECEIPT and ln.price is None:
                        k = SURPLUS
                post(Move(entry=e, line=ln, item=ln.item, src=ln.src or e.src, dst=ln.dst or e.dst,
                          qty=ln.base_qty, kind=k, unit_cost=ln.unit_cost, amount=ln.amount, lot=ln.lot))
    if start is None:
        # Fulfilling an order depends on the whole history of that order, so a replay
        # resumed from a checkpoint cannot judge it (the cache falls back to a full one).
        found = book(entries, catalog, settings).problems
        if found:
            problems.extend(found)
            r.checkpoints = {}    # a checkpoint is a clean prefix; these are known only at the end
    return r


_KIND_OF_TYPE = {"open": RECEIPT, "buy": RECEIPT, "sell": SALE, "transfer": TRANSFER,
                 "writeoff": ISSUE}


def _move_kind(ln) -> str:
    s_loc = is_location(ln.src)
    d_loc = is_location(ln.dst)
    if s_loc and d_loc:
        return TRANSFER
    if d_loc:
        return RECEIPT
    if s_loc:
        return ISSUE
    return VIRTUAL


def _lot_short(m: Move, left, lot_balances: dict) -> str:
    """The message for a move that takes more of a lot than its location holds; for a lot
    not there at all, the lots that are and how to name one."""
    q = m.qty
    if left + q > 0:
        return (f"{_what(m)} of {fmt_qty(q)} {m.item} lot {m.lot} takes {account_name(m.src)} below zero"
                f" on {m.entry.date} ({fmt_qty(left + q)} of that lot on hand)")
    there = [f"{lot}: {fmt_qty(lq)}" for (acc, item, lot), lq in sorted(lot_balances.items())
             if acc == m.src and item == m.item and lq > 0]
    return (f"{_what(m)} of {fmt_qty(q)} {m.item}: lot {m.lot} is not at {account_name(m.src)} on"
            f" {m.entry.date} (lots there: {', '.join(there) or 'none'}); name one of them as"
            f" {m.item} QTY#LOT, or leave the lot out to take them first-expiry-first-out")


def _what(m: Move) -> str:
    return {"sell": "sale", "writeoff": "write-off", "transfer": "transfer", "count": "count",
            "return": "return", "move": "move"}.get(m.entry.type, m.entry.type)


def _expand_count(e, r: Replayed, post) -> None:
    """A count posts counted − book, at its point of the journal, to/from adjust:count."""
    at = e.at
    listed = set()
    for ln in e.lines:
        counted = CONTEXT.multiply(ln.counted, ln.factor)
        if ln.lot is not None and r.catalog.items[ln.item].lots:
            book = r.lot_balances.get((at, ln.item, ln.lot), ZERO)
            listed.add((ln.item, ln.lot))
        else:
            book = r.qty(at, ln.item)
            listed.add((ln.item, None))
        _post_difference(e, ln, ln.item, ln.lot, counted - book, ln.unit_cost, post)
    if e.full:
        # Everything else held at the location was counted as zero.
        for (acc, item), q in sorted(r.balances.items()):
            if acc != at or q == 0:
                continue
            if r.catalog.items[item].lots:
                for (acc2, item2, lot), lq in sorted(r.lot_balances.items()):
                    if acc2 == at and item2 == item and lq != 0 and (item, lot) not in listed:
                        _post_difference(e, None, item, lot, -lq, None, post)
            elif (item, None) not in listed:
                _post_difference(e, None, item, None, -q, None, post)


def _post_difference(e, ln, item, lot, diff, unit_cost, post) -> None:
    if diff > 0:
        post(Move(entry=e, line=ln, item=item, src=COUNT_ADJUST, dst=e.at, qty=diff, kind=SURPLUS,
                  unit_cost=unit_cost, lot=lot))
    elif diff < 0:
        post(Move(entry=e, line=ln, item=item, src=e.at, dst=COUNT_ADJUST, qty=-diff, kind=ISSUE, lot=lot))


def _named_entry(e, r: Replayed, what: str, types: tuple):
    """The earlier entry a return or landed cost names by ``of``, or None with its problem
    recorded (unknown, dated after ``e``, or not one of ``types``)."""
    orig = r.journal.by_id.get(e.of)
    if orig is None and e.of in r.journal.unread_ids():
        return None         # that entry's own problem is reported; "unknown" would mislead
    if orig is None or orig.date > e.date or (orig.date == e.date and orig.sort_key > e.sort_key):
        from jxc.errors import closest
        if orig is None:
            hint = closest(e.of, r.journal.by_id)
            r.problems.append(Problem(f"{what} of unknown entry '{e.of}'{hint}", e.path, e.line))
        else:
            r.problems.append(Problem(f"{what} of '{e.of}' comes before that entry ({orig.date})",
                                      e.path, e.line))
        return None
    if orig.type not in types:
        only = " or a ".join(types)
        r.problems.append(Problem(f"'{e.of}' is a {orig.type}; a {what} is only of a {only}",
                                  e.path, e.line))
        return None
    return orig


def _moves_of(orig, r: Replayed, first_move) -> list:
    """The moves the lines of ``orig`` made (one per line, in order)."""
    start = first_move.get(orig.id)
    return [m for m in r.moves[start:start + len(orig.lines)] if m.entry is orig]


def _expand_landed(e, r: Replayed, first_move) -> None:
    """A landed cost (SPEC 10): one move per line of the buy it names, carrying that line's
    share of the amount (:func:`jxc.ledger.landed.line_shares`) and no goods, from the
    carrier to where the line's goods arrived; costing books it (:mod:`jxc.ledger.landedcost`)."""
    orig = _named_entry(e, r, "landed cost", ("buy",))
    if orig is None:
        return
    try:
        shares = line_shares(orig, e.money, e.path, e.line)
    except LedgerError as err:
        r.problems.append(err.problem)
        return
    for m, cents in zip(_moves_of(orig, r, first_move), shares):
        if cents:
            r.moves.append(Move(entry=e, line=None, item=m.item, src=e.src, dst=m.dst, qty=ZERO,
                                kind=LANDED, amount=cents, lot=m.lot, origin=m))


def _expand_return(e, r: Replayed, post, first_move) -> None:
    """A return reverses part or all of the buy or sell named by ``of``."""
    orig = _named_entry(e, r, "return", ("buy", "sell"))
    if orig is None:
        return
    originals = _moves_of(orig, r, first_move)
    kind = SALES_RETURN if orig.type == "sell" else PURCHASE_RETURN
    for ln in e.lines:
        want = ln.base_qty
        candidates = [m for m in originals if m.item == ln.item and (ln.lot is None or m.lot == ln.lot)]
        left = sum((m.qty - r.returned_qty(m) for m in candidates), ZERO)
        if not candidates:
            r.problems.append(Problem(f"{orig.type} '{e.of}' has no {ln.item}"
                                      + (f" of lot {ln.lot}" if ln.lot else ""), e.path, ln.line))
            continue
        if want > left:
            moved = sum((m.qty for m in candidates), ZERO)
            r.problems.append(Problem(
                f"return of {fmt_qty(want)} {ln.item} is more than {orig.type} '{e.of}' moved less what was"
                f" already returned ({fmt_qty(moved)} moved, {fmt_qty(left)} left)", e.path, ln.line))
            continue
        for m in candidates:
            if want == 0:
                break
            done = r.returned.setdefault(id(m), [ZERO, 0])
            take = min(want, m.qty - done[0])
            if take <= 0:
                continue
            want -= take
            amount = returned_amount(m, take, done[0], done[1])
            done[0] += take
            done[1] += amount
            post(Move(entry=e, line=ln, item=m.item, src=m.dst, dst=m.src, qty=take, kind=kind,
                      unit_cost=None if kind == SALES_RETURN else m.unit_cost, amount=amount, lot=m.lot,
                      origin=m))


def returned_amount(m: Move, take: Decimal, qty_before: Decimal, amount_before: int) -> int:
    """The amount of returning ``take`` of move ``m`` (cents), ``qty_before``/``amount_before``
    having been returned already: each partial return is rounded on its own (take × price),
    and the return of the line's last units takes exactly what is left of its amount (SPEC 4;
    the rule is :func:`jxc.ledger.returns.returned_cents`)."""
    return returned_cents(take, qty_before, m.qty, m.amount, amount_before,
                          lambda q: amount_cents(q, m.unit_cost))
