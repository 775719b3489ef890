"""`jxc reorder`: items at or below their reorder point, and how many to buy (补货建议).

For each item (on hand at ``--at LOC``, else over all locations), over the N days
ending on the as-of date (``--days``, default 90):

    demand          = units sold − units customers returned in those N days (base units)
    daily_demand d  = demand / N
    sigma_daily σ   = √( Σ over the N days (that day's demand − d)² / N )   (zero-sale days count)
    lead_time L     = the item's lead_time_days, else its supplier's, else 7
    z               = the standard normal quantile of --service-level (0.95 → 1.6449),
                      rounded half-up to 4 places
    safety_stock    = z × σ × √L
    reorder_point   = the catalog's reorder_point when set, else d × L + safety_stock
                      rounded half-up to 2 places
    target          = reorder_point + reorder_qty        when the catalog has reorder_qty
                    = d × L + d × N                       otherwise (lead-time demand + N days)
    projected       = on_hand + on_order − committed   (outstanding on open po / so)
    suggested_qty   = target − projected, rounded up to whole units (never below 0)

What is on order is not ordered again and what is promised counts against stock:
an item is listed when projected ≤ reorder_point, except an item whose reorder point
comes from history and that had no demand: nobody is waiting for it.  The supplier
is the one the item was last bought from (else the catalog's ``supplier``); the
row's location and quantities belong together: ``location`` is where ``on_hand``
(and ``projected``) are counted, ``--at LOC``, else ``(all)`` (every location).  Where
the purchase would be received (``receive_at``, shown by ``--explain`` and used by
``--write``) is ``--at``, else where the item was last received from a supplier, else
the default location.  All arithmetic is
exact Decimal (√ with 40 significant digits); only z passes through a float, as
the parameter it is.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

from jxc.ledger.accounts import account_name, is_location, location_account
from jxc.ledger.entries import dump_entry
from jxc.ledger.replay import SALE, SALES_RETURN, Replayed
from jxc.ledger.orders import projected
from jxc.numbers import CONTEXT, ZERO
from jxc.reports.period import days_back
from jxc.reports.render import Column, Report
from jxc.reports.suppliers import last_purchases, supplier_of

DEFAULT_DAYS = 90
DEFAULT_SERVICE_LEVEL = Decimal("0.95")
DEFAULT_LEAD_TIME = 7
ALL = "(all)"   # the location of a row whose quantities are every location's


def _q(d: Decimal, places: int) -> Decimal:
    return d.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


@dataclass
class Suggestion:
    """Every number of the reorder formula for one item."""

    item: str
    unit: str
    location: str            # where on_hand is counted: --at, else ALL
    on_hand: Decimal
    reorder_point: Decimal
    source: str              # catalog | history
    demand: Decimal
    window_days: int
    daily_demand: Decimal    # exact
    sigma_daily: Decimal     # exact
    lead_time_days: int
    lead_time_from: str      # item | supplier | default
    z: Decimal
    safety_stock: Decimal    # exact
    reorder_qty: Decimal | None
    target: Decimal
    suggested_qty: Decimal
    supplier: str
    unit_price: Decimal | None
    lots: bool = False       # the catalog tracks the item by lot: a purchase names one
    on_order: Decimal = ZERO     # outstanding on open purchase orders
    committed: Decimal = ZERO    # outstanding on open sales orders
    receive_at: str = ""         # where a purchase would be received

    @property
    def projected(self) -> Decimal:
        return projected(self.on_hand, self.on_order, self.committed)

    @property
    def due(self) -> bool:
        if self.source != "catalog" and self.demand <= 0 and self.daily_demand <= 0:
            return False
        return self.projected <= self.reorder_point


def z_score(service_level: Decimal) -> Decimal:
    """The standard normal quantile of the service level, rounded half-up to 4 places."""
    from statistics import NormalDist
    z = NormalDist().inv_cdf(float(service_level))
    return _q(Decimal(repr(z)), 4)


def demand_moves(r: Replayed, first: dt.date, last: dt.date, at: str | None):
    """(move, signed base units) of demand for first ≤ date ≤ last: a sale counts, a customer's
    return counts against it (at ``at``, else anywhere)."""
    acc = location_account(at) if at else None
    for m in r.moves:
        d = m.entry.date
        if d < first or d > last:
            continue
        if m.kind == SALE and (acc is None or m.src == acc):
            yield m, m.qty
        elif m.kind == SALES_RETURN and (acc is None or m.dst == acc):
            yield m, -m.qty


def daily_demand(r: Replayed, first: dt.date, last: dt.date, at: str | None) -> dict:
    """item -> {date: net units sold that day} for first ≤ date ≤ last."""
    out: dict = {}
    for m, q in demand_moves(r, first, last, at):
        days = out.setdefault(m.item, {})
        days[m.entry.date] = days.get(m.entry.date, ZERO) + q
    return out


def mean_and_sigma(by_day: dict, n: int) -> tuple[Decimal, Decimal, Decimal]:
    """(total, mean, population standard deviation) of n days' demand; days not in by_day sold 0."""
    total = sum(by_day.values(), ZERO)
    mean = CONTEXT.divide(total, n)
    sq = sum((CONTEXT.multiply(x - mean, x - mean) for x in by_day.values()), ZERO)
    sq += CONTEXT.multiply(n - len(by_day), CONTEXT.multiply(mean, mean))
    return total, mean, CONTEXT.sqrt(CONTEXT.divide(sq, n))


