"""The cache is never believed blindly.

It lives outside the ledger (the user's cache directory; ``JXC_CACHE_DIR`` in
tests), and every file is authenticated (HMAC-SHA256 under a per-user key) and
shape-checked before use.  A planted, edited, copied, foreign, damaged or
wrong-shaped record is a miss: the report is rebuilt from the journal and says
exactly what it says with the cache off.
"""

from __future__ import annotations

import os
import pickle
import shutil
import stat
from pathlib import Path

import pytest

from jxc.ledger.files import Ledger
from jxc.store import cache, sealed

JOURNAL = """\
--- {id: b1, date: 2026-11-01, type: buy, from: hangzhou-tea, to: main, lines: [{item: TEA-001, qty: 70, price: 50.00}]}
--- {id: s1, date: 2026-11-02, type: sell, to: cafe, lines: [{item: TEA-001, qty: 4}]}
"""
REPORTS = [("stock",), ("stock", "--value"), ("value",), ("check",), ("profit", "--by", "item"),
           ("card", "TEA-001")]


@pytest.fixture
def lg(make_ledger, monkeypatch):
    monkeypatch.setenv("JXC_CACHE_MIN_BYTES", "0")
    monkeypatch.delenv("JXC_NO_CACHE", raising=False)
    return make_ledger(JOURNAL)


def outputs(lg, monkeypatch, cached=True):
    if not cached:
        monkeypatch.setenv("JXC_NO_CACHE", "1")
    out = [(a, *(lambda r: (r.exit_code, r.stdout, r.stderr))(lg.run(*a))) for a in REPORTS]
    monkeypatch.delenv("JXC_NO_CACHE", raising=False)
    return out


def folder(lg) -> sealed.Folder:
    return cache.folder(Ledger(lg.root))


def body(lg, name):
    """A record as stored, MAC removed and unpickled."""
    return sealed.loads(folder(lg).read_body(name))


def stock_of_tea(lg) -> str:
    return lg.json("stock", "TEA-001")[0]["qty"]


def test_the_cache_lives_outside_the_ledger_in_a_private_folder(lg, monkeypatch, private_cache_dir):
    """After reports with the cache on, the ledger's folder holds only what it held (and the
    writers' lock); the cache is under $JXC_CACHE_DIR, its key 0600 in a 0700 folder."""
    before = set(lg.snapshot())
    outputs(lg, monkeypatch)
    assert set(lg.snapshot()) == before
    f = folder(lg)
    assert f.path.is_relative_to(private_cache_dir) and (f.path / "replay.pkl").exists()
    assert stat.S_IMODE((private_cache_dir / "key").stat().st_mode) == 0o600
    assert stat.S_IMODE(f.path.parent.stat().st_mode) == 0o700


def test_an_edited_record_is_a_miss(lg, monkeypatch):
    """The issue's attack: a record made of allowed classes with the right keys, edited in
    place (stock 123456 where the journal says 66, no problems on a ledger with an oversell).
    Its MAC no longer matches: ignored and rebuilt."""
    lg.write_journal(JOURNAL + "--- {id: s2, date: 2026-11-03, type: sell, to: cafe,"
                               " lines: [{item: TEA-001, qty: 100}]}\n")
    plain = outputs(lg, monkeypatch, cached=False)
    assert plain[3][1] == 1                                      # check finds the oversell
    outputs(lg, monkeypatch)
    path = folder(lg).path / "replay.pkl"
    data = path.read_bytes()
    rec = sealed.loads(data[sealed.MAC_BYTES:])
    rec["balances"][("location:main", "TEA-001")] = rec["balances"][("location:main", "TEA-001")] + 123456
    rec["problems"] = []
    path.write_bytes(data[:sealed.MAC_BYTES] + sealed.dumps(rec))
    assert outputs(lg, monkeypatch) == plain


def test_a_planted_record_sealed_without_the_key_is_a_miss(lg, monkeypatch):
    """A record written by someone without the user's key (here: sealed under another key)."""
    plain = outputs(lg, monkeypatch, cached=False)
    outputs(lg, monkeypatch)
    rec = body(lg, "replay.pkl")
    rec["balances"][("location:main", "TEA-001")] = sealed.loads(sealed.dumps(rec["balances"]))[
        ("location:main", "TEA-001")] * 1000
    forged = b"\0" * sealed.MAC_BYTES + sealed.dumps(rec)
    (folder(lg).path / "replay.pkl").write_bytes(forged)
    assert stock_of_tea(lg) == 66
    assert outputs(lg, monkeypatch) == plain


def test_a_record_copied_from_another_ledger_is_a_miss(make_ledger, lg, monkeypatch):
    """Ledger B is a byte-for-byte copy of ledger A in another folder; A's cache folder copied
    into B's place is not believed (every file is bound to its ledger's real path): B parses
    its journal itself."""
    outputs(lg, monkeypatch)
    other = make_ledger(JOURNAL)
    shutil.copytree(folder(lg).path, folder(other).path)
    parsed = []
    real = cache.parse_file
    monkeypatch.setattr(cache, "parse_file", lambda led, path, *a: parsed.append(path.name) or real(led, path, *a))
    assert outputs(other, monkeypatch) == outputs(lg, monkeypatch)
    assert parsed == ["2026-11.yaml"]


