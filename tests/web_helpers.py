"""A small shop for the web tests, and a browser-like client of its web app."""

from __future__ import annotations

import re

JOURNAL = """\
--- {id: b1, date: 2026-11-01, type: buy, from: hangzhou-tea, to: main, lines: [{item: TEA-001, qty: 10, price: 50.00}, {item: TEA-002, qty: 5, price: 30.00}]}
--- {id: s1, date: 2026-11-02, type: sell, from: main, to: cafe, lines: [{item: TEA-001, qty: 3, price: 88.00}]}
--- {id: PO-1, date: 2026-11-03, type: po, from: fujian-tea, to: main, due: 2026-11-20, lines: [{item: TEA-002, qty: 4, price: 31.00}]}
--- {id: SO-1, date: 2026-11-04, type: so, from: main, to: cafe, due: 2026-11-25, lines: [{item: TEA-002, qty: 2, price: 60.00}]}
"""
# On hand after it: TEA-001 main 7 @ 50.00 = 350.00; TEA-002 main 5 @ 30.00 = 150.00: 500.00.
# The cafe owes 3 × 88.00 = 264.00 for s1.

SETTINGS_EXTRA = "default_account: cash\n"
ACCOUNTS = "accounts:\n  cash: {name: Cash}\n  bank: {name: Bank}\n"


def shop(make_ledger):
    """The test shop: a money account beside the usual catalog."""
    from conftest import CATALOG
    lg = make_ledger(JOURNAL, catalog=CATALOG + ACCOUNTS)
    with open(lg.root / "jxc.yaml", "a", encoding="utf-8") as f:
        f.write(SETTINGS_EXTRA)
    return lg


def client(root, **options):
    """A TestClient of the web app for the ledger at ``root``, as a browser on localhost."""
    from starlette.testclient import TestClient

    from jxc.web.app import create_app
    from jxc.web.guard import WebOptions
    return TestClient(create_app(WebOptions(root=root, **options)), base_url="http://127.0.0.1:8765")


def token(c, path="/sell") -> str:
    """The CSRF token of a form page (the cookie is kept by the client)."""
    return re.search(r'name="csrf" value="([^"]+)"', c.get(path).text).group(1)


def field_error(html: str, field: str) -> str | None:
    """The message shown beside ``field`` (``id="err-FIELD"``), HTML entities undone."""
    import html as H
    m = re.search(rf'id="err-{re.escape(field)}">([^<]*)<', html)
    return H.unescape(m.group(1)) if m else None


def cells(html: str, row_start: str) -> list[str]:
    """The cells' text of the first table row whose first cell starts with ``row_start``."""
    import html as H
    for row in re.findall(r"<tr>(.*?)</tr>", html, re.S):
        texts = [H.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        if texts and texts[0].startswith(row_start):
            return texts
    return []
