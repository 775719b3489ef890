"""Value-added tax (增值税) on a line, one function per rule of SPEC 9.

Amounts are integer cents; rates are percentages as written (``13`` for 13 %).
Every split is made per line and rounded half-up to the cent, so for every line
``net + tax == gross`` holds exactly (the tax is what is left of the other two).

Without ``tax:`` in jxc.yaml none of this applies: a line's amount is
qty × price as in SPEC 4 and its gross is that same amount.
"""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

from jxc.numbers import CONTEXT, amount_cents, share_cents

HUNDRED = Decimal(100)


class TaxSplit(NamedTuple):
    """One line's money in cents: ``net`` (before tax), ``tax`` and ``gross`` (价税合计)."""

    net: int
    tax: int
    gross: int
    rate: Decimal | None = None   # percent; None when the ledger has no tax


def no_tax(qty: Decimal, price: Decimal) -> TaxSplit:
    """Without ``tax:``: the line's amount (qty × price, half-up) is both net and gross."""
    a = amount_cents(qty, price)
    return TaxSplit(a, 0, a, None)


def exclusive(qty: Decimal, price: Decimal, rate: Decimal) -> TaxSplit:
    """Prices before tax: net = q × p; tax = net × rate, each half-up to the cent."""
    net = amount_cents(qty, price)
    tax = share_cents(rate, net, HUNDRED)
    return TaxSplit(net, tax, net + tax, rate)


def inclusive(qty: Decimal, price: Decimal, rate: Decimal) -> TaxSplit:
    """Prices with tax (含税价): gross = q × p; net = gross / (1 + rate) half-up; tax = gross − net."""
    gross = amount_cents(qty, price)
    net = share_cents(HUNDRED, gross, HUNDRED + rate)
    return TaxSplit(net, gross - net, gross, rate)


def line_rate(line_rate: Decimal | None, item_rate: Decimal | None, ledger_rate: Decimal) -> Decimal:
    """The rate of a line: its own ``tax_rate``, else its item's, else the ledger's."""
    if line_rate is not None:
        return line_rate
    if item_rate is not None:
        return item_rate
    return ledger_rate


def split_line(qty: Decimal, price: Decimal, rate: Decimal | None, prices: str | None) -> TaxSplit:
    """The split of one line under the ledger's ``tax.prices`` (None: no tax at all)."""
    if prices is None or rate is None:
        return no_tax(qty, price)
    if prices == "inclusive":
        return inclusive(qty, price, rate)
    return exclusive(qty, price, rate)


def cost_cents(split: TaxSplit, recoverable: bool) -> int:
    """What a purchase line brings into costing: the net when input tax is recoverable,
    else the gross (the tax is part of the cost)."""
    return split.net if recoverable else split.gross


def returned_split(take: Decimal, qty: Decimal, split: TaxSplit, net_returned: int,
                   gross_before: int, last: bool) -> TaxSplit:
    """The part of a line's money that a return of ``take`` of its ``qty`` units reverses.

    ``net_returned`` is the net the replay reversed for this return (SPEC 4's rule:
    rounded on its own, the last units take exactly what is left); the gross follows
    the same rule over the line's gross (``gross_before``: what earlier returns of this
    line already reversed), and the tax is the difference, so net + tax = gross.
    """
    if take == qty or gross_before + share_cents(take, split.gross, qty) > split.gross:
        gross = split.gross - gross_before
    else:
        gross = share_cents(take, split.gross, qty)
    return TaxSplit(net_returned, gross - net_returned, gross, split.rate)


def unit_of(cents: int, qty: Decimal) -> Decimal:
    """A per-unit price whose q × p gives ``cents`` back (for layers and returns after tax)."""
    return CONTEXT.divide(Decimal(cents).scaleb(-2), qty)
