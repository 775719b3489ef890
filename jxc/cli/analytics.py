"""Analytics and replenishment commands: turnover, sales, purchases, abc, slow, reorder, chart.

Like every command they parse, call one report function and render; the
formulas live (and are documented) in :mod:`jxc.reports`.
"""

from __future__ import annotations

import datetime as dt
import sys
from decimal import Decimal
from pathlib import Path
from typing import List, Literal, Optional

import typer

from jxc.cli.common import (AsOf, Begin, End, Format, Output, PeriodOpt, costing_methods, emit, guarded, ledger,
                            whole)
from jxc.numbers import parse_decimal
from jxc.reports.period import as_of_end, make_period, parse_date

commands = typer.Typer()
chart_app = typer.Typer(no_args_is_help=True, help="Charts: stock over time, sales per period.")
commands.add_typer(chart_app, name="chart")

CostingOpt = typer.Option(None, "--costing", help="Costing method (default: the ledger's).")


def _as_of_day(as_of: Optional[str]) -> Optional[dt.date]:
    """--as-of D (inclusive), parsed as every command parses it; None without it."""
    return parse_date(as_of, "--as-of") if as_of else None


# ---------------------------------------------------------------------------
# turnover

@commands.command()
@guarded
def turnover(by: Literal["item", "category", "location"] = typer.Option("item", "--by"),
             average: Literal["simple", "daily"] = typer.Option(
                 "simple", "--average",
                 help="simple: (opening + closing) / 2; daily: the mean of each day's closing value."),
             costing: Optional[str] = CostingOpt,
             begin: Optional[str] = Begin, end: Optional[str] = End, period: Optional[str] = PeriodOpt,
             output: Format = Output):
    """Inventory turnover (库存周转): cost of sales over average stock value, and days of stock."""
    emit(ledger().turnover(by, make_period(begin, end, period), average, costing_methods(costing)[0]), output)


# ---------------------------------------------------------------------------
# sales and purchases

def _trade(purchases: bool, by: str, monthly: bool, weekly: bool, qty: bool,
           begin, end, period, output) -> None:
    if monthly and weekly:
        raise typer.BadParameter("give --monthly or --weekly, not both", param_hint="--weekly")
    every = "month" if monthly else "week" if weekly else None
    if every and by in ("month", "week"):
        raise typer.BadParameter(f"--by {by} with --{every}ly: pick rows by item, partner or category",
                                 param_hint="--by")
    if purchases and by == "customer":
        raise typer.BadParameter("purchases have suppliers, not customers: try --by supplier",
                                 param_hint="--by")
    lg = ledger()
    trade = lg.purchases if purchases else lg.sales
    emit(trade(by, make_period(begin, end, period), every, "qty" if qty else "amount"), output)


ByTrade = Literal["item", "month", "week", "customer", "supplier", "category"]
Monthly = typer.Option(False, "--monthly", "-M", help="A pivot: one column per month, a total and a trend.")
Weekly = typer.Option(False, "--weekly", "-W", help="A pivot: one column per ISO week.")
PivotQty = typer.Option(False, "--qty", help="In a pivot, show quantities instead of amounts.")


def _trade_report(purchases: bool, doc: str):
    """`sales` or `purchases`: the same options over one side of trade."""
    def report(by: ByTrade = typer.Option("item", "--by"), monthly: bool = Monthly, weekly: bool = Weekly,
               qty: bool = PivotQty,
               begin: Optional[str] = Begin, end: Optional[str] = End, period: Optional[str] = PeriodOpt,
               output: Format = Output):
        _trade(purchases, by, monthly, weekly, qty, begin, end, period, output)
    report.__doc__ = doc
    return guarded(report)


sales = commands.command("sales")(_trade_report(
    False, "Sales net of returns: quantity and amount (--by supplier: the item's last supplier)."))
purchases = commands.command("purchases")(_trade_report(
    True, "Purchases net of returns to suppliers: quantity and amount."))


# ---------------------------------------------------------------------------
# abc

