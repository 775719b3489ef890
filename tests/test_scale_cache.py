"""The cache of parsed files and replayed results is invisible in every result (SPEC 7).

Each test runs reports with the cache on (forced on for small ledgers) and
compares them with the same reports with ``JXC_NO_CACHE=1``: after the first
run, a warm run, an edit that keeps the size and the mtime, an append, and a
deleted cache.
"""

from __future__ import annotations

import os
import pickle
import shutil

import pytest

from jxc.store import cache, snapshot
from jxc.ledger.files import Ledger

REPORTS = [("stock",), ("stock", "--value"), ("value",), ("profit", "--by", "month"), ("card", "TEA-001"),
           ("balance",), ("check",), ("value", "--costing", "moving-average"), ("stock", "--as-of", "2026-09-15"),
           ("profit", "--by", "item", "-o", "json")]


def months(n_months=4, per_month=6):
    out = {}
    for m in range(n_months):
        month = f"2026-{m + 8:02d}"
        docs = []
        for d in range(per_month):
            day = f"{month}-{d + 1:02d}"
            k = f"{m}{d}"
            docs.append(f"--- {{id: b{k}, date: {day}, type: buy, from: hangzhou-tea, to: main,"
                        f" lines: [{{item: TEA-001, qty: {10 + d}, price: {50 + d}.00}}, {{item: TEA-002, qty: 5, price: 30}}]}}\n")
            docs.append(f"--- {{id: s{k}, date: {day}, type: sell, to: cafe, lines: [{{item: TEA-001, qty: {3 + d}}}]}}\n")
            if d % 3 == 2:
                docs.append(f"--- {{id: t{k}, date: {day}, type: transfer, from: main, to: shop,"
                            f" lines: [{{item: TEA-002, qty: 2}}]}}\n")
        out[month] = "".join(docs)
    return out


@pytest.fixture
def big(make_ledger, monkeypatch):
    monkeypatch.setenv("JXC_CACHE_MIN_BYTES", "0")
    monkeypatch.delenv("JXC_NO_CACHE", raising=False)
    lg = make_ledger()
    for month, text in months().items():
        lg.write_journal(text, month)
    return lg


def outputs(lg, monkeypatch, cached: bool):
    if cached:
        monkeypatch.delenv("JXC_NO_CACHE", raising=False)
    else:
        monkeypatch.setenv("JXC_NO_CACHE", "1")
    out = []
    for args in REPORTS:
        r = lg.run(*args)
        out.append((args, r.exit_code, r.stdout, r.stderr))
    monkeypatch.delenv("JXC_NO_CACHE", raising=False)
    return out


def cache_dir(lg):
    """The ledger's versioned cache folder (in the test's private cache directory)."""
    return cache.folder(Ledger(lg.root)).path


def test_reports_are_the_same_with_and_without_the_cache(big, monkeypatch):
    plain = outputs(big, monkeypatch, cached=False)
    assert not cache_dir(big).exists()
    assert outputs(big, monkeypatch, cached=True) == plain      # cold: builds the cache
    assert cache_dir(big).exists()
    assert outputs(big, monkeypatch, cached=True) == plain      # warm: from the cache
    shutil.rmtree(cache_dir(big))
    assert outputs(big, monkeypatch, cached=True) == plain      # deleted: rebuilt


