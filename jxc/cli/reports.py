"""Report commands of the core: stock, balance, card, value, profit, aging, check, print, fmt."""

from __future__ import annotations

import datetime as dt
import sys
from typing import List, Literal, Optional

import typer

from jxc.numbers import NumberError, read_whole
from jxc.cli.common import (AsOf, Begin, End, Format, IgnoreErrors, Output, PeriodOpt, costed,
                            costing_methods, emit, fail, guarded, ledger, replayed, valid, valid_cost, writes)
from jxc.reports.period import as_of_end, make_period

commands = typer.Typer()


@commands.command()
@guarded
def stock(items: Optional[List[str]] = typer.Argument(None, metavar="[ITEM]..."),
          at: Optional[str] = typer.Option(None, "--at", help="Only this location."),
          as_of: Optional[str] = AsOf,
          by: Optional[Literal["item", "location", "category"]] = typer.Option(None, "--by"),
          value: bool = typer.Option(False, "--value", help="Add unit cost and value."),
          zero: bool = typer.Option(False, "--zero", help="Show zero quantities too."),
          lots: bool = typer.Option(False, "--lots", help="Per lot, with expiry (lot-tracked items)."),
          projected: bool = typer.Option(False, "--projected",
                                         help="Add on_order, committed, available and projected (open orders)."),
          output: Format = Output, ignore_errors: bool = IgnoreErrors):
    """Stock on hand by item and location."""
    from jxc.reports.stock import stock as stock_report
    from jxc.reports.value import valued_positions
    lg = ledger()
    r = valid(replayed(lg, as_of_end(as_of)), ignore_errors)
    skus = {lg.catalog.item_or_error(i, None, None).sku for i in items} if items else None
    if at:
        lg.catalog.check("location", at, None, None)
    if projected:
        if value or lots:
            raise typer.BadParameter("--projected shows quantities: it does not combine with --value or --lots",
                                     param_hint="--projected")
        from jxc.reports.orders import projected_stock
        emit(projected_stock(r, lg.order_book(replayed=r), skus, at, by, zero), output)
        return
    if lots:
        from jxc.reports.stock import lots as lots_report
        emit(lots_report(r, skus, at, zero), output)
        return
    valued = None
    if value:
        c = valid_cost(costed(lg, r=r), ignore_errors, r.problems)
        valued = {k: v for k, (q, v) in valued_positions(c).items()}
    emit(stock_report(r, skus, at, by, zero, valued), output)


@commands.command()
@guarded
def balance(as_of: Optional[str] = AsOf, output: Format = Output):
    """Every account's balance per item, virtual ones too (each item sums to zero)."""
    from jxc.reports.stock import balance as balance_report
    emit(balance_report(valid(replayed(ledger(), as_of_end(as_of)))), output)


@commands.command()
@guarded
def card(item: str, at: Optional[str] = typer.Option(None, "--at"),
         costing: Optional[str] = typer.Option(None, "--costing", help="Revalue under another method."),
         begin: Optional[str] = Begin, end: Optional[str] = End, period: Optional[str] = PeriodOpt,
         output: Format = Output, ignore_errors: bool = IgnoreErrors):
    """The stock card (库存台账) of an item: every move with running quantity and value."""
    from jxc.reports.card import card as card_report
    lg = ledger()
    sku = lg.catalog.item_or_error(item, None, None).sku
    if at:
        lg.catalog.check("location", at, None, None)
    method = costing_methods(costing)[0]
    p = make_period(begin, end, period)
    # Up to the period's end, as `value --as-of` sees it (an unfinished month's cost is month-to-date).
    r = valid(replayed(lg, p.end), ignore_errors)
    c = valid_cost(costed(lg, r=r, method=method), ignore_errors, r.problems)
    emit(card_report(c, sku, at, p), output)


@commands.command()
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


@commands.command()
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


