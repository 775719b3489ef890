"""`jxc web`: every page and form answered by the app (Starlette's TestClient, no server).

The shop (tests/web_helpers.py): bought 10 TEA-001 @ 50.00 and 5 TEA-002 @ 30.00 into
main, sold 3 TEA-001 @ 88.00 to the cafe; a po of 4 TEA-002 and a so of 2 TEA-002 open.
On hand: TEA-001 7 (350.00), TEA-002 5 (150.00); stock value 500.00; the cafe owes 264.00.
"""

from __future__ import annotations

import html
import io
import json
import re

import pytest

pytest.importorskip("starlette", reason="the web app needs the jxc[web] extra")

from web_helpers import cells, client, field_error, shop, token  # noqa: E402

from jxc.web.forms import FORMS  # noqa: E402
from jxc.web.reports import REPORTS  # noqa: E402


@pytest.fixture
def lg(make_ledger):
    return shop(make_ledger)


@pytest.fixture
def c(lg):
    return client(lg.root)


def journal_ids(lg) -> list[str]:
    return [e["id"] for e in entries(lg)]


def entries(lg) -> list[dict]:
    """Every entry of the journal as `jxc print -o json` gives it (one JSON line each)."""
    return [json.loads(line) for line in lg.ok("print", "-o", "json").stdout.splitlines()]


# -- pages -----------------------------------------------------------------------------

PAGES = ["/", "/stock", "/stock?q=long", "/stock?at=shop", "/item/TEA-001", "/item/6901234567890",
         "/entry/s1", "/orders", "/reports",
         *[f"/reports/{r.name}" + ("?partner=cafe" if r.partner else "") for r in REPORTS],
         *[f"/{f.name}" for f in FORMS]]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_answers(c, lg, path):
    """Every page is a whole HTML page (200), loads only this server's files, writes nothing."""
    before = lg.snapshot()
    r = c.get(path)
    assert r.status_code == 200, r.text
    assert r.text.startswith("<!doctype html>") and "</html>" in r.text
    for src in re.findall(r'(?:src|href)="([^"]+)"', r.text):
        assert not re.match(r"(?i)(https?:)?//", src), f"{path} loads {src} from elsewhere"
    assert lg.snapshot() == before


def test_dashboard_shows_value_reorder_receivables_orders_and_a_chart(c):
    """Stock value 350.00 + 150.00 = 500.00; the cafe's 264.00 is due 2026-11-02 (no terms),
    so it is overdue; the weekly sales chart is a Vega-Lite spec drawn by /static/vega.js."""
    r = c.get("/")
    assert re.search(r'id="stock-value">500\.00 CNY<', r.text)
    assert cells(r.text, "s1")[:4] == ["s1", "2026-11-02", "cafe", "Corner Cafe"]          # names beside codes
    assert cells(r.text, "PO-1")[:5] == ["PO-1", "2026-11-03", "po", "fujian-tea", "Fujian Tea"]
    spec = json.loads(html.unescape(re.search(r'data-spec="([^"]+)"', r.text).group(1)))
    assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/")   # an id, never fetched
    assert spec["mark"]["type"] == "bar" and len(spec["data"]["values"]) == 12
    assert '<script src="/static/vega.js" defer></script>' in r.text


def test_partner_names_beside_codes_on_the_command_line_too(lg):
    """The web and `--names` share one rule: a partner column gets its name beside it."""
    assert lg.ok("receivables", "--names", "-o", "csv").stdout.splitlines()[:2] == [
        "id,date,partner,partner_name,amount,paid,outstanding,due,days_overdue",
        f"s1,2026-11-02,cafe,Corner Cafe,264.00,0.00,264.00,2026-11-02,{_days_since('2026-11-02')}"]


def _days_since(day: str) -> int:
    import datetime as dt
    return (dt.date.today() - dt.date.fromisoformat(day)).days


def test_stock_search_and_location(c):
    """Search by name ('longJING' → Longjing 250g), category ('oolong' → TEA-002), barcode; a location
    filter; names beside codes."""
    r = c.get("/stock?q=longJING")
    assert cells(r.text, "TEA-001") == ["TEA-001", "Longjing 250g", "main", "Main warehouse", "7", "box", "50.0000",
                                       "350.00"]
    assert not cells(r.text, "TEA-002")
    assert cells(c.get("/stock?q=OOLONG").text, "TEA-002")[:5] == ["TEA-002", "Tieguanyin 250g", "main",
                                                                   "Main warehouse", "5"]
    assert cells(c.get("/stock?q=6901234567890").text, "TEA-001")
    assert "No item matches “nothing”" in c.get("/stock?q=nothing").text
    assert "No stock." in c.get("/stock?at=shop").text
    r = c.get("/stock?at=attic")
    assert r.status_code == 400 and "unknown location &#39;attic&#39;" in r.text


