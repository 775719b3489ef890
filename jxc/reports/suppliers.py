"""Who an item was last bought from, at what price, into which location.

`reorder` orders from the item's last supplier at the last price paid, and
`sales --by supplier` groups sales by it.  A purchase that was fully returned
still counts: the supplier was used, and its price is the one last agreed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from jxc.ledger.accounts import account_name
from jxc.ledger.replay import RECEIPT, Replayed
from jxc.ledger.accounts import SUPPLIER, is_kind


@dataclass(frozen=True)
class LastPurchase:
    date: dt.date
    supplier: str
    location: str
    unit_price: Decimal     # per base unit


def last_purchases(r: Replayed) -> dict:
    """item -> LastPurchase, from the receipts coming from a supplier with a price."""
    out: dict = {}
    for m in r.moves:
        if m.kind == RECEIPT and is_kind(m.src, SUPPLIER) and m.unit_cost is not None:
            out[m.item] = LastPurchase(m.entry.date, account_name(m.src), account_name(m.dst), m.unit_cost)
    return out


def supplier_of(r: Replayed, last: dict | None = None) -> dict:
    """item -> its supplier: the last one bought from, else the catalog's ``supplier``."""
    last = last_purchases(r) if last is None else last
    out = {sku: it.supplier for sku, it in r.catalog.items.items() if it.supplier}
    out.update({sku: lp.supplier for sku, lp in last.items()})
    return out
