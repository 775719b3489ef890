"""Start-up: a command's arguments are converted without pydantic, with typer's messages.

typer converts parameter values through pydantic; :mod:`jxc.cli.params` converts the
plain ones (str, bool, bounded int, Literal choices, lists of str) itself and leaves
every value it is not sure of to typer.  These tests check that a report never imports
pydantic, and — differentially, on generated values — that the plain conversion gives
exactly typer's answer: the same value, or the same error message.
"""

from __future__ import annotations

import subprocess
import sys
from typing import List, Literal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer._click.exceptions import BadParameter
from typer._coercion import build_runtime_param, resolve_type_descriptor
from typer.models import OptionInfo

from jxc.cli.params import plain_param

JOURNAL = """\
--- {id: b1, date: 2026-11-02, type: buy, from: hangzhou-tea, to: main, lines: [{item: TEA-001, qty: 10, price: 50.00}]}
"""

PROBE = """\
import sys
from jxc.launch import main
sys.argv = ["jxc", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
print("yaml loaded" if "yaml" in sys.modules else "yaml not loaded", file=sys.stderr)
print("pydantic loaded" if "pydantic" in sys.modules else "pydantic not loaded", file=sys.stderr)
"""


def _probe(root, *args, env=None):
    return subprocess.run([sys.executable, "-c", PROBE, "-L", str(root), *args],
                          capture_output=True, text=True, timeout=120, env=env)


@pytest.mark.slow
@pytest.mark.parametrize("args", [("stock",), ("stock", "-o", "csv", "-w", "80"), ("value", "--by", "item"),
                                  ("profit", "--by", "month"), ("card", "TEA-001"), ("check",),
                                  ("sell", "TEA-001", "1", "--to", "walk-in", "--dry-run"),
                                  ("stock", "--help")])
def test_commands_do_not_load_pydantic(make_ledger, args):
    """Every argument of these commands is plain: pydantic (~0.1–0.3 s to import) stays out."""
    lg = make_ledger(JOURNAL)
    r = _probe(lg.root, *args)
    assert r.stderr.strip().splitlines()[-1] == "pydantic not loaded", r.stderr


def test_stock_does_not_load_pydantic(make_ledger):
    """The quick loop's one probe of the above: the commonest report."""
    lg = make_ledger(JOURNAL)
    assert _probe(lg.root, "stock").stderr.strip().splitlines()[-1] == "pydantic not loaded"


def test_a_warm_report_parses_no_yaml(make_ledger, monkeypatch):
    """With records kept, the second `stock` takes the catalog and jxc.yaml from the cache:
    PyYAML is not even imported.  A changed jxc.yaml is read again (costing fifo → lifo:
    the value of 10 + 5 boxes bought at 50.00 then 56.00, 6 sold, is 9 × 50.00 = 450.00
    under LIFO, against 4 × 50.00 + 5 × 56.00 = 480.00 under FIFO)."""
    import os
    lg = make_ledger(JOURNAL + "--- {id: b2, date: 2026-11-03, type: buy, from: hangzhou-tea, to: main,"
                               " lines: [{item: TEA-001, qty: 5, price: 56.00}]}\n"
                               "--- {id: s1, date: 2026-11-04, type: sell, from: main, to: cafe,"
                               " lines: [{item: TEA-001, qty: 6, price: 88.00}]}\n")
    env = {**os.environ, "JXC_CACHE_MIN_BYTES": "0"}
    env.pop("JXC_NO_CACHE", None)
    _probe(lg.root, "stock", env=env)
    r = _probe(lg.root, "stock", env=env)
    assert r.stderr.strip().splitlines()[-2:] == ["yaml not loaded", "pydantic not loaded"], r.stderr
    monkeypatch.setenv("JXC_CACHE_MIN_BYTES", "0")
    assert lg.ok("value", "-o", "csv").stdout.splitlines()[1].endswith(",480.00")
    settings = lg.root / "jxc.yaml"
    settings.write_text(settings.read_text().replace("costing: fifo", "costing: lifo"))
    assert lg.ok("value", "-o", "csv").stdout.splitlines()[1].endswith(",450.00")


def test_a_bad_value_gets_typers_message(make_ledger):
    """-w has a lower bound of 20: 5 is refused with typer's own words, exit 2."""
    lg = make_ledger(JOURNAL)
    r = lg.run("-w", "5", "stock")
    assert r.exit_code == 2
    assert r.stderr.startswith("jxc: error: Invalid value for '--width' / '-w': ")
    assert "greater than or equal to 20" in r.stderr
    r = lg.run("turnover", "--by", "shelf")
    assert r.exit_code == 2
    assert "Invalid value for '--by'" in r.stderr and "'item'" in r.stderr


ANNOTATIONS = [
    (str, OptionInfo()),
    (bool, OptionInfo()),
    (int, OptionInfo(min=20)),
    (int, OptionInfo()),
    (Literal["item", "month", "week"], OptionInfo()),
    (List[str], OptionInfo()),
]
VALUES = st.one_of(st.text(max_size=6), st.sampled_from(["20", "019", "-3", "+5", " 21", "1_000", "٢٥",
                                                          "item", "Item", "month", "true", "0"]),
                   st.integers(-50, 50), st.booleans(), st.none(),
                   st.lists(st.one_of(st.text(max_size=4), st.integers(0, 3)), max_size=3).map(tuple))


class _Param:
    """What the converters read of a parameter: its descriptor, nothing else."""

    def __init__(self, descriptor, multiple):
        self.type_descriptor = descriptor
        self.multiple = multiple
        self.nargs = 1


def _outcome(convert, value, param):
    try:
        return ("value", convert(value, param=param, ctx=None))
    except BadParameter as e:
        return ("error", e.message)
    except Exception as e:     # typer's converter may fail on odd input: the plain one must too
        return ("raised", type(e).__name__)


@pytest.mark.slow
@settings(max_examples=400, deadline=None)
@given(st.sampled_from(range(len(ANNOTATIONS))), VALUES)
def test_plain_conversion_equals_typers(which, value):
    """Differential: PlainParam gives typer's value or typer's error for any value."""
    annotation, info = ANNOTATIONS[which]
    descriptor = resolve_type_descriptor(annotation, info)
    plain = plain_param(descriptor)
    assert plain is not None
    param = _Param(descriptor, multiple=annotation is List[str])
    theirs = _outcome(build_runtime_param(descriptor).coerce, value, param)
    ours = _outcome(plain.coerce, value, param)
    assert ours == theirs
    if theirs[0] == "value":
        assert type(ours[1]) is type(theirs[1])
