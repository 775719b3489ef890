"""Write commands: open, buy, sell, transfer, writeoff, count, return, add.

Each builds the entry a user describes and hands it to the API's write path, which
writes today's defaults (location, sale price) into it, so it never depends on the
settings or catalog later (:mod:`jxc.write.complete`).
"""

from __future__ import annotations

import re
import sys
from decimal import Decimal
from pathlib import Path
from typing import List, Optional

import typer
from typer._click.exceptions import UsageError  # typer >= 0.29 vendors click

from jxc.cli.common import (WRITE_SETTINGS, IgnoreErrors, confirm_plausible, default_party, guarded,
                            implausible_input, ledger, print_written, replayed, session, warn, writes)
from jxc.errors import LedgerError
from jxc.write.fefo import lines_with_lots
from jxc.reports.period import parse_date

commands = typer.Typer()


def parse_lines(tokens: List[str], with_price: str, what: str = "QTY", catalog=None) -> list[dict]:
    """``ITEM QTY[UNIT][@PRICE] ...`` pairs → raw lines (items resolved to SKUs), each read
    by :func:`jxc.write.lines.read_line` (the web forms' reader too).

    ``with_price``: 'required', 'optional', 'sale' or 'none'.  A sale price left out is
    written in by :func:`jxc.write.complete.complete_entry`, as for every write path.
    ``catalog``: the catalog names are resolved in (default: this invocation's ledger's).
    A lot follows ``#`` and its expiry ``@@`` (``5@120#2024A@@2027-06-30``); ``--expiry
    DATE`` among the words gives the expiry of every line that names a lot and none of its own.
    """
    from jxc.write.lines import read_line
    tokens, expiry = _expiry_option(tokens)
    for t in tokens:
        if t.startswith("--"):
            raise UsageError(f"No such option: {t}")
    if not tokens or len(tokens) % 2:
        raise UsageError(f"expected ITEM {what} pairs, like TEA-001 100{'@52' if with_price != 'none' else ''}"
                               + (f"; '{tokens[-1]}' has no {what}" if tokens else ""))
    cat = catalog if catalog is not None else ledger().catalog
    return [read_line(cat, item_text, spec, with_price, what, expiry)
            for item_text, spec in zip(tokens[::2], tokens[1::2])]


def _expiry_option(tokens: List[str]) -> tuple[list, Optional[str]]:
    """The words without ``--expiry DATE`` (or ``--expiry=DATE``), and that DATE."""
    out, expiry, k = [], None, 0
    while k < len(tokens):
        t = tokens[k]
        if t == "--expiry":
            if k + 1 >= len(tokens):
                raise UsageError("--expiry needs a date, like --expiry 2027-06-30")
            expiry = tokens[k + 1]
            k += 2
            continue
        if t.startswith("--expiry="):
            expiry = t.partition("=")[2]
        else:
            out.append(t)
        k += 1
    return out, expiry


def _entry(kind: str, date: Optional[str], ref: Optional[str], note: Optional[str], **fields) -> dict:
    raw = {"date": parse_date(date or "today", "--date"), "type": kind}
    raw.update({k: v for k, v in fields.items() if v is not None})
    if ref:
        raw["ref"] = ref
    if note:
        raw["note"] = note
    return raw


def default_location() -> str:
    """The settings' default location, for a command that needs it before writing (the
    write path writes it into every entry that names none: :mod:`jxc.write.complete`)."""
    loc = ledger().settings.default_location
    if not loc:
        raise LedgerError("no location given and no default_location in jxc.yaml")
    return loc


def write(raws: list[dict], dry_run: bool, quiet: bool, source=None, lines=None,
          ignore_errors: bool = False) -> None:
    from jxc.write.commit import commit
    warnings = implausible_input(raws)
    if warnings and not dry_run:
        # an entry that would be refused anyway gets its error, not a question first
        commit(ledger(), raws, dry_run=True, source=source, lines=lines, ignore_errors=ignore_errors)
    confirm_plausible(warnings, ask=not dry_run)
    done = commit(ledger(), raws, dry_run=dry_run, source=source, lines=lines,
                  ignore_errors=ignore_errors)
    print_written(done, quiet)


