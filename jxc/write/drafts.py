"""Entries drafted from what a person typed, on the command line or in a web form.

The CLI's write commands and the web app's forms both call these, so a `jxc sell
--paid`, a `jxc receive PO-1`, a `jxc collect` and the same form on the phone write the
same entry (the write path then validates it like any other: :mod:`jxc.write.commit`).
Amounts are typed as text and carried as integer cents here; entries hold Decimal.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Optional

from jxc.errors import LedgerError, closest
from jxc.ledger import orders as O
from jxc.ledger.accounts import Account, account_name
from jxc.numbers import fmt_money, parse_decimal
from jxc.reports.period import parse_date


def cents_of(text: str, what: str) -> int:
    """A typed amount (``"1500.00"``) in integer cents; LedgerError unless positive and exact to the cent."""
    d = parse_decimal(text)
    if d is None or d <= 0:
        raise LedgerError(f"{what} must be a positive amount like 1500.00, got {text!r}")
    if d != d.quantize(Decimal("0.01")):
        raise LedgerError(f"{what} must be exact to the cent, got {text}")
    return int(d.scaleb(2))


def as_money(cents: int) -> Decimal:
    """Integer cents as the Decimal an entry holds (150000 → Decimal('1500.00'))."""
    return Decimal(cents).scaleb(-2)


def money_account(lg, name: Optional[str], option: str) -> str:
    """The money account NAME (else jxc.yaml's ``default_account``), checked against the catalog;
    ``option`` names where it was typed, for the error."""
    name = name or lg.settings.default_account
    if name is None:
        raise LedgerError(f"no money account given ({option}) and no default_account in jxc.yaml")
    return lg.catalog.check("account", name, None, None)


def settlement_fields(lg, kind: str, partner: str, lines: list, paid: Optional[str], account: Optional[str],
                      due: Optional[str], over_limit: bool, location: Optional[str] = None) -> dict:
    """The money keys of a buy or sell typed on the command line or a form (SPEC 9).

    ``--paid`` alone pays the entry's gross in full, written out as ``paid:`` so the entry
    never depends on today's catalog (a partner with ``terms: cash`` is paid in full by
    every write path: :func:`jxc.write.complete.paid_in_full`)."""
    from jxc.write.complete import pays_cash
    out: dict = {}
    if paid is None and account is not None and pays_cash(lg.catalog, kind, partner):
        paid = "all"                  # --account alone says where a cash partner's money went
    if paid is not None:
        if paid == "all":
            cents = gross_of(lg, kind, partner, lines, location)
        else:
            cents = cents_of(paid, "--paid")
        out["paid"] = as_money(cents)
        out["account"] = money_account(lg, account, "--account")
    elif account is not None:
        raise LedgerError("--account says where a payment went: give --paid too")
    if due is not None:
        out["due"] = parse_date(due, "--due")
    if over_limit:
        out["over_limit"] = True
    return out


def gross_of(lg, kind: str, partner: str, lines: list, location: Optional[str]) -> int:
    """The entry's gross as the journal will read it (same parse, same tax rules)."""
    from jxc.write.commit import prepare
    raw = {"id": "preview", "date": dt.date.today(), "type": kind,
           ("from" if kind == "buy" else "to"): partner, "lines": lines}
    if location:
        raw["to" if kind == "buy" else "from"] = location
    entry = prepare(lg, [raw])[0][0]
    return sum(ln.gross for ln in entry.lines)


def order_named(lg, order_id: str, kind: str):
    """The order ``order_id`` of type ``kind`` ('po' | 'so') as the journal has it now; a
    LedgerError naming the right command (or the closest id) when there is none."""
    ob = lg.order_book()
    o = ob.get(order_id)
    if o is not None and o.type != kind:
        raise LedgerError(f"'{order_id}' is a {o.type}: {'receive' if o.type == 'po' else 'ship'} it instead")
    if o is None:
        known = [x.id for x in ob.orders if x.type == kind]
        what = "purchase order" if kind == "po" else "sales order"
        raise LedgerError(f"no {what} '{order_id}'{closest(order_id, known)}")
    return o


def fulfilment_lines(lg, o, parsed: list[dict] | None) -> list[dict]:
    """The raw lines of a receipt or shipment against order ``o`` (a :class:`jxc.ledger.orders`
    order): ``parsed`` as typed (read by :func:`jxc.write.lines.read_line`; a price left out
    is the order's, in the line's unit), else everything still outstanding.  Raises
    LedgerError when nothing is outstanding (SPEC 8)."""
    if not parsed:
        if o.outstanding <= 0:
            raise LedgerError(O.nothing_expected(o.id, o.type, o.closed_on, True))
        lines: dict = {}
        for ln in o.lines:
            if ln.outstanding > 0:
                cur = lines.setdefault(ln.item, {"item": ln.item, "qty": Decimal(0), "price": ln.unit_price})
                cur["qty"] += ln.outstanding
        return list(lines.values())
    prices = {ln.item: ln.unit_price for ln in o.lines}
    for ln in parsed:
        if "price" not in ln:
            # an item not on the order gets no price: the order rules refuse the line by name
            base = prices.get(ln["item"])
            ln["price"] = (base * lg.catalog.items[ln["item"]].factor(ln.get("unit"))
                           if base is not None else Decimal(0))
    return parsed


def payment_entry(lg, partner: str, amount: int, account: str, incoming: bool, of: list[str]) -> dict:
    """A payment as written by `collect`/`pay`: allocated to the ``of`` documents in order, else to
    the oldest open documents, and that allocation written into ``apply``.  A refund (money
    to a customer, from a supplier) takes up credit and has no ``apply``."""
    from jxc.ledger.money import allocate_oldest
    kind, bare = Account.parse(partner)
    name = partner if (bare in lg.catalog.accounts or
                       bare in lg.catalog.section("supplier" if kind == "customer" else "customer")) else bare
    raw = {"type": "payment", "from": name if incoming else account, "to": account if incoming else name,
           "amount": as_money(amount)}
    if incoming != (kind == "customer"):
        if of:
            raise LedgerError("a refund takes up the partner's credit: it names no document (--of)")
        return raw
    books = lg.books()
    if of:
        docs = []
        for i in of:
            d = books.documents.get(i)
            if d is None or d.partner != partner:
                owner = f" (a document of {account_name(d.partner)})" if d is not None else ""
                raise LedgerError(f"'{i}' is no open document of {bare}{owner}")
            docs.append(d)
        alloc = allocate_oldest(docs, amount)
        owed = sum(d.outstanding for d in docs if d.outstanding > 0)
        if amount > owed:
            raise LedgerError(f"{fmt_money(amount)} is more than {', '.join(of)}"
                              f" {'owes' if len(of) == 1 else 'owe'} ({fmt_money(owed)});"
                              " name no document (--of) to keep the rest as an advance")
    else:
        alloc = allocate_oldest(books.open_documents(partner), amount)
    raw["apply"] = [{"of": i, "amount": as_money(c)} for i, c in alloc]
    return raw
