"""Any report as an Excel workbook (``-o xlsx`` / ``-o stock.xlsx``): one sheet, typed cells.

Numbers are numbers (an exact ``Decimal`` handed to openpyxl, never a float we
computed), money has 2 decimals, dates are dates, the header row is bold and frozen,
and each column is as wide as its longest text, counting a CJK character as two (the
way Excel draws it).  openpyxl is the well-kept library for writing xlsx from Python
(pandas itself writes through it); it is the optional extra ``jxc[xlsx]``.
"""

from __future__ import annotations

import io
import unicodedata
from decimal import Decimal

from jxc.reports.render import Report, text_of

# Excel number formats per column kind: money always shows its 2 decimals.
NUMBER_FORMATS = {"money": "#,##0.00", "qty": "#,##0.######", "ratio": "0.0000", "int": "0",
                  "date": "yyyy-mm-dd"}
MAX_WIDTH = 60


def display_width(text: str) -> int:
    """Columns ``text`` takes on screen: East Asian wide and full-width characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def cell_value(value, col):
    """The typed value of one cell: money cents → Decimal with 2 places, qty/ratio Decimal,
    dates as dates, the rest as they are (text for sparklines)."""
    if value is None:
        return None
    if col.kind == "money":
        return Decimal(value).scaleb(-2)
    if col.kind == "spark":
        return text_of(value, col)
    return value


def xlsx_bytes(report: Report, sheet: str | None = None) -> bytes:
    """The report as an .xlsx file's bytes: header row, rows, the totals row (bold) if any."""
    from jxc.exchange import need
    need("openpyxl", "xlsx")
    from openpyxl import Workbook
    from openpyxl.styles import Font
    wb = Workbook()
    ws = wb.active
    ws.title = _sheet_title(sheet or report.title or "report")
    cols = report.columns
    ws.append([c.name for c in cols])
    bold = Font(bold=True)
    for c in ws[1]:
        c.font = bold
    body = list(report.rows) + ([report.totals] if report.totals is not None else [])
    widths = [display_width(c.name) for c in cols]
    for row in body:
        ws.append([cell_value(v, c) for v, c in zip(row, cols)])
        widths = [max(w, display_width(text_of(v, c))) for w, v, c in zip(widths, row, cols)]
    for j, c in enumerate(cols, 1):
        fmt = NUMBER_FORMATS.get(c.kind)
        letter = ws.cell(row=1, column=j).column_letter
        if fmt:
            for (cell,) in ws.iter_rows(min_row=2, min_col=j, max_col=j):
                cell.number_format = fmt
        ws.column_dimensions[letter].width = min(widths[j - 1] + 2, MAX_WIDTH)
    if report.totals is not None:
        for c in ws[ws.max_row]:
            c.font = bold
    ws.freeze_panes = "A2"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _sheet_title(title: str) -> str:
    """Excel's rules for a sheet name: at most 31 characters, none of []:*?/\\ ."""
    clean = "".join("_" if ch in "[]:*?/\\" else ch for ch in title).strip() or "report"
    return clean[:31]