DateOpt = typer.Option(None, "--date", "-d", help="Entry date: YYYY-MM-DD, YYYY/MM/DD, YYYYMMDD, today, yesterday, tomorrow.")
RefOpt = typer.Option(None, "--ref", help="Outside document number.")
NoteOpt = typer.Option(None, "--note", help="A note.")
DryRun = typer.Option(False, "--dry-run", "-n", help="Print the entry, write nothing.")
Quiet = typer.Option(False, "--quiet", "-q", help="Print only the id.")
Lines = typer.Argument(..., metavar="ITEM QTY[@PRICE]...",
                       help="Items and quantities; a lot as QTY@PRICE#LOT or QTY#LOT, its expiry as #LOT@@DATE"
                            " or --expiry DATE (docs/lots.md).")


@commands.command(context_settings=WRITE_SETTINGS)
@guarded
@writes
def open(lines: List[str] = Lines, to: Optional[str] = typer.Option(None, "--to"),
         date: Optional[str] = DateOpt, ref: Optional[str] = RefOpt, note: Optional[str] = NoteOpt,
         dry_run: bool = DryRun, quiet: bool = Quiet):
    """Opening stock (期初): ITEM QTY@COST ..."""
    write([_entry("open", date, ref, note, to=to, lines=parse_lines(lines, "required"))], dry_run, quiet)


Account = typer.Option(None, "--account", help="Money account of --paid (default: default_account).")
Due = typer.Option(None, "--due", help="Due date (default: date + the partner's terms_days).")


@commands.command(context_settings=WRITE_SETTINGS)
@guarded
@writes
def buy(lines: List[str] = Lines,
        supplier: Optional[str] = typer.Option(None, "--from", help="Supplier (default: default_supplier of jxc.yaml)."),
        to: Optional[str] = typer.Option(None, "--to", help="Location."),
        account: Optional[str] = Account, due: Optional[str] = Due,
        date: Optional[str] = DateOpt, ref: Optional[str] = RefOpt, note: Optional[str] = NoteOpt,
        dry_run: bool = DryRun, quiet: bool = Quiet):
    """A purchase (采购入库): ITEM QTY@PRICE ... --from SUPPLIER [--paid [AMOUNT]]

    --paid [AMOUNT]: paid at once, in full or AMOUNT of it, from --account."""
    _trade("buy", lines, supplier, to, account, due, False, date, ref, note, dry_run, quiet)


@commands.command(context_settings=WRITE_SETTINGS)
@guarded
@writes
def sell(lines: List[str] = Lines,
         customer: Optional[str] = typer.Option(None, "--to", help="Customer (default: default_customer of jxc.yaml)."),
         src: Optional[str] = typer.Option(None, "--from", help="Location."),
         account: Optional[str] = Account, due: Optional[str] = Due,
         over_limit: bool = typer.Option(False, "--over-limit", help="Write it past the customer's credit limit."),
         date: Optional[str] = DateOpt, ref: Optional[str] = RefOpt, note: Optional[str] = NoteOpt,
         dry_run: bool = DryRun, quiet: bool = Quiet):
    """A sale (销售出库): ITEM QTY[@PRICE] ... --to CUSTOMER [--paid [AMOUNT]] (price defaults to the catalog's).

    --paid [AMOUNT]: paid at once, in full or AMOUNT of it, into --account."""
    _trade("sell", lines, customer, src, account, due, over_limit, date, ref, note, dry_run, quiet)