def on_hand(r: Replayed, at: str | None) -> dict:
    out: dict = {}
    for (acc, item), q in r.balances.items():
        if is_location(acc) and (at is None or account_name(acc) == at):
            out[item] = out.get(item, ZERO) + q
    return out


def suggestions(r: Replayed, as_of: dt.date, days: int = DEFAULT_DAYS,
                service_level: Decimal = DEFAULT_SERVICE_LEVEL, at: str | None = None,
                expected: dict | None = None, forecast=None) -> list[Suggestion]:
    """The reorder numbers of every catalog item (``r`` replayed up to the as-of date).

    ``expected``: {(location, item): (on_order, committed)} of the open orders
    (:meth:`jxc.ledger.orders.OrderBook.expected`), at ``at`` or summed over all locations.
    ``forecast(sku, lead_time_days)``: the expected daily demand over the lead time (`jxc
    forecast`), or None; where it gives one, it replaces d, and ``source`` says "forecast".
    """
    cat = r.catalog
    first = days_back(as_of, days - 1)
    demand = daily_demand(r, first, as_of, at)
    held = on_hand(r, at)
    on_order: dict = {}
    committed: dict = {}
    for (loc, item), (o, c) in (expected or {}).items():
        if at is None or loc == at:
            on_order[item] = on_order.get(item, ZERO) + o
            committed[item] = committed.get(item, ZERO) + c
    last = last_purchases(r)
    sup = supplier_of(r, last)
    z = z_score(service_level)
    out = []
    for sku in sorted(cat.items):
        it = cat.items[sku]
        supplier = sup.get(sku, "")
        if it.lead_time_days is not None:
            lead, lead_from = it.lead_time_days, "item"
        elif supplier and cat.suppliers[supplier].lead_time_days is not None:
            lead, lead_from = cat.suppliers[supplier].lead_time_days, "supplier"
        else:
            lead, lead_from = DEFAULT_LEAD_TIME, "default"
        total, d, sigma = mean_and_sigma(demand.get(sku, {}), days)
        ahead = forecast(sku, lead) if forecast is not None else None
        if ahead is not None:
            d = ahead
        safety = CONTEXT.multiply(CONTEXT.multiply(z, sigma), CONTEXT.sqrt(Decimal(lead)))
        if it.reorder_point is not None:
            rop, source = it.reorder_point, "catalog"
        else:
            rop, source = _q(CONTEXT.multiply(d, lead) + safety, 2), "history" if ahead is None else "forecast"
        if it.reorder_qty is not None:
            target = rop + it.reorder_qty
        else:
            target = CONTEXT.multiply(d, lead + days)
        lp = last.get(sku)
        receive_at = at or (lp.location if lp else None) or r.settings.default_location or ""
        s = Suggestion(sku, it.unit, at or ALL, held.get(sku, ZERO), rop, source, total, days, d, sigma,
                       lead, lead_from, z, safety, it.reorder_qty, target, ZERO, supplier,
                       lp.unit_price if lp else it.cost, it.lots, on_order.get(sku, ZERO),
                       committed.get(sku, ZERO), receive_at)
        need = target - s.projected
        if s.due and need > 0:
            s.suggested_qty = need.to_integral_value(rounding=ROUND_CEILING)
        out.append(s)
    return out


BASIC = [Column("item"), Column("location"), Column("on_hand", "qty"), Column("projected", "qty"),
         Column("reorder_point", "qty"), Column("suggested_qty", "qty"), Column("supplier")]
EXPLAIN = [Column("receive_at"), Column("on_order", "qty"), Column("committed", "qty"), Column("unit"), Column("source"), Column("demand", "qty"), Column("window_days", "int"),
           Column("daily_demand", "ratio", 4), Column("sigma_daily", "ratio", 4),
           Column("lead_time_days", "int"), Column("lead_time_from"), Column("z", "ratio", 4),
           Column("safety_stock", "ratio", 2), Column("reorder_qty", "qty"), Column("target", "ratio", 2)]


def _explained(s: Suggestion) -> list:
    return [s.receive_at, s.on_order, s.committed, s.unit, s.source, s.demand, s.window_days, _q(s.daily_demand, 4), _q(s.sigma_daily, 4),
            s.lead_time_days, s.lead_time_from, s.z, _q(s.safety_stock, 2), s.reorder_qty, _q(s.target, 2)]


