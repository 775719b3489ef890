"""Commands that create a ledger and edit its catalog: init, item, location, supplier, customer."""

from __future__ import annotations

import datetime as dt
import re
import sys
from decimal import Decimal
from pathlib import Path
from typing import List, Literal, Optional

import typer

from jxc.cli.common import guarded, ledger, whole
from jxc.errors import LedgerError
from jxc.numbers import NumberError, read_decimal

commands = typer.Typer()
item_app = typer.Typer(no_args_is_help=True, help="Items of the catalog.")
location_app = typer.Typer(no_args_is_help=True, help="Locations (warehouses, shops).")
supplier_app = typer.Typer(no_args_is_help=True, help="Suppliers.")
customer_app = typer.Typer(no_args_is_help=True, help="Customers.")
account_app = typer.Typer(no_args_is_help=True, help="Money accounts (cash, bank, wallet).")
commands.add_typer(item_app, name="item")
commands.add_typer(location_app, name="location")
commands.add_typer(supplier_app, name="supplier")
commands.add_typer(customer_app, name="customer")
commands.add_typer(account_app, name="account")


@commands.command()
@guarded
def init(directory: str = typer.Argument(".", help="Where to create the ledger."),
         currency: str = typer.Option("CNY", help="Currency (2 decimals)."),
         costing: Literal["fifo", "lifo", "moving-average", "monthly-average", "specific"] = typer.Option("fifo"),
         name: Optional[str] = typer.Option(None, help="The ledger's name."),
         example: bool = typer.Option(False, "--example", help="Fill it with the example tea shop.")):
    """Create a ledger: jxc.yaml, catalog.yaml, journal/, .gitattributes, .gitignore."""
    from jxc.write.init import init_ledger
    root = init_ledger(Path(directory), currency=currency, costing=costing, name=name, example=example)
    print(f"created ledger in {root}")


def _add_party(kind: str, key: str, name: Optional[str], lead_time: Optional[str] = None, **money):
    from jxc.write.catalog_write import add_record
    fields = {"name": name or key}
    if lead_time is not None:
        fields["lead_time_days"] = whole(lead_time, "--lead-time")
    if money.get("terms_days") is not None:
        money["terms_days"] = whole(money["terms_days"], "--terms-days")
    fields.update({k: v for k, v in money.items() if v is not None})
    sys.stdout.write(add_record(ledger(), kind, key, fields).lstrip())


TermsDays = typer.Option(None, "--terms-days", metavar="DAYS", help="Documents are due this many days later.")
Terms = typer.Option(None, "--terms", help="cash: paid in full at once.")


@location_app.command("add")
@guarded
def location_add(key: str, name: Optional[str] = typer.Option(None, "--name")):
    """Declare a location."""
    _add_party("location", key, name)


@supplier_app.command("add")
@guarded
def supplier_add(key: str, name: Optional[str] = typer.Option(None, "--name"),
                 lead_time: Optional[str] = typer.Option(None, "--lead-time", metavar="DAYS"),
                 terms_days: Optional[str] = TermsDays, terms: Optional[Literal["cash"]] = Terms):
    """Declare a supplier."""
    _add_party("supplier", key, name, lead_time, terms_days=terms_days, terms=terms)


@customer_app.command("add")
@guarded
def customer_add(key: str, name: Optional[str] = typer.Option(None, "--name"),
                 terms_days: Optional[str] = TermsDays, terms: Optional[Literal["cash"]] = Terms,
                 credit_limit: Optional[str] = typer.Option(None, "--credit-limit",
                                                            help="The most it may owe.")):
    """Declare a customer."""
    _add_party("customer", key, name, terms_days=terms_days, terms=terms,
               credit_limit=_dec_opt(credit_limit, "--credit-limit"))


@account_app.command("add")
@guarded
def account_add(key: str, name: Optional[str] = typer.Option(None, "--name")):
    """Declare a money account."""
    _add_party("account", key, name)


def _dec_opt(value: Optional[str], opt: str) -> Optional[Decimal]:
    if value is None:
        return None
    try:
        d = read_decimal(value.strip())
    except NumberError as e:
        raise LedgerError(f"{opt} must be a non-negative number, got {e}") from None
    if d < 0:
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
             lead_time: Optional[str] = typer.Option(None, "--lead-time", metavar="DAYS"),
             supplier: Optional[str] = typer.Option(None, "--supplier"),
             units: Optional[List[str]] = typer.Option(None, "--units", help="Other unit, as case=24."),
             lots: bool = typer.Option(False, "--lots", help="Every line of this item names a lot.")):
    """Declare an item."""
    from jxc.write.catalog_write import add_record
    conv = {}
    for u in units or []:
        k, _, n = u.partition("=")
        try:
            d = read_decimal(n.strip())
        except NumberError as e:
            raise LedgerError(f"--units takes UNIT=N like case=24, got {e}") from None
        if not k or d <= 0:
            raise LedgerError(f"--units takes UNIT=N like case=24, got {u!r}")
        conv[k] = d
    fields = {"name": name, "unit": unit, "barcode": barcode, "category": category,
              "price": _dec_opt(price, "--price"), "cost": _dec_opt(cost, "--cost"),
              "reorder_point": _dec_opt(reorder_point, "--reorder-point"),
              "reorder_qty": _dec_opt(reorder_qty, "--reorder-qty"),
              "lead_time_days": whole(lead_time, "--lead-time"), "supplier": supplier, "units": conv or None,
              "lots": True if lots else None}
    sys.stdout.write(add_record(ledger(), "item", sku, fields).lstrip())
