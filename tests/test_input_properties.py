"""Properties of every input rule: each reader either answers or refuses in words, and
every fast path gives the plain path's answer.  Bounded: max_examples per property."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from jxc.errors import LedgerError
from jxc.ledger.files import Ledger
from jxc.ledger.journal import parse_text
from jxc.ledger.names import name_problem, skeleton
from jxc.ledger.yamlread import decode_text
from jxc.numbers import MAX_PLACES, MAX_WHOLE_DIGITS, NumberError, read_decimal
from jxc.reports.period import Period, day_after, month_key, parse_date, parse_period, week_key
from jxc.store.fastparse import parse_canonical
from jxc.write.intake import Refused, read_json_line

BOUNDED = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# text that looks like numbers, in every way people (and attackers) write them
DIGITS = st.sampled_from("0123456789٠١٢٣٤٥٦٧٨٩０１２３４５６７８９۱۲१२")
NUMBERISH = st.one_of(
    st.text(alphabet=st.sampled_from("0123456789.-+_eE ١２"), max_size=40),
    st.text(max_size=12),
    st.builds(lambda a, b: a + "." + b, st.text(DIGITS, max_size=15), st.text(DIGITS, max_size=9)),
    st.integers(min_value=-10**40, max_value=10**40).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
)


def _in_range():
    whole = st.integers(min_value=0, max_value=10**MAX_WHOLE_DIGITS - 1)
    places = st.integers(min_value=0, max_value=MAX_PLACES)
    return st.builds(lambda w, p, f: f"{w}.{str(f % 10**p).zfill(p)}" if p else str(w),
                     whole, places, st.integers(min_value=0, max_value=10**MAX_PLACES))


@BOUNDED
@given(NUMBERISH)
def test_read_decimal_answers_or_refuses_in_words(text):
    """Any text: an exact Decimal of ASCII digits within the range, or a NumberError."""
    try:
        d = read_decimal(text)
    except NumberError as e:
        assert str(e) and len(str(e)) < 200
        return
    assert text.isascii() and "_" not in text and "e" not in text.lower()
    assert Fraction(text) == Fraction(d)


@BOUNDED
@given(st.lists(_in_range(), min_size=1, max_size=60))
def test_sums_of_numbers_in_range_are_exact_in_the_default_context(texts):
    """Why the range: a plain ``sum`` (28 digits) of in-range numbers loses no digit."""
    assert Fraction(sum(read_decimal(t) for t in texts)) == sum(Fraction(t) for t in texts)


@pytest.fixture(scope="module")
def ledger(tmp_path_factory):
    from conftest import CATALOG, SETTINGS
    root = tmp_path_factory.mktemp("props")
    (root / "journal").mkdir()
    (root / "jxc.yaml").write_text(SETTINGS.format(costing="fifo", cost_pool="location", negative_stock="forbid"))
    (root / "catalog.yaml").write_text(CATALOG, encoding="utf-8")
    return Ledger(root)


@BOUNDED
@given(qty=st.one_of(NUMBERISH.filter(lambda s: s and "," not in s and "}" not in s), _in_range()),
       price=st.one_of(NUMBERISH.filter(lambda s: s and "," not in s and "}" not in s), _in_range()),
       unit=st.booleans())
def test_the_fast_reader_refuses_what_the_strict_reader_refuses(ledger, qty, price, unit):
    """Fast path against plain path: same entries, or the fast reader declines."""
    u = "unit: case, " if unit else ""
    text = (f"--- {{id: a1, date: 2026-11-02, type: buy, from: hangzhou-tea, to: main, "
            f"lines: [{{item: TEA-001, qty: {qty}, {u}price: {price}}}]}}\n")
    problems: list = []
    try:
        strict = parse_text(text, "j.yaml", ledger.catalog, ledger.settings, problems)
    except LedgerError as e:
        strict, problems = [], [e.problem]
    fast = parse_canonical(text, "j.yaml", ledger.catalog, ledger.settings)
    if problems:
        assert fast is None
    elif fast is not None:
        assert [(ln.qty, ln.price, ln.base_qty) for e in fast for ln in e.lines] == \
               [(ln.qty, ln.price, ln.base_qty) for e in strict for ln in e.lines]


DATES = st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31))


@BOUNDED
@given(DATES)
def test_every_spelling_of_a_day_and_every_label_reads_back(d):
    iso = f"{d.year:04d}-{d.month:02d}-{d.day:02d}"
    assert parse_date(iso) == parse_date(iso.replace("-", "/")) == parse_date(iso.replace("-", "")) == d
    assert parse_period(iso) == Period(d, day_after(d))
    for label in (month_key(d), week_key(d), f"{d.year:04d}", f"{d.year:04d}-Q{(d.month - 1) // 3 + 1}"):
        p = parse_period(label)
        assert p.begin <= d and (d < p.end or p.end == dt.date.max), label
        assert p.days(None, None) >= 1


@BOUNDED
@given(st.one_of(st.text(max_size=20), st.text(alphabet="0123456789-/QqWw ", max_size=12)),
       DATES)
def test_any_date_or_period_text_answers_or_refuses_in_one_line(text, today):
    for parse in (lambda: parse_date(text, "--date", today), lambda: parse_period(text, today=today)):
        try:
            parse()
        except LedgerError as e:
            assert "\n" not in str(e) and len(str(e)) < 300


JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=8)
                    | st.decimals(allow_nan=False, allow_infinity=False).map(lambda d: Decimal(d)),
                    lambda kids: st.lists(kids, max_size=4)
                    | st.dictionaries(st.sampled_from(["date", "type", "lines", "qty", "item", "x y"]), kids,
                                      max_size=5),
                    max_leaves=20)


@pytest.mark.slow
@BOUNDED
@given(st.one_of(JSON.map(lambda v: json.dumps(v, default=str)), st.text(max_size=60)))
def test_a_json_line_is_an_entry_shape_or_a_reason(line):
    """Any text or JSON value: a dict of plain keys and scalar values (lines: a list of
    dicts of scalars), or Refused with a one-line reason — never another exception."""
    try:
        obj = read_json_line(line)
    except Refused as e:
        assert str(e) and "\n" not in str(e).replace("\\n", "")
        return
    assert isinstance(obj, dict)
    for k, v in obj.items():
        if k == "lines":
            assert all(isinstance(ln, dict) and not any(isinstance(x, (dict, list)) for x in ln.values())
                       for ln in v)
        else:
            assert not isinstance(v, (dict, list))


@BOUNDED
@given(st.text(max_size=12))
def test_names_are_valid_or_refused_and_skeletons_are_stable(name):
    problem = name_problem(name)
    assert problem is None or isinstance(problem, str)
    if problem is None:
        assert name and not any(c.isspace() or c == ":" for c in name)
    assert skeleton(skeleton(name)) == skeleton(name)


@BOUNDED
@given(st.binary(max_size=80))
def test_bytes_decode_or_are_refused_at_their_line(data):
    try:
        text = decode_text(data, "f.yaml")
    except LedgerError as e:
        bad = len(data.decode("utf-8", "replace").encode()) and _first_bad(data)
        assert e.problem.line == data.count(b"\n", 0, bad) + 1
        return
    assert text == data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")


def _first_bad(data: bytes) -> int:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as e:
        return e.start
    return len(data)
