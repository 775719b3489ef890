"""`jxc abc`: A/B/C classes of items by their share of revenue, cost of sales or quantity.

For the items sold in the period, ranked by the measure (largest first, then by SKU):

    share            = measure / Σ measure
    cumulative_share = Σ share of this item and every item ranked above it
    class            = by the cumulative share *before* the item (the items ranked above it):
                       A when it is below a (default 80%), B when below b (95%), C otherwise

So the top item is always A, and an item is A when the items above it have not yet
reached the A line, as the classic "the first items up to 80%" reads.  Measures are
net of returns: revenue = sales − sales returns, cogs = cost of sales − cost of sales
returns (booked in the period: a re-costing of a sale below zero on the date of the
receipt that covered it), qty = units sold − units returned (base units).  Classes
compare the exact cumulative share; shares are shown rounded half-up to 4 places.
When nothing positive was sold, shares are empty and every item is C.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from jxc.ledger.costing import booked_values
from jxc.ledger.replay import SALE, SALES_RETURN, Replayed
from jxc.numbers import CONTEXT, ZERO, fmt_qty
from jxc.reports.period import Period
from jxc.reports.render import Column, Report

MEASURES = ("revenue", "cogs", "qty")
SHARE_PLACES = 4


def measures(r: Replayed, by: str, period: Period | None = None, costing=None) -> dict:
    """item -> the measure, net of sales returns, for sales dated (values booked) in the period.

    ``costing`` (a :class:`~jxc.ledger.costing.Costing` of ``r``) is needed only for ``cogs``.
    """
    out: dict = {}
    zero = ZERO if by == "qty" else 0
    if by == "cogs":
        moves = r.moves
        for at, i, v in booked_values(costing, (SALE, SALES_RETURN)):
            if period is None or period.contains(moves[at].entry.date):
                m = moves[i]
                out[m.item] = out.get(m.item, 0) + (v if m.kind == SALE else -v)
        return out
    for m in r.moves:
        if m.kind == SALE:
            sign = 1
        elif m.kind == SALES_RETURN:
            sign = -1
        else:
            continue
        if period is not None and not period.contains(m.entry.date):
            continue
        out[m.item] = out.get(m.item, zero) + sign * (m.qty if by == "qty" else m.amount)
    return out


def classify(before, total, a: Decimal, b: Decimal) -> str:
    """The class of an item whose higher-ranked items add up to ``before`` of ``total``:
    A while before < a%, B while before < b%, C after; compared exactly as
    before × 100 < cut-off × total.  Nothing positive sold: C."""
    if total <= 0:
        return "C"
    if before * 100 < a * total:
        return "A"
    if before * 100 < b * total:
        return "B"
    return "C"


def _share(part, total) -> Decimal | None:
    if total <= 0:
        return None
    return CONTEXT.divide(Decimal(part), Decimal(total)).quantize(Decimal(1).scaleb(-SHARE_PLACES),
                                                                  rounding=ROUND_HALF_UP)


def abc(r: Replayed, by: str = "revenue", period: Period | None = None,
        cutoffs: tuple = (Decimal(80), Decimal(95)), costing=None) -> Report:
    """item, measure, share, cumulative_share and class per item sold in ``period``;
    ``cutoffs`` = (a, b) in percent; ``costing`` only for ``by="cogs"``."""
    a, b = cutoffs
    meas = measures(r, by, period, costing)
    ranked = sorted(meas.items(), key=lambda kv: (-kv[1], kv[0]))
    total = sum((v for _, v in ranked), ZERO if by == "qty" else 0)
    rows = []
    running = ZERO if by == "qty" else 0
    counts = {"A": [0, 0], "B": [0, 0], "C": [0, 0]}
    for item, v in ranked:
        cls = classify(running, total, a, b)
        running += v
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
