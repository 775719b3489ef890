"""docs/analytics.md shows real runs: re-running its examples on the tea shop gives what it shows.

To refresh it after a change in the example or the reports:
    JXC_UPDATE_DOCS=1 python -m pytest tests/test_analytics_docs.py
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent


def test_analytics_docs_are_up_to_date():
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import readme
    finally:
        sys.path.pop(0)
    path = ROOT / "docs" / "analytics.md"
    old = path.read_text(encoding="utf-8")
    new = readme.render(old)
    if os.environ.get("JXC_UPDATE_DOCS") and new != old:
        path.write_text(new, encoding="utf-8")
        return
    assert new == old, "docs/analytics.md is stale; run: JXC_UPDATE_DOCS=1 python -m pytest tests/test_analytics_docs.py"
    for cmd in ("turnover", "sales", "purchases", "abc", "slow", "reorder", "chart stock", "chart sales"):
        assert f"$ jxc {cmd}" in old, cmd
