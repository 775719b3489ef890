"""`jxc tax`: output tax on sales, input tax on purchases, and what is payable (增值税).

Per rate: sales_net and output_tax from the sales' lines less their returns;
purchases_net and input_tax likewise; payable = output_tax − input_tax when input
tax is recoverable, else output_tax.  Every figure is the sum of the per-line
splits of :mod:`jxc.ledger.tax` (rounded per line, never on the sum).
"""

from __future__ import annotations

from decimal import Decimal

from jxc.reports.render import Column, Report


def tax(books, recoverable: bool = True, period=None) -> Report:
    """[rate, sales_net, output_tax, purchases_net, input_tax, payable] per rate (percent)."""
    acc: dict = {}
    for _, date, side, split, sign in books.tax:
        if period is not None and not period.contains(date):
            continue
        row = acc.setdefault(split.rate, [0, 0, 0, 0])
        i = 0 if side == "sales" else 2
        row[i] += sign * split.net
        row[i + 1] += sign * split.tax
    body = []
    for rate in sorted(acc, key=Decimal):
        sn, st, pn, pt = acc[rate]
        body.append([rate, sn, st, pn, pt, st - pt if recoverable else st])
    cols = [Column("rate", "qty"), Column("sales_net", "money"), Column("output_tax", "money"),
            Column("purchases_net", "money"), Column("input_tax", "money"), Column("payable", "money")]
    totals = ["total", *[sum(r[i] for r in body) for i in range(1, 6)]] if body else None
    return Report(cols, body, totals)
