"""``jxc export parquet DIR``: the ledger as Parquet datasets other engines read.

Layout (Hive-style partitions, which DuckDB, Polars, pandas/pyarrow, Spark and Trino
all understand)::

    DIR/entries/month=2026-11/part-0.parquet
    DIR/moves/month=2026-11/part-0.parquet
    DIR/documents/month=2026-11/part-0.parquet   (order lines, receivables, payables)
    DIR/items/part-0.parquet            (the catalog's items; not partitioned)

The schemas below are fixed: they never change with the data (an empty month has
the same columns and types).  Money is ``decimal128(18, 2)``, quantities
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
from decimal import Decimal
from pathlib import Path

from jxc.errors import LedgerError
from jxc.reports.card import counterparty
from jxc.ledger.accounts import account_name, is_location

SCHEMA_VERSION = "1"
DIGEST_KEY = b"jxc.digest"
MONEY = ("decimal128", 18, 2)
QTY = ("decimal128", 24, 6)

# (name, type) of each table's columns; the order is the file's.
ENTRY_COLUMNS = (("id", "string"), ("date", "date32"), ("type", "string"), ("from", "string"),
                 ("to", "string"), ("at", "string"), ("of", "string"), ("order", "string"),
                 ("ref", "string"), ("note", "string"), ("lines", "int32"), ("file", "string"),
                 ("line", "int32"))
MOVE_COLUMNS = (("entry_id", "string"), ("date", "date32"), ("type", "string"), ("seq", "int64"),
                ("item", "string"), ("lot", "string"), ("from", "string"), ("to", "string"),
                ("location", "string"), ("counterparty", "string"), ("kind", "string"),
                ("qty", QTY), ("amount", MONEY), ("value", MONEY), ("ref", "string"))
# One row per document: an order line (po/so) with its fulfilment, or a receivable,
# payable or credit of a partner with what is paid and unpaid.  The columns of the other
# kind are null, so the schema is one and fixed.
DOCUMENT_COLUMNS = (("id", "string"), ("date", "date32"), ("type", "string"), ("partner", "string"),
                    ("item", "string"), ("ordered", QTY), ("fulfilled", QTY), ("outstanding", QTY),
                    ("amount", MONEY), ("paid", MONEY), ("unpaid", MONEY), ("due", "date32"),
                    ("status", "string"))
ITEM_COLUMNS = (("item", "string"), ("name", "string"), ("unit", "string"), ("barcode", "string"),
                ("category", "string"), ("supplier", "string"), ("price", MONEY), ("cost", MONEY))


def arrow_schema(columns):
    """The pyarrow schema of a table from its column list (see the module docstring)."""
    import pyarrow as pa
    fields = []
    for name, t in columns:
        if isinstance(t, tuple):
            fields.append(pa.field(name, pa.decimal128(t[1], t[2])))
        else:
            fields.append(pa.field(name, {"string": pa.string(), "date32": pa.date32(),
                                          "int32": pa.int32(), "int64": pa.int64()}[t]))
    return pa.schema(fields)


def _money(cents):
    return None if cents is None else Decimal(cents).scaleb(-2)


def _bare(account):
    return account_name(account) if account else None


def entry_row(e) -> tuple:
    """One journal entry as a row of ``entries``."""
    return (e.id, e.date, e.type, _bare(e.src), _bare(e.dst), e.at, e.of, e.order, e.ref, e.note,
            len(e.lines or ()), e.file, e.line)


def move_row(m, value_cents: int, seq: int) -> tuple:
    """One move as a row of ``moves``: its quantity in the item's base unit, the money it
    carries (a receipt's cost, a sale's revenue, a return's reversal) and its value at
    cost under the ledger's method (what costing gave it)."""
    loc = m.dst if is_location(m.dst) else m.src if is_location(m.src) else None
    return (m.entry.id, m.entry.date, m.entry.type, seq, m.item, m.lot, m.src, m.dst, _bare(loc),
            counterparty(m), m.kind, m.qty, _money(m.amount), _money(value_cents), m.entry.ref)


def money_document_row(d) -> tuple:
    """A receivable, payable or credit (:class:`jxc.ledger.books.Document`) as a row of
    ``documents``: status open while something is unpaid, else paid; a credit is negative."""
    status = "credit" if d.kind == "credit" else "open" if d.outstanding > 0 else "paid"
    return (d.id, d.date, d.kind, _bare(d.partner), None, None, None, None, _money(d.amount),
            _money(d.paid), _money(d.outstanding), d.due, status)


def item_row(item) -> tuple:
    return (item.sku, item.name, item.unit, item.barcode, item.category, item.supplier,
            item.price, item.cost)


def ledger_tables(lg) -> dict:
    """{table: {month or None: [rows]}} for the whole ledger, valued under its method.

    Raises LedgerError when the ledger has problems (as every report does)."""
    c = lg.costed()
    r = c.replayed
    entries: dict = {}
    seq_of = {}
    for seq, e in enumerate(r.entries):
        seq_of[e.id] = seq
        entries.setdefault(f"{e.date:%Y-%m}", []).append(entry_row(e))
    moves: dict = {}
    for m, v in zip(r.moves, c.values):
        moves.setdefault(f"{m.entry.date:%Y-%m}", []).append(move_row(m, v, seq_of[m.entry.id]))
    documents: dict = {}
    for o in lg.order_book(replayed=r).orders:
        part = documents.setdefault(f"{o.date:%Y-%m}", [])
        part.extend((o.id, o.date, o.type, o.partner, ln.item, ln.ordered, ln.fulfilled, ln.outstanding,
                     None, None, None, ln.due, o.status) for ln in o.lines)
    for d in lg.books().documents_of():
        documents.setdefault(f"{d.date:%Y-%m}", []).append(money_document_row(d))
    items = {None: [item_row(i) for i in lg.catalog.items.values()]}
    return {"entries": entries, "moves": moves, "documents": documents, "items": items}


COLUMNS = {"entries": ENTRY_COLUMNS, "moves": MOVE_COLUMNS, "documents": DOCUMENT_COLUMNS,
           "items": ITEM_COLUMNS}


def digest(rows: list) -> str:
    """A digest of a partition's rows and the schema version: equal digests, equal files."""
    h = hashlib.sha256(SCHEMA_VERSION.encode())
    for row in rows:
        h.update(repr(row).encode("utf-8"))
        h.update(b"\n")
    return h.hexdigest()


def to_table(rows: list, columns, stamp: str):
    """Rows → a pyarrow Table of the fixed schema, its digest in the schema metadata.

    A quantity with more than 6 decimals or money beyond 16 digits cannot be carried
    exactly: a LedgerError, never a rounded value."""
    import pyarrow as pa
    schema = arrow_schema(columns).with_metadata({DIGEST_KEY: stamp.encode()})
    cols = list(zip(*rows)) if rows else [[] for _ in columns]
    arrays = []
    for (name, _), f, values in zip(columns, schema, cols):
        try:
            arrays.append(pa.array(list(values), type=f.type))
        except (pa.ArrowInvalid, pa.ArrowTypeError) as e:
            raise LedgerError(f"column '{name}' cannot be exported exactly as {f.type}: {e}") from None
    return pa.Table.from_arrays(arrays, schema=schema)


def _stored_digest(path: Path) -> str | None:
    import pyarrow.parquet as pq
    try:
        meta = pq.read_schema(path).metadata or {}
    except (OSError, ValueError):   # missing or damaged: rewrite it
        return None
    d = meta.get(DIGEST_KEY)
    return d.decode() if d else None


def write_partition(path: Path, rows: list, columns) -> bool:
    """Write one partition file unless the one there has the same digest; True if written."""
    import pyarrow.parquet as pq

    from jxc.fs.transaction import atomic_write_bytes
    stamp = digest(rows)
    if _stored_digest(path) == stamp:
        return False
    import pyarrow as pa
    buf = pa.BufferOutputStream()
    pq.write_table(to_table(rows, columns, stamp), buf, compression="zstd")
    atomic_write_bytes(path, buf.getvalue().to_pybytes())
    return True


def export_parquet(lg, directory: str | Path) -> dict:
    """Export ``lg`` to ``directory``; returns {table: (partitions written, unchanged)}."""
    from jxc.exchange import need
    need("pyarrow", "parquet")
    root = Path(directory)
    out = {}
    for table, parts in ledger_tables(lg).items():
        columns = COLUMNS[table]
        written = kept = 0
        wanted = set()
        for month, rows in sorted(parts.items(), key=lambda kv: kv[0] or ""):
            folder = root / table / (f"month={month}" if month else "")
            wanted.add(folder.name)
            if write_partition(folder / "part-0.parquet", rows, columns):
                written += 1
            else:
                kept += 1
        _drop_stale(root / table, wanted)
        out[table] = (written, kept)
    return out


def _drop_stale(folder: Path, wanted: set) -> None:
    """Remove month partitions that no longer have entries (an entry moved or deleted)."""
    if not folder.is_dir():
        return
    for p in folder.iterdir():
        if p.is_dir() and p.name.startswith("month=") and p.name not in wanted:
            shutil.rmtree(p)
