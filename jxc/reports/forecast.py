"""`jxc forecast`: expected demand per week per item (智能预测), with an interval and its own accuracy.

Demand is what the sales history says: units sold − units customers returned, in the
item's base unit, per week of 7 days ending on the as-of date (the last week is the
one that ends that day).  Two methods compete on each item's history:

* ``ses`` — simple exponential smoothing, the ETS(A,N,N) state-space model of
  statsmodels (``statsmodels.tsa.exponential_smoothing.ets.ETSModel``), fitted by
  maximum likelihood; its 80 % prediction interval comes from the model.
* ``croston`` — the Syntetos–Boylan approximation of Croston's method for
  intermittent demand (a small shop sells many items in few weeks): smooth the
  non-zero demands and the intervals between them separately (α = 0.1), forecast
  (1 − α/2) × size / interval.  Its interval is forecast ± 1.2816 × the RMSE of its
  one-step errors in the history (never below 0).

The choice is a backtest, per item: the last ``holdout`` weeks (a quarter of the
history, 4 to 8 weeks) are hidden, each method forecasts them from the weeks before,
and the one with the lower MASE wins — MASE = mean |actual − forecast| over the
hold-out / mean |week-to-week change| over the weeks before (Hyndman & Koehler
2006).  The naive forecast (every hidden week = the last week seen) is scored the
same way and shown beside it: a method that does not beat it (MASE ≥ naive's) is
still shown, and the report says so.  With fewer than 12 weeks of history there is
nothing to test on: the forecast is the mean week, method ``mean``.

Why these: statsmodels is the well-kept reference implementation of ETS with
likelihood fitting and prediction intervals; no maintained library fits Croston
without a heavy toolchain (statsforecast needs numba), and the SBA recursion is six
lines, so it is written here.  statsmodels is an optional extra
(``pip install 'jxc[forecast]'``); only ``ses`` needs it.  Forecasts are statistics,
computed in binary floating point and shown rounded half-up to 2 places as Decimals;
no money passes through here.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from jxc.errors import LedgerError
from jxc.ledger.replay import SALE
from jxc.reports.render import Column, Report
from jxc.reports.period import days_back
from jxc.reports.reorder import demand_moves

MIN_WEEKS = 12            # below this, no hold-out is long enough to judge a method
CROSTON_ALPHA = 0.1
Z80 = 1.2816              # the normal quantile of an 80 % two-sided interval


@dataclass(frozen=True)
class Forecast:
    """One item's forecast: ``weeks`` [(first day, expected, lower, upper)] and how it was chosen."""

    item: str
    method: str                 # ses | croston | mean
    mase: float | None          # of the chosen method on the hold-out
    naive_mase: float | None    # of the naive forecast on the same hold-out
    history_weeks: int
    weeks: tuple

    def daily(self, days: int) -> Decimal:
        """Expected demand per day over the next ``days`` days (for reorder's lead time)."""
        need = max(1, math.ceil(days / 7))
        total = sum(w[1] for w in self.weeks[:need])
        return Decimal(repr(total / (7 * min(need, len(self.weeks)))))


def weekly_demand(r, as_of: dt.date, weeks: int, at: str | None = None) -> dict:
    """item -> [units sold − returned] per week, oldest first, the last week ending on ``as_of``.

    A week is 7 days; ``weeks`` of them at most, starting no earlier than the item's first sale."""
    first_day = days_back(as_of, 7 * weeks - 1)
    sums: dict = {}
    first_sale: dict = {}
    for m, q in demand_moves(r, first_day, as_of, at):
        k = (as_of - m.entry.date).days // 7           # 0 = the week ending on as_of
        series = sums.setdefault(m.item, [0.0] * weeks)
        series[weeks - 1 - k] += float(q)
        if m.kind == SALE:
            first_sale[m.item] = min(first_sale.get(m.item, weeks - 1 - k), weeks - 1 - k)
    return {item: s[first_sale.get(item, 0):] for item, s in sums.items()}


def naive(history: list, h: int) -> list:
    """The naive forecast: every future week equals the last one seen."""
    return [history[-1]] * h


def croston_sba(history: list, h: int, alpha: float = CROSTON_ALPHA) -> tuple[list, list]:
    """(forecast for h weeks, one-step forecasts over the history) by Croston's method with the
    Syntetos–Boylan correction (1 − α/2)."""
    size = interval = None
    gap = 1
    fitted = []
    for y in history:
        fitted.append((1 - alpha / 2) * size / interval if size is not None else float("nan"))
        if y != 0:
            if size is None:
                size, interval = y, float(gap)
            else:
                size += alpha * (y - size)
                interval += alpha * (gap - interval)
            gap = 1
        else:
            gap += 1
    f = (1 - alpha / 2) * size / interval if size is not None else 0.0
    return [f] * h, fitted


def _statsmodels():
    try:
        from statsmodels.tsa.exponential_smoothing.ets import ETSModel
    except ImportError:
        raise LedgerError("jxc forecast needs statsmodels: pip install 'jxc[forecast]'") from None
    return ETSModel