def test_an_edit_of_the_same_size_and_mtime_is_never_served_stale(big, monkeypatch):
    outputs(big, monkeypatch, cached=True)
    p = big.root / "journal" / "2026" / "2026-09.yaml"
    st = os.stat(p)
    text = p.read_text()
    edited = text.replace("qty: 3}", "qty: 4}", 1)
    assert edited != text and len(edited) == len(text)
    p.write_text(edited)
    os.utime(p, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert os.stat(p).st_mtime_ns == st.st_mtime_ns and os.stat(p).st_size == st.st_size
    assert outputs(big, monkeypatch, cached=True) == outputs(big, monkeypatch, cached=False)


def test_an_edit_of_an_early_month_and_of_the_catalog(big, monkeypatch):
    outputs(big, monkeypatch, cached=True)
    p = big.root / "journal" / "2026" / "2026-08.yaml"
    p.write_text(p.read_text() + "--- {id: w1, date: 2026-08-20, type: writeoff, lines: [{item: TEA-001, qty: 1}]}\n")
    assert outputs(big, monkeypatch, cached=True) == outputs(big, monkeypatch, cached=False)
    cat = big.root / "catalog.yaml"
    cat.write_text(cat.read_text().replace("price: 60.00", "price: 61.00"))
    assert outputs(big, monkeypatch, cached=True) == outputs(big, monkeypatch, cached=False)


def test_an_append_replays_only_the_last_month_and_gives_the_same_reports(big, monkeypatch):
    outputs(big, monkeypatch, cached=True)
    parsed = []
    real = cache.parse_file
    monkeypatch.setattr(cache, "parse_file", lambda lg, path, *a: parsed.append(path.name) or real(lg, path, *a))
    p = big.root / "journal" / "2026" / "2026-11.yaml"    # appended by hand (or by git)
    p.write_text(p.read_text() + "--- {id: h1, date: 2026-11-28, type: sell, to: walk-in,"
                 " lines: [{item: TEA-001, qty: 2}]}\n")
    parsed.clear()
    r = big.ok("stock", "-o", "json")
    assert parsed == ["2026-11.yaml"]
    monkeypatch.setenv("JXC_NO_CACHE", "1")
    assert big.ok("stock", "-o", "json").stdout == r.stdout
    monkeypatch.delenv("JXC_NO_CACHE")
    assert outputs(big, monkeypatch, cached=True) == outputs(big, monkeypatch, cached=False)


def test_a_new_month_resumes_from_the_end(big, monkeypatch):
    outputs(big, monkeypatch, cached=True)
    big.ok("sell", "TEA-001", "1", "--to", "walk-in", "--date", "2026-12-01")
    big.ok("buy", "TEA-001", "1@1", "--from", "fujian-tea", "--date", "2026-12-02")
    assert outputs(big, monkeypatch, cached=True) == outputs(big, monkeypatch, cached=False)


def test_problems_are_the_same_with_and_without_the_cache(big, monkeypatch):
    big.write_journal("--- {id: s00, date: 2026-12-01, type: sell, to: cafe, lines: [{item: TEA-001, qty: 9999}]}\n"
                      "--- {id: x1, date: 2026-12-02, type: return, of: nope, lines: [{item: TEA-001, qty: 1}]}\n",
                      "2026-12")
    plain = outputs(big, monkeypatch, cached=False)
    assert all(code == 1 for _, code, _, _ in plain if _[0] != "card")
    assert outputs(big, monkeypatch, cached=True) == plain
    assert outputs(big, monkeypatch, cached=True) == plain


def test_a_refused_write_leaves_the_cache_as_it_was(big, monkeypatch):
    outputs(big, monkeypatch, cached=True)
    before = {p: p.read_bytes() for p in big.root.rglob("*") if p.is_file() and p.name != ".jxc.lock"}
    r = big.run("sell", "TEA-001", "100000", "--to", "cafe", "--date", "2026-11-29")
    assert r.exit_code == 1 and "below zero" in r.stderr
    after = {p: p.read_bytes() for p in big.root.rglob("*") if p.is_file() and p.name != ".jxc.lock"}
    assert after == before


def test_a_corrupt_or_planted_cache_file_is_a_miss_and_runs_nothing(big, monkeypatch, tmp_path):
    plain = outputs(big, monkeypatch, cached=False)
    outputs(big, monkeypatch, cached=True)
    marker = tmp_path / "pwned"

    class Evil:
        def __reduce__(self):
            return (os.system, (f"touch {marker}",))

    files = sorted(cache_dir(big).rglob("*.pkl"))
    assert files
    for k, f in enumerate(files):
        f.write_bytes(pickle.dumps(Evil()) if k % 2 else f.read_bytes()[: len(f.read_bytes()) // 2])
    assert outputs(big, monkeypatch, cached=True) == plain
    assert not marker.exists()


def test_a_cache_of_another_version_is_not_read(big, monkeypatch):
    outputs(big, monkeypatch, cached=True)
    root = cache_dir(big)
    old = root.parent / "v0-0.0.0-py30"
    shutil.copytree(root, old)
    shutil.rmtree(root)
    # poison the old cache: were it read, stock would be wrong
    rec = old / "replay.pkl"
    rec.write_bytes(b"garbage")
    assert outputs(big, monkeypatch, cached=True) == outputs(big, monkeypatch, cached=False)
    assert root.exists()


def test_parallel_cold_read_gives_the_same_entries(big, monkeypatch):
    monkeypatch.setattr(cache, "PARALLEL_MIN_BYTES", 0)
    lg = Ledger(big.root)
    j = lg.load()
    shutil.rmtree(cache_dir(big), ignore_errors=True)
    monkeypatch.setenv("JXC_NO_CACHE", "1")
    j2 = Ledger(big.root).load()
    assert [(e.id, e.date, e.file, e.pos, e.line) for e in j.entries] == \
        [(e.id, e.date, e.file, e.pos, e.line) for e in j2.entries]


def test_lazy_replay_answers_from_records_and_replays_on_demand(big, monkeypatch):
    outputs(big, monkeypatch, cached=True)
    lg = Ledger(big.root)
    r = snapshot.replayed(lg)
    assert isinstance(r, snapshot.LazyReplayed) and not r.loaded
    n = len(r.moves)
    assert not r.loaded               # the count comes from the record
    assert len(list(r.moves)) == n and r.loaded


def test_an_append_is_checked_against_the_records_and_refused_like_before(big, monkeypatch):
    from jxc.write import commit
    outputs(big, monkeypatch, cached=True)
    calls = []
    real = commit.validate
    monkeypatch.setattr(commit, "validate", lambda *a, **k: calls.append(1) or real(*a, **k))
    big.ok("stock")
    big.ok("value")                     # both records are current now
    calls.clear()
    big.ok("sell", "TEA-001", "1", "--to", "walk-in", "--date", "2026-11-29")
    assert calls == []                  # proven clean from the records: no full validation
    big.ok("stock")
    big.ok("value")
    r = big.run("sell", "TEA-001", "100000", "--to", "walk-in", "--date", "2026-11-30")
    assert r.exit_code == 1 and "below zero" in r.stderr and calls == [1]
    big.ok("sell", "TEA-001", "1", "--to", "walk-in", "--date", "2026-08-03")   # back-dated, from the summaries
    assert calls == [1]
    assert outputs(big, monkeypatch, cached=True) == outputs(big, monkeypatch, cached=False)


def test_fast_insert_is_insert_entries_on_canonical_files():
    import datetime as dt
    from jxc.write.commit import fast_insert
    from jxc.write.writer import insert_entries
    text = ("# head\n--- {id: a, date: 2026-11-02, type: open, lines: [{item: X, qty: 1, price: 1}]}\n"
            "--- {id: b, date: 2026-11-05, type: open, lines: [{item: X, qty: 1, price: 1}]}\n\n"
            "# c\n--- {id: c, date: 2026-11-09, type: open, lines: [{item: X, qty: 1, price: 1}]}\n")
    for day in (1, 2, 3, 5, 7, 9, 30):
        d = dt.date(2026, 11, day)
        doc = f"--- {{id: n, date: {d}, type: open, lines: [{{item: X, qty: 1, price: 1}}]}}\n"
        assert fast_insert(text, "f", [(d, doc)]) == insert_entries(text, "f", [(d, doc)])
        assert fast_insert("", "f", [(d, doc)]) == insert_entries("", "f", [(d, doc)])
    multi = "---\nid: a\ndate: 2026-11-05\n"
    d = dt.date(2026, 11, 1)
    assert fast_insert(multi, "f", [(d, "--- {id: n}\n")]) == insert_entries(multi, "f", [(d, "--- {id: n}\n")])


def test_the_catalog_comes_from_the_cache_only_while_its_bytes_are_the_same(big, monkeypatch):
    outputs(big, monkeypatch, cached=True)
    lg = Ledger(big.root)
    snapshot.prime_catalog(lg)
    assert lg.catalog_loaded and lg.catalog.items == Ledger(big.root).catalog.items
    cat = big.root / "catalog.yaml"
    cat.write_text(cat.read_text().replace("Gaiwan cup", "Gaiwan bowl"))
    lg = Ledger(big.root)
    snapshot.prime_catalog(lg)
    assert lg.catalog.items["CUP-01"].name == "Gaiwan bowl"


def test_move_values_come_from_the_costing_record_and_match(big, monkeypatch):
    from jxc.ledger.costing import cost
    outputs(big, monkeypatch, cached=True)
    lg = Ledger(big.root)
    r = snapshot.replayed(lg)
    c = snapshot.costed(lg, r)
    assert isinstance(c, snapshot.LazyCosting) and not c.loaded
    values = c.values
    assert not c.loaded
    monkeypatch.setenv("JXC_NO_CACHE", "1")
    lg2 = Ledger(big.root)
    real = cost(lg2.replay())
    assert values == real.values
    assert [(m.item, m.qty, m.kind) for m in r.moves] == [(m.item, m.qty, m.kind) for m in real.replayed.moves]


def test_a_back_dated_sale_is_checked_at_every_later_point_of_its_pool(big, monkeypatch):
    from jxc.write import commit
    calls = []
    real = commit.validate
    monkeypatch.setattr(commit, "validate", lambda *a, **k: calls.append(1) or real(*a, **k))

    def warm():
        big.ok("stock")
        big.ok("value")
        calls.clear()

    def lowest_from(day):
        """The lowest balance of TEA-002 at main from just after the entries of ``day`` on."""
        import datetime as dt
        monkeypatch.setenv("JXC_NO_CACHE", "1")
        r = Ledger(big.root).replay()
        monkeypatch.delenv("JXC_NO_CACHE")
        d = dt.date.fromisoformat(day)
        run = before = 0
        later = []
        for m in r.moves:
            if m.item != "TEA-002":
                continue
            run += m.qty if m.dst == "location:main" else -m.qty if m.src == "location:main" else 0
            if m.entry.date <= d:
                before = run
            else:
                later.append(run)
        return min([before] + later)

    warm()
    too_much = lowest_from("2026-09-01") + 1
    r = big.run("sell", "TEA-002", str(too_much), "--to", "cafe", "--date", "2026-09-01")
    assert r.exit_code == 1 and "below zero" in r.stderr, r
    assert calls == [1]                                 # refused by the full check, with its message
    warm()
    big.ok("sell", "TEA-002", str(too_much - 1), "--to", "cafe", "--date", "2026-09-01")
    assert calls == []                                  # accepted from the summaries alone
    assert outputs(big, monkeypatch, cached=True) == outputs(big, monkeypatch, cached=False)
    warm()
    r = big.run("sell", "TEA-002", "1", "--to", "cafe", "--date", "2026-08-30")
    assert r.exit_code == 1 and "below zero" in r.stderr, r


def test_a_back_dated_sale_before_a_count_is_validated_in_full(big, monkeypatch):
    from jxc.write import commit
    big.ok("count", "TEA-002", "3", "--at", "main", "--date", "2026-11-30")
    big.ok("stock")
    big.ok("value")
    calls = []
    real = commit.validate
    monkeypatch.setattr(commit, "validate", lambda *a, **k: calls.append(1) or real(*a, **k))
    big.ok("sell", "TEA-002", "1", "--to", "cafe", "--date", "2026-09-02")
    assert calls == [1]
    assert outputs(big, monkeypatch, cached=True) == outputs(big, monkeypatch, cached=False)


def test_a_back_dated_sale_that_empties_a_later_point_is_refused(big, monkeypatch):
    from jxc.write import commit
    final = sum(r["qty"] for r in big.json("stock", "TEA-002", "--at", "main"))
    big.ok("sell", "TEA-002", str(final - 1), "--to", "cafe", "--date", "2026-11-06")   # 1 left at the end
    big.ok("stock")
    big.ok("value")
    calls = []
    real = commit.validate
    monkeypatch.setattr(commit, "validate", lambda *a, **k: calls.append(1) or real(*a, **k))
    r = big.run("sell", "TEA-002", "2", "--to", "cafe", "--date", "2026-09-01")   # fine then, not at the end
    assert r.exit_code == 1 and "below zero on 2026-11-06" in r.stderr, r
    assert calls == [1]
    big.ok("stock")
    big.ok("value")
    calls.clear()
    big.ok("sell", "TEA-002", "1", "--to", "cafe", "--date", "2026-09-01")
    assert calls == []
    assert outputs(big, monkeypatch, cached=True) == outputs(big, monkeypatch, cached=False)


def test_a_clean_write_carries_the_records_over_and_the_next_one_is_fast_too(big, monkeypatch):
    from jxc.write import commit
    big.ok("stock")
    big.ok("value")
    calls, parsed = [], []
    real = commit.validate
    monkeypatch.setattr(commit, "validate", lambda *a, **k: calls.append(1) or real(*a, **k))
    real_parse = cache.parse_file
    monkeypatch.setattr(cache, "parse_file", lambda lg, path, *a: parsed.append(path.name) or real_parse(lg, path, *a))
    big.ok("sell", "TEA-001", "1", "--to", "walk-in", "--date", "2026-11-29")
    big.ok("buy", "TEA-002", "3@2", "--from", "fujian-tea", "--date", "2026-11-30")
    big.ok("sell", "TEA-002", "2", "--to", "cafe", "--date", "2026-12-01")        # a new file
    big.ok("sell", "TEA-002", "1", "--to", "cafe", "--date", "2026-10-15")        # back-dated
    assert calls == []
    parsed.clear()
    r = big.ok("stock", "-o", "json")
    assert parsed == []                                   # the record was carried over: nothing re-read
    monkeypatch.setenv("JXC_NO_CACHE", "1")
    assert big.ok("stock", "-o", "json").stdout == r.stdout
    monkeypatch.delenv("JXC_NO_CACHE")
    assert outputs(big, monkeypatch, cached=True) == outputs(big, monkeypatch, cached=False)


def test_an_unchanged_file_is_known_by_its_stat_and_an_edit_is_still_seen(big, monkeypatch):
    monkeypatch.setattr(cache, "RACY_NS", -10**18)       # trust stats at once (normally: after 3 s)
    plain = outputs(big, monkeypatch, cached=False)
    outputs(big, monkeypatch, cached=True)
    hashed = []
    real = cache.digest
    monkeypatch.setattr(cache, "digest", lambda data: hashed.append(len(data)) or real(data))
    assert outputs(big, monkeypatch, cached=True) == plain
    assert hashed == []                                   # nothing re-read, nothing re-hashed
    p = big.root / "journal" / "2026" / "2026-09.yaml"
    st = os.stat(p)
    text = p.read_text()
    edited = text.replace("qty: 3}", "qty: 4}", 1)
    p.write_text(edited)
    os.utime(p, ns=(st.st_atime_ns, st.st_mtime_ns))     # same size, same mtime: the ctime moved
    assert outputs(big, monkeypatch, cached=True) == outputs(big, monkeypatch, cached=False) != plain


def test_a_file_hashed_just_after_it_was_written_is_hashed_again(big, monkeypatch):
    outputs(big, monkeypatch, cached=True)                # files written a moment ago: racy
    hashed = []
    real = cache.digest
    monkeypatch.setattr(cache, "digest", lambda data: hashed.append(len(data)) or real(data))
    big.ok("stock")
    assert len(hashed) >= 4
