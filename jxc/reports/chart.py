"""`jxc chart`: stock level over time and sales per period, drawn, not tabulated.

In the terminal each row is a horizontal bar of Unicode blocks, scaled so the
largest value fills the width (eighths of a cell: the bar is exact to 1/320 of
the top value at 40 cells).  ``-o csv/tsv/json/md`` give the numbers behind the
bars; ``-o png|svg|html`` draws the same chart as a picture through Vega-Lite
(:mod:`jxc.reports.vega`).

stock ITEM: the quantity on hand at the end of each date it changed (``--by date``),
            or at the end of each week / month (``--by week|month``).  Over all
            locations a transfer changes nothing; ``--at LOC`` shows one location.
sales:      net quantity and amount per month / week / day (as `jxc sales`),
            empty periods included so gaps show.
"""

from __future__ import annotations

import datetime as dt

from jxc.ledger.accounts import is_location, location_account
from jxc.ledger.replay import VIRTUAL, Replayed
from jxc.numbers import ZERO
from jxc.reports.period import Period, month_key, week_key
from jxc.reports.render import Column, Report
from jxc.reports.sales import buckets
from jxc.reports.sparkline import bar

WIDTH = 40


def _day_key(d: dt.date) -> str:
    return d.isoformat()


LABEL = {"month": month_key, "week": week_key, "day": _day_key}


def stock_levels(r: Replayed, item: str, at: str | None = None, period: Period | None = None) -> list:
    """[(date, qty on hand at the end of that date)] for each date the level changed.

    With a period that begins after the first move, the first point is the level
    at its beginning (dated ``begin``), so the line starts where the stock stood.
    """
    acc = location_account(at) if at else None
    level = ZERO
    points: list = []
    begin = period.begin if period else None
    end = period.end if period else None
    before = False      # moves before the period: its first point is the level at begin
    for m in r.moves:
        if m.item != item or m.kind == VIRTUAL:
            continue
        if acc is None:
            delta = (m.qty if is_location(m.dst) else ZERO) - \
                    (m.qty if is_location(m.src) else ZERO)
        else:
            delta = (m.qty if m.dst == acc else ZERO) - (m.qty if m.src == acc else ZERO)
        if delta == 0:
            continue
        d = m.entry.date
        if end is not None and d >= end:
            break
        if begin is not None and d < begin:
            level += delta
            before = True
            continue
        if before and not points:
            points.append((begin, level))
        level += delta
        if points and points[-1][0] == d:
            points[-1] = (d, level)
        else:
            points.append((d, level))
    if before and not points:
        points.append((begin, level))
    return points


def bucket_levels(points: list, every: str, period: Period | None = None) -> list:
    """[(label, level at the end of that week/month)] over consecutive buckets."""
    if not points:
        return []
    first = period.begin if period and period.begin else points[0][0]
    last = (period.end - dt.timedelta(days=1)) if period and period.end else points[-1][0]
    label = LABEL[every]
    at_end: dict = {}
    for d, q in points:
        at_end[label(d)] = q
    out = []
    level = ZERO
    for b in buckets(first, last, every):
        level = at_end.get(b, level)
        out.append((b, level))
    return out


def _with_bars(rows: list, at: int) -> list:
    """Each row with a bar of its column ``at``, the largest value filling the width."""
    top = max((row[at] for row in rows), default=ZERO)
    return [row + [bar(row[at], top, WIDTH)] for row in rows]


def stock_chart(points: list, item: str, unit: str, at: str | None, by: str = "date",
                bars: bool = True) -> Report:
    """[date (or week/month), qty] per point, and a bar per row in the terminal."""
    rows = [[d, q] for d, q in points]
    cols = [Column(by, "date" if by == "date" else "text"), Column("qty", "qty")]
    if bars:
        rows = _with_bars(rows, 1)
        cols.append(Column(f"bar ({unit})", "bar"))
    title = f"{item} on hand" + (f" at {at}" if at else "")
    return Report(cols, rows, None, title=title)


def sales_series(flows, every: str, period: Period | None = None) -> list:
    """[(label, qty, amount)] per consecutive month/week/day, empty ones included."""
    flows = list(flows)
    first = period.begin if period and period.begin else min((f.date for f in flows), default=None)
    last = (period.end - dt.timedelta(days=1)) if period and period.end else \
        max((f.date for f in flows), default=None)
    labels = buckets(first, last, every)
    acc = {b: [ZERO, 0] for b in labels}
    label = LABEL[every]
    for f in flows:
        cell = acc[label(f.date)]
        cell[0] += f.qty
        cell[1] += f.amount
    return [(b, acc[b][0], acc[b][1]) for b in labels]


def sales_chart(series: list, measure: str = "amount", title: str = "sales", bars: bool = True,
                every: str = "month") -> Report:
    """One row per ``every`` (month, week or day; the first column's name): qty, amount, a bar."""
    rows = [[b, q, a] for b, q, a in series]
    cols = [Column(every), Column("qty", "qty"), Column("amount", "money")]
    if bars:
        at = 1 if measure == "qty" else 2
        rows = _with_bars(rows, at)
        cols.append(Column(f"bar ({measure})", "bar"))
    return Report(cols, rows, None, title=title)

