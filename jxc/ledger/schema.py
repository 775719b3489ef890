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
from jxc.numbers import parse_decimal

_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})\Z")
_NAME_BAD = re.compile(r"[\s:]")


def line_of(node, default: int | None = None) -> int | None:
    return getattr(node, "line", default)


def describe(node) -> str:
    if type(node) is Mapping:
        return "a mapping"
    if type(node) is Sequence:
        return "a list"
    if type(node) is Scalar and node.quoted:
        return f"the text {str(node)!r}"
    return repr(str(node))


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
    if not s or _NAME_BAD.search(s):
        raise LedgerError(f"'{key}' is not a valid name: {s!r} (names have no spaces and no ':')",
                          path, node.line)
    return s


def as_decimal(node, key: str, path: str) -> Decimal:
    if type(node) is not Scalar or node.quoted:
        raise LedgerError(f"'{key}' must be a number, got {describe(node)}", path, line_of(node))
    d = parse_decimal(node)
    if d is None:
        raise LedgerError(f"'{key}' must be a number, got {str(node)!r}", path, node.line)
    return d


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
        raise LedgerError(f"'{key}' must be a date (YYYY-MM-DD), got {str(node)!r}", path, node.line)
    return d


_TRUE = {"true", "True", "TRUE", "yes", "Yes"}
_FALSE = {"false", "False", "FALSE", "no", "No"}


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
