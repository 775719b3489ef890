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


def _table(report: Report, console) -> None:
    if len(report.rows) > RICH_MAX_ROWS:
        return _plain_table(report, console)
    from rich import box
    from rich.table import Table
    t = Table(title=report.title, box=box.SIMPLE_HEAD, show_footer=report.totals is not None,
              header_style="bold")
    for i, c in enumerate(report.columns):
        numeric = c.kind in ("qty", "money", "ratio", "int")
        footer = text_of(report.totals[i], c) if report.totals is not None else ""
        t.add_column(c.name, justify="right" if numeric else "left", footer=footer,
                     no_wrap=c.kind != "text")
    for row in report.rows:
        t.add_row(*[text_of(v, c) for c, v in zip(report.columns, row)])
    console.print(t)
    for n in report.notes:
        console.print(n)
    return None
