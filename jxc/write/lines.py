"""Entry lines as a person types them: ``ITEM QTY[UNIT][@PRICE]``.

The one reader of a typed line, shared by the write commands (``jxc sell TEA-001
2@88``) and the web forms (an item field, a quantity field, a price field): the item
is resolved by the catalog (SKU or barcode), the quantity and price are read by the
one rule of numbers (:func:`jxc.numbers.read_decimal`), a unit must be one the item
has.  A problem is a :class:`jxc.errors.LedgerError` naming the value.
"""

from __future__ import annotations

import re
from decimal import Decimal

from jxc.errors import LedgerError, closest
from jxc.numbers import NumberError, read_decimal

# The quantity is read by the one rule of numbers (ASCII digits): a unit starts
# with anything but a digit of any script, so `١٢` is a bad number, never a unit.
_LINE = re.compile(r"(?P<qty>[+-]?[0-9]+(\.[0-9]*)?|[+-]?\.[0-9]+)(?P<unit>[^\s@\d.+_-][^\s@]*)?"
                   r"(@(?P<price>\S+))?\Z")


def read_line(catalog, item_text: str, spec: str, with_price: str, what: str = "QTY",
              expiry: str | None = None) -> dict:
    """One typed line → a raw journal line ``{item, qty|counted[, unit][, price][, lot, expiry]}``.

    ``spec`` is ``QTY[UNIT][@PRICE][#LOT[@@EXPIRY]]`` (``2``, ``2case``, ``100@52``,
    ``5@120#2024A@@2027-06-30``: the lot syntax is :func:`jxc.ledger.lots.split_lot`);
    ``expiry`` (``--expiry``) is the expiry of a line naming a lot and none of its own; ``with_price`` is
    'required', 'optional', 'sale' (optional: the write path fills in the catalog's
    price) or 'none'; ``what`` is ``QTY`` (must be positive) or ``COUNTED`` (may be 0).
    Raises LedgerError naming the item and the value.
    """
    from jxc.ledger.lots import split_lot
    from jxc.reports.period import parse_date
    item = catalog.item_or_error(item_text, None, None)
    lot = split_lot(spec)
    spec = lot.rest
    m = _LINE.match(spec)
    if not m and re.match(r"[+-]?[\d.]", spec.partition("@")[0]):
        _number(spec.partition("@")[0], f"the quantity of {item_text}")  # says why, if it can
    if not m:
        raise LedgerError(f"cannot read {spec!r} for {item_text}: write {what}[UNIT]"
                          + ("[@PRICE]" if with_price != "none" else "") + ", like 100, 2case or 100@52")
    qty = _number(m["qty"], f"the quantity of {item_text}")
    if (qty <= 0 and what == "QTY") or qty < 0:   # a count may find nothing: 0 is a count
        rule = "positive" if what == "QTY" else "zero or more"
        raise LedgerError(f"the {'quantity' if what == 'QTY' else 'count'} of {item_text} must be {rule}, got {m['qty']}")
    line = {"item": item.sku, ("counted" if what == "COUNTED" else "qty"): qty}
    if m["unit"]:
        unit = m["unit"]
        if unit != item.unit and unit not in item.units:
            known = [item.unit, *item.units]
            raise LedgerError(f"item '{item.sku}' has no unit '{unit}'{closest(unit, known)}"
                              f" (its units: {', '.join(known)})")
        if unit != item.unit:
            line["unit"] = unit
    if m["price"] is not None:
        if with_price == "none":
            raise LedgerError(f"{spec!r}: a {what.lower()} here takes no price")
        price = _number(m["price"], f"the price of {item_text}", "a non-negative number")
        if price < 0:
            raise LedgerError(f"the price of {item_text} must be a non-negative number, got {m['price']!r}")
        line["price"] = price
    elif with_price == "required":
        raise LedgerError(f"{item_text} {spec}: give a unit price as {spec}@PRICE")
    if lot.lot is not None:
        line["lot"] = lot.lot
        if lot.expiry or expiry:
            line["expiry"] = parse_date(lot.expiry or expiry, f"the expiry of {item_text}")
    return line


def _number(text: str, what: str, kind: str = "a number") -> Decimal:
    """A number typed by a person, by the same rule as in a file."""
    try:
        return read_decimal(text)
    except NumberError as e:
        raise LedgerError(f"{what} must be {kind}, got {e}") from None
