"""Paid at once (现款): the ``--paid [AMOUNT]``, ``--account``, ``--due`` and
``--over-limit`` options of buy and sell, and the money helpers the write commands
and the money commands share.  A module of its own, so `entry` and `money` both
import it and neither imports the other."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Optional

from jxc.errors import LedgerError
from jxc.numbers import parse_decimal
from jxc.reports.period import parse_date


def _cents(text: str, what: str) -> int:
    d = parse_decimal(text)
    if d is None or d <= 0:
        raise LedgerError(f"{what} must be a positive amount like 1500.00, got {text!r}")
    if d != d.quantize(Decimal("0.01")):
        raise LedgerError(f"{what} must be exact to the cent, got {text}")
    return int(d.scaleb(2))


def _money(cents: int) -> Decimal:
    return Decimal(cents).scaleb(-2)


def _account(lg, name: Optional[str], option: str) -> str:
    name = name or lg.settings.default_account
    if name is None:
        raise LedgerError(f"no money account given ({option}) and no default_account in jxc.yaml")
    return lg.catalog.check("account", name, None, None)


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


def settlement_fields(lg, kind: str, partner: str, lines: list, paid: Optional[str], account: Optional[str],
                      due: Optional[str], over_limit: bool, location: Optional[str] = None) -> dict:
    """The money keys of a buy or sell typed on the command line (SPEC 9).

    ``--paid`` alone pays the entry's gross in full, written out as ``paid:`` so the entry
    never depends on today's catalog (a partner with ``terms: cash`` is paid in full by
    every write path: :func:`jxc.write.complete.paid_in_full`)."""
    from jxc.write.complete import pays_cash
    out: dict = {}
    if paid is None and account is not None and pays_cash(lg.catalog, kind, partner):
        paid = "all"                  # --account alone says where a cash partner's money went
    if paid is not None:
        if paid == "all":
            cents = _gross(lg, kind, partner, lines, location)
        else:
            cents = _cents(paid, "--paid")
        out["paid"] = _money(cents)
        out["account"] = _account(lg, account, "--account")
    elif account is not None:
        raise LedgerError("--account says where a payment went: give --paid too")
    if due is not None:
        out["due"] = parse_date(due, "--due")
    if over_limit:
        out["over_limit"] = True
    return out


def _gross(lg, kind: str, partner: str, lines: list, location: Optional[str]) -> int:
    """The entry's gross as the journal will read it (same parse, same tax rules)."""
    from jxc.write.commit import prepare
    raw = {"id": "preview", "date": dt.date.today(), "type": kind,
           ("from" if kind == "buy" else "to"): partner, "lines": lines}
    if location:
        raw["to" if kind == "buy" else "from"] = location
    entry = prepare(lg, [raw])[0][0]
    return sum(ln.gross for ln in entry.lines)
