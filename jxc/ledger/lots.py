"""Lots and expiry (SPEC 10): how a line names its lot, what a lot is on hand, FEFO.

A lot-tracked item (``lots: true`` in the catalog) carries a ``lot`` on every line
that moves it, and its receipts may carry an ``expiry``.  Three rules live here:

- the lot syntax of a command-line line (:func:`split_lot`): ``5@120#2024A`` names
  lot 2024A, ``5@120#2024A@@2027-06-30`` gives its expiry too;
- what a lot is (:func:`lot_expiries`, :func:`lots_on_hand`): its expiry is the
  earliest one any line gives it, its receipt date the first day it came in;
- first-expiry-first-out (:func:`choose_lots`): a line that names no lot takes the
  lots that expire first, then those without expiry, oldest receipt first, split
  across lots when one is not enough.

Everything is pure: it reads a replay (moves and lot balances) and returns records.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import NamedTuple

from jxc.errors import LedgerError
from jxc.ledger.accounts import account_name, is_location
from jxc.numbers import ZERO, fmt_qty

# `QTY[UNIT][@PRICE]#LOT[@@EXPIRY]`: '#' starts the lot (a shell reads '#' as a comment
# only at the start of a word), '@@' its expiry; a lot name has no space, '#', '@' or ':'.
_LOT = re.compile(r"(?P<rest>[^#]*)#(?P<lot>[^\s#@:]+)(?:@@(?P<expiry>\S+))?\Z")
LOT_SYNTAX = "QTY[@PRICE]#LOT[@@YYYY-MM-DD]"


class LotSpec(NamedTuple):
    """What a command-line line says about its lot: the text before it (``QTY[@PRICE]``),
    the ``lot`` (None: none named) and the ``expiry`` text (None: none given)."""

    rest: str
    lot: str | None
    expiry: str | None


def split_lot(spec: str) -> LotSpec:
    """``5@120#2024A@@2027-06-30`` → LotSpec('5@120', '2024A', '2027-06-30').

    A spec without ``#`` names no lot.  The expiry text is left to the caller to read
    as a date (it accepts every form the command line does).  Raises LedgerError for
    a ``#`` without a lot name, or text after the lot that is not ``@@DATE``.
    """
    if "#" not in spec:
        return LotSpec(spec, None, None)
    m = _LOT.match(spec)
    if m is None:
        raise LedgerError(f"cannot read the lot in {spec!r}: write {LOT_SYNTAX}, like 5@120#2024A"
                          " or 5@120#2024A@@2027-06-30")
    return LotSpec(m["rest"], m["lot"], m["expiry"])


class LotStock(NamedTuple):
    """A lot on hand: ``qty`` base units of ``item`` lot ``lot`` at ``location`` (a bare
    name), its ``expiry`` (None: none given) and the date it was first ``received``."""

    item: str
    location: str
    lot: str
    qty: Decimal
    expiry: dt.date | None
    received: dt.date | None


def lot_expiries(moves) -> dict:
    """(item, lot) -> expiry: the earliest expiry any line moving that lot gives it.

    A lot is one batch of goods, so its expiry belongs to the lot, not to a location
    or an entry; when two lines disagree the earlier date is the safe one.
    """
    out: dict = {}
    for m in moves:
        ln = m.line
        if m.lot is not None and ln is not None and ln.expiry is not None:
            key = (m.item, m.lot)
            if key not in out or ln.expiry < out[key]:
                out[key] = ln.expiry
    return out


def lot_receipts(moves) -> dict:
    """(item, lot) -> the date the lot first came into stock (any location)."""
    out: dict = {}
    for m in moves:
        if m.lot is not None and is_location(m.dst) and (m.item, m.lot) not in out:
            out[(m.item, m.lot)] = m.entry.date
    return out


def fefo_key(s: LotStock) -> tuple:
    """The FEFO order: the earliest expiry first, lots without expiry after those with
    one, then the oldest receipt, then the lot's name (so the choice is always the same)."""
    return (s.expiry is None, s.expiry or dt.date.max, s.received or dt.date.max, s.lot)


def lots_on_hand(replayed, item: str | None = None, location: str | None = None) -> list[LotStock]:
    """The lots with stock (qty ≠ 0) in ``replayed`` (a :class:`jxc.ledger.replay.Replayed`),
    of ``item`` and at ``location`` (bare name) when given, in FEFO order per item and
    location (:func:`fefo_key`).  Quantities are in base units."""
    moves = replayed.moves
    expiry = lot_expiries(moves)
    received = lot_receipts(moves)
    out = []
    for (acc, sku, lot), q in replayed.lot_balances.items():
        if q == 0 or (item is not None and sku != item):
            continue
        loc = account_name(acc)
        if location is not None and loc != location:
            continue
        out.append(LotStock(sku, loc, lot, q, expiry.get((sku, lot)), received.get((sku, lot))))
    out.sort(key=lambda s: (s.item, s.location) + fefo_key(s))
    return out


def choose_lots(stock: list[LotStock], qty: Decimal) -> list[tuple[str, Decimal]]:
    """FEFO (SPEC 10): take ``qty`` base units from the lots of one item at one location,
    first-expiry-first-out (:func:`fefo_key`), splitting across lots when needed.

    ``stock`` is what :func:`lots_on_hand` gives for that item and location.  Returns
    [(lot, qty)] in the order taken.  Raises LedgerError when the lots hold less than
    ``qty`` in all, naming what they hold.
    """
    left = qty
    out = []
    for s in sorted((s for s in stock if s.qty > 0), key=fefo_key):
        if left <= 0:
            break
        take = min(s.qty, left)
        out.append((s.lot, take))
        left -= take
    if left > 0:
        have = sum((s.qty for s in stock if s.qty > 0), ZERO)
        where = stock[0].location if stock else "this location"
        name = stock[0].item if stock else "this item"
        raise LedgerError(f"{fmt_qty(qty)} {name} wanted, but its lots at {where} hold {fmt_qty(have)}"
                          + (f" ({lots_text(stock)})" if stock else ""))
    return out


def lots_text(stock: list[LotStock]) -> str:
    """``2024A: 5 (expires 2027-06-30), 2024B: 3`` — lots on hand, for a message."""
    return ", ".join(f"{s.lot}: {fmt_qty(s.qty)}" + (f" (expires {s.expiry})" if s.expiry else "")
                     for s in stock if s.qty > 0) or "none"


def days_left(expiry: dt.date, as_of: dt.date) -> int:
    """Days from ``as_of`` to ``expiry`` (0: expires that day; negative: expired)."""
    return (expiry - as_of).days


def expiring(stock: list[LotStock], as_of: dt.date, within: int) -> list[LotStock]:
    """The lots of ``stock`` that have expired or expire within ``within`` days of ``as_of``
    (``days_left`` ≤ ``within``), earliest expiry first; lots without expiry never do."""
    out = [s for s in stock if s.expiry is not None and s.qty > 0 and days_left(s.expiry, as_of) <= within]
    out.sort(key=lambda s: (s.expiry, s.item, s.location, s.lot))
    return out
