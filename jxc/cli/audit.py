"""Audit commands: `jxc lock` (close the books up to a date) and `jxc history` (an entry in git)."""

from __future__ import annotations

import sys
from typing import Optional

import typer

from jxc.cli.common import Format, Output, emit, guarded, ledger

commands = typer.Typer()


@commands.command()
@guarded
def lock(date: Optional[str] = typer.Argument(None, metavar="DATE",
                                              help="Close the books up to this date (inclusive)."),
         undo: bool = typer.Option(False, "--undo", help="Reopen the books (remove the lock).")):
    """Close the books (结账) up to DATE: later writes dated on or before it are refused."""
    from jxc.errors import LedgerError
    from jxc.reports.period import parse_date
    from jxc.write.closing import lock_books, unlock_books
    lg = ledger()
    if undo:
        if date:
            raise LedgerError("jxc lock --undo takes no DATE: it reopens the whole locked period")
        old, n = unlock_books(lg)
        print(f"reopened: the books were locked up to {old.date} ({n} entries); "
              f"writes dated on or before it are accepted again")
        return
    if not date:
        current = lg.settings.lock
        print(f"locked up to {current.date}" if current else "not locked")
        return
    new, n = lock_books(lg, parse_date(date, "DATE"))
    print(f"locked up to {new.date}: {n} entries closed ({new.digest[:19]}…)")


@commands.command()
@guarded
def history(entry_id: str = typer.Argument(..., metavar="ID", help="The entry's id."),
            output: Format = Output):
    """Every git commit that added, edited or removed the entry ID, with its line before and after."""
    from jxc.errors import LedgerError
    from jxc.reports.history import entry_history, history_report
    lg = ledger()
    changes = entry_history(lg.root, entry_id)
    if not changes:
        raise LedgerError(f"no commit of the ledger's git repository mentions entry {entry_id}")
    if output != "table":
        emit(history_report(changes), output)
        return
    out = sys.stdout
    for c in changes:
        out.write(f"{c.commit[:12]}  {c.date}  {c.author}  {c.change}  {c.file}\n")
        if c.before is not None:
            out.write(f"  - {c.before}\n")
        if c.after is not None:
            out.write(f"  + {c.after}\n")