def _trade(kind: str, lines, party, location, account, due, over_limit, date, ref, note, dry_run, quiet):
    """A buy (from a supplier into a location) or a sell (from a location to a customer) as
    typed: the partner and location default from jxc.yaml, a buy's lines need a price
    and a sale's default to the catalog's, and ``--paid`` becomes the entry's money."""
    from jxc.cli.paid import split_paid
    from jxc.write.drafts import settlement_fields
    lines, paid = split_paid(lines)
    party = party or default_party("supplier" if kind == "buy" else "customer")
    parsed = parse_lines(lines, "required" if kind == "buy" else "sale")
    location = location or default_location()
    if kind == "sell":      # a sale paid at once is paid for the lots FEFO will write
        parsed = lines_with_lots(ledger(), kind, location, parse_date(date or "today", "--date"), parsed)
    money = settlement_fields(ledger(), kind, party, parsed, paid, account, due, over_limit, location)
    sides = {"from": party, "to": location} if kind == "buy" else {"from": location, "to": party}
    write([_entry(kind, date, ref, note, **sides, **money, lines=parsed)], dry_run, quiet)


@commands.command(context_settings=WRITE_SETTINGS)
@guarded
@writes
def transfer(lines: List[str] = Lines, src: str = typer.Option(..., "--from"),
             to: str = typer.Option(..., "--to"),
             date: Optional[str] = DateOpt, ref: Optional[str] = RefOpt, note: Optional[str] = NoteOpt,
             dry_run: bool = DryRun, quiet: bool = Quiet):
    """A transfer between locations (调拨): ITEM QTY ... --from LOC --to LOC"""
    write([_entry("transfer", date, ref, note, **{"from": src}, to=to,
                  lines=parse_lines(lines, "none"))], dry_run, quiet)


@commands.command(context_settings=WRITE_SETTINGS)
@guarded
@writes
def writeoff(lines: List[str] = Lines, src: Optional[str] = typer.Option(None, "--from"),
             reason: Optional[str] = typer.Option(None, "--reason", help="Why (default: writeoff)."),
             date: Optional[str] = DateOpt, ref: Optional[str] = RefOpt, note: Optional[str] = NoteOpt,
             dry_run: bool = DryRun, quiet: bool = Quiet):
    """A write-off (报损): ITEM QTY ... [--reason damaged]"""
    if reason is not None and not re.fullmatch(r"[^\s:]+", reason):
        raise LedgerError(f"--reason is a name without spaces or ':', got {reason!r}")
    write([_entry("writeoff", date, ref, note, **{"from": src}, to=reason,
                  lines=parse_lines(lines, "none"))], dry_run, quiet)


@commands.command(context_settings=WRITE_SETTINGS)
@guarded
@writes
def count(lines: Optional[List[str]] = typer.Argument(None, metavar="ITEM COUNTED...",
                                                      help="Items and what was counted; a lot as COUNTED#LOT."),
          at: Optional[str] = typer.Option(None, "--at"),
          full: bool = typer.Option(False, "--full", help="Items not listed were counted as zero."),
          yes: bool = typer.Option(False, "--yes", "-y", help="With --full: set the unlisted items to zero"
                                                              " without asking."),
          date: Optional[str] = DateOpt, ref: Optional[str] = RefOpt, note: Optional[str] = NoteOpt,
          dry_run: bool = DryRun, quiet: bool = Quiet):
    """A stocktake (盘点): ITEM COUNTED[@COST] ...; the difference to book is posted.

    Prints the entry, then book, counted and difference per line (also with --dry-run;
    with -o json only the entry, as every write).
    --full lists every item it sets to zero; on a terminal it asks first (--yes does not).
    """
    parsed = parse_lines(lines, "optional", "COUNTED") if lines or not full else []
    raw = _entry("count", date, ref, note, at=at, full=True if full else None, lines=parsed)
    sheet = _count_sheet(raw)
    if sheet is not None and full and not (yes or dry_run) and _on_terminal():
        _confirm_zeroed(sheet)
    write([raw], dry_run, quiet)
    # -o json promises one JSON line a write (scripts parse it): the sheet is for people
    if sheet is not None and not quiet and session().output_format != "json":
        from jxc.cli.common import emit
        emit(sheet, "table")