def _cutoffs(text: Optional[str], default: tuple) -> tuple:
    if not text:
        return default
    parts = [parse_decimal(t.strip()) for t in text.split(",")]
    if len(parts) != 2 or any(x is None for x in parts) or not (0 < parts[0] < parts[1] <= 100):
        raise typer.BadParameter(f"expected two percentages A,B with 0 < A < B <= 100, like 80,95;"
                                 f" got {text!r}", param_hint="--cutoffs")
    return tuple(parts)


@commands.command()
@guarded
def abc(by: Literal["revenue", "cogs", "qty"] = typer.Option("revenue", "--by"),
        cutoffs: Optional[str] = typer.Option(
            None, "--cutoffs", metavar="A,B",
            help="Cumulative % that ends class A and class B (default: jxc.yaml's abc, else 80,95)."),
        costing: Optional[str] = CostingOpt,
        begin: Optional[str] = Begin, end: Optional[str] = End, period: Optional[str] = PeriodOpt,
        output: Format = Output):
    """ABC analysis: items ranked by their share of revenue, cost of sales or quantity."""
    lg = ledger()
    cuts = _cutoffs(cutoffs, lg.settings.abc_cutoffs)
    emit(lg.abc(by, make_period(begin, end, period), cuts, costing_methods(costing)[0]), output)


# ---------------------------------------------------------------------------
# slow

@commands.command()
@guarded
def slow(days: str = typer.Option("90", "--days", metavar="DAYS", help="No sale in this many days."),
         at: Optional[str] = typer.Option(None, "--at", help="Only this location."),
         as_of: Optional[str] = AsOf, costing: Optional[str] = CostingOpt,
         output: Format = Output):
    """Slow and dead stock (呆滞库存): items on hand that have not sold in N days."""
    emit(ledger().slow(whole(days, "--days"), at, _as_of_day(as_of), costing_methods(costing)[0]), output)


# ---------------------------------------------------------------------------
# reorder

def _service_level(text: str) -> Decimal:
    d = parse_decimal(text)
    if d is None or not (0 < d < 1):
        raise typer.BadParameter(f"a probability between 0 and 1, like 0.95; got {text!r}",
                                 param_hint="--service-level")
    return d


@commands.command()
@guarded
def reorder(items: Optional[List[str]] = typer.Argument(None, metavar="[ITEM]..."),
            at: Optional[str] = typer.Option(None, "--at", help="Stock and demand of this location only."),
            days: str = typer.Option("90", "--days", metavar="DAYS", help="Days of sales history for the demand."),
            service_level: str = typer.Option("0.95", "--service-level",
                                              help="Chance of not running out during the lead time."),
            explain: bool = typer.Option(False, "--explain", help="Show every number of the formula."),
            every: bool = typer.Option(False, "--all", help="Every item, not only those due."),
            forecast: bool = typer.Option(False, "--forecast",
                                          help="Demand during the lead time from `jxc forecast` (needs jxc[forecast])."),
            write: bool = typer.Option(False, "--write",
                                       help="Print draft purchase orders (po) for `jxc add -` instead of the report."),
            as_of: Optional[str] = AsOf, output: Format = Output):
    """Items at or below their reorder point (补货), with the quantity to buy and from whom."""
    from jxc.reports import reorder as R
    level = _service_level(service_level)
    sugs = ledger().reorder_suggestions(items, at, whole(days, "--days", 1), level, _as_of_day(as_of), forecast)
    day = _as_of_day(as_of) or dt.date.today()
    if write:
        sys.stdout.write(R.draft_purchases(sugs, day))
        return
    rep = R.report(sugs, explain, every, day, level)
    if explain and output in ("table", "md") and rep.rows:
        rep = R.explain_table(rep)
    emit(rep, output)


# ---------------------------------------------------------------------------
# chart

ChartFormat = Literal["table", "csv", "tsv", "json", "md", "png", "svg", "html"]
ChartOutput = typer.Option("table", "--output", "-o",
                           help="Output format; png, svg and html draw a picture (the jxc[chart] extra).")
ChartFile = typer.Argument(None, metavar="[FILE]",
                           help="Write the chart here instead of stdout (FILE.png|svg|html implies -o).")
