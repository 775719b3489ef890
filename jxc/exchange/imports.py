"""Spreadsheet rows → journal entries (``jxc import FILE --rules RULES.yaml``).

A rules file says where each field of an entry is in the sheet (a column) or what
it always is (a fixed value), how the sheet is written (encoding, sheet, rows to
skip, date formats, decimal comma, thousands separator) and how its own words for
types map to jxc's.  pandas reads CSV and XLSX (through openpyxl) with every cell
as text — ``dtype=str`` — so a number is parsed from what was written, never
through a binary float.  Rows with the same type, ref and date make one entry; a
group whose type and ref are already in the journal is skipped and counted, so
importing the same file twice adds nothing the second time.  The entries are
written through the API's write path (:meth:`jxc.api.Ledger.commit`): the whole
ledger is validated with them, and all are written or none.

Every problem names ``FILE:ROW`` (the row as a spreadsheet numbers it: the header
row of a file with no skipped rows is row 1) and the column.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from jxc.errors import LedgerError, Problem, closest
from jxc.numbers import parse_decimal

# The fields of an entry a column (or a fixed value) can give.
FIELDS = ("type", "date", "item", "qty", "price", "unit", "partner", "location", "ref", "lot",
          "expiry", "note")
RULE_KEYS = ("columns", "fixed", "types", "encoding", "sheet", "skip", "skip_footer", "delimiter",
             "decimal", "thousands", "date_format", "kind")
# Types a spreadsheet row can be; where partner and location go for each (SPEC 2).
IMPORT_TYPES = {
    "open": (None, "location"),          # equity:opening → location
    "buy": ("partner", "location"),      # supplier → location
    "sell": ("location", "partner"),     # location → customer
    "writeoff": ("location", "partner"),  # location → loss:REASON (partner: the reason)
}
ENCODINGS = {"utf-8": "utf-8-sig", "utf8": "utf-8-sig", "utf-8-sig": "utf-8-sig",
             "utf-8-bom": "utf-8-sig", "gb18030": "gb18030", "gbk": "gb18030", "gb2312": "gb18030"}
DEFAULT_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y%m%d")
# Excel counts days from 1899-12-30 (its 1900 leap-year bug folded in).
EXCEL_EPOCH = dt.date(1899, 12, 30)


@dataclass(frozen=True)
class Rules:
    """A parsed rules file.  ``columns``: field → column header; ``fixed``: field → value."""

    path: str
    columns: dict
    fixed: dict = field(default_factory=dict)
    types: dict = field(default_factory=dict)
    encoding: str = "utf-8-sig"
    sheet: object = 0
    skip: int = 0
    skip_footer: int = 0
    delimiter: str = ","
    decimal: str = "."
    thousands: str | None = None
    date_formats: tuple = DEFAULT_DATE_FORMATS
    kind: str | None = None          # catalog import: items | suppliers | customers | locations


@dataclass(frozen=True)
class Row:
    """One data row: its number in the sheet and its cells by header (text, stripped)."""

    number: int
    cells: dict


@dataclass(frozen=True)
class ImportPlan:
    """What an import would write: raw entries (journal dicts), the sheet rows of each
    (its first row, then the row of each line), rows read, and rows skipped because their entry is already in
    the journal (same type and ref)."""

    entries: tuple
    rows: tuple
    rows_read: int
    skipped: int


def read_rules(path: str | Path, allowed_fields=FIELDS) -> Rules:
    """The rules file at ``path`` (YAML).  Unknown keys and fields are errors naming the file."""
    import yaml
    name = str(path)
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        raise LedgerError(f"not valid YAML: {getattr(e, 'problem', e)}", name,
                          mark.line + 1 if mark else None) from None
    if not isinstance(data, dict):
        raise LedgerError("a rules file is a mapping (columns:, fixed:, ...)", name)
    for key in data:
        if key not in RULE_KEYS:
            raise LedgerError(f"unknown key '{key}'{closest(str(key), RULE_KEYS)}", name)
    columns = {str(k): str(v) for k, v in (data.get("columns") or {}).items()}
    fixed = {str(k): v for k, v in (data.get("fixed") or {}).items()}
    for f in [*columns, *fixed]:
        if f not in allowed_fields:
            raise LedgerError(f"unknown field '{f}'{closest(f, allowed_fields)}; fields are "
                              + ", ".join(allowed_fields), name)
    enc = str(data.get("encoding", "utf-8")).lower()
    if enc not in ENCODINGS:
        raise LedgerError(f"encoding '{enc}' is not one of utf-8, utf-8-bom, gb18030", name)
    fmts = data.get("date_format") or DEFAULT_DATE_FORMATS
    return Rules(name, columns, fixed, {str(k): str(v) for k, v in (data.get("types") or {}).items()},
                 ENCODINGS[enc], data.get("sheet", 0), int(data.get("skip", 0)),
                 int(data.get("skip_footer", 0)), str(data.get("delimiter", ",")),
                 str(data.get("decimal", ".")), _opt_text(data.get("thousands")),
                 tuple(map(str, fmts)) if isinstance(fmts, (list, tuple)) else (str(fmts),), data.get("kind"))


def _opt_text(v) -> str | None:
    return None if v is None else str(v)


def read_rows(path: str | Path, rules: Rules) -> list[Row]:
    """The data rows of a CSV or XLSX file, every cell as text (pandas, ``dtype=str``).

    Row numbers are the sheet's: skipped rows and the header count, so row ``skip + 2``
    is the first data row.  Blank rows are dropped (their numbers are not reused).
    """
    import pandas as pd
    p = Path(path)
    # footer rows are cut after reading: pandas' own skipfooter needs its slow Python parser
    common = dict(dtype=str, header=0, skiprows=rules.skip, keep_default_na=False)
    try:
        if p.suffix.lower() in (".xlsx", ".xlsm"):
            from jxc.exchange import need
            need("openpyxl", "xlsx")
            # an xlsx number cell is a binary double in the file itself: read it as such
            # and write it back as the shortest decimal that is that double (what Excel
            # shows), in the sheet's own decimal mark; text cells stay text
            frame = pd.read_excel(p, sheet_name=rules.sheet, engine="openpyxl",
                                  **{**common, "dtype": object})
            frame = frame.map(lambda v: _number_text(v, rules.decimal))
        else:
            frame = pd.read_csv(p, sep=rules.delimiter, encoding=rules.encoding, skip_blank_lines=False,
                                **common)
    except UnicodeDecodeError as e:
        raise LedgerError(f"not {rules.encoding} text (byte {e.start}); set 'encoding:' in the rules "
                          "(utf-8, utf-8-bom or gb18030)", str(path)) from None
    except (ValueError, KeyError, pd.errors.ParserError) as e:   # a missing sheet, a malformed file
        raise LedgerError(f"cannot read it: {e}", str(path)) from None
    if rules.skip_footer:
        frame = frame.iloc[:max(len(frame) - rules.skip_footer, 0)]
    headers = [str(c).strip() for c in frame.columns]
    rows = []
    for i, values in enumerate(frame.itertuples(index=False, name=None)):
        cells = {h: ("" if v is None else str(v).strip()) for h, v in zip(headers, values)}
        if any(cells.values()):
            rows.append(Row(rules.skip + 2 + i, cells))
    return rows


def _number_text(value, decimal: str):
    """An xlsx cell value as text: numbers as their shortest exact repr (integral floats
    without '.0'), in the rules' decimal mark; dates and text as pandas gives them."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return value
    if isinstance(value, float):
        if value != value:          # an empty cell
            return ""
        text = str(int(value)) if value.is_integer() else repr(value)
    else:
        text = str(value)
    return text.replace(".", decimal) if decimal != "." else text


