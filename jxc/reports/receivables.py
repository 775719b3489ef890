"""`jxc receivables` / `jxc payables`: what partners owe us and what we owe them (应收 / 应付).

Rows come from the partners' books (:func:`jxc.ledger.books.settle`): one row per
open document — a buy or sell with something outstanding — and one per credit
left (an advance or a returned amount already paid: negative outstanding).  So
Σ outstanding of a partner's rows is its balance, the closing balance of its
statement.  ``days_overdue`` = as-of date − due date, for what is still owed.
"""

from __future__ import annotations

import datetime as dt

from jxc.reports.render import Column, Report
from jxc.ledger.accounts import CUSTOMER, SUPPLIER, account_name, is_kind

BY = ("document", "partner")
AGING = (30, 60, 90)


def days_overdue(due: dt.date, outstanding: int, as_of: dt.date) -> int:
    """Days past due of what is still owed on a document (0 when not due or nothing owed)."""
    if outstanding <= 0 or as_of <= due:
        return 0
    return (as_of - due).days


def _rows(books, kind: str, as_of: dt.date, overdue: bool):
    partners = CUSTOMER if kind == "receivable" else SUPPLIER
    for d in books.documents_of():
        if not is_kind(d.partner, partners) or d.outstanding == 0:
            continue
        late = days_overdue(d.due, d.outstanding, as_of)
        if overdue and not late:
            continue
        yield d, late


def open_items(books, kind: str, as_of: dt.date, by: str = "document", overdue: bool = False) -> Report:
    """Receivables (``kind`` 'receivable') or payables ('payable') as of ``as_of``: a Report.

    By document: [id, date, partner, amount, paid, outstanding, due, days_overdue];
    by partner: [partner, amount, paid, outstanding, overdue, days_overdue] where
    ``overdue`` is the part past due and ``days_overdue`` the oldest's days.
    """
    rows = list(_rows(books, kind, as_of, overdue))
    if by == "partner":
        acc: dict = {}
        for d, late in rows:
            a = acc.setdefault(d.partner, [0, 0, 0, 0, 0])
            a[0] += d.amount
            a[1] += d.paid
            a[2] += d.outstanding
            a[3] += d.outstanding if late else 0
            a[4] = max(a[4], late)
        body = [[account_name(p), *v] for p, v in sorted(acc.items())]
        cols = [Column("partner"), Column("amount", "money"), Column("paid", "money"),
                Column("outstanding", "money"), Column("overdue", "money"), Column("days_overdue", "int")]
        totals = ["total", sum(r[1] for r in body), sum(r[2] for r in body), sum(r[3] for r in body),
                  sum(r[4] for r in body), None] if body else None
        return Report(cols, body, totals)
    body = [[d.id, d.date, account_name(d.partner), d.amount, d.paid, d.outstanding, d.due, late]
            for d, late in rows]
    cols = [Column("id"), Column("date", "date"), Column("partner"), Column("amount", "money"),
            Column("paid", "money"), Column("outstanding", "money"), Column("due", "date"),
            Column("days_overdue", "int")]
    totals = ["total", None, None, sum(r[3] for r in body), sum(r[4] for r in body),
              sum(r[5] for r in body), None, None] if body else None
    return Report(cols, body, totals)


def bucket_labels(buckets: tuple) -> list[str]:
    """``(30, 60, 90)`` → current, 1-30, 31-60, 61-90, 91+."""
    labels, lo = ["current"], 1
    for b in buckets:
        labels.append(f"{lo}-{b}")
        lo = b + 1
    return labels + [f"{buckets[-1] + 1}+"]


def bucket_of(days: int, buckets: tuple) -> int:
    """The column of a document ``days`` past due: 0 for not yet due (or a credit)."""
    if days <= 0:
        return 0
    for i, b in enumerate(buckets):
        if days <= b:
            return i + 1
    return len(buckets) + 1


def aging(books, kind: str, as_of: dt.date, buckets: tuple = AGING) -> Report:
    """Outstanding per partner spread over buckets of days past due: [partner, current, 1-30, ..., total]."""
    labels = bucket_labels(buckets)
    acc: dict = {}
    for d, late in _rows(books, kind, as_of, False):
        row = acc.setdefault(d.partner, [0] * (len(labels) + 1))
        row[bucket_of(late, buckets)] += d.outstanding
        row[-1] += d.outstanding
    body = [[account_name(p), *v] for p, v in sorted(acc.items())]
    cols = [Column("partner")] + [Column(x, "money") for x in labels] + [Column("outstanding", "money")]
    totals = ["total", *[sum(r[i] for r in body) for i in range(1, len(cols))]] if body else None
    return Report(cols, body, totals)
