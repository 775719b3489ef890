"""Settings (``jxc.yaml``) and master data (``catalog.yaml``).

Every name the journal uses must be declared in the catalog (SPEC 1); an item may
be named by its SKU or its barcode anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from jxc.errors import LedgerError, closest
from jxc.ledger import schema as S
from jxc.ledger.lock import Lock
from jxc.ledger.conflicts import refuse_conflict
from jxc.ledger.yamlread import Mapping, read_mapping_file

COSTING_METHODS = ("fifo", "lifo", "moving-average", "monthly-average", "specific")
COST_POOLS = ("location", "item")
NEGATIVE_STOCK = ("forbid", "allow")


@dataclass(frozen=True)
class Settings:
    """What ``jxc.yaml`` says."""

    name: str = "jxc ledger"
    currency: str = "CNY"
    costing: str = "fifo"
    cost_pool: str = "location"
    negative_stock: str = "forbid"
    default_location: str | None = "main"
    abc_cutoffs: tuple = (Decimal(80), Decimal(95))
    over_receipt: Decimal = Decimal(0)   # percent of an order line that may come in beyond it
    default_account: str | None = None
    tax: "TaxSettings | None" = None   # None: no tax rule applies anywhere (SPEC 9)
    default_customer: str | None = None  # `sell` without --to sells to this customer
    default_supplier: str | None = None  # `buy` without --from buys from this supplier
    lock: Lock | None = None             # the books are closed up to lock.date (jxc lock)
    names: bool = False                  # reports show names beside codes (as --names)


SETTINGS_KEYS = ("jxc", "name", "currency", "costing", "cost_pool", "negative_stock",
                 "default_location", "abc", "over_receipt", "default_account", "tax",
                 "default_customer", "default_supplier", "lock", "names")
TAX_PRICES = ("exclusive", "inclusive")


@dataclass(frozen=True)
class TaxSettings:
    """``tax:`` of jxc.yaml: the ledger's VAT rate in percent, whether prices include it,
    and whether input tax on purchases is recovered (then costing takes the net)."""

    rate: Decimal
    prices: str = "exclusive"
    recoverable: bool = True


def _read_tax(node, path: str) -> TaxSettings:
    tax = S.require_mapping(node, "'tax'", path, node.line)
    S.check_keys(tax, ("rate", "prices", "recoverable"), path, "tax")
    rate = S.as_non_negative(S.require_key(tax, "rate", path, "tax"), "rate", path)
    kw = {"rate": rate}
    if S.get(tax, "prices") is not None:
        kw["prices"] = S.as_choice(tax["prices"], "prices", TAX_PRICES, path)
    kw.update(_given(tax, path, S.as_bool, "recoverable"))
    return TaxSettings(**kw)


def read_settings(text: str, path: str) -> Settings:
    refuse_conflict(text, path)
    m = read_mapping_file(text, path)
    S.check_keys(m, SETTINGS_KEYS, path, "jxc.yaml")
    version = S.get(m, "jxc")
    if version is not None and str(version) != "1":
        raise LedgerError(f"unsupported ledger format version {version!r} (this jxc reads 1)",
                          path, version.line)
    kw = {}
    kw.update(_given(m, path, S.as_text, "name", "currency"))
    if S.get(m, "costing") is not None:
        kw["costing"] = S.as_choice(m["costing"], "costing", COSTING_METHODS, path)
    if S.get(m, "cost_pool") is not None:
        kw["cost_pool"] = S.as_choice(m["cost_pool"], "cost_pool", COST_POOLS, path)
    if S.get(m, "negative_stock") is not None:
        kw["negative_stock"] = S.as_choice(m["negative_stock"], "negative_stock", NEGATIVE_STOCK, path)
    kw.update(_given(m, path, S.as_name, "default_location"))
    if S.get(m, "abc") is not None:
        abc = S.require_mapping(m["abc"], "'abc'", path, m.line)
        S.check_keys(abc, ("a", "b"), path, "abc")
        a = S.as_positive(S.require_key(abc, "a", path, "abc"), "a", path)
        b = S.as_positive(S.require_key(abc, "b", path, "abc"), "b", path)
        if not a < b <= 100:
            raise LedgerError("abc cut-offs need a < b <= 100", path, abc.line)
        kw["abc_cutoffs"] = (a, b)
    kw.update(_given(m, path, S.as_non_negative, "over_receipt"))
    kw.update(_given(m, path, S.as_name, "default_account"))
    if S.get(m, "tax") is not None:
        kw["tax"] = _read_tax(m["tax"], path)
    kw.update(_given(m, path, S.as_name, "default_customer", "default_supplier"))
    kw.update(_given(m, path, S.as_bool, "names"))
    if S.get(m, "lock") is not None:
        kw["lock"] = _read_lock(m, path)
    return Settings(**kw)


def _read_lock(m, path: str) -> Lock:
    """``lock: {date: D, digest: sha256:...}`` as written by `jxc lock`."""
    node = S.require_mapping(m["lock"], "'lock'", path, m.line)
    S.check_keys(node, ("date", "digest"), path, "lock")
    date = S.as_date(S.require_key(node, "date", path, "lock"), "date", path)
    digest = S.as_text(S.require_key(node, "digest", path, "lock"), "digest", path)
    return Lock(date, digest)


@dataclass(frozen=True)
class Item:
    sku: str
    name: str = ""
    unit: str = "unit"
    barcode: str | None = None
    category: str | None = None
    price: Decimal | None = None
    cost: Decimal | None = None
    reorder_point: Decimal | None = None
    reorder_qty: Decimal | None = None
    lead_time_days: int | None = None
    supplier: str | None = None
    units: dict = field(default_factory=dict)   # other unit -> how many base units
    lots: bool = False
    tax_rate: Decimal | None = None   # percent; None: the ledger's rate
    line: int | None = None

    def factor(self, unit: str | None) -> Decimal:
        """Base units in one ``unit`` (1 for the base unit itself)."""
        if unit is None or unit == self.unit:
            return Decimal(1)
        return self.units[unit]

    def sale_price(self, unit: str | None = None) -> Decimal | None:
        """The price of a sell line that gives none, per ``unit``: the catalog ``price``
        (per base unit) times the unit's size; None when the item has no ``price``,
        and the line must then give one.  Every path that writes or reads a sale
        (``jxc sell``, ``jxc add``, both journal readers) asks this one function.
        Raises NumberError when price × size leaves the range jxc carries."""
        from jxc.numbers import in_base_units
        if self.price is None:
            return None
        return in_base_units(self.price, self.factor(unit))


@dataclass(frozen=True)
class Party:
    """A location, supplier, customer or money account.

    ``terms_days``: documents are due that many days after their date;
    ``terms == "cash"``: paid in full at once (write commands put ``paid:`` in the
    entry); ``credit_limit``: the most a customer may owe (SPEC 9).
    """

    key: str
    name: str = ""
    lead_time_days: int | None = None
    line: int | None = None
    terms_days: int | None = None
    terms: str | None = None
    credit_limit: Decimal | None = None


ITEM_KEYS = ("name", "unit", "barcode", "category", "price", "cost", "reorder_point",
             "reorder_qty", "lead_time_days", "supplier", "units", "lots", "tax_rate")
PARTY_KEYS = ("name", "lead_time_days", "note")
# Keys of partners' money terms (SPEC 9); accounts take only a name and a note.
SECTION_KEYS = {"locations": PARTY_KEYS,
                "suppliers": PARTY_KEYS + ("terms_days", "terms"),
                "customers": PARTY_KEYS + ("terms_days", "terms", "credit_limit"),
                "accounts": ("name", "note")}
TERMS = ("cash",)
SECTIONS = ("locations", "items", "suppliers", "customers", "accounts")
KIND_OF_SECTION = {"locations": "location", "items": "item", "suppliers": "supplier",
                   "customers": "customer", "accounts": "account"}


@dataclass
class Catalog:
    path: str = "catalog.yaml"
    locations: dict = field(default_factory=dict)
    items: dict = field(default_factory=dict)
    suppliers: dict = field(default_factory=dict)
    customers: dict = field(default_factory=dict)
    accounts: dict = field(default_factory=dict)
    barcodes: dict = field(default_factory=dict)

    def section(self, kind: str) -> dict:
        return {"location": self.locations, "item": self.items,
                "supplier": self.suppliers, "customer": self.customers,
                "account": self.accounts}[kind]

    def resolve_item(self, name: str) -> str | None:
        """The SKU named by a SKU or a barcode, or None."""
        if name in self.items:
            return name
        return self.barcodes.get(name)

    def item_or_error(self, name: str, path: str | None, line: int | None) -> Item:
        sku = self.resolve_item(name)
        if sku is None:
            raise LedgerError(f"unknown item '{name}'{closest(name, self.items)}"
                              f"; add it with: jxc item add {name} --name ...", path, line)
        return self.items[sku]

    def check(self, kind: str, name: str, path: str | None, line: int | None) -> str:
        """``name`` when it is a declared location/supplier/customer, else an error."""
        known = self.section(kind)
        if name not in known:
            raise LedgerError(f"unknown {kind} '{name}'{closest(name, known)}"
                              f"; add it with: jxc {kind} add {name}", path, line)
        return name


def read_catalog(text: str, path: str) -> Catalog:
    refuse_conflict(text, path)
    m = read_mapping_file(text, path)
    S.check_keys(m, SECTIONS, path, "catalog.yaml")
    cat = Catalog(path=path)
    for section in SECTIONS:
        node = S.get(m, section)
        if node is None:
            continue
        node = S.require_mapping(node, f"'{section}'", path, m.line)
        target = getattr(cat, section)
        for key, value in node.items():
            name = S.as_name(key, section[:-1], path)
            value = S.get(node, key)
            if value is None:
                value = Mapping(key.line)
            value = S.require_mapping(value, f"{KIND_OF_SECTION[section]} '{name}'", path, key.line)
            if section == "items":
                target[name] = _read_item(name, value, path, key.line)
            else:
                target[name] = _read_party(name, value, section, path, key.line)
    for sku, item in cat.items.items():
        if item.barcode is None:
            continue
        if item.barcode in cat.barcodes or (item.barcode in cat.items and item.barcode != sku):
            raise LedgerError(f"barcode '{item.barcode}' of item '{sku}' is already used", path, item.line)
        cat.barcodes[item.barcode] = sku
    for sku, item in cat.items.items():
        if item.supplier is not None:
            cat.check("supplier", item.supplier, path, item.line)
    _no_lookalikes(cat, path)
    return cat


def _read_party(name: str, value: Mapping, section: str, path: str, line: int) -> Party:
    S.check_keys(value, SECTION_KEYS[section], path, f"{KIND_OF_SECTION[section]} '{name}'")
    kw: dict = {}
    if S.get(value, "name") is not None:
        kw["name"] = S.as_text(value["name"], "name", path)
    for key in ("lead_time_days", "terms_days"):
        if S.get(value, key) is not None:
            kw[key] = S.as_int(value[key], key, path)
    if S.get(value, "terms") is not None:
        kw["terms"] = S.as_choice(value["terms"], "terms", TERMS, path)
    if S.get(value, "credit_limit") is not None:
        kw["credit_limit"] = S.as_non_negative(value["credit_limit"], "credit_limit", path)
    return Party(name, line=line, **kw)


def _no_lookalikes(cat: Catalog, path: str) -> None:
    """Two names of one kind that look alike (``TЕA-001`` with a Cyrillic Е beside
    ``TEA-001``) are refused as a likely duplicate: a clerk could never tell which one
    a line names.  SKUs and barcodes share one namespace (either names an item)."""
    from jxc.ledger.names import lookalikes
    line_of = {}
    for section in ("items", "locations", "suppliers", "customers", "accounts"):
        names = list(getattr(cat, section))
        if section == "items":
            names += list(cat.barcodes)
            line_of.update({b: cat.items[s].line for b, s in cat.barcodes.items()})
        for name, earlier in lookalikes(names):
            thing = getattr(cat, section).get(name)
            line = thing.line if thing is not None else line_of.get(name)
            raise LedgerError(f"{KIND_OF_SECTION[section]} {name!r} looks like {earlier!r}: likely a duplicate"
                              f" (names that differ only by look-alike characters are refused)", path, line)


def _given(m: Mapping, path: str, read, *keys: str) -> dict:
    """{key: read(value, key, path)} for each of ``keys`` that ``m`` gives (not null):
    the optional keys of a catalog record or of the settings, each read by its schema
    function (``S.as_name``, ``S.as_non_negative``, ...)."""
    return {key: read(m[key], key, path) for key in keys if S.get(m, key) is not None}


def _read_item(sku: str, m: Mapping, path: str, line: int) -> Item:
    S.check_keys(m, ITEM_KEYS, path, f"item '{sku}'")
    kw: dict = {"sku": sku, "line": line}
    kw.update(_given(m, path, S.as_text, "name", "category"))
    kw.update(_given(m, path, S.as_name, "barcode", "unit", "supplier"))
    kw.update(_given(m, path, S.as_non_negative, "price", "cost", "reorder_point", "reorder_qty", "tax_rate"))
    kw.update(_given(m, path, S.as_int, "lead_time_days"))
    kw.update(_given(m, path, S.as_bool, "lots"))
    if S.get(m, "units") is not None:
        units = S.require_mapping(m["units"], "'units'", path, m.line)
        conv = {}
        for u, n in units.items():
            uname = S.as_name(u, "unit", path)
            if uname == kw.get("unit", "unit"):
                raise LedgerError(f"unit '{uname}' of item '{sku}' is its base unit", path, u.line)
            conv[uname] = S.as_positive(n, uname, path)
        kw["units"] = conv
    return Item(**kw)
