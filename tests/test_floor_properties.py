"""Properties of landed costs and lots over generated ledgers (hypothesis).

* Under every costing method, every cent of purchases and landed costs is somewhere, to the
  cent: closing book value + cogs + losses = purchases + landed amounts (the landed share of
  goods that left is booked as cogs or losses, the rest stays in stock).
* The cache never changes an answer: with landed entries and lots, reports are the same
  with the cache cold, warm and off.
"""

from __future__ import annotations

import datetime as dt
import shutil
import textwrap
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import jxc
from jxc.cli import app
from jxc.numbers import amount_cents

SETTINGS = "jxc: 1\nname: P\ncurrency: CNY\ncosting: {costing}\ncost_pool: location\nnegative_stock: forbid\n" \
           "default_location: main\n"
CATALOG = """\
locations:
  main: {name: Main}
  shop: {name: Shop}
items:
  A: {name: A, unit: box, price: 30.00}
  B: {name: B, unit: box, price: 40.00}
  P: {name: P, unit: cake, price: 50.00, lots: true}
suppliers:
  tea: {name: Tea}
  sf: {name: SF}
customers:
  cafe: {name: Cafe}
"""
METHODS = ("fifo", "lifo", "moving-average", "monthly-average", "specific")


@st.composite
def stories(draw):
    """Entries in date order that never take stock below zero: buys (A, B, P by lot), sales,
    transfers, write-offs and landed costs on earlier buys."""
    stock: dict = {}                 # (item, loc, lot) -> qty
    buys: list = []
    out = []
    day = dt.date(2026, 10, 25)
    for k in range(draw(st.integers(3, 14))):
        day += dt.timedelta(days=draw(st.integers(0, 9)))
        held = [key for key, q in stock.items() if q > 0]
        kind = draw(st.sampled_from(("buy", "buy", "sell", "transfer", "writeoff", "landed")))
        if kind == "landed" and buys:
            of = draw(st.sampled_from(buys))
            cents = draw(st.integers(1, 100000))
            by = draw(st.sampled_from(("qty", "value", "equal")))
            out.append(f"--- {{id: l{k}, date: {day}, type: landed, of: {of}, from: sf,"
                       f" amount: {Decimal(cents).scaleb(-2)}, by: {by}}}")
        elif kind in ("sell", "transfer", "writeoff") and held:
            item, loc, lot = draw(st.sampled_from(held))
            q = draw(st.integers(1, int(stock[(item, loc, lot)])))
            stock[(item, loc, lot)] -= q
            lotkey = f", lot: {lot}" if lot else ""
            if kind == "sell":
                out.append(f"--- {{id: s{k}, date: {day}, type: sell, from: {loc}, to: cafe, lines:"
                           f" [{{item: {item}, qty: {q}, price: 45.00{lotkey}}}]}}")
            elif kind == "transfer":
                to = "shop" if loc == "main" else "main"
                stock[(item, to, lot)] = stock.get((item, to, lot), 0) + q
                out.append(f"--- {{id: t{k}, date: {day}, type: transfer, from: {loc}, to: {to}, lines:"
                           f" [{{item: {item}, qty: {q}{lotkey}}}]}}")
            else:
                out.append(f"--- {{id: w{k}, date: {day}, type: writeoff, from: {loc}, lines:"
                           f" [{{item: {item}, qty: {q}{lotkey}}}]}}")
        else:
            lines = []
            for item in draw(st.lists(st.sampled_from("ABP"), min_size=1, max_size=3, unique=True)):
                q = draw(st.integers(1, 30))
                price = Decimal(draw(st.integers(0, 5000))).scaleb(-2)
                lot = draw(st.sampled_from(("L1", "L2", "L3"))) if item == "P" else None
                stock[(item, "main", lot)] = stock.get((item, "main", lot), 0) + q
                lines.append(f"{{item: {item}, qty: {q}, price: {price}" + (f", lot: {lot}}}" if lot else "}"))
            buys.append(f"b{k}")
            out.append(f"--- {{id: b{k}, date: {day}, type: buy, from: tea, to: main, lines: [{', '.join(lines)}]}}")
    return "\n".join(out) + "\n"


def _ledger(tmp, journal: str, costing: str = "fifo"):
    root = tmp / costing
    if root.exists():
        shutil.rmtree(root)
    (root / "journal" / "2026").mkdir(parents=True)
    (root / "jxc.yaml").write_text(SETTINGS.format(costing=costing))
    (root / "catalog.yaml").write_text(textwrap.dedent(CATALOG))
    (root / "journal" / "2026" / "2026-11.yaml").write_text(journal)
    return root


def _money(text_amounts) -> int:
    return sum(int(Decimal(x).scaleb(2)) for x in text_amounts)


@pytest.mark.slow
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(stories())
def test_every_cent_of_purchases_and_landed_costs_is_in_stock_cogs_or_losses(tmp_path, journal):
    import re
    buys = "\n".join(ln for ln in journal.splitlines() if "type: buy" in ln)
    bought = sum(amount_cents(Decimal(q), Decimal(p)) for q, p in re.findall(r"qty: (\d+), price: ([\d.]+)", buys))
    landed = _money(re.findall(r"amount: ([\d.]+)", journal))
    for method in METHODS:
        lg = jxc.open_ledger(_ledger(tmp_path, journal, method))
        assert lg.check() == [], method
        closing = sum(r["value"] for r in lg.value().records())
        cogs = sum(r["cogs"] for r in lg.profit().records())
        lost = sum(r["loss"] for r in lg.profit(losses=True).records())
        assert int((closing + cogs + lost).scaleb(2)) == bought + landed, method


@pytest.mark.slow
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(stories())
def test_reports_are_the_same_with_the_cache_cold_warm_and_off(tmp_path, journal):
    root = _ledger(tmp_path, journal, "fifo")
    cache = tmp_path / "cache"
    shutil.rmtree(cache, ignore_errors=True)
    reports = [("value",), ("profit",), ("stock", "--lots"), ("card", "P"), ("payables",),
               ("expiring", "--within", "9999", "--as-of", "2026-12-31"), ("check",)]

    def run(off: bool):
        env = {"JXC_CACHE_DIR": str(cache), "JXC_CACHE_MIN_BYTES": "0", "JXC_NO_CACHE": "1" if off else "0"}
        return [CliRunner().invoke(app, ["-L", str(root), *a, "-o", "json"], env=env).stdout for a in reports]

    cold = run(False)
    warm = run(False)
    off = run(True)
    assert cold == warm == off