def test_item_page_has_card_and_chart(c):
    """The card: bought 10 (500.00), sold 3 (150.00 at cost) leaving 7 worth 350.00; the chart's
    points are the level after each date: 10 on 11-01, 7 on 11-02."""
    r = c.get("/item/TEA-001")
    assert cells(r.text, "2026-11-02")[:2] == ["2026-11-02", "s1"]
    assert cells(r.text, "2026-11-02")[-4:] == ["7", "", "150.00", "350.00"]
    spec = json.loads(html.unescape(re.search(r'data-spec="([^"]+)"', r.text).group(1)))
    assert [(v["at"], v["qty"]) for v in spec["data"]["values"]] == [("2026-11-01", "10"), ("2026-11-02", "7")]
    assert c.get("/item/TEA-01").status_code == 400


def test_open_orders_link_to_receiving_and_shipping_them(c):
    r = c.get("/orders")
    assert cells(r.text, "PO-1")[:6] == ["PO-1", "2026-11-03", "po", "fujian-tea", "Fujian Tea", "TEA-002"]
    assert 'href="/receive?order=PO-1">Receive PO-1</a>' in r.text
    assert 'href="/ship?order=SO-1">Ship SO-1</a>' in r.text
    form = c.get("/receive?order=PO-1").text
    assert '<option value="PO-1" selected>' in form


def test_entry_page_and_unknown_entry(c):
    r = c.get("/entry/s1")
    assert "--- {id: s1, date: 2026-11-02, type: sell" in r.text
    r = c.get("/entry/nope")
    assert r.status_code == 400 and "no entry with id &#39;nope&#39;" in r.text


def test_lookup_by_barcode_for_the_scanner(c):
    assert c.get("/lookup?code=6901234567890").json() == {"sku": "TEA-001", "name": "Longjing 250g", "unit": "box"}
    r = c.get("/lookup?code=TEA-01")
    assert r.status_code == 404 and "unknown item 'TEA-01'" in r.json()["error"]


# -- reports ---------------------------------------------------------------------------

