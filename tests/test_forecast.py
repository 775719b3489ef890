"""`jxc forecast` and `reorder --forecast`: weekly demand, Croston–SBA, MASE, the backtest.

The ledger: 200 TEA-001 opened 2026-07-01; 6 sold 1, 5, 9 and 13 weeks before 2026-11-30
(11-23, 10-26, 09-28, 08-31).  Weeks end on the as-of day (week 0 = 11-24 .. 11-30), so
the history from the first sale is, oldest first,

    6 0 0 0 6 0 0 0 6 0 0 0 6 0        (14 weeks)

Hold-out: max(4, min(8, 14 // 4)) = 4 weeks [0 0 6 0]; training [6 0 0 0 6 0 0 0 6 0].
  naive scale = mean |week-to-week change| of the training = 5 × 6 / 9 = 3.3333
  naive (0 repeated): MAE = 6 / 4 = 1.5            → MASE 1.5 / 3.3333 = 0.45
  croston on the training: size 6; interval 1 → 1 + 0.1 × 3 = 1.3 → 1.3 + 0.1 × 2.7 = 1.57
    forecast 0.95 × 6 / 1.57 = 3.6306; MAE = (3 × 3.6306 + 2.3694) / 4 = 3.3155 → MASE 0.9946
  croston on the whole history: interval 1.57 + 0.1 × 2.43 = 1.813 → 0.95 × 6 / 1.813 = 3.1440
"""

from __future__ import annotations

import datetime as dt
import math

import pytest

from jxc.reports.forecast import backtest, croston_sba, mase

pytest.importorskip("statsmodels")

AS_OF = dt.date(2026, 11, 30)
JOURNAL = "--- {id: o1, date: 2026-07-01, type: open, to: main, lines: [{item: TEA-001, qty: 200, price: 50}]}\n" + "".join(
    f"--- {{id: s{w}, date: {AS_OF - dt.timedelta(days=7 * w)}, type: sell, from: main, to: cafe,"
    f" lines: [{{item: TEA-001, qty: 6}}]}}\n" for w in (13, 9, 5, 1))


def ledger(make_ledger):
    lg = make_ledger()
    for month in ("2026-07", "2026-08", "2026-09", "2026-10", "2026-11"):
        text = "".join(ln + "\n" for ln in JOURNAL.splitlines() if f"date: {month}" in ln)
        if text:
            lg.write_journal(text, month)
    return lg


def test_croston_sba_and_mase_by_hand():
    """[0 4 0 0 2], α 0.1: first demand 4 after a gap of 2 → size 4, interval 2; one-step
    forecasts 0.95 × 4 / 2 = 1.9 until the 2 after a gap of 3: size 4 − 0.2 = 3.8, interval
    2 + 0.1 = 2.1 → 0.95 × 3.8 / 2.1 = 1.7190.  MASE of [3 3] on [2 4] after [1 3 2]:
    MAE 1 / scale (2 + 1) / 2 = 0.6667."""
    f, fitted = croston_sba([0, 4, 0, 0, 2], 2)
    assert [round(x, 4) for x in f] == [1.7190, 1.7190]
    assert math.isnan(fitted[0]) and math.isnan(fitted[1]) and fitted[2:] == [1.9, 1.9, 1.9]
    assert round(mase([2, 4], [3, 3], [1, 3, 2]), 4) == 0.6667
    assert mase([1, 1], [1, 1], [5, 5, 5]) is None        # a flat history has no scale


def test_the_backtest_picks_the_lower_mase():
    best, scores, naive = backtest([6, 0, 0, 0, 6, 0, 0, 0, 6, 0, 0, 0, 6, 0])
    assert round(scores["croston"], 4) == 0.9946 and round(naive, 4) == 0.45
    assert best == min(scores, key=scores.get)