def check_columns(rules: Rules, rows: list[Row], path: str, headers=None) -> None:
    """Every column the rules name exists in the sheet (else an error naming the closest)."""
    if not rows:
        return
    have = list(headers or rows[0].cells)
    for f, col in rules.columns.items():
        if col not in have:
            raise LedgerError(f"no column '{col}' (for {f}){closest(col, have)}; the columns are: "
                              + ", ".join(have), path, rules.skip + 1)


def cell(row: Row, rules: Rules, name: str):
    """The text of field ``name`` in ``row`` (its column, else its fixed value), or None."""
    col = rules.columns.get(name)
    if col is not None:
        v = row.cells.get(col, "")
        if v != "":
            return v
    v = rules.fixed.get(name)
    return None if v is None else str(v)


def parse_number(text: str, rules: Rules) -> Decimal | None:
    """The exact decimal in a spreadsheet's text: thousands separators dropped, a decimal
    comma read as the point (``1.234,50`` with ``decimal: ","``).  None when not a number."""
    s = text.replace("\u00a0", "").replace(" ", "")
    if rules.thousands:
        s = s.replace(rules.thousands, "")
    if rules.decimal != ".":
        if "." in s and rules.thousands != ".":
            return None     # a point in a decimal-comma sheet is a mistake, not a separator
        s = s.replace(rules.decimal, ".")
    return parse_decimal(s)


