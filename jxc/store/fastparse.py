"""A fast reader for the canonical form jxc itself writes; anything else goes to the strict reader.

`jxc` writes every entry on one line (see :func:`jxc.ledger.entries.dump_entry`)::

    --- {id: 20261124-k3x9qz, date: 2026-11-24, type: sell, from: main, to: walk-in, lines: [{item: TEA-001, qty: 2, price: 88.00}]}

A journal of a million entries is a million such lines, and building them
through libyaml's events costs ~100 µs an entry.  This module reads exactly
that shape with a handful of regular expressions and builds the same
:class:`~jxc.ledger.entries.Entry` objects `parse_entry` would, at a few µs an
entry.  It is deliberately narrow: a file with anything it is not sure about —
a multi-line document, an escape in a quoted string, a key out of the plain
subset, an unknown name, a value `parse_entry` would reject, a `move` entry —
is handed back (``None``) and read by the strict reader, which gives the
entries and the messages of record.  Payments and the money keys of a buy or
sell are read by the strict reader's own functions (:mod:`jxc.ledger.money`)
from the same scalars; a ledger with ``tax:`` is read strictly.  A differential test checks that both
readers give identical entries on every file of the test corpus.
"""

from __future__ import annotations

import re
from decimal import Decimal

from jxc.ledger.entries import ENTRY_KEYS, COMMON_KEYS, LINE_KEYS, Entry, Line
from jxc.errors import LedgerError
from jxc.ledger.money import SETTLEMENT_KEYS, read_payment, read_settlement
from jxc.ledger.names import name_problem
from jxc.ledger.schema import LAST_DAY, parse_date_text
from jxc.ledger.yamlread import Mapping, Scalar, Sequence
from jxc.numbers import NumberError, in_base_units, parse_decimal

# Characters that make a YAML stream unreadable or that YAML treats as line breaks:
# such a file is left to the strict reader and its messages.
_UNSAFE = re.compile("[^\x0a\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")

# One ``key: value`` of a flow mapping: a plain scalar that cannot be anything but
# text in a flow context (no indicator, no ``,[]{}#:``, no edge spaces), or a
# double-quoted string without escapes.
_PAIR = re.compile(
    r'([a-z_]+): (?:"([^"\\\x00-\x1f]*)"|'
    r'([^\s,\[\]{}"\'#:&*!|>%@`?\-](?:[^,\[\]{}#:\x00-\x1f]*[^\s,\[\]{}#:])?))')
_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?\Z")
_PLAIN = r'[^\s,\[\]{}"\'#:&*!|>%@`?\-](?:[^,\[\]{}#:\x00-\x1f]*[^\s,\[\]{}#:])?'
_NAMEP = r'[^\s,\[\]{}"\'#:&*!|>%@`?\-][^\s,\[\]{}#:]*'
_NUM = r'[0-9]+(?:\.[0-9]+)?'
# The shape nearly every entry jxc writes has: from/to, one line of item/qty[/price].
_SIMPLE = re.compile(
    rf'--- \{{id: ({_NAMEP}), date: ([0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}), type: (buy|sell|transfer|writeoff),'
    rf' from: ({_NAMEP}), to: ({_NAMEP}), lines: \[\{{item: ({_NAMEP}), qty: ({_NUM})(?:, price: ({_NUM}))?\}}\]\}}\Z')
_NAME = re.compile(r"[^\s:]+\Z")
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
# Line tax rates are left to the strict reader; the money keys of a buy or sell
# (paid, account, due, over_limit: every counter sale has them) are read by the
# strict reader's own function, :func:`jxc.ledger.money.read_settlement`.
_ENTRY_ALLOWED = {t: frozenset(COMMON_KEYS + ENTRY_KEYS[t]) for t in ENTRY_KEYS}
_LINE_ALLOWED = {t: frozenset(LINE_KEYS[t]) - {"tax_rate"} for t in LINE_KEYS}
_TYPES_FAST = frozenset(("open", "buy", "sell", "transfer", "writeoff", "count", "return", "po", "so", "close"))
_ONE = Decimal(1)


class _NotCanonical(Exception):
    """The fast path cannot vouch for this text: read it with the strict reader."""