PICTURES = (".png", ".svg", ".html")


def _chart_format(fmt: str, file: Optional[str]) -> str:
    """The format a chart is written in: ``-o``, else the picture FILE's extension."""
    suffix = Path(file).suffix.lower() if file else ""
    if suffix in PICTURES and fmt == "table":
        return suffix[1:]
    return fmt


def _chart_out(report, fmt: str, file: Optional[str], spec) -> None:
    """Write the chart: pictures drawn by Vega-Lite from ``spec()`` (:mod:`jxc.reports.vega`),
    other formats as every report renders."""
    from jxc.reports.render import render
    from jxc.reports.vega import picture
    if fmt in ("png", "svg", "html"):
        data = picture(spec(), fmt)
    elif fmt == "table":
        if not file:
            emit(report, fmt)
            return
        import io
        buf = io.StringIO()
        from rich.console import Console
        render(report, "table", Console(file=buf, width=200, highlight=False, force_terminal=False))
        data = buf.getvalue().encode("utf-8")
    else:
        data = render(report, fmt, None).encode("utf-8")
    if file:
        Path(file).write_bytes(data)
    else:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()


def _draws_bars(fmt: str) -> bool:
    """Bars are for eyes: the table shows them, data formats carry the numbers only."""
    return fmt == "table"


@chart_app.command("stock")
@guarded
def chart_stock(item: str, file: Optional[str] = ChartFile,
                at: Optional[str] = typer.Option(None, "--at", help="Only this location."),
                by: Literal["date", "week", "month"] = typer.Option(
                    "date", "--by", help="date: each date the level changed; week/month: level at its end."),
                as_of: Optional[str] = AsOf,
                begin: Optional[str] = Begin, end: Optional[str] = End, period: Optional[str] = PeriodOpt,
                output: ChartFormat = ChartOutput):
    """Stock level of ITEM over time."""
    from jxc.reports import chart as C
    from jxc.reports import vega
    lg = ledger()
    it = lg.catalog.item_or_error(item, None, None)
    p = make_period(begin, end, period)
    stop = as_of_end(as_of)
    if stop and (p.end is None or stop < p.end):
        p = type(p)(p.begin, stop)
    fmt = _chart_format(output, file)
    points = lg.stock_levels(item, at, by, p)
    report = C.stock_chart(points, it.sku, it.unit, at, by, bars=_draws_bars(fmt))
    title = f"{it.sku} {it.name} on hand" + (f" at {at}" if at else "") + f" ({it.unit})"
    _chart_out(report, fmt, file, lambda: vega.stock_spec(points, title, it.unit, by))


@chart_app.command("sales")
@guarded
def chart_sales(items: Optional[List[str]] = typer.Argument(
                    None, metavar="[ITEM]... [FILE]",
                    help="Only these items; a last argument FILE.png|svg|html is where the chart is written."),
                by: Literal["month", "week", "day"] = typer.Option("month", "--by"),
                qty: bool = typer.Option(False, "--qty", help="Bars of quantity instead of amount."),
                begin: Optional[str] = Begin, end: Optional[str] = End, period: Optional[str] = PeriodOpt,
                output: ChartFormat = ChartOutput):
    """Sales per month, week or day (net of returns), of all items or the ones named."""
    from jxc.api import sales_title
    from jxc.reports import chart as C
    from jxc.reports import vega
    lg = ledger()
    items = list(items or [])
    file = None
    # `-o png FILE` reads naturally; a picture file is never an item, so the last argument
    # ending in .png/.svg/.html (and not naming an item) is where the chart goes.
    if items and Path(items[-1]).suffix.lower() in PICTURES and lg.catalog.resolve_item(items[-1]) is None:
        file = items.pop()
    fmt = _chart_format(output, file)
    series = lg.sales_series(items, by, make_period(begin, end, period))
    measure = "qty" if qty else "amount"
    title = sales_title(lg.skus(items), by)
    report = C.sales_chart(series, measure, title, bars=_draws_bars(fmt), every=by)
    _chart_out(report, fmt, file, lambda: vega.sales_spec(series, measure, title + (" (qty)" if qty else ""), by))
