"""`jxc turnover`: how often the stock sold through in a period (库存周转).

For the period [begin, end) and each key (item, category or location):

    cogs          = Σ cost of sales − Σ cost of sales returns dated in the period
    opening_value = book value of the stock at begin (the ledger replayed up to begin)
    closing_value = book value of the stock at end   (the ledger replayed up to end)
    average_value = (opening_value + closing_value) / 2                 --average simple (SPEC)
                  = Σ book value at the end of each day of the period
                    ÷ the period's days                                 --average daily
    turnover      = cogs / average_value
    days          = the period's days / turnover  (= average_value × days / cogs)

An open side of the period is closed on the journal's first date / the day after
its last.  A key with no stock and no cost of sales is left out.  A zero average
gives an empty turnover (and days), never a division error; zero cogs gives a
turnover of 0 and empty days (the stock would last forever).  Turnover and days are
computed from the exact average, then shown rounded half-up to 4 and 1 places;
average_value is shown rounded half-up to the cent.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from jxc.ledger.accounts import account_name, is_location
from jxc.ledger.costing import Costing, booked_values
from jxc.ledger.replay import SALE, SALES_RETURN, VIRTUAL
from jxc.numbers import CONTEXT
from jxc.reports.period import Period
from jxc.reports.render import Column, Report
from jxc.reports.value import valued_positions

BY = ("item", "category", "location")
AVERAGES = ("simple", "daily")
TURNOVER_PLACES = 4
DAYS_PLACES = 1

COLUMNS = [Column("cogs", "money"), Column("opening_value", "money"),
           Column("closing_value", "money"), Column("average_value", "money"),
           Column("turnover", "ratio", TURNOVER_PLACES), Column("days", "ratio", DAYS_PLACES)]


def _q(d: Decimal, places: int) -> Decimal:
    return d.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def key_function(by: str, catalog):
    """(item, location) -> the row it adds to."""
    if by == "category":
        return lambda item, loc: catalog.items[item].category or "(none)"
    if by == "location":
        return lambda item, loc: loc
    return lambda item, loc: item


def period_bounds(period: Period, journal) -> tuple[dt.date | None, dt.date | None]:
    """The period with open sides closed on the journal's first date and the day after its last."""
    dates = [e.date for e in journal.entries]
    begin = period.begin or (min(dates) if dates else None)
    end = period.end or ((max(dates) + dt.timedelta(days=1)) if dates else None)
    return begin, end


def cost_of_sales(c: Costing, key, period: Period) -> dict:
    """key -> cost of sales net of sales returns booked in the period, in cents
    (a re-costing on the date of the receipt that covered the sale, SPEC 4)."""
    out: dict = {}
    moves = c.replayed.moves
    for at, i, v in booked_values(c, (SALE, SALES_RETURN)):
        m = moves[i]
        if m.kind == SALE:
            k, sign = key(m.item, account_name(m.src)), 1
        else:
            k, sign = key(m.item, account_name(m.dst)), -1
        if period.contains(moves[at].entry.date):
            out[k] = out.get(k, 0) + sign * v
    return out


def book_values(c: Costing | None, key) -> dict:
    """key -> book value of the stock in cents (nothing before the first entry)."""
    out: dict = {}
    if c is None:
        return out
    for (item, loc), (_q_, v) in valued_positions(c).items():
        k = key(item, loc)
        out[k] = out.get(k, 0) + v
    return out


def opening_needs_own_replay(method: str, settings, by: str) -> bool:
    """Can the opening values be read off the costing up to end, or must the ledger be replayed to begin?

    The running methods value each move from what came before it only, so up to
    ``begin`` the costing up to ``end`` is the costing up to ``begin``, and a pool's
    book value is the sum of the values of the moves in and out of it.  Not so for
    the monthly average (a month's unit cost depends on the whole month, and one
    that is unfinished at ``begin`` is valued month-to-date), nor for locations
    sharing one item pool (`value` spreads the pool over them by quantity).
    """
    return method == "monthly-average" or (by == "location" and settings.cost_pool == "item")