def parse_date(text: str, rules: Rules, xlsx: bool) -> dt.date | None:
    """A date from the formats of the rules; in xlsx files also a date cell (read by
    pandas as ``2026-11-24 00:00:00``) and an Excel serial number (days since 1899-12-30)."""
    return _date_of(text, rules.date_formats, xlsx)


@functools.lru_cache(maxsize=4096)
def _date_of(text: str, formats: tuple, xlsx: bool) -> dt.date | None:
    # a sheet repeats a few hundred dates over thousands of rows: strptime once each
    for f in formats:
        if f == "%Y%m%d" and len(text) != 8:
            continue    # strptime would read 100079 as 1000-07-9
        try:
            return dt.datetime.strptime(text, f).date()
        except ValueError:
            pass
    if xlsx:
        m = re.fullmatch(r"(\d{4}-\d\d-\d\d)[ T]00:00:00", text)
        if m:
            return dt.date.fromisoformat(m.group(1))
        if re.fullmatch(r"\d{1,7}(\.0+)?", text):   # Excel stops at 9999-12-31 = 2958465
            return EXCEL_EPOCH + dt.timedelta(days=int(text.split(".")[0]))
    return None


def _problem(path: str, row: Row, rules: Rules, name: str, message: str) -> Problem:
    col = rules.columns.get(name)
    where = f"column '{col}' ({name})" if col else name
    return Problem(f"{where}: {message}", path, row.number)


def row_line(row: Row, rules: Rules, path: str, catalog, xlsx: bool, problems: list):
    """One row as (type, date, ref, partner, location, note, line dict); None when it has
    a problem (appended to ``problems``, naming FILE:ROW and the column)."""
    before = len(problems)

    def bad(name, msg):
        problems.append(_problem(path, row, rules, name, msg))

    t = cell(row, rules, "type")
    t = rules.types.get(t, t) if t is not None else None
    if t not in IMPORT_TYPES:
        bad("type", f"{t!r} is not a type jxc imports ({', '.join(IMPORT_TYPES)}); map it under 'types:'")
    d_text = cell(row, rules, "date")
    d = parse_date(d_text, rules, xlsx) if d_text is not None else None
    if d is None:
        bad("date", f"{d_text!r} is not a date in {' or '.join(rules.date_formats)}" if d_text
            else "missing")
    ref = cell(row, rules, "ref")
    if ref is None:
        bad("ref", "missing: every imported row needs a ref, so a second import can recognise it")
    line = _item_fields(row, rules, catalog, bad)
    if len(problems) > before:
        return None
    return (t, d, ref, cell(row, rules, "partner"), cell(row, rules, "location"), cell(row, rules, "note"),
            line)


