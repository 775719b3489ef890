"""The date and period grammar of the command line (SPEC 14): one parser for
``--date``, ``--begin/-b``, ``--end/-e``, ``--period/-p``, ``--as-of`` and ``--due``.

Dates::

    2026-11-24   2026/11/24   20261124   today   yesterday   tomorrow

Periods (a half-open range of days ``[begin, end)``): any date (that one day), and::

    2026                     a year
    2026-Q4  2026Q4          a quarter
    2026-11  2026/11         a month
    2026-W47 2026W47         an ISO week (Monday to Sunday)
    thismonth lastmonth thisyear lastyear thisquarter lastquarter thisweek lastweek

Every label a report prints for a period (``2026``, ``2026-Q4``, ``2026-11``,
``2026-W47``, ``2026-11-24``) reads back as that period.  Digits are ASCII;
anything else is a one-line error naming the option and the text.

The last day jxc carries in a journal is 9999-12-30 (:data:`LAST_DAY`), so that
the exclusive end after any entry's date is a date; a query reaching past it
(``--as-of 9999-12-31``, ``-p 9999``) ends there and gives the correct answer.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from jxc.errors import LedgerError
from jxc.ledger.schema import parse_date_text
from jxc.numbers import excerpt

_DATE_FORMS = "YYYY-MM-DD, YYYY/MM/DD, YYYYMMDD, today, yesterday or tomorrow"
_PERIOD_FORMS = ("a year (2026), quarter (2026-Q4, 2026Q4), month (2026-11), ISO week (2026-W47),"
                 " day (2026-11-24), thismonth, lastmonth, thisyear, lastyear")
_RELATIVE_DAYS = {"today": 0, "yesterday": -1, "tomorrow": 1}
_SLASH = re.compile(r"([0-9]{4})/([0-9]{2})/([0-9]{2})\Z")
_COMPACT = re.compile(r"([0-9]{4})([0-9]{2})([0-9]{2})\Z")


def parse_date(text: str, what: str = "date", today: dt.date | None = None) -> dt.date:
    """A day written ``YYYY-MM-DD``, ``YYYY/MM/DD``, ``YYYYMMDD``, ``today``,
    ``yesterday`` or ``tomorrow`` (SPEC 14); ``today`` defaults to the clock's.

    Raises LedgerError naming ``what`` (the option) for anything else, for an
    impossible day (2026-02-30, year 0000) and for a day the clock cannot reach."""
    t = text.strip().lower()
    if t in _RELATIVE_DAYS:
        try:
            return (today or dt.date.today()) + dt.timedelta(days=_RELATIVE_DAYS[t])
        except OverflowError:
            raise LedgerError(f"{what}: {t} is past the last date jxc carries") from None
    m = _SLASH.match(t) or _COMPACT.match(t)
    iso = f"{m[1]}-{m[2]}-{m[3]}" if m else t
    d = parse_date_text(iso)
    if d is not None:
        return d
    if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", iso):
        raise LedgerError(f"{what} is not a real date: {text.strip()}")
    raise LedgerError(f"{what} must be {_DATE_FORMS}, got {excerpt(text, 40)}")


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
        if b is None:
            return 0
        # by ordinals: the day after 9999-12-31 is no date, but it is a number
        e = self.end.toordinal() if self.end else (last.toordinal() + 1 if last else None)
        if e is None:
            return 0
        return max(e - b.toordinal(), 0)


def day_after(d: dt.date) -> dt.date:
    """The exclusive end of a range whose last day is ``d``.

    No entry is dated after :data:`LAST_DAY` (9999-12-30), so for ``d`` = 9999-12-31,
    whose next day Python cannot write, 9999-12-31 itself is an end that leaves out
    no entry: the answer is the same."""
    return d + dt.timedelta(days=1) if d < dt.date.max else d


def days_back(d: dt.date, n: int) -> dt.date:
    """The day ``n`` days before ``d``, held at 0001-01-01 (a window reaching before the
    calendar's first day starts there: no entry can be dated earlier)."""
    if d.toordinal() - n < 1:
        return dt.date.min
    return d - dt.timedelta(days=n)


def _span(begin: dt.date, months: int = 0, days: int = 0) -> "Period":
    """[begin, begin + months/days), its end held at the last representable day."""
    if months:
        y, m = divmod(begin.month - 1 + months, 12)
        if begin.year + y > dt.MAXYEAR:
            return Period(begin, dt.date.max)
        return Period(begin, dt.date(begin.year + y, m + 1, 1))
    if dt.date.max.toordinal() - begin.toordinal() < days:
        return Period(begin, dt.date.max)
    return Period(begin, begin + dt.timedelta(days=days))


def _year(text: str, what: str) -> int:
    y = int(text)
    if y < dt.MINYEAR:
        raise LedgerError(f"{what}: year {text} does not exist (years run 0001 to 9999)")
    return y


_RELATIVE = re.compile(r"(this|last)(year|quarter|month|week)\Z")


def _relative_period(t: str, today: dt.date) -> Period | None:
    """``thismonth``, ``lastyear``, … relative to ``today``; None for other text."""
    m = _RELATIVE.match(t)
    if m is None:
        return None
    back, unit = (1 if m[1] == "last" else 0), m[2]
    if unit == "week":
        return _span(today - dt.timedelta(days=today.weekday() + 7 * back), days=7)
    size = {"year": 12, "quarter": 3, "month": 1}[unit]
    first = (today.month - 1) // size * size - size * back   # months after January of this year
    y, mo = divmod(today.year * 12 + first, 12)
    return _span(dt.date(y, mo + 1, 1), months=size)


def parse_period(text: str, what: str = "--period", today: dt.date | None = None) -> Period:
    """A period of the grammar above as ``Period(begin, end)``; LedgerError otherwise."""
    t = text.strip().lower()
    try:
        rel = _relative_period(t, today or dt.date.today())
    except (ValueError, OverflowError):
        raise LedgerError(f"{what}: {t} is outside the dates jxc carries") from None
    if rel is not None:
        return rel
    if m := re.fullmatch(r"([0-9]{4})", t):
        return _span(dt.date(_year(m[1], what), 1, 1), months=12)
    if m := re.fullmatch(r"([0-9]{4})-?q([0-9])", t):
        if not 1 <= int(m[2]) <= 4:
            raise LedgerError(f"{what}: quarter {m[2]} does not exist in {text.strip()!r} (quarters are 1 to 4)")
        return _span(dt.date(_year(m[1], what), 3 * int(m[2]) - 2, 1), months=3)
    if m := re.fullmatch(r"([0-9]{4})[-/]([0-9]{2})", t):
        if not 1 <= int(m[2]) <= 12:
            raise LedgerError(f"{what}: month {m[2]} does not exist in {text.strip()!r}")
        return _span(dt.date(_year(m[1], what), int(m[2]), 1), months=1)
    if m := re.fullmatch(r"([0-9]{4})-?w([0-9]{2})", t):
        try:
            monday = dt.date.fromisocalendar(_year(m[1], what), int(m[2]), 1)
        except ValueError:
            raise LedgerError(f"{what}: {m[1]} has no ISO week {m[2]}") from None
        return _span(monday, days=7)
    if t in _RELATIVE_DAYS or re.fullmatch(r"[0-9]{4}([-/]?)[0-9]{2}\1[0-9]{2}", t):
        d = parse_date(t, what, today)
        return Period(d, day_after(d))
    raise LedgerError(f"{what} must be {_PERIOD_FORMS}; got {excerpt(text, 40)}")


def make_period(begin: str | None, end: str | None, period: str | None,
                today: dt.date | None = None) -> Period:
    """The period of ``-p`` narrowed by ``-b`` (inclusive) and ``-e`` (exclusive)."""
    p = parse_period(period, today=today) if period else Period()
    b = parse_date(begin, "--begin", today) if begin else p.begin
    e = parse_date(end, "--end", today) if end else p.end
    if b and e and e < b:
        raise LedgerError(f"--end {e} is before --begin {b}")
    return Period(b, e)


def as_of_end(as_of: str | None, today: dt.date | None = None) -> dt.date | None:
    """--as-of D is inclusive: replay entries dated before the day after D."""
    if not as_of:
        return None
    return day_after(parse_date(as_of, "--as-of", today))


def month_key(d: dt.date) -> str:
    """The label of d's month, ``2026-11`` (reads back with ``-p``)."""
    return f"{d.year:04d}-{d.month:02d}"


def week_key(d: dt.date) -> str:
    """The label of d's ISO week, ``2026-W47`` (reads back with ``-p``)."""
    y, w, _ = d.isocalendar()
    return f"{y:04d}-W{w:02d}"
