"""Write commands: open, buy, sell, transfer, writeoff, count, return, add.

Each builds the entry a user describes (written out in full, so it never depends
on today's settings or catalog later) and hands it to the API's write path.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from decimal import Decimal
from pathlib import Path
from typing import List, Literal, Optional

import typer
from typer._click.exceptions import UsageError  # typer >= 0.29 vendors click

from jxc.cli.common import WRITE_SETTINGS, confirm_plausible, default_party, guarded, ledger, print_written, replayed
from jxc.errors import LedgerError
from jxc.numbers import parse_decimal
from jxc.reports.period import parse_date

commands = typer.Typer()


_LINE = re.compile(r"(?P<qty>[+-]?[0-9][0-9_]*(\.[0-9]*)?|[+-]?\.[0-9]+)(?P<unit>[^\s@0-9.+-][^\s@]*)?"
                   r"(@(?P<price>\S+))?\Z")


def parse_lines(tokens: List[str], with_price: str, what: str = "QTY") -> list[dict]:
    """``ITEM QTY[UNIT][@PRICE] ...`` pairs → raw lines (items resolved to SKUs).

    ``with_price``: 'required', 'optional' or 'none'.
    """
    for t in tokens:
        if t.startswith("--"):
            raise UsageError(f"No such option: {t}")
    if not tokens or len(tokens) % 2:
        raise UsageError(f"expected ITEM {what} pairs, like TEA-001 100{'@52' if with_price != 'none' else ''}"
                               + (f"; '{tokens[-1]}' has no {what}" if tokens else ""))
    cat = ledger().catalog
    lines = []
    for item_text, spec in zip(tokens[::2], tokens[1::2]):
        item = cat.item_or_error(item_text, None, None)
        m = _LINE.match(spec)
        if not m:
            raise LedgerError(f"cannot read {spec!r} for {item_text}: write {what}[UNIT]"
                              + ("[@PRICE]" if with_price != "none" else "") + ", like 100, 2case or 100@52")
        qty = parse_decimal(m["qty"])
        if qty is None or (qty <= 0 and what == "QTY") or qty < 0:
            raise LedgerError(f"the quantity of {item_text} must be positive, got {m['qty']}")
        line = {"item": item.sku, ("counted" if what == "COUNTED" else "qty"): qty}
        if m["unit"]:
            unit = m["unit"]
            if unit != item.unit and unit not in item.units:
                from jxc.errors import closest
                known = [item.unit, *item.units]
                raise LedgerError(f"item '{item.sku}' has no unit '{unit}'{closest(unit, known)}"
                                  f" (its units: {', '.join(known)})")
            if unit != item.unit:
                line["unit"] = unit
        if m["price"] is not None:
            if with_price == "none":
                raise LedgerError(f"{spec!r}: a {what.lower()} here takes no price")
            price = parse_decimal(m["price"])
            if price is None or price < 0:
                raise LedgerError(f"the price of {item_text} must be a non-negative number, got {m['price']!r}")
            line["price"] = price
        elif with_price == "required":
            raise LedgerError(f"{item_text} {spec}: give a unit price as {spec}@PRICE")
        elif with_price == "sale":
            if item.price is None:
                raise LedgerError(f"{item_text} {spec}: item has no catalog price; give one as {spec}@PRICE")
            line["price"] = item.price * item.factor(line.get("unit"))
        lines.append(line)
    return lines


def _entry(kind: str, date: Optional[str], ref: Optional[str], note: Optional[str], **fields) -> dict:
    raw = {"date": parse_date(date or "today", "--date"), "type": kind}
    raw.update({k: v for k, v in fields.items() if v is not None})
    if ref:
        raw["ref"] = ref
    if note:
        raw["note"] = note
    return raw


def default_location() -> str:
    """The settings' default location, written out so the entry never depends on jxc.yaml later."""
    loc = ledger().settings.default_location
    if not loc:
        raise LedgerError("no location given and no default_location in jxc.yaml")
    return loc


def write(raws: list[dict], dry_run: bool, quiet: bool, source=None, lines=None) -> None:
    from jxc.write.commit import commit
    confirm_plausible(raws)
    done = commit(ledger(), raws, dry_run=dry_run, source=source, lines=lines)
    print_written(done, quiet)


DateOpt = typer.Option(None, "--date", "-d", help="Entry date (default today; also yesterday).")
RefOpt = typer.Option(None, "--ref", help="Outside document number.")
NoteOpt = typer.Option(None, "--note", help="A note.")
DryRun = typer.Option(False, "--dry-run", "-n", help="Print the entry, write nothing.")
Quiet = typer.Option(False, "--quiet", "-q", help="Print only the id.")
Lines = typer.Argument(..., metavar="ITEM QTY[@PRICE]...", help="Items and quantities.")


@commands.command(context_settings=WRITE_SETTINGS)
@guarded
def open(lines: List[str] = Lines, to: Optional[str] = typer.Option(None, "--to"),
         date: Optional[str] = DateOpt, ref: Optional[str] = RefOpt, note: Optional[str] = NoteOpt,
         dry_run: bool = DryRun, quiet: bool = Quiet):
    """Opening stock (期初): ITEM QTY@COST ..."""
    write([_entry("open", date, ref, note, to=to or default_location(), lines=parse_lines(lines, "required"))], dry_run, quiet)


