"""The entries the web forms describe, built by the same functions as the write commands.

A form is read into the raw entry its command would write — lines by
:func:`jxc.write.lines.read_line` (the reader of ``ITEM QTY[@PRICE]`` on the command
line), paid-at-once keys by :func:`jxc.cli.paid.settlement_fields`, payments by
:func:`jxc.cli.money.payment_entry`, receipts and shipments of orders by the `receive`
and `ship` commands' own functions — and written by :meth:`jxc.api.Ledger.commit`, the
CLI's write path (lock, validation of the whole ledger with it, atomic write).  Nothing
here decides a number.

A problem in one field is a :class:`FieldError` naming that field, so the page shows
the message beside it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from jxc.errors import LedgerError

MAX_LINES = 200     # lines one form may carry: far above a stocktake page, far below harm


class FieldError(LedgerError):
    """A problem in one field of a form (``field``: its name, e.g. ``qty_2``)."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Form:
    """A form as submitted: field name → text (stripped); a field left empty is absent."""

    fields: dict

    @classmethod
    def of(cls, multidict) -> "Form":
        """From Starlette's FormData (uploads are not taken)."""
        return cls({k: str(v).strip() for k, v in multidict.items() if isinstance(v, str) and str(v).strip()})

    def get(self, name: str, default: str | None = None) -> str | None:
        return self.fields.get(name, default)

    def flag(self, name: str) -> bool:
        return self.fields.get(name) in ("on", "1", "true", "yes")

    def line_numbers(self) -> list[int]:
        """The numbers k of the ``item_k`` fields filled in, in order."""
        ks = sorted({int(n[5:]) for n in self.fields if n.startswith("item_") and n[5:].isdigit()})
        if len(ks) > MAX_LINES:
            raise FieldError("item_0", f"a form takes at most {MAX_LINES} lines, got {len(ks)}")
        return ks


def read_lines(catalog, form: Form, with_price: str, what: str = "QTY") -> list[dict]:
    """The form's lines ``item_k``, ``qty_k`` (``2``, ``2case``), ``price_k`` as raw journal
    lines, each read by :func:`jxc.write.lines.read_line`; a problem names its field."""
    from jxc.write.lines import read_line
    lines = []
    for k in form.line_numbers():
        item, qty, price = form.get(f"item_{k}"), form.get(f"qty_{k}"), form.get(f"price_{k}")
        try:
            catalog.item_or_error(item, None, None)
        except LedgerError as e:
            raise FieldError(f"item_{k}", e.problem.message) from None
        if qty is None:
            raise FieldError(f"qty_{k}", f"give the {'counted quantity' if what == 'COUNTED' else 'quantity'}"
                                         f" of {item}")
        spec = qty + (f"@{price}" if price is not None else "")
        try:
            lines.append(read_line(catalog, item, spec, with_price, what))
        except LedgerError as e:
            field = f"price_{k}" if "price" in e.problem.message else f"qty_{k}"
            raise FieldError(field, e.problem.message) from None
    if not lines:
        raise FieldError("item_0", "give at least one item and its quantity")
    return lines


def _head(kind: str, form: Form, **fields) -> dict:
    """The keys every entry typed by hand has: date (default today), type, ref, note."""
    from jxc.reports.period import parse_date
    try:
        date = parse_date(form.get("date") or "today", "date")
    except LedgerError as e:
        raise FieldError("date", e.problem.message) from None
    raw = {"date": date, "type": kind}
    raw.update({k: v for k, v in fields.items() if v is not None})
    for key in ("ref", "note"):
        if form.get(key):
            raw[key] = form.get(key)
    return raw


def _named(lg, section: str, field: str, form: Form, default: str | None) -> str:
    """A catalog name from ``field`` (else ``default``), checked: unknown names are a FieldError."""
    name = form.get(field) or default
    if not name:
        raise FieldError(field, f"choose a {section}")
    try:
        return lg.catalog.check(section, name, None, None)
    except LedgerError as e:
        raise FieldError(field, e.problem.message) from None


def _in_field(field: str, fn, *args):
    """Call ``fn``; a LedgerError it raises belongs to ``field``."""
    try:
        return fn(*args)
    except FieldError:
        raise
    except LedgerError as e:
        raise FieldError(field, e.problem.message) from None


def buy(lg, form: Form) -> dict:
    """A purchase (采购入库), as `jxc buy ITEM QTY@PRICE ... --from SUPPLIER --to LOC [--paid]`."""
    from jxc.cli.paid import settlement_fields
    supplier = _named(lg, "supplier", "from", form, lg.settings.default_supplier)
    to = _named(lg, "location", "to", form, lg.settings.default_location)
    lines = read_lines(lg.catalog, form, "required")
    paid = form.flag("paid")
    # the form always shows the money account; it says where a payment went only when paid
    money = _in_field("paid", settlement_fields, lg, "buy", supplier, lines, "all" if paid else None,
                      form.get("account") if paid else None, None, False, to)
    return _head("buy", form, **{"from": supplier}, to=to, **money, lines=lines)


