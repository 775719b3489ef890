"""`jxc card ITEM`: the stock card (库存台账), one row per move with running totals.

in_value/out_value are the values costing gave each move (SPEC 4): a receipt its
amount, an issue what the method took out, a return what it gives back.  The
running balance_value is Σ in − Σ out, so the last row is the book value.

- Over all locations a transfer changes nothing and is left out; ``--at LOC`` shows
  it, at the value it carried.  With one pool per item (``cost_pool: item`` or the
  monthly average) a transfer moves no value: the card shows it at the pool's unit
  cost, so a single location's running value is a view, not a book.
- Monthly average: every issue takes the month's unit cost, known when the month
  closes; the running value inside the month may dip below what a running method
  would show (even below zero when the month sells out and restocks), and is the
  book value again at the month's end.
"""

from __future__ import annotations

from jxc.ledger.accounts import account_name, is_location, location_account
from jxc.ledger.costing import Costing, booked_values
from jxc.ledger.replay import TRANSFER, VIRTUAL
from jxc.numbers import ZERO
from jxc.reports.render import Column, Report
from jxc.reports.value import valued_positions

# On a narrow terminal (render.fit) the card takes short headers, and the outside document
# number and the counterparty — descriptive text, the id names the entry — shorten first.
COLUMNS = [Column("date", "date"), Column("id"), Column("type"), Column("ref", shrink=True),
           Column("counterparty", shrink=True, short="party"),
           Column("in_qty", "qty", short="in"), Column("out_qty", "qty", short="out"),
           Column("balance_qty", "qty", short="bal"), Column("in_value", "money", short="in_val"),
           Column("out_value", "money", short="out_val"), Column("balance_value", "money", short="bal_val")]


def counterparty(m) -> str:
    """Who or what is on the other side of a move: the partner (for a return too, whose
    entry names none), the reason of a write-off, ``count``, or ``from→to`` for a transfer."""
    s_loc = is_location(m.src)
    if s_loc and is_location(m.dst):
        return f"{account_name(m.src)}→{account_name(m.dst)}"
    return account_name(m.dst if s_loc else m.src)


def card(c: Costing, item: str, at: str | None = None, period=None) -> Report:
    """Moves of ``item`` at location ``at`` (all locations when None) in journal order.

    Over all locations a transfer changes nothing, so it is left out; ``--at`` shows it.
    With a ``period``, earlier moves fold into an opening row.  A re-costing of an
    issue below zero (``negative_stock: allow``) is a row of type ``recost`` on the
    date of the receipt that covered it, with the issue's id and no quantity.  With
    one pool per item, ``--at LOC`` ends at the location's share of the pool
    (:func:`jxc.reports.value.valued_positions`).
    """
    r = c.replayed
    moves = r.moves
    acc = location_account(at) if at else None
    bq = ZERO
    bv = 0
    rows = []
    opening_done = period is None or period.begin is None
    for where, i, v in booked_values(c):
        m = moves[i]
        if m.item != item or m.kind == VIRTUAL:
            continue
        if acc is None:
            if m.kind == TRANSFER:
                continue
            inbound = is_location(m.dst)
            outbound = is_location(m.src)
        else:
            inbound = m.dst == acc
            outbound = m.src == acc
            if not (inbound or outbound):
                continue
        d = moves[where].entry.date
        if period is not None and period.end is not None and d >= period.end:
            break
        if not opening_done and d >= period.begin:
            opening_done = True
            rows.append([period.begin, "", "opening", "", "", None, None, bq, None, None, bv])
        own = where == i
        q = m.qty if own else ZERO
        bq += (q if inbound else ZERO) - (q if outbound else ZERO)
        bv += (v if inbound else 0) - (v if outbound else 0)
        if period is not None and period.begin is not None and d < period.begin:
            continue
        e = m.entry
        rows.append([d, e.id or "", e.type if own else "recost", e.ref or "", counterparty(m),
                     m.qty if own and inbound else None, m.qty if own and outbound else None, bq,
                     v if inbound else None, v if outbound else None, bv])
    if not opening_done and (bq != 0 or bv != 0):
        rows.append([period.begin, "", "opening", "", "", None, None, bq, None, None, bv])
    if acc is not None and c.pool_by_item:
        _close_at_share(c, item, at, rows, bq, bv)
        bv = rows[-1][10] if rows else bv
    tin = sum((row[5] for row in rows if row[5] is not None), ZERO)
    tout = sum((row[6] for row in rows if row[6] is not None), ZERO)
    vin = sum(row[8] for row in rows if row[8] is not None)
    vout = sum(row[9] for row in rows if row[9] is not None)
    totals = ["total", "", "", "", "", tin, tout, bq, vin, vout, bv] if rows else None
    return Report(list(COLUMNS), rows, totals)


def _close_at_share(c: Costing, item: str, at: str, rows: list, bq, bv: int) -> None:
    """One pool per item: a location's running value is a view; its book value is its share
    of the pool (SPEC 4: its quantity × the pool's unit cost, as `value` and `stock --value`
    show it).  A last row of type ``share`` brings the card to that share."""
    share = valued_positions(c).get((item, at), (ZERO, 0))[1]
    if share == bv or not rows:
        return
    diff = share - bv
    rows.append([rows[-1][0], "", "share", "", "pool", None, None, bq,
                 diff if diff > 0 else None, -diff if diff < 0 else None, share])