def test_report_choices_and_downloads(c):
    """Sales by customer over 2026-11: the cafe 3 for 264.00.  CSV has a byte-order mark for
    Excel; xlsx is a workbook with the same numbers."""
    r = c.get("/reports/sales?by=customer&period=2026-11")
    assert cells(r.text, "cafe") == ["cafe", "Corner Cafe", "3", "264.00"]
    assert c.get("/reports/sales?by=customer&period=2026-10").text.count("Nothing to show.") == 1
    csv = c.get("/reports/sales?by=customer&period=2026-11&format=csv")
    assert csv.headers["content-disposition"] == 'attachment; filename="sales.csv"'
    assert csv.content.decode("utf-8") == "\ufeffcustomer,customer_name,qty,amount\ncafe,Corner Cafe,3,264.00\n"
    openpyxl = pytest.importorskip("openpyxl")
    x = c.get("/reports/stock?format=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(x.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][:3] == ["item", "item_name", "location"] and rows[1][0] == "TEA-001"


def test_report_errors_are_shown_beside_the_choice(c):
    r = c.get("/reports/profit?period=2026-13")
    assert r.status_code == 200 and 'data-field="period"' in r.text
    assert "2026-13" in html.unescape(r.text)
    assert 'data-field="by"' in c.get("/reports/profit?by=planet").text
    assert c.get("/reports/nope").status_code == 400
    assert "choose…" in c.get("/reports/statement").text      # asks for the partner first


# -- forms: writes ---------------------------------------------------------------------

def cli_entry(lg, *args) -> dict:
    """The entry the CLI would write for ``args`` (dry run), without its random id."""
    e = json.loads(lg.ok(*args, "--dry-run", "-o", "json").stdout.splitlines()[0])   # count adds its sheet
    e.pop("id")
    return e


def written(lg, entry_id: str) -> dict:
    e = next(x for x in entries(lg) if x["id"] == entry_id)
    e.pop("id")
    return e


FORM_CASES = [
    ("sell", {"to": "cafe", "from": "main", "item_0": "TEA-001", "qty_0": "2", "account": "cash"},
     ["sell", "TEA-001", "2", "--to", "cafe", "--from", "main"]),     # the account matters only when paid
    ("sell", {"to": "walk-in", "item_0": "6901234567890", "qty_0": "1", "price_0": "80", "paid": "on",
              "account": "bank", "ref": "R-9", "note": "counter"},
     ["sell", "TEA-001", "1@80", "--to", "walk-in", "--paid", "--account", "bank", "--ref", "R-9",
      "--note", "counter"]),
    ("buy", {"from": "hangzhou-tea", "to": "shop", "item_0": "CUP-01", "qty_0": "12", "price_0": "9.50",
             "item_1": "TEA-001", "qty_1": "1case", "price_1": "1200"},
     ["buy", "CUP-01", "12@9.50", "TEA-001", "1case@1200", "--from", "hangzhou-tea", "--to", "shop"]),
    ("transfer", {"from": "main", "to": "shop", "item_0": "TEA-002", "qty_0": "2"},
     ["transfer", "TEA-002", "2", "--from", "main", "--to", "shop"]),
    ("count", {"at": "main", "item_0": "TEA-001", "qty_0": "6", "item_3": "TEA-002", "qty_3": "0"},
     ["count", "TEA-001", "6", "TEA-002", "0", "--at", "main"]),
    ("receive", {"order": "PO-1"}, ["receive", "PO-1"]),
    ("receive", {"order": "PO-1", "item_0": "TEA-002", "qty_0": "1"}, ["receive", "PO-1", "TEA-002", "1"]),
    ("ship", {"order": "SO-1", "date": "2026-11-30"}, ["ship", "SO-1", "--date", "2026-11-30"]),
    ("collect", {"from": "cafe", "amount": "100.00", "account": "bank"}, ["collect", "cafe", "100.00", "--to", "bank"]),
    ("pay", {"to": "hangzhou-tea", "amount": "500", "of": "b1"}, ["pay", "hangzhou-tea", "500", "--of", "b1"]),
]


@pytest.mark.parametrize("form,fields,command", FORM_CASES, ids=[f"{f}-{i}" for i, (f, _, _) in enumerate(FORM_CASES)])
def test_every_form_writes_what_its_command_writes_exactly_once(lg, c, form, fields, command):
    """Each form's entry is the one its command writes (compared whole, id aside); it lands
    once, and the answer is a redirect to its page showing the id and journal text."""
    expected = cli_entry(lg, *command)
    before = journal_ids(lg)
    r = c.post(f"/{form}", data={"csrf": token(c, f"/{form}"), **fields}, follow_redirects=False)
    assert r.status_code == 303, field_error(r.text, "") or r.text
    new = [i for i in journal_ids(lg) if i not in before]
    assert len(new) == 1
    assert r.headers["location"] == f"/entry/{new[0]}?written=1"
    assert written(lg, new[0]) == expected
    page = c.get(r.headers["location"]).text
    assert f'id="written-id">{new[0]}<' in page and f"--- {{id: {new[0]}, " in page


def test_a_sale_changes_the_stock_page(lg, c):
    """7 on hand, 2 sold through the form: 5 left, valued 5 × 50.00 = 250.00."""
    c.post("/sell", data={"csrf": token(c), "to": "cafe", "item_0": "TEA-001", "qty_0": "2"})
    assert cells(c.get("/stock?q=TEA-001").text, "TEA-001")[4:] == ["5", "box", "50.0000", "250.00"]


def test_a_refused_write_shows_the_engines_message_beside_the_field(lg, c):
    """Selling 8 of the 7 on hand is refused by the engine's negative-stock rule; the message
    stands beside that line's quantity, the form keeps what was typed, nothing is written."""
    before = lg.snapshot()
    t = token(c)
    r = c.post("/sell", data={"csrf": t, "to": "cafe", "item_0": "TEA-002", "qty_0": "1",
                              "item_1": "TEA-001", "qty_1": "8"})
    assert r.status_code == 400
    assert field_error(r.text, "qty_1") == f"sale of 8 TEA-001 takes main below zero on {_today()} (7 on hand)"
    assert field_error(r.text, "qty_0") is None
    assert 'name="qty_1" value="8"' in r.text
    assert "Nothing was written" in r.text
    r = c.post("/sell", data={"csrf": t, "to": "cafe", "item_0": "TEA-01", "qty_0": "1"})
    assert field_error(r.text, "item_0").startswith("unknown item 'TEA-01' (did you mean 'TEA-001'?)")
    r = c.post("/sell", data={"csrf": t, "to": "cafe", "item_0": "TEA-001", "qty_0": "1.5.2"})
    assert "the quantity of TEA-001" in field_error(r.text, "qty_0")
    r = c.post("/buy", data={"csrf": t, "from": "hangzhou-tea", "item_0": "TEA-001", "qty_0": "1"})
    assert field_error(r.text, "price_0") == "TEA-001 1: give a unit price as 1@PRICE"
    r = c.post("/sell", data={"csrf": t, "to": "cafe", "item_0": "TEA-001", "qty_0": "1", "date": "someday"})
    assert field_error(r.text, "date").startswith("date")
    r = c.post("/collect", data={"csrf": t, "from": "cafe", "amount": "-5"})
    assert field_error(r.text, "amount") == "the amount must be a positive amount like 1500.00, got '-5'"
    r = c.post("/receive", data={"csrf": t, "order": "PO-9"})
    assert field_error(r.text, "order") == "no purchase order 'PO-9' (did you mean 'PO-1'?)"
    assert lg.snapshot() == before


def _today() -> str:
    import datetime as dt
    return dt.date.today().isoformat()


def test_a_quantity_that_looks_like_a_barcode_is_asked_about(lg, c):
    """12345678 counted (8 digits: a scanner firing into the quantity field) is shown back
    with 'write it anyway'; ticked, it is written."""
    t = token(c, "/count")
    data = {"csrf": t, "at": "main", "item_0": "TEA-001", "qty_0": "12345678"}
    before = lg.snapshot()
    r = c.post("/count", data=data)
    assert r.status_code == 200 and "looks like a barcode" in r.text and 'name="confirm"' in r.text
    assert lg.snapshot() == before
    assert c.post("/count", data={**data, "confirm": "on"}, follow_redirects=False).status_code == 303


# -- what must never write -------------------------------------------------------------

def test_no_write_without_the_csrf_token_or_from_another_site(lg, c):
    before = lg.snapshot()
    sale = {"to": "cafe", "item_0": "TEA-001", "qty_0": "1"}
    c.get("/sell")                                           # the cookie is set
    for data, headers in [(sale, {}), ({**sale, "csrf": "x" * 43}, {}),
                          ({**sale, "csrf": token(c)}, {"Origin": "http://evil.example"})]:
        r = c.post("/sell", data=data, headers=headers)
        assert r.status_code == 403 and "nothing was written" in r.text.lower()
    fresh = client(lg.root)                                  # a token without its cookie
    r = fresh.post("/sell", data={**sale, "csrf": token(c)})
    assert r.status_code == 403
    assert lg.snapshot() == before


def test_get_never_writes(lg, c):
    """Every write route answered GET with a whole sale in its query string: a form, no entry."""
    before = lg.snapshot()
    for f in FORMS:
        r = c.get(f"/{f.name}?csrf={token(c)}&to=cafe&from=main&item_0=TEA-001&qty_0=1&order=PO-1&amount=1")
        assert r.status_code == 200 and 'method="post"' in r.text
    assert lg.snapshot() == before


def test_read_only_refuses_every_write(lg):
    c = client(lg.root, read_only=True)
    before = lg.snapshot()
    page = c.get("/sell").text
    assert "read-only" in page and "disabled" in page
    for f in FORMS:
        r = c.post(f"/{f.name}", data={"csrf": token(c), "to": "cafe", "item_0": "TEA-001", "qty_0": "1"})
        assert r.status_code == 403 and "read-only" in r.text
    assert lg.snapshot() == before


def test_a_password_off_localhost(lg):
    """Listening on 0.0.0.0 takes a password: asked by basic auth, any user name."""
    import base64
    c = client(lg.root, host="0.0.0.0", password="s3cret 茶")
    assert c.get("/").status_code == 401
    assert c.get("/").headers["www-authenticate"].startswith("Basic ")
    bad = base64.b64encode("shop:wrong".encode()).decode()
    assert c.get("/", headers={"Authorization": f"Basic {bad}"}).status_code == 401
    good = base64.b64encode("shop:s3cret 茶".encode()).decode()
    assert c.get("/", headers={"Authorization": f"Basic {good}"}).status_code == 200


def test_web_refuses_an_open_host_without_a_password(lg, monkeypatch):
    monkeypatch.delenv("JXC_WEB_PASSWORD", raising=False)
    r = lg.run("web", "--host", "0.0.0.0")
    assert r.exit_code == 1
    assert r.stderr == ("error: --host 0.0.0.0 lets other machines in: give --password (or set"
                        " JXC_WEB_PASSWORD), or listen on 127.0.0.1\n")


def test_a_foreign_host_name_is_refused_on_localhost(c):
    """DNS rebinding: a page of evil.example resolving to 127.0.0.1 gets nothing."""
    assert c.get("/", headers={"Host": "evil.example:8765"}).status_code == 403
    assert c.get("/", headers={"Host": "localhost:8765"}).status_code == 200


def test_security_headers(c):
    r = c.get("/")
    csp = r.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "http" not in csp
    assert r.headers["x-frame-options"] == "DENY"
    cookie = r.headers["set-cookie"]
    assert "jxc_csrf=" in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie


@pytest.mark.slow
def test_the_chart_script_is_served_from_the_installed_package_and_a_planted_copy_is_not(c, private_cache_dir):
    """/static/vega.js is Vega + Vega-Lite + vega-embed from vl-convert, kept sealed in the user's
    cache; a copy planted there fails its MAC and is rebuilt, never sent."""
    pytest.importorskip("vl_convert", reason="charts need the jxc[web] extra")
    r = c.get("/static/vega.js")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/javascript")
    assert "vegaEmbed" in r.text and len(r.content) > 100_000
    (cached,) = (private_cache_dir / "web").glob("vega-bundle-*.js")
    cached.write_bytes(b"\0" * 32 + b"alert('planted')")
    again = c.get("/static/vega.js")
    assert again.content == r.content and b"planted" not in cached.read_bytes()


def test_the_wheel_carries_the_templates_and_static_files():
    """Every template and static file matches a package-data pattern of pyproject.toml, so an
    installed jxc serves the same pages as a checkout."""
    import fnmatch
    from pathlib import Path
    tomllib = pytest.importorskip("tomllib", reason="Python 3.11 reads TOML")
    root = Path(__file__).parent.parent
    patterns = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"][
        "package-data"]["jxc"]
    files = [p.relative_to(root / "jxc").as_posix() for p in (root / "jxc" / "web").rglob("*")
             if p.is_file() and p.suffix != ".py" and "__pycache__" not in p.parts]
    assert files and all(any(fnmatch.fnmatch(f, pat) for pat in patterns) for f in files), files


