"""`jxc web` end to end: the real command serving the test shop, driven in headless Chromium.

Debian's chromium (``apt-get install -y chromium``; .ci/run installs it) driven by
Playwright with its executable path pointed at it (Playwright downloads no browser).
The tests skip, saying why, only where no Chromium or no Playwright can be had.
Screenshots at a phone's width (360 px) and a desktop's go to tests/artifacts/ (not
kept in git).

The shop is tests/web_helpers.py's: 7 TEA-001 (Longjing 250g, barcode 6901234567890)
and 5 TEA-002 on hand at main.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ARTIFACTS = Path(__file__).parent / "artifacts"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


def chromium() -> str:
    for path in ("/usr/bin/chromium", shutil.which("chromium") or "", shutil.which("chromium-browser") or ""):
        if path and os.access(path, os.X_OK):
            return path
    pytest.skip("no Chromium on this machine: `apt-get install -y chromium` (Debian) lets these tests run")


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api",
                                   reason="Playwright is not installed: pip install -e '.[test]'")
    path = chromium()
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, args=FLAGS)
        yield b
        b.close()


@pytest.fixture
def served(make_ledger):
    """`jxc web --port 0` on the test shop, as a user starts it: (address, ledger)."""
    pytest.importorskip("starlette", reason="the web app needs the jxc[web] extra")
    from web_helpers import shop
    lg = shop(make_ledger)
    proc = subprocess.Popen([sys.executable, "-m", "jxc", "-L", str(lg.root), "web", "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        assert line.startswith("jxc web: "), (line, proc.stderr.read() if proc.poll() is not None else "")
        address = line.split(" at ")[1].split()[0]
        yield address, lg
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def page_of(browser, size, outside: list):
    """A new page of ``size``; every request it makes to another host is put in ``outside``."""
    context = browser.new_context(viewport=size)
    page = context.new_page()
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith("http://127.0.0.1:") else None)
    return page


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=True)


def test_dashboard_search_sell_and_see_the_stock_change(browser, served):
    """Desktop: the dashboard draws its chart (Vega from this server); a search for 'longjing'
    shows TEA-001 with 7; selling 2 through the form shows the entry written; the stock
    page then shows 5.  Nothing is fetched from any other host."""
    address, lg = served
    outside: list = []
    page = page_of(browser, DESKTOP, outside)
    page.goto(address)
    page.wait_for_selector(".vega[data-drawn='1'] svg", timeout=30_000)
    assert page.inner_text("#stock-value") == "500.00 CNY"
    shot(page, "dashboard-desktop.png")

    page.click("nav >> text=Stock")
    page.fill("input[name=q]", "longjing")
    page.press("input[name=q]", "Enter")
    page.wait_for_url("**/stock?q=longjing*")
    row = page.locator("table.report tbody tr")
    assert row.count() == 1
    assert row.locator("td[data-col=item]").inner_text() == "TEA-001"
    assert row.locator("td[data-col=qty]").inner_text() == "7"
    shot(page, "stock-desktop.png")

    page.click("nav >> text=Sell")
    page.select_option("select[name=to]", "cafe")
    page.fill("input[name=item_0]", "TEA-001")
    page.fill("input[name=qty_0]", "2")
    page.click("button.primary")
    page.wait_for_selector("#written-id")
    written = page.inner_text("#written-id")
    assert f"--- {{id: {written}, " in page.inner_text("pre.journal")
    assert "lines: [{item: TEA-001, qty: 2, price: 88.00}]" in page.inner_text("pre.journal")
    shot(page, "written-desktop.png")

    page.goto(address + "stock?q=longjing")
    assert page.locator("table.report tbody td[data-col=qty]").inner_text() == "5"
    assert f"{{id: {written}, " in (lg.root / "journal").joinpath(*_month_file()).read_text(encoding="utf-8")
    assert outside == []


def _month_file():
    import datetime as dt
    d = dt.date.today()
    return f"{d.year}", f"{d.year}-{d.month:02d}.yaml"


def test_phone_stocktake_with_the_scanner_field(browser, served):
    """360 px: no page is wider than the phone; the stocktake page takes a barcode twice and a
    SKU with a typed quantity (scanner input ends with Enter), lists 2 TEA-001 and 4 TEA-002,
    and writes one count entry."""
    address, lg = served
    outside: list = []
    page = page_of(browser, PHONE, outside)
    for path in ("", "stock", "item/TEA-001", "sell", "reports/profit", "orders"):
        page.goto(address + path)
        page.wait_for_load_state("networkidle")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"/{path} is {width} px wide on a 360 px phone"
    page.goto(address)
    page.wait_for_selector(".vega[data-drawn='1'] svg", timeout=30_000)
    shot(page, "dashboard-phone.png")

    page.goto(address + "count")
    code = page.locator("#scan-code")
    for text in ("6901234567890", "6901234567890"):
        code.fill(text)
        code.press("Enter")
        page.wait_for_function("document.querySelector('#scan-code').value === ''")
    page.fill("#scan-qty", "4")
    code.fill("TEA-002")
    code.press("Enter")
    page.wait_for_function("document.querySelector('input[name=item_1]').value === 'TEA-002'")
    assert page.input_value("input[name=item_0]") == "TEA-001"
    assert page.input_value("input[name=qty_0]") == "2"
    assert page.input_value("input[name=qty_1]") == "4"
    code.fill("NOPE-1")
    code.press("Enter")
    page.wait_for_selector("#scan-error:not([hidden])")
    assert "unknown item 'NOPE-1'" in page.inner_text("#scan-error")
    shot(page, "stocktake-phone.png")
    page.click("button.primary")
    page.wait_for_selector("#written-id")
    text = page.inner_text("pre.journal")
    assert "type: count, at: main, lines: [{item: TEA-001, counted: 2}, {item: TEA-002, counted: 4}]" in text
    assert outside == []
