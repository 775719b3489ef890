"""A fast reader for the canonical form jxc itself writes; anything else goes to the strict reader.

`jxc` writes every entry on one line (see :func:`jxc.ledger.entries.dump_entry`)::

    --- {id: 20261124-k3x9qz, date: 2026-11-24, type: sell, from: main, to: walk-in, lines: [{item: TEA-001, qty: 2, price: 88.00}]}

A journal of a million entries is a million such lines, and building them
through libyaml's events costs ~100 µs an entry.  This module reads exactly
that shape with a handful of regular expressions into the very nodes the strict
reader would build (:mod:`jxc.ledger.yamlread`), and validates them with the
strict reader's own function, :func:`jxc.ledger.entries.parse_entry`: the
entries are the same because they are made by the same rules, not by a second
copy of them.  It is deliberately narrow: a file with anything it is not sure
about — a multi-line document, an escape in a quoted string, a key out of the
plain subset, anything ``parse_entry`` refuses — is handed back (``None``) and
read by the strict reader, which gives the entries and the messages of record.
Differential tests (a fixed corpus and hypothesis-generated canonical entries)
check that the fast reader takes the canonical entries jxc writes and gives
exactly the strict reader's entries.
"""

from __future__ import annotations

import re

from jxc.errors import LedgerError
from jxc.ledger import schema as S
# parse_line is parse_entry's own function for one line: both readers read a line by the same rule
from jxc.ledger.entries import Entry, make_line, parse_entry, parse_line
from jxc.ledger.yamlread import Mapping, Scalar, Sequence
from jxc.numbers import NumberError, in_base_units

# Characters that make a YAML stream unreadable or that YAML treats as line breaks:
# such a file is left to the strict reader and its messages.
_UNSAFE = re.compile("[^\x0a\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")

# One ``key: value`` of a flow mapping: a plain scalar that cannot be anything but
# text in a flow context (no indicator, no ``,[]{}#:``, no edge spaces), or a
# double-quoted string without escapes.
_PAIR = re.compile(
    r'([a-z_]+): (?:"([^"\\\x00-\x1f]*)"|'
    r'([^\s,\[\]{}"\'#:&*!|>%@`?\-](?:[^,\[\]{}#:\x00-\x1f]*[^\s,\[\]{}#:])?))')
_NAMEP = r'[^\s,\[\]{}"\'#:&*!|>%@`?\-][^\s,\[\]{}#:]*'
_NUM = r'[0-9]+(?:\.[0-9]+)?'
# The shape nearly every entry jxc writes has: from/to, one line of item/qty[/price].
_SIMPLE = re.compile(
    rf'--- \{{id: ({_NAMEP}), date: ([0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}), type: (buy|sell|transfer|writeoff),'
    rf' from: ({_NAMEP}), to: ({_NAMEP}), lines: \[\{{item: ({_NAMEP}), qty: ({_NUM})(?:, price: ({_NUM}))?\}}\]\}}\Z')
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))


class _NotCanonical(Exception):
    """The fast path cannot vouch for this text: read it with the strict reader."""


def parse_canonical(text: str, name: str, catalog, settings, memo: Memo | None = None):
    """The entries of a journal file in canonical form, or None when it must be read strictly.

    ``memo`` (a :class:`Memo` of the same catalog and settings) carries what repeats
    from one file to the next of one read.
    """
    if _UNSAFE.search(text) or settings.tax is not None:
        # with tax, every buy and sell line is split by jxc.ledger.tax: the strict reader does it
        return None
    if memo is None:
        memo = Memo(catalog, settings)
    try:
        return _parse(text, name, memo)
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
            if s.startswith("lines: [", i):
                return out, i
            continue
        raise _NotCanonical


def _parse(text: str, name: str, memo: Memo):
    entries = []
    pos = -1
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
            entries.append(memo.simple(m.groups(), name, pos, no))
            continue
        if not line.endswith("}"):
            raise _NotCanonical
        fields, i = _pairs(line, 5, "}")
        raw_lines = None
        if line.startswith("lines: [", i):
            raw_lines = []
            i += 8
            while True:
                if not line.startswith("{", i):
                    raise _NotCanonical
                lf, i = _pairs(line, i + 1, "}")
                if not line.startswith("}", i):
                    raise _NotCanonical
                raw_lines.append(lf)
                i += 1
                if line.startswith(", ", i):
                    i += 2
                    continue
                break
            if line[i:] != "]}":
                raise _NotCanonical
        elif line[i:] != "}":
            raise _NotCanonical
        entries.append(memo.entry(_node(fields, raw_lines, no), name, pos, no))
    return entries


def _mapping(fields: dict, no: int) -> Mapping:
    """The node the strict reader builds for ``{k: v, ...}`` on line ``no``.

    Keys stay plain strings: a key's line, which messages would use, is the
    mapping's line on a one-line entry, and ``parse_entry`` falls back to it."""
    m = Mapping(no)
    for k, (v, quoted) in fields.items():
        m[k] = Scalar(v, no, quoted)
    return m


