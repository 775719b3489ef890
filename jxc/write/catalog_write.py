"""Editing ``catalog.yaml`` without disturbing what a person wrote there.

The catalog is edited as YAML, not as lines: :mod:`ruamel.yaml` reads it into a
round-trip tree that keeps comments, key order, flow or block style and quotes,
the record is added or changed in that tree, and the tree is written back with the
file's own indentation (4 spaces stay 4 spaces).  Why ruamel.yaml: it is the one
well-kept Python library that round-trips comments and styles; line surgery broke
on valid hand-formatted catalogs.  It is a core dependency (pure Python, small),
because editing the catalog is core work, not an extra.

Every value is typed and validated before it goes in (:func:`field_value`), text
is quoted unless it is a plain safe scalar (the rule of
:func:`jxc.ledger.entries.scalar_text`), and the text written is read back by the
strict catalog reader and compared with what was meant: the changed record must
say exactly the new fields, every other record exactly what it said before.  A
``set`` also validates the whole journal with the new catalog.  Nothing is written
unless all of that holds; the write is atomic, under the ledger's lock.
"""

from __future__ import annotations

import io
import re
from decimal import Decimal
from typing import NamedTuple

from jxc.errors import LedgerError, closest
from jxc.ledger.catalog import SECTION_KEYS, TERMS, read_catalog
from jxc.ledger.entries import _plain_ok, scalar_text
from jxc.numbers import parse_decimal
from jxc.fs.transaction import atomic_write, ledger_lock

KINDS = ("item", "location", "supplier", "customer", "account")

# What each documented field holds: how a value typed on the command line is read.
ITEM_FIELDS = {"name": "text", "unit": "name", "barcode": "name", "category": "text",
               "price": "amount", "cost": "amount", "reorder_point": "amount",
               "reorder_qty": "amount", "lead_time_days": "days", "supplier": "name",
               "units": "units", "lots": "bool"}
PARTY_FIELDS = {"name": "text", "lead_time_days": "days", "note": "text"}
MONEY_FIELDS = {"terms_days": "days", "terms": "terms", "credit_limit": "amount"}
# Fields the reading of the journal depends on (units and lots of its lines, the
# barcode an entry may name an item by, the price a sale without one takes, the cost
# a count surplus may take): changing one needs the whole journal checked.  The
# others (names, categories, replenishment settings) cannot give it a problem.
JOURNAL_FIELDS = frozenset({"unit", "units", "barcode", "lots", "price", "cost", "terms", "terms_days",
                            "credit_limit"})


def fields_of(kind: str) -> dict:
    """The fields a record of ``kind`` may set, with their types (the catalog's own keys)."""
    if kind == "item":
        return ITEM_FIELDS
    keys = SECTION_KEYS[kind + "s"]
    return {k: t for k, t in {**PARTY_FIELDS, **MONEY_FIELDS}.items() if k in keys}


def check_name(kind: str, key: str) -> str:
    """A name (SKU, location, partner) by the rule the catalog is read by
    (:func:`jxc.ledger.names.name_problem`), said before anything is written."""
    from jxc.ledger.names import name_problem
    from jxc.numbers import excerpt
    problem = name_problem(key)
    if problem:
        raise LedgerError(f"'{kind}' is not a valid name: {excerpt(key, 40)} ({problem})")
    return key


def field_value(kind: str, field: str, text: str):
    """The value of ``field`` typed as ``text``: Decimal, int, bool, dict or str.

    Raises LedgerError naming the field (and the closest known one when it is
    misspelled) for an unknown field or a value of the wrong shape.
    """
    fields = fields_of(kind)
    if field not in fields:
        raise LedgerError(f"{kind} has no field '{field}'{closest(field, fields)}"
                          f" (fields: {', '.join(fields)})")
    t = fields[field]
    if t == "text":
        if not text.isprintable() or not text.strip():
            raise LedgerError(f"{field} must be one line of printable text, got {text[:40]!r}")
        return text
    if t == "name":
        return check_name(field, text)
    if t == "amount":
        d = parse_decimal(text)
        if d is None or d < 0:
            raise LedgerError(f"{field} must be a non-negative number, got {text[:40]!r}")
        return d
    if t == "days":
        if not re.fullmatch(r"[0-9]{1,5}", text):
            raise LedgerError(f"{field} must be a whole number of days, got {text[:40]!r}")
        return int(text)
    if t == "terms":
        if text not in TERMS:
            raise LedgerError(f"{field} must be one of {', '.join(TERMS)}, got {text[:40]!r}")
        return text
    if t == "bool":
        if text not in ("true", "false"):
            raise LedgerError(f"{field} must be true or false, got {text[:40]!r}")
        return text == "true"
    return units_value(text)


