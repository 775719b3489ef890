"""Exact numbers (SPEC 3): decimals as written, money in integer cents.

No binary floating point touches a quantity or an amount.  Money is carried as
an ``int`` of cents, so sums are exact and cheap; quantities and prices are
``Decimal`` taken from the text as written (``2.50`` stays ``2.50``).
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Context, Decimal

# The range jxc carries exactly (SPEC 3): at most 12 digits before the point and
# 6 after, as written.  Why these: such a number has at most 18 significant
# digits, so Python's default decimal context (28 digits), which every plain
# ``a + b`` of a balance uses, adds up to 10**10 of them without rounding; and a
# quantity fits the export's decimal128(24, 6) column without loss.
MAX_WHOLE_DIGITS = 12
MAX_PLACES = 6

# Unit costs of converted units (1200.00 a case of 24) need division; 40
# significant digits keep q × unit cost exact to the cent for any real quantity.
CONTEXT = Context(prec=40, rounding=ROUND_HALF_UP)
# A product of two in-range numbers has at most 24 + 12 = 36 digits: 40 hold it
# exactly, so rounding a line's amount to the cent rounds once, never twice.

# ASCII digits only, an optional sign and point: no exponent, no ``_``, no other
# script's digits (they read alike in a diff and are not what a reviewer sees).
_DECIMAL_TEXT = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)\Z")
# Longer than any in-range number can be written: refused before any work.
_MAX_TEXT = 1 + MAX_WHOLE_DIGITS + 1 + MAX_PLACES + 12
_CENT = Decimal("0.01")
_ONE = Decimal(1)
ZERO = Decimal(0)

# Quantities like "1" or "100" repeat millions of times in a large journal;
# sharing one Decimal per spelling saves memory and parse time.
_interned: dict[str, Decimal] = {}


class NumberError(ValueError):
    """Text that is not a number jxc carries; ``str()`` says why, in a user's words."""


def excerpt(text: str, limit: int = 24) -> str:
    """A short, escaped excerpt of a bad value for an error message (never the whole of it)."""
    s = str(text)
    if len(s) > limit:
        return repr(s[:limit])[:-1] + "…' (" + f"{len(s):,} characters)"
    return repr(s)


def read_decimal(text: str) -> Decimal:
    """The exact decimal written in ``text`` (SPEC 3), within the range jxc carries.

    The one rule of every reader (journal, catalog, settings, JSON lines, the
    command line): ASCII digits ``0-9`` with an optional sign and one point; at most
    ``MAX_WHOLE_DIGITS`` digits before the point and ``MAX_PLACES`` after, counted
    as written (leading zeros of the whole part do not count).  Exponents, ``nan``,
    ``inf``, ``_`` and other scripts' digits are refused.  Raises NumberError with a
    message naming the text; fast for any input (a huge text is refused by length).
    """
    d = _interned.get(text)
    if d is not None:
        return d
    s = str(text)
    problem = _number_problem(s)
    if problem:
        raise NumberError(problem)
    d = Decimal(s)
    if len(_interned) < 100_000:
        _interned[s] = d
    return d


def _number_problem(s: str) -> str | None:
    """None for a number jxc carries; else the excerpted text and, in brackets, why not."""
    if len(s) > _MAX_TEXT:
        return f"{excerpt(s)} (outside the range jxc carries: {range_text()})"
    if not _DECIMAL_TEXT.match(s):
        if any(c.isdigit() and not "0" <= c <= "9" for c in s):
            return f"{excerpt(s)} (digits must be ASCII 0-9)"
        if "_" in s:
            return f"{excerpt(s)} (write it without '_')"
        if re.fullmatch(r"[+-]?[0-9.]+[eE][+-]?[0-9]+", s):
            return f"{excerpt(s)} (write it out, without an exponent)"
        return excerpt(s)
    whole, _, places = s.lstrip("+-").partition(".")
    if len(whole.lstrip("0")) > MAX_WHOLE_DIGITS or len(places) > MAX_PLACES:
        return f"{excerpt(s)} (outside the range jxc carries: {range_text()})"
    return None


def range_text() -> str:
    """The range in words, for messages and docs."""
    return f"at most {MAX_WHOLE_DIGITS} digits before the point and {MAX_PLACES} after"


def read_whole(text: str, minimum: int = 0) -> int:
    """A whole number of days, weeks or percent typed as ASCII digits (``90``), at least
    ``minimum``: the same rule as :func:`read_decimal` (``int()`` alone would take ``٩٠``
    and ``1_000``).  Raises NumberError."""
    d = read_decimal(text)
    if d != d.to_integral_value() or d < minimum:
        raise NumberError(f"{excerpt(text)} (a whole number, at least {minimum})")
    return int(d)


def parse_decimal(text: str) -> Decimal | None:
    """:func:`read_decimal`, or None where it would refuse (for readers that fall back)."""
    try:
        return read_decimal(text)
    except NumberError:
        return None


def is_decimal_text(text: str) -> bool:
    """Whether ``text`` is spelled like a plain decimal (range aside): such text is
    quoted when written as text, so it never reads back as a number."""
    return bool(_DECIMAL_TEXT.match(text)) or bool(re.fullmatch(r"[+-]?[0-9._]+(?:[eE][+-]?[0-9]+)?", text))


def in_range(d: Decimal, what: str) -> Decimal:
    """``d`` when a number jxc carries (a derived quantity: qty × unit factor, a default
    price × factor); else NumberError naming ``what``.  The same range as read_decimal."""
    sign, digits, exp = d.as_tuple()
    places = -exp if exp < 0 else 0
    whole = len(digits) - places if exp <= 0 else len(digits) + exp
    if d and (whole > MAX_WHOLE_DIGITS or places > MAX_PLACES):
        raise NumberError(f"{what} = {excerpt(format(d, 'f'))} (outside the range jxc carries:"
                          f" {range_text()})")
    return d


def in_base_units(qty: Decimal, factor: Decimal) -> Decimal:
    """qty × factor (a quantity or a price in another unit, in base units), exact, held
    to the range jxc carries; NumberError otherwise."""
    return in_range(times(qty, factor), f"{fmt_qty(qty)} × {fmt_qty(factor)}")


def times(a: Decimal, b: Decimal) -> Decimal:
    """a × b exactly for in-range numbers (the wide context; never the 28-digit default)."""
    return CONTEXT.multiply(a, b)


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
    return Decimal(cents).scaleb(-2, context=CONTEXT)  # exact: 40 digits hold any total


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
