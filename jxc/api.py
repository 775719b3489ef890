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
    def load(self, extra=None):
        """The journal read without any cache, never half-way through a write (see
        :func:`jxc.fs.transaction.consistent_read`)."""
        from jxc.fs.transaction import consistent_read
        with consistent_read(self.root, self.lock_wait):
            return super().load(extra)

    def replayed(self, as_of: dt.date | None = None, *, strict: bool = True):
        """Entries → double-entry moves with running balances, up to ``as_of`` (inclusive).

        Returns a :class:`jxc.ledger.replay.Replayed` (``entries``, ``moves``,
        ``balances``, ``problems``).  With ``strict`` (the default) a ledger with
        problems raises LedgerError; ``strict=False`` returns them in ``problems``.
        """
        from jxc.store.snapshot import replayed
        r = replayed(self, _end_of(_day(as_of)))
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
               lines: list | None = None, ignore_errors: bool = False) -> list:
        """Validate the ledger with ``entries`` (raw dicts as in the journal) and write them.

        All or none, under the ledger's lock; returns ``[(Entry, text)]``.  Raises
        LedgerError listing every problem, having written nothing.  Today's defaults
        (sale price, default location) are written into the entries.  With
        ``ignore_errors``, only problems the entries add are refused.
        """
        from jxc.write.commit import commit
        return commit(self, entries, dry_run=dry_run, source=source, lines=lines,
                      ignore_errors=ignore_errors)

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
        return card(self.costed(method), sku, at, _period(period))

    def value(self, as_of: dt.date | None = None, by: str | None = None, methods=(None,)):
        """The book value of stock under one or more costing methods side by side: a Report."""
        from jxc.reports.value import value
        r = self.replayed(as_of)
        return value([self.costed(m, replayed=r) for m in methods], by)

    def profit(self, by: str = "item", period=None, method: str | None = None, losses: bool = False):
        """Revenue, cogs, gross profit and margin per ``by`` over ``period``: a Report.
        With ``losses``: write-offs and count differences instead."""
        from jxc.reports import profit as P
        p = _period(period)
        c = self.costed(method, replayed=self.replayed(_before(p.end)))
        if losses:
            return P.losses(c, by if by != "customer" else "item", p)
        return P.profit(c, by, p)

    def aging(self, as_of: dt.date | None = None, buckets=(30, 60, 90, 180), method: str | None = None):
        """Stock value by the age of its layers: a Report."""
        from jxc.reports.aging import aging
        return aging(self.costed(method, as_of), _day(as_of) or dt.date.today(), tuple(buckets))

    # -- analytics and replenishment --------------------------------------------
    # Each mirrors its command (same report function, same defaults); periods are a
    # Period, a string as `-p` takes (``"2026-Q4"``) or None for all; days are
    # inclusive ``as_of`` dates or strings.

    def turnover(self, by: str = "item", period=None, average: str = "simple",
                 method: str | None = None):
        """Inventory turnover (库存周转) per ``by`` (item|category|location) over ``period``: a
        Report [key, cogs, opening_value, closing_value, average_value, turnover, days].
        ``average``: ``simple`` = (opening + closing) / 2, ``daily`` = mean of each day's close."""
        from jxc.reports.turnover import opening_needs_own_replay
        from jxc.reports.turnover import turnover as turnover_report
        p = _period(period)
        closing = self.costed(method, replayed=self.replayed(_before(p.end)))
        opening = None
        if p.begin and opening_needs_own_replay(method or self.settings.costing, self.settings, by):
            opening = self.costed(method, replayed=self.replayed(_before(p.begin)))
        return turnover_report(opening, closing, p, by, average)

    def sales(self, by: str = "item", period=None, every: str | None = None, measure: str = "amount"):
        """Sales net of returns per ``by`` (item|month|week|customer|supplier|category): a
        Report [key, qty, amount].  With ``every`` (``month``|``week``) a pivot, one column
        per month or week of ``measure`` (``amount``|``qty``)."""
        return self._trade(False, by, period, every, measure)

    def purchases(self, by: str = "item", period=None, every: str | None = None, measure: str = "amount"):
        """Purchases net of returns to suppliers, shaped as :meth:`sales`."""
        return self._trade(True, by, period, every, measure)

    def _trade(self, purchases: bool, by: str, period, every, measure):
        from jxc.reports import sales as S
        p = _period(period)
        r = self.replayed(_before(p.end))
        flows = (S.purchase_flows if purchases else S.sales_flows)(r, p)
        if every:
            return S.pivot(r, flows, by, every, measure, p, purchases)
        return S.summary(r, flows, by, purchases)

    def abc(self, by: str = "revenue", period=None, cutoffs=None, method: str | None = None):
        """ABC classes (ABC 分类) of the items by their share of ``by`` (revenue|cogs|qty): a
        Report.  ``cutoffs``: (A, B) cumulative percentages as Decimals, default the ledger's
        ``abc`` setting, else (80, 95)."""
        from jxc.reports.abc import abc as abc_report
        p = _period(period)
        r = self.replayed(_before(p.end))
        # Only the cogs measure needs the costing pass (its values as booked: re-costings too).
        c = self.costed(method, replayed=r) if by == "cogs" else None
        return abc_report(r, by, p, tuple(cutoffs or self.settings.abc_cutoffs), c)

    def slow(self, days: int = 90, at: str | None = None, as_of=None, method: str | None = None):
        """Slow and dead stock (呆滞库存): items on hand at ``as_of`` (default today) with no
        sale in ``days`` days: a Report."""
        from jxc.reports.slow import slow as slow_report
        day = _day(as_of)
        self._location(at)
        return slow_report(self.costed(method, day), day or dt.date.today(), days, at)

    def reorder_suggestions(self, items=None, at: str | None = None, days: int = 90,
                            service_level="0.95", as_of=None, forecast: bool = False) -> list:
        """The reorder computation for every item at ``as_of`` (default today): a list of
        :class:`jxc.reports.reorder.Suggestion` (demand, safety stock, reorder point,
        suggested quantity, supplier), planned on the projected stock (on hand + on order −
        committed).  ``forecast``: demand during the lead time from :mod:`jxc.reports.forecast`
        (needs the ``jxc[forecast]`` extra) instead of the history's mean."""
        from decimal import Decimal

        from jxc.reports import reorder as R
        day = _day(as_of)
        self._location(at)
        r = self.replayed(day)
        today = day or dt.date.today()
        ahead = None
        if forecast:
            from jxc.reports.forecast import forecasts
            by_item = {f.item: f for f in forecasts(r, today, at=at)}
            ahead = lambda sku, lead: by_item[sku].daily(lead) if sku in by_item else None  # noqa: E731
        sugs = R.suggestions(r, today, days, Decimal(service_level), at,
                             self.order_book(replayed=r).expected(), ahead)
        skus = self.skus(items)
        return sugs if skus is None else [s for s in sugs if s.item in skus]

    def reorder(self, items=None, at: str | None = None, days: int = 90, service_level="0.95",
                as_of=None, explain: bool = False, every: bool = False, forecast: bool = False):
        """Items at or below their reorder point (补货) at ``as_of`` (default today), with the
        quantity to buy and from whom: a Report.  ``days`` of sales history make the demand;
        ``service_level`` is the chance of not running out in the lead time (0 < p < 1);
        ``every``: all items, not only those due; ``explain``: every number of the formula."""
        from decimal import Decimal

        from jxc.reports import reorder as R
        sugs = self.reorder_suggestions(items, at, days, service_level, as_of, forecast)
        return R.report(sugs, explain, every, _day(as_of) or dt.date.today(), Decimal(service_level))

    def stock_levels(self, item: str, at: str | None = None, by: str = "date", period=None) -> list:
        """[(date or week/month key, qty)]: the level of ``item`` at the end of each date it
        changed (``by="date"``), or of each week or month; over all locations or ``at``."""
        from jxc.reports import chart as C
        sku = self.catalog.item_or_error(item, None, None).sku
        self._location(at)
        p = _period(period)
        points = C.stock_levels(self.replayed(_before(p.end)), sku, at, p)
        return points if by == "date" else C.bucket_levels(points, by, p)

    def sales_series(self, items=None, by: str = "month", period=None) -> list:
        """[(month, week or day key, qty, amount cents)] of sales net of returns, empty
        periods included; of all items or those named."""
        from jxc.reports import chart as C
        from jxc.reports.sales import sales_flows
        skus = self.skus(items)
        p = _period(period)
        flows = [f for f in sales_flows(self.replayed(_before(p.end)), p) if skus is None or f.item in skus]
        return C.sales_series(flows, by, p)

    def chart_stock(self, item: str, at: str | None = None, by: str = "date", period=None,
                    bars: bool = False):
        """The stock level of ``item`` over time: a Report [date, qty] (see :meth:`stock_levels`);
        ``bars`` adds the column of Unicode bars the terminal shows."""
        from jxc.reports import chart as C
        it = self.catalog.item_or_error(item, None, None)
        return C.stock_chart(self.stock_levels(item, at, by, period), it.sku, it.unit, at, by, bars=bars)

    def chart_sales(self, items=None, by: str = "month", measure: str = "amount", period=None,
                    bars: bool = False):
        """Sales (net of returns) per month, week or day, of all items or those named: a Report."""
        from jxc.reports import chart as C
        return C.sales_chart(self.sales_series(items, by, period), measure, sales_title(self.skus(items), by),
                             bars=bars, every=by)

    # -- the cache -------------------------------------------------------------
    def cache_dir(self):
        """The folder of this ledger's cache: in the user's cache directory (or
        ``$JXC_CACHE_DIR``), never inside the ledger; see docs/cache.md."""
        from jxc.store.cache import ledger_dir
        return ledger_dir(self)

    def clear_cache(self) -> int:
        """Delete this ledger's cache; returns the number of files deleted.  Only time is lost."""
        from jxc.store.cache import clear
        return clear(self)

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

    # -- money with partners (SPEC 9) -------------------------------------------
    def books(self, as_of: dt.date | None = None, *, replayed=None):
        """The partners' books up to ``as_of`` (inclusive): a :class:`jxc.ledger.books.Books`
        (documents, credits, statement lines, money accounts, tax splits; cents).
        ``replayed`` re-uses a replay already made for the same ``as_of``."""
        from jxc.ledger.books import settle
        r = replayed if replayed is not None else self.replayed(as_of)
        b = settle(r)
        _raise_problems(b.problems)
        return b

    def receivables(self, as_of: dt.date | None = None, by: str = "document", overdue: bool = False,
                    aging=None, payables: bool = False):
        """Open documents of customers (``payables``: of suppliers) as of ``as_of``: a Report.
        ``aging``: bucket limits in days past due, e.g. (30, 60, 90), for a per-partner spread."""
        from jxc.reports import receivables as R
        day = as_of or dt.date.today()
        kind = "payable" if payables else "receivable"
        if aging:
            return R.aging(self.books(as_of), kind, day, tuple(aging))
        return R.open_items(self.books(as_of), kind, day, by, overdue)

    def statement(self, partner: str, period=None):
        """A partner's statement (对账单) over ``period``: a Report with opening and closing rows."""
        from jxc.reports.statement import statement
        return statement(self.books(), self.partner(partner), period)

    def cash(self, as_of: dt.date | None = None):
        """Money accounts' balances: a Report [account, balance]."""
        from jxc.reports.cash import cash
        return cash(self.books(as_of), self.catalog)

    def tax(self, period=None):
        """Output and input tax per rate over ``period``: a Report (empty without ``tax:``)."""
        from jxc.reports.tax import tax
        t = self.settings.tax
        return tax(self.books(), t.recoverable if t is not None else True, period)

    def partner(self, name: str) -> str:
        """``customer:X`` or ``supplier:X`` for a partner's name; unknown or ambiguous names raise."""
        from jxc.errors import closest
        from jxc.ledger.accounts import account_of, split_account
        kind, bare = split_account(name)
        if kind in ("customer", "supplier"):
            return account_of(kind, self.catalog.check(kind, bare, None, None))
        found = [k for k in ("customer", "supplier") if name in self.catalog.section(k)]
        if len(found) == 1:
            return account_of(found[0], name)
        if found:
            raise LedgerError(f"'{name}' is both a customer and a supplier: write customer:{name}"
                              f" or supplier:{name}")
        known = [*self.catalog.customers, *self.catalog.suppliers]
        raise LedgerError(f"unknown customer or supplier '{name}'{closest(name, known)}")

    # -- exchange --------------------------------------------------------------
    def import_rows(self, file, rules, dry_run: bool = False):
        """Rows of a CSV/XLSX ``file`` as entries under the rules file ``rules``, written all
        or none.  Returns (ImportPlan, [(Entry, text)]); a problem raises LedgerError
        listing every one (``FILE:ROW: column ...``).  See :mod:`jxc.exchange.imports`."""
        from jxc.exchange.imports import imported_keys, plan_import, read_rules
        plan = plan_import(file, read_rules(rules), self.catalog, self.settings,
                           imported_keys(self.replayed(strict=False).entries))
        done = self.commit(list(plan.entries), dry_run=dry_run, source=str(file),
                           lines=list(plan.rows)) if plan.entries else []
        return plan, done

    def import_catalog(self, file, rules, dry_run: bool = False):
        """Items or partners of a CSV/XLSX ``file`` merged into catalog.yaml, comments kept:
        (added, changed, new text).  See :mod:`jxc.exchange.catalog_import`."""
        from jxc.exchange.catalog_import import import_catalog
        return import_catalog(self, str(file), str(rules), dry_run)

    def export_parquet(self, directory) -> dict:
        """Write entries, moves, documents and items as Parquet under ``directory``, rewriting
        only changed months: {table: (partitions written, unchanged)}.  See :mod:`jxc.exchange.parquet`."""
        from jxc.exchange.parquet import export_parquet
        return export_parquet(self, directory)

    def sql(self, query: str):
        """The result of a DuckDB ``query`` over entries, moves, documents and items: a Report."""
        from jxc.exchange.sql import run_sql
        return run_sql(self, query)

    # -- helpers ---------------------------------------------------------------
    def _location(self, at: str | None) -> None:
        if at:
            self.catalog.check("location", at, None, None)

    def skus(self, items) -> set | None:
        """SKUs for item names (SKU or barcode); None for no filter.  Unknown names raise."""
        if not items:
            return None
        return {self.catalog.item_or_error(i, None, None).sku for i in items}


