"""The sections kept in docs/ show real runs: re-running their examples gives what they show.

README.md includes them whole (tools/readme.py).  To refresh one after a change:
    JXC_UPDATE_DOCS=1 python -m pytest tests/test_docs.py
"""

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent

MUST_SHOW = {
    "costing.md": ["costing fifo", "costing lifo", "costing moving-average", "costing monthly-average",
                   "costing specific"],
    "analytics.md": ["$ jxc turnover", "$ jxc sales", "$ jxc purchases", "$ jxc abc", "$ jxc slow",
                     "$ jxc reorder", "$ jxc chart stock", "$ jxc chart sales"],
    "orders.md": ["$ jxc orders --as-of", "$ jxc orders --overdue", "$ jxc stock --projected"],
    "commands/po.md": ["$ jxc po "], "commands/so.md": ["$ jxc so ", "backorder"],
    "commands/receive.md": ["$ jxc receive ", "error: "], "commands/ship.md": ["$ jxc ship "],
    "commands/close.md": ["$ jxc close "], "commands/orders.md": ["$ jxc orders "],
    "commands/forecast.md": ["$ jxc forecast ", "naive_mase"],
}


@pytest.mark.parametrize("name", sorted(MUST_SHOW))
def test_docs_are_up_to_date(name):
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import readme
    finally:
        sys.path.pop(0)
    path = ROOT / "docs" / name
    old = path.read_text(encoding="utf-8")
    new = readme.render(old)
    if os.environ.get("JXC_UPDATE_DOCS") and new != old:
        path.write_text(new, encoding="utf-8")
        return
    assert new == old, f"docs/{name} is stale; run: JXC_UPDATE_DOCS=1 python -m pytest tests/test_docs.py"
    for text in MUST_SHOW[name]:
        assert text in old.replace("--costing=", "--costing ").replace("--costing ", "costing "), text
