"""Commands that create a ledger and edit its catalog: init, item, location, supplier, customer."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Literal, Optional

import typer

from jxc.cli.common import Format, Output, emit, guarded, ledger, writes

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
    """Create a ledger: jxc.yaml, catalog.yaml, journal/, .gitattributes (jxc's merge driver), .gitignore."""
    from jxc.write.init import init_ledger
    root = init_ledger(Path(directory), currency=currency, costing=costing, name=name, example=example)
    print(f"created ledger in {root}")


def _add_party(kind: str, key: str, name: Optional[str], lead_time: Optional[str] = None, **money):
    from jxc.write.catalog_write import add_record, field_value
    fields = {"name": field_value(kind, "name", name if name is not None else key)}
    if lead_time is not None:
        fields["lead_time_days"] = field_value(kind, "lead_time_days", str(lead_time))
    # money terms (terms_days, terms, credit_limit) typed and checked like every field
    fields.update({k: field_value(kind, k, str(v)) for k, v in money.items() if v is not None})
    sys.stdout.write(add_record(ledger(), kind, key, fields))


TermsDays = typer.Option(None, "--terms-days", metavar="DAYS", help="Documents are due this many days later.")
Terms = typer.Option(None, "--terms", help="cash: paid in full at once.")


def _declare(kind: str, doc: str):
    """The `add` command of a catalog section whose records have a key and a name only
    (locations, money accounts)."""
    def add(key: str, name: Optional[str] = typer.Option(None, "--name")):
        _add_party(kind, key, name)
    add.__doc__ = doc
    add.__name__ = add.__qualname__ = f"{kind}_add"
    return guarded(writes(add))


location_add = location_app.command("add")(_declare("location", "Declare a location."))


@supplier_app.command("add")
@guarded
@writes
def supplier_add(key: str, name: Optional[str] = typer.Option(None, "--name"),
                 lead_time: Optional[str] = typer.Option(None, "--lead-time", metavar="DAYS"),
                 terms_days: Optional[str] = TermsDays, terms: Optional[Literal["cash"]] = Terms):
    """Declare a supplier."""
    _add_party("supplier", key, name, lead_time, terms_days=terms_days, terms=terms)


@customer_app.command("add")
@guarded
@writes
def customer_add(key: str, name: Optional[str] = typer.Option(None, "--name"),
                 terms_days: Optional[str] = TermsDays, terms: Optional[Literal["cash"]] = Terms,
                 credit_limit: Optional[str] = typer.Option(None, "--credit-limit",
                                                            help="The most it may owe.")):
    """Declare a customer."""
    _add_party("customer", key, name, terms_days=terms_days, terms=terms,
               credit_limit=credit_limit)


account_add = account_app.command("add")(_declare("account", "Declare a money account."))


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
             lead_time: Optional[str] = typer.Option(None, "--lead-time", metavar="DAYS"),
             supplier: Optional[str] = typer.Option(None, "--supplier"),
             units: Optional[List[str]] = typer.Option(None, "--units", help="Other unit, as case=24."),
             lots: bool = typer.Option(False, "--lots", help="Every line of this item names a lot.")):
    """Declare an item."""
    from jxc.write.catalog_write import add_record, field_value
    given = {"name": name, "unit": unit, "barcode": barcode, "category": category, "price": price,
             "cost": cost, "reorder_point": reorder_point, "reorder_qty": reorder_qty,
             "lead_time_days": None if lead_time is None else str(lead_time), "supplier": supplier,
             "units": ",".join(units) if units else None, "lots": "true" if lots else None}
    fields = {f: field_value("item", f, v) for f, v in given.items() if v is not None}
    sys.stdout.write(add_record(ledger(), "item", sku, fields))


def _list_show_set(app: typer.Typer, kind: str) -> None:
    """`list`, `show` and `set` of one kind of record (the same for all four)."""

    @app.command("list")
    @guarded
    def list_(output: Format = Output):
        from jxc.reports.catalog import catalog_list
        emit(catalog_list(ledger().catalog, kind), output)
    list_.__doc__ = f"Every {kind} of the catalog."

    @app.command("show")
    @guarded
    def show(name: str = typer.Argument(..., metavar="NAME"), output: Format = Output):
        from jxc.reports.catalog import catalog_show
        emit(catalog_show(ledger().catalog, kind, name), output)
    show.__doc__ = f"One {kind}: every field that is set."

    @app.command("set")
    @guarded
    @writes
    def set_(name: str = typer.Argument(..., metavar="NAME"),
             pairs: Optional[List[str]] = typer.Argument(None, metavar="FIELD VALUE..."),
             unset: Optional[List[str]] = typer.Option(None, "--unset", metavar="FIELD",
                                                       help="Remove a field (repeatable).")):
        from jxc.write.catalog_write import field_value, set_record
        pairs = pairs or []
        if len(pairs) % 2 or not (pairs or unset):
            raise typer.BadParameter("give FIELD VALUE pairs (or --unset FIELD)", param_hint="FIELD VALUE")
        if kind == "item":
            name = ledger().catalog.item_or_error(name, None, None).sku
        changes = {f: field_value(kind, f, v) for f, v in zip(pairs[::2], pairs[1::2])}
        sys.stdout.write(set_record(ledger(), kind, name, changes, tuple(unset or ())))
    set_.__doc__ = (f"Change fields of a {kind}: FIELD VALUE ... (the whole ledger is checked"
                    " with the change before it is written).")


for _app, _kind in ((item_app, "item"), (location_app, "location"), (supplier_app, "supplier"),
                    (customer_app, "customer"), (account_app, "account")):
    _list_show_set(_app, _kind)
