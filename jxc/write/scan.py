"""Codes from a barcode scanner → the lines of one entry (SPEC 10, `jxc scan`).

A scanner types one code per line.  Each line is, in this order of trying:

- empty: the end of the scan;
- ``*N``: the quantity of the next code (default 1 base unit);
- a GS1 element string, with parentheses (``(01)06901234567892(10)2024A(17)270600``)
  or as a scanner sends it (FNC1 as the ASCII 29 group separator, maybe after a
  ``]C1``/``]d2``/``]Q3`` symbology identifier): AI 01 the GTIN, 10 the lot, 17 the
  expiry (YYMMDD; day 00 is the month's last day), 30/37 the count.  Parsed by the
  `biip <https://biip.readthedocs.io>`_ library (``pip install 'jxc[scan]'``): it
  knows every AI's length and check digit, which our own code would get wrong;
- an item's SKU or barcode (EAN-13, UPC-A, ...), as the catalog knows it.

Codes of the same item, lot and expiry add up; anything else is an unknown code,
reported with its line number and skipped.  Nothing is written here: the caller
builds one entry from :attr:`Scan.lines` and writes it through the normal write path.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import NamedTuple

from jxc.errors import LedgerError
from jxc.numbers import NumberError, read_decimal

GS = "\x1d"               # ASCII 29, the group separator a scanner sends for FNC1
_SYMBOLOGY = ("]C1", "]e0", "]d2", "]Q3", "]J1")


class NeedsExtra(LedgerError):
    """A library jxc reads codes with is not installed: the whole scan stops (it is not one
    code's problem)."""


class Code(NamedTuple):
    """What one scanned code says: ``item`` (SKU), ``lot``, ``expiry``, ``qty`` (None: one,
    or what ``*N`` set)."""

    item: str
    lot: str | None = None
    expiry: dt.date | None = None
    qty: Decimal | None = None


class Scan(NamedTuple):
    """The outcome of a scan: ``lines`` as raw entry lines ({item, qty, lot?, expiry?}, in
    the order first scanned), ``unknown`` [(line number, code, why)], ``codes`` read."""

    lines: list
    unknown: list
    codes: int


def _gs1(code: str):
    """The element strings of a GS1 code, or None when ``code`` is not one (LedgerError
    when it is meant as one but does not parse, or biip is missing)."""
    text = code
    for sid in _SYMBOLOGY:
        if text.startswith(sid):
            text = text[len(sid):]
            break
    hri = text.startswith("(")
    if not (hri or GS in text or text != code or (text.startswith("01") and len(text) > 16 and text[:16].isdigit())):
        return None
    try:
        from biip.gs1_messages import GS1Message
    except ImportError:
        raise NeedsExtra("reading GS1 codes needs the biip library: pip install 'jxc[scan]'") from None
    try:
        msg = GS1Message.parse_hri(text) if hri else GS1Message.parse(text)
    except Exception as e:           # biip's ParseError and friends: one line, the code named
        raise LedgerError(f"not a GS1 code: {' '.join(str(e).split())}") from None
    return msg.element_strings


def _gtin_item(gtin, catalog) -> str | None:
    """The SKU whose barcode is this GTIN, in any of its lengths (GTIN-14, EAN-13, UPC-A, EAN-8)."""
    forms = [gtin.value]
    for conv in ("as_gtin_13", "as_gtin_12", "as_gtin_8"):
        try:
            forms.append(getattr(gtin, conv)())
        except Exception:            # a GTIN that has no shorter form
            continue
    for f in forms:
        sku = catalog.resolve_item(f)
        if sku is not None:
            return sku
    return None


def read_code(code: str, catalog) -> Code | None:
    """One scanned code → :class:`Code`, None when the catalog knows no such item.
    LedgerError for a GS1 string that does not parse or lacks AI 01."""
    elements = _gs1(code)
    if elements is None:
        sku = catalog.resolve_item(code)
        return Code(sku) if sku is not None else None
    fields = {e.ai.ai: e for e in elements}
    if "01" not in fields:
        raise LedgerError("a GS1 code without a GTIN (AI 01)")
    gtin = fields["01"].gtin
    if gtin is None:
        raise LedgerError(f"not a GS1 code: {' '.join(str(fields['01'].gtin_error).split())}")
    sku = _gtin_item(gtin, catalog)
    if sku is None:
        return None
    lot = fields["10"].value if "10" in fields else None
    expiry = fields["17"].date if "17" in fields else None
    count = fields.get("30") or fields.get("37")
    return Code(sku, lot, expiry, Decimal(count.value) if count is not None else None)


def read_scan(text_lines, catalog) -> Scan:
    """Scanner lines (an iterable of str, line ends kept or not) → :class:`Scan`.

    Stops at the first empty line.  ``*N`` sets the quantity of the next code; a GS1
    count (AI 30/37) is the quantity of its own code, times ``*N`` when both are given.
    """
    totals: dict = {}
    unknown = []
    next_qty = None
    codes = 0
    for no, raw in enumerate(text_lines, 1):
        code = raw.rstrip("\r\n")
        if not code.strip():
            break
        code = code.strip(" \t")
        if code.startswith("*"):
            try:
                next_qty = read_decimal(code[1:])
            except NumberError as e:
                unknown.append((no, code, f"not a quantity: {e}"))
                continue
            if next_qty <= 0:
                unknown.append((no, code, "a quantity must be positive"))
                next_qty = None
            continue
        try:
            got = read_code(code, catalog)
        except NeedsExtra:
            raise
        except LedgerError as e:
            unknown.append((no, code, e.problem.message))
            next_qty = None
            continue
        if got is None:
            unknown.append((no, code, "no item has this SKU or barcode"))
            next_qty = None
            continue
        codes += 1
        qty = (got.qty or Decimal(1)) * (next_qty or Decimal(1))
        next_qty = None
        key = (got.item, got.lot, got.expiry)
        totals[key] = totals.get(key, Decimal(0)) + qty
    lines = []
    for (sku, lot, expiry), q in totals.items():
        ln = {"item": sku, "qty": q}
        if lot is not None:
            ln["lot"] = lot
        if expiry is not None:
            ln["expiry"] = expiry
        lines.append(ln)
    return Scan(lines, unknown, codes)