def _item_fields(row: Row, rules: Rules, catalog, bad) -> dict:
    """The line of a row: item (a SKU or barcode, written as the SKU), qty, price, unit, lot, expiry."""
    line: dict = {}
    name = cell(row, rules, "item")
    sku = catalog.resolve_item(name) if name else None
    if sku is None:
        bad("item", f"unknown item {name!r}{closest(name or '', catalog.items)}" if name else "missing")
    line["item"] = sku
    for key in ("qty", "price"):
        text = cell(row, rules, key)
        if text is None:
            if key == "qty":
                bad(key, "missing")
            continue
        n = parse_number(text, rules)
        if n is None:
            bad(key, f"{text!r} is not a number" + (f" (decimal '{rules.decimal}')" if key == "price" else ""))
        elif key == "qty" and n <= 0:
            bad(key, f"{text!r}: a quantity is positive")
        line[key] = n
    for key in ("unit", "lot"):
        if cell(row, rules, key) is not None:
            line[key] = cell(row, rules, key)
    exp = cell(row, rules, "expiry")
    if exp is not None:
        line["expiry"] = parse_date(exp, rules, False) or exp
    return line


def plan_import(path: str | Path, rules: Rules, catalog, settings, existing: set) -> ImportPlan:
    """The entries the rows of ``path`` make under ``rules``.

    ``existing`` is the set of (type, ref) already in the journal; groups found there are
    skipped (counted in ``skipped``).  Raises LedgerError listing every problem found.
    """
    name = str(path)
    rows = read_rows(path, rules)
    check_columns(rules, rows, name)
    xlsx = Path(path).suffix.lower() in (".xlsx", ".xlsm")
    problems: list[Problem] = []
    groups: dict = {}
    for row in rows:
        parsed = row_line(row, rules, name, catalog, xlsx, problems)
        if parsed is None:
            continue
        t, d, ref, partner, location, note, line = parsed
        g = groups.setdefault((t, ref, d), {"rows": [], "partner": partner, "location": location,
                                            "note": note, "lines": []})
        for key, value in (("partner", partner), ("location", location)):
            if value != g[key]:
                problems.append(_problem(name, row, rules, key,
                                         f"{value!r} differs from {g[key]!r} on row {g['rows'][0]} "
                                         f"of the same entry ({t} {ref} {d})"))
        g["rows"].append(row.number)
        g["lines"].append(line)
    if problems:
        raise LedgerError(problems[0].message, problems[0].path, problems[0].line, problems=problems)
    entries, first_rows, skipped = [], [], 0
    for (t, ref, d), g in groups.items():
        if (t, ref) in existing:
            skipped += len(g["rows"])
            continue
        entries.append(entry_of(t, d, ref, g, settings))
        first_rows.append((g["rows"][0], *g["rows"]))
    return ImportPlan(tuple(entries), tuple(first_rows), len(rows), skipped)


def entry_of(t: str, d: dt.date, ref: str, group: dict, settings) -> dict:
    """A journal entry (raw dict) for one group of rows: partner and location placed as the
    type wants them (SPEC 2), the ledger's default location when none is given."""
    src_field, dst_field = IMPORT_TYPES[t]
    where = {"partner": group["partner"], "location": group["location"] or settings.default_location}
    raw: dict = {"date": d, "type": t}
    if src_field and where[src_field] is not None:
        raw["from"] = where[src_field]
    if dst_field and where[dst_field] is not None:
        raw["to"] = where[dst_field]
    raw["ref"] = ref
    if group["note"]:
        raw["note"] = group["note"]
    raw["lines"] = group["lines"]
    return raw


def imported_keys(entries) -> set:
    """(type, ref) of every journal entry that has a ref: what a re-import recognises."""
    return {(e.type, e.ref) for e in entries if e.ref is not None}
