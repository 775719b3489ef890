"""Money with partners (SPEC 9): what is owed on documents, payments and their allocation.

A ``buy`` is a document payable to its supplier, a ``sell`` a document receivable
from its customer, for the gross of its lines (价税合计), due on ``due:`` or the
date + the partner's ``terms_days``.  Returns reduce what their document owes (a
credit note).  A ``payment`` entry moves money between a money account and a
partner; ``apply:`` allocates it to documents, the rest is an advance (预收/预付)
that later documents use up.  :func:`jxc.ledger.books.settle` plays all of it in journal order and
returns the :class:`~jxc.ledger.books.Books` (in :mod:`jxc.ledger.books`): documents,
credits, statements' lines, account balances, problems.  It reads the replay (for the returns' amounts) and never
changes it: payments move no stock.

Everything here is in integer cents.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import NamedTuple

from jxc.errors import LedgerError, closest
from jxc.ledger import schema as S
from jxc.ledger.yamlread import Mapping, Sequence
from jxc.ledger.accounts import split_account

# Keys an entry may carry for money (fastparse leaves entries with them to the strict reader).
SETTLEMENT_KEYS = ("paid", "account", "over_limit")
PAYMENT_KEYS = ("from", "to", "amount", "apply")


class Settlement(NamedTuple):
    """What a buy or sell says about its money: ``paid`` at once (cents, into/out of
    ``account``) and ``over_limit`` (written past a credit limit on purpose).  Its ``due``
    date is the entry's own (``Entry.due``, read as for orders)."""

    paid: int | None = None
    account: str | None = None
    over_limit: bool = False


class Payment(NamedTuple):
    """A payment entry: ``amount`` cents between ``account`` and ``partner``
    (``customer:X`` / ``supplier:X``); ``incoming``: money comes into the account.
    ``apply``: ((document id, cents, line), ...) as written; None when the entry has
    no ``apply`` (then it is allocated oldest first when read), () for none at all."""

    amount: int
    account: str
    partner: str
    incoming: bool
    apply: tuple | None = None


class Transfer(NamedTuple):
    """Money moved between two of the shop's own money accounts (资金调拨: cash paid into
    the bank, cash drawn from it): a payment entry whose ``from`` and ``to`` are both
    accounts.  ``amount`` cents leave ``src`` and arrive at ``dst``; no partner owes or
    is owed anything, so nothing is allocated (``apply`` is always empty)."""

    amount: int
    src: str
    dst: str
    apply: tuple = ()


# ---------------------------------------------------------------------------
# Reading


def as_cents(node, key: str, path: str, positive: bool = True) -> int:
    """An amount of money exact to the cent (SPEC 9: ``amount`` > 0, exact to the cent)."""
    d = S.as_positive(node, key, path) if positive else S.as_non_negative(node, key, path)
    if d != d.quantize(Decimal("0.01")):
        raise LedgerError(f"'{key}' must be exact to the cent, got {str(node)}", path, node.line)
    return int(d.scaleb(2))


def money_account(node, key: str, path: str, catalog, settings, where: int | None) -> str:
    """A declared money account, or the ledger's ``default_account`` when ``node`` is None."""
    if node is None:
        name = settings.default_account
        if name is None:
            raise LedgerError(f"no '{key}' (a money account) and no default_account in jxc.yaml",
                              path, where)
        return catalog.check("account", name, path, where)
    return catalog.check("account", S.as_name(node, key, path), path, node.line)


def read_settlement(node: Mapping, path: str, catalog, settings) -> Settlement | None:
    """The money keys of a buy or sell (None when it has none)."""
    if all(S.get(node, k) is None for k in SETTLEMENT_KEYS):
        return None
    paid = account = None
    if S.get(node, "paid") is not None:
        paid = as_cents(node["paid"], "paid", path, positive=False)
        account = money_account(S.get(node, "account"), "account", path, catalog, settings, node.line)
    elif S.get(node, "account") is not None:
        raise LedgerError("'account' says where a payment went: give 'paid' too", path, node["account"].line)
    over = S.as_bool(node["over_limit"], "over_limit", path) if S.get(node, "over_limit") is not None \
        else False
    return Settlement(paid, account, over)


