"""Posting quantities and the negative-stock rule: one function each, for every path.

Every line of an entry is a double-entry move of ``qty`` units of an item from
one account to another (the journal format): the source loses what the
destination gains.  With ``negative_stock: forbid`` a move that takes a
location below zero at its point of the journal is an error.

Replay (:mod:`jxc.ledger.replay`) posts every move through :func:`post` and asks
:func:`takes_below_zero`; the fast write checks of :mod:`jxc.store` post the
moves of a batch through the same two functions, one move at a time in journal
order, so a batch that sells before it buys is refused on every path.
"""

from __future__ import annotations

from decimal import Decimal

from jxc.ledger.accounts import is_location
from jxc.numbers import ZERO

def forbids_negative(settings) -> bool:
    """``negative_stock: forbid`` (the default) in ``jxc.yaml``."""
    return settings.negative_stock == "forbid"


def post(balances: dict, src: str, dst: str, item: str, qty: Decimal) -> Decimal:
    """Move ``qty`` (base units, > 0) of ``item`` from ``src`` to ``dst`` in ``balances``.

    ``balances`` maps (account, item) to a Decimal quantity and is updated in
    place; the postings of a move sum to zero.  Returns what ``src`` holds of
    ``item`` afterwards, for :func:`takes_below_zero`.
    """
    k = (src, item)
    left = balances.get(k, ZERO) - qty
    balances[k] = left
    k = (dst, item)
    balances[k] = balances.get(k, ZERO) + qty
    return left


def post_lot(lot_balances: dict, src: str, dst: str, item: str, lot: str, qty: Decimal):
    """:func:`post` for the lots of a lot-tracked item: only locations hold lots.

    ``lot_balances`` maps (location account, item, lot) to a quantity.  Returns
    what ``src`` holds of that lot afterwards (None when ``src`` is not a location).
    """
    left = None
    if is_location(src):
        k = (src, item, lot)
        left = lot_balances.get(k, ZERO) - qty
        lot_balances[k] = left
    if is_location(dst):
        k = (dst, item, lot)
        lot_balances[k] = lot_balances.get(k, ZERO) + qty
    return left


def takes_below_zero(forbid: bool, src: str, left) -> bool:
    """The negative-stock rule: under ``forbid``, a move that leaves its source location
    with less than zero (``left``, as :func:`post` returns it) is an error."""
    return forbid and left is not None and left < 0 and is_location(src)
