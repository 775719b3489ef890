"""docs/costing.md shows real runs: re-running its examples gives what it shows.

To refresh it after a change in the costing or the reports:
    JXC_UPDATE_DOCS=1 python -m pytest tests/test_costing_docs.py
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent


def test_costing_docs_are_up_to_date():
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import readme
    finally:
        sys.path.pop(0)
    path = ROOT / "docs" / "costing.md"
    old = path.read_text(encoding="utf-8")
    new = readme.render(old)
    if os.environ.get("JXC_UPDATE_DOCS") and new != old:
        path.write_text(new, encoding="utf-8")
        return
    assert new == old, "docs/costing.md is stale; run: JXC_UPDATE_DOCS=1 python -m pytest tests/test_costing_docs.py"
    for method in ("fifo", "lifo", "moving-average", "monthly-average", "specific"):
        assert f"--costing {method}" in old or f"--costing={method}" in old or f"costing {method}" in old, method