def parse_canonical(text: str, name: str, catalog, settings):
    """The entries of a journal file in canonical form, or None when it must be read strictly."""
    if _UNSAFE.search(text) or settings.tax is not None:
        # with tax, every buy and sell line is split by jxc.ledger.tax: the strict reader does it
        return None
    try:
        return _parse(text, name, catalog, settings)
    except _NotCanonical:
        return None


def _pairs(s: str, i: int, close: str):
    """Parse ``k: v, k: v`` from ``s[i:]`` up to ``close``; returns (dict of key -> (text, quoted), end)."""
    out = {}
    match = _PAIR.match
    n = len(s)
    while True:
        m = match(s, i)
        if m is None:
            return out, i
        key = m.group(1)
        if key in out:
            raise _NotCanonical
        q = m.group(2)
        if q is not None:
            out[key] = (q, True)
        else:
            v = m.group(3)
            if v in _NULLS:
                raise _NotCanonical
            out[key] = (v, False)
        i = m.end()
        if i < n and s[i] == close:
            return out, i
        if s.startswith(", ", i):
            i += 2
            if s.startswith("lines: [", i) or s.startswith("apply: [", i):
                return out, i
            continue
        raise _NotCanonical


def _parse(text: str, name: str, catalog, settings):
    entries = []
    pos = -1
    dates: dict = {}
    default_loc = settings.default_location
    items = catalog.items
    barcodes = catalog.barcodes
    locations = catalog.locations
    simple = _SIMPLE.match
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    for no, line in enumerate(lines, 1):
        if not line.startswith("--- {"):
            if line == "---":
                pos += 1          # an empty document: harmless, but it counts as a position
                continue
            if not line or line[0] == "#":
                continue
            raise _NotCanonical
        pos += 1
        m = simple(line)
        if m is not None:
            e = _simple(m.groups(), name, pos, no, dates, items, barcodes, locations, catalog)
            if e is not None:
                entries.append(e)
                continue
        if not line.endswith("}"):
            raise _NotCanonical
        fields, i = _pairs(line, 5, "}")
        raw_lines = raw_apply = None
        if line.startswith("apply: [", i):
            raw_apply, i = _flow_list(line, i + 8, True)
            if line[i:] != "]}":
                raise _NotCanonical
        elif line.startswith("lines: [", i):
            raw_lines, i = _flow_list(line, i + 8, False)
            if line[i:] != "]}":
                raise _NotCanonical
        elif line[i:] != "}":
            raise _NotCanonical
        if fields.get("type") == ("payment", False):
            entries.append(_payment(fields, raw_apply, name, pos, no, dates, catalog, settings))
            continue
        if raw_apply is not None:
            raise _NotCanonical
        entries.append(_entry(fields, raw_lines, name, pos, no, dates, default_loc, items, barcodes,
                              locations, catalog, settings))
    return entries


def _flow_list(line: str, i: int, empty_ok: bool):
    """``{k: v, ...}, {...}`` up to the closing ``]``: (list of pair dicts, index of the ``]``)."""
    out = []
    if empty_ok and line.startswith("]", i):
        return out, i
    while True:
        if not line.startswith("{", i):
            raise _NotCanonical
        lf, i = _pairs(line, i + 1, "}")
        if not line.startswith("}", i):
            raise _NotCanonical
        out.append(lf)
        i += 1
        if line.startswith(", ", i):
            i += 2
            continue
        return out, i


def _payment(f, raw_apply, path, pos, no, dates, catalog, settings):
    """A payment, read by the strict reader's :func:`jxc.ledger.money.read_payment` from the
    same scalars; anything it refuses goes to the strict reader for its message."""
    allowed = _ENTRY_ALLOWED["payment"]
    if any(k not in allowed for k in f) or "date" not in f:
        raise _NotCanonical
    node = Mapping(no)
    for k in ("from", "to", "amount"):
        if k in f:
            node[k] = Scalar(f[k][0], no, f[k][1])
    if raw_apply is not None:
        seq = Sequence(no)
        for a in raw_apply:
            m = Mapping(no)
            for k, (v, q) in a.items():
                m[k] = Scalar(v, no, q)
            seq.append(m)
        node["apply"] = seq
    try:
        src, dst, money = read_payment(node, path, catalog, settings)
    except LedgerError:
        raise _NotCanonical from None
    ref = f["ref"][0] if "ref" in f else None
    note = f["note"][0] if "note" in f else None
    return Entry(_name(f.get("id")), _date(f["date"][0], dates), "payment", src, dst, None, None, False,
                 ref, note, (), path, no, pos, money=money)


