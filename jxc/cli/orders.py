"""Order commands: po, so, receive, ship, close (write) and orders (report).

Each builds the entry a user describes, written out in full (the due date, the
partner, the location and the prices of a receipt are copied from the order, so
the journal never depends on today's catalog), and hands it to the write path,
which judges it with the order rules of :mod:`jxc.ledger.orders`.
"""

from __future__ import annotations

import sys
from decimal import Decimal
from typing import List, Optional

import typer

from jxc.cli.common import AsOf, Format, Output, WRITE_SETTINGS, emit, guarded, ledger, replayed, valid, writes
from jxc.cli.entry import DateOpt, DryRun, Lines, NoteOpt, Quiet, RefOpt, _entry, default_location, parse_lines, write
from jxc.errors import LedgerError, closest
from jxc.ledger import orders as O
from jxc.reports.period import as_of_end, parse_date
from jxc.ledger.accounts import location_account

commands = typer.Typer()

IdOpt = typer.Option(None, "--id", help="The order number (default: one jxc makes), like PO-2026-0012.")
DueOpt = typer.Option(None, "--due", help="Due date (po default: date + the supplier's lead time).")


@commands.command(context_settings=WRITE_SETTINGS)
@guarded
@writes
def po(lines: List[str] = Lines, supplier: str = typer.Option(..., "--from", help="Supplier."),
       to: Optional[str] = typer.Option(None, "--to", help="Location the goods will arrive at."),
       due: Optional[str] = DueOpt, order_id: Optional[str] = IdOpt,
       date: Optional[str] = DateOpt, ref: Optional[str] = RefOpt, note: Optional[str] = NoteOpt,
       dry_run: bool = DryRun, quiet: bool = Quiet):
    """A purchase order (采购订单): ITEM QTY@PRICE ... --from SUPPLIER. Moves no stock."""
    lg = ledger()
    raw = _entry("po", date, ref, note, **{"from": supplier}, to=to or default_location(),
                 lines=parse_lines(lines, "required"))
    lg.catalog.check("supplier", supplier, None, None)
    raw["due"] = parse_date(due, "--due") if due else O.default_due("po", raw["date"], supplier, lg.catalog)
    if order_id:
        raw = {"id": order_id, **raw}
    write([raw], dry_run, quiet)


@commands.command(context_settings=WRITE_SETTINGS)
@guarded
@writes
def so(lines: List[str] = Lines, customer: str = typer.Option(..., "--to", help="Customer."),
       src: Optional[str] = typer.Option(None, "--from", help="Location the goods will leave from."),
       due: Optional[str] = DueOpt, order_id: Optional[str] = IdOpt,
       over_limit: bool = typer.Option(False, "--over-limit",
                                       help="Write it past the customer's credit limit."),
       date: Optional[str] = DateOpt, ref: Optional[str] = RefOpt, note: Optional[str] = NoteOpt,
       dry_run: bool = DryRun, quiet: bool = Quiet):
    """A sales order (销售订单): ITEM QTY[@PRICE] ... --to CUSTOMER. A backorder when not available."""
    lg = ledger()
    loc = src or default_location()
    raw = _entry("so", date, ref, note, **{"from": loc}, to=customer, lines=parse_lines(lines, "optional"))
    lg.catalog.check("customer", customer, None, None)
    lg.catalog.check("location", loc, None, None)
    raw["due"] = parse_date(due, "--due") if due else O.default_due("so", raw["date"], customer, lg.catalog)
    if over_limit:
        raw["over_limit"] = True
    if order_id:
        raw = {"id": order_id, **raw}
    short = _backorders(lg, raw, loc)
    write([raw], dry_run, quiet)
    for item, qty, avail in short:
        print(f"note: backorder: {qty} {item} more than the {avail} available at {loc}", file=sys.stderr)


def _backorders(lg, raw: dict, loc: str) -> list:
    """[(item, qty beyond available, available)] of a new so, before it is written."""
    r = valid(replayed(lg, None))
    expected = lg.order_book(replayed=r).expected()
    want: dict = {}
    for ln in raw["lines"]:
        q = ln["qty"] * lg.catalog.items[ln["item"]].factor(ln.get("unit"))
        want[ln["item"]] = want.get(ln["item"], Decimal(0)) + q
    out = []
    for item, q in want.items():
        avail = O.available(r.qty(location_account(loc), item), expected.get((loc, item), (0, Decimal(0)))[1])
        short = O.backorder(q, avail)
        if short > 0:
            out.append((item, short, avail))
    return out


def _order(lg, order_id: str, kind: str):
    """The order named on the command line, as the journal has it now."""
    ob = lg.order_book()
    o = ob.get(order_id)
    if o is not None and o.type != kind:
        raise LedgerError(f"'{order_id}' is a {o.type}: {'receive' if o.type == 'po' else 'ship'} it instead")
    if o is None:
        known = [x.id for x in ob.orders if x.type == kind]
        what = "purchase order" if kind == "po" else "sales order"
        raise LedgerError(f"no {what} '{order_id}'{closest(order_id, known)}")
    return o