def _node(fields: dict, raw_lines, no: int) -> Mapping:
    """The document node of one canonical line, as :func:`jxc.ledger.yamlread.read_documents` gives it."""
    m = _mapping(fields, no)
    if raw_lines is not None:
        seq = Sequence(no)
        seq.extend(_mapping(lf, no) for lf in raw_lines)
        m["lines"] = seq
    return m


class Memo:
    """Entries built by the strict reader's own rules, with what repeats remembered.

    Every entry is validated by :func:`jxc.ledger.entries.parse_entry`, the
    function the strict reader uses, on the node the strict reader would have
    built; anything it refuses sends the whole file to the strict reader, which
    words the message.

    The common one-line shape (``type``, ``from``, ``to``, one line of ``item``,
    ``qty`` and maybe ``price``) is where a million-entry journal spends its time,
    and ``parse_entry``'s rules for it fall apart into independent parts: the
    accounts depend only on (type, from, to); the line's item, unit factor and
    default sale price only on (type, item, price given?); the id, date, quantity
    and price each only on their own text.  So an entry of that shape whose
    accounts were seen in an entry ``parse_entry`` accepted is built from them: its
    line by ``parse_entry``'s own line function the first time its (type, item,
    price given?) is seen, else from what that call gave, and its id, date,
    quantity and price checked by the same schema functions
    (:mod:`jxc.ledger.schema`) that ``parse_entry`` calls; any other entry goes
    through ``parse_entry`` whole.  One Memo serves every file of one read (same
    catalog, same settings); the differential tests hold the result to the strict
    reader's, slot for slot.
    """

    def __init__(self, catalog, settings):
        self.catalog = catalog
        self.settings = settings
        self.accounts: dict = {}
        self.lines: dict = {}
        self.values: dict = {}

    def entry(self, node: Mapping, path: str, pos: int, no: int):
        try:
            return parse_entry(node, path, pos, self.catalog, self.settings, no)
        except LedgerError:
            raise _NotCanonical from None

    def _value(self, check, text: str, key: str, path: str, no: int):
        """``check`` (a schema function) of the plain scalar ``text``, remembered by text."""
        k = (key, text)
        v = self.values.get(k)
        if v is None:
            try:
                v = check(Scalar(text, no, False), key, path)
            except LedgerError:
                raise _NotCanonical from None
            self.values[k] = v
        return v

    def simple(self, g, path: str, pos: int, no: int):
        eid, dtext, t, fr, to, sku, qtext, ptext = g
        acc = self.accounts.get((t, fr, to))
        if acc is None or eid in _NULLS:
            return self._first_of_accounts(g, path, pos, no)
        src, dst = acc
        part = self.lines.get((t, sku, ptext is None))
        if part is None:
            # parse_entry's own line function, on the line node the strict reader builds
            ln = {"item": (sku, False), "qty": (qtext, False)}
            if ptext is not None:
                ln["price"] = (ptext, False)
            try:
                line = parse_line(_mapping(ln, no), t, path, self.catalog, src, dst, no)
            except LedgerError:
                raise _NotCanonical from None
            self.lines[(t, sku, ptext is None)] = (line.item, line.factor, line.price if ptext is None else None)
        else:
            item, factor, default_price = part
            qty = self._value(S.as_positive, qtext, "qty", path, no)
            if factor != 1:
                try:     # the line function's own range rule for a quantity in another unit
                    in_base_units(qty, factor)
                except NumberError:
                    raise _NotCanonical from None
            price = default_price if ptext is None else self._value(S.as_non_negative, ptext, "price", path, no)
            line = make_line(item=item, qty=qty, price=price, src=src, dst=dst, line=no, factor=factor)
        try:
            eid = S.as_name(Scalar(eid, no, False), "id", path)
        except LedgerError:
            raise _NotCanonical from None
        date = self._value(S.as_date, dtext, "date", path, no)
        return Entry(id=eid, date=date, type=t, src=src, dst=dst, lines=(line,), path=path, line=no, pos=pos,
                     file=path)

    def _first_of_accounts(self, g, path: str, pos: int, no: int):
        """An entry of the common shape whose (type, from, to) is new: ``parse_entry`` whole."""
        eid, dtext, t, fr, to, sku, qtext, ptext = g
        fields = {"id": (eid, False), "date": (dtext, False), "type": (t, False),
                  "from": (fr, False), "to": (to, False)}
        ln = {"item": (sku, False), "qty": (qtext, False)}
        if ptext is not None:
            ln["price"] = (ptext, False)
        e = self.entry(_node(fields, [ln], no), path, pos, no)
        first = e.lines[0]
        self.accounts[(t, fr, to)] = (e.src, e.dst)
        self.lines[(t, sku, ptext is None)] = (first.item, first.factor, first.price if ptext is None else None)
        return e
