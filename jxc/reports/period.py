"""Dates and periods of the command line: --begin/--end/--period/--as-of."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from jxc.errors import LedgerError
from jxc.ledger.schema import parse_date_text


def parse_date(text: str, what: str = "date", today: dt.date | None = None) -> dt.date:
    """YYYY-MM-DD, ``today`` or ``yesterday``."""
    today = today or dt.date.today()
    t = text.strip().lower()
    if t == "today":
        return today
    if t == "yesterday":
        return today - dt.timedelta(days=1)
    d = parse_date_text(t)
    if d is None:
        if re.match(r"\d{4}-\d{2}-\d{2}\Z", t):
            raise LedgerError(f"{what} is not a real date: {text}")
        raise LedgerError(f"{what} must be YYYY-MM-DD, today or yesterday, got {text!r}")
    return d


@dataclass(frozen=True)
class Period:
    """[begin, end): either side may be open (None)."""

    begin: dt.date | None = None
    end: dt.date | None = None

    def contains(self, d: dt.date) -> bool:
        return (self.begin is None or d >= self.begin) and (self.end is None or d < self.end)

    def days(self, first: dt.date | None, last: dt.date | None) -> int:
        """Days in the period, closing open sides on the journal's first/last date."""
        b = self.begin or first
        e = self.end or ((last + dt.timedelta(days=1)) if last else None)
        if b is None or e is None:
            return 0
        return max((e - b).days, 0)


def parse_period(text: str) -> Period:
    """``2026``, ``2026-Q3``, ``2026-11`` or a single day ``2026-11-24``."""
    t = text.strip()
    m = re.fullmatch(r"(\d{4})", t)
    if m:
        y = int(m[1])
        return Period(dt.date(y, 1, 1), dt.date(y + 1, 1, 1))
    m = re.fullmatch(r"(\d{4})-[Qq]([1-4])", t)
    if m:
        y, q = int(m[1]), int(m[2])
        b = dt.date(y, 3 * q - 2, 1)
        return Period(b, _add_months(b, 3))
    m = re.fullmatch(r"(\d{4})-(\d{2})", t)
    if m and 1 <= int(m[2]) <= 12:
        b = dt.date(int(m[1]), int(m[2]), 1)
        return Period(b, _add_months(b, 1))
    d = parse_date_text(t)
    if d is not None:
        return Period(d, d + dt.timedelta(days=1))
    raise LedgerError(f"--period must be like 2026, 2026-Q3, 2026-11 or 2026-11-24, got {text!r}")


def _add_months(d: dt.date, n: int) -> dt.date:
    y, m = divmod(d.month - 1 + n, 12)
    return dt.date(d.year + y, m + 1, 1)


def make_period(begin: str | None, end: str | None, period: str | None) -> Period:
    p = parse_period(period) if period else Period()
    b = parse_date(begin, "--begin") if begin else p.begin
    e = parse_date(end, "--end") if end else p.end
    if b and e and e < b:
        raise LedgerError(f"--end {e} is before --begin {b}")
    return Period(b, e)


def as_of_end(as_of: str | None) -> dt.date | None:
    """--as-of D is inclusive: replay entries dated before D + 1."""
    if not as_of:
        return None
    return parse_date(as_of, "--as-of") + dt.timedelta(days=1)


def month_key(d: dt.date) -> str:
    return f"{d.year:04d}-{d.month:02d}"


def week_key(d: dt.date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y:04d}-W{w:02d}"
