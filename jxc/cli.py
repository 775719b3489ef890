"""The `jxc` command: argument parsing and rendering over the library.

Commands compute nothing themselves: each parses its arguments, calls one step of
:mod:`jxc.ledger` or :mod:`jxc.reports`, and renders.  Every problem a user can
cause ends as one ``PATH:LINE: error: ...`` line on stderr and exit 1; usage
errors exit 2 (click's convention).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import sys
from decimal import Decimal
from pathlib import Path
from typing import List, Literal, Optional

import typer
from typer._click.exceptions import ClickException, UsageError  # typer >= 0.29 vendors click

from jxc.errors import LedgerError
from jxc.ledger.files import Ledger, find_ledger
from jxc.numbers import parse_decimal
from jxc.reports.period import as_of_end, make_period, parse_date
from jxc.reports.render import FORMATS, render

app = typer.Typer(no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
                  help="jxc — a stock ledger (进销存) in plain text: purchases, sales, stock and costs.")
item_app = typer.Typer(no_args_is_help=True, help="Items of the catalog.")
location_app = typer.Typer(no_args_is_help=True, help="Locations (warehouses, shops).")
supplier_app = typer.Typer(no_args_is_help=True, help="Suppliers.")
customer_app = typer.Typer(no_args_is_help=True, help="Customers.")
app.add_typer(item_app, name="item")
app.add_typer(location_app, name="location")
app.add_typer(supplier_app, name="supplier")
app.add_typer(customer_app, name="customer")

WRITE_SETTINGS = {"ignore_unknown_options": True}


class State:
    ledger_path: Optional[str] = None
    ledger: Optional[Ledger] = None


STATE = State()


def _console(stream=None):
    from rich.console import Console
    out = stream or sys.stdout
    tty = out.isatty()
    return Console(file=out, width=None if tty else 10_000, highlight=False, soft_wrap=False,
                   force_terminal=None if tty else False)


def fail(problems) -> None:
    for p in problems:
        print(str(p), file=sys.stderr)
    raise typer.Exit(1)


def guarded(fn):
    """Turn LedgerError (and any slip of ours) into one line on stderr and exit 1."""
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except LedgerError as e:
            fail(e.problems)
        except (typer.Exit, typer.Abort, ClickException):
            raise
        except KeyboardInterrupt:
            print("error: interrupted", file=sys.stderr)
            raise typer.Exit(130)
        except BrokenPipeError:
            raise typer.Exit(0)
        except OSError as e:
            print(f"{e.filename or ''}: error: {e.strerror}", file=sys.stderr)
            raise typer.Exit(1)
    return wrapper


def ledger() -> Ledger:
    """The ledger of this invocation: found and read once per command (a write reloads it
    under its lock anyway), so a 2,000-item catalog is not parsed three times."""
    if STATE.ledger is None:
        STATE.ledger = Ledger(find_ledger(STATE.ledger_path))
    return STATE.ledger


def _version(value: bool):
    if value:
        from jxc import __version__
        print(f"jxc {__version__}")
        raise typer.Exit()


@app.callback()
def main(ledger_path: Optional[str] = typer.Option(None, "--ledger", "-L", metavar="PATH",
                                                   help="The ledger directory (or its jxc.yaml)."),
         version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                      help="Show the version.")):
    STATE.ledger_path = ledger_path
    STATE.ledger = None


# ---------------------------------------------------------------------------
# Options shared by the reports

Output = typer.Option("table", "--output", "-o", help="Output format.")
Format = Literal["table", "csv", "tsv", "json", "md"]
Begin = typer.Option(None, "--begin", "-b", help="First date (inclusive).")
End = typer.Option(None, "--end", "-e", help="Last date (exclusive).")
PeriodOpt = typer.Option(None, "--period", "-p", help="2026, 2026-Q3 or 2026-11.")
AsOf = typer.Option(None, "--as-of", help="Snapshot date (inclusive).")


def emit(report, fmt: str) -> None:
    text = render(report, fmt, _console() if fmt == "table" else None)
    if text is not None:
        sys.stdout.write(text)


def costing_methods(text: Optional[str]):
    from jxc.ledger.costing import METHODS
    if not text:
        return [None]
    out = []
    for m in text.split(","):
        m = m.strip()
        if m not in METHODS:
            from jxc.errors import closest
            raise typer.BadParameter(f"{m!r} is not one of {', '.join(METHODS)}{closest(m, METHODS)}",
                                     param_hint="--costing")
        out.append(m)
    return out


def replayed(lg: Ledger, end=None):
    from jxc.ledger import cache
    from jxc.ledger.snapshot import replayed as replay_cached
    progress_bar()
    # a `jxc` process ends with its command: its big reads need no cycle collection
    cache.FREEZE = Path(sys.argv[0]).name in ("jxc", "__main__.py")
    return replay_cached(lg, end)


def costed(lg: Ledger, end=None, method=None, r=None):
    from jxc.ledger.snapshot import costed as cost_cached
    return cost_cached(lg, r or replayed(lg, end), method)


def progress_bar() -> None:
    """A progress bar on stderr when a cold read is long: on a terminal only, never with -o json."""
    from jxc.ledger import journal
    try:
        from typer._click.globals import get_current_context
        output = get_current_context().params.get("output")
    except Exception:  # no command context (library use)
        output = None
    journal.PROGRESS = sys.stderr.isatty() and output != "json"


def valid(r):
    """Reports need a sound ledger: any problem of the journal or its replay stops them (exit 1);
    `jxc check` lists them all."""
    if r.problems:
        fail(r.problems)
    return r


def valid_cost(c):
    if c.problems:
        fail(c.problems)
    return c


# ---------------------------------------------------------------------------
# init and the catalog

@app.command()
@guarded
def init(directory: str = typer.Argument(".", help="Where to create the ledger."),
         currency: str = typer.Option("CNY", help="Currency (2 decimals)."),
         costing: Literal["fifo", "lifo", "moving-average", "monthly-average", "specific"] = typer.Option("fifo"),
         name: Optional[str] = typer.Option(None, help="The ledger's name."),
         example: bool = typer.Option(False, "--example", help="Fill it with the example tea shop.")):
    """Create a ledger: jxc.yaml, catalog.yaml, journal/, .gitattributes, .gitignore."""
    from jxc.ledger.init import init_ledger
    root = init_ledger(Path(directory), currency=currency, costing=costing, name=name, example=example)
    print(f"created ledger in {root}")


def _add_party(kind: str, key: str, name: Optional[str], lead_time: Optional[int] = None):
    from jxc.ledger.catalog_write import add_record
    fields = {"name": name or key}
    if lead_time is not None:
        fields["lead_time_days"] = lead_time
    sys.stdout.write(add_record(ledger(), kind, key, fields).lstrip())


@location_app.command("add")
@guarded
def location_add(key: str, name: Optional[str] = typer.Option(None, "--name")):
    """Declare a location."""
    _add_party("location", key, name)


@supplier_app.command("add")
@guarded
def supplier_add(key: str, name: Optional[str] = typer.Option(None, "--name"),
                 lead_time: Optional[int] = typer.Option(None, "--lead-time", min=0)):
    """Declare a supplier."""
    _add_party("supplier", key, name, lead_time)


@customer_app.command("add")
@guarded
def customer_add(key: str, name: Optional[str] = typer.Option(None, "--name")):
    """Declare a customer."""
    _add_party("customer", key, name)


def _dec_opt(value: Optional[str], opt: str) -> Optional[Decimal]:
    if value is None:
        return None
    d = parse_decimal(value)
    if d is None or d < 0:
        raise LedgerError(f"{opt} must be a non-negative number, got {value!r}")
    return d


@item_app.command("add")
@guarded
def item_add(sku: str, name: str = typer.Option(..., "--name"),
             unit: str = typer.Option("unit", "--unit"),
             barcode: Optional[str] = typer.Option(None, "--barcode"),
             category: Optional[str] = typer.Option(None, "--category"),
             price: Optional[str] = typer.Option(None, "--price"),
             cost: Optional[str] = typer.Option(None, "--cost"),
             reorder_point: Optional[str] = typer.Option(None, "--reorder-point"),
             reorder_qty: Optional[str] = typer.Option(None, "--reorder-qty"),
             lead_time: Optional[int] = typer.Option(None, "--lead-time", min=0),
             supplier: Optional[str] = typer.Option(None, "--supplier"),
             units: Optional[List[str]] = typer.Option(None, "--units", help="Other unit, as case=24."),
             lots: bool = typer.Option(False, "--lots", help="Every line of this item names a lot.")):
    """Declare an item."""
    from jxc.ledger.catalog_write import add_record
    conv = {}
    for u in units or []:
        k, _, n = u.partition("=")
        d = parse_decimal(n)
        if not k or d is None or d <= 0:
            raise LedgerError(f"--units takes UNIT=N like case=24, got {u!r}")
        conv[k] = d
    fields = {"name": name, "unit": unit, "barcode": barcode, "category": category,
              "price": _dec_opt(price, "--price"), "cost": _dec_opt(cost, "--cost"),
              "reorder_point": _dec_opt(reorder_point, "--reorder-point"),
              "reorder_qty": _dec_opt(reorder_qty, "--reorder-qty"),
              "lead_time_days": lead_time, "supplier": supplier, "units": conv or None,
              "lots": True if lots else None}
    sys.stdout.write(add_record(ledger(), "item", sku, fields).lstrip())


# ---------------------------------------------------------------------------
# Write commands

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
    from jxc.ledger.commit import commit
    done = commit(ledger(), raws, dry_run=dry_run, source=source, lines=lines)
    for entry, text in done:
        sys.stdout.write(f"{entry.id}\n" if quiet else text)


DateOpt = typer.Option(None, "--date", "-d", help="Entry date (default today; also yesterday).")
RefOpt = typer.Option(None, "--ref", help="Outside document number.")
NoteOpt = typer.Option(None, "--note", help="A note.")
DryRun = typer.Option(False, "--dry-run", "-n", help="Print the entry, write nothing.")
Quiet = typer.Option(False, "--quiet", "-q", help="Print only the id.")
Lines = typer.Argument(..., metavar="ITEM QTY[@PRICE]...", help="Items and quantities.")


@app.command(context_settings=WRITE_SETTINGS)
@guarded
def open(lines: List[str] = Lines, to: Optional[str] = typer.Option(None, "--to"),
         date: Optional[str] = DateOpt, ref: Optional[str] = RefOpt, note: Optional[str] = NoteOpt,
         dry_run: bool = DryRun, quiet: bool = Quiet):
    """Opening stock (期初): ITEM QTY@COST ..."""
    write([_entry("open", date, ref, note, to=to or default_location(), lines=parse_lines(lines, "required"))], dry_run, quiet)


@app.command(context_settings=WRITE_SETTINGS)
@guarded
def buy(lines: List[str] = Lines, supplier: str = typer.Option(..., "--from", help="Supplier."),
        to: Optional[str] = typer.Option(None, "--to", help="Location."),
        date: Optional[str] = DateOpt, ref: Optional[str] = RefOpt, note: Optional[str] = NoteOpt,
        dry_run: bool = DryRun, quiet: bool = Quiet):
    """A purchase (采购入库): ITEM QTY@PRICE ... --from SUPPLIER"""
    write([_entry("buy", date, ref, note, **{"from": supplier}, to=to or default_location(),
                  lines=parse_lines(lines, "required"))], dry_run, quiet)


@app.command(context_settings=WRITE_SETTINGS)
@guarded
def sell(lines: List[str] = Lines, customer: str = typer.Option(..., "--to", help="Customer."),
         src: Optional[str] = typer.Option(None, "--from", help="Location."),
         date: Optional[str] = DateOpt, ref: Optional[str] = RefOpt, note: Optional[str] = NoteOpt,
         dry_run: bool = DryRun, quiet: bool = Quiet):
    """A sale (销售出库): ITEM QTY[@PRICE] ... --to CUSTOMER (price defaults to the catalog's)."""
    write([_entry("sell", date, ref, note, **{"from": src or default_location()}, to=customer,
                  lines=parse_lines(lines, "sale"))], dry_run, quiet)


@app.command(context_settings=WRITE_SETTINGS)
@guarded
def transfer(lines: List[str] = Lines, src: str = typer.Option(..., "--from"),
             to: str = typer.Option(..., "--to"),
             date: Optional[str] = DateOpt, ref: Optional[str] = RefOpt, note: Optional[str] = NoteOpt,
             dry_run: bool = DryRun, quiet: bool = Quiet):
    """A transfer between locations (调拨): ITEM QTY ... --from LOC --to LOC"""
    write([_entry("transfer", date, ref, note, **{"from": src}, to=to,
                  lines=parse_lines(lines, "none"))], dry_run, quiet)


@app.command(context_settings=WRITE_SETTINGS)
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


@app.command(context_settings=WRITE_SETTINGS)
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


@app.command("return", context_settings=WRITE_SETTINGS)
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


def _remaining(lg: Ledger, of: str) -> list[dict]:
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


@app.command()
@guarded
def add(file: str = typer.Argument("-", help="A file of YAML documents or JSON lines; - for stdin."),
        dry_run: bool = DryRun, quiet: bool = Quiet):
    """Add entries from YAML documents or JSON lines, all or none."""
    from jxc.ledger.intake import read_input
    text = sys.stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8")
    name = "<stdin>" if file == "-" else file
    raws, lines = read_input(text, name, ledger())
    if not raws:
        raise LedgerError("no entries to add", name)
    write(raws, dry_run, quiet, source=name, lines=lines)


# ---------------------------------------------------------------------------
# Reports

@app.command()
@guarded
def stock(items: Optional[List[str]] = typer.Argument(None, metavar="[ITEM]..."),
          at: Optional[str] = typer.Option(None, "--at", help="Only this location."),
          as_of: Optional[str] = AsOf,
          by: Optional[Literal["item", "location", "category"]] = typer.Option(None, "--by"),
          value: bool = typer.Option(False, "--value", help="Add unit cost and value."),
          zero: bool = typer.Option(False, "--zero", help="Show zero quantities too."),
          lots: bool = typer.Option(False, "--lots", help="Per lot, with expiry (lot-tracked items)."),
          output: Format = Output):
    """Stock on hand by item and location."""
    from jxc.reports.stock import stock as stock_report
    from jxc.reports.value import valued_positions
    lg = ledger()
    r = valid(replayed(lg, as_of_end(as_of)))
    skus = {lg.catalog.item_or_error(i, None, None).sku for i in items} if items else None
    if at:
        lg.catalog.check("location", at, None, None)
    if lots:
        from jxc.reports.stock import lots as lots_report
        emit(lots_report(r, skus, at, zero), output)
        return
    valued = None
    if value:
        valued = {k: v for k, (q, v) in valued_positions(valid_cost(costed(lg, r=r))).items()}
    emit(stock_report(r, skus, at, by, zero, valued), output)


@app.command()
@guarded
def balance(as_of: Optional[str] = AsOf, output: Format = Output):
    """Every account's balance per item, virtual ones too (each item sums to zero)."""
    from jxc.reports.stock import balance as balance_report
    emit(balance_report(valid(replayed(ledger(), as_of_end(as_of)))), output)


@app.command()
@guarded
def card(item: str, at: Optional[str] = typer.Option(None, "--at"),
         costing: Optional[str] = typer.Option(None, "--costing", help="Revalue under another method."),
         begin: Optional[str] = Begin, end: Optional[str] = End, period: Optional[str] = PeriodOpt,
         output: Format = Output):
    """The stock card (库存台账) of an item: every move with running quantity and value."""
    from jxc.reports.card import card as card_report
    lg = ledger()
    sku = lg.catalog.item_or_error(item, None, None).sku
    if at:
        lg.catalog.check("location", at, None, None)
    method = costing_methods(costing)[0]
    p = make_period(begin, end, period)
    emit(card_report(valid_cost(costed(lg, r=valid(replayed(lg)), method=method)), sku, at, p), output)


@app.command()
@guarded
def value(as_of: Optional[str] = AsOf,
          by: Optional[Literal["item", "location", "category"]] = typer.Option(None, "--by"),
          costing: Optional[str] = typer.Option(None, "--costing", help="Method(s), e.g. fifo,moving-average."),
          output: Format = Output):
    """The book value of stock, under the ledger's method or others side by side."""
    from jxc.reports.value import value as value_report
    lg = ledger()
    r = valid(replayed(lg, as_of_end(as_of)))
    emit(value_report([valid_cost(costed(lg, method=m, r=r)) for m in costing_methods(costing)], by), output)


@app.command()
@guarded
def profit(by: Literal["item", "customer", "category", "month"] = typer.Option("item", "--by"),
           costing: Optional[str] = typer.Option(None, "--costing"),
           losses: bool = typer.Option(False, "--losses", help="Show write-offs and count differences instead."),
           begin: Optional[str] = Begin, end: Optional[str] = End, period: Optional[str] = PeriodOpt,
           output: Format = Output):
    """Revenue, cost of goods sold, gross profit and margin."""
    from jxc.reports import profit as P
    lg = ledger()
    p = make_period(begin, end, period)
    c = valid_cost(costed(lg, r=valid(replayed(lg, p.end)), method=costing_methods(costing)[0]))
    if losses:
        emit(P.losses(c, by if by != "customer" else "item", p), output)
    else:
        emit(P.profit(c, by, p), output)


@app.command()
@guarded
def aging(as_of: Optional[str] = AsOf,
          buckets: str = typer.Option("30,60,90,180", "--buckets", help="Upper bounds of the age buckets, in days."),
          costing: Optional[str] = typer.Option(None, "--costing"),
          output: Format = Output):
    """Stock value by the age of the layers it sits in."""
    from jxc.reports.aging import aging as aging_report
    lg = ledger()
    try:
        bs = tuple(int(b) for b in buckets.split(","))
    except ValueError:
        raise typer.BadParameter(f"expected days like 30,60,90, got {buckets!r}", param_hint="--buckets")
    if any(b <= 0 for b in bs) or list(bs) != sorted(set(bs)):
        raise typer.BadParameter("buckets must be increasing positive days", param_hint="--buckets")
    end = as_of_end(as_of)
    day = (end - dt.timedelta(days=1)) if end else dt.date.today()
    c = valid_cost(costed(lg, r=valid(replayed(lg, end)), method=costing_methods(costing)[0]))
    emit(aging_report(c, day, bs), output)


@app.command()
@guarded
def check():
    """Validate everything; one line per problem."""
    from jxc.ledger.commit import validate
    lg = ledger()
    progress_bar()
    r, c, problems = validate(lg)
    if problems:
        fail(problems)
    print(f"ok: {len(r.entries)} entries, {len(r.moves)} moves, {len(lg.catalog.items)} items")


@app.command("print")
@guarded
def print_(items: Optional[List[str]] = typer.Argument(None, metavar="[ITEM]..."),
           type_: Optional[str] = typer.Option(None, "--type", help="Only entries of this type."),
           begin: Optional[str] = Begin, end: Optional[str] = End, period: Optional[str] = PeriodOpt,
           output: Literal["yaml", "json"] = typer.Option("yaml", "--output", "-o")):
    """Entries in canonical form (YAML, or JSON lines with -o json)."""
    from jxc.ledger.canonical import print_entries
    lg = ledger()
    skus = {lg.catalog.item_or_error(i, None, None).sku for i in items} if items else None
    print_entries(lg, sys.stdout, make_period(begin, end, period), skus, type_, output)


@app.command()
@guarded
def fmt(check_only: bool = typer.Option(False, "--check", help="Only report files not in canonical form.")):
    """Rewrite journal files in canonical form, losing nothing (comments are kept)."""
    from jxc.ledger.canonical import format_journal
    lg = ledger()
    changed = format_journal(lg, write=not check_only)
    for name in changed:
        print(("would reformat " if check_only else "reformatted ") + name)
    if check_only and changed:
        raise typer.Exit(1)


# Reports of analytics and replenishment live in their own module; importing it
# registers their commands on `app`.
from jxc.commands import analytics as _analytics  # noqa: E402,F401


def run() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":  # pragma: no cover
    run()