def units_value(text: str) -> dict:
    """``case=24,pack=6`` → {'case': Decimal(24), 'pack': Decimal(6)}."""
    out = {}
    for part in text.split(","):
        k, _, n = part.strip().partition("=")
        d = parse_decimal(n)
        if not k or d is None or d <= 0:
            raise LedgerError(f"units are written UNIT=N like case=24, got {part.strip()[:40]!r}")
        out[check_name("unit", k)] = d
    return out


def record_text(key: str, fields: dict) -> str:
    """One record as the line a person would write: ``KEY: {name: ..., ...}``."""
    body = ", ".join(f"{k}: {_flow(v)}" for k, v in fields.items() if v is not None)
    return f"{scalar_text(key)}: {{{body}}}\n"


def _flow(v) -> str:
    if isinstance(v, dict):
        return "{" + ", ".join(f"{scalar_text(k)}: {_flow(x)}" for k, x in v.items()) + "}"
    return scalar_text(v)


# -- the round trip -----------------------------------------------------------------

def _yaml(text: str):
    """A round-trip YAML reader/writer set to the file's own indentation."""
    from ruamel.yaml import YAML
    y = YAML()
    y.preserve_quotes = True
    y.width = 1 << 16                     # never fold a long line
    m = re.search(r"^[^\s#][^\n]*:[ \t]*(#[^\n]*)?\n(?:[ \t]*(?:#[^\n]*)?\n)*( +)\S", text, re.M)
    step = len(m.group(2)) if m else 2
    y.indent(mapping=step, sequence=step, offset=0)
    y.representer.add_representer(Decimal, _represent_decimal)
    # an empty value (`items:`) stays empty rather than become `items: null`
    y.representer.add_representer(type(None), lambda r, d: r.represent_scalar("tag:yaml.org,2002:null", ""))
    # one Decimal object may stand for two equal fields: never an anchor (the reader refuses them)
    y.representer.ignore_aliases = lambda data: True
    return y


def _represent_decimal(representer, d: Decimal):
    """An exact decimal as written (88.00 stays 88.00), never through a float."""
    t = format(d, "f")
    return representer.represent_scalar("tag:yaml.org,2002:" + ("float" if "." in t else "int"), t)


def _node(value):
    """A value as ruamel should write it: text double-quoted unless plain safe,
    a mapping in flow style (one line, as jxc writes records)."""
    from ruamel.yaml.comments import CommentedMap
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString
    if isinstance(value, dict):
        m = CommentedMap((_node(k), _node(v)) for k, v in value.items())
        m.fa.set_flow_style()
        return m
    if isinstance(value, str) and not _plain_ok(value):
        return DoubleQuotedScalarString(value)
    return value


def _load(y, text: str, path: str):
    from ruamel.yaml.error import YAMLError
    try:
        data = y.load(text) if text.strip() else None
    except YAMLError as e:  # the strict reader has read it already; this is a backstop
        mark = getattr(e, "problem_mark", None)
        raise LedgerError(f"cannot edit: {getattr(e, 'problem', None) or e}", path,
                          mark.line + 1 if mark else None) from None
    if data is None:
        from ruamel.yaml.comments import CommentedMap
        data = CommentedMap()
    return data


def _dump(y, data) -> str:
    out = io.StringIO()
    y.dump(data, out)
    return out.getvalue()


def _section(data, kind: str):
    from ruamel.yaml.comments import CommentedMap
    name = kind + "s"
    if data.get(name) is None:
        data[name] = CommentedMap()
    return data[name]


