"""Every report of the CLI as a web page: its choices (period, ``--by``, as-of date,
partner) as a form, its rows as a table with names beside codes, and a download as CSV
or xlsx.  Each report is one call of :class:`jxc.api.Ledger`, the same the command makes;
the text of a cell is :func:`jxc.reports.render.text_of`, as in the terminal.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from jxc.errors import LedgerError
from jxc.web.entries import FieldError


@dataclass(frozen=True)
class Choices:
    """What a report page was asked for (query parameters, read by :func:`choices_of`)."""

    by: str | None = None
    period: object = None       # a jxc.reports.period.Period, or None: all time
    period_text: str = ""
    as_of: object = None        # a date, or None: today
    as_of_text: str = ""
    partner: str | None = None


@dataclass(frozen=True)
class ReportPage:
    """One report: its command's name, what it shows, the choices it takes, the API call."""

    name: str
    title: str
    call: Callable            # (Ledger, Choices) -> Report
    by: tuple = ()            # the --by choices, the first the default ("": none, the command's default)
    period: bool = False
    as_of: bool = False
    partner: bool = False


def _trade(purchases: bool):
    def call(lg, c):
        return (lg.purchases if purchases else lg.sales)(c.by, c.period)
    return call


REPORTS = (
    ReportPage("stock", "Stock on hand (库存)", lambda lg, c: lg.stock(as_of=c.as_of, by=c.by, value=True),
               by=("", "item", "location", "category"), as_of=True),
    ReportPage("value", "Stock value (库存金额)", lambda lg, c: lg.value(c.as_of, c.by),
               by=("", "item", "location", "category"), as_of=True),
    ReportPage("balance", "Balances of every account", lambda lg, c: lg.balance(c.as_of), as_of=True),
    ReportPage("profit", "Gross profit (毛利)", lambda lg, c: lg.profit(c.by, c.period),
               by=("item", "customer", "category", "month"), period=True),
    ReportPage("sales", "Sales (销售)", _trade(False),
               by=("item", "month", "week", "customer", "supplier", "category"), period=True),
    ReportPage("purchases", "Purchases (采购)", _trade(True),
               by=("item", "month", "week", "customer", "supplier", "category"), period=True),
    ReportPage("turnover", "Inventory turnover (库存周转)", lambda lg, c: lg.turnover(c.by, c.period),
               by=("item", "category", "location"), period=True),
    ReportPage("abc", "ABC classes (ABC 分类)", lambda lg, c: lg.abc(c.by, c.period),
               by=("revenue", "cogs", "qty"), period=True),
    ReportPage("aging", "Stock by age (库龄)", lambda lg, c: lg.aging(c.as_of), as_of=True),
    ReportPage("slow", "Slow and dead stock (呆滞库存)", lambda lg, c: lg.slow(as_of=c.as_of), as_of=True),
    ReportPage("reorder", "Items to reorder (补货)", lambda lg, c: lg.reorder(as_of=c.as_of), as_of=True),
    ReportPage("orders", "Orders (订单)", lambda lg, c: lg.orders(as_of=c.as_of), as_of=True),
    ReportPage("receivables", "Receivables (应收)", lambda lg, c: lg.receivables(c.as_of, c.by or "document"),
               by=("document", "partner"), as_of=True),
    ReportPage("payables", "Payables (应付)",
               lambda lg, c: lg.receivables(c.as_of, c.by or "document", payables=True),
               by=("document", "partner"), as_of=True),
    ReportPage("statement", "Statement of a partner (对账单)", lambda lg, c: lg.statement(c.partner, c.period),
               period=True, partner=True),
    ReportPage("cash", "Money accounts (资金)", lambda lg, c: lg.cash(c.as_of), as_of=True),
    ReportPage("tax", "Tax (增值税)", lambda lg, c: lg.tax(c.period), period=True),
)
BY_NAME = {r.name: r for r in REPORTS}


def choices_of(page: ReportPage, query) -> Choices:
    """The choices in a page's query string (``by``, ``period``, ``as_of``, ``partner``), read
    by the CLI's own date and period rules; a bad one is a FieldError naming it."""
    from jxc.reports.period import parse_date, parse_period
    by = query.get("by", page.by[0] if page.by else None)
    if page.by and by not in page.by:
        raise FieldError("by", f"--by is one of {', '.join(b for b in page.by if b)}, got {by!r}")
    by = by or None
    period_text = (query.get("period") or "").strip()
    as_of_text = (query.get("as_of") or "").strip()
    try:
        period = parse_period(period_text, "period") if period_text and page.period else None
    except LedgerError as e:
        raise FieldError("period", e.problem.message) from None
    try:
        as_of = parse_date(as_of_text, "as of") if as_of_text and page.as_of else None
    except LedgerError as e:
        raise FieldError("as_of", e.problem.message) from None
    partner = (query.get("partner") or "").strip() or None
    if page.partner and not partner:
        raise FieldError("partner", "choose a customer or supplier")
    return Choices(by, period, period_text, as_of, as_of_text, partner)


def run(lg, page: ReportPage, c: Choices):
    """The report, with item and partner names beside their codes."""
    from jxc.reports.render import with_names
    return with_names(page.call(lg, c), lg.catalog)


def download(report, fmt: str, name: str) -> tuple[bytes, str, str]:
    """(body, media type, file name) of a report as ``csv`` (UTF-8 with a byte-order mark,
    so Excel reads the Chinese names) or ``xlsx`` (typed cells, money with 2 decimals)."""
    from jxc.reports.render import render
    if fmt == "csv":
        return ("\ufeff" + render(report, "csv")).encode("utf-8"), "text/csv; charset=utf-8", f"{name}.csv"
    if fmt == "xlsx":
        try:
            from jxc.exchange.xlsx import xlsx_bytes
            data = xlsx_bytes(report, name)
        except ImportError:
            raise LedgerError("xlsx needs openpyxl: pip install 'jxc[xlsx]'") from None
        return data, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", f"{name}.xlsx"
    raise FieldError("format", f"a report downloads as csv or xlsx, not {fmt!r}")
