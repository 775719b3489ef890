"""The ledger as four tables — ``entries``, ``moves``, ``documents``, ``items`` — built
column by column, for ``jxc export parquet`` and ``jxc sql`` alike.

One function per table turns the engine's results (the replay's entries and moves,
the costing's move values in cents, the order book, the partners' books, the
catalog) into :class:`Columns`: one Python list per column of *encoded* values —
text as ``str``, dates as days since 1970-01-01, money and quantities as unscaled
integers (cents; millionths of a unit), counts as ``int``, ``None`` for null — and
the month of every row.  :func:`arrow_table` then makes each column one Arrow
array of the fixed schema in a single call, with no per-row Python object and no
float: integers become ``int64`` and are viewed as ``decimal128`` (same 16 bytes a
value), days are viewed as ``date32``.

Why lists of plain ints and strings rather than a row tuple per move: a row of
Decimals and dates costs ~2 µs a field to build and again to convert, and the
export spent most of its time there; a list comprehension over the moves for one
field and one C conversion per column cost a fraction of that.  The same lists give
each month's digest (``repr`` of ints and strings is fast and exact).

Rows of a partitioned table come sorted by month (stable: journal order within a
month), so a month is one contiguous slice.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from itertools import repeat
from operator import is_not
from typing import NamedTuple

from jxc.errors import LedgerError
from jxc.ledger.accounts import account_name, is_location
from jxc.reports.card import counterparty

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

COLUMNS = {"entries": ENTRY_COLUMNS, "moves": MOVE_COLUMNS, "documents": DOCUMENT_COLUMNS,
           "items": ITEM_COLUMNS}
TABLES = tuple(COLUMNS)

_EPOCH = dt.date(1970, 1, 1).toordinal()


class Columns(NamedTuple):
    """One table as encoded columns (see the module docstring).

    ``spec``: the table's ((name, type), ...); ``values``: one list per column, all of
    the same length; ``months``: the ``YYYY-MM`` of every row, sorted, or None for a
    table that is not partitioned (``items``)."""

    spec: tuple
    values: tuple
    months: list | None

    @property
    def n_rows(self) -> int:
        return len(self.values[0]) if self.values else 0


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


# ---------------------------------------------------------------------------
# Encoding: exact, once per distinct value

def _days(dates) -> list:
    """Dates (or None) as days since 1970-01-01, the storage of ``date32``."""
    memo = {d: None if d is None else d.toordinal() - _EPOCH for d in set(dates)}
    return list(map(memo.__getitem__, dates))


def _unscaled(values, scale: int, column: str) -> list:
    """Decimals (or None) as integers of 10**-``scale`` units; a value with more places
    than the column carries is a LedgerError naming the column, never rounded."""
    memo = {}
    for d in set(values):        # a ledger's quantities repeat: each distinct one once
        if d is None:
            memo[d] = None
            continue
        u = d.scaleb(scale)
        memo[d] = int(u)
        if memo[d] != u:
            raise LedgerError(f"column '{column}' cannot be exported exactly with {scale} decimals: {d}")
    return list(map(memo.__getitem__, values))


def _bare(account):
    """``customer:cafe`` → ``cafe``; None stays None (an entry without that side)."""
    return account_name(account) if account else None


def _month_of(dates) -> list:
    memo = {d: f"{d.year:04d}-{d.month:02d}" for d in set(dates)}
    return list(map(memo.__getitem__, dates))


def _by_month(spec, values: list, months: list) -> Columns:
    """Columns with their rows in month order, journal order kept within a month."""
    if any(a > b for a, b in zip(months, months[1:])):
        order = sorted(range(len(months)), key=months.__getitem__)
        values = [[col[k] for k in order] for col in values]
        months = [months[k] for k in order]
    return Columns(spec, tuple(values), months)


# ---------------------------------------------------------------------------
# The four tables

def entries_columns(entries) -> Columns:
    """``entries``: one row per journal entry, in journal order; ``lines`` counts its
    lines, ``file``/``line`` say where it is written; parties are bare names."""
    dates = [e.date for e in entries]
    values = [[e.id for e in entries], _days(dates), [e.type for e in entries],
              [_bare(e.src) for e in entries], [_bare(e.dst) for e in entries],
              [e.at for e in entries], [e.of for e in entries], [e.order for e in entries],
              [e.ref for e in entries], [e.note for e in entries], [len(e.lines or ()) for e in entries],
              [e.file for e in entries], [e.line for e in entries]]
    return _by_month(ENTRY_COLUMNS, values, _month_of(dates))


def moves_columns(costing) -> Columns:
    """``moves``: one row per value the costing booked (:func:`jxc.ledger.costing.booked_values`,
    the source of every report that sums values): a row per move of the replay with the
    value costing gave it (cents) under the ledger's method, and — with ``negative_stock:
    allow`` — a ``recost`` row after the arrival that re-costed an earlier issue.

    ``seq`` is the entry's position in journal order; ``location`` the location side of
    the move (None between virtual accounts); ``counterparty`` the stock card's rule
    (:func:`jxc.reports.card.counterparty`); ``amount`` the money the move carries (a
    receipt's cost, a sale's revenue, a return's reversal).  A ``recost`` row (``type``
    recost) is the issue's entry, item, accounts and ``kind``, dated on the arrival's
    day, with ``qty`` 0, no ``amount`` and the change of value: so ``sum(value)`` of
    sales is cogs as `profit` books it, by month too."""
    from jxc.ledger.costing import booked_values
    r = costing.replayed
    entries, moves = r.entries, r.moves
    seq_of = {id(e): k for k, e in enumerate(entries)}
    if costing.recosts:
        booked = list(booked_values(costing))
        rows = [moves[k] for _, k, _ in booked]
        recost = [at != k for at, k, _ in booked]
        dated = [seq_of[id(moves[at].entry)] for at, _, _ in booked]
        values = [v for _, _, v in booked]
    else:                     # every row is a move with its own value, in order
        rows, recost, values = moves, None, list(costing.values)
        dated = None
    seq = [seq_of[id(m.entry)] for m in rows]
    dated = seq if dated is None else dated
    days = _days([e.date for e in entries])
    months = _month_of([e.date for e in entries])
    sides: dict = {}          # (src, dst) -> (location, counterparty): a few hundred pairs
    for m in rows:
        if (m.src, m.dst) not in sides:
            loc = m.dst if is_location(m.dst) else m.src if is_location(m.src) else None
            sides[m.src, m.dst] = (_bare(loc), counterparty(m))
    side = [sides[m.src, m.dst] for m in rows]
    types = [m.entry.type for m in rows]
    qty = _unscaled([m.qty for m in rows], 6, "qty")
    amount = [m.amount for m in rows]
    if recost is not None:
        types = ["recost" if rc else t for t, rc in zip(types, recost)]
        qty = [0 if rc else q for q, rc in zip(qty, recost)]
        amount = [None if rc else a for a, rc in zip(amount, recost)]
    cols = [[m.entry.id for m in rows], [days[k] for k in dated], types, seq,
            [m.item for m in rows], [m.lot for m in rows], [m.src for m in rows], [m.dst for m in rows],
            [s[0] for s in side], [s[1] for s in side], [m.kind for m in rows],
            qty, amount, values, [m.entry.ref for m in rows]]
    return _by_month(MOVE_COLUMNS, cols, [months[k] for k in dated])


def document_status(d) -> str:
    """The status of a receivable, payable or credit: ``credit`` for a credit left (its
    amounts negative), ``open`` while something is unpaid, else ``paid``."""
    return "credit" if d.kind == "credit" else "open" if d.outstanding > 0 else "paid"


def documents_columns(orders, documents) -> Columns:
    """``documents``: every order line (po/so: ordered, fulfilled, outstanding, due,
    status; money columns null), then every receivable, payable and credit
    (:meth:`jxc.ledger.books.Books.documents_of`: amount, paid, unpaid in cents, due,
    :func:`document_status`; quantity columns null), sorted by month."""
    lines = [(o, ln) for o in orders for ln in o.lines]
    n_docs = len(documents)
    none_docs = [None] * n_docs
    none_lines = [None] * len(lines)
    dates = [o.date for o, _ in lines] + [d.date for d in documents]
    cols = [[o.id for o, _ in lines] + [d.id for d in documents],
            _days(dates),
            [o.type for o, _ in lines] + [d.kind for d in documents],
            [o.partner for o, _ in lines] + [_bare(d.partner) for d in documents],
            [ln.item for _, ln in lines] + none_docs,
            _unscaled([ln.ordered for _, ln in lines], 6, "ordered") + none_docs,
            _unscaled([ln.fulfilled for _, ln in lines], 6, "fulfilled") + none_docs,
            _unscaled([ln.outstanding for _, ln in lines], 6, "outstanding") + none_docs,
            none_lines + [d.amount for d in documents],
            none_lines + [d.paid for d in documents],
            none_lines + [d.outstanding for d in documents],
            _days([ln.due for _, ln in lines] + [d.due for d in documents]),
            [o.status for o, _ in lines] + [document_status(d) for d in documents]]
    return _by_month(DOCUMENT_COLUMNS, cols, _month_of(dates))


def items_columns(items) -> Columns:
    """``items``: the catalog's items (sku as ``item``, name, unit, barcode, category,
    supplier, sale ``price`` and standard ``cost`` per base unit); not partitioned."""
    items = list(items)
    cols = [[i.sku for i in items], [i.name for i in items], [i.unit for i in items],
            [i.barcode for i in items], [i.category for i in items], [i.supplier for i in items],
            _unscaled([i.price for i in items], 2, "price"), _unscaled([i.cost for i in items], 2, "cost")]
    return Columns(ITEM_COLUMNS, tuple(cols), None)


def ledger_columns(lg, tables=TABLES) -> dict:
    """{table: Columns} of the whole ledger valued under its method, for the ``tables``
    asked (all four by default; ``jxc sql`` asks only for those its query names).

    One replay and one costing serve every table (from the cache when current).
    Raises LedgerError when the ledger has problems, as every report does."""
    from jxc.store.progress import paused_gc
    c = lg.costed()
    r = c.replayed
    out = {}
    # Hundreds of thousands of lists and strings, no cycle among them: without the pause
    # the collector walks the whole replay again and again (a third of the time).
    with paused_gc(lg.freeze_gc):
        if "entries" in tables:
            out["entries"] = entries_columns(r.entries)
        if "moves" in tables:
            out["moves"] = moves_columns(c)
        if "documents" in tables:
            out["documents"] = documents_columns(lg.order_book(replayed=r).orders,
                                                 lg.books(replayed=r).documents_of())
        if "items" in tables:
            out["items"] = items_columns(lg.catalog.items.values())
    return out


# ---------------------------------------------------------------------------
# Arrow

def month_runs(cols: Columns) -> list:
    """[(month or None, start, stop)]: the contiguous slice of each month's rows (one
    run of all rows, month None, for a table that is not partitioned)."""
    from bisect import bisect_right
    months = cols.months
    if months is None:
        return [(None, 0, cols.n_rows)]
    runs = []
    start = 0
    for month in dict.fromkeys(months):          # sorted, so each month is one run
        stop = bisect_right(months, month, start)
        runs.append((month, start, stop))
        start = stop
    return runs


def arrow_table(cols: Columns, metadata: dict | None = None, months: bool = False):
    """The pyarrow Table of ``cols`` with its fixed schema (and schema ``metadata``);
    with ``months``, a last column ``month`` (string) as ``jxc sql`` shows it.

    A value beyond its column's range (money past 16 digits before the point) is a
    LedgerError naming the column, never a rounded or wrapped number."""
    import pyarrow as pa
    schema = arrow_schema(cols.spec)
    arrays = [_array(name, f.type, values) for (name, _), f, values in zip(cols.spec, schema, cols.values)]
    if months and cols.months is not None:
        schema = schema.append(pa.field("month", pa.string()))
        arrays.append(_array("month", pa.string(), cols.months))
    if metadata:
        schema = schema.with_metadata(metadata)
    return pa.Table.from_arrays(arrays, schema=schema)


# The arrays are assembled from their buffers (numpy does the packing) rather than
# with ``pa.array(list)``: that call imports pandas on first use to look for pandas
# types (a quarter of a second of every `jxc sql`), and walks Python objects one by one.

def _array(name: str, t, values: list):
    """One column as a pyarrow Array of type ``t`` from its encoded values."""
    import pyarrow as pa
    n = len(values)
    valid = _validity(values)
    try:
        if pa.types.is_string(t):
            return _string_array(values, n, valid)
        ints = _int64(values, valid)
        if pa.types.is_decimal(t):
            _within(name, t, ints, 10 ** t.precision)
            return pa.Array.from_buffers(t, n, [valid, pa.py_buffer(_int128(ints))])
        if t in (pa.int32(), pa.date32()):
            _within(name, t, ints, 2 ** 31)
            ints = ints.astype("<i4")
        return pa.Array.from_buffers(t, n, [valid, pa.py_buffer(ints)])
    except OverflowError:          # an int beyond int64: not a number jxc carries
        raise LedgerError(f"column '{name}' cannot be exported exactly as {t}: a value is too large") from None


def _validity(values: list):
    """The validity bitmap of ``values`` (bit k set: row k is not null), or None when no
    row is null, as Arrow wants it."""
    import numpy as np
    import pyarrow as pa
    if None not in values:
        return None
    present = np.fromiter(map(is_not, values, repeat(None)), dtype=bool, count=len(values))
    return pa.py_buffer(np.packbits(present, bitorder="little"))


def _int64(values: list, valid):
    import numpy as np
    if valid is None:
        return np.array(values, dtype="<i8") if values else np.zeros(0, dtype="<i8")
    objects = np.array(values, dtype=object)
    objects[np.equal(objects, None)] = 0
    return objects.astype("<i8")


def _within(name: str, t, ints, limit: int) -> None:
    """LedgerError unless every value v (unscaled) has -limit < v < limit."""
    if len(ints) and (int(ints.min()) <= -limit or int(ints.max()) >= limit):
        worst = int(ints.max()) if int(ints.max()) >= limit else int(ints.min())
        shown = Decimal(worst).scaleb(-t.scale) if hasattr(t, "scale") else worst
        raise LedgerError(f"column '{name}' cannot be exported exactly as {t}: {shown} has too many digits")


def _int128(ints):
    """int64 values as 16-byte little-endian two's complement (decimal128's storage):
    the low word is the value, the high word its sign (0 or -1)."""
    import numpy as np
    out = np.empty((len(ints), 2), dtype="<i8")
    out[:, 0] = ints
    out[:, 1] = ints >> 63
    return out


def _string_array(values: list, n: int, valid):
    """UTF-8 text: one data buffer and the offsets of each value's end.  A column of
    ASCII text (SKUs, accounts, kinds: most of them) is encoded in one call, its byte
    lengths being its character lengths."""
    import numpy as np
    import pyarrow as pa
    texts = values if valid is None else ["" if v is None else v for v in values]
    joined = "".join(texts)
    if joined.isascii():
        data, lengths = joined.encode("ascii"), map(len, texts)
    else:
        encoded = [t.encode("utf-8") for t in texts]
        data, lengths = b"".join(encoded), map(len, encoded)
    if len(data) >= 2 ** 31:       # past what one string array holds: let pyarrow chunk it
        return pa.chunked_array([pa.array(values, pa.large_string())]).cast(pa.string())
    offsets = np.zeros(n + 1, dtype="<i4")
    np.cumsum(np.fromiter(lengths, dtype="<i4", count=n), out=offsets[1:])
    return pa.Array.from_buffers(pa.string(), n, [valid, pa.py_buffer(offsets), pa.py_buffer(data)])
