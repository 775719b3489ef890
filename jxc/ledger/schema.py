"""Reading typed values out of YAML nodes, with file:line errors.

Each helper takes the node as read by :mod:`jxc.ledger.yamlread` and either
returns a typed value or raises a LedgerError naming the place and the offending
text.  Entries, settings and the catalog all validate through these.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from jxc.errors import LedgerError, closest
from jxc.ledger.yamlread import Mapping, Scalar, Sequence
from jxc.ledger.names import name_problem
from jxc.numbers import NumberError, excerpt, read_decimal

# The last day an entry may carry: the day after it (a report's exclusive end) is
# then always a date Python can write (9999-12-31 is the last one there is).
LAST_DAY = dt.date(9999, 12, 30)

# ASCII digits only: ``\d`` would also take Arabic-Indic and full-width digits.
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})\Z")


def line_of(node, default: int | None = None) -> int | None:
    return getattr(node, "line", default)


def describe(node) -> str:
    if type(node) is Mapping:
        return "a mapping"
    if type(node) is Sequence:
        return "a list"
    if type(node) is Scalar and node.quoted:
        return f"the text {excerpt(node, 40)}"
    return excerpt(node, 40)


def require_mapping(node, what: str, path: str, line: int | None) -> Mapping:
    if type(node) is not Mapping:
        raise LedgerError(f"{what} must be a mapping, got {describe(node)}", path, line_of(node, line))
    return node


def check_keys(node: Mapping, allowed, path: str, what: str) -> None:
    """Unknown keys are errors, with the closest allowed key suggested."""
    for key in node:
        if key not in allowed:
            raise LedgerError(f"unknown key '{key}' in {what}{closest(key, allowed)}",
                              path, line_of(key, node.line))


def require_key(node: Mapping, key: str, path: str, what: str):
    if key not in node or _is_null(node[key]):
        raise LedgerError(f"{what} is missing the required key '{key}'", path, node.line)
    return node[key]


def _is_null(node) -> bool:
    return type(node) is Scalar and node.is_null


def get(node: Mapping, key: str):
    """The value at key, or None when absent or null."""
    v = node.get(key)
    return None if v is None or _is_null(v) else v


def as_text(node, key: str, path: str) -> str:
    if type(node) is not Scalar:
        raise LedgerError(f"'{key}' must be text, got {describe(node)}", path, line_of(node))
    return str(node)


def as_name(node, key: str, path: str) -> str:
    """A name: non-empty, no whitespace, no ':' (SPEC 1)."""
    if type(node) is not Scalar:
        raise LedgerError(f"'{key}' must be a name, got {describe(node)}", path, line_of(node))
    s = str(node)
    problem = name_problem(s)
    if problem:
        raise LedgerError(f"'{key}' is not a valid name: {excerpt(s, 40)} ({problem})", path, node.line)
    return s


def as_decimal(node, key: str, path: str) -> Decimal:
    """An unquoted number, by the one rule of :func:`jxc.numbers.read_decimal` (ASCII
    digits, no exponent, within the range jxc carries); LedgerError at its line."""
    if type(node) is not Scalar or node.quoted:
        raise LedgerError(f"'{key}' must be a number, got {describe(node)}", path, line_of(node))
    try:
        return read_decimal(node)
    except NumberError as e:
        raise LedgerError(f"'{key}' must be a number, got {e}", path, node.line) from None



def as_positive(node, key: str, path: str) -> Decimal:
    d = as_decimal(node, key, path)
    if d <= 0:
        raise LedgerError(f"'{key}' must be positive, got {str(node)}", path, node.line)
    return d


def as_non_negative(node, key: str, path: str) -> Decimal:
    d = as_decimal(node, key, path)
    if d < 0:
        raise LedgerError(f"'{key}' must not be negative, got {str(node)}", path, node.line)
    return d


def parse_date_text(s: str) -> dt.date | None:
    """``YYYY-MM-DD`` in ASCII digits as a date, or None (also for an impossible date
    such as 2026-02-30, or year 0000).  Every date of 0001-01-01 .. 9999-12-31 is taken."""
    m = _DATE.match(s)
    if not m:
        return None
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def as_date(node, key: str, path: str) -> dt.date:
    if type(node) is not Scalar:
        raise LedgerError(f"'{key}' must be a date (YYYY-MM-DD), got {describe(node)}", path, line_of(node))
    d = parse_date_text(str(node))
    if d is None:
        if _DATE.match(str(node)):
            raise LedgerError(f"'{key}' is not a real date: {str(node)}", path, node.line)
        raise LedgerError(f"'{key}' must be a date (YYYY-MM-DD), got {excerpt(node, 40)}", path, node.line)
    return d


_TRUE = {"true", "True", "TRUE", "yes", "Yes"}
_FALSE = {"false", "False", "FALSE", "no", "No"}


def as_entry_date(node, key: str, path: str) -> dt.date:
    """An entry's date: :func:`as_date`, on or before :data:`LAST_DAY` (9999-12-30), so
    every period that holds it has an end."""
    d = as_date(node, key, path)
    if d > LAST_DAY:
        raise LedgerError(f"'{key}' {d} is past the last date jxc carries ({LAST_DAY})", path, node.line)
    return d


def as_bool(node, key: str, path: str) -> bool:
    if type(node) is Scalar and not node.quoted:
        if node in _TRUE:
            return True
        if node in _FALSE:
            return False
    raise LedgerError(f"'{key}' must be true or false, got {describe(node)}", path, line_of(node))


def as_int(node, key: str, path: str) -> int:
    d = as_decimal(node, key, path)
    if d != d.to_integral_value() or d < 0:
        raise LedgerError(f"'{key}' must be a whole number of days, got {str(node)}", path, node.line)
    return int(d)


def as_choice(node, key: str, choices, path: str) -> str:
    s = as_text(node, key, path)
    if s not in choices:
        raise LedgerError(f"'{key}' must be one of {', '.join(choices)}, got {s!r}{closest(s, choices)}",
                          path, node.line)
    return s
