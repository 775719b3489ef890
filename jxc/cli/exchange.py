"""Exchange with other tools: `jxc import` (spreadsheets in), `jxc export beancount|ledger|parquet`,
`jxc sql`."""

from __future__ import annotations

import sys
from typing import Literal, Optional

import typer

from jxc.cli.common import Begin, End, Output, PeriodOpt, emit, guarded, ledger
from jxc.errors import LedgerError
from jxc.reports.period import make_period

commands = typer.Typer()

RulesOpt = typer.Option(..., "--rules", "-r", help="The rules file (YAML) mapping columns to fields.")


@commands.command("import")
@guarded
def import_(what: str = typer.Argument(..., metavar="[catalog] FILE",
                                       help="A .csv or .xlsx file; 'catalog FILE' imports items or partners."),
            file: Optional[str] = typer.Argument(None, hidden=True),
            rules: str = RulesOpt,
            dry_run: bool = typer.Option(False, "--dry-run", "-n", help="Show what would be written; write nothing."),
            quiet: bool = typer.Option(False, "--quiet", "-q", help="Print only the summary.")):
    """Rows of a spreadsheet (CSV or XLSX) become journal entries, all or none.

    Rows with the same type, ref and date make one entry; rows whose type and ref are
    already in the journal are skipped, so importing a file twice adds nothing."""
    if what == "catalog" and file is not None:
        return _import_catalog(file, rules, dry_run)
    if file is not None:
        raise typer.BadParameter(f"unexpected argument {file!r}", param_hint="FILE")
    try:
        plan, done = ledger().import_rows(what, rules, dry_run=dry_run)
    except LedgerError as e:
        for p in e.problems:
            print(str(p), file=sys.stderr)
        print(f"# nothing written: {len(e.problems)} error(s)", file=sys.stderr)
        raise typer.Exit(1)
    if not quiet:
        for _, text in done:
            sys.stdout.write(text)
    verb = "would write" if dry_run else "wrote"
    print(f"# {plan.rows_read} rows read, {verb} {len(done)} entries, "
          f"{plan.skipped} rows skipped as already imported, 0 errors")


def _import_catalog(file: str, rules: str, dry_run: bool) -> None:
    added, changed, text = ledger().import_catalog(file, rules, dry_run)
    if dry_run:
        sys.stdout.write(text)
    verb = "would add" if dry_run else "added"
    print(f"# {verb} {added}, updated {changed} record(s) of catalog.yaml")


@commands.command()
@guarded
def export(fmt: Literal["beancount", "ledger", "parquet"] = typer.Argument(..., metavar="FORMAT",
                                                                            help="beancount, ledger or parquet."),
           directory: Optional[str] = typer.Argument(None, metavar="[DIR]", help="parquet: the dataset directory."),
           begin: Optional[str] = Begin, end: Optional[str] = End, period: Optional[str] = PeriodOpt,
           quiet: bool = typer.Option(False, "--quiet", "-q", help="parquet: print nothing.")):
    """The money side as a general-ledger journal (beancount, or ledger/hledger), or the
    journal as Parquet datasets in DIR (entries, moves, documents, items) partitioned by
    month, for DuckDB, Polars, pandas or Spark; re-running rewrites only changed months."""
    if fmt == "parquet":
        if directory is None:
            raise typer.BadParameter("parquet needs a directory: jxc export parquet DIR", param_hint="DIR")
        if begin or end or period:
            raise typer.BadParameter("parquet exports the whole journal: no -b/-e/-p", param_hint="FORMAT")
        result = ledger().export_parquet(directory)
        if not quiet:
            for table, (written, kept) in result.items():
                print(f"{table}: {written} partition(s) written, {kept} unchanged")
        return
    if directory is not None:
        raise typer.BadParameter(f"{fmt} is written to stdout: jxc export {fmt} > FILE", param_hint="DIR")
    from jxc.exchange.beancount import export_text
    sys.stdout.write(export_text(ledger(), fmt, make_period(begin, end, period)))


@commands.command()
@guarded
def sql(query: str = typer.Argument(..., metavar="SQL",
                                    help="A SELECT over entries, moves, documents and items."),
        output: str = Output):
    """SQL over the ledger's tables (entries, moves, documents, items) with DuckDB: no server,
    nothing to start."""
    emit(ledger().sql(query), output)
