"""`jxc cache`: where the cache of a ledger lives, and deleting it."""

from __future__ import annotations

import typer

from jxc.cli.common import guarded, ledger

commands = typer.Typer()
cache_app = typer.Typer(no_args_is_help=True,
                        help="The cache of parsed files and results (outside the ledger; safe to delete).")
commands.add_typer(cache_app, name="cache")


@cache_app.command("dir")
@guarded
def cache_dir():
    """Print the folder of this ledger's cache."""
    print(ledger().cache_dir())


@cache_app.command("clear")
@guarded
def cache_clear():
    """Delete this ledger's cache (the next report rebuilds what it needs)."""
    lg = ledger()
    n = lg.clear_cache()
    print(f"deleted {n} cache file{'s' if n != 1 else ''} from {lg.cache_dir()}")
