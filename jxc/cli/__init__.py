"""The `jxc` command: one module per command group, registered here explicitly.

Each module keeps its commands on a ``commands`` Typer of its own; this app merges
them.  Global options (``--ledger``) are kept on click's context object.
"""

from __future__ import annotations

from typing import Optional

import typer

from jxc.cli import analytics, cache, catalog, entry, exchange, forecast, git, money, orders, reports
from jxc.cli.common import session, with_bom_option

app = typer.Typer(no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
                  help="jxc — a stock ledger (进销存) in plain text: purchases, sales, stock and costs.")

# The order of the list is the order of `jxc --help`.
for group in (catalog, entry, orders, money, reports, analytics, forecast, exchange, git, cache):
    with_bom_option(group.commands)
    app.add_typer(group.commands)


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
    s = session()
    s.ledger_path = ledger_path
    s.ledger = None



def run() -> None:
    """Console-script entry point."""
    app()
