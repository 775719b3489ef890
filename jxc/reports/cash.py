"""`jxc cash`: the money accounts' balances (what jxc's payments moved in and out)."""

from __future__ import annotations

from jxc.reports.render import Column, Report


def cash(books, catalog) -> Report:
    """[account, balance] for every declared money account, in cents; the total under the table.
    A balance is money received less money paid through jxc (no opening balance)."""
    body = [[a, books.accounts.get(a, 0)] for a in sorted(set(catalog.accounts) | set(books.accounts))]
    totals = ["total", sum(r[1] for r in body)] if body else None
    return Report([Column("account"), Column("balance", "money")], body, totals)
