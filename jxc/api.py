"""The front door: one Python API under the command line, the web app and scripts.

    >>> import jxc
    >>> lg = jxc.open_ledger("examples/teashop")          # doctest: +SKIP
    >>> lg.stock().records()[0]["qty"]                     # doctest: +SKIP
    Decimal('116.5')

:func:`open_ledger` finds a ledger (SPEC 1) and returns a :class:`Ledger`: the
directory's settings, catalog and journal files, and the pipeline over them —
``replayed()`` (entries → moves with balances), ``costed()`` (valued moves),
``check()``, ``commit()`` (the write path) and the reports.  Reads go through the
cache of :mod:`jxc.store` (which wraps the rules of :mod:`jxc.ledger` and never
changes an answer); writes through :mod:`jxc.write` (lock, validation, atomic
write).  Options are arguments of :func:`open_ledger`, never module globals.

Reports return a :class:`jxc.reports.render.Report`; ``Report.records()`` gives
rows as dicts with money as :class:`~decimal.Decimal` (never integer cents) and
``Report.to_frame()`` a pandas DataFrame.  A ledger with problems raises
:class:`jxc.errors.LedgerError` listing every problem (``e.problems``).
"""

from __future__ import annotations

import datetime as dt
import os

from jxc.errors import LedgerError
from jxc.ledger import files
from jxc.ledger.files import find_ledger


