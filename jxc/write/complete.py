"""What an entry means at the time it is written, written into it.

A sell line without a price means "the item's catalog price", and an entry without
its location means "the ledger's default location" — *today's*.  If the journal
kept only the omission, changing the catalog price from 88 to 99 would change last
week's revenue.  So every write path (the write commands, ``jxc add``, the API's
``commit``, any future front end) hands its raw entries through
:func:`complete_entry` before they are serialised: the journal then says what was
meant, and no later edit of the catalog or settings changes history.
"""

from __future__ import annotations

from decimal import Decimal

from jxc.errors import LedgerError
from jxc.ledger.entries import DEFAULT_LOCATION_KEY, default_sale_price

# Entry types whose lines default to the catalog sale price: a sale and a sales order.
SALE_PRICED = ("sell", "so")


def complete_entry(raw: dict, catalog, settings, path: str | None = None,
                   line: int | None = None) -> dict:
    """``raw`` (an entry as a dict, as in the journal) with today's defaults written in.

    - ``open``/``buy``/``po`` ``to``, ``sell``/``writeoff``/``so`` ``from``, ``count``
      ``at``: the settings' ``default_location`` when the entry names none;
    - each ``sell`` (and ``so``) line without ``price``: the catalog sale price of its item, per
      the line's ``unit`` (:func:`jxc.ledger.entries.default_sale_price`);
    - every line naming its item by barcode: the item's SKU (a barcode may be given
      to another item later).

    Returns a new dict (``raw`` is not changed); keys keep their order, a default
    location goes where the canonical key order puts it anyway.  Anything it cannot
    complete is left for validation to report, except a missing default location
    or sale price, which raise :class:`LedgerError` at ``path:line``.
    """
    kind = str(raw.get("type", ""))
    out = dict(raw)
    key = DEFAULT_LOCATION_KEY.get(kind)
    if key is not None and _absent(out.get(key)):
        if not settings.default_location:
            raise LedgerError(f"a {kind} entry needs '{key}' (a location): none given and no "
                              "default_location in jxc.yaml", path, line)
        out[key] = settings.default_location
    lines = out.get("lines")
    if isinstance(lines, list):
        out["lines"] = [_by_sku(ln, catalog) for ln in lines]
        if kind in SALE_PRICED:
            out["lines"] = [_priced(ln, kind, catalog, path, line) for ln in out["lines"]]
    return out


def pays_cash(catalog, kind: str, partner: str) -> bool:
    """Whether ``partner`` (a customer of a ``sell``, a supplier of a ``buy``) has
    ``terms: cash`` in the catalog: its documents are paid in full at once."""
    section = "customer" if kind == "sell" else "supplier"
    party = catalog.section(section).get(partner)
    return party is not None and party.terms == "cash"


def paid_in_full(raw: dict, entry, catalog, settings, path: str | None = None,
                 line: int | None = None) -> dict | None:
    """``raw`` with ``paid:`` (the entry's gross) and ``account:`` written in when ``entry`` is a
    buy or sell with a partner whose catalog ``terms`` is ``cash`` and ``raw`` says nothing of
    money; else None (nothing to add).

    The rule of cash terms (the ``walk-in`` customer): such a document is paid at once, and the
    journal says so itself, so a later change of the partner's terms never changes what is
    owed.  ``entry`` is ``raw`` as parsed (its lines carry the gross in cents, tax included);
    ``paid`` is their sum in the ledger's currency, 2 decimals.  The account is the ``default_account`` of the settings;
    without one, :class:`LedgerError` at ``path:line``.  Every write path calls this (through
    :func:`jxc.write.commit.prepare`), so ``jxc add``, ``jxc sell`` and ``jxc ship`` agree.
    """
    if entry.type not in ("buy", "sell") or any(not _absent(raw.get(k)) for k in ("paid", "account")):
        return None
    from jxc.ledger.accounts import account_name
    partner = account_name(entry.dst if entry.type == "sell" else entry.src)
    if not pays_cash(catalog, entry.type, partner):
        return None
    if not settings.default_account:
        raise LedgerError(f"'{partner}' pays cash (terms: cash): this {entry.type} needs 'paid' and "
                          "'account', and jxc.yaml has no default_account", path, line)
    cents = sum(ln.gross for ln in entry.lines)
    return {**raw, "paid": Decimal(cents).scaleb(-2), "account": settings.default_account}


def _by_sku(ln, catalog):
    """A line naming its item by barcode, naming it by SKU instead (other shapes are
    left to validation, which names an unknown item with a suggestion)."""
    name = ln.get("item") if isinstance(ln, dict) else None
    sku = catalog.resolve_item(str(name)) if isinstance(name, str) else None
    if sku is None or sku == name:
        return ln
    return {**ln, "item": sku}


def _priced(ln, kind: str, catalog, path, line):
    """A sale (or sales order) line with its price written in (other shapes are left to
    validation)."""
    if not isinstance(ln, dict) or not _absent(ln.get("price")):
        return ln
    name = ln.get("item")
    sku = str(name) if isinstance(name, str) and str(name) in catalog.items else None
    if sku is None:
        return ln
    item = catalog.items[sku]
    unit = ln.get("unit")
    price = default_sale_price(item, str(unit) if isinstance(unit, str) else None) \
        if unit is None or str(unit) == item.unit or str(unit) in item.units else None
    if price is None:
        if item.price is None:
            raise LedgerError(f"a {kind} line needs a 'price': item '{sku}' has no catalog price"
                              f" (on the command line: {name} QTY@PRICE)",
                              path, getattr(ln, "line", None) or line)
        return ln                      # an unknown unit: validation reports it
    return {**ln, "price": price}


def _absent(value) -> bool:
    """Not given: missing, None or a YAML null."""
    return value is None or bool(getattr(value, "is_null", False))
