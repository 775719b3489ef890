"""Sparklines and bars drawn with plain Unicode blocks, so a trend is seen, not read.

Both are computed with exact integer/Decimal arithmetic: a value's block is
picked by comparing cross-products, never through a float.
"""

from __future__ import annotations

from decimal import Decimal

SPARKS = "▁▂▃▄▅▆▇█"
EIGHTHS = " ▏▎▍▌▋▊▉"   # partial cells of a horizontal bar, 0/8 .. 7/8
FULL = "█"


def _half_up_div(num, den) -> int:
    """round(num / den) half-up, for num >= 0 and den > 0 (ints or Decimals, exact)."""
    q, r = divmod(num, den)
    return int(q) + (1 if 2 * r >= den else 0)


def sparkline(values) -> str:
    """One block per value, its height scaled between min(0, lowest) and the highest value.

    Block k of 0..7 is round(7 × (v − low) / (high − low)), half up, with low = min(0, lowest)
    and high = the highest value.  Zero is the floor unless something is negative, so an
    empty month is as low as the scale goes and steady sales stand tall; all zeros draw
    the lowest block.
    """
    vals = [Decimal(v) for v in values]
    if not vals:
        return ""
    low = min(min(vals), Decimal(0))
    high = max(vals)
    span = high - low
    if span == 0:
        return SPARKS[0] * len(vals)
    return "".join(SPARKS[_half_up_div(7 * (v - low), span)] for v in vals)


def bar(value, top, width: int = 40) -> str:
    """A horizontal bar of ``value`` out of ``top`` over ``width`` cells, in eighths of a cell.

    Values at or below zero draw nothing (a chart of stock shows a shortfall as an empty bar;
    the number next to it says how far below zero it is).
    """
    v = Decimal(value)
    t = Decimal(top)
    if v <= 0 or t <= 0:
        return ""
    eighths = _half_up_div(v * width * 8, t)
    if eighths == 0:
        eighths = 1   # a small positive value still shows, or it reads as zero
    full, part = divmod(eighths, 8)
    return FULL * full + (EIGHTHS[part] if part else "")
