"""Input that is valid but probably a slip of the hand: warned about, never refused.

A scanner that fires into the quantity field types a barcode (``6901234567890``
boxes); a typo in the year books a sale in 2062.  Both are valid entries, so jxc
asks on a terminal and only warns in a script (see :func:`jxc.cli.common.confirm_plausible`).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

FAR_DAYS = 366        # a date further than this from today is questioned
BARCODE_DIGITS = 8    # EAN-8 is the shortest common barcode; no shop counts 10 million of a thing


def implausible(raw: dict, today: dt.date, barcodes=()) -> list[str]:
    """Warnings (plain sentences) for one raw entry mapping: its date more than a year from
    ``today``, a line quantity that looks like a barcode (8 or more digits, or a known one)."""
    out = []
    date = raw.get("date")
    if isinstance(date, str):
        try:
            date = dt.date.fromisoformat(date)
        except ValueError:
            date = None
    if isinstance(date, dt.date) and abs((date - today).days) > FAR_DAYS:
        out.append(f"the date {date} is more than a year from today ({today})")
    for ln in raw.get("lines") or ():
        for key in ("qty", "counted"):
            q = str(ln.get(key, "")) if ln.get(key) is not None else ""
            if _looks_like_barcode(q, barcodes):
                out.append(f"the quantity {q} of {ln.get('item')} looks like a barcode")
    return out


def _looks_like_barcode(q: str, barcodes) -> bool:
    if not q.isdigit():
        return False
    try:
        Decimal(q)
    except InvalidOperation:
        return False
    return len(q) >= BARCODE_DIGITS or q in barcodes
