"""`jxc chart stock` and `jxc chart sales`: the numbers behind the bars, the bars, the SVG.

  2026-10-01 buy      TEA-001 10 @ 50.00 into main                      main 10
  2026-10-05 transfer 4 main → shop     (over all locations: no change)  main 6, shop 4
  2026-10-05 sell     2 from shop @ 88.00 = 176.00                       total 8, shop 2
  2026-11-10 buy      TEA-001 8 @ 50.00                                  total 16
  2026-11-12 sell     6 from main @ 80.00 = 480.00; same day return 1 of it (−80.00)
                                                                         total 11
  (no sales in December; 2027-01-03 sell 1 @ 88.00)
"""

import xml.etree.ElementTree as ET

import pytest

OCTOBER = """\
--- {id: b1, date: 2026-10-01, type: buy, from: hangzhou-tea, to: main, lines: [{item: TEA-001, qty: 10, price: 50.00}]}
--- {id: t1, date: 2026-10-05, type: transfer, from: main, to: shop, lines: [{item: TEA-001, qty: 4}]}
--- {id: s1, date: 2026-10-05, type: sell, from: shop, to: walk-in, lines: [{item: TEA-001, qty: 2}]}
"""
NOVEMBER = """\
--- {id: b2, date: 2026-11-10, type: buy, from: hangzhou-tea, to: main, lines: [{item: TEA-001, qty: 8, price: 50.00}]}
--- {id: s2, date: 2026-11-12, type: sell, from: main, to: cafe, lines: [{item: TEA-001, qty: 6, price: 80.00}]}
--- {id: r2, date: 2026-11-12, type: return, of: s2, lines: [{item: TEA-001, qty: 1}]}
"""
JANUARY = """\
--- {id: s3, date: 2027-01-03, type: sell, from: main, to: walk-in, lines: [{item: TEA-001, qty: 1}]}
"""


def ledger(make_ledger):
    lg = make_ledger(NOVEMBER)
    lg.write_journal(OCTOBER, "2026-10")
    lg.write_journal(JANUARY, "2027-01")
    return lg


def test_chart_stock_levels_by_date(make_ledger):
    lg = ledger(make_ledger)
    assert lg.ok("chart", "stock", "TEA-001", "-o", "csv").stdout == (
        "date,qty\n2026-10-01,10\n2026-10-05,8\n2026-11-10,16\n2026-11-12,11\n2027-01-03,10\n")
    assert lg.ok("chart", "stock", "TEA-001", "--at", "shop", "-o", "csv").stdout == (
        "date,qty\n2026-10-05,2\n")
    assert lg.json("chart", "stock", "6901234567890", "--at", "main") == [   # a barcode names the item
        {"date": "2026-10-01", "qty": 10}, {"date": "2026-10-05", "qty": 6},
        {"date": "2026-11-10", "qty": 14}, {"date": "2026-11-12", "qty": 9}, {"date": "2027-01-03", "qty": 8}]


def test_chart_stock_bars_in_the_terminal(make_ledger):
    """The largest level (16) fills 40 cells; 8 is 20 cells; 10 is 25; 11 is 27.5 (27 and a half)."""
    lg = ledger(make_ledger)
    out = lg.ok("chart", "stock", "TEA-001").stdout
    lines = {ln.split()[0]: ln for ln in out.splitlines() if ln.strip().startswith("20")}
    assert lines["2026-11-10"].rstrip().endswith(" " + "█" * 40)
    assert lines["2026-10-05"].rstrip().endswith(" " + "█" * 20)
    assert lines["2026-10-01"].rstrip().endswith(" " + "█" * 25)
    assert lines["2026-11-12"].rstrip().endswith(" " + "█" * 27 + "▌")
    assert "TEA-001 on hand" in out


def test_chart_stock_periods_and_buckets(make_ledger):
    """-p 2026-11 starts from the level on 11-01 (8); --by month gives the level at each month's end,
    December included though nothing moved (11)."""
    lg = ledger(make_ledger)
    assert lg.ok("chart", "stock", "TEA-001", "-p", "2026-11", "-o", "csv").stdout == (
        "date,qty\n2026-11-01,8\n2026-11-10,16\n2026-11-12,11\n")
    assert lg.ok("chart", "stock", "TEA-001", "--by", "month", "-o", "csv").stdout == (
        "month,qty\n2026-10,8\n2026-11,11\n2026-12,11\n2027-01,10\n")
    assert lg.ok("chart", "stock", "TEA-001", "--by", "week", "-p", "2026-11", "-o", "csv").stdout == (
        "week,qty\n2026-W44,8\n2026-W45,8\n2026-W46,11\n2026-W47,11\n2026-W48,11\n2026-W49,11\n")
    assert lg.ok("chart", "stock", "TEA-001", "--as-of", "2026-10-31", "-o", "csv").stdout == (
        "date,qty\n2026-10-01,10\n2026-10-05,8\n")
    # a period with no entries: the level it starts and ends with
    assert lg.json("chart", "stock", "TEA-001", "-p", "2026-12") == [{"date": "2026-12-01", "qty": 11}]
    assert lg.json("chart", "stock", "TEA-002") == []          # never held