def _new_record_node(section, fields: dict):
    """The new record in the style of its section's last record (flow or block)."""
    node = _node(fields)
    last = list(section.values())[-1] if len(section) else None
    if last is not None and hasattr(last, "fa") and not last.fa.flow_style():
        node.fa.set_block_style()
    return node


def _tail(holder, key):
    """(mapping, key) holding the comment after ``holder[key]``: in block style the
    comment after a record sits on its last nested key."""
    from ruamel.yaml.comments import CommentedMap
    while True:
        v = holder[key]
        if isinstance(v, CommentedMap) and len(v) and not v.fa.flow_style():
            holder, key = v, list(v.keys())[-1]
            continue
        return holder, key


def _carry_trailing(section, new_key) -> None:
    """Blank lines and comments after a section's last record belong after the section,
    not inside it: ruamel keeps them on the last record, so an appended record would
    land below them.  Move all but the record's own end-of-line comment to the new one."""
    import copy
    keys = list(section.keys())
    if len(keys) < 2:
        return
    holder, k = _tail(section, keys[-2])
    slot = holder.ca.items.get(k)
    if not slot or len(slot) < 3 or slot[2] is None:
        return
    own, nl, rest = slot[2].value.partition("\n")
    if not rest:
        return
    moved = copy.copy(slot[2])
    slot[2].value = own + nl
    moved.value = nl + rest           # the new line ends as the old one did, then the rest
    new_holder, nk = _tail(section, new_key)
    new_holder.ca.items[nk] = [None, None, moved, None]


# -- the edits --------------------------------------------------------------------

class Merged(NamedTuple):
    """What :func:`merge_records` did: records ``added`` and ``changed`` (a record given
    with the values it already had is not changed), the catalog's new ``text``, and
    ``records``: {key: the record's fields as it now reads}."""

    added: int
    changed: int
    text: str
    records: dict


def add_record(ledger, kind: str, key: str, fields: dict) -> str:
    """Declare a new location/item/supplier/customer; returns its record as one line.

    ``fields``: field → typed value (see :func:`field_value`), None for "not given".
    Raises LedgerError when the name is taken (or is an item's barcode), or when
    the catalog would not read back as meant; nothing is written then.
    """
    assert kind in KINDS
    check_name(kind, key)
    fields = {k: v for k, v in fields.items() if v is not None}
    with ledger_lock(ledger.root, ledger.lock_wait):
        merged = merge_records(ledger, kind, {key: fields}, must="new")
    return record_text(key, merged.records[key])


def set_record(ledger, kind: str, key: str, changes: dict, unset=()) -> str:
    """Set (or with ``unset`` remove) fields of an existing record; returns it as one line.

    When a field the journal depends on changes (:data:`JOURNAL_FIELDS`), the whole
    ledger is validated with the new catalog first: a change that gives the journal
    a problem it did not have (``lots: true`` on an item sold without lots, a unit
    still used, a barcode an entry names) is refused, nothing written.
    """
    assert kind in KINDS
    for f in unset:
        if f not in fields_of(kind):
            raise LedgerError(f"{kind} has no field '{f}'{closest(f, fields_of(kind))}")
    if "name" in unset:
        raise LedgerError("a name cannot be removed; set another one")
    with ledger_lock(ledger.root, ledger.lock_wait):
        merged = merge_records(ledger, kind, {key: changes}, unset=unset, must="existing")
    return record_text(key, merged.records[key])


