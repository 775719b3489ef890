"""``jxc sql "SELECT ..."``: SQL over the ledger's tables with DuckDB.

The tables are the ones ``jxc export parquet`` writes — ``entries``, ``moves``,
``documents``, ``items`` with the same columns and types, plus ``month`` — built in
memory from the ledger by the same builders (:mod:`jxc.exchange.tables`, through the
cache like every report), only those the query names, and handed to an embedded
DuckDB as Arrow tables: no server, no file to keep current.  The connection cannot read or
write files (``enable_external_access = false``): a query sees the ledger and nothing
else.  DuckDB is the optional extra ``jxc[sql]``; it is chosen because it is
embedded, reads Arrow without a copy and speaks a full SQL (window functions, dates).

A result becomes a report: DECIMAL columns with 2 places are money, other decimals
quantities, integers counts, dates dates, the rest text; so every output format of
the reports (table, csv, tsv, json, md, xlsx) works on it.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from jxc.errors import LedgerError
from jxc.exchange.tables import TABLES, arrow_table, ledger_columns
from jxc.reports.render import Column, Report


def named_tables(query: str) -> tuple:
    """The ledger tables ``query`` may read: those whose name appears in it as a word.

    Over-inclusive on purpose (a name inside a string literal counts): building a table
    not needed only costs time, while one missing would fail the query — and
    :func:`run_sql` then retries with all of them."""
    words = {w.lower() for w in re.findall(r"[A-Za-z_]+", query)}
    return tuple(t for t in TABLES if t in words)


def arrow_tables(lg, tables=TABLES) -> dict:
    """{name: pyarrow.Table} for ``tables`` of entries, moves, documents (each with its
    ``month`` column) and items: the columns ``jxc export parquet`` writes."""
    return {name: arrow_table(cols, months=True) for name, cols in ledger_columns(lg, tables).items()}


def run_sql(lg, query: str) -> Report:
    """The result of ``query`` over the ledger's tables as a Report.

    Only the tables the query names are built (:func:`named_tables`).  A query DuckDB
    refuses raises LedgerError with its first line (``SQL: ...``)."""
    from jxc.exchange import need
    duckdb = need("duckdb", "sql")
    need("pyarrow", "sql")
    wanted = named_tables(query)
    try:
        return _run(duckdb, arrow_tables(lg, wanted), query)
    except _Missing:
        return _run(duckdb, arrow_tables(lg), query)


class _Missing(Exception):
    """The query read a ledger table :func:`named_tables` did not see."""


def _run(duckdb, tables: dict, query: str) -> Report:
    con = duckdb.connect(":memory:")
    try:
        for name, t in tables.items():
            con.register(name, t)
        con.execute("SET enable_external_access = false")
        try:
            cur = con.execute(query)
            if cur.description is None:
                return Report([Column("result")], [])
            names = [d[0] for d in cur.description]
            types = [str(d[1]) for d in cur.description]
            rows = cur.fetchall()
        except duckdb.Error as e:
            if isinstance(e, duckdb.CatalogException) and len(tables) < len(TABLES):
                raise _Missing() from None
            first = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
            raise LedgerError(f"SQL: {first}") from None
    finally:
        con.close()
    return result_report(names, types, rows)


def column_kind(type_name: str) -> str:
    """The report kind of a DuckDB result type: DECIMAL(p,2) is money, other DECIMALs and
    floating types quantities/ratios, integers int, DATE date, the rest text."""
    t = type_name.upper()
    if t.startswith("DECIMAL"):
        scale = t.rstrip(")").split(",")[-1].strip() if "," in t else "0"
        return "money" if scale == "2" else "qty"
    if t in ("DOUBLE", "FLOAT", "REAL"):
        return "ratio"
    if t in ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UBIGINT", "UINTEGER", "USMALLINT",
             "UTINYINT"):
        return "int"
    if t == "DATE":
        return "date"
    return "text"


def _cell(value, kind: str):
    if value is None:
        return None
    if kind == "money":
        return int(Decimal(value).scaleb(2))          # reports carry money in cents
    if kind == "ratio":
        return Decimal(repr(value))                   # DuckDB computed a float; shown as written
    if kind == "text" and not isinstance(value, str):
        return value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else str(value)
    return value


def result_report(names: list, types: list, rows: list) -> Report:
    """A report from a query result: names, DuckDB type names, rows of Python values."""
    kinds = [column_kind(t) for t in types]
    cols = [Column(n, k) for n, k in zip(names, kinds)]
    return Report(cols, [[_cell(v, k) for v, k in zip(row, kinds)] for row in rows])