@commands.command(context_settings=WRITE_SETTINGS)
@guarded
def buy(lines: List[str] = Lines,
        supplier: Optional[str] = typer.Option(None, "--from", help="Supplier (default: default_supplier of jxc.yaml)."),
        to: Optional[str] = typer.Option(None, "--to", help="Location."),
        date: Optional[str] = DateOpt, ref: Optional[str] = RefOpt, note: Optional[str] = NoteOpt,
        dry_run: bool = DryRun, quiet: bool = Quiet):
    """A purchase (采购入库): ITEM QTY@PRICE ... --from SUPPLIER"""
    write([_entry("buy", date, ref, note, **{"from": supplier or default_party("supplier")},
                  to=to or default_location(),
                  lines=parse_lines(lines, "required"))], dry_run, quiet)


@commands.command(context_settings=WRITE_SETTINGS)
@guarded
def sell(lines: List[str] = Lines,
         customer: Optional[str] = typer.Option(None, "--to", help="Customer (default: default_customer of jxc.yaml)."),
         src: Optional[str] = typer.Option(None, "--from", help="Location."),
         date: Optional[str] = DateOpt, ref: Optional[str] = RefOpt, note: Optional[str] = NoteOpt,
         dry_run: bool = DryRun, quiet: bool = Quiet):
    """A sale (销售出库): ITEM QTY[@PRICE] ... --to CUSTOMER (price defaults to the catalog's)."""
    write([_entry("sell", date, ref, note, **{"from": src or default_location()},
                  to=customer or default_party("customer"),
                  lines=parse_lines(lines, "sale"))], dry_run, quiet)


@commands.command(context_settings=WRITE_SETTINGS)
@guarded
def transfer(lines: List[str] = Lines, src: str = typer.Option(..., "--from"),
             to: str = typer.Option(..., "--to"),
             date: Optional[str] = DateOpt, ref: Optional[str] = RefOpt, note: Optional[str] = NoteOpt,
             dry_run: bool = DryRun, quiet: bool = Quiet):
    """A transfer between locations (调拨): ITEM QTY ... --from LOC --to LOC"""
    write([_entry("transfer", date, ref, note, **{"from": src}, to=to,
                  lines=parse_lines(lines, "none"))], dry_run, quiet)


@commands.command(context_settings=WRITE_SETTINGS)
@guarded
def writeoff(lines: List[str] = Lines, src: Optional[str] = typer.Option(None, "--from"),
             reason: Optional[str] = typer.Option(None, "--reason", help="Why (default: writeoff)."),
             date: Optional[str] = DateOpt, ref: Optional[str] = RefOpt, note: Optional[str] = NoteOpt,
             dry_run: bool = DryRun, quiet: bool = Quiet):
    """A write-off (报损): ITEM QTY ... [--reason damaged]"""
    if reason is not None and not re.fullmatch(r"[^\s:]+", reason):
        raise LedgerError(f"--reason is a name without spaces or ':', got {reason!r}")
    write([_entry("writeoff", date, ref, note, **{"from": src or default_location()}, to=reason,
                  lines=parse_lines(lines, "none"))], dry_run, quiet)


@commands.command(context_settings=WRITE_SETTINGS)
@guarded
def count(lines: Optional[List[str]] = typer.Argument(None, metavar="ITEM COUNTED..."),
          at: Optional[str] = typer.Option(None, "--at"),
          full: bool = typer.Option(False, "--full", help="Items not listed were counted as zero."),
          date: Optional[str] = DateOpt, ref: Optional[str] = RefOpt, note: Optional[str] = NoteOpt,
          dry_run: bool = DryRun, quiet: bool = Quiet):
    """A stocktake (盘点): ITEM COUNTED[@COST] ...; the difference to book is posted."""
    parsed = parse_lines(lines, "optional", "COUNTED") if lines or not full else []
    write([_entry("count", date, ref, note, at=at or default_location(), full=True if full else None, lines=parsed)],
          dry_run, quiet)


@commands.command("return", context_settings=WRITE_SETTINGS)
@guarded
def return_(of: str = typer.Argument(..., metavar="ID", help="The buy or sell returned."),
            lines: Optional[List[str]] = typer.Argument(None, metavar="[ITEM QTY]..."),
            date: Optional[str] = DateOpt, ref: Optional[str] = RefOpt, note: Optional[str] = NoteOpt,
            dry_run: bool = DryRun, quiet: bool = Quiet):
    """A return (退货) of part or all of a buy or sell; with no lines, all that is left of it."""
    lg = ledger()
    if lines:
        parsed = parse_lines(lines, "none")
    else:
        parsed = _remaining(lg, of)
    write([_entry("return", date, ref, note, of=of, lines=parsed)], dry_run, quiet)


def _remaining(lg, of: str) -> list[dict]:
    """What a buy or sell moved less what was already returned, item by item."""
    from jxc.errors import closest
    r = replayed(lg)
    orig = r.journal.by_id.get(of)
    if orig is None:
        raise LedgerError(f"no entry with id '{of}'{closest(of, r.journal.by_id)}")
    left: dict = {}
    for m in r.moves:
        if m.entry is orig:
            key = (m.item, m.lot)
            left[key] = left.get(key, Decimal(0)) + m.qty - m.returned_qty
    lines = []
    for (item, lot), q in left.items():
        if q > 0:
            ln = {"item": item, "qty": q}
            if lot:
                ln["lot"] = lot
            lines.append(ln)
    if not lines:
        raise LedgerError(f"'{of}' has nothing left to return")
    return lines


@commands.command()
@guarded
def add(file: str = typer.Argument("-", help="A file of YAML documents or JSON lines; - for stdin."),
        dry_run: bool = DryRun, quiet: bool = Quiet):
    """Add entries from YAML documents or JSON lines, all or none."""
    from jxc.write.intake import read_input
    text = sys.stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8")
    name = "<stdin>" if file == "-" else file
    raws, lines = read_input(text, name, ledger())
    if not raws:
        raise LedgerError("no entries to add", name)
    write(raws, dry_run, quiet, source=name, lines=lines)