def test_web_without_its_extra_names_it(lg, monkeypatch):
    import sys
    monkeypatch.setitem(sys.modules, "uvicorn", None)
    r = lg.run("web")
    assert (r.exit_code, r.stderr) == (1, "error: jxc web needs uvicorn: pip install 'jxc[web]'\n")


def test_text_from_the_ledger_is_never_markup(lg, c):
    """A note or a name holding HTML is shown as text, escaped, on every page it appears."""
    r = c.post("/sell", data={"csrf": token(c), "to": "cafe", "item_0": "TEA-001", "qty_0": "1",
                              "note": "<script>alert(1)</script>", "ref": '"><img src=x onerror=alert(2)>'},
               follow_redirects=False)
    assert r.status_code == 303
    page = c.get(r.headers["location"]).text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    for path in (r.headers["location"], "/", "/item/TEA-001", "/reports/statement?partner=cafe"):
        page = c.get(path).text
        assert "<script>alert" not in page and "<img src=x" not in page, path


def test_dashboard_lists_lots_expiring_within_30_days_with_value(make_ledger):
    """`jxc expiring` on the dashboard: lot B of the pu-erh (4 cakes) expires 10 days from
    today, inside the 30 days shown; lot A (a year away) is not listed.  FIFO costs the pool,
    not the lot, so the 4 cakes are valued at the pool's unit cost: (5 × 20.00 + 4 × 22.00) / 9
    = 20.888…, × 4 = 83.56.  The item's name stands beside its code."""
    import datetime as dt
    today = dt.date.today()
    catalog = ("locations:\n  main: {name: Main}\nitems:\n"
               "  P: {name: Pu-erh cake, unit: cake, price: 40.00, lots: true}\n"
               "suppliers:\n  tea: {name: Tea farm}\n")
    lg = make_ledger(
        f"--- {{id: b1, date: {today - dt.timedelta(days=5)}, type: buy, from: tea, to: main, lines: [{{item: P, qty: 5,"
        f" price: 20.00, lot: A, expiry: {today + dt.timedelta(days=365)}}}, {{item: P, qty: 4, price: 22.00, lot: B,"
        f" expiry: {today + dt.timedelta(days=10)}}}]}}\n", catalog=catalog, month=f"{today:%Y-%m}")
    page = client(lg.root).get("/").text
    assert "Lots expiring" in page
    row = cells(page, "P")
    assert row[:2] == ["P", "Pu-erh cake"] and "B" in row and "83.56" in row and "10" in row
    assert not any(c == "A" for c in row)