def test_chart_sales_per_month_with_empty_months(make_ledger):
    """October 2 boxes (176.00); November 6 − 1 = 5 (480 − 80 = 400.00); December nothing; January 1 (88.00).
    Bars of amount: 400.00 fills 40 cells; 176.00 = 17.6 cells → 17 and 5/8; 88.00 = 8.8 → 8 and 6/8."""
    lg = ledger(make_ledger)
    assert lg.ok("chart", "sales", "-o", "csv").stdout == (
        "month,qty,amount\n2026-10,2,176.00\n2026-11,5,400.00\n2026-12,0,0.00\n2027-01,1,88.00\n")
    out = lg.ok("chart", "sales").stdout
    rows = {ln.split()[0]: ln.rstrip() for ln in out.splitlines() if ln.strip().startswith("20")}
    assert rows["2026-11"].endswith("█" * 40)
    assert rows["2026-10"].endswith("█" * 17 + "▋")
    assert rows["2027-01"].endswith("█" * 8 + "▊")
    assert rows["2026-12"].endswith("0.00")
    assert lg.json("chart", "sales", "--by", "week", "-p", "2026-10")[0] == {"week": "2026-W40", "qty": 0,
                                                                            "amount": 0.0}
    assert lg.json("chart", "sales", "--by", "day", "-p", "2026-11-12") == [
        {"day": "2026-11-12", "qty": 5, "amount": 400.0}]
    assert lg.json("chart", "sales", "TEA-002") == []
    qty_bars = lg.ok("chart", "sales", "--qty").stdout
    assert [ln for ln in qty_bars.splitlines() if "2026-11" in ln][0].rstrip().endswith("█" * 40)


def test_chart_pictures_drawn_by_vega_lite(make_ledger, tmp_path):
    """-o svg|png|html draw the chart through Vega-Lite (vl-convert, no browser, no internet):
    the sales chart has one bar per month (4), the stock chart a step line; the html page
    carries its scripts inside (it opens offline)."""
    pytest.importorskip("vl_convert", reason="pictures need the jxc[chart] extra")
    lg = ledger(make_ledger)
    svg = lg.ok("chart", "sales", "-o", "svg").stdout
    root = ET.fromstring(svg)
    bars = [p for p in root.iter("{http://www.w3.org/2000/svg}path") if p.get("aria-roledescription") == "bar"]
    assert len(bars) == 4
    assert "2026-11" in svg
    target = tmp_path / "stock.svg"
    lg.ok("chart", "stock", "TEA-001", "-o", "svg", str(target))
    assert "line" in target.read_text()
    # FILE.png alone picks the format; a picture of sales goes to a file named after the items
    lg.ok("chart", "sales", "TEA-001", str(tmp_path / "sales.png"))
    assert (tmp_path / "sales.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    lg.ok("chart", "stock", "TEA-001", str(tmp_path / "stock.html"))
    page = (tmp_path / "stock.html").read_text()
    assert "vegaEmbed" in page and "<script src=" not in page.replace('<script src="data:', "")
    lg.ok("chart", "stock", "TEA-001", str(tmp_path / "stock.csv"), "-o", "csv")
    assert (tmp_path / "stock.csv").read_text().startswith("date,qty\n")


def test_chart_spec_carries_exact_numbers(make_ledger):
    """The Vega-Lite spec holds quantities and money as the decimal text jxc prints (11,
    400.00), parsed as numbers by Vega: no float is made in Python."""
    pytest.importorskip("altair", reason="charts need the jxc[chart] extra")
    from jxc.api import open_ledger
    from jxc.reports.vega import sales_spec, stock_spec
    api = open_ledger(ledger(make_ledger).root)
    spec = sales_spec(api.sales_series(by="month"), "amount", "sales per month")
    assert spec["data"]["values"][1] == {"at": "2026-11", "qty": "5", "amount": "400.00"}
    assert spec["data"]["format"]["parse"] == {"qty": "number", "amount": "number"}
    assert spec["encoding"]["y"]["field"] == "amount"
    spec = stock_spec(api.stock_levels("TEA-001"), "TEA-001 on hand", "box")
    assert spec["data"]["values"][3] == {"at": "2026-11-12", "qty": "11", "label": "11 box"}
    assert spec["mark"]["interpolate"] == "step-after"


def test_chart_errors(make_ledger):
    lg = ledger(make_ledger)
    r = lg.run("chart", "stock", "TEA-01")
    assert r.exit_code == 1 and "unknown item 'TEA-01'" in r.stderr
    assert lg.run("chart", "stock", "TEA-001", "--by", "year").exit_code == 2
    assert lg.run("chart", "sales", "--by", "year").exit_code == 2


def test_a_picture_without_the_chart_extra_names_it(make_ledger, monkeypatch, tmp_path):
    """Without vl-convert installed: one line naming the extra, exit 1, no file."""
    import sys
    monkeypatch.setitem(sys.modules, "vl_convert", None)      # what an absent package looks like
    lg = ledger(make_ledger)
    r = lg.run("chart", "sales", str(tmp_path / "sales.png"))
    assert r.exit_code == 1
    assert r.stderr == "error: charts as pictures need vl-convert: pip install 'jxc[chart]'\n"
    assert not (tmp_path / "sales.png").exists()
