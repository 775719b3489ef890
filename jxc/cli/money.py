"""Money with partners: collect, pay, transfer-money, receivables, payables, statement, cash, tax.

`collect` and `pay` write a ``payment`` entry with its allocation written out
(history never changes later); the reports read the partners' books
(:mod:`jxc.ledger.books`) through the API.  The ``--paid/--account/--due/--over-limit``
options of `buy` and `sell` are drafted in :mod:`jxc.write.drafts`.
"""

from __future__ import annotations

from typing import List, Literal, Optional

import typer

from jxc.cli.common import WRITE_SETTINGS, AsOf, Begin, End, Format, Output, PeriodOpt, emit, guarded, ledger, writes
from jxc.write.drafts import as_money, cents_of, money_account, payment_entry
from jxc.errors import LedgerError
from jxc.reports.period import make_period, parse_date

commands = typer.Typer()




def _write_payment(partner_name, amount, of, account_name, option, incoming, date, ref, note,
                   dry_run, quiet):
    from jxc.cli.entry import _entry, write
    lg = ledger()
    partner = lg.partner(partner_name)
    raw = payment_entry(lg, partner, cents_of(amount, "AMOUNT"), money_account(lg, account_name, option),
                        incoming, of or [])
    write([_entry("payment", date, ref, note, **raw)], dry_run, quiet)


DateOpt = typer.Option(None, "--date", "-d", help="Entry date (default today; also yesterday).")
RefOpt = typer.Option(None, "--ref", help="Outside document number.")
NoteOpt = typer.Option(None, "--note", help="A note.")
DryRun = typer.Option(False, "--dry-run", "-n", help="Print the entry, write nothing.")
Quiet = typer.Option(False, "--quiet", "-q", help="Print only the id.")
Of = typer.Option(None, "--of", metavar="ID", help="A document to pay (repeatable); default: oldest first.")


@commands.command(context_settings=WRITE_SETTINGS)   # a negative AMOUNT is an amount, not an option
@guarded
@writes
def collect(customer: str = typer.Argument(..., metavar="CUSTOMER"),
            amount: str = typer.Argument(..., metavar="AMOUNT"),
            of: Optional[List[str]] = Of,
            to: Optional[str] = typer.Option(None, "--to", metavar="ACCOUNT", help="Money account."),
            date: Optional[str] = DateOpt, ref: Optional[str] = RefOpt, note: Optional[str] = NoteOpt,
            dry_run: bool = DryRun, quiet: bool = Quiet):
    """Money received (收款) from a customer, allocated to its documents; from a supplier: a refund."""
    _write_payment(customer, amount, of, to, "--to", True, date, ref, note, dry_run, quiet)


@commands.command(context_settings=WRITE_SETTINGS)
@guarded
@writes
def pay(supplier: str = typer.Argument(..., metavar="SUPPLIER"),
        amount: str = typer.Argument(..., metavar="AMOUNT"),
        of: Optional[List[str]] = Of,
        src: Optional[str] = typer.Option(None, "--from", metavar="ACCOUNT", help="Money account."),
        date: Optional[str] = DateOpt, ref: Optional[str] = RefOpt, note: Optional[str] = NoteOpt,
        dry_run: bool = DryRun, quiet: bool = Quiet):
    """Money paid (付款) to a supplier, allocated to its documents; to a customer: a refund of its credit."""
    _write_payment(supplier, amount, of, src, "--from", False, date, ref, note, dry_run, quiet)


@commands.command("transfer-money")
@guarded
@writes
def transfer_money(amount: str = typer.Argument(..., metavar="AMOUNT"),
                   src: str = typer.Option(..., "--from", metavar="ACCOUNT", help="Money account it leaves."),
                   dst: str = typer.Option(..., "--to", metavar="ACCOUNT", help="Money account it arrives at."),
                   date: Optional[str] = DateOpt, ref: Optional[str] = RefOpt, note: Optional[str] = NoteOpt,
                   dry_run: bool = DryRun, quiet: bool = Quiet):
    """Money between two money accounts (资金调拨): cash into the bank, cash drawn from it."""
    from jxc.cli.entry import _entry, write
    lg = ledger()
    raw = {"type": "payment", "from": _own(lg, money_account(lg, src, "--from")),
           "to": _own(lg, money_account(lg, dst, "--to")), "amount": as_money(cents_of(amount, "AMOUNT"))}
    write([_entry("payment", date, ref, note, **raw)], dry_run, quiet)


def _own(lg, account: str) -> str:
    """An account as a payment names it: ``account:NAME`` when a partner has the same name."""
    shared = account in lg.catalog.customers or account in lg.catalog.suppliers
    return f"account:{account}" if shared else account


def _aging(text: Optional[str]):
    if text is None:
        return None
    try:
        b = tuple(int(x) for x in text.split(","))
    except ValueError:
        raise LedgerError(f"--aging takes day limits like 30,60,90, got {text!r}") from None
    if not b or any(x <= 0 for x in b) or list(b) != sorted(set(b)):
        raise LedgerError(f"--aging takes increasing positive day limits like 30,60,90, got {text!r}")
    return b


def _open_items(payables: bool, as_of, by, overdue, aging, output):
    as_of_day = parse_date(as_of, "--as-of") if as_of else None
    emit(ledger().receivables(as_of_day, by, overdue, _aging(aging), payables=payables), output)


By = typer.Option("document", "--by")
Overdue = typer.Option(False, "--overdue", help="Only what is past due.")
Aging = typer.Option(None, "--aging", metavar="30,60,90", help="Per partner, by days past due.")


@commands.command()
@guarded
def receivables(as_of: Optional[str] = AsOf, by: Literal["document", "partner"] = By,
                overdue: bool = Overdue, aging: Optional[str] = Aging, output: Format = Output):
    """What customers owe (应收): open documents and credits."""
    _open_items(False, as_of, by, overdue, aging, output)


@commands.command()
@guarded
def payables(as_of: Optional[str] = AsOf, by: Literal["document", "partner"] = By,
             overdue: bool = Overdue, aging: Optional[str] = Aging, output: Format = Output):
    """What we owe suppliers (应付): open documents and credits."""
    _open_items(True, as_of, by, overdue, aging, output)


@commands.command()
@guarded
def statement(partner: str = typer.Argument(..., metavar="PARTNER"), begin: Optional[str] = Begin,
              end: Optional[str] = End, period: Optional[str] = PeriodOpt, output: Format = Output):
    """A partner's statement (对账单): opening balance, every line with a running balance, closing."""
    emit(ledger().statement(partner, make_period(begin, end, period)), output)


@commands.command()
@guarded
def cash(as_of: Optional[str] = AsOf, output: Format = Output):
    """Money accounts' balances."""
    emit(ledger().cash(parse_date(as_of, "--as-of") if as_of else None), output)


@commands.command("tax")
@guarded
def tax_(begin: Optional[str] = Begin, end: Optional[str] = End, period: Optional[str] = PeriodOpt,
         output: Format = Output):
    """Output tax, input tax and tax payable per rate (增值税)."""
    lg = ledger()
    if lg.settings.tax is None:
        raise LedgerError("this ledger has no 'tax:' in jxc.yaml: no tax is computed")
    emit(lg.tax(make_period(begin, end, period)), output)