def open_ledger(path: str | os.PathLike | None = None, *, progress: bool = False,
                freeze_gc: bool = False, wait: float | None = None) -> Ledger:
    """The ledger at ``path`` — a directory holding ``jxc.yaml`` or that file — or, when
    None, the one found the usual way (``$JXC_LEDGER``, then the nearest ``jxc.yaml``
    upwards).  ``progress``: show a progress bar on stderr during a long cold read.
    ``freeze_gc``: for a process that ends with its command (the CLI), set a big
    read's objects apart from the cycle collector.  ``wait``: seconds a write waits
    for another writer's lock before giving up (default 30).  Raises LedgerError
    when no ledger is found."""
    return Ledger(find_ledger(path), progress=progress, freeze_gc=freeze_gc, lock_wait=wait)


def _end_of(as_of: dt.date | None) -> dt.date | None:
    """``as_of`` is inclusive; the replay takes an exclusive end."""
    from jxc.reports.period import day_after
    return day_after(as_of) if as_of is not None else None


def sales_title(skus, by: str) -> str:
    """The title of a sales chart: what it covers, per what."""
    return "sales" + (f" of {', '.join(sorted(skus))}" if skus else "") + f" per {by}"


def _before(end: dt.date | None) -> dt.date | None:
    """The last day (inclusive) before an exclusive end."""
    return end - dt.timedelta(days=1) if end is not None else None


def _period(period):
    """A Period from a Period, a `-p` string (``2026``, ``2026-Q4``, ``2026-11``) or None."""
    from jxc.reports.period import Period, parse_period
    if period is None:
        return Period()
    return parse_period(period) if isinstance(period, str) else period


def _day(day) -> dt.date | None:
    """A date from a date, a string as `--as-of` takes, or None."""
    from jxc.reports.period import parse_date
    return parse_date(day, "as_of") if isinstance(day, str) else day


def _raise_problems(problems) -> None:
    if problems:
        p = problems[0]
        raise LedgerError(p.message, p.path, p.line, problems=list(problems))
