"""The period lock's digest kept in the replay record: a warm `check` hashes no entry.

`jxc check` of a locked ledger compares every locked entry's fingerprint with
``locked.txt``.  The digest of the entries up to the lock date
(:func:`jxc.ledger.lock.locked_digest`) is kept in the replay record, carried over by
an append after the lock date and by a resume from a checkpoint after it; when it and
``locked.txt`` both match the lock's digest there is nothing to report.  These tests
check that a warm `check` fingerprints nothing, and — differentially, over generated
edits — that `check` with the cache (cold and warm) says exactly what it says without.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jxc.ledger import lock as L

OCTOBER = """\
--- {id: b1, date: 2026-10-05, type: buy, from: hangzhou-tea, to: main, lines: [{item: TEA-001, qty: 10, price: 50.00}]}
--- {id: s1, date: 2026-10-20, type: sell, from: main, to: cafe, lines: [{item: TEA-001, qty: 4, price: 88.00}]}
"""
NOVEMBER = """\
--- {id: s2, date: 2026-11-03, type: sell, from: main, to: cafe, lines: [{item: TEA-001, qty: 1, price: 88.00}]}
"""


@pytest.fixture
def cached(monkeypatch):
    """Records kept even for a ledger this small."""
    monkeypatch.setenv("JXC_CACHE_MIN_BYTES", "0")
    monkeypatch.delenv("JXC_NO_CACHE", raising=False)


def _locked(make_ledger):
    lg = make_ledger(NOVEMBER)
    lg.write_journal(OCTOBER, "2026-10")
    lg.ok("lock", "2026-10-31")
    return lg


def _no_hashing(monkeypatch):
    def refuse(entry):
        raise AssertionError(f"entry {entry.id} fingerprinted on a warm check")
    monkeypatch.setattr(L, "entry_fingerprint", refuse)


def test_a_warm_check_hashes_no_entry(make_ledger, cached, monkeypatch):
    """The first check after the lock hashes b1 and s1 and keeps the digest; the next one,
    and the one after a sale dated after the lock (appended from the records), hash nothing."""
    lg = _locked(make_ledger)
    assert lg.ok("check").stdout.startswith("ok:")
    _no_hashing(monkeypatch)
    assert lg.ok("check").stdout.startswith("ok:")
    lg.ok("sell", "TEA-001", "1@88", "--to", "cafe", "--date", "2026-11-04")
    assert lg.ok("check").stdout.startswith("ok:")


def test_an_edit_of_a_locked_entry_is_seen_on_a_warm_cache(make_ledger, cached):
    """s1's quantity 4 → 3 after a warm check: the record's chain no longer matches, the
    digest is computed again and differs, and the full comparison names the entry."""
    lg = _locked(make_ledger)
    lg.ok("check")
    lg.ok("check")
    lg.write_journal(OCTOBER.replace("qty: 4", "qty: 3"), "2026-10")
    r = lg.run("check")
    assert r.exit_code == 1
    assert r.stderr == ("journal/2026/2026-10.yaml:2: error: locked entry s1 was edited "
                        "after the lock of 2026-10-31\n")


def test_the_digest_is_carried_only_past_the_lock_date():
    """A record's digest survives changes dated after the lock date, not on or before it."""
    import datetime as dt

    from jxc.store.snapshot import carried_lock
    rec = (dt.date(2026, 10, 31), "sha256:x")
    assert carried_lock(rec, dt.date(2026, 11, 1)) == rec
    assert carried_lock(rec, dt.date(2026, 10, 31)) is None
    assert carried_lock(rec, None) is None
    assert carried_lock(None, dt.date(2026, 11, 1)) is None


# One edit of the ledger after the lock: (what, argument).
EDITS = st.sampled_from([
    ("journal", ("2026-10", OCTOBER.replace("qty: 4", "qty: 3"))),          # a locked entry edited
    ("journal", ("2026-10", OCTOBER.splitlines()[0] + "\n")),               # s1 removed
    ("journal", ("2026-10", OCTOBER + OCTOBER.splitlines()[1].replace("s1", "s9") + "\n")),  # one added
    ("journal", ("2026-10", OCTOBER.replace("qty: 4", "qty: 5"))),          # same size
    ("journal", ("2026-11", NOVEMBER.replace("qty: 1", "qty: 2"))),         # after the lock
    ("journal", ("2026-11", NOVEMBER.replace("2026-11-03", "2026-10-30"))),  # re-dated into the lock
    ("sell", "2026-11-05"),                                                  # an append after the lock
    ("sell", "2026-10-31"),                                                  # refused: locked
    ("manifest", "s1 "),                                                     # the evidence edited
])


