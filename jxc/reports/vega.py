"""Charts drawn by Vega-Lite: one specification for the browser and for pictures.

The chart of a stock level over time and of sales per period is described once, as a
Vega-Lite specification built with Altair (a well-kept, declarative charting library);
the web app hands it to Vega in the browser, and ``jxc chart -o png|svg|html`` has it
drawn by vl-convert (Vega compiled into a Python wheel: no browser, no internet).  The
JavaScript the browser needs (Vega, Vega-Lite, vega-embed) comes from the same
installed vl-convert package (:func:`javascript`), so nothing is fetched from a CDN.

Numbers go into the specification as exact decimal text (``"1334.00"``) with a parse
format telling Vega they are numbers: no binary float is made on the Python side.
Both libraries are the ``jxc[chart]`` extra (also part of ``jxc[web]``); without them a
one-line error names it.
"""

from __future__ import annotations

import datetime as dt

from jxc.errors import LedgerError
from jxc.numbers import fmt_money, fmt_qty

PICTURES = ("png", "svg", "html")
WIDTH = 640
HEIGHT = 260
COLOR = "#2f6f4f"     # tea green, the stylesheet's accent


def _need(module: str):
    """Import an optional charting module, or a one-line error naming the extra."""
    import importlib
    try:
        return importlib.import_module(module)
    except ImportError:
        raise LedgerError(f"charts as pictures need {module.replace('_', '-')}: "
                          "pip install 'jxc[chart]'") from None


def _text(day) -> str:
    return day.isoformat() if isinstance(day, dt.date) else str(day)


def stock_spec(points: list, title: str, unit: str, by: str = "date") -> dict:
    """The Vega-Lite spec of a stock level over time.

    ``points``: [(date or week/month label, qty)] as :meth:`jxc.api.Ledger.stock_levels`
    gives them.  ``by="date"``: a step line (the level holds until the next change);
    ``week``/``month``: one bar per period, the level at its end.
    """
    alt = _need("altair")
    rows = [{"at": _text(d), "qty": fmt_qty(q), "label": f"{fmt_qty(q)} {unit}"} for d, q in points]
    data = alt.Data(values=rows, format=alt.DataFormat(parse={"qty": "number"}))
    base = alt.Chart(data, title=title, width=WIDTH, height=HEIGHT)
    tooltip = [alt.Tooltip("at:N", title=by), alt.Tooltip("label:N", title="on hand")]
    if by == "date":
        chart = base.mark_line(interpolate="step-after", point=True, color=COLOR).encode(
            x=alt.X("at:T", title=None), y=alt.Y("qty:Q", title=unit), tooltip=tooltip)
    else:
        chart = base.mark_bar(color=COLOR).encode(
            x=alt.X("at:O", title=None, sort=None), y=alt.Y("qty:Q", title=unit), tooltip=tooltip)
    return chart.to_dict()


def sales_spec(series: list, measure: str, title: str, every: str = "month") -> dict:
    """The Vega-Lite spec of sales per month, week or day: one bar each.

    ``series``: [(label, qty, amount cents)] as :meth:`jxc.api.Ledger.sales_series`
    gives them; ``measure``: ``amount`` (money, 2 decimals) or ``qty``.
    """
    alt = _need("altair")
    rows = [{"at": b, "qty": fmt_qty(q), "amount": fmt_money(a)} for b, q, a in series]
    data = alt.Data(values=rows, format=alt.DataFormat(parse={"qty": "number", "amount": "number"}))
    chart = alt.Chart(data, title=title, width=WIDTH, height=HEIGHT).mark_bar(color=COLOR).encode(
        x=alt.X("at:O", title=None, sort=None),
        y=alt.Y(f"{measure}:Q", title=measure),
        tooltip=[alt.Tooltip("at:N", title=every), alt.Tooltip("qty:Q", title="qty"),
                 alt.Tooltip("amount:Q", title="amount", format=".2f")])
    return chart.to_dict()


def picture(spec: dict, fmt: str) -> bytes:
    """The chart drawn as ``png``, ``svg`` or a self-contained ``html`` page (the
    scripts inlined, so it opens offline), as bytes."""
    vlc = _need("vl_convert")
    if fmt == "png":
        return vlc.vegalite_to_png(spec, scale=2)
    if fmt == "svg":
        return vlc.vegalite_to_svg(spec).encode("utf-8")
    if fmt == "html":
        return vlc.vegalite_to_html(spec, bundle=True).encode("utf-8")
    raise ValueError(f"no picture format {fmt!r}: one of {', '.join(PICTURES)}")


def javascript() -> str:
    """Vega, Vega-Lite and vega-embed as one script, from the installed vl-convert
    package; it defines ``vegaEmbed`` for the page."""
    vlc = _need("vl_convert")
    return vlc.javascript_bundle(snippet="window.vegaEmbed = vegaEmbed;")