def _count_sheet(raw: dict):
    """Book, counted and difference of the count ``raw`` at its point of the journal, from a
    replay with it (None when the ledger with it has problems: the write reports them)."""
    from jxc.reports.count import count_sheet
    from jxc.write.commit import prepare, validate
    lg = ledger()
    entry = prepare(lg, [raw])[0][0]
    r, _c, problems = validate(lg, [entry])
    return None if problems else count_sheet(r, entry)


def _on_terminal() -> bool:
    """Someone at a terminal can answer a question; a script's stdin is not one."""
    return sys.stdin.isatty()


def _confirm_zeroed(sheet) -> None:
    """--full on a terminal: list the items it sets to zero and ask before writing."""
    from jxc.cli.common import emit
    from jxc.reports.count import zeroed_items
    zero = zeroed_items(sheet)
    if not zero:
        return
    emit(sheet, "table")
    if not typer.confirm(f"--full sets {len(zero)} item{'s' if len(zero) != 1 else ''} not listed to zero."
                         " Write the count?", default=False, err=True):
        raise LedgerError(f"count not written: --full would set {len(zero)} item(s) to zero"
                          " (check the list, then pass --yes)")


@commands.command("return", context_settings=WRITE_SETTINGS)
@guarded
@writes
def return_(of: str = typer.Argument(..., metavar="ID", help="The buy or sell returned."),
            lines: Optional[List[str]] = typer.Argument(None, metavar="[ITEM QTY]...",
                                                        help="What comes back; a lot as QTY#LOT."),
            date: Optional[str] = DateOpt, ref: Optional[str] = RefOpt, note: Optional[str] = NoteOpt,
            dry_run: bool = DryRun, quiet: bool = Quiet, ignore_errors: bool = IgnoreErrors):
    """A return (退货) of part or all of a buy or sell; with no lines, all that is left of it.

    With --ignore-errors a ledger that has problems elsewhere still takes the return,
    as long as it adds no problem of its own (the others are printed first)."""
    lg = ledger()
    if ignore_errors:
        from jxc.write.commit import validate
        warn(validate(lg)[2])
    if lines:
        parsed = parse_lines(lines, "none")
    else:
        parsed = _remaining(lg, of)
    write([_entry("return", date, ref, note, of=of, lines=parsed)], dry_run, quiet,
          ignore_errors=ignore_errors)


def _remaining(lg, of: str) -> list[dict]:
    """What a buy or sell moved less what was already returned, item by item."""
    from jxc.errors import closest
    r = replayed(lg)
    orig = r.journal.by_id.get(of)
    if orig is None and of in r.journal.unread_ids():
        raise LedgerError(f"entry '{of}' has a problem of its own (`jxc check` shows it): fix it first")
    if orig is None:
        raise LedgerError(f"no entry with id '{of}'{closest(of, r.journal.by_id)}")
    left: dict = {}
    for m in r.moves:
        if m.entry is orig:
            key = (m.item, m.lot)
            left[key] = left.get(key, Decimal(0)) + m.qty - r.returned_qty(m)
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
@writes
def add(file: str = typer.Argument("-", help="A file of YAML documents or JSON lines; - for stdin."),
        dry_run: bool = DryRun, quiet: bool = Quiet):
    """Add entries from YAML documents or JSON lines, all or none."""
    from jxc.write.intake import read_input
    name = "<stdin>" if file == "-" else file
    if file == "-":
        stdin = getattr(sys.stdin, "buffer", None)
        data = stdin.read() if stdin is not None else sys.stdin.read().encode("utf-8", "surrogateescape")
    else:
        data = Path(file).read_bytes()
    raws, lines = read_input(data, name, ledger())
    if not raws:
        raise LedgerError("no entries to add", name)
    write(raws, dry_run, quiet, source=name, lines=lines)