def _value_changes(c: Costing, key, end: dt.date):
    """(date, key, cents) for every change of book value dated before ``end``, in order:
    a move's value into the location it reaches and out of the one it leaves, a
    re-costing on the date it is booked."""
    moves = c.replayed.moves
    for at, i, v in booked_values(c):
        d = moves[at].entry.date
        if d >= end:
            return
        m = moves[i]
        if m.kind == VIRTUAL:
            continue
        if is_location(m.dst):
            yield d, key(m.item, account_name(m.dst)), v
        if is_location(m.src):
            yield d, key(m.item, account_name(m.src)), -v


def values_before(c: Costing, key, day: dt.date) -> dict:
    """key -> book value of the stock at ``day`` (values booked before it)."""
    out: dict = {}
    for _d, k, v in _value_changes(c, key, day):
        out[k] = out.get(k, 0) + v
    return {k: v for k, v in out.items() if v}


def value_days(c: Costing, key, begin: dt.date, end: dt.date) -> dict:
    """key -> Σ over the days of [begin, end) of the book value at the end of that day (cent-days).

    The value held changes only on the dates of moves, so each key keeps its
    current value and the date since which it holds it; a change on date d adds
    value × (d − since) days.
    """
    now: dict = {}
    since: dict = {}
    area: dict = {}
    for d, k, dv in _value_changes(c, key, end):
        s = since.get(k, begin)
        if d > s:
            area[k] = area.get(k, 0) + now.get(k, 0) * (d - s).days
            since[k] = d
        now[k] = now.get(k, 0) + dv
    for k, v in now.items():
        s = since.get(k, begin)
        area[k] = area.get(k, 0) + v * (end - s).days
    return area


def turnover(opening: Costing | None, closing: Costing, period: Period, by: str = "item",
             average: str = "simple") -> Report:
    """The turnover report.

    ``opening`` is the costing of the ledger replayed up to begin; None when the period
    is open there, or when the costing up to end tells the same (see
    :func:`opening_needs_own_replay`).
    """
    r = closing.replayed
    key = key_function(by, r.catalog)
    begin, end = period_bounds(period, r.journal)
    days = (end - begin).days if begin and end and end > begin else 0
    cogs = cost_of_sales(closing, key, period)
    if opening is None and period.begin is not None:
        open_v = values_before(closing, key, period.begin)
    else:
        open_v = book_values(opening, key)
    close_v = book_values(closing, key)
    area = value_days(closing, key, begin, end) if average == "daily" and days else {}
    rows = []
    for k in sorted(set(cogs) | set(open_v) | set(close_v) | set(area)):
        row = _row(k, cogs.get(k, 0), open_v.get(k, 0), close_v.get(k, 0), area.get(k, 0), days, average)
        if row is not None:
            rows.append(row)
    totals = None
    if rows:
        totals = _row("total", sum(cogs.values()), sum(open_v.values()), sum(close_v.values()),
                      sum(area.values()), days, average, keep=True)
    notes = []
    if days:
        how = "(opening + closing) / 2" if average == "simple" else "mean of each day's closing book value"
        notes.append(f"{begin} .. {end - dt.timedelta(days=1)}: {days} days; average_value = {how}")
    return Report([Column(by)] + COLUMNS, rows, totals, notes=notes)


def _row(key, cogs: int, opening: int, closing: int, area: int, days: int, average: str, keep=False):
    """One row; None for a key with no stock and no cost of sales."""
    if not keep and cogs == 0 and opening == 0 and closing == 0 and area == 0:
        return None
    if average == "daily":
        # average = area / days; turnover = cogs / average = cogs × days / area
        avg = CONTEXT.divide(Decimal(area), days) if days else Decimal(0)
        num, den = Decimal(cogs) * days, Decimal(area)
    else:
        # average = (opening + closing) / 2; turnover = 2 × cogs / (opening + closing)
        avg = CONTEXT.divide(Decimal(opening + closing), 2)
        num, den = Decimal(2 * cogs), Decimal(opening + closing)
    avg_cents = int(_q(avg, 0))
    turn = _q(CONTEXT.divide(num, den), TURNOVER_PLACES) if den else None
    cover = _q(CONTEXT.divide(CONTEXT.multiply(den, days), num), DAYS_PLACES) if den and num and days else None
    return [key, cogs, opening, closing, avg_cents, turn, cover]
