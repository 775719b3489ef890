"""Journal entries: the eight types of SPEC 2, read and validated.

An :class:`Entry` is a small immutable record that carries its source file and
line (as beancount's directives do).  Names are resolved against the catalog
here, so everything downstream deals in SKUs and qualified accounts
(``location:main``, ``supplier:hangzhou-tea``, ...).  Expansion into moves needs
the running balances (a count posts the difference to book, a return the
reverse of what its original moved), so it happens in :mod:`jxc.ledger.replay`.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from decimal import Decimal
from typing import NamedTuple

from jxc.errors import LedgerError, closest
from jxc.ledger.accounts import KINDS as ACCOUNT_KINDS
from jxc.ledger.accounts import OPENING, account_name, account_of, location_account, loss_account, split_account
from jxc.ledger import schema as S
from jxc.ledger.catalog import Catalog, Settings
from jxc.ledger.landed import read_landed
from jxc.ledger.money import Payment, Settlement, read_payment, read_settlement
from jxc.ledger.tax import TaxSplit, cost_cents, split_line, unit_of
from jxc.ledger.tax import line_rate as tax_line_rate
from jxc.ledger.yamlread import Mapping, Scalar, Sequence
from jxc.numbers import CONTEXT, NumberError, amount_cents

ONE = Decimal(1)
_new = tuple.__new__

TYPES = ("open", "buy", "sell", "transfer", "writeoff", "count", "return", "move", "payment")
# Orders (promises, not moves: see jxc.ledger.orders); replay posts nothing for them.
ORDER_TYPES = ("po", "so", "close")
TYPES += ORDER_TYPES
# Freight and duty added to the cost of a buy's goods (jxc.ledger.landed): money, no lines.
TYPES += ("landed",)

COMMON_KEYS = ("id", "date", "type", "ref", "note", "lines")
ENTRY_KEYS = {
    "open": ("to",),
    "buy": ("from", "to", "paid", "account", "due"),
    "sell": ("from", "to", "paid", "account", "due", "over_limit"),
    "transfer": ("from", "to"),
    "writeoff": ("from", "to"),
    "count": ("at", "full"),
    "return": ("of",),
    "move": ("from", "to"),
    "payment": ("from", "to", "amount", "apply"),
    "po": ("from", "to", "due"),
    "so": ("from", "to", "due", "over_limit"),
    "close": ("of",),
    "landed": ("of", "from", "amount", "by"),
}
# A buy or sell names the order it fulfils.
ENTRY_KEYS["buy"] += ("order",)
ENTRY_KEYS["sell"] += ("order",)
LINE_KEYS = {
    "open": ("item", "qty", "price", "unit", "lot", "expiry"),
    "buy": ("item", "qty", "price", "unit", "lot", "expiry", "tax_rate"),
    "sell": ("item", "qty", "price", "unit", "lot", "expiry", "tax_rate"),
    "transfer": ("item", "qty", "unit", "lot", "expiry"),
    "writeoff": ("item", "qty", "unit", "lot", "expiry"),
    "count": ("item", "counted", "price", "unit", "lot", "expiry"),
    "return": ("item", "qty", "unit", "lot"),
    "move": ("item", "qty", "price", "unit", "lot", "expiry", "from", "to"),
    "payment": (),
    "po": ("item", "qty", "price", "unit", "due"),
    "so": ("item", "qty", "price", "unit", "due"),
    "close": (),
    "landed": (),
}
# The key of each type that names a location and may be left out: it then means the
# settings' ``default_location`` (SPEC 2).  Write paths put it into the entry.
DEFAULT_LOCATION_KEY = {"open": "to", "buy": "to", "sell": "from", "writeoff": "from", "count": "at",
                        "po": "to", "so": "from"}

# The order keys are written in: what a person reads first comes first.
KEY_ORDER = ("id", "date", "type", "of", "order", "from", "to", "amount", "by", "at", "full", "due", "paid",
             "account", "over_limit", "ref", "note", "apply", "lines")
LINE_KEY_ORDER = ("item", "qty", "counted", "unit", "price", "tax_rate", "lot", "expiry", "due", "from", "to")


class Line(NamedTuple):
    """One line of an entry, in the item's base unit where it matters (immutable).

    ``qty``/``price`` are as written (per ``unit``); ``base_qty`` is in the item's
    base unit and ``unit_cost`` is the price per base unit; ``amount`` is the line's
    money in cents (what costing takes).  ``tax`` is the line's
    :class:`~jxc.ledger.tax.TaxSplit` when the ledger has ``tax:``, else None.
    ``line`` is where it was read.  Build one with :func:`make_line`, which derives
    ``base_qty``, ``unit_cost`` and ``amount``; change one with ``_replace``.  Two lines
    that say the same thing are equal records: tell lines apart by identity (``is``),
    as moves are.
    The field order is part of the lock fingerprint (:mod:`jxc.ledger.lock`).
    """

    item: str
    qty: Decimal | None = None
    unit: str | None = None
    price: Decimal | None = None
    lot: str | None = None
    expiry: dt.date | None = None
    counted: Decimal | None = None
    src: str | None = None
    dst: str | None = None
    line: int | None = None
    factor: Decimal = ONE
    base_qty: Decimal | None = None
    unit_cost: Decimal | None = None
    amount: int | None = None
    due: dt.date | None = None          # an order line's own due date (po/so only)
    tax: TaxSplit | None = None

    @property
    def gross(self) -> int | None:
        """What a partner owes for the line, in cents: the gross with tax, else its amount."""
        return self.tax.gross if self.tax is not None else self.amount


def make_line(*, item: str, qty: Decimal | None = None, unit: str | None = None,
              price: Decimal | None = None, lot: str | None = None, expiry: dt.date | None = None,
              counted: Decimal | None = None, src: str | None = None, dst: str | None = None,
              line: int | None = None, factor: Decimal = ONE, due: dt.date | None = None,
              tax: TaxSplit | None = None, amount: int | None = None) -> Line:
    """A :class:`Line` with its derived fields (SPEC 3): ``base_qty`` = qty × factor,
    ``unit_cost`` = price ÷ factor, ``amount`` = qty × price in cents (half-up).

    ``amount`` given (a taxed line: the cents costing takes, see :func:`_taxed`)
    replaces qty × price, and ``unit_cost`` then follows it per base unit.
    """
    one = factor == 1
    base_qty = (qty if one else CONTEXT.multiply(qty, factor)) if qty is not None else None
    unit_cost = plain = None
    if price is not None:
        unit_cost = price if one else CONTEXT.divide(price, factor)
        plain = amount_cents(qty, price) if qty is not None else None
    if amount is None or amount == plain:
        amount = plain
    else:
        unit_cost = unit_of(amount, base_qty)
    # positional on purpose: this is the one place that knows the field order
    return _new(Line, (item, qty, unit, price, lot, expiry, counted, src, dst, line, factor,
                       base_qty, unit_cost, amount, due, tax))


class Entry(NamedTuple):
    """One journal entry (immutable).  ``src``/``dst`` are qualified accounts (None for
    count/return).

    ``path``/``line``/``pos`` are where it was read (file name for messages, first
    line, position in its file); ``file`` is the journal file it is (or will be) in:
    ``path`` when read, the target file of a new entry (a candidate typed on the
    command line has no ``path``).  ``order`` is the po/so a buy/sell fulfils, ``due``
    a po/so's due date as written (None: the default rule).  ``money`` is what the
    entry says about money (SPEC 9): a :class:`~jxc.ledger.money.Settlement` on a buy
    or sell, a :class:`~jxc.ledger.money.Payment` on a payment, a
    :class:`~jxc.ledger.landed.Landed` on a landed entry, else None.
    Build one by keyword; change one with ``_replace``.  The field order is part of
    the lock fingerprint (:mod:`jxc.ledger.lock`) and of the cache's shape.
    """

    id: str | None
    date: dt.date
    type: str
    src: str | None = None
    dst: str | None = None
    at: str | None = None
    of: str | None = None
    full: bool = False
    ref: str | None = None
    note: str | None = None
    lines: tuple = ()
    path: str | None = None
    line: int | None = None
    pos: int = 0
    file: str | None = None
    order: str | None = None
    due: dt.date | None = None
    money: Settlement | Payment | None = None

    @property
    def sort_key(self):
        """(date, file, position): the order of the journal (SPEC 4)."""
        return (self.date, self.file, self.pos)

    def where(self) -> str:
        """``path:line`` for messages, or "the command line" for a typed candidate."""
        return f"{self.path}:{self.line}" if self.path else "the command line"


def parse_entry(node, path: str, pos: int, catalog: Catalog, settings: Settings,
                start_line: int | None = None) -> Entry:
    """Validate one YAML document as an entry (raises LedgerError at the first problem)."""
    if type(node) is not Mapping:
        raise LedgerError(f"an entry must be a mapping, got {S.describe(node)}", path,
                          S.line_of(node, start_line))
    t = S.as_choice(S.require_key(node, "type", path, "entry"), "type", TYPES, path)
    S.check_keys(node, COMMON_KEYS + ENTRY_KEYS[t], path, f"a {t} entry")
    date = S.as_entry_date(S.require_key(node, "date", path, f"{t} entry"), "date", path)
    eid = S.as_name(node["id"], "id", path) if S.get(node, "id") is not None else None
    ref = S.as_text(node["ref"], "ref", path) if S.get(node, "ref") is not None else None
    note = S.as_text(node["note"], "note", path) if S.get(node, "note") is not None else None
    src = dst = money = None
    where = node.line
    src, dst, at, of, full = _entry_accounts(node, t, path, catalog, settings)
    order, due = _order_keys(node, path)
    first = start_line if start_line is not None else where
    if t == "close":
        if S.get(node, "lines") is not None:
            raise LedgerError("a close entry has no lines: it ends the whole order", path, node["lines"].line)
        return Entry(id=eid, date=date, type=t, of=of, ref=ref, note=note, path=path, line=first,
                     pos=pos, file=path)
    if t == "payment":
        if S.get(node, "lines") is not None:
            raise LedgerError("a payment moves money, not goods: it has no 'lines'", path, node["lines"].line)
        src, dst, money = read_payment(node, path, catalog, settings)
        return Entry(id=eid, date=date, type=t, src=src, dst=dst, ref=ref, note=note, path=path,
                     line=first, pos=pos, file=path, money=money)
    if t in ("buy", "sell", "so"):
        # (a so may only carry over_limit: its keys are checked above)
        money = read_settlement(node, path, catalog, settings)
    if t == "landed":
        if S.get(node, "lines") is not None:
            raise LedgerError("a landed entry has no lines: its amount is split over the lines of"
                              " the buy it names", path, node["lines"].line)
        return Entry(id=eid, date=date, type=t, src=src, of=of, ref=ref, note=note, path=path, line=first,
                     pos=pos, file=path, money=read_landed(node, path))

    raw_lines = S.get(node, "lines")
    if raw_lines is None:
        if t == "count" and full:
            raw_lines = Sequence(where)
        else:
            raise LedgerError(f"a {t} entry needs 'lines'", path, where)
    if type(raw_lines) is not Sequence:
        raise LedgerError(f"'lines' must be a list, got {S.describe(raw_lines)}", path,
                          S.line_of(raw_lines, where))
    if not raw_lines and not (t == "count" and full):
        raise LedgerError(f"a {t} entry needs at least one line", path, raw_lines.line)
    # An order's lines move nothing: they carry no accounts, so no stock check can count them.
    lsrc, ldst = (None, None) if t in ("po", "so") else (src, dst)
    lines = tuple(parse_line(ln, t, path, catalog, lsrc, ldst, where, settings) for ln in raw_lines)
    return Entry(id=eid, date=date, type=t, src=src, dst=dst, at=at, of=of, full=full, ref=ref,
                 note=note, lines=lines, path=path, line=first, pos=pos, file=path, order=order,
                 due=due, money=money)


def _entry_accounts(node, t: str, path: str, catalog: Catalog, settings: Settings) -> tuple:
    """(src, dst, at, of, full) of an entry of type ``t`` (SPEC 2's table): names resolved
    against the catalog into qualified accounts, the default location where one is left out."""
    src = dst = at = of = None
    full = False
    where = node.line
    default_loc = settings.default_location


    def loc(key, default=None):
        v = S.get(node, key)
        if v is None:
            if default is None:
                raise LedgerError(f"a {t} entry needs '{key}' (a location)", path, where)
            catalog.check("location", default, path, where)
            return location_account(default)
        return location_account(catalog.check("location", S.as_name(v, key, path), path, v.line))

    def party(key, kind):
        v = S.require_key(node, key, path, f"{t} entry")
        return account_of(kind, catalog.check(kind, S.as_name(v, key, path), path, v.line))

    if t == "open":
        src, dst = OPENING, loc("to", default_loc)
    elif t == "buy" or t == "po":
        src, dst = party("from", "supplier"), loc("to", default_loc)
    elif t == "sell" or t == "so":
        src, dst = loc("from", default_loc), party("to", "customer")
    elif t == "transfer":
        src, dst = loc("from"), loc("to")
        if src == dst:
            raise LedgerError(f"a transfer needs two different locations, got {account_name(src)} twice",
                              path, where)
    elif t == "writeoff":
        src = loc("from", default_loc)
        reason = S.get(node, "to")
        dst = loss_account(S.as_name(reason, "to", path) if reason is not None else "writeoff")
    elif t == "count":
        at = loc("at", default_loc)
        if S.get(node, "full") is not None:
            full = S.as_bool(node["full"], "full", path)
    elif t == "return":
        of = S.as_name(S.require_key(node, "of", path, "return entry"), "of", path)
    elif t == "move":
        src = _account(node, "from", path, catalog) if S.get(node, "from") is not None else None
        dst = _account(node, "to", path, catalog) if S.get(node, "to") is not None else None
    elif t == "close":
        of = S.as_name(S.require_key(node, "of", path, "close entry"), "of", path)
    elif t == "landed":
        of = S.as_name(S.require_key(node, "of", path, "landed entry"), "of", path)
        src = party("from", "supplier")
    return src, dst, at, of, full


def _order_keys(node, path: str) -> tuple:
    """(``order`` a buy/sell fulfils, ``due`` date of a po/so, buy or sell), None where not written."""
    order = S.as_name(node["order"], "order", path) if S.get(node, "order") is not None else None
    return order, (S.as_date(node["due"], "due", path) if S.get(node, "due") is not None else None)


def _account(node, key, path, catalog: Catalog) -> str:
    """A qualified account of a move: ``kind:name``; a bare name is a location."""
    v = node[key]
    text = S.as_text(v, key, path)
    kind, name = split_account(text)
    if kind is None:
        kind = "location"
    if kind not in ACCOUNT_KINDS:
        raise LedgerError(f"unknown account kind '{kind}' in {text!r}{closest(kind, ACCOUNT_KINDS)}",
                          path, v.line)
    if not name or any(c.isspace() or c == ":" for c in name):
        raise LedgerError(f"not a valid account: {text!r}", path, v.line)
    if kind in ("location", "supplier", "customer"):
        catalog.check(kind, name, path, v.line)
    return account_of(kind, name)


def _in_base_units(qty: Decimal, factor: Decimal, sku: str, path: str, line: int,
                   what: str = "the quantity in") -> Decimal:
    """qty (or a base-unit price) × a unit's factor, held to the range jxc carries, so
    that sums of base quantities stay exact (SPEC 3); LedgerError at the line."""
    from jxc.numbers import NumberError, in_base_units
    try:
        return in_base_units(qty, factor)
    except NumberError as e:
        raise LedgerError(f"item '{sku}': {what} base units is {e}", path, line) from None


def parse_line(ln, t: str, path: str, catalog: Catalog, src, dst, entry_line, settings=None) -> Line:
    """One line of an entry of type ``t`` read into a :class:`Line` (the ledger's rule for a line).

    ``ln`` is the line's YAML node (a :class:`Mapping` with source lines); ``src``/``dst`` are the
    entry's default from/to accounts (a line's own ``from``/``to`` wins); ``entry_line`` is the
    entry's first line, used when the node has none.  ``qty`` (``counted`` for a count) is in
    ``unit`` (the item's base unit when absent) and the price is per that unit; both are turned
    into base units with the item's factor.  Lot and expiry are read where the type allows them.
    Raises :class:`LedgerError` at ``path``:line for an unknown key or item, an unknown unit, a
    zero/negative qty, or a quantity that is not whole in base units.  The fast reader
    (:mod:`jxc.store.fastparse`) calls this same function, so both read a line alike.
    """
    if type(ln) is not Mapping:
        raise LedgerError(f"a line must be a mapping like {{item: SKU, qty: 1}}, got {S.describe(ln)}",
                          path, S.line_of(ln, entry_line))
    S.check_keys(ln, LINE_KEYS[t], path, f"a {t} line")
    item_node = S.require_key(ln, "item", path, "line")
    item = catalog.item_or_error(S.as_name(item_node, "item", path), path, item_node.line)
    unit = None
    factor = Decimal(1)
    if S.get(ln, "unit") is not None:
        unit = S.as_name(ln["unit"], "unit", path)
        if unit != item.unit and unit not in item.units:
            known = [item.unit, *item.units]
            raise LedgerError(f"item '{item.sku}' has no unit '{unit}'{closest(unit, known)}"
                              f" (its units: {', '.join(known)})", path, ln["unit"].line)
        factor = item.factor(unit)
    qty = counted = None
    if t == "count":
        counted = S.as_non_negative(S.require_key(ln, "counted", path, "count line"), "counted", path)
    else:
        qty = S.as_positive(S.require_key(ln, "qty", path, "line"), "qty", path)
    if factor != 1:
        _in_base_units(qty if qty is not None else counted, factor, item.sku, path, ln.line)
    price = None
    if S.get(ln, "price") is not None:
        price = S.as_non_negative(ln["price"], "price", path)
    elif t in ("open", "buy", "po"):
        raise LedgerError(f"a {t} line needs a 'price' (unit cost) for item '{item.sku}'", path, ln.line)
    elif t in ("sell", "so"):
        try:
            price = default_sale_price(item, unit)
        except NumberError as e:
            raise LedgerError(f"item '{item.sku}': its catalog price per base units is {e}",
                              path, ln.line) from None
        if price is None:
            raise LedgerError(f"a {t} line needs a 'price': item '{item.sku}' has no catalog price",
                              path, ln.line)
    lot = S.as_name(ln["lot"], "lot", path) if S.get(ln, "lot") is not None else None
    if item.lots and lot is None and t not in ("po", "so"):   # an order names no lot: its receipt does
        raise LedgerError(f"item '{item.sku}' is tracked by lot: this line needs a 'lot'"
                          f" (lot: in the entry; on the command line {item.sku} QTY#LOT)", path, ln.line)
    expiry = S.as_date(ln["expiry"], "expiry", path) if S.get(ln, "expiry") is not None else None
    lsrc, ldst = src, dst
    if t == "move":
        if S.get(ln, "from") is not None:
            lsrc = _account(ln, "from", path, catalog)
        if S.get(ln, "to") is not None:
            ldst = _account(ln, "to", path, catalog)
        if lsrc is None or ldst is None:
            raise LedgerError("a move line needs 'from' and 'to' (on the entry or the line)", path, ln.line)
        if lsrc == ldst:
            raise LedgerError(f"a move from {lsrc} to itself", path, ln.line)
    due = S.as_date(ln["due"], "due", path) if S.get(ln, "due") is not None else None
    rate = S.as_non_negative(ln["tax_rate"], "tax_rate", path) if S.get(ln, "tax_rate") is not None else None
    if rate is not None and (settings is None or settings.tax is None):
        raise LedgerError("a line's 'tax_rate' needs 'tax:' in jxc.yaml", path, ln["tax_rate"].line)
    split = amount = None
    if settings is not None and settings.tax is not None and t in ("buy", "sell"):
        split, amount = _taxed(qty, price, t, tax_line_rate(rate, item.tax_rate, settings.tax.rate),
                               settings.tax)
    return make_line(item=item.sku, qty=qty, unit=unit, price=price, lot=lot, expiry=expiry,
                     counted=counted, src=lsrc, dst=ldst, line=ln.line, factor=factor, due=due,
                     tax=split, amount=amount)


def _taxed(qty: Decimal, price: Decimal, t: str, rate, tax) -> tuple[TaxSplit, int]:
    """With ``tax:``, a buy or sell line is split into net, tax and gross (SPEC 9); costing
    and revenue take the net (a purchase takes the gross when input tax is not
    recoverable): (the split, the cents costing takes), for :func:`make_line`, whose
    ``amount`` and per-unit ``unit_cost`` then follow what costing takes."""
    split = split_line(qty, price, rate, tax.prices)
    return split, (split.net if t == "sell" else cost_cents(split, tax.recoverable))


def default_sale_price(item, unit: str | None) -> Decimal | None:
    """A sell line's price when it gives none: the item's catalog ``price`` (per base
    unit) times the base units in ``unit`` (SPEC 2); None when the item has no price.
    The rule itself is :meth:`jxc.ledger.catalog.Item.sale_price`."""
    return item.sale_price(unit)


# ---------------------------------------------------------------------------
# Canonical text: the same entry always gives the same bytes.

_RESOLVER = None

# Characters a plain scalar must not hold: anything YAML does not print as itself
# (controls, C1 controls, surrogates, U+FEFF) and every YAML line break, including
# U+0085, U+2028 and U+2029, which a reader folds or ends a line at.
_NOT_PLAIN = re.compile("[^\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd"
                        "\U00010000-\U0010ffff]")
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r",
            "\b": "\\b", "\f": "\\f"}


def _yaml_tag(s: str) -> str:
    """The tag YAML gives the plain scalar ``s`` (``...:str`` when it reads as text)."""
    global _RESOLVER
    import yaml
    if _RESOLVER is None:
        _RESOLVER = yaml.resolver.Resolver()
    return _RESOLVER.resolve(yaml.ScalarNode, s, (True, False))


@functools.lru_cache(maxsize=1 << 16)   # names, keys and notes repeat across a batch
def plain_is_text(s: str) -> bool:
    """Does the plain (unquoted) scalar ``s`` read as text, to YAML and to jxc alike?

    Not when YAML resolves it to a number, bool, null or timestamp, nor when jxc
    would take it as a number or a date: such text must be quoted to stay text.
    """
    return (_yaml_tag(s) == "tag:yaml.org,2002:str" and not _is_number(s)
            and S.parse_date_text(s) is None)


def _plain_syntax_ok(s: str, flow: bool = True) -> bool:
    """Can ``s`` be written unquoted and read back as exactly these characters?

    In a flow mapping (``{item: X, ...}``) the flow indicators ``,[]{}`` end a plain
    scalar, and libyaml refuses a ``:`` followed by one of them or by ``?``
    (``note: a:?`` cannot be read back): such text is quoted; a top-level value may
    contain them after its first character.
    """
    if not s or s != s.strip() or s[0] in "-?:,[]{}#&*!|>'\"%@`" or _NOT_PLAIN.search(s):
        return False
    return not ((flow and any(c in s for c in ",[]{}:")) or " #" in s or ": " in s
                or s.endswith(":"))


@functools.lru_cache(maxsize=1 << 16)
def _plain_ok(s: str, flow: bool = True) -> bool:
    """Can the text ``s`` be written as a plain YAML scalar and read back as the same text?"""
    return _plain_syntax_ok(s, flow) and plain_is_text(s)


def quote(s: str) -> str:
    """``s`` as a YAML double-quoted scalar that reads back as exactly ``s``.

    Like JSON's quoting (so ordinary text looks the same), and besides every
    character a YAML reader would not take as itself (C1 controls, U+0085,
    U+2028, U+2029, U+FEFF, ...) is escaped as ``\\uXXXX``.  A lone surrogate is
    not text: LedgerError.
    """
    out = ['"']
    for ch in s:
        esc = _ESCAPES.get(ch)
        if esc is not None:
            out.append(esc)
        elif _NOT_PLAIN.match(ch):
            if "\ud800" <= ch <= "\udfff":
                raise LedgerError(f"not valid Unicode text (a lone surrogate U+{ord(ch):04X}): {s[:40]!r}")
            out.append(f"\\u{ord(ch):04x}" if ord(ch) <= 0xFFFF else f"\\U{ord(ch):08x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def scalar_text(value, flow: bool = True) -> str:
    """The canonical text of one value: numbers and dates as written, text quoted when needed.

    A scalar read unquoted from YAML stays unquoted when it can (``yes`` stays
    ``yes``); text is written plain only when it reads back as the same text.
    """
    if isinstance(value, Scalar):
        if not value.quoted and _plain_syntax_ok(str(value), flow):
            return str(value)
        return str(value) if _plain_ok(str(value), flow) else quote(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dt.date):
        return value.isoformat()
    s = str(value)
    return s if _plain_ok(s, flow) else quote(s)


def _is_number(s: str) -> bool:
    # spelled like a number, whatever its range: such text is quoted when it is text
    from jxc.numbers import is_decimal_text
    return is_decimal_text(s)


def dump_entry(entry: dict) -> str:
    """One entry as a canonical YAML document: one line, ``--- {id: ..., ..., lines: [...]}``.

    Keys come in KEY_ORDER, line keys in LINE_KEY_ORDER; keys jxc does not know
    are kept after the known ones, so `fmt` loses nothing even on an entry `check`
    would reject.

    Why one line: a line-based merge (git's text or union merge, on a clone where
    jxc's merge driver is not set up) matches lines the two sides have in common
    (``type: sell``, ``lines:``, ``---``) and interleaves the rest, so multi-line
    entries come out shuffled.  An entry on a line of its own carries its unique
    id: no two entries share a line, and a diff shows one changed line per entry.
    """
    keys = [k for k in KEY_ORDER if k in entry] + [k for k in entry if k not in KEY_ORDER]
    parts = []
    for key in keys:
        value = entry[key]
        if key == "lines" and isinstance(value, list):
            items = []
            for ln in value:
                if isinstance(ln, dict):
                    lk = [k for k in LINE_KEY_ORDER if k in ln] + [k for k in ln if k not in LINE_KEY_ORDER]
                    items.append("{" + ", ".join(f"{scalar_text(k)}: {_value_text(ln[k])}"
                                                 for k in lk) + "}")
                else:
                    items.append(_value_text(ln))
            parts.append("lines: [" + ", ".join(items) + "]")
        else:
            parts.append(f"{scalar_text(key)}: {_value_text(value)}")
    return "--- {" + ", ".join(parts) + "}\n"


def _value_text(value, flow: bool = True) -> str:
    if value is None:
        return "null"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{scalar_text(k)}: {_value_text(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_value_text(v) for v in value) + "]"
    return scalar_text(value, flow)
