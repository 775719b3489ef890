"""Paid at once (现款): ``--paid [AMOUNT]`` among the ITEM QTY words of buy and sell.
The money keys it leads to are drafted by :func:`jxc.write.drafts.settlement_fields`
(shared with the web forms)."""

from __future__ import annotations

from jxc.numbers import parse_decimal


def split_paid(tokens: list[str]) -> tuple[list[str], str | None]:
    """``--paid [AMOUNT]`` taken out of a write command's ITEM QTY tokens: ("all" | AMOUNT | None).

    click has no option with an optional value, so the lines carry it: AMOUNT is the
    next token when it is a number and the ITEM QTY pairs stay whole without it (so
    ``--paid 6901234567890 2`` pays in full an item named by its barcode)."""
    out, paid, i = [], None, 0
    while i < len(tokens):
        t = tokens[i]
        if t.startswith("--paid="):
            paid = t.split("=", 1)[1]
        elif t == "--paid":
            nxt = tokens[i + 1] if i + 1 < len(tokens) else None
            rest = len(tokens) - i - 2
            if nxt is not None and parse_decimal(nxt) is not None and (len(out) + rest) % 2 == 0:
                paid = nxt
                i += 1
            else:
                paid = "all"
        else:
            out.append(t)
        i += 1
    return out, paid
