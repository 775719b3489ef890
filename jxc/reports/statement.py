"""`jxc statement PARTNER` (对账单): every document, return and payment with a running balance.

The balance is what the partner owes us (a customer: debit − credit) or what we
owe it (a supplier: credit − debit).  Lines before ``begin`` make the opening
balance; the closing balance equals the partner's balance in `receivables` /
`payables` (:meth:`jxc.ledger.books.Books.balance`).
"""

from __future__ import annotations

from jxc.reports.render import Column, Report
from jxc.ledger.accounts import CUSTOMER, account_name, is_kind


def statement(books, partner: str, period=None) -> Report:
    """[date, id, type, ref, debit, credit, balance] with an opening and a closing row.

    ``partner`` is qualified (``customer:X`` / ``supplier:X``); ``period`` a
    :class:`jxc.reports.period.Period` or None for all of history."""
    sign = 1 if is_kind(partner, CUSTOMER) else -1
    lines = books.lines.get(partner, [])
    opening = 0
    rows = []
    for ln in lines:
        if period is not None and period.end is not None and ln.date >= period.end:
            continue
        delta = sign * (ln.debit - ln.credit)
        if period is not None and period.begin is not None and ln.date < period.begin:
            opening += delta
            continue
        rows.append(ln)
    body = [[None, "", "opening", None, None, None, opening]]
    bal = opening
    for ln in rows:
        bal += sign * (ln.debit - ln.credit)
        body.append([ln.date, ln.id, ln.type, ln.ref, ln.debit or None, ln.credit or None, bal])
    body.append([None, "", "closing", None, sum(ln.debit for ln in rows), sum(ln.credit for ln in rows), bal])
    cols = [Column("date", "date"), Column("id"), Column("type"), Column("ref"), Column("debit", "money"),
            Column("credit", "money"), Column("balance", "money")]
    return Report(cols, body, title=f"statement of {account_name(partner)}")