def _side(node, key: str, path: str, catalog):
    """One side of a payment: ('account', name) or ('customer'|'supplier', name).

    A bare name is looked up among accounts, customers and suppliers; ``customer:X``
    or ``supplier:X`` says which when a name is in two sections."""
    text = S.as_name(node, key, path) if ":" not in str(node) else S.as_text(node, key, path)
    kind, name = split_account(text)
    if kind is not None:
        if kind not in ("account", "customer", "supplier"):
            raise LedgerError(f"'{key}' of a payment is an account, a customer or a supplier, got {text!r}",
                              path, node.line)
        return kind, catalog.check(kind, name, path, node.line)
    found = [k for k in ("account", "customer", "supplier") if text in catalog.section(k)]
    if not found:
        known = [*catalog.accounts, *catalog.customers, *catalog.suppliers]
        raise LedgerError(f"unknown account or partner '{text}'{closest(text, known)}", path, node.line)
    if len(found) > 1:
        raise LedgerError(f"'{text}' is both {found[0]} and {found[1]}: write {found[0]}:{text}"
                          f" or {found[1]}:{text}", path, node.line)
    return found[0], text


def read_payment(node: Mapping, path: str, catalog, settings) -> tuple[str, str, Payment | Transfer]:
    """A payment entry's (src, dst, Payment or Transfer).  One side is a money account,
    the other a customer or supplier: customer → account is money received (收款),
    account → supplier money paid (付款); account → customer is a refund to a customer,
    supplier → account a refund from a supplier.  Account → another account is a
    :class:`Transfer` (:func:`read_transfer`)."""
    src = _side(S.require_key(node, "from", path, "payment entry"), "from", path, catalog)
    dst = _side(S.require_key(node, "to", path, "payment entry"), "to", path, catalog)
    amount = as_cents(S.require_key(node, "amount", path, "payment entry"), "amount", path)
    if src[0] == dst[0] == "account":
        return f"account:{src[1]}", f"account:{dst[1]}", read_transfer(node, path, src[1], dst[1], amount)
    if (src[0] == "account") == (dst[0] == "account"):
        raise LedgerError("a payment goes between a money account and a customer or supplier, or between"
                          f" two money accounts, got {src[0]} '{src[1]}' → {dst[0]} '{dst[1]}'",
                          path, node.line)
    incoming = dst[0] == "account"
    account, partner = (dst, src) if incoming else (src, dst)
    apply = None
    if S.get(node, "apply") is not None:
        apply = _read_apply(node["apply"], path, node.line)
    pay = Payment(amount, account[1], f"{partner[0]}:{partner[1]}", incoming, apply)
    return f"{src[0]}:{src[1]}", f"{dst[0]}:{dst[1]}", pay


def read_transfer(node: Mapping, path: str, src: str, dst: str, amount: int) -> Transfer:
    """A transfer between two money accounts: two different accounts, and no ``apply``
    (no document is paid: the money stays the shop's)."""
    if src == dst:
        raise LedgerError(f"a transfer between money accounts needs two different accounts, got '{src}'"
                          " twice", path, node.line)
    if S.get(node, "apply") is not None:
        raise LedgerError("a transfer between money accounts pays no document: it has no 'apply'",
                          path, node["apply"].line)
    return Transfer(amount, src, dst)


def _read_apply(node, path: str, where: int) -> tuple:
    if type(node) is not Sequence:
        raise LedgerError(f"'apply' must be a list like [{{of: ID, amount: 10.00}}], got {S.describe(node)}",
                          path, S.line_of(node, where))
    out = []
    for a in node:
        a = S.require_mapping(a, "an 'apply' item", path, where)
        S.check_keys(a, ("of", "amount"), path, "an 'apply' item")
        of = S.as_name(S.require_key(a, "of", path, "apply item"), "of", path)
        out.append((of, as_cents(S.require_key(a, "amount", path, "apply item"), "amount", path), a.line))
    return tuple(out)


def allocate_oldest(open_docs, amount: int) -> list[tuple[str, int]]:
    """Oldest open documents first (SPEC 9): [(document id, cents)], never more than each owes.
    ``open_docs``: documents in journal order with ``id`` and ``outstanding``."""
    out = []
    for d in open_docs:
        if amount <= 0:
            break
        if d.outstanding > 0:
            take = min(amount, d.outstanding)
            out.append((d.id, take))
            amount -= take
    return out


def due_date(date: dt.date, due: dt.date | None, party) -> dt.date:
    """A document is due on its ``due:``, else date + the partner's ``terms_days``, else its date."""
    if due is not None:
        return due
    if party is not None and party.terms_days:
        return date + dt.timedelta(days=party.terms_days)
    return date
