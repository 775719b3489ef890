"""Test helpers: small ledgers written in the test, the CLI run as a user runs it."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jxc.cli import app

SETTINGS = """\
jxc: 1
name: Test shop
currency: CNY
costing: {costing}
cost_pool: {cost_pool}
negative_stock: {negative_stock}
default_location: main
"""

CATALOG = """\
locations:
  main: {name: Main warehouse}
  shop: {name: Shop floor}
items:
  TEA-001: {name: Longjing 250g, unit: box, barcode: "6901234567890", category: green-tea, price: 88.00, cost: 50.00, units: {case: 24}}
  TEA-002: {name: Tieguanyin 250g, unit: box, category: oolong, price: 60.00}
  CUP-01: {name: Gaiwan cup, unit: pcs, category: teaware}
  LOT-01: {name: Pu-erh cake, unit: cake, category: dark-tea, lots: true}
suppliers:
  hangzhou-tea: {name: Hangzhou Tea, lead_time_days: 5}
  fujian-tea: {name: Fujian Tea}
customers:
  walk-in: {name: Walk-in customers}
  cafe: {name: Corner Cafe}
"""


class Result:
    def __init__(self, r):
        self.exit_code = r.exit_code
        self.stdout = r.stdout
        self.stderr = r.stderr
        self.exception = r.exception

    def json(self):
        return json.loads(self.stdout)

    def __repr__(self):
        return f"<exit {self.exit_code}\nstdout:\n{self.stdout}\nstderr:\n{self.stderr}>"


def without_names(rows):
    """JSON rows without the ``<code>_name`` keys beside their codes (see LedgerDir.json)."""
    if not isinstance(rows, list):
        return rows
    return [{k: v for k, v in r.items() if not (k.endswith("_name") and k[:-5] in r)}
            if isinstance(r, dict) else r for r in rows]


class LedgerDir:
    """A ledger in a temporary directory, and the CLI pointed at it."""

    def __init__(self, root: Path):
        self.root = root
        self.runner = CliRunner()

    def run(self, *args, input=None) -> Result:
        r = self.runner.invoke(app, ["-L", str(self.root), *map(str, args)], input=input,
                               catch_exceptions=True)
        res = Result(r)
        if r.exception is not None and not isinstance(r.exception, SystemExit):
            raise AssertionError(f"jxc raised {r.exception!r}\n{res}") from r.exception
        return res

    def ok(self, *args, input=None) -> Result:
        r = self.run(*args, input=input)
        assert r.exit_code == 0, r
        return r

    def json(self, *args):
        """The rows of ``jxc ARGS -o json``, the figures only: without the names JSON
        always carries beside item and partner codes (``item_name``, ``partner_name``...),
        unless ``--names`` asked for them.  Those names are asserted, report by report,
        in tests/test_json_names.py; ``self.ok(..., "-o", "json").json()`` keeps them."""
        rows = self.ok(*args, "-o", "json").json()
        return rows if "--names" in args else without_names(rows)

    def journal(self, month="2026-11") -> str:
        p = self.root / "journal" / month[:4] / f"{month}.yaml"
        return p.read_text(encoding="utf-8") if p.exists() else ""

    def write_journal(self, text: str, month="2026-11", name=None) -> Path:
        p = self.root / "journal" / month[:4] / (name or f"{month}.yaml")
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(textwrap.dedent(text), encoding="utf-8")
        return p

    def snapshot(self) -> dict:
        """Every file's bytes, to prove a failed write changed nothing."""
        return {p.relative_to(self.root).as_posix(): p.read_bytes()
                for p in sorted(self.root.rglob("*"))
                if p.is_file() and p.name not in (".jxc.lock", ".jxc-read.lock")}


# The longest tests (2 s and more each on 2 cores, measured with --durations): marked
# `slow` here, in one place, so `python -m pytest -m "not slow"` is a one-minute loop
# without touching the files that own them.  A name that no longer matches a test is
# reported as a warning (a renamed test must be listed again).
SLOW = {
    "test_costing_beancount.py": ["test_agrees_with_beancount"],
    "test_polish.py": ["test_add_and_sell_write_the_same_cash_sale"],
    "test_atomic.py": ["test_eight_buys_at_once_all_land_exactly_once", "test_concurrent_sales_never_oversell",
                       "test_a_killed_writer_never_leaves_a_torn_file"],
    "test_properties.py": ["test_double_entry_and_stock_match_an_independent_model",
                           "test_a_failed_write_changes_no_byte"],
    "test_costing_properties.py": [
        "test_averages_follow_the_formulas", "test_opening_plus_receipts_minus_issues_is_closing",
        "test_returns_give_back_exactly_what_their_line_took",
        "test_every_pool_balances_and_an_empty_pool_is_worth_nothing",
        "test_with_purchase_returns_what_was_received_less_what_went_back",
        "test_closing_plus_cogs_plus_losses_is_what_was_received_under_every_method"],
    "test_scale_cache.py": [
        "test_an_append_replays_only_the_last_month_and_gives_the_same_reports",
        "test_an_edit_of_an_early_month_and_of_the_catalog", "test_a_new_month_resumes_from_the_end",
        "test_problems_are_the_same_with_and_without_the_cache",
        "test_a_corrupt_or_planted_cache_file_is_a_miss_and_runs_nothing",
        "test_an_unchanged_file_is_known_by_its_stat_and_an_edit_is_still_seen",
        "test_reports_are_the_same_with_and_without_the_cache",
        "test_an_edit_of_the_same_size_and_mtime_is_never_served_stale",
        "test_a_refused_write_leaves_the_cache_as_it_was",
        "test_an_append_is_checked_against_the_records_and_refused_like_before"],
}


def pytest_collection_modifyitems(config, items):
    seen = set()
    for item in items:
        names = SLOW.get(item.path.name, ())
        if item.originalname in names:
            item.add_marker(pytest.mark.slow)
            seen.add((item.path.name, item.originalname))
    collected = {item.path.name for item in items}
    for module, names in SLOW.items():
        for name in names:
            if module in collected and (module, name) not in seen:
                config.issue_config_time_warning(
                    pytest.PytestConfigWarning(f"conftest SLOW: no test {module}::{name}"), stacklevel=2)


@pytest.fixture(autouse=True)
def private_cache_dir(tmp_path_factory, monkeypatch):
    """Each test has a cache directory of its own (never the user's)."""
    d = tmp_path_factory.mktemp("jxc-cache")
    monkeypatch.setenv("JXC_CACHE_DIR", str(d))
    return d


@pytest.fixture
def make_ledger(tmp_path):
    """make_ledger(journal_text, costing='fifo', ...) -> LedgerDir."""
    counter = [0]

    def make(journal: str = "", costing="fifo", cost_pool="location", negative_stock="forbid",
             catalog: str = CATALOG, month="2026-11") -> LedgerDir:
        counter[0] += 1
        root = tmp_path / f"ledger{counter[0]}"
        (root / "journal").mkdir(parents=True)
        (root / "jxc.yaml").write_text(SETTINGS.format(costing=costing, cost_pool=cost_pool,
                                                       negative_stock=negative_stock), encoding="utf-8")
        (root / "catalog.yaml").write_text(textwrap.dedent(catalog), encoding="utf-8")
        lg = LedgerDir(root)
        if journal:
            lg.write_journal(journal, month)
        return lg

    return make
