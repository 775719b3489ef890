"""Lots chosen first-expiry-first-out and written into the entry (SPEC 10).

A ``sell``, ``transfer`` or ``writeoff`` line of a lot-tracked item that names no lot
takes the lots that expire first at its location, at its point of the journal
(:func:`jxc.ledger.lots.choose_lots`), split into one line per lot when one lot is
not enough.  The chosen lots are written into the entry, so the journal says what
left and no later entry changes the choice.  Every write path calls
:func:`with_lots_chosen` under the write lock, before the entries are validated.
"""

from __future__ import annotations

import datetime as dt

from jxc.errors import LedgerError
from jxc.ledger.lots import choose_lots, lots_on_hand
from jxc.ledger.schema import parse_date_text
from jxc.numbers import ZERO

FEFO_TYPES = ("sell", "transfer", "writeoff")


def _needs_lot(ln, catalog) -> bool:
    """A line of a lot-tracked item that names no lot."""
    if not isinstance(ln, dict) or ln.get("lot") not in (None, ""):
        return False
    name = ln.get("item")
    sku = catalog.resolve_item(str(name)) if isinstance(name, str) else None
    return sku is not None and catalog.items[sku].lots


def _date_of(raw) -> dt.date | None:
    d = raw.get("date")
    return d if isinstance(d, dt.date) else parse_date_text(str(d)) if d is not None else None


def with_lots_chosen(ledger, raws: list[dict]) -> list[dict]:
    """``raws`` with the lots of every line that needs one chosen FEFO (new dicts; the
    others as they are).  The stock is the journal's up to the entry's date (entries of
    that date included: a new entry goes after them) less what earlier entries of the
    same batch take.  Raises LedgerError when the lots at the location hold too little."""
    cat = ledger.catalog
    if not any(raw.get("type") in FEFO_TYPES and any(_needs_lot(ln, cat) for ln in raw.get("lines") or ())
               for raw in raws if isinstance(raw, dict)):
        return raws
    from jxc.reports.period import day_after
    from jxc.store.snapshot import replayed
    taken: dict = {}              # (location, item, lot) -> qty earlier entries of the batch take
    out = []
    for raw in raws:
        date = _date_of(raw) if isinstance(raw, dict) else None
        if date is None or raw.get("type") not in FEFO_TYPES or not any(
                _needs_lot(ln, cat) for ln in raw.get("lines") or ()):
            out.append(raw)
            continue
        loc = str(raw.get("from") or ledger.settings.default_location or "")
        r = replayed(ledger, day_after(date))
        lines = []
        for ln in raw["lines"]:
            lines += _chosen(ln, r, loc, cat, taken) if _needs_lot(ln, cat) else [ln]
        out.append({**raw, "lines": lines})
    return out


def _chosen(ln: dict, r, loc: str, cat, taken: dict) -> list[dict]:
    """One line without a lot → one line per lot it takes, FEFO."""
    sku = cat.resolve_item(str(ln["item"]))
    item = cat.items[sku]
    unit = ln.get("unit")
    factor = item.factor(str(unit)) if unit is not None else 1
    qty = ln.get("qty")
    if qty is None:
        return [ln]                     # validation words what is missing
    stock = [s._replace(qty=s.qty - taken.get((loc, sku, s.lot), ZERO)) for s in lots_on_hand(r, sku, loc)]
    try:
        chosen = choose_lots(stock, qty * factor)
    except LedgerError as e:
        raise LedgerError(f"{e.problem.message}; name the lots yourself, like {sku} 2#LOT") from None
    for lot, q in chosen:
        taken[(loc, sku, lot)] = taken.get((loc, sku, lot), ZERO) + q
    if len(chosen) == 1:
        return [{**ln, "item": sku, "lot": chosen[0][0]}]
    if factor != 1:
        raise LedgerError(f"{qty} {unit} of {sku} take more than one lot ({', '.join(x[0] for x in chosen)}):"
                          f" give the quantity in {item.unit}, or name the lots yourself")
    return [{**ln, "item": sku, "qty": q, "lot": lot} for lot, q in chosen]


def lines_with_lots(ledger, kind: str, location: str, date: dt.date, lines: list) -> list:
    """The ``lines`` of a ``kind`` entry from ``location`` on ``date`` with their lots chosen
    (:func:`with_lots_chosen`), for a front end that needs the final lines before it
    writes (a sale paid at once is paid for the lines it will write)."""
    raw = {"type": kind, "date": date, "from": location, "lines": lines}
    return with_lots_chosen(ledger, [raw])[0]["lines"]