def ses(history: list, h: int, interval: bool = False):
    """Simple exponential smoothing (ETS(A,N,N), statsmodels): the forecast for h weeks, and with
    ``interval`` the 80 % prediction interval as (lower, upper) lists."""
    import warnings
    import numpy as np
    import pandas as pd
    ETSModel = _statsmodels()
    # a Series, not an array: statsmodels' prediction results index by the data's index
    y = pd.Series(np.asarray(history, dtype=float))
    if (y == y[0]).all():
        flat = [float(y[0])] * h
        return (flat, (flat, flat)) if interval else flat
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")      # convergence chatter of the optimizer on short series
        fit = ETSModel(y, error="add", trend=None, seasonal=None).fit(disp=False)
        if not interval:
            return [float(x) for x in fit.forecast(h)]
        frame = fit.get_prediction(start=len(y), end=len(y) + h - 1).summary_frame(alpha=0.2)
    return ([float(x) for x in frame["mean"]],
            ([float(x) for x in frame["pi_lower"]], [float(x) for x in frame["pi_upper"]]))


def mase(actual: list, predicted: list, train: list) -> float | None:
    """Mean absolute scaled error: MAE on the hold-out / in-sample MAE of the one-step naive forecast."""
    scale = sum(abs(a - b) for a, b in zip(train[1:], train)) / max(len(train) - 1, 1)
    if scale == 0:
        return None
    return sum(abs(a - p) for a, p in zip(actual, predicted)) / len(actual) / scale


METHODS = {"ses": lambda hist, h: ses(hist, h), "croston": lambda hist, h: croston_sba(hist, h)[0]}


def backtest(history: list, methods=("ses", "croston")) -> tuple[str, dict, float | None]:
    """(best method, {method: MASE}, naive MASE) on the last quarter of ``history`` (4–8 weeks)."""
    hold = max(4, min(8, len(history) // 4))
    train, test = history[:-hold], history[-hold:]
    scores = {m: mase(test, METHODS[m](train, hold), train) for m in methods}
    best = min(methods, key=lambda m: (scores[m] is None, scores[m] if scores[m] is not None else 0.0))
    return best, scores, mase(test, naive(train, hold), train)


def forecast_item(item: str, history: list, horizon: int, as_of: dt.date, method: str = "auto") -> Forecast:
    """One item's weekly forecast for ``horizon`` weeks after ``as_of``."""
    starts = [as_of + dt.timedelta(days=1 + 7 * k) for k in range(horizon)]
    if len(history) < MIN_WEEKS and method == "auto":
        mean = sum(history) / len(history) if history else 0.0
        return Forecast(item, "mean", None, None, len(history),
                        tuple((d, max(mean, 0.0), None, None) for d in starts))
    scores, naive_score = {}, None
    if method == "auto":
        method, scores, naive_score = backtest(history)
    elif len(history) >= MIN_WEEKS:
        _, scores, naive_score = backtest(history, (method,))
    if method == "ses":
        mean, (lo, hi) = ses(history, horizon, interval=True)
    else:
        mean, fitted = croston_sba(history, horizon)
        errs = [(y - f) ** 2 for y, f in zip(history, fitted) if f == f]
        spread = Z80 * math.sqrt(sum(errs) / len(errs)) if errs else 0.0
        lo, hi = [m - spread for m in mean], [m + spread for m in mean]
    weeks = tuple((d, max(m, 0.0), max(lw, 0.0), max(u, 0.0)) for d, m, lw, u in zip(starts, mean, lo, hi))
    return Forecast(item, method, scores.get(method), naive_score, len(history), weeks)


def _q(x: float | None) -> Decimal | None:
    if x is None:
        return None
    return Decimal(repr(x)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def forecasts(r, as_of: dt.date, horizon: int = 8, history_weeks: int = 104, at: str | None = None,
              items=None, method: str = "auto") -> list[Forecast]:
    """A Forecast for every item sold in the history (``items``: those only, sold or not)."""
    series = weekly_demand(r, as_of, history_weeks, at)
    skus = sorted(items) if items else sorted(series)
    return [forecast_item(sku, series.get(sku, []), horizon, as_of, method) for sku in skus]


COLUMNS = [Column("item"), Column("week", "date"), Column("forecast", "ratio", 2), Column("lower", "ratio", 2),
           Column("upper", "ratio", 2), Column("method"), Column("mase", "ratio", 2),
           Column("naive_mase", "ratio", 2)]


def report(fcs: list[Forecast], as_of: dt.date) -> Report:
    """[item, week, forecast, lower, upper, method, mase, naive_mase]: one row per item × week
    (``week`` is its first day); units per week in the item's base unit."""
    rows = []
    notes = [f"weeks of 7 days after {as_of}; demand = units sold − returned, per week; 80 % interval; "
             "method and MASE chosen on a hold-out of the history (naive = last week repeated)"]
    for f in fcs:
        for d, m, lo, hi in f.weeks:
            rows.append([f.item, d, _q(m), _q(lo), _q(hi), f.method, _q(f.mase), _q(f.naive_mase)])
        if f.mase is not None and f.naive_mase is not None and f.mase >= f.naive_mase:
            notes.append(f"{f.item}: {f.method} does not beat the naive forecast on the hold-out")
        if f.method == "mean":
            notes.append(f"{f.item}: {f.history_weeks} weeks of history, fewer than {MIN_WEEKS}: the mean week")
    return Report(list(COLUMNS), rows, notes=notes)
