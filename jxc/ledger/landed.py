"""Landed cost (到岸成本, SPEC 10): freight and duty added to the cost of the goods of a buy.

A ``landed`` entry names a ``buy`` (``of``), an ``amount`` payable to a supplier
(``from``: the carrier is a supplier) and a key (``by``): ``qty``, ``value`` or
``equal``.  Two rules live here, both pure:

- :func:`split_cents`: an amount split by weights, each share rounded half-up to the
  cent and the last one taking the remainder, so the shares always sum exactly
  (1000.00 over 1:1:1 is 333.33, 333.33, 333.34 — never 999.99);
- :func:`line_shares`: the weights of a buy's lines for each key, and the shares.

Where a share goes on the landed entry's date (the goods still on hand, or cogs for
what has left) is costing's business: :mod:`jxc.ledger.landedcost`.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from jxc.errors import LedgerError
from jxc.numbers import CONTEXT

BY = ("qty", "value", "equal")
DEFAULT_BY = "qty"


class Landed(NamedTuple):
    """What a landed entry says about money: ``amount`` in cents, split over the lines of
    the buy it names ``by`` one of :data:`BY`.  (The buy is the entry's ``of``, the
    carrier its ``src``, ``supplier:NAME``.)"""

    amount: int
    by: str


def split_cents(total: int, weights: list[Decimal]) -> list[int]:
    """``total`` cents split in proportion to ``weights`` (≥ 0, not all 0).

    Each share but the last is total × w / Σw rounded half-up to the cent; the last
    takes what is left, so the shares sum to ``total`` exactly (SPEC 10: "the last line
    takes the remainder").  Raises ValueError when the weights sum to 0.
    """
    whole = sum(weights, Decimal(0))
    if whole <= 0:
        raise ValueError("weights sum to 0")
    out = []
    given = 0
    for w in weights[:-1]:
        share = int(CONTEXT.divide(CONTEXT.multiply(Decimal(total), w), whole)
                    .quantize(Decimal(1), rounding=ROUND_HALF_UP))
        out.append(share)
        given += share
    out.append(total - given)
    return out


def line_weights(lines, by: str) -> list[Decimal]:
    """The weight of each line of a buy for the key ``by``: ``qty`` its quantity in base
    units, ``value`` its amount (what costing took in, cents), ``equal`` 1 each."""
    if by == "qty":
        return [ln.base_qty for ln in lines]
    if by == "value":
        return [Decimal(ln.amount) for ln in lines]
    if by == "equal":
        return [Decimal(1)] * len(lines)
    raise ValueError(f"unknown key {by!r}")


def line_shares(buy, landed: Landed, path: str | None = None, line: int | None = None) -> list[int]:
    """The share of ``landed.amount`` (cents) each line of the entry ``buy`` takes, in
    the order of its lines (:func:`split_cents` over :func:`line_weights`).

    Raises LedgerError at ``path:line`` when the key gives nothing to split by (a buy
    whose lines are all worth 0, split by value).
    """
    try:
        return split_cents(landed.amount, line_weights(buy.lines, landed.by))
    except ValueError:
        raise LedgerError(f"cannot split by {landed.by}: the lines of '{buy.id}' are all 0 by it;"
                          " use by: qty or by: equal", path, line) from None


def read_landed(node, path: str) -> Landed:
    """The ``amount`` (> 0, exact to the cent) and ``by`` (default ``qty``) of a landed
    entry's node; LedgerError at the offending key."""
    from jxc.ledger import schema as S
    from jxc.ledger.money import as_cents
    amount = as_cents(S.require_key(node, "amount", path, "landed entry"), "amount", path)
    by = S.as_choice(node["by"], "by", BY, path) if S.get(node, "by") is not None else DEFAULT_BY
    return Landed(amount, by)
