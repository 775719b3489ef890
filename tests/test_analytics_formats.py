"""Every analytics report in every output format, on the bundled tea shop; and cross-checks.

The daily average of `turnover` is checked against a brute force: the ledger replayed
and valued at the end of every single day of the period.
"""

import csv
import datetime as dt
import io
import json
import shutil
from pathlib import Path

import pytest

import jxc
from jxc.reports.turnover import key_function, value_days
from jxc.reports.value import valued_positions

EXAMPLE = Path(__file__).parent.parent / "examples" / "teashop"

REPORTS = [
    ("turnover",), ("turnover", "--by", "location", "--average", "daily"), ("sales",), ("sales", "-M"),
    ("sales", "-W", "--by", "category", "--qty"), ("purchases", "--by", "supplier"), ("abc",),
    ("abc", "--by", "qty"), ("slow", "--as-of", "2026-11-30", "--days", "20"),
    ("reorder", "--as-of", "2026-11-30", "--at", "shop"),
    ("reorder", "--as-of", "2026-11-30", "--at", "shop", "--explain"),
    ("chart", "stock", "TEA-001"), ("chart", "sales", "--by", "week"),
]


@pytest.fixture
def teashop(tmp_path, make_ledger):
    lg = make_ledger()
    shutil.rmtree(lg.root)
    shutil.copytree(EXAMPLE, lg.root, ignore=shutil.ignore_patterns(".jxc-cache"))
    return lg


@pytest.mark.parametrize("args", REPORTS, ids=" ".join)
def test_every_format(teashop, args):
    rows = json.loads(teashop.ok(*args, "-o", "json").stdout)
    assert isinstance(rows, list) and rows and all(isinstance(r, dict) for r in rows)
    for fmt, sep in (("csv", ","), ("tsv", "\t")):
        table = list(csv.reader(io.StringIO(teashop.ok(*args, "-o", fmt).stdout), delimiter=sep))
        # JSON carries the names of items and partners beside their codes; csv only with --names
        assert table[0] == [k for k in rows[0] if not (k.endswith("_name") and k[:-5] in rows[0])]
        assert len(table) == len(rows) + 1
    md = teashop.ok(*args, "-o", "md").stdout.splitlines()
    assert md[0].startswith("| ") and set(md[1]) <= set("|-: ")
    assert teashop.ok(*args).stdout.strip()
    assert teashop.run(*args, "-o", "xml").exit_code == 2


def test_reports_refuse_an_unsound_ledger(make_ledger):
    lg = make_ledger("""\
        --- {id: s1, date: 2026-11-01, type: sell, from: main, to: cafe, lines: [{item: TEA-001, qty: 1}]}
        """)
    for args in REPORTS[:9] + [("reorder",), ("chart", "stock", "TEA-001"), ("chart", "sales")]:
        r = lg.run(*args)
        assert r.exit_code == 1 and "below zero" in r.stderr, (args, r)


@pytest.mark.parametrize("by", ["item", "location", "category"])
@pytest.mark.parametrize("begin,end", [(dt.date(2026, 8, 1), dt.date(2026, 12, 1)),
                                       (dt.date(2026, 9, 10), dt.date(2026, 10, 25))])
def test_daily_average_is_the_mean_of_each_days_closing_value(by, begin, end, teashop):
    lg = jxc.open_ledger(teashop.root)
    c = lg.costed(as_of=end - dt.timedelta(days=1))
    key = key_function(by, lg.catalog)
    area = value_days(c, key, begin, end)
    brute: dict = {}
    day = begin
    while day < end:
        at_end = lg.costed(as_of=day)
        for (item, loc), (_, v) in valued_positions(at_end).items():
            k = key(item, loc)
            brute[k] = brute.get(k, 0) + v
        day += dt.timedelta(days=1)
    assert {k: v for k, v in area.items() if v} == {k: v for k, v in brute.items() if v}
