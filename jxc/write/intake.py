"""`jxc add`: entries from YAML documents or JSON lines, validated where they were written.

Every input is held to the same rules as the journal before anything is built
from it: UTF-8 text (:func:`jxc.ledger.yamlread.decode_text`), numbers by
:func:`jxc.numbers.read_decimal`, and for JSON lines a shape an entry can have
(an object of plain keys; scalars, and ``lines`` and a payment's ``apply`` as
lists of objects of scalars), no duplicate keys (YAML refuses them too) and no nesting deeper than an
entry needs.  A problem is a LedgerError at ``NAME:LINE``; nothing is written.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal

from jxc.errors import LedgerError
from jxc.ledger.entries import parse_entry
from jxc.ledger.schema import parse_date_text
from jxc.ledger.yamlread import Mapping, Scalar, Sequence, decode_text, read_documents
from jxc.numbers import NumberError, excerpt, read_decimal

# An entry's keys are plain words; anything else cannot be a key jxc knows, and
# text with ':' or '}' in a key must never reach the serialiser.
_KEY = re.compile(r"[a-z_]{1,40}\Z")
# The keys whose value is a list of objects of scalars, with an example of one: an entry's
# lines, and a payment's allocations (``jxc print -o json`` writes both, ``jxc add`` reads both).
LIST_KEYS = {"lines": '{"item": "SKU", "qty": 1}', "apply": '{"of": "ID", "amount": 100.00}'}
_MAX_LINE = 1_000_000          # characters in one JSON line: far above any real entry


def to_raw(node):
    """A YAML node as plain dicts/lists, scalars kept as written (Scalar)."""
    if type(node) is Mapping:
        return {str(k): to_raw(v) for k, v in node.items()}
    if type(node) is Sequence:
        return [to_raw(v) for v in node]
    return node


class Refused(Exception):
    """Raised by :func:`read_json_line` for a JSON line that is not the shape of an entry;
    the message (one line) says why."""


def _no_duplicates(pairs):
    out = {}
    for key, value in pairs:
        if key in out:
            raise Refused(f"duplicate key {excerpt(key)}")
        out[key] = value
    return out


def _number(text: str) -> Decimal:
    try:
        return read_decimal(text)
    except NumberError as e:
        raise Refused(f"a number must be one jxc carries, got {e}") from None


def _constant(text: str):
    raise Refused(f"{text} is not a number jxc carries")


def _scalar(value, where: str):
    """A JSON value that may stand in an entry's field: text, number, true/false, null."""
    if isinstance(value, (dict, list)):
        raise Refused(f"{where} must be a single value, got a{'n object' if isinstance(value, dict) else ' list'}")
    if isinstance(value, str):
        if any("\ud800" <= c <= "\udfff" for c in value):
            raise Refused(f"{where} holds a lone surrogate escape (not a character)")
        if "\x00" in value:
            raise Refused(f"{where} holds a NUL character")
    return value


def _entry_shape(obj) -> dict:
    """The JSON value as an entry dict: an object of plain keys, scalar values,
    ``lines`` and ``apply`` lists of objects of scalars (dates as dates)."""
    if not isinstance(obj, dict):
        raise Refused("each JSON line must be an object (one entry)")
    out = {}
    for key, value in obj.items():
        if not _KEY.match(key):
            raise Refused(f"unknown key {excerpt(key)}")
        if key in LIST_KEYS:
            if not isinstance(value, list):
                noun = "lines" if key == "lines" else "allocations"
                raise Refused(f"'{key}' must be a list of {noun} like [{LIST_KEYS[key]}], got {_kind(value)}")
            out[key] = [_line_shape(ln, n, key) for n, ln in enumerate(value, 1)]
        else:
            out[key] = _dated(key, _scalar(value, f"'{key}'"))
    return out


def _line_shape(ln, n: int, within: str = "lines") -> dict:
    """Item ``n`` of a list key (``within``: an entry line, or one allocation of ``apply``)."""
    what = "line" if within == "lines" else "item"
    if not isinstance(ln, dict):
        raise Refused(f"{what} {n} of '{within}' must be an object like {LIST_KEYS[within]},"
                       f" got {_kind(ln)}")
    out = {}
    for key, value in ln.items():
        if not _KEY.match(key):
            raise Refused(f"unknown key {excerpt(key)} in {what} {n}" + ("" if within == "lines" else f" of '{within}'"))
        out[key] = _dated(key, _scalar(value, f"'{key}' of {what} {n}" + ("" if within == "lines" else f" of '{within}'")))
    return out


def _dated(key: str, value):
    """JSON has no dates: a "date"/"expiry"/"due" string that is a date is taken as one."""
    if key in ("date", "expiry", "due") and isinstance(value, str):
        d = parse_date_text(value)
        return d if d is not None else value
    return value


def _kind(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return f"the number {value}"
    if value is None:
        return "null"
    if isinstance(value, str):
        return f"the text {excerpt(value)}"
    return "an object" if isinstance(value, dict) else "a list"


def read_json_line(line: str) -> dict:
    """One JSON line as an entry dict (numbers as Decimal, by the one rule of numbers);
    raises Refused with a reason for anything that is not an entry's shape."""
    if len(line) > _MAX_LINE:
        raise Refused(f"the line is {len(line):,} characters long (at most {_MAX_LINE:,})")
    try:
        obj = json.loads(line, parse_float=_number, parse_int=_number, parse_constant=_constant,
                         object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as e:
        raise Refused(f"invalid JSON: {e.msg} (column {e.colno})") from None
    except RecursionError:
        raise Refused("invalid JSON: nested too deeply for an entry") from None
    return _entry_shape(obj)


def read_input(data: bytes | str, name: str, ledger):
    """(raw entries, their first lines) from ``data``; a problem raises LedgerError at its place.

    JSON lines (the text starts with ``{``) are split at ``\\n`` only: U+2028, U+2029
    and U+0085 inside a string are characters of that string, not line breaks."""
    from jxc.write.serialise import entry_document     # unknown keys refused before serialising
    text = decode_text(data, name) if isinstance(data, bytes) else data
    cat, settings = ledger.catalog, ledger.settings
    raws, lines = [], []
    if text.lstrip().startswith("{"):
        for no, line in enumerate(text.split("\n"), 1):
            if not line.strip():
                continue
            try:
                obj = read_json_line(line)
            except Refused as e:
                raise LedgerError(str(e), name, no) from None
            try:
                _, node = entry_document(obj, name, no)
                parse_entry(node, name, 0, cat, settings)
            except LedgerError as e:
                raise LedgerError(e.problem.message, name, no) from None
            raws.append(obj)
            lines.append(no)
        return raws, lines
    for pos, doc in enumerate(read_documents(text, name)):
        if doc.value is None or (type(doc.value) is Scalar and doc.value.is_null):
            continue
        parse_entry(doc.value, name, pos, cat, settings, doc.start_line)
        raws.append(to_raw(doc.value))
        lines.append(doc.start_line)
    return raws, lines
