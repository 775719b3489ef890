"""``jxc sql "SELECT ..."``: SQL over the ledger's tables with DuckDB.

The tables are the ones ``jxc export parquet`` writes — ``entries``, ``moves``,
``documents``, ``items`` with the same columns and types, plus ``month`` — built in memory from the
ledger (through the cache, like every report) and handed to an embedded DuckDB as
Arrow tables: no server, no file to keep current.  The connection cannot read or
write files (``enable_external_access = false``): a query sees the ledger and nothing
else.  DuckDB is the optional extra ``jxc[sql]``; it is chosen because it is
embedded, reads Arrow without a copy and speaks a full SQL (window functions, dates).

A result becomes a report: DECIMAL columns with 2 places are money, other decimals
quantities, integers counts, dates dates, the rest text; so every output format of
the reports (table, csv, tsv, json, md, xlsx) works on it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from jxc.errors import LedgerError
from jxc.reports.render import Column, Report


def arrow_tables(lg) -> dict:
    """{name: pyarrow.Table} for entries, moves, documents (with ``month``) and items."""
    import pyarrow as pa

    from jxc.exchange.parquet import COLUMNS, ledger_tables, to_table
    out = {}
    for name, parts in ledger_tables(lg).items():
        rows, months = [], []
        for month, part in sorted(parts.items(), key=lambda kv: kv[0] or ""):
            rows.extend(part)
            months.extend([month] * len(part))
        t = to_table(rows, COLUMNS[name], "")
        if name != "items":
            t = t.append_column("month", pa.array(months, type=pa.string()))
        out[name] = t
    return out


def run_sql(lg, query: str) -> Report:
    """The result of ``query`` over the ledger's tables as a Report.

    A query DuckDB refuses raises LedgerError with its first line (``SQL: ...``)."""
    from jxc.exchange import need
    duckdb = need("duckdb", "sql")
    need("pyarrow", "sql")
    tables = arrow_tables(lg)
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
