"""The forms that write: buy, sell, transfer, count, receive, ship, collect, pay.

``GET /sell`` shows the form (and never writes, whatever its query string says);
``POST /sell`` checks the CSRF token and read-only mode (:func:`jxc.web.guard.checked_form`),
builds the entry the `jxc sell` command would (:mod:`jxc.web.entries`) and writes it with
:meth:`jxc.api.Ledger.commit`: lock, validation of the whole ledger with it, atomic
write.  A refused write shows the engine's message beside the field it is about and
writes nothing; a written one redirects to the entry's page (its id and journal text),
so reloading that page never writes twice.  Input that is valid but looks like a slip
(a barcode typed as a quantity) is shown back with a box to tick, as the CLI asks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from starlette.concurrency import run_in_threadpool
from starlette.responses import RedirectResponse
from starlette.routing import Route

from jxc.errors import LedgerError
from jxc.web.entries import BUILDERS, FieldError, Form, warnings_of
from jxc.web.guard import Refused, checked_form

BLANK_LINES = 3     # empty item rows a new form shows (the page can add more)


@dataclass(frozen=True)
class Field:
    """One field of a form: its name (the CLI option's), label, kind and choices."""

    name: str
    label: str
    kind: str = "text"            # text | select | date | amount | check
    choices: str | None = None    # catalog section of a select: location, customer, ...
    default: str | None = None    # the jxc.yaml setting giving its default value


@dataclass(frozen=True)
class FormPage:
    name: str
    title: str
    fields: tuple
    prices: str | None = "none"   # the line's price: required | sale | optional | none; None: no lines
    help: str = ""


DATE, REF, NOTE = Field("date", "Date", "date"), Field("ref", "Ref"), Field("note", "Note")
PAID = (Field("paid", "Paid at once (现款)", "check"), Field("account", "Money account", "select", "account",
                                                             "default_account"))
FORMS = (
    FormPage("sell", "Sell (销售出库)", (Field("to", "Customer", "select", "customer", "default_customer"),
                                        Field("from", "From location", "select", "location", "default_location"),
                                        *PAID, Field("over_limit", "Past the credit limit", "check"),
                                        DATE, REF, NOTE), "sale",
             "A price left empty is the item's catalog price."),
    FormPage("buy", "Buy (采购入库)", (Field("from", "Supplier", "select", "supplier", "default_supplier"),
                                      Field("to", "To location", "select", "location", "default_location"),
                                      *PAID, DATE, REF, NOTE), "required"),
    FormPage("transfer", "Transfer (调拨)", (Field("from", "From location", "select", "location"),
                                            Field("to", "To location", "select", "location"), DATE, REF, NOTE)),
    FormPage("count", "Stocktake (盘点)", (Field("at", "Location", "select", "location", "default_location"),
                                          DATE, REF, NOTE), "none",
             "Scan or type a code, then its quantity; items not listed are left as they are."),
    FormPage("receive", "Receive a purchase order (收货)", (Field("order", "Purchase order", "select", "po"),
                                                          DATE, REF, NOTE), "optional",
             "No lines: everything still outstanding. A price left empty is the order's."),
    FormPage("ship", "Ship a sales order (发货)", (Field("order", "Sales order", "select", "so"),
                                                 DATE, REF, NOTE), "optional",
             "No lines: everything still outstanding."),
    FormPage("collect", "Collect from a customer (收款)", (Field("from", "Customer", "select", "customer"),
                                                         Field("amount", "Amount", "amount"),
                                                         Field("account", "Into account", "select", "account",
                                                               "default_account"),
                                                         Field("of", "Documents (ids, optional)"),
                                                         DATE, REF, NOTE), None,
             "Without documents the amount goes to the oldest open ones first."),
    FormPage("pay", "Pay a supplier (付款)", (Field("to", "Supplier", "select", "supplier"),
                                            Field("amount", "Amount", "amount"),
                                            Field("account", "From account", "select", "account",
                                                  "default_account"),
                                            Field("of", "Documents (ids, optional)"), DATE, REF, NOTE), None,
             "Without documents the amount goes to the oldest open ones first."),
)
BY_NAME = {f.name: f for f in FORMS}


def choices(lg, section: str) -> list:
    """[(code, label)] for a select: catalog names with their names, or open orders."""
    if section in ("po", "so"):
        book = lg.order_book()
        return [(o.id, f"{o.id} · {o.partner} · due {o.due}") for o in book.orders
                if o.type == section and o.status in ("open", "partial")]
    records = lg.catalog.section(section)
    return [(code, f"{code} · {rec.name}" if getattr(rec, "name", None) else code) for code, rec in records.items()]


def context(lg, page: FormPage, form: Form, errors: dict | None = None, problems=(), warnings=()) -> dict:
    """What the form's template needs: fields with their choices and values, line rows,
    errors by field, the engine's problems, and warnings to confirm."""
    values = dict(form.fields)
    for f in page.fields:
        if f.name not in values and f.default:
            values[f.name] = getattr(lg.settings, f.default, None) or ""
    ks = form.line_numbers() if page.prices is not None else []
    rows = ks + [max(ks, default=-1) + 1 + i for i in range(BLANK_LINES if not ks else 1)]
    return {"title": page.title, "form": page, "values": values, "rows": rows,
            "selects": {f.name: choices(lg, f.choices) for f in page.fields if f.kind == "select"},
            "items": [(sku, it.name, it.unit) for sku, it in lg.catalog.items.items()],
            "errors": errors or {}, "problems": list(problems), "warnings": list(warnings)}


def field_of(message: str, raw: dict | None) -> str | None:
    """The line field a refusal of the engine is about: the quantity of the item it names."""
    for k, ln in enumerate((raw or {}).get("lines") or ()):
        if re.search(rf"(?<![\w-]){re.escape(str(ln.get('item')))}(?![\w-])", message):
            return f"qty_{k}"
    return None


def _write(lg, page: FormPage, form: Form):
    """Build and write the entry: ('written', id), or ('confirm', warnings) when the input
    looks like a slip and the box 'write it anyway' was not ticked."""
    raw = BUILDERS[page.name](lg, form)
    warnings = warnings_of(lg, raw)
    if warnings and not form.flag("confirm"):
        return "confirm", warnings, raw
    done = lg.commit([raw])
    return "written", done[0][0].id, raw


def routes(site) -> list:
    def handlers(page: FormPage):
        async def show(request):
            form = Form.of(request.query_params)    # prefilled from links (?item_0=TEA-001); never written
            try:
                ctx = await run_in_threadpool(lambda: context(site.ledger(), page, form))
            except LedgerError as e:
                return site.problem(request, str(e.problem.message))
            return site.page(request, "count.html" if page.name == "count" else "form.html", **ctx)

        async def submit(request):
            try:
                form = Form.of(await checked_form(request, site.options))
            except Refused as e:
                return site.problem(request, e.message, e.status)

            def work():
                lg = site.ledger()
                try:
                    kind, out, raw = _write(lg, page, form)
                except FieldError as e:
                    return 400, context(lg, page, form, {e.field: e.problem.message})
                except LedgerError as e:
                    raw = _safe_raw(lg, page, form)
                    errors = {}
                    for p in e.problems:
                        errors.setdefault(field_of(p.message, raw) or "", p.message)
                    return 400, context(lg, page, form, {k: v for k, v in errors.items() if k},
                                        [str(p) for p in e.problems])
                if kind == "confirm":
                    return 200, context(lg, page, form, warnings=out)
                return 303, out

            try:
                status, out = await run_in_threadpool(work)
            except LedgerError as e:
                return site.problem(request, str(e.problem.message))
            if status == 303:
                return RedirectResponse(f"/entry/{out}?written=1", status_code=303)
            return site.page(request, "count.html" if page.name == "count" else "form.html", status=status, **out)

        return show, submit

    out = []
    for page in FORMS:
        show, submit = handlers(page)
        out += [Route(f"/{page.name}", show, methods=["GET"]), Route(f"/{page.name}", submit, methods=["POST"])]
    return out


def _safe_raw(lg, page: FormPage, form: Form) -> dict | None:
    """The entry the form describes, to place the engine's message; None if it cannot be built."""
    try:
        return BUILDERS[page.name](lg, form)
    except LedgerError:
        return None