def report(sugs: list[Suggestion], explain: bool = False, every: bool = False,
           as_of: dt.date | None = None, service_level: Decimal | None = None) -> Report:
    """The items due for reorder (``every``: all items), with the formula's numbers when ``explain``."""
    rows = []
    for s in sugs:
        if every or s.due:
            row = [s.item, s.location, s.on_hand, s.projected, s.reorder_point, s.suggested_qty, s.supplier]
            rows.append(row + (_explained(s) if explain else []))
    notes = []
    if as_of is not None and sugs:
        n = sugs[0].window_days
        first = days_back(as_of, n - 1)
        notes.append(f"as of {as_of}: demand over {first} .. {as_of} ({n} days); service level "
                     f"{service_level} → z = {sugs[0].z}; quantities in each item's base unit")
    return Report(BASIC + (EXPLAIN if explain else []), rows, notes=notes)


# How each number is made, for the table of ``--explain`` (one row per number).
FORMULAS = {
    "on_hand": "stock on hand",
    "projected": "on_hand + on_order − committed",
    "on_order": "outstanding on open purchase orders",
    "committed": "outstanding on open sales orders",
    "reorder_point": "catalog reorder_point, else d × L + safety_stock",
    "suggested_qty": "⌈target − projected⌉ when projected ≤ reorder_point",
    "supplier": "last supplier, else catalog supplier",
    "location": "where on_hand is counted: --at, else (all)",
    "receive_at": "--at, else last received at, else default",
    "unit": "quantities are in this unit",
    "source": "where reorder_point comes from",
    "demand": "units sold − returned in the window",
    "window_days": "N: days of history (--days)",
    "daily_demand": "d = demand / N",
    "sigma_daily": "σ = √(Σ (day's demand − d)² / N)",
    "lead_time_days": "L: item's, else supplier's, else 7",
    "lead_time_from": "where L comes from",
    "z": "normal quantile of the service level",
    "safety_stock": "z × σ × √L",
    "reorder_qty": "catalog reorder_qty",
    "target": "reorder_point + reorder_qty, else d × (L + N)",
}


def explain_table(report_: Report) -> Report:
    """The ``--explain`` report turned on its side for the terminal: a row per number, a column per item,
    with the formula that makes it (a row per item would be too wide to read)."""
    from jxc.reports.render import text_of
    cols = report_.columns
    # The cells are written out already; kind "int" only right-aligns them.
    out_cols = [Column("number"), Column("formula")] + [Column(row[0], "int") for row in report_.rows]
    rows = []
    for j, c in enumerate(cols):
        if c.name == "item":
            continue
        rows.append([c.name, FORMULAS.get(c.name, "")] + [text_of(row[j], c) for row in report_.rows])
    return Report(out_cols, rows, None, title=report_.title, notes=report_.notes)


def _price_text(p: Decimal) -> Decimal:
    """A per-base-unit price from a purchase in another unit can have many places: keep 4."""
    return _q(p, 4) if -p.as_tuple().exponent > 4 else p


def draft_purchases(sugs: list[Suggestion], date: dt.date) -> str:
    """Purchase orders (`po` entries) for the items due, one per supplier × location, as
    `jxc add -` reads them; each is due ``date`` + the longest lead time of its items
    (the item's, else the supplier's, else 7 days), and `jxc add` gives it an id.

    The price is the last one paid per base unit (else the item's catalog cost); a
    line with no known price, or of an item tracked by lot, is left without it, so
    `jxc add` refuses it until a clerk writes one in (jxc does not invent a price or
    a lot number).  An item with no known supplier cannot be drafted: it is
    named in a comment instead.
    """
    groups: dict = {}
    orphans = []
    for s in sugs:
        if not s.due or s.suggested_qty <= 0:
            continue
        if not s.supplier:
            orphans.append(s)
            continue
        groups.setdefault((s.supplier, s.receive_at), []).append(s)
    out = [f"# Draft purchase orders from `jxc reorder` on {date.isoformat()}: quantities in base units,",
           "# prices from the last purchase.  Check and edit them, then: jxc add FILE (or pipe into jxc add -)."]
    for s in orphans:
        out.append(f"# {s.item}: no supplier known; order {s.suggested_qty} {s.unit} by hand")
    for (supplier, location), group in groups.items():
        lines = []
        for s in group:
            ln = {"item": s.item, "qty": s.suggested_qty}
            if s.unit_price is not None:
                ln["price"] = _price_text(s.unit_price)
            else:
                out.append(f"# {s.item}: no price known; write one on its line")
            lines.append(ln)
        due = date + dt.timedelta(days=max(s.lead_time_days for s in group))
        entry = {"date": date, "type": "po", "from": supplier, "to": location, "due": due,
                 "note": "draft from jxc reorder: check quantities and prices", "lines": lines}
        out.append(dump_entry(entry).rstrip("\n"))
    return "\n".join(out) + "\n"
