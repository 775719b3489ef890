"""Exact numbers (SPEC 3): decimals as written, money in integer cents.

No binary floating point touches a quantity or an amount.  Money is carried as
an ``int`` of cents, so sums are exact and cheap; quantities and prices are
``Decimal`` taken from the text as written (``2.50`` stays ``2.50``).
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation

# Unit costs of converted units (1200.00 a case of 24) need division; 40
# significant digits keep q × unit cost exact to the cent for any real quantity.
CONTEXT = Context(prec=40, rounding=ROUND_HALF_UP)

_DECIMAL_TEXT = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)\Z")
_CENT = Decimal("0.01")
_ONE = Decimal(1)
ZERO = Decimal(0)

# Quantities like "1" or "100" repeat millions of times in a large journal;
# sharing one Decimal per spelling saves memory and parse time.
_interned: dict[str, Decimal] = {}


def parse_decimal(text: str) -> Decimal | None:
    """The exact decimal written in ``text``, or None when it is not a plain decimal.

    Exponents, ``nan`` and ``inf`` are refused: a ledger number is written out.
    """
    d = _interned.get(text)
    if d is not None:
        return d
    s = text.strip().replace("_", "")
    if not _DECIMAL_TEXT.match(s):
        return None
    try:
        d = Decimal(s)
    except InvalidOperation:  # pragma: no cover - the regex already guards
        return None
    if len(_interned) < 100_000:
        _interned[text] = d
    return d


def round_cents(amount: Decimal) -> int:
    """Half-up rounding of a money amount to an integer number of cents."""
    return int((amount * 100).to_integral_value(rounding=ROUND_HALF_UP))


def amount_cents(qty: Decimal, price: Decimal) -> int:
    """A line's amount: qty × price rounded half-up to 0.01 (SPEC 4), in cents."""
    return round_cents(CONTEXT.multiply(qty, price))


def share_cents(qty: Decimal, value_cents: int, of_qty: Decimal) -> int:
    """qty × (value / of_qty), rounded half-up to the cent: a part of a value by quantity."""
    return int(CONTEXT.divide(CONTEXT.multiply(qty, Decimal(value_cents)), of_qty)
               .to_integral_value(rounding=ROUND_HALF_UP))


def cents_to_decimal(cents: int) -> Decimal:
    """Cents as a Decimal with exactly two places (for output)."""
    return Decimal(cents).scaleb(-2)


def divide(a, b) -> Decimal:
    """a / b with the high-precision context (unit costs, averages, ratios)."""
    return CONTEXT.divide(Decimal(a), Decimal(b))


def fmt_money(cents: int) -> str:
    """Money shown with 2 decimals: 1234567 -> '12345.67'."""
    sign = "-" if cents < 0 else ""
    q, r = divmod(abs(cents), 100)
    return f"{sign}{q}.{r:02d}"


def fmt_qty(qty: Decimal) -> str:
    """A quantity as written, without a trailing exponent or needless zeros.

    ``Decimal('100')`` -> '100', ``Decimal('2.50')`` -> '2.5' (a quantity, not money),
    ``Decimal('0E-2')`` -> '0'.
    """
    if qty == 0:
        return "0"
    if qty == qty.to_integral_value():
        return str(qty.quantize(_ONE))
    return format(qty.normalize(), "f")


def fmt_decimal(d: Decimal, places: int | None = None) -> str:
    """A decimal in plain notation, optionally rounded half-up to ``places``."""
    if places is not None:
        d = d.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
        return format(d, "f")
    return fmt_qty(d)


def money_decimal(d: Decimal, places: int = 2) -> Decimal:
    return d.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
