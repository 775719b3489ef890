"""`jxc forecast`: expected demand per week per item, with an interval and its accuracy on a hold-out."""

from __future__ import annotations

import datetime as dt
import re
from typing import List, Literal, Optional

import typer

from jxc.cli.common import AsOf, Format, Output, emit, guarded, ledger, replayed, valid
from jxc.reports.period import as_of_end

commands = typer.Typer()


def weeks_of(text: str, option: str) -> int:
    """``8w``, ``8`` (weeks) or ``56d`` (days, rounded up to whole weeks) → weeks."""
    m = re.fullmatch(r"\s*([0-9]+)\s*([wd]?)\s*", text.lower())
    if not m or int(m[1]) == 0:
        raise typer.BadParameter(f"a number of weeks like 8w, or days like 56d; got {text!r}", param_hint=option)
    n = int(m[1])
    return -(-n // 7) if m[2] == "d" else n


@commands.command()
@guarded
def forecast(items: Optional[List[str]] = typer.Argument(None, metavar="[ITEM]..."),
             horizon: str = typer.Option("8w", "--horizon", help="How far ahead: 8w (weeks) or 56d (days)."),
             history: str = typer.Option("104w", "--history", help="How much sales history to learn from."),
             at: Optional[str] = typer.Option(None, "--at", help="Demand of this location only."),
             method: Literal["auto", "ses", "croston"] = typer.Option(
                 "auto", "--method", help="auto: the better of ses and croston on the hold-out."),
             as_of: Optional[str] = AsOf, output: Format = Output):
    """Expected demand per week per item (智能预测), with an 80% interval and its MASE beside the naive one's."""
    from jxc.reports.forecast import forecasts, report
    lg = ledger()
    h, n = weeks_of(horizon, "--horizon"), weeks_of(history, "--history")
    if at:
        lg.catalog.check("location", at, None, None)
    end = as_of_end(as_of)
    day = end - dt.timedelta(days=1) if end else dt.date.today()
    r = valid(replayed(lg, end))
    skus = {lg.catalog.item_or_error(i, None, None).sku for i in items} if items else None
    emit(report(forecasts(r, day, h, n, at, skus, method), day), output)
