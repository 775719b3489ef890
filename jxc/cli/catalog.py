"""Commands that create a ledger and edit its catalog: init, item, location, supplier, customer."""

from __future__ import annotations

import datetime as dt
import re
import sys
from decimal import Decimal
from pathlib import Path
from typing import List, Literal, Optional

import typer

from jxc.cli.common import guarded, ledger, writes
from jxc.errors import LedgerError
from jxc.numbers import parse_decimal

commands = typer.Typer()
item_app = typer.Typer(no_args_is_help=True, help="Items of the catalog.")
location_app = typer.Typer(no_args_is_help=True, help="Locations (warehouses, shops).")
supplier_app = typer.Typer(no_args_is_help=True, help="Suppliers.")
customer_app = typer.Typer(no_args_is_help=True, help="Customers.")
commands.add_typer(item_app, name="item")
commands.add_typer(location_app, name="location")
commands.add_typer(supplier_app, name="supplier")
commands.add_typer(customer_app, name="customer")


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


def _add_party(kind: str, key: str, name: Optional[str], lead_time: Optional[int] = None):
    from jxc.write.catalog_write import add_record
    fields = {"name": name or key}
    if lead_time is not None:
        fields["lead_time_days"] = lead_time
    sys.stdout.write(add_record(ledger(), kind, key, fields).lstrip())


@location_app.command("add")
@guarded
@writes
def location_add(key: str, name: Optional[str] = typer.Option(None, "--name")):
    """Declare a location."""
    _add_party("location", key, name)


@supplier_app.command("add")
@guarded
@writes
def supplier_add(key: str, name: Optional[str] = typer.Option(None, "--name"),
                 lead_time: Optional[int] = typer.Option(None, "--lead-time", min=0)):
    """Declare a supplier."""
    _add_party("supplier", key, name, lead_time)


@customer_app.command("add")
@guarded
@writes
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
@writes
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
    from jxc.write.catalog_write import add_record
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