class Ledger(files.Ledger):
    """A ledger on disk with its pipeline.  Create it with :func:`open_ledger`.

    Everything is rebuilt from the files on demand; nothing is kept between calls
    but the parsed settings and catalog (re-read by a write under its lock).
    """

    # -- the pipeline ----------------------------------------------------------
    def replayed(self, as_of: dt.date | None = None, *, strict: bool = True):
        """Entries → double-entry moves with running balances, up to ``as_of`` (inclusive).

        Returns a :class:`jxc.ledger.replay.Replayed` (``entries``, ``moves``,
        ``balances``, ``problems``).  With ``strict`` (the default) a ledger with
        problems raises LedgerError; ``strict=False`` returns them in ``problems``.
        """
        from jxc.store.snapshot import replayed
        r = replayed(self, _end_of(as_of))
        if strict:
            _raise_problems(r.problems)
        return r

    def costed(self, method: str | None = None, as_of: dt.date | None = None, *, replayed=None,
               strict: bool = True):
        """The replayed ledger valued under ``method`` (default: the ledger's ``costing``).

        Returns a :class:`jxc.ledger.costing.Costing` (``pools``, move values in cents
        internally; reports turn them into Decimal money).  ``replayed`` re-uses a
        replay already made for the same ``as_of``.
        """
        from jxc.store.snapshot import costed
        r = replayed if replayed is not None else self.replayed(as_of, strict=strict)
        c = costed(self, r, method)
        if strict:
            _raise_problems(c.problems)
        return c

    def check(self) -> list:
        """Every problem of the ledger (journal, replay, costing) as a list of
        :class:`jxc.errors.Problem` (``path``, ``line``, ``message``); empty when sound."""
        from jxc.write.commit import validate
        _, _, problems = validate(self)
        return list(problems)

    def commit(self, entries: list[dict], dry_run: bool = False, source: str | None = None,
               lines: list | None = None) -> list:
        """Validate the ledger with ``entries`` (raw dicts as in the journal) and write them.

        All or none, under the ledger's lock; returns ``[(Entry, text)]``.  Raises
        LedgerError listing every problem, having written nothing.
        """
        from jxc.write.commit import commit
        return commit(self, entries, dry_run=dry_run, source=source, lines=lines)

    # -- reports ---------------------------------------------------------------
    def stock(self, items=None, at: str | None = None, as_of: dt.date | None = None,
              by: str | None = None, value: bool = False, zero: bool = False, lots: bool = False):
        """Stock on hand by item and location: a Report [item, location, qty, unit(, unit_cost, value)]."""
        from jxc.reports.stock import lots as lots_report
        from jxc.reports.stock import stock as stock_report
        from jxc.reports.value import valued_positions
        r = self.replayed(as_of)
        skus = self.skus(items)
        if at:
            self.catalog.check("location", at, None, None)
        if lots:
            return lots_report(r, skus, at, zero)
        valued = None
        if value:
            valued = {k: v for k, (q, v) in valued_positions(self.costed(replayed=r)).items()}
        return stock_report(r, skus, at, by, zero, valued)

    def balance(self, as_of: dt.date | None = None):
        """Every account's balance per item, virtual ones too: a Report [account, item, qty]."""
        from jxc.reports.stock import balance
        return balance(self.replayed(as_of))

    def card(self, item: str, at: str | None = None, method: str | None = None, period=None):
        """The stock card (库存台账) of one item: a Report, one row per move with running totals."""
        from jxc.reports.card import card
        sku = self.catalog.item_or_error(item, None, None).sku
        if at:
            self.catalog.check("location", at, None, None)
        return card(self.costed(method), sku, at, period)

    def value(self, as_of: dt.date | None = None, by: str | None = None, methods=(None,)):
        """The book value of stock under one or more costing methods side by side: a Report."""
        from jxc.reports.value import value
        r = self.replayed(as_of)
        return value([self.costed(m, replayed=r) for m in methods], by)

    def profit(self, by: str = "item", period=None, method: str | None = None, losses: bool = False):
        """Revenue, cogs, gross profit and margin per ``by`` over ``period``: a Report.
        With ``losses``: write-offs and count differences instead."""
        from jxc.reports import profit as P
        c = self.costed(method, replayed=self.replayed(period.end - dt.timedelta(days=1)
                                                       if period is not None and period.end else None))
        if losses:
            return P.losses(c, by if by != "customer" else "item", period)
        return P.profit(c, by, period)

    def aging(self, as_of: dt.date | None = None, buckets=(30, 60, 90, 180), method: str | None = None):
        """Stock value by the age of its layers: a Report."""
        from jxc.reports.aging import aging
        day = as_of or dt.date.today()
        return aging(self.costed(method, as_of), day, tuple(buckets))

    # -- orders ----------------------------------------------------------------
    def order_book(self, as_of: dt.date | None = None, *, replayed=None):
        """Every po and so with its fulfilment up to ``as_of`` (inclusive): a
        :class:`jxc.ledger.orders.OrderBook` (``orders``, ``expected()``, ``problems``).
        ``replayed`` re-uses a replay already made for the same ``as_of``."""
        from jxc.store.snapshot import order_book
        r = replayed if replayed is not None else self.replayed(as_of)
        return order_book(self, r)

    def orders(self, kind: str | None = None, statuses=None, partner: str | None = None,
               overdue: bool = False, as_of: dt.date | None = None, items=None):
        """Order lines with ordered, fulfilled and outstanding quantities, due date, derived
        status and days late on ``as_of`` (default today): a Report
        [id, date, type, partner, item, ordered, fulfilled, outstanding, due, status, days_late]."""
        from jxc.reports.orders import orders
        return orders(self.order_book(as_of), as_of or dt.date.today(), kind, statuses, partner, overdue,
                      self.skus(items))

    def projected(self, items=None, at: str | None = None, as_of: dt.date | None = None,
                  by: str | None = None, zero: bool = False):
        """Stock with what is on order and promised: a Report [item, location, qty, unit,
        on_order, committed, available, projected]."""
        from jxc.reports.orders import projected_stock
        r = self.replayed(as_of)
        if at:
            self.catalog.check("location", at, None, None)
        return projected_stock(r, self.order_book(replayed=r), self.skus(items), at, by, zero)

    # -- helpers ---------------------------------------------------------------
    def skus(self, items) -> set | None:
        """SKUs for item names (SKU or barcode); None for no filter.  Unknown names raise."""
        if not items:
            return None
        return {self.catalog.item_or_error(i, None, None).sku for i in items}


def open_ledger(path: str | os.PathLike | None = None, *, progress: bool = False,
                freeze_gc: bool = False) -> Ledger:
    """The ledger at ``path`` — a directory holding ``jxc.yaml`` or that file — or, when
    None, the one found the usual way (``$JXC_LEDGER``, then the nearest ``jxc.yaml``
    upwards).  ``progress``: show a progress bar on stderr during a long cold read.
    ``freeze_gc``: for a process that ends with its command (the CLI), set a big
    read's objects apart from the cycle collector.  Raises LedgerError when no
    ledger is found."""
    return Ledger(find_ledger(path), progress=progress, freeze_gc=freeze_gc)


def _end_of(as_of: dt.date | None) -> dt.date | None:
    """``as_of`` is inclusive; the replay takes an exclusive end."""
    return as_of + dt.timedelta(days=1) if as_of is not None else None


def _raise_problems(problems) -> None:
    if problems:
        p = problems[0]
        raise LedgerError(p.message, p.path, p.line, problems=list(problems))
