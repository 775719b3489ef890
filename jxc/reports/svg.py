"""Charts as SVG pictures, written by hand: no plotting library is a dependency of jxc.

Coordinates are computed with Decimal and written with one decimal place; they
are positions on a picture, not quantities, but keeping them exact means the same
ledger always gives the same bytes (handy in git and in tests).
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from html import escape

W, H = Decimal(720), Decimal(360)
LEFT, RIGHT, TOP, BOTTOM = Decimal(70), Decimal(20), Decimal(40), Decimal(70)
PLOT_W, PLOT_H = W - LEFT - RIGHT, H - TOP - BOTTOM
FONT = 'font-family="sans-serif" font-size="11"'
TITLE_FONT = 'font-family="sans-serif" font-size="14"'
BAR_COLOR = "#4e79a7"


def _n(d: Decimal) -> str:
    return format(d.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP), "f")


def _scale(values):
    low = min(min(values, default=Decimal(0)), Decimal(0))
    high = max(max(values, default=Decimal(0)), Decimal(0))
    if high == low:
        high = low + 1
    return low, high


def _y(v: Decimal, low: Decimal, high: Decimal) -> Decimal:
    return TOP + PLOT_H - (v - low) * PLOT_H / (high - low)


def _frame(title: str, low: Decimal, high: Decimal, low_text: str, high_text: str) -> list[str]:
    y0 = _y(Decimal(0), low, high)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" viewBox="0 0 {W} {H}">',
           f'<rect width="{W}" height="{H}" fill="white"/>',
           f'<text x="{_n(W / 2)}" y="22" text-anchor="middle" {TITLE_FONT}>{escape(title)}</text>',
           f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{_n(TOP + PLOT_H)}" stroke="#888"/>',
           f'<line x1="{LEFT}" y1="{_n(y0)}" x2="{_n(LEFT + PLOT_W)}" y2="{_n(y0)}" stroke="#888"/>',
           f'<line x1="{LEFT}" y1="{TOP}" x2="{_n(LEFT + PLOT_W)}" y2="{TOP}" stroke="#ddd"/>',
           f'<text x="{_n(LEFT - 6)}" y="{_n(TOP + 4)}" text-anchor="end" {FONT}>{escape(high_text)}</text>',
           f'<text x="{_n(LEFT - 6)}" y="{_n(y0 + 4)}" text-anchor="end" {FONT}>0</text>']
    if low < 0:
        out.append(f'<text x="{_n(LEFT - 6)}" y="{_n(TOP + PLOT_H + 4)}" text-anchor="end" {FONT}>'
                   f'{escape(low_text)}</text>')
    return out


def bars(labels: list[str], values: list[Decimal], texts: list[str], title: str) -> str:
    """A vertical bar per label; ``texts`` are the values as the report shows them."""
    low, high = _scale(values)
    out = _frame(title, low, high, texts[values.index(min(values))] if values else "",
                 texts[values.index(max(values))] if values else "")
    n = len(values) or 1
    slot = PLOT_W / n
    y0 = _y(Decimal(0), low, high)
    rotate = n > 12
    for k, (label, v, text) in enumerate(zip(labels, values, texts)):
        x = LEFT + slot * k + slot * Decimal("0.15")
        y = _y(v, low, high)
        top, height = (y, y0 - y) if v >= 0 else (y0, y - y0)
        out.append(f'<rect x="{_n(x)}" y="{_n(top)}" width="{_n(slot * Decimal("0.7"))}" height="{_n(height)}"'
                   f' fill="{BAR_COLOR}"><title>{escape(label)}: {escape(text)}</title></rect>')
        cx = LEFT + slot * k + slot / 2
        ly = TOP + PLOT_H + 16
        if rotate:
            out.append(f'<text x="{_n(cx)}" y="{_n(ly)}" text-anchor="end" {FONT}'
                       f' transform="rotate(-45 {_n(cx)} {_n(ly)})">{escape(label)}</text>')
        else:
            out.append(f'<text x="{_n(cx)}" y="{_n(ly)}" text-anchor="middle" {FONT}>{escape(label)}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def steps(points: list, texts: list[str], title: str) -> str:
    """A step line of (date, value) points: the value holds until the next date."""
    values = [Decimal(v) for _, v in points]
    low, high = _scale(values)
    out = _frame(title, low, high, texts[values.index(min(values))] if values else "",
                 texts[values.index(max(values))] if values else "")
    if points:
        first = points[0][0]
        last = points[-1][0] + dt.timedelta(days=1)
        span = Decimal((last - first).days)

        def x(d):
            return LEFT + Decimal((d - first).days) * PLOT_W / span

        path = [f"M{_n(x(first))} {_n(_y(values[0], low, high))}"]
        for (d, _), v in zip(points[1:], values[1:]):
            path.append(f"H{_n(x(d))} V{_n(_y(v, low, high))}")
        path.append(f"H{_n(x(last))}")
        out.append(f'<path d="{" ".join(path)}" fill="none" stroke="{BAR_COLOR}" stroke-width="2"/>')
        for (d, _), v, text in zip(points, values, texts):
            out.append(f'<circle cx="{_n(x(d))}" cy="{_n(_y(v, low, high))}" r="2.5" fill="{BAR_COLOR}">'
                       f'<title>{d.isoformat()}: {escape(text)}</title></circle>')
        ly = TOP + PLOT_H + 16
        out.append(f'<text x="{LEFT}" y="{_n(ly)}" text-anchor="start" {FONT}>{first.isoformat()}</text>')
        out.append(f'<text x="{_n(LEFT + PLOT_W)}" y="{_n(ly)}" text-anchor="end" {FONT}>'
                   f'{points[-1][0].isoformat()}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"
