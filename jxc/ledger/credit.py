"""Credit limits (信用额度, SPEC 9): what a customer may owe, and the sales and orders that pass it.

A customer's exposure is what it owes (its open documents less its credits, as
:meth:`jxc.ledger.books.Books.balance` says) plus the value of what it has on open
sales orders and not yet received: the goods it was promised are credit already
given, as ERPNext (outstanding plus unbilled sales orders), Odoo (``credit`` plus
``credit_to_invoice``) and Tryton's ``sale_credit_limit`` count it.  So a `so` is
judged when it is written, and the `sell` that ships it moves value from "on order"
to "owed" and changes nothing: an order accepted within the limit ships without a
second refusal.

A `sell` or `so` that takes the exposure past ``credit_limit`` is refused unless it
carries ``over_limit: true``; one that does not raise the exposure (a sale paid at
once, a shipment of an order at its price) is never refused.  The limit is a rule
of writing: only the entries being written are judged, so lowering a limit later
never makes an old sale wrong.  Amounts are integer cents.
"""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

from jxc.ledger.accounts import CUSTOMER, account_name, is_kind
from jxc.ledger.tax import line_rate, split_line
from jxc.numbers import fmt_money

# The entry types a credit limit judges, and how a message names them.
JUDGED = {"sell": "sale", "so": "sales order"}


class Exposure(NamedTuple):
    """A customer's credit in use at one point of the journal, in cents: ``owed`` on its
    documents (net of credits) and ``on_order``, the value still to ship on its open
    sales orders."""

    owed: int
    on_order: int

    @property
    def total(self) -> int:
        return self.owed + self.on_order


def open_order_value(lines, catalog, settings) -> int:
    """What open sales-order lines are worth to the customer, in cents.

    ``lines``: (order line, outstanding base units) as
    :meth:`jxc.ledger.orders.OrderPass.open_lines` gives them.  Each line is its
    outstanding quantity × its unit price, and with ``tax:`` the gross (价税合计, what
    the customer will owe: :func:`jxc.ledger.tax.split_line` at the item's rate, else
    the ledger's), half-up to the cent per line as a sale of it would be."""
    tax = settings.tax
    total = 0
    for ln, outstanding in lines:
        rate = line_rate(None, catalog.items[ln.item].tax_rate, tax.rate) if tax is not None else None
        total += split_line(outstanding, ln.unit_cost, rate, tax.prices if tax is not None else None).gross
    return total


def exposure(books, orders, partner: str) -> Exposure:
    """``partner``'s exposure now: its balance in ``books`` (a
    :class:`jxc.ledger.books.Books` being settled) and its open sales orders in
    ``orders`` (a :class:`jxc.ledger.orders.OrderPass` at the same point)."""
    on_order = open_order_value(orders.open_lines("so", partner), orders.catalog, orders.settings)
    return Exposure(books.balance(partner), on_order)


def is_judged(e, catalog) -> bool:
    """Does the credit limit judge entry ``e``: a sell or so to a customer with a
    ``credit_limit``, not written past it on purpose (``over_limit: true``)."""
    if e.type not in JUDGED or not is_kind(e.dst, CUSTOMER):
        return False
    if e.money is not None and e.money.over_limit:
        return False
    party = catalog.customers.get(account_name(e.dst))
    return party is not None and party.credit_limit is not None


def credit_limit_problem(what: str, partner: str, before: Exposure, after: Exposure,
                         limit: Decimal | None) -> str | None:
    """Why a sale or sales order (``what``) that takes ``partner``'s exposure from
    ``before`` to ``after`` is refused, or None: it is refused when ``after`` is past the
    customer's ``credit_limit`` and higher than ``before`` (SPEC 9).  The message names
    what is owed, what is on order and the limit."""
    if limit is None:
        return None
    cents = int(limit.scaleb(2))
    if after.total <= cents or after.total <= before.total:
        return None
    held = f"{fmt_money(before.owed)} owed" + (f" and {fmt_money(before.on_order)} on open sales orders"
                                               if before.on_order else "")
    return (f"this {what} takes what {partner} owes{' and has on order' if after.on_order else ''} to"
            f" {fmt_money(after.total)}, past its credit limit of {fmt_money(cents)} ({held} before it);"
            " give --over-limit to write it anyway")