def _apply(lg, edit):
    what, arg = edit
    if what == "journal":
        lg.write_journal(arg[1], arg[0])
    elif what == "sell":
        lg.run("sell", "TEA-001", "1@88", "--to", "cafe", "--date", arg)
    else:
        m = lg.root / "locked.txt"
        m.write_text(m.read_text().replace(arg, arg + "0"), encoding="utf-8")


def _checks(lg, monkeypatch):
    """`check` with the cache twice (cold or current, then warm) and without it."""
    monkeypatch.delenv("JXC_NO_CACHE", raising=False)
    first, second = lg.run("check"), lg.run("check")
    monkeypatch.setenv("JXC_NO_CACHE", "1")
    plain = lg.run("check")
    monkeypatch.delenv("JXC_NO_CACHE", raising=False)
    return [(r.exit_code, r.stdout, r.stderr) for r in (first, second, plain)]


@pytest.mark.slow
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(EDITS, min_size=1, max_size=3))
def test_check_with_the_kept_digest_equals_check_without_cache(make_ledger, cached, monkeypatch, edits):
    """Differential: after any edits, `check` warm and cold says what the plain path says."""
    lg = _locked(make_ledger)
    lg.run("check")                      # the digest is kept
    for edit in edits:
        _apply(lg, edit)
        first, second, plain = _checks(lg, monkeypatch)
        assert first == plain
        assert second == plain


# -- what else `check` reads from the records -----------------------------------------

DOCS = [
    "--- {id: b2, date: 2026-11-01, type: buy, from: hangzhou-tea, to: main, lines: [{item: TEA-002, qty: 8, price: 30.00}]}\n",
    "--- {date: 2026-11-02, type: sell, from: main, to: cafe, lines: [{item: TEA-002, qty: 1, price: 60.00}]}\n",
    "--- {id: p1, date: 2026-11-06, type: payment, from: cafe, to: bank, amount: 50.00}\n",
    "--- {id: s3, date: 2026-11-07, type: sell, from: main, to: cafe, lines: [{item: TEA-001, qty: 1, price: 88.00}]}\n",
]


def _git_init(root):
    import os
    import subprocess
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run(["git", "-C", str(root), "init", "-q"], check=True, capture_output=True, env=env)


def test_a_warm_check_in_a_git_work_tree_replays_nothing(make_ledger, cached, monkeypatch):
    """Every entry has an id and none is about money: the record says so (ids counted, the
    money flag), so the second `check` neither replays nor reads the per-file summaries."""
    lg = make_ledger(NOVEMBER + DOCS[0] + DOCS[3])
    lg.write_journal(OCTOBER, "2026-10")
    _git_init(lg.root)
    first = lg.run("check")
    assert first.exit_code == 0 and first.stdout.startswith("ok:")
    import jxc.ledger.replay as R
    from jxc.store import cache

    def refuse(*a, **k):
        raise AssertionError("replayed or read the per-file summaries on a warm check")
    monkeypatch.setattr(R, "replay", refuse)
    monkeypatch.setattr(cache, "file_stats", refuse)
    second = lg.run("check")
    assert (second.exit_code, second.stdout, second.stderr) == (0, first.stdout, first.stderr)


@pytest.mark.slow
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(range(len(DOCS))), min_size=1, max_size=4, unique=True), st.booleans(),
       st.sampled_from([None, "2026-11-05", "2026-11-08"]))
def test_check_from_the_records_equals_check_without_cache(make_ledger, cached, monkeypatch, docs, git, sale):
    """Differential: entries with and without ids, with and without money, in and out of a
    git work tree, before and after an appended sale: `check` cold, warm and without the
    cache print the same lines and exit the same."""
    lg = make_ledger(NOVEMBER + "".join(DOCS[i] for i in sorted(docs)))
    lg.write_journal(OCTOBER, "2026-10")
    if git:
        _git_init(lg.root)
    lg.run("check")
    if sale:
        lg.run("sell", "TEA-001", "1@88", "--to", "cafe", "--date", sale)
    first, second, plain = _checks(lg, monkeypatch)
    assert first == plain
    assert second == plain
