"""Every page of the manual shows real runs: re-running its examples gives what it shows.

Each README.md and docs/**/*.md page holding a ``<!-- run -->`` block is one case, found
when the suite is collected: a new page is covered without editing this file.  The
runner (tools/readme.py) runs `jxc` in this process, one fresh tea shop per page.
To refresh the pages after a change:
    JXC_UPDATE_DOCS=1 python -m pytest tests/test_docs.py     (or: python tools/readme.py)
"""

import os
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import readme  # noqa: E402  (tools/ is not a package)

sys.path.remove(str(ROOT / "tools"))

PAGES = [p.relative_to(ROOT).as_posix() for p in readme.pages()]

# What a page must keep showing (under docs/), beyond being up to date.
MUST_SHOW = {
    "costing.md": ["costing fifo", "costing lifo", "costing moving-average", "costing monthly-average",
                   "costing specific"],
    "input.md": ["$ jxc buy TEA-001 ١٢@52", "$ jxc profit -p 2026-13", "$ jxc item add TЕA-001"],
    "analytics.md": ["$ jxc turnover", "$ jxc sales", "$ jxc purchases", "$ jxc abc", "$ jxc slow",
                     "$ jxc reorder", "$ jxc chart stock", "$ jxc chart sales"],
    "orders.md": ["$ jxc orders --as-of", "$ jxc orders --overdue", "$ jxc stock --projected"],
    "commands/po.md": ["$ jxc po "], "commands/so.md": ["$ jxc so ", "backorder", "past its credit limit"],
    "commands/receive.md": ["$ jxc receive ", "error: "], "commands/ship.md": ["$ jxc ship "],
    "commands/close.md": ["$ jxc close "], "commands/orders.md": ["$ jxc orders "],
    "commands/forecast.md": ["$ jxc forecast ", "naive_mase"],
    "commands/collect.md": ["$ jxc collect"], "commands/pay.md": ["$ jxc pay"],
    "commands/receivables.md": ["$ jxc receivables", "--aging"], "commands/payables.md": ["$ jxc payables"],
    "commands/statement.md": ["$ jxc statement"], "commands/cash.md": ["$ jxc cash"],
    "commands/transfer-money.md": ["$ jxc transfer-money", "error: "],
    "commands/export.md": ["$ jxc export beancount", "$ jxc export ledger", "$ jxc export parquet ",
                           "month=2026-11"],
    "commands/import.md": ["$ jxc import sales.csv", "rows skipped as already imported",
                           "$ jxc import catalog "],
    "commands/sql.md": ["$ jxc sql ", "error: SQL: "],
    "sql.md": ["$ jxc sql "],
}


@pytest.mark.parametrize("name", PAGES)
def test_page_is_up_to_date(name):
    path = ROOT / name
    old = path.read_text(encoding="utf-8")
    new = readme.render(old)
    if os.environ.get("JXC_UPDATE_DOCS") and new != old:
        path.write_text(new, encoding="utf-8")
        return
    assert new == old, f"{name} is stale; run: python tools/readme.py {name}"


@pytest.mark.parametrize("name", [p.relative_to(ROOT).as_posix() for p in readme.doctest_pages()])
def test_python_examples_run(name):
    """The ``>>>`` examples of a page (docs/api.md, the README) give what they show."""
    failures, report = readme.doctest_page(ROOT / name)
    assert failures == 0, report


@pytest.mark.parametrize("name", sorted(MUST_SHOW))
def test_page_shows_what_it_must(name):
    text = (ROOT / "docs" / name).read_text(encoding="utf-8")
    for must in MUST_SHOW[name]:
        assert must in text.replace("--costing=", "--costing ").replace("--costing ", "costing "), must


def test_every_page_with_examples_is_collected():
    """The pages are found, not listed: the manual's big pages are among them."""
    assert {"README.md", "docs/costing.md", "docs/analytics.md"} <= set(PAGES)


def test_a_stale_example_is_caught():
    """A wrong figure in a block is replaced by the real one (so the test above fails on it)."""
    page = "<!-- run -->\n```console\n$ jxc stock TEA-001 --at shop -o csv\nitem,location,qty,unit\nTEA-001,shop,999,box\n```\n"
    new = readme.render(page)
    assert "999" not in new and new.startswith(page.split("item,")[0] + "item,location,qty,unit\nTEA-001,shop,")


def test_shell_lines_the_pages_use():
    """Pipes into jxc, `;`, `&&`, `$?` after an in-process jxc, and files written by bash."""
    page = ("<!-- run -->\n```console\n"
            "$ jxc sell NOPE 1 --to walk-in; echo \"exit $?\"\n"
            "$ false && echo never\n"
            "$ printf 'x\\n' > f.txt && cat f.txt\n"
            "```\n")
    out = readme.render(page)
    assert "$ jxc sell NOPE 1 --to walk-in; echo \"exit $?\"\nerror: unknown item 'NOPE'" in out
    assert "exit 1\n$ false && echo never\n$ printf" in out
    assert out.endswith("cat f.txt\nx\n```\n")


@pytest.mark.parametrize("line,parts", [
    ("a; b", [("", "a"), (";", "b")]),
    ("a && b | c", [("", "a"), ("&&", "b | c")]),
    ("echo 'x; y' && z", [("", "echo 'x; y'"), ("&&", "z")]),
])
def test_split_commands(line, parts):
    assert readme.split_commands(line) == parts


REPORTS = ["stock", "stock --value", "balance", "value --by category", "profit --by month",
           "sales --by customer", "abc", "turnover", "card TEA-001 --at shop", "slow --days 30",
           "aging --buckets 30,60", "sell TEA-001 500 --to walk-in", "sell --to", "stock NOPE"]
PERIODS = ["", " -p 2026-10", " -p 2026-Q4", " --as-of 2026-09-30", " -p 2026-13"]


@pytest.mark.slow
@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(report=st.sampled_from(REPORTS), when=st.sampled_from(PERIODS),
       fmt=st.sampled_from(["", " -o csv", " -o json", " -o md"]))
def test_in_process_runs_show_what_a_real_jxc_process_shows(tmp_path, report, when, fmt):
    """The runner's fast path (jxc in this process) against the plain one (a `jxc` process
    per command, as a user runs it): the same text, errors, usage errors and exit codes —
    for report command lines drawn at random (options a command does not take included)."""
    import shutil
    import subprocess
    ledger = tmp_path / f"teashop-{abs(hash((report, when, fmt)))}"
    if not ledger.exists():
        shutil.copytree(ROOT / "examples" / "teashop", ledger, ignore=shutil.ignore_patterns(".jxc-cache"))
    shell = readme.Shell(ledger)
    line = f"jxc {report}{when}{fmt}; echo \"exit $?\""
    fast = shell.run(line)
    env = {k: v for k, v in {**os.environ, **shell.env}.items() if v is not None}
    plain = subprocess.run(["bash", "-c", line.replace("jxc ", f"{sys.executable} -m jxc ")], cwd=ledger,
                           env=env, text=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT).stdout
    assert fast == plain.replace("python -m jxc", "jxc"), line


def test_the_sql_page_has_ten_queries_none_refused():
    text = (ROOT / "docs" / "sql.md").read_text(encoding="utf-8")
    assert text.count("$ jxc sql ") == 10 and "error" not in text
