"""`jxc abc`: A/B/C classes of items by their share of revenue, cost of sales or quantity.

For the items sold in the period, ranked by the measure (largest first, then by SKU):

    share            = measure / Σ measure
    cumulative_share = Σ share of this item and every item ranked above it
    class            = A when cumulative_share ≤ a (default 80%), B when ≤ b (95%), C otherwise

Measures are net of returns: revenue = sales − sales returns, cogs = cost of sales −
cost of sales returns, qty = units sold − units returned (base units).  Classes
compare the exact cumulative share; shares are shown rounded half-up to 4 places.
An item that alone carries more than ``a`` is therefore class B: the rule is the
cut-off, as written, not "the first items up to the line".  When nothing positive
was sold, shares are empty and every item is C.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from jxc.ledger.replay import SALE, SALES_RETURN, Replayed
from jxc.numbers import CONTEXT, ZERO, fmt_qty
from jxc.reports.period import Period
from jxc.reports.render import Column, Report

MEASURES = ("revenue", "cogs", "qty")
SHARE_PLACES = 4


def measures(r: Replayed, by: str, period: Period | None = None, values: list | None = None) -> dict:
    """item -> the measure, net of sales returns, for sales dated in the period.

    ``values`` are the costing's values of the moves, needed (only) for ``cogs``.
    """
    out: dict = {}
    for i, m in enumerate(r.moves):
        if m.kind == SALE:
            sign = 1
        elif m.kind == SALES_RETURN:
            sign = -1
        else:
            continue
        if period is not None and not period.contains(m.entry.date):
            continue
        if by == "qty":
            v = m.qty
        elif by == "cogs":
            v = values[i]
        else:
            v = m.amount
        out[m.item] = out.get(m.item, ZERO if by == "qty" else 0) + sign * v
    return out


def classify(cumulative: Decimal, total, a: Decimal, b: Decimal) -> str:
    """A ≤ a%, B ≤ b%, C the rest: compared as cumulative × 100 ≤ cut-off × total, exactly."""
    if total <= 0:
        return "C"
    if cumulative * 100 <= a * total:
        return "A"
    if cumulative * 100 <= b * total:
        return "B"
    return "C"


def _share(part, total) -> Decimal | None:
    if total <= 0:
        return None
    return CONTEXT.divide(Decimal(part), Decimal(total)).quantize(Decimal(1).scaleb(-SHARE_PLACES),
                                                                  rounding=ROUND_HALF_UP)


def abc(r: Replayed, by: str = "revenue", period: Period | None = None,
        cutoffs: tuple = (Decimal(80), Decimal(95)), values: list | None = None) -> Report:
    a, b = cutoffs
    meas = measures(r, by, period, values)
    ranked = sorted(meas.items(), key=lambda kv: (-kv[1], kv[0]))
    total = sum((v for _, v in ranked), ZERO if by == "qty" else 0)
    rows = []
    running = ZERO if by == "qty" else 0
    counts = {"A": [0, 0], "B": [0, 0], "C": [0, 0]}
    for item, v in ranked:
        running += v
        cls = classify(running, total, a, b)
        counts[cls][0] += 1
        counts[cls][1] += v
        rows.append([item, v, _share(v, total), _share(running, total), cls])
    kind = "qty" if by == "qty" else "money"
    cols = [Column("item"), Column(by, kind), Column("share", "ratio", SHARE_PLACES),
            Column("cumulative_share", "ratio", SHARE_PLACES), Column("class")]
    totals = ["total", total, _share(total, total), None, ""] if rows else None
    notes = []
    if rows and total > 0:
        for cls, (n, v) in counts.items():
            what = fmt_qty(v) if by == "qty" else None
            pct = CONTEXT.divide(Decimal(v) * 100, Decimal(total)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
            notes.append(f"{cls}: {n} item{'s' if n != 1 else ''}, {pct}% of {by}"
                         + (f" ({what})" if what else ""))
    return Report(cols, rows, totals, notes=notes)