def sell(lg, form: Form) -> dict:
    """A sale (销售出库), as `jxc sell ITEM QTY[@PRICE] ... --to CUSTOMER --from LOC [--paid]`;
    a price left out is the catalog's, written in by the write path."""
    from jxc.cli.paid import settlement_fields
    customer = _named(lg, "customer", "to", form, lg.settings.default_customer)
    src = _named(lg, "location", "from", form, lg.settings.default_location)
    lines = read_lines(lg.catalog, form, "sale")
    paid = form.flag("paid")
    money = _in_field("paid", settlement_fields, lg, "sell", customer, lines, "all" if paid else None,
                      form.get("account") if paid else None, None, form.flag("over_limit"), src)
    return _head("sell", form, **{"from": src}, to=customer, **money, lines=lines)


def transfer(lg, form: Form) -> dict:
    """A transfer (调拨), as `jxc transfer ITEM QTY ... --from LOC --to LOC`."""
    src = _named(lg, "location", "from", form, None)
    to = _named(lg, "location", "to", form, None)
    return _head("transfer", form, **{"from": src}, to=to, lines=read_lines(lg.catalog, form, "none"))


def count(lg, form: Form) -> dict:
    """A stocktake (盘点), as `jxc count ITEM COUNTED ... --at LOC`: the difference to book
    is posted by the engine; items not listed are untouched."""
    at = _named(lg, "location", "at", form, lg.settings.default_location)
    return _head("count", form, at=at, lines=read_lines(lg.catalog, form, "none", "COUNTED"))


def _fulfil(lg, form: Form, kind: str) -> dict:
    """A buy against a po (`jxc receive`) or a sell against a so (`jxc ship`): lines as
    given (prices default to the order's), none given: all that is outstanding."""
    from jxc.cli.orders import _fulfilment_lines, _order
    order_type = "po" if kind == "buy" else "so"
    oid = form.get("order")
    if not oid:
        raise FieldError("order", f"choose the {'purchase' if kind == 'buy' else 'sales'} order")
    o = _in_field("order", _order, lg, oid, order_type)
    tokens = []
    for k in form.line_numbers():
        if form.get(f"qty_{k}") is None:
            raise FieldError(f"qty_{k}", f"give the quantity of {form.get(f'item_{k}')}")
        tokens += [form.get(f"item_{k}"), form.get(f"qty_{k}")]
    lines = _in_field("item_0", _fulfilment_lines, lg, o, tokens)
    sides = {"from": o.partner, "to": o.location} if kind == "buy" else {"from": o.location, "to": o.partner}
    return _head(kind, form, order=o.id, **sides, lines=lines)


def receive(lg, form: Form) -> dict:
    """Goods received against a purchase order, as `jxc receive ORDER-ID [ITEM QTY ...]`."""
    return _fulfil(lg, form, "buy")


def ship(lg, form: Form) -> dict:
    """Goods shipped against a sales order, as `jxc ship ORDER-ID [ITEM QTY ...]`."""
    return _fulfil(lg, form, "sell")


def _payment(lg, form: Form, incoming: bool) -> dict:
    from jxc.cli.money import payment_entry
    from jxc.cli.paid import _account, _cents
    field = "from" if incoming else "to"
    name = form.get(field)
    if not name:
        raise FieldError(field, f"choose the {'customer' if incoming else 'supplier'}")
    partner = _in_field(field, lg.partner, name)
    amount = _in_field("amount", _cents, form.get("amount") or "", "the amount")
    account = _in_field("account", _account, lg, form.get("account"), "account")
    of = (form.get("of") or "").replace(",", " ").split()
    raw = _in_field("of" if of else "amount", payment_entry, lg, partner, amount, account, incoming, of)
    return _head("payment", form, **raw)


def collect(lg, form: Form) -> dict:
    """Money received from a customer (收款), as `jxc collect CUSTOMER AMOUNT [--of ID] [--to ACCOUNT]`."""
    return _payment(lg, form, True)


def pay(lg, form: Form) -> dict:
    """Money paid to a supplier (付款), as `jxc pay SUPPLIER AMOUNT [--of ID] [--from ACCOUNT]`."""
    return _payment(lg, form, False)


def warnings_of(lg, raw: dict) -> list[str]:
    """Valid input that is probably a slip (a barcode in a quantity field, a date years
    away): :func:`jxc.ledger.plausible.implausible`, as the CLI asks about them."""
    from jxc.ledger.plausible import implausible
    return implausible(raw, dt.date.today(), lg.catalog.barcodes)


BUILDERS = {"buy": buy, "sell": sell, "transfer": transfer, "count": count, "receive": receive,
            "ship": ship, "collect": collect, "pay": pay}
