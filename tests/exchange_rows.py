"""The reference for the Parquet/SQL tables: one plain Python row per entry, move and
document, built the obvious way (this was the export's first implementation).

:mod:`jxc.exchange.tables` builds the same tables column-wise for speed; the
differential tests compare the two on random ledgers, value by value.
"""

from __future__ import annotations

from decimal import Decimal

from jxc.ledger.accounts import account_name, is_location
from jxc.reports.card import counterparty


def _money(cents):
    return None if cents is None else Decimal(cents).scaleb(-2)


def _bare(account):
    return account_name(account) if account else None


def move_row(m, date, type_, seq, qty, amount, cents) -> tuple:
    """(month, row) of ``moves`` for move ``m`` as of ``date``."""
    loc = m.dst if is_location(m.dst) else m.src if is_location(m.src) else None
    return (f"{date:%Y-%m}", (m.entry.id, date, type_, seq, m.item, m.lot, m.src, m.dst, _bare(loc),
                              counterparty(m), m.kind, qty, amount, _money(cents), m.entry.ref))


def reference_rows(lg) -> dict:
    """{table: [(month or None, row tuple)]} in the order the export writes them."""
    c = lg.costed()
    r = c.replayed
    entries, moves, documents = [], [], []
    seq_of = {}
    for seq, e in enumerate(r.entries):
        seq_of[id(e)] = seq
        entries.append((f"{e.date:%Y-%m}", (e.id, e.date, e.type, _bare(e.src), _bare(e.dst), e.at, e.of,
                                            e.order, e.ref, e.note, len(e.lines or ()), e.file, e.line)))
    recosts = {}
    for rc in c.recosts:            # a re-costing is booked right after the arrival that made it
        recosts.setdefault(rc.at, []).append(rc)
    for i, (m, v) in enumerate(zip(r.moves, c.values)):
        moves.append(move_row(m, m.entry.date, m.entry.type, seq_of[id(m.entry)], m.qty, _money(m.amount), v))
        for rc in recosts.get(i, ()):
            issue = r.moves[rc.move]
            moves.append(move_row(issue, m.entry.date, "recost", seq_of[id(issue.entry)], Decimal(0), None,
                                  rc.cents))
    for o in lg.order_book(replayed=r).orders:
        documents.extend((f"{o.date:%Y-%m}", (o.id, o.date, o.type, o.partner, ln.item, ln.ordered,
                                              ln.fulfilled, ln.outstanding, None, None, None, ln.due,
                                              o.status)) for ln in o.lines)
    for d in lg.books().documents_of():
        status = "credit" if d.kind == "credit" else "open" if d.outstanding > 0 else "paid"
        documents.append((f"{d.date:%Y-%m}", (d.id, d.date, d.kind, _bare(d.partner), None, None, None, None,
                                              _money(d.amount), _money(d.paid), _money(d.outstanding),
                                              d.due, status)))
    items = [(None, (i.sku, i.name, i.unit, i.barcode, i.category, i.supplier, i.price, i.cost))
             for i in lg.catalog.items.values()]
    by_month = lambda rows: sorted(rows, key=lambda mr: mr[0] or "")  # noqa: E731  (stable)
    return {"entries": by_month(entries), "moves": by_month(moves), "documents": by_month(documents),
            "items": items}