def _simple(g, path, pos, no, dates, items, barcodes, locations, catalog):
    """The common shape, or None to go the general way (which also decides every error)."""
    eid, dtext, t, fr, to, sku, qtext, ptext = g
    if eid in _NULLS or fr in _NULLS or to in _NULLS or sku in _NULLS:
        return None
    if not eid.isascii() and name_problem(eid):
        return None
    date = dates.get(dtext)
    if date is None:
        date = parse_date_text(dtext)
        if date is None or date > LAST_DAY:
            return None
        dates[dtext] = date
    item = items.get(sku)
    if item is None or item.lots:
        return None
    if t == "sell":
        if fr not in locations or to not in catalog.customers:
            return None
        src, dst = "location:" + fr, "customer:" + to
    elif t == "buy":
        if fr not in catalog.suppliers or to not in locations or ptext is None:
            return None
        src, dst = "supplier:" + fr, "location:" + to
    elif t == "transfer":
        if fr not in locations or to not in locations or fr == to or ptext is not None:
            return None
        src, dst = "location:" + fr, "location:" + to
    else:
        if fr not in locations or ptext is not None:
            return None
        src, dst = "location:" + fr, "loss:" + to
    qty = parse_decimal(qtext)
    if not qty:
        return None
    if ptext is not None:
        price = parse_decimal(ptext)
        if price is None:  # out of range: the strict reader says so
            return None
    elif t == "sell":
        if item.price is None:
            return None
        price = item.price * _ONE
    else:
        price = None
    ln = Line(item.sku, qty, None, price, None, None, None, src, dst, no, _ONE)
    return Entry(eid, date, t, src, dst, None, None, False, None, None, (ln,), path, no, pos)


def _date(text: str, dates: dict):
    d = dates.get(text)
    if d is None:
        d = parse_date_text(text)
        if d is None:
            raise _NotCanonical
        dates[text] = d
    return d


def _name(v):
    if v is None:
        return None
    s = v[0]
    if not _NAME.match(s) or (not s.isascii() and name_problem(s)):
        raise _NotCanonical
    return s


def _entry(f, raw_lines, path, pos, no, dates, default_loc, items, barcodes, locations, catalog, settings):
    tv = f.get("type")
    if tv is None:
        raise _NotCanonical
    t = tv[0]
    if t not in _TYPES_FAST:
        raise _NotCanonical
    allowed = _ENTRY_ALLOWED[t]
    for k in f:
        if k not in allowed:
            raise _NotCanonical
    if "lines" in f:                      # a scalar where the list belongs
        raise _NotCanonical
    dv = f.get("date")
    if dv is None:
        raise _NotCanonical
    date = _date(dv[0], dates)
    if date > LAST_DAY:  # the strict reader refuses it, with its message
        raise _NotCanonical
    eid = _name(f.get("id"))
    ref = f["ref"][0] if "ref" in f else None
    note = f["note"][0] if "note" in f else None
    src = dst = at = of = money = None
    full = False

    def loc(key, default=None):
        v = f.get(key)
        if v is None:
            if default is None or default not in locations:
                raise _NotCanonical
            return "location:" + default
        s = _name(v)
        if s not in locations:
            raise _NotCanonical
        return "location:" + s

    def party(key, section):
        v = f.get(key)
        if v is None:
            raise _NotCanonical
        s = _name(v)
        if s not in section:
            raise _NotCanonical
        return s

    if t == "open":
        src, dst = "equity:opening", loc("to", default_loc)
    elif t == "buy" or t == "po":
        src, dst = "supplier:" + party("from", catalog.suppliers), loc("to", default_loc)
    elif t == "sell" or t == "so":
        src, dst = loc("from", default_loc), "customer:" + party("to", catalog.customers)
    elif t == "transfer":
        src, dst = loc("from"), loc("to")
        if src == dst:
            raise _NotCanonical
    elif t == "writeoff":
        src = loc("from", default_loc)
        reason = f.get("to")
        dst = "loss:" + (_name(reason) if reason is not None else "writeoff")
    elif t == "count":
        at = loc("at", default_loc)
        fv = f.get("full")
        if fv is not None:
            if fv[1] or fv[0] not in ("true", "false"):
                raise _NotCanonical
            full = fv[0] == "true"
    elif t == "return" or t == "close":
        of = _name(f.get("of"))
        if of is None:
            raise _NotCanonical
    if t == "buy" or t == "sell":
        money = _settlement(f, path, no, catalog, settings)
    order = _name(f.get("order"))
    dv = f.get("due")
    due = _date(dv[0], dates) if dv is not None else None
    if t == "close":
        if raw_lines is not None:
            raise _NotCanonical
        return Entry(eid, date, t, None, None, None, of, False, ref, note, (), path, no, pos)
    if raw_lines is None:
        if t == "count" and full:
            raw_lines = []
        else:
            raise _NotCanonical
    if not raw_lines and not (t == "count" and full):
        raise _NotCanonical
    promise = t == "po" or t == "so"          # an order's lines carry no accounts and no lot
    lsrc, ldst = (None, None) if promise else (src, dst)
    out = tuple(_line(lf, t, promise, lsrc, ldst, no, dates, items, barcodes) for lf in raw_lines)
    # the order a buy/sell fulfils is a name; whether it exists is the order rules' to say
    return Entry(eid, date, t, src, dst, at, of, full, ref, note, out, path, no, pos, order, due, money)


