"""The pages that read: dashboard, stock, an item, an entry, open orders, the reports.

Each handler asks the API for reports and hands them to a template; the ledger work
runs in a worker thread (a large journal never stalls the server).  A problem in the
ledger or in what was asked is the engine's message on the page, never a traceback.
"""

from __future__ import annotations

import datetime as dt
import json

from starlette.concurrency import run_in_threadpool
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from jxc.errors import LedgerError
from jxc.web.entries import FieldError
from jxc.web.reports import BY_NAME, REPORTS, choices_of, download, run

DASHBOARD_WEEKS = 12     # weeks of sales the dashboard's chart shows


def view(site, fn):
    """A GET handler: ``fn(lg, request)`` → (template, context) or a Response, run in a
    worker thread; a LedgerError becomes a page with its message (status 400)."""
    async def handler(request):
        def work():
            lg = site.ledger()
            return fn(lg, request)
        try:
            out = await run_in_threadpool(work)
        except LedgerError as e:
            return site.problem(request, str(e.problem.message))
        if isinstance(out, Response):
            return out
        template, context = out
        return site.page(request, template, **context)
    return handler


def chart(spec: dict, label: str) -> dict:
    """A chart for a template: the Vega-Lite spec as JSON text, drawn in the page by vega-embed."""
    return {"spec": json.dumps(spec, ensure_ascii=False), "label": label}


def named(lg, report):
    from jxc.reports.render import with_names
    return with_names(report, lg.catalog)


def dashboard(lg, request):
    """Stock value, sales per week as a chart, items to reorder, receivables overdue,
    open orders and (when the ledger has the feature) lots expiring."""
    from jxc.reports.period import Period
    from jxc.numbers import fmt_money
    from jxc.reports.vega import sales_spec
    today = dt.date.today()
    value = lg.value()
    total = value.totals[[c.name for c in value.columns].index("value")] if value.totals else 0
    monday = today - dt.timedelta(days=today.weekday() + 7 * (DASHBOARD_WEEKS - 1))
    next_monday = today + dt.timedelta(days=7 - today.weekday())
    series = lg.sales_series(by="week", period=Period(monday, next_monday))
    context = {
        "title": lg.settings.name or "jxc",
        "stock_value": fmt_money(total),
        "sales": chart(sales_spec(series, "amount", f"sales per week, last {DASHBOARD_WEEKS} weeks", "week"),
                       "sales per week"),
        "reorder": named(lg, lg.reorder()),
        "overdue": named(lg, lg.receivables(overdue=True)),
        "orders": named(lg, lg.orders(statuses=("open", "partial"))),
        "expiring": named(lg, lg.expiring()),
        "currency": lg.settings.currency,
    }
    return "dashboard.html", context


def matching_items(catalog, text: str) -> set:
    """SKUs of the items whose SKU, barcode, name or category contains ``text`` (any case)."""
    t = text.casefold()
    return {sku for sku, it in catalog.items.items()
            if any(t in (v or "").casefold() for v in (sku, it.barcode, it.name, it.category))}


def stock(lg, request):
    """Stock on hand with its value, searched by code, barcode, name or category, at one
    location or all."""
    q = (request.query_params.get("q") or "").strip()
    at = request.query_params.get("at") or None
    if at:
        at = lg.catalog.check("location", at, None, None)
    skus = matching_items(lg.catalog, q) if q else None
    report = named(lg, lg.stock(skus, at=at, value=True)) if skus is None or skus else None
    return "stock.html", {"title": "Stock", "q": q, "at": at or "", "report": report,
                          "locations": lg.catalog.locations}


def item(lg, request):
    """One item: its catalog record, its stock card (库存台账) and its stock over time."""
    from jxc.reports.vega import stock_spec
    it = lg.catalog.item_or_error(request.path_params["sku"], None, None)
    at = request.query_params.get("at") or None
    if at:
        at = lg.catalog.check("location", at, None, None)
    points = lg.stock_levels(it.sku, at)
    title = f"{it.sku} on hand" + (f" at {at}" if at else "")
    return "item.html", {"title": f"{it.sku} {it.name}", "item": it, "at": at or "",
                         "locations": lg.catalog.locations,
                         "card": named(lg, lg.card(it.sku, at)),
                         "levels": chart(stock_spec(points, title, it.unit), title) if points else None}


def entry(lg, request):
    """One entry as the journal has it (canonical YAML): what a form just wrote."""
    import io

    from jxc.reports.period import Period
    from jxc.write.canonical import print_entries
    eid = request.path_params["id"]
    out = io.StringIO()
    print_entries(lg, out, Period(), None, None, "yaml", keep=lambda e: e.id == eid)
    if not out.getvalue():
        raise LedgerError(f"no entry with id '{eid}'")
    return "entry.html", {"title": f"Entry {eid}", "id": eid, "text": out.getvalue(),
                          "written": request.query_params.get("written") == "1"}


def lookup(lg, request):
    """An item by SKU or barcode as JSON ``{sku, name, unit}`` (the stocktake page's
    scanner field); 404 with the engine's message when unknown."""
    code = (request.query_params.get("code") or "").strip()
    try:
        it = lg.catalog.item_or_error(code, None, None)
    except LedgerError as e:
        return JSONResponse({"error": e.problem.message}, status_code=404)
    return JSONResponse({"sku": it.sku, "name": it.name, "unit": it.unit})


def orders(lg, request):
    """Orders still expected (open or partly fulfilled), each with a way to receive or ship it."""
    report = lg.orders(statuses=("open", "partial"))
    order_ids = list(dict.fromkeys((r["id"], r["type"]) for r in report.records()))
    return "orders.html", {"title": "Open orders", "report": named(lg, report), "order_ids": order_ids}


def reports_index(lg, request):
    return "reports.html", {"title": "Reports", "reports": REPORTS}


def report(lg, request):
    """One report with its choices; ``?format=csv|xlsx`` downloads it."""
    page = BY_NAME.get(request.path_params["name"])
    if page is None:
        from jxc.errors import closest
        name = request.path_params["name"]
        raise LedgerError(f"no report '{name}'{closest(name, BY_NAME)}")
    context = {"title": page.title, "page": page, "report": None, "field": None, "error": None,
               "partners": [*lg.catalog.customers, *lg.catalog.suppliers], "query": request.query_params}
    try:
        c = choices_of(page, request.query_params)
    except FieldError as e:
        if e.field == "partner" and not request.query_params.get("partner"):
            return "report.html", context        # a statement asks for its partner first
        return "report.html", {**context, "field": e.field, "error": e.problem.message}
    rep = run(lg, page, c)
    fmt = request.query_params.get("format")
    if fmt:
        body, media, name = download(rep, fmt, page.name)
        return Response(body, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'})
    return "report.html", {**context, "report": rep, "choices": c}


def routes(site) -> list:
    return [
        Route("/", view(site, dashboard)),
        Route("/stock", view(site, stock)),
        Route("/item/{sku}", view(site, item)),
        Route("/entry/{id}", view(site, entry)),
        Route("/lookup", view(site, lookup)),
        Route("/orders", view(site, orders)),
        Route("/reports", view(site, reports_index)),
        Route("/reports/{name}", view(site, report)),
    ]
