"""The catalog as reports: `jxc item|location|supplier|customer list` and `show`.

Pure functions of a parsed :class:`jxc.ledger.catalog.Catalog`; rows in the
catalog's own order.  `list` shows prices as money (2 decimals), `show` every
value exactly as written.
"""

from __future__ import annotations

from jxc.errors import LedgerError, closest
from jxc.numbers import round_cents
from jxc.reports.render import Column, Report

ITEM_COLUMNS = (("item", "text"), ("name", "text"), ("unit", "text"), ("barcode", "text"),
                ("category", "text"), ("price", "money"), ("cost", "money"), ("reorder_point", "qty"),
                ("reorder_qty", "qty"), ("lead_time_days", "int"), ("supplier", "text"),
                ("units", "text"), ("lots", "text"))
PARTY_COLUMNS = (("name", "text"), ("lead_time_days", "int"))


def _units(units: dict) -> str | None:
    """``case=24,pack=6``: the form `jxc item set ... units` takes."""
    return ",".join(f"{u}={n}" for u, n in units.items()) or None


def _cents(price):
    """Money columns hold integer cents (shown with 2 decimals); None stays None."""
    return None if price is None else round_cents(price)


def _item_values(it) -> list:
    """An item's fields in ITEM_COLUMNS order, as written."""
    return [it.sku, it.name, it.unit, it.barcode, it.category, it.price, it.cost, it.reorder_point,
            it.reorder_qty, it.lead_time_days, it.supplier, _units(it.units), "true" if it.lots else None]


def _item_row(it) -> list:
    row = _item_values(it)
    row[5], row[6] = _cents(it.price), _cents(it.cost)
    return row


def catalog_list(catalog, kind: str) -> Report:
    """Every record of one kind: items [item, name, unit, barcode, category, price, cost,
    reorder_point, reorder_qty, lead_time_days, supplier, units, lots]; locations,
    suppliers, customers [location|supplier|customer, name, lead_time_days]."""
    if kind == "item":
        return Report([Column(n, k) for n, k in ITEM_COLUMNS],
                      [_item_row(it) for it in catalog.items.values()])
    cols = [Column(kind, "text")] + [Column(n, k) for n, k in PARTY_COLUMNS]
    return Report(cols, [[p.key, p.name, p.lead_time_days] for p in catalog.section(kind).values()])


def catalog_show(catalog, kind: str, name: str) -> Report:
    """One record as [field, value] rows (fields that are not set are left out).
    An item may be named by its barcode.  Unknown names raise LedgerError."""
    if kind == "item":
        it = catalog.item_or_error(name, None, None)
        pairs = [(name, v) for (name, _), v in zip(ITEM_COLUMNS, _item_values(it))]
    else:
        known = catalog.section(kind)
        if name not in known:
            raise LedgerError(f"unknown {kind} '{name}'{closest(name, known)}")
        p = known[name]
        pairs = [(kind, p.key), ("name", p.name), ("lead_time_days", p.lead_time_days)]
    cols = [Column("field", "text"), Column("value", "text")]
    return Report(cols, [[f, v if isinstance(v, str) else str(v)] for f, v in pairs
                         if v is not None and v != ""])