def merge_records(ledger, kind: str, records: dict, *, unset=(), must: str | None = None,
                  dry_run: bool = False) -> Merged:
    """Merge ``records`` ({key: {field: typed value}}) into section ``kind`` (item,
    location, supplier, customer, account) of catalog.yaml: the one catalog edit, which
    ``jxc item/location/... add|set`` and ``jxc import catalog`` all make.

    A key the section lacks becomes a record, after its last one and in its style
    (flow or block); an existing record gets the fields given, the others untouched,
    and loses the fields in ``unset``.  ``must``: ``"new"`` refuses a key that exists
    (or is an item's barcode), ``"existing"`` one that does not.  Call it holding the
    ledger's lock (:func:`jxc.fs.transaction.ledger_lock`); the catalog is re-read first.

    The new text must read by the strict catalog reader, and its whole tree must equal
    the old one with just these records changed as meant
    (:func:`jxc.write.serialise.same_meaning`); when a field the journal depends on
    (:data:`JOURNAL_FIELDS`) changes on an existing record, the whole journal is
    validated with the new catalog.  Else LedgerError, nothing written.  With
    ``dry_run`` all of it is checked and nothing written.
    """
    from jxc.ledger.yamlread import read_mapping_file
    from jxc.write.serialise import meaning, same_meaning
    ledger.reload()
    _refuse_keys(ledger, kind, records, must)
    path = ledger.catalog_path
    name = ledger.name(path)
    old_text = ""
    if path.exists():
        with open(path, encoding="utf-8", newline="") as f:     # as it is: CRLF stays CRLF
            old_text = f.read()
    y = _yaml(old_text)
    data = _load(y, old_text, name)
    _change(_section(data, kind), records, unset)
    new_text = _dump(y, data)
    if "\r\n" in old_text:
        new_text = new_text.replace("\r\n", "\n").replace("\n", "\r\n")   # the file keeps its line ends
    new_cat = read_catalog(new_text, name)          # the strict reader: it must read back
    old_tree = dict(read_mapping_file(old_text, name)) if old_text.strip() else {}
    section = old_tree.get(kind + "s")
    section = dict(section) if isinstance(section, dict) else {}   # absent or empty (null)
    added = changed = 0
    touched = False
    expected = {}
    for key, fields in records.items():
        is_new = key not in section
        old = section.get(key)
        rec = {k: v for k, v in (old or {}).items() if str(k) not in unset}
        rec.update(fields)
        expected[key] = section[key] = rec
        if is_new:
            added += 1
        elif meaning(dict(old or {})) != meaning(rec):
            changed += 1
            touched = touched or bool((set(fields) | set(unset)) & JOURNAL_FIELDS)
    old_tree[kind + "s"] = section
    if not same_meaning(old_tree, read_mapping_file(new_text, name)):
        raise LedgerError("the edited catalog would not read back as meant; not written", name)
    if touched:
        _refuse_journal_problems(ledger, new_cat)
    if not dry_run:
        atomic_write(path, new_text, ledger.root)
        ledger.reload()
    return Merged(added, changed, new_text, expected)


def _refuse_keys(ledger, kind: str, records: dict, must: str | None) -> None:
    cat = ledger.catalog
    known = cat.section(kind)
    for key in records:
        if must == "new" and key in known:
            raise LedgerError(f"{kind} '{key}' already exists", ledger.name(ledger.catalog_path), known[key].line)
        if must == "new" and kind == "item" and key in cat.barcodes:
            raise LedgerError(f"'{key}' is already the barcode of item '{cat.barcodes[key]}'")
        if must == "existing" and key not in known:
            raise LedgerError(f"unknown {kind} '{key}'{closest(key, known)}")


def _change(section, records: dict, unset) -> None:
    """The records put into the round-trip tree of their section (see :func:`merge_records`)."""
    by_name = {str(k): k for k in section}
    for key, fields in records.items():
        k = by_name.get(key)
        if k is None:
            k = _node(key)
            section[k] = _new_record_node(section, fields)
            _carry_trailing(section, k)
            by_name[key] = k
            continue
        if section[k] is None:
            section[k] = _node({})
        for f, v in fields.items():
            section[k][f] = _node(v)
        for f in unset:
            section[k].pop(f, None)


def _refuse_journal_problems(ledger, new_cat) -> None:
    """LedgerError listing the problems the new catalog gives the journal, if any."""
    from jxc.write.commit import problems_with_catalog
    added = problems_with_catalog(ledger, new_cat)
    if added:
        msg = "with this change: "
        raise LedgerError(msg + added[0].message, added[0].path, added[0].line,
                          problems=[type(q)(msg + q.message, q.path, q.line) for q in added])
