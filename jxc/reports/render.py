"""Output formats for every report: table (rich), csv, tsv, json, md (tabulate).

A report is columns with a kind each, rows of typed values and an optional
totals row.  Kinds decide the text: ``money`` is integer cents shown with 2
decimals, ``qty`` an exact Decimal as written, ``ratio`` a Decimal shown with 4
places in text, ``text`` and ``date`` as they are.  JSON numbers are written from
the exact decimal, never through a float.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from jxc.numbers import fmt_money, fmt_qty

FORMATS = ("table", "csv", "tsv", "json", "md")
# What `-o` takes: a format, or a file name whose extension names one (SPEC: `-o stock.xlsx`).
OUTPUTS = FORMATS + ("xlsx",)
EXTENSIONS = {".csv": "csv", ".tsv": "tsv", ".json": "json", ".md": "md", ".xlsx": "xlsx"}


def output_target(value: str) -> tuple[str, str | None]:
    """(format, file name or None) for an ``-o`` value: ``xlsx`` → ("xlsx", None),
    ``stock.xlsx`` → ("xlsx", "stock.xlsx").  Anything else raises ValueError."""
    if value in OUTPUTS:
        return value, None
    dot = value.rfind(".")
    ext = value[dot:].lower() if dot > 0 else ""
    if ext in EXTENSIONS:
        return EXTENSIONS[ext], value
    raise ValueError(f"{value!r} is neither a format ({', '.join(OUTPUTS)}) nor a file name "
                     f"ending in {', '.join(EXTENSIONS)}")


@dataclass
class Column:
    name: str
    kind: str = "text"      # text | qty | money | ratio | date | int | spark
    places: int = 4         # for ratio: places shown in text formats
    shrink: bool | None = None   # may a narrow table shorten it? None: free text does (see shrinks)
    short: str | None = None     # its header in a compact table (see fit), e.g. "in" for in_qty

    def shrinks(self) -> bool:
        """Only free text (names, notes) is shortened to fit a narrow terminal; dates, codes
        (items, ids, partners, locations) and numbers are never cut."""
        if self.shrink is not None:
            return self.shrink
        return self.kind == "text" and (self.name.endswith("name") or self.name in FREE_TEXT)


FREE_TEXT = ("note", "reason", "before", "after", "message", "description", "title")


@dataclass
class Report:
    columns: list
    rows: list                      # lists aligned with columns
    totals: list | None = None      # shown as the last table row; not in csv/json
    title: str | None = None
    notes: list = field(default_factory=list)   # lines shown under a table

    def as_dicts(self) -> list[dict]:
        return [dict(zip((c.name for c in self.columns), r)) for r in self.rows]

    def records(self) -> list[dict]:
        """The rows as dicts keyed by column name, money as exact ``Decimal`` with 2 places
        (the API's form: never integer cents)."""
        money = [c.name for c in self.columns if c.kind == "money"]
        out = []
        for row in self.as_dicts():
            for k in money:
                if row[k] is not None:
                    row[k] = Decimal(row[k]).scaleb(-2)
            out.append(row)
        return out

    def to_frame(self):
        """The rows as a pandas DataFrame, for notebooks and scripts.

        Money columns become exact ``Decimal`` amounts (cents → 2 places) and
        quantities stay ``Decimal``: the columns have object dtype on purpose, so
        no binary float creeps into a sum (use ``.astype(float)`` knowingly).
        """
        import pandas as pd
        names = [c.name for c in self.columns]
        money = [i for i, c in enumerate(self.columns) if c.kind == "money"]
        rows = []
        for r in self.rows:
            r = list(r)
            for i in money:
                if r[i] is not None:
                    r[i] = Decimal(r[i]).scaleb(-2)
            rows.append(r)
        return pd.DataFrame(rows, columns=names)


# Columns holding a code whose name `--names` shows beside it, and the catalog section it is from.
NAMED_COLUMNS = {"item": ("items",), "supplier": ("suppliers",), "customer": ("customers",),
                 "partner": ("customers", "suppliers"),
                 "counterparty": ("customers", "suppliers", "locations"), "location": ("locations",)}
# The code columns JSON always names, with or without --names: a program reading the rows
# should not need the catalog to show an item or a partner to a person.
JSON_NAMED = ("item", "supplier", "customer", "partner", "counterparty")


def json_names(report: Report, catalog) -> Report:
    """What JSON output carries: ``item_name`` beside every ``item`` and the partner's
    name beside every partner column (``partner_name``, ``customer_name``,
    ``supplier_name``, ``counterparty_name``), whether or not ``--names`` was given.
    Tables, CSV and the other formats show names only with ``--names``."""
    return with_names(report, catalog, JSON_NAMED)


def with_names(report: Report, catalog, only=None) -> Report:
    """``report`` with a ``<column>_name`` text column after each code column of
    :data:`NAMED_COLUMNS` (``item`` → ``item_name``: 西湖龙井 250g beside LJ-250); with
    ``only``, after those of its names only.

    A code the catalog does not know (an account such as ``opening``) gets an empty name.
    The new columns are free text: they shrink first on a narrow terminal.
    """
    cols, where = [], []
    for i, c in enumerate(report.columns):
        cols.append(c)
        if c.name in NAMED_COLUMNS and (only is None or c.name in only) \
                and not any(x.name == c.name + "_name" for x in report.columns):
            cols.append(Column(c.name + "_name"))
            where.append((i, NAMED_COLUMNS[c.name]))
    if not where:
        return report

    def name_of(code, sections):
        for sec in sections:
            rec = getattr(catalog, sec).get(code) if code is not None else None
            if rec is not None:
                return getattr(rec, "name", "") or ""
        return None if code is None else ""

    def widen(row):
        if row is None:
            return None
        out, k = [], 0
        for i, v in enumerate(row):
            out.append(v)
            if k < len(where) and where[k][0] == i:
                out.append(name_of(v, where[k][1]) if v is not None else None)
                k += 1
        return out

    return Report(cols, [widen(r) for r in report.rows], widen(report.totals), report.title, report.notes)


def text_of(value, col: Column) -> str:
    if value is None:
        return ""
    k = col.kind
    if k == "money":
        return fmt_money(value)
    if k == "qty":
        return fmt_qty(value)
    if k == "ratio":
        if isinstance(value, Decimal):
            return format(value.quantize(Decimal(1).scaleb(-col.places), rounding=ROUND_HALF_UP), "f")
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def json_of(value, col: Column) -> str:
    if value is None:
        return "null"
    k = col.kind
    if k == "money":
        return fmt_money(value)
    if k == "ratio" and isinstance(value, Decimal):
        return text_of(value, col)   # ratios and unit costs are shown rounded (half-up) to col.places
    if k in ("qty", "int") and isinstance(value, (Decimal, int)):
        return fmt_qty(Decimal(value))
    if isinstance(value, dt.date):
        return json.dumps(value.isoformat())
    if isinstance(value, bool):
        return "true" if value else "false"
    return json.dumps(value, ensure_ascii=False)


def render(report: Report, fmt: str = "table", console=None) -> str | None:
    """The report as text in ``fmt``; for ``table`` it prints to ``console`` and returns None."""
    cols = report.columns
    if fmt == "json":
        out = ["["]
        for i, row in enumerate(report.rows):
            body = ", ".join(f"{json.dumps(c.name)}: {json_of(v, c)}" for c, v in zip(cols, row))
            out.append("  {" + body + "}" + ("," if i < len(report.rows) - 1 else ""))
        out.append("]")
        return "\n".join(out) + "\n"
    if fmt in ("csv", "tsv"):
        buf = io.StringIO()
        w = csv.writer(buf, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        w.writerow([c.name for c in cols])
        for row in report.rows:
            w.writerow([text_of(v, c) for c, v in zip(cols, row)])
        return buf.getvalue()
    if fmt == "md":
        from tabulate import tabulate
        rows = [[text_of(v, c) for c, v in zip(cols, row)] for row in report.rows]
        if report.totals is not None:
            rows.append([text_of(v, c) for c, v in zip(cols, report.totals)])
        align = ["right" if c.kind in ("qty", "money", "ratio", "int") else "left" for c in cols]
        return tabulate(rows, headers=[c.name for c in cols], tablefmt="github",
                        colalign=align, disable_numparse=True) + "\n"
    return _table(report, console)


# Past this many rows rich's per-cell layout costs seconds (10,000 rows: ~3 s); a
# plain formatter draws the same simple-head table in a fraction of it.
RICH_MAX_ROWS = 2000


def _plain_table(report: Report, console) -> None:
    from rich.cells import cell_len   # CJK characters take two cells, as rich draws them
    cols = report.columns
    body = [[text_of(v, c) for c, v in zip(cols, row)] for row in report.rows]
    foot = [text_of(v, c) for c, v in zip(cols, report.totals)] if report.totals is not None else None
    widths = [cell_len(c.name) for c in cols]
    for r in body + ([foot] if foot else []):
        widths = [max(w, cell_len(x)) for w, x in zip(widths, r)]
    right = [c.kind in ("qty", "money", "ratio", "int") for c in cols]

    def pad(x, w, r):
        fill = " " * (w - cell_len(x))
        return fill + x if r else x + fill

    def line(cells):
        return " " + "".join(" " + pad(x, w, r) + "  " for x, w, r in zip(cells, widths, right))[:-1] + " "

    total_width = sum(widths) + 3 * len(cols) + 1
    out = [" " * total_width, line([c.name for c in cols]), " " + "─" * (total_width - 2) + " "]
    out.extend(line(r) for r in body)
    if foot:
        out += [" " * total_width, line(foot)]
    out.append(" " * total_width)
    if report.title:
        out.insert(0, report.title.center(total_width))
    console.file.write("\n".join(out) + "\n")
    for n in report.notes:
        console.print(n)


MIN_SHRUNK = 6   # a shortened text column keeps at least this many cells ("Longj…")
# In the compact layout, the last resort before a line wraps, text may go down to "PO…"
# (hledger's register shortens its description and account columns the same way).
MIN_COMPACT = 3


@dataclass(frozen=True)
class Fitted:
    """A table laid out for a terminal: header and cell texts, each column's width, the
    table's width in cells, and ``compact`` (one space between columns, no edges)."""

    headers: list
    body: list
    foot: list | None
    widths: list
    total: int
    compact: bool


def fit(report: Report, width: int) -> Fitted:
    """The layout of ``report`` on a terminal ``width`` cells wide (tables fit the terminal).

    In order, until one fits: the usual layout with free text shortened
    (:func:`fitted_widths`); then compact — one space between columns, no edges, each
    column's ``short`` header, the ``date`` column shown as ``MM-DD`` under the year as its
    header when all its dates fall in one year — with free text shortened again, down to
    :data:`MIN_COMPACT` cells.  Dates,
    codes and numbers are never cut: when even the compact layout does not fit, the
    table is wider than the terminal (its lines wrap) rather than cut.
    """
    cols = report.columns
    headers = [c.name for c in cols]
    body, foot = _texts(report)
    widths, total = _shrunk(cols, headers, body, foot, width, 3 * len(cols) + 1, MIN_SHRUNK)
    if total <= width:
        return Fitted(headers, body, foot, widths, total, False)
    headers, body = _compact_texts(report, body)
    widths, total = _shrunk(cols, headers, body, foot, width, len(cols) - 1, MIN_COMPACT)
    return Fitted(headers, body, foot, widths, total, True)


def fitted_widths(report: Report, width: int) -> tuple[list[int], int]:
    """(each column's width, the table's width) of the usual layout for a terminal ``width``
    cells wide: columns that may not shrink keep their natural width (the widest cell);
    free-text columns share what is left, down to :data:`MIN_SHRUNK`."""
    body, foot = _texts(report)
    return _shrunk(report.columns, [c.name for c in report.columns], body, foot, width,
                   3 * len(report.columns) + 1, MIN_SHRUNK)


def _texts(report: Report) -> tuple[list, list | None]:
    cols = report.columns
    body = [[text_of(v, c) for c, v in zip(cols, r)] for r in report.rows]
    foot = [text_of(v, c) for c, v in zip(cols, report.totals)] if report.totals is not None else None
    return body, foot


def _compact_texts(report: Report, body: list) -> tuple[list, list]:
    """Short headers, and the ``date`` column without its year when its dates share one
    year (the year becomes its header): the texts of the compact layout."""
    headers = [c.short or c.name for c in report.columns]
    body = [list(r) for r in body]
    for i, c in enumerate(report.columns):
        days = [r[i] for r in report.rows if isinstance(r[i], dt.date)]
        # only the row's own date: a second date column (due, expiry) keeps its year, as two
        # columns headed by the same year would read as one
        if c.kind != "date" or c.name != "date" or not days or len({d.year for d in days}) != 1:
            continue
        headers[i] = str(days[0].year)
        for r, cells in zip(report.rows, body):
            if isinstance(r[i], dt.date):
                cells[i] = f"{r[i]:%m-%d}"
    return headers, body


def _shrunk(cols, headers, body, foot, width: int, pad: int, minimum: int) -> tuple[list[int], int]:
    """Natural widths, then the longest free-text column shortened one cell at a time
    until the table (with ``pad`` cells of padding and rules) fits or all are at ``minimum``."""
    from rich.cells import cell_len
    rows = body + ([foot] if foot is not None else [])
    natural = [max([cell_len(h)] + [cell_len(r[i]) for r in rows]) for i, h in enumerate(headers)]
    if sum(natural) + pad <= width:
        return natural, sum(natural) + pad
    free = [i for i, c in enumerate(cols) if c.shrinks()]
    room = width - sum(w for i, w in enumerate(natural) if i not in free) - pad
    out = list(natural)
    while sum(out[i] for i in free) > room:
        i = max(free, key=lambda j: out[j], default=None)
        if i is None or out[i] <= minimum:
            break
        out[i] -= 1
    return out, sum(out) + pad


def _table(report: Report, console) -> None:
    if len(report.rows) > RICH_MAX_ROWS:
        return _plain_table(report, console)
    from rich import box
    from rich.table import Table
    f = fit(report, console.width)
    # compact: no edges and no padding, so the box's blank separator is the one space between columns
    style = {"show_edge": False, "padding": (0, 0), "pad_edge": False} if f.compact else {}
    t = Table(title=report.title, box=box.SIMPLE_HEAD, show_footer=report.totals is not None,
              header_style="bold", **style)
    for i, c in enumerate(report.columns):
        numeric = c.kind in ("qty", "money", "ratio", "int")
        t.add_column(f.headers[i], justify="right" if numeric else "left", footer=f.foot[i] if f.foot else "",
                     no_wrap=True, overflow="ellipsis", width=f.widths[i])
    for cells in f.body:
        t.add_row(*cells)
    narrow = console.width
    if f.total > narrow:                # too narrow for the codes and numbers: let lines wrap, cut nothing
        console.width = f.total
    try:
        console.print(t)
    finally:
        console.width = narrow
    for n in report.notes:
        console.print(n)
    return None