def _line(lf, t, promise, lsrc, ldst, no, dates, items, barcodes) -> Line:
    """One line of a ``t`` entry, as :func:`jxc.ledger.entries._parse_line` makes it, or decline."""
    lallowed = _LINE_ALLOWED[t]
    for k in lf:
        if k not in lallowed:
            raise _NotCanonical
    iv = lf.get("item")
    if iv is None:
        raise _NotCanonical
    sku = iv[0]
    item = items.get(sku)
    if item is None:
        sku = barcodes.get(sku)
        if sku is None:
            raise _NotCanonical
        item = items[sku]
    unit = None
    factor = _ONE
    uv = lf.get("unit")
    if uv is not None:
        unit = _name(uv)
        if unit != item.unit and unit not in item.units:
            raise _NotCanonical
        factor = item.factor(unit)
    qty = counted = None
    if t == "count":
        counted = _number(lf.get("counted"), False)
    else:
        qty = _number(lf.get("qty"), True)
    price = None
    pv = lf.get("price")
    if pv is not None:
        price = _number(pv, False)
    elif t == "open" or t == "buy" or t == "po":
        raise _NotCanonical
    elif t == "sell" or t == "so":
        if item.price is None:
            raise _NotCanonical
        price = item.price * factor if factor is _ONE else _base(item.price, factor)
    if factor is not _ONE:
        _base(qty if qty is not None else counted, factor)
    lot = _name(lf.get("lot"))
    if item.lots and lot is None and not promise:
        raise _NotCanonical
    ev = lf.get("expiry")
    expiry = _date(ev[0], dates) if ev is not None else None
    lv = lf.get("due")
    due = _date(lv[0], dates) if lv is not None else None
    return Line(item.sku, qty, unit, price, lot, expiry, counted, lsrc, ldst, no, factor, due)


def _settlement(f, path, no, catalog, settings):
    """The money keys through the strict reader's function; any problem: read strictly."""
    if not any(k in f for k in SETTLEMENT_KEYS):
        return None
    node = Mapping(no)
    for k in SETTLEMENT_KEYS:
        v = f.get(k)
        if v is not None:
            node[k] = Scalar(v[0], no, v[1])
    try:
        return read_settlement(node, path, catalog, settings)
    except LedgerError:
        raise _NotCanonical from None


def _base(qty, factor):
    """The rule's own range check of a converted quantity (numbers.in_base_units);
    anything it refuses is left to the strict reader for its message."""
    try:
        return in_base_units(qty, factor)
    except NumberError:
        raise _NotCanonical from None


def _number(v, positive: bool):
    if v is None or v[1] or not _NUMBER.match(v[0]):
        raise _NotCanonical
    d = parse_decimal(v[0])
    if d is None or (positive and d <= 0):
        raise _NotCanonical
    return d
