"""The warehouse floor: landed costs, expiring lots, a barcode scanner (SPEC 10).

``jxc landed BUY-ID AMOUNT --from CARRIER [--by qty|value|equal]`` writes a landed
entry; ``jxc expiring [--within DAYS]`` lists lots expired or expiring; ``jxc scan
TYPE`` reads codes from standard input and writes one entry of that type.  Each
goes through the API and the normal write path; nothing is computed here.
"""

from __future__ import annotations

import sys
from decimal import Decimal
from typing import List, Literal, Optional

import typer

from jxc.cli.common import AsOf, Format, Output, emit, guarded, ledger, writes
from jxc.cli.entry import DateOpt, DryRun, NoteOpt, Quiet, RefOpt, _entry, write
from jxc.errors import LedgerError
from jxc.numbers import NumberError, read_decimal, read_whole

CENT = Decimal("0.01")

commands = typer.Typer()


@commands.command()
@guarded
@writes
def landed(of: str = typer.Argument(..., metavar="BUY-ID", help="The buy whose goods the cost is for."),
           amount: str = typer.Argument(..., metavar="AMOUNT", help="The freight, duty, ... (exact to the cent)."),
           carrier: str = typer.Option(..., "--from", help="Who is owed it: a supplier (the carrier)."),
           by: Literal["qty", "value", "equal"] = typer.Option("qty", "--by",
                                                              help="Split over the buy's lines by quantity,"
                                                                   " by value, or equally."),
           date: Optional[str] = DateOpt, ref: Optional[str] = RefOpt, note: Optional[str] = NoteOpt,
           dry_run: bool = DryRun, quiet: bool = Quiet):
    """A landed cost (到岸成本): AMOUNT added to the cost of the goods of BUY-ID, payable to --from.

    Prints the entry, then each line of the buy with its share.  The last line takes what
    rounding leaves, so the shares sum exactly; goods already sold take their share into
    cogs on this entry's date."""
    try:
        value = read_decimal(amount)
    except NumberError as e:
        raise LedgerError(f"AMOUNT must be a number, got {e}") from None
    if value == value.quantize(CENT):
        value = value.quantize(CENT)        # money is written with its 2 decimals
    write([_entry("landed", date, ref, note, of=of, **{"from": carrier}, amount=value, by=by)], dry_run, quiet)
    if not quiet:
        emit(ledger().landed_split(of, value, by), "table")


@commands.command()
@guarded
def expiring(items: Optional[List[str]] = typer.Argument(None, metavar="[ITEM]..."),
             within: str = typer.Option("30", "--within", metavar="DAYS",
                                        help="Expiring within DAYS of --as-of (expired lots always show)."),
             at: Optional[str] = typer.Option(None, "--at", help="Only this location."),
             as_of: Optional[str] = AsOf, output: Format = Output):
    """Lots on hand that have expired or expire within DAYS (default 30), with their value."""
    try:
        days = read_whole(within)
    except NumberError as e:
        raise typer.BadParameter(str(e), param_hint="--within") from None
    emit(ledger().expiring(days, as_of, items, at), output)



@commands.command()
@guarded
@writes
def scan(kind: Literal["sell", "buy", "count", "transfer", "writeoff"] = typer.Argument(..., metavar="TYPE"),
         src: Optional[str] = typer.Option(None, "--from", help="Location (sell, transfer, writeoff) or supplier (buy)."),
         to: Optional[str] = typer.Option(None, "--to", help="Customer (sell), location (buy, transfer)."),
         at: Optional[str] = typer.Option(None, "--at", help="Location counted (count)."),
         full: bool = typer.Option(False, "--full", help="count: items not scanned were counted as zero."),
         reason: Optional[str] = typer.Option(None, "--reason", help="writeoff: why."),
         date: Optional[str] = DateOpt, ref: Optional[str] = RefOpt, note: Optional[str] = NoteOpt,
         dry_run: bool = DryRun, quiet: bool = Quiet):
    """Scan codes from standard input into one entry of TYPE (sell, buy, count, transfer, writeoff).

    One code a line: a SKU or barcode (one unit each), a GS1 string with (01) GTIN, (10) lot,
    (17) expiry and (30)/(37) count, or *N for the quantity of the next code.  An empty line
    or the end of input shows the summary and writes the entry; unknown codes are reported
    and skipped."""
    from jxc.write.scan import read_scan
    lg = ledger()
    got = read_scan(sys.stdin, lg.catalog)
    for no, code, why in got.unknown:
        print(f"<stdin>:{no}: warning: skipped {code!r}: {why}", file=sys.stderr)
    if not got.lines:
        raise LedgerError("nothing scanned: no entry written", "<stdin>")
    if not quiet:
        print(f"scanned {got.codes} code{'s' if got.codes != 1 else ''}"
              f" ({len(got.unknown)} skipped) into {len(got.lines)} line{'s' if len(got.lines) != 1 else ''}",
              file=sys.stderr)
    write([_scanned_entry(lg, kind, got.lines, src, to, at, full, reason, date, ref, note)], dry_run, quiet)


def _scanned_entry(lg, kind: str, lines: list, src, to, at, full: bool, reason, date, ref, note) -> dict:
    """The entry a scan writes: the lines, with the options of that write command."""
    from jxc.cli.common import default_party
    from jxc.cli.entry import default_location
    from jxc.write.drafts import settlement_fields
    from jxc.reports.period import parse_date
    from jxc.write.fefo import lines_with_lots
    if kind == "count":
        counted = [{"item": ln["item"], "counted": ln["qty"], **{k: ln[k] for k in ("lot", "expiry") if k in ln}}
                   for ln in lines]
        return _entry("count", date, ref, note, at=at, full=True if full else None, lines=counted)
    if kind == "transfer":
        if not src or not to:
            raise LedgerError("scan transfer needs --from LOC and --to LOC")
        return _entry("transfer", date, ref, note, **{"from": src}, to=to, lines=lines)
    if kind == "writeoff":
        return _entry("writeoff", date, ref, note, **{"from": src}, to=reason, lines=lines)
    if kind == "buy":
        lines = [_at_catalog_cost(lg, ln) for ln in lines]
        supplier = src or default_party("supplier")
        loc = to or default_location()
        money = settlement_fields(lg, "buy", supplier, lines, None, None, None, False, loc)
        return _entry("buy", date, ref, note, **{"from": supplier}, to=loc, **money, lines=lines)
    customer = to or default_party("customer")
    loc = src or default_location()
    lines = lines_with_lots(lg, "sell", loc, parse_date(date or "today", "--date"), lines)
    money = settlement_fields(lg, "sell", customer, lines, None, None, None, False, loc)
    return _entry("sell", date, ref, note, **{"from": loc}, to=customer, **money, lines=lines)


def _at_catalog_cost(lg, ln: dict) -> dict:
    """A scanned purchase line at the item's catalog ``cost`` (a scanner reads no prices)."""
    item = lg.catalog.items[ln["item"]]
    if item.cost is None:
        raise LedgerError(f"scan buy: item '{item.sku}' has no catalog cost to buy it at; set one with"
                          f" jxc item set {item.sku} cost PRICE, or use jxc buy {item.sku} QTY@PRICE")
    return {**ln, "price": item.cost}
