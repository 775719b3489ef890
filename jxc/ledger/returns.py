"""What a return gives back: each partial return is rounded on its own, and the
return of a line's last units takes exactly what is left of that line.

One function for every amount a return reverses — a sale's revenue and a
purchase's amount (:mod:`jxc.ledger.replay`), the cost a sale took out
(:mod:`jxc.ledger.costing`) — so that the returns of a line always add up to
the line, to the cent.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Callable


def returned_cents(take: Decimal, returned_qty: Decimal, line_qty: Decimal, line_cents: int,
                   returned_so_far: int, share: Callable[[Decimal], int]) -> int:
    """The cents a return of ``take`` units gives back of a line of ``line_qty`` units
    worth ``line_cents``, of which ``returned_qty`` units worth ``returned_so_far``
    cents came back already.

    ``share(take)`` is the return's own rounded part (qty × price, or a share of a
    value by quantity); when ``take`` is the last of the line, the answer is instead
    exactly what is left, so the parts sum to the whole.
    """
    if returned_qty + take == line_qty:
        return line_cents - returned_so_far
    return share(take)