def _fulfilment_lines(lg, o, tokens) -> list[dict]:
    """The lines of a receipt/shipment: as typed (prices default to the order's), else all outstanding."""
    if not tokens:
        if o.outstanding <= 0:
            raise LedgerError(O.nothing_expected(o.id, o.type, o.closed_on, True))
        lines: dict = {}
        for ln in o.lines:
            if ln.outstanding > 0:
                cur = lines.setdefault(ln.item, {"item": ln.item, "qty": Decimal(0), "price": ln.unit_price})
                cur["qty"] += ln.outstanding
        return list(lines.values())
    parsed = parse_lines(tokens, "optional", catalog=lg.catalog)
    prices = {ln.item: ln.unit_price for ln in o.lines}
    for ln in parsed:
        if "price" not in ln:
            # an item not on the order gets no price: the order rules refuse the line by name
            base = prices.get(ln["item"])
            ln["price"] = (base * lg.catalog.items[ln["item"]].factor(ln.get("unit"))
                           if base is not None else Decimal(0))
    return parsed


FulfilLines = typer.Argument(None, metavar="[ITEM QTY[@PRICE]]...")


def _fulfil(kind: str, order_id: str, tokens, date, ref, note, dry_run, quiet) -> None:
    """A buy against a po or a sell against a so, from the order's partner and location."""
    lg = ledger()
    o = _order(lg, order_id, "po" if kind == "buy" else "so")
    sides = {"from": o.partner, "to": o.location} if kind == "buy" else {"from": o.location, "to": o.partner}
    write([_entry(kind, date, ref, note, order=o.id, **sides, lines=_fulfilment_lines(lg, o, tokens))],
          dry_run, quiet)


def _fulfilling(kind: str, order_help: str, doc: str):
    """The command that fulfils an order: `receive` (a buy against a po) or `ship` (a sell
    against a so); the two differ only in the entry they write and their help."""
    def fulfil(order_id: str = typer.Argument(..., metavar="ORDER-ID", help=order_help),
               lines: Optional[List[str]] = FulfilLines,
               date: Optional[str] = DateOpt, ref: Optional[str] = RefOpt, note: Optional[str] = NoteOpt,
               dry_run: bool = DryRun, quiet: bool = Quiet):
        _fulfil(kind, order_id, lines, date, ref, note, dry_run, quiet)
    fulfil.__doc__ = doc
    return guarded(writes(fulfil))


receive = commands.command("receive", context_settings=WRITE_SETTINGS)(_fulfilling(
    "buy", "The purchase order.", "Receive goods against a purchase order (a buy); no lines: everything outstanding."))
ship = commands.command("ship", context_settings=WRITE_SETTINGS)(_fulfilling(
    "sell", "The sales order.", "Ship goods against a sales order (a sell); no lines: everything outstanding."))


@commands.command(context_settings=WRITE_SETTINGS)
@guarded
@writes
def close(order_id: str = typer.Argument(..., metavar="ORDER-ID", help="The po or so to close."),
          date: Optional[str] = DateOpt, note: Optional[str] = NoteOpt,
          dry_run: bool = DryRun, quiet: bool = Quiet):
    """Close an order: nothing more is expected (ends a backorder; with nothing fulfilled, cancels)."""
    write([_entry("close", date, None, note, of=order_id)], dry_run, quiet)


@commands.command("orders")
@guarded
def orders_(items: Optional[List[str]] = typer.Argument(None, metavar="[ITEM]..."),
            kind: Optional[str] = typer.Option(None, "--type", help="po or so."),
            status: Optional[str] = typer.Option(None, "--status",
                                                 help="open, partial, done, closed, cancelled (comma-separated)."),
            partner: Optional[str] = typer.Option(None, "--partner", help="Supplier or customer."),
            overdue: bool = typer.Option(False, "--overdue", help="Only lines outstanding past their due date."),
            as_of: Optional[str] = AsOf, output: Format = Output):
    """Purchase and sales orders: ordered, fulfilled, outstanding, status, days late."""
    import datetime as dt
    from jxc.reports.orders import orders as orders_report
    lg = ledger()
    if kind is not None and kind not in O.ORDER_KINDS:
        raise typer.BadParameter(f"{kind!r} is not po or so", param_hint="--type")
    statuses = None
    if status:
        statuses = {s.strip() for s in status.split(",")}
        for s in statuses:
            if s not in O.STATUSES:
                raise typer.BadParameter(f"{s!r} is not one of {', '.join(O.STATUSES)}{closest(s, O.STATUSES)}",
                                         param_hint="--status")
    end = as_of_end(as_of)
    day = end - dt.timedelta(days=1) if end else dt.date.today()
    r = valid(replayed(lg, end))
    skus = {lg.catalog.item_or_error(i, None, None).sku for i in items} if items else None
    emit(orders_report(lg.order_book(replayed=r), day, kind, statuses, partner, overdue, skus), output)