def test_forecast_command_with_croston(make_ledger):
    lg = ledger(make_ledger)
    rows = lg.json("forecast", "--as-of", "2026-11-30", "--horizon", "2w", "--method", "croston")
    assert [(r["item"], r["week"], r["forecast"], r["method"], r["mase"], r["naive_mase"]) for r in rows] == [
        ("TEA-001", "2026-12-01", 3.14, "croston", 0.99, 0.45),
        ("TEA-001", "2026-12-08", 3.14, "croston", 0.99, 0.45)]
    assert rows[0]["lower"] == 0 and rows[0]["upper"] > rows[0]["forecast"]
    table = lg.ok("forecast", "--as-of", "2026-11-30", "--horizon", "14d", "--method", "croston").stdout
    assert "TEA-001: croston does not beat the naive forecast on the hold-out" in table


def test_forecast_auto_reports_the_backtest_winner(make_ledger):
    lg = ledger(make_ledger)
    rows = lg.json("forecast", "--as-of", "2026-11-30", "--horizon", "1w")
    assert len(rows) == 1 and rows[0]["method"] in ("ses", "croston") and rows[0]["naive_mase"] == 0.45
    assert rows[0]["mase"] <= 0.99


def test_short_history_and_bad_options(make_ledger):
    """Two sales (11-23, 11-26) of 2 TEA-002: 2 weeks of history [2 2] → the mean week, 2.00."""
    lg = make_ledger("""\
        --- {id: o1, date: 2026-11-01, type: open, to: main, lines: [{item: TEA-002, qty: 9, price: 30}]}
        --- {id: s1, date: 2026-11-23, type: sell, from: main, to: cafe, lines: [{item: TEA-002, qty: 2}]}
        --- {id: s2, date: 2026-11-26, type: sell, from: main, to: cafe, lines: [{item: TEA-002, qty: 2}]}
        """)
    rows = lg.json("forecast", "--as-of", "2026-11-30", "--horizon", "1")
    assert rows == [{"item": "TEA-002", "week": "2026-12-01", "forecast": 2.00, "lower": None, "upper": None,
                     "method": "mean", "mase": None, "naive_mase": None}]
    r = lg.run("forecast", "--horizon", "soon")
    assert r.exit_code == 2 and "--horizon" in r.stderr


def test_reorder_uses_the_forecast_for_the_lead_time(make_ledger):
    """TEA-001 has no catalog point, no lead time and no supplier: L = 7 days, one forecast week.
    With --forecast, d = that week's forecast / 7 instead of the 90 days' (09-02 .. 11-30: three
    sales of 6) 18 / 90 = 0.2,
    and ``source`` says where the point came from."""
    lg = ledger(make_ledger)
    plain = {r["item"]: r for r in lg.json("reorder", "--as-of", "2026-11-30", "--explain", "--all")}
    ahead = {r["item"]: r for r in lg.json("reorder", "--as-of", "2026-11-30", "--explain", "--all", "--forecast")}
    week = lg.json("forecast", "--as-of", "2026-11-30", "--horizon", "1w")[0]["forecast"]
    assert (plain["TEA-001"]["source"], plain["TEA-001"]["daily_demand"]) == ("history", 0.2)
    assert ahead["TEA-001"]["source"] == "forecast"
    assert abs(ahead["TEA-001"]["daily_demand"] - week / 7) < 0.001


def test_a_missing_extra_is_named(make_ledger, monkeypatch):
    import builtins
    real = builtins.__import__

    def no_statsmodels(name, *a, **k):
        if name.startswith("statsmodels"):
            raise ImportError(name)
        return real(name, *a, **k)

    monkeypatch.setattr(builtins, "__import__", no_statsmodels)
    lg = ledger(make_ledger)
    r = lg.run("forecast", "--as-of", "2026-11-30", "--method", "ses")
    assert (r.exit_code, r.stderr) == (1, "error: jxc forecast needs statsmodels: pip install 'jxc[forecast]'\n")