@commands.command()
@guarded
def aging(as_of: Optional[str] = AsOf,
          buckets: str = typer.Option("30,60,90,180", "--buckets", help="Upper bounds of the age buckets, in days."),
          costing: Optional[str] = typer.Option(None, "--costing"),
          output: Format = Output):
    """Stock value by the age of the layers it sits in."""
    from jxc.reports.aging import aging as aging_report
    lg = ledger()
    try:
        bs = tuple(read_whole(b.strip(), 1) for b in buckets.split(","))
    except NumberError:
        raise typer.BadParameter(f"expected days like 30,60,90, got {buckets!r}", param_hint="--buckets")
    if any(b <= 0 for b in bs) or list(bs) != sorted(set(bs)):
        raise typer.BadParameter("buckets must be increasing positive days", param_hint="--buckets")
    end = as_of_end(as_of)
    day = (end - dt.timedelta(days=1)) if end else dt.date.today()
    c = valid_cost(costed(lg, r=valid(replayed(lg, end)), method=costing_methods(costing)[0]))
    emit(aging_report(c, day, bs), output)


@commands.command()
@guarded
def check(output: Literal["text", "json"] = typer.Option("text", "--output", "-o",
                                                        help="text, or json: [{file, line, severity, message}].")):
    """Validate everything; one line per problem (and any change to a locked period)."""
    from jxc.write.closing import lock_problems
    from jxc.write.commit import validate
    lg = ledger()
    from jxc.write.gitsetup import git_warnings
    r, c, problems = validate(lg)
    problems = list(problems) + lock_problems(lg)
    if output == "json":
        import json
        print(json.dumps([{"file": p.path, "line": p.line, "severity": "error", "message": p.message}
                          for p in problems], ensure_ascii=False, indent=1))
        if problems:
            raise typer.Exit(1)
        return
    if problems:
        fail(problems)
    from jxc.store.snapshot import entries_without_id
    for w in git_warnings(lg.root, entries_without_id(r)):
        print(w, file=sys.stderr)
    print(f"ok: {len(r.entries)} entries, {len(r.moves)} moves, {len(lg.catalog.items)} items")


@commands.command("print")
@guarded
def print_(items: Optional[List[str]] = typer.Argument(None, metavar="[ITEM]..."),
           type_: Optional[str] = typer.Option(None, "--type", help="Only entries of this type."),
           entry_id: Optional[List[str]] = typer.Option(None, "--id", help="Only this entry (repeatable)."),
           ref: Optional[str] = typer.Option(None, "--ref", help="Only entries with this ref."),
           partner: Optional[str] = typer.Option(None, "--partner",
                                                 help="Only entries with this supplier or customer."),
           begin: Optional[str] = Begin, end: Optional[str] = End, period: Optional[str] = PeriodOpt,
           output: Literal["yaml", "json"] = typer.Option("yaml", "--output", "-o"),
           ignore_errors: bool = IgnoreErrors):
    """Entries in canonical form (YAML, or JSON lines with -o json), filtered."""
    from jxc.cli.common import warn
    from jxc.cli.filters import entry_filter
    from jxc.write.canonical import print_entries
    lg = ledger()
    skus = {lg.catalog.item_or_error(i, None, None).sku for i in items} if items else None
    keep = entry_filter(lg.catalog, type_, entry_id, ref, partner)
    print_entries(lg, sys.stdout, make_period(begin, end, period), skus, None, output,
                  on_problems=warn if ignore_errors else None, keep=keep)


@commands.command()
@guarded
@writes
def fmt(check_only: bool = typer.Option(False, "--check", help="Only report files not in canonical form.")):
    """Rewrite journal files in canonical form, losing nothing (comments are kept)."""
    from jxc.write.canonical import format_journal
    lg = ledger()
    changed = format_journal(lg, write=not check_only)
    for name in changed:
        print(("would reformat " if check_only else "reformatted ") + name)
    if check_only and changed:
        raise typer.Exit(1)