def test_a_record_moved_to_another_name_is_a_miss(lg, monkeypatch):
    """The name of a file inside the cache is sealed too: a clean record put in place of another
    (here the catalog record where the replay record belongs) is a miss, not a traceback."""
    plain = outputs(lg, monkeypatch, cached=False)
    outputs(lg, monkeypatch)
    f = folder(lg).path
    shutil.copyfile(f / "catalog.pkl", f / "replay.pkl")
    assert outputs(lg, monkeypatch) == plain


def test_records_sealed_under_another_users_key_are_misses(lg, monkeypatch, private_cache_dir):
    """A new key (another user's cache, or a key replaced) makes every old record a miss."""
    plain = outputs(lg, monkeypatch, cached=False)
    outputs(lg, monkeypatch)
    (private_cache_dir / "key").unlink()
    sealed.forget_keys()
    assert outputs(lg, monkeypatch) == plain


def test_a_key_others_can_read_is_replaced(lg, monkeypatch, private_cache_dir):
    """A key file readable by others cannot vouch for anything: a new key is made (0600)."""
    outputs(lg, monkeypatch)
    key = private_cache_dir / "key"
    old = key.read_bytes()
    os.chmod(key, 0o644)
    sealed.forget_keys()
    plain = outputs(lg, monkeypatch, cached=False)
    assert outputs(lg, monkeypatch) == plain
    assert key.read_bytes() != old and stat.S_IMODE(key.stat().st_mode) == 0o600


WRONG_SHAPES = [
    ("stat-index.pkl", {"journal/2026/2026-11.yaml": 5}),
    ("stat-index.pkl", ["journal/2026/2026-11.yaml"]),
    ("replay.pkl", {"ctx": "x", "chain": 5}),
    ("replay.pkl", None),
    ("checkpoints.pkl", {"ctx": "x", "checkpoints": {(): 1}}),
    ("cost-fifo.pkl", {"ctx": "x", "pools": 3}),
    ("clean.pkl", {"ctx": 1, "chain": ()}),
    ("catalog.pkl", {"ctx": "x", "catalog": "not a catalog"}),
]


@pytest.mark.parametrize("name,value", WRONG_SHAPES, ids=lambda v: str(v)[:30])
def test_an_authentic_record_of_the_wrong_shape_is_a_miss(lg, monkeypatch, name, value):
    """Another build's record (authentic: sealed with the user's key) of another shape: a miss,
    never a TypeError on every report."""
    plain = outputs(lg, monkeypatch, cached=False)
    outputs(lg, monkeypatch)
    f = folder(lg)
    f.write_now(name, sealed.dumps(value))
    assert f.read_body(name) is not None                         # it is authentic
    assert outputs(lg, monkeypatch) == plain


def test_authentic_records_of_the_right_keys_but_the_ledger_changed_are_misses(lg, monkeypatch):
    """The replay record of the ledger as it was, after the journal changed: stale, a miss."""
    outputs(lg, monkeypatch)
    old = (folder(lg).path / "replay.pkl").read_bytes()
    lg.write_journal(JOURNAL + "--- {id: s2, date: 2026-11-03, type: sell, to: cafe,"
                               " lines: [{item: TEA-001, qty: 6}]}\n")
    (folder(lg).path / "replay.pkl").write_bytes(old)
    assert stock_of_tea(lg) == 60


@pytest.mark.parametrize("damage", ["truncate", "flip", "empty", "garbage"])
def test_a_damaged_file_is_a_miss(lg, monkeypatch, damage):
    """Every cache file torn, with a flipped byte, emptied, or replaced by garbage."""
    plain = outputs(lg, monkeypatch, cached=False)
    outputs(lg, monkeypatch)
    files = sorted(p for p in folder(lg).path.rglob("*.pkl"))
    assert len(files) >= 5
    for p in files:
        data = p.read_bytes()
        p.write_bytes({"truncate": data[: len(data) // 2], "flip": data[:-1] + bytes([data[-1] ^ 1]),
                       "empty": b"", "garbage": pickle.dumps(("x", 1))}[damage])
    assert outputs(lg, monkeypatch) == plain


def test_a_cache_directory_that_cannot_be_written_only_costs_time(lg, monkeypatch, tmp_path):
    """JXC_CACHE_DIR pointing at a file (no key can be made there): reports as without cache."""
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    monkeypatch.setenv("JXC_CACHE_DIR", str(blocker))
    plain = outputs(lg, monkeypatch, cached=False)
    assert outputs(lg, monkeypatch) == plain


def test_cache_dir_and_clear(lg, monkeypatch, private_cache_dir):
    """`jxc cache dir` names the ledger's folder under the cache directory; `jxc cache clear`
    deletes it (and says how many files), after which reports are the same."""
    plain = outputs(lg, monkeypatch, cached=False)
    outputs(lg, monkeypatch)
    d = lg.ok("cache", "dir").stdout.strip()
    assert d == str(private_cache_dir / sealed.ledger_id(lg.root)) and folder(lg).path.parent == Path(d)
    n = sum(1 for p in Path(d).rglob("*") if p.is_file())
    assert n >= 5
    assert lg.ok("cache", "clear").stdout == f"deleted {n} cache files from {d}\n"
    assert not Path(d).exists()
    assert lg.ok("cache", "clear").stdout == f"deleted 0 cache files from {d}\n"
    assert outputs(lg, monkeypatch) == plain
