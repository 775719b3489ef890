"""``jxc export parquet DIR``: the ledger as Parquet datasets other engines read.

Layout (Hive-style partitions, which DuckDB, Polars, pandas/pyarrow, Spark and Trino
all understand)::

    DIR/entries/month=2026-11/part-0.parquet
    DIR/moves/month=2026-11/part-0.parquet
    DIR/documents/month=2026-11/part-0.parquet   (order lines, receivables, payables)
    DIR/items/part-0.parquet            (the catalog's items; not partitioned)

The schemas (in :mod:`jxc.exchange.tables`, which builds the tables) are fixed: they
never change with the data (an empty month has the same columns and types).  Money is ``decimal128(18, 2)``, quantities
``decimal128(24, 6)``, dates ``date32``; ``month`` is the partition key (a string
``YYYY-MM``, from the directory name, not stored in the files).

Each partition file carries a digest of its rows in its Parquet metadata
(``jxc.digest``); a re-export compares digests and rewrites only the months whose
rows changed (a new entry, or an entry whose cost changed because of an earlier
one), and removes months that no longer have entries.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from jxc.exchange.tables import (COLUMNS, DOCUMENT_COLUMNS, ENTRY_COLUMNS, ITEM_COLUMNS,  # noqa: F401
                                 MOVE_COLUMNS, Columns, arrow_table, ledger_columns, month_runs)

# Part of every digest: a change of the schema or of how rows are encoded rewrites
# every partition once.
SCHEMA_VERSION = "2"
DIGEST_KEY = b"jxc.digest"


def digest(cols: Columns, start: int, stop: int) -> str:
    """A digest of rows ``start:stop`` of a table, its schema and the schema version:
    equal digests, equal files.  Taken over the encoded columns (ints and strings)."""
    h = hashlib.sha256(SCHEMA_VERSION.encode())
    h.update(repr(cols.spec).encode())
    for values in cols.values:
        h.update(repr(values[start:stop]).encode("utf-8"))
        h.update(b"\n")
    return h.hexdigest()


def _stored_digest(path: Path) -> str | None:
    import pyarrow.parquet as pq
    try:
        meta = pq.read_schema(path).metadata or {}
    except (OSError, ValueError):   # missing or damaged: rewrite it
        return None
    d = meta.get(DIGEST_KEY)
    return d.decode() if d else None


def write_partition(path: Path, table, stamp: str) -> None:
    """Write ``table`` (one partition, a pyarrow Table) to ``path`` atomically, its
    digest ``stamp`` in the schema metadata."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from jxc.fs.transaction import atomic_write_bytes
    buf = pa.BufferOutputStream()
    pq.write_table(table.replace_schema_metadata({DIGEST_KEY: stamp.encode()}), buf, compression="zstd")
    atomic_write_bytes(path, buf.getvalue().to_pybytes())


def export_table(root: Path, name: str, cols: Columns) -> tuple[int, int]:
    """Write the partitions of one table whose digest changed, drop months gone:
    (partitions written, unchanged).  The Arrow table is built once, and only when
    some partition must be written; each partition is a zero-copy slice of it."""
    table = None
    written = kept = 0
    wanted = set()
    for month, start, stop in month_runs(cols):
        folder = root / name / (f"month={month}" if month else "")
        wanted.add(folder.name)
        path = folder / "part-0.parquet"
        stamp = digest(cols, start, stop)
        if _stored_digest(path) == stamp:
            kept += 1
            continue
        if table is None:
            table = arrow_table(cols)
        write_partition(path, table.slice(start, stop - start), stamp)
        written += 1
    _drop_stale(root / name, wanted)
    return written, kept


def export_parquet(lg, directory: str | Path) -> dict:
    """Export ``lg`` to ``directory``; returns {table: (partitions written, unchanged)}."""
    from jxc.exchange import need
    need("pyarrow", "parquet")
    root = Path(directory)
    return {name: export_table(root, name, cols) for name, cols in ledger_columns(lg).items()}


def _drop_stale(folder: Path, wanted: set) -> None:
    """Remove month partitions that no longer have entries (an entry moved or deleted)."""
    if not folder.is_dir():
        return
    for p in folder.iterdir():
        if p.is_dir() and p.name.startswith("month=") and p.name not in wanted:
            shutil.rmtree(p)
