"""Files are what they claim: links out of the ledger, FIFOs, folders that are files,
line ends, comments kept by fmt, fmt --check without write access."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from hypothesis import given, settings, strategies as st

from jxc.ledger.files import MAX_FILE_BYTES

JXC = [sys.executable, "-m", "jxc"]
BUY = "--- {id: b1, date: 2026-11-02, type: buy, from: hangzhou-tea, to: main, lines: [{item: TEA-001, qty: 10, price: 50}]}\n"
SECRET = "[default]\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/SECRETKEY\n"


@pytest.fixture(params=["plain", "cache"])
def both_paths(request, monkeypatch):
    """Each test runs on the plain reader and on the cached fast path (threshold 0)."""
    if request.param == "cache":
        monkeypatch.setenv("JXC_CACHE_MIN_BYTES", "0")
    return request.param


def test_a_journal_file_linked_outside_is_refused_and_never_printed(make_ledger, tmp_path, both_paths):
    """journal/2026/zz.yaml -> a credentials file outside: refused by name, its content
    never read, so never printed (the secret is not on stderr)."""
    lg = make_ledger(BUY)
    outside = tmp_path / "credentials"
    outside.write_text(SECRET)
    (lg.root / "journal" / "2026" / "zz.yaml").symlink_to(outside)
    for cmd in (["check"], ["stock"], ["print"]):
        r = lg.run(*cmd)
        assert r.exit_code == 1, r
        assert r.stderr == ("journal/2026/zz.yaml: error: refused: a link to a file outside the ledger"
                            " folder (jxc reads only files inside the ledger)\n"), r
        assert "SECRET" not in r.stdout + r.stderr


def test_a_journal_folder_linked_outside_is_refused(make_ledger, tmp_path, both_paths):
    lg = make_ledger(BUY)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "2025-01.yaml").write_text(SECRET)
    (lg.root / "journal" / "2025").symlink_to(elsewhere)
    r = lg.run("check")
    assert r.exit_code == 1
    assert r.stderr == "journal/2025: error: refused: a link to a folder outside the ledger folder\n"


def test_a_link_inside_the_ledger_is_read(make_ledger):
    """A link that stays inside the ledger is an ordinary file: its entries count (here the
    same file twice, so its id is a duplicate — proof that it was read)."""
    lg = make_ledger(BUY)
    (lg.root / "journal" / "2026" / "zz.yaml").symlink_to(lg.root / "journal" / "2026" / "2026-11.yaml")
    r = lg.run("check")
    assert r.exit_code == 1
    assert "journal/2026/zz.yaml:1: error: duplicate id 'b1'" in r.stderr


def test_a_fifo_at_the_month_file_does_not_block_a_write(make_ledger, both_paths):
    """A named pipe where journal/2026/2026-11.yaml belongs: the write is refused at once
    (a subprocess with a timeout proves it never blocks while holding the lock)."""
    lg = make_ledger()
    fifo = lg.root / "journal" / "2026" / "2026-11.yaml"
    fifo.parent.mkdir(parents=True)
    os.mkfifo(fifo)
    for args in (["buy", "TEA-001", "1@50", "--from", "hangzhou-tea", "--date", "2026-11-03"], ["check"]):
        p = subprocess.run([*JXC, "-L", str(lg.root), *args], capture_output=True, text=True, timeout=60)
        assert p.returncode == 1, p
        assert p.stderr == ("journal/2026/2026-11.yaml: error: refused: not a regular file"
                            " (a named pipe (FIFO))\n"), p.stderr


@pytest.mark.parametrize("what", ["journal", "journal/2026"])
def test_journal_or_a_year_folder_being_a_file_is_an_error(make_ledger, what, both_paths):
    """Not "ok: 0 entries": a regular file where a journal folder belongs is a problem."""
    lg = make_ledger()
    (lg.root / "journal").rmdir()
    if what == "journal/2026":
        (lg.root / "journal").mkdir()
    (lg.root / what).write_text(BUY)
    r = lg.run("check")
    assert r.exit_code == 1
    assert r.stderr == (f"{what}: error: a regular file where a journal folder belongs"
                        " (entries live in journal/YYYY/*.yaml)\n")


def test_a_file_over_the_size_limit_is_refused(make_ledger, monkeypatch):
    """The limit is checked from the file's size, and again while reading (a growing file)."""
    import jxc.ledger.files as files
    lg = make_ledger(BUY + "# " + "x" * 1000 + "\n")          # 118 + 1,003 bytes
    monkeypatch.setattr(files, "MAX_FILE_BYTES", 1000)          # the catalog (600 bytes) is under it
    r = lg.run("check")
    assert r.exit_code == 1
    assert r.stderr == ("journal/2026/2026-11.yaml: error: refused: 1,121 bytes, over the limit"
                        " of 1,000 bytes for one file\n")
    assert MAX_FILE_BYTES == 256 * 2**20


def test_long_messages_are_cut_and_escaped():
    """A message can never print a whole file, nor forge a second line."""
    from jxc.errors import Problem
    p = Problem("bad value 'x\ny\x1b[31m" + "z" * 2000 + "'", "f.yaml", 3)
    s = str(p)
    assert "\n" not in s and "\x1b" not in s
    assert s.startswith("f.yaml:3: error: bad value 'x\\ny\\x1b[31mzzz")
    assert len(s) <= 400 and s.endswith("…")


# ---------------------------------------------------------------------------
# Line ends

CRLF_BUY = BUY.replace("\n", "\r\n")


def test_a_write_into_a_crlf_file_keeps_crlf(make_ledger, both_paths):
    """The new sale goes after the buy of 11-02, every line of the file ends in CRLF."""
    lg = make_ledger()
    path = lg.root / "journal" / "2026" / "2026-11.yaml"
    path.parent.mkdir(parents=True)
    path.write_bytes(CRLF_BUY.encode())
    lg.ok("sell", "TEA-001", "3@88", "--to", "cafe", "--date", "2026-11-05", "-q")
    data = path.read_bytes()
    assert data.startswith(CRLF_BUY.encode())
    assert data.count(b"\r\n") == 2 and data.count(b"\n") == 2
    assert lg.json("stock")[0]["qty"] == 7


def test_an_lf_file_stays_lf_and_a_new_file_is_lf(make_ledger):
    lg = make_ledger(BUY)
    lg.ok("sell", "TEA-001", "3@88", "--to", "cafe", "--date", "2026-11-05", "-q")
    lg.ok("sell", "TEA-001", "1@88", "--to", "cafe", "--date", "2026-12-05", "-q")
    for month in ("2026-11", "2026-12"):
        assert b"\r" not in (lg.root / "journal" / "2026" / f"{month}.yaml").read_bytes()


def test_fmt_keeps_crlf(make_ledger):
    lg = make_ledger()
    path = lg.root / "journal" / "2026" / "2026-11.yaml"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"id: b1\r\ndate: 2026-11-02\r\ntype: buy\r\nfrom: hangzhou-tea\r\nto: main\r\n"
                     b"lines: [{item: TEA-001, qty: 10, price: 50}]\r\n")
    assert lg.ok("fmt").stdout == "reformatted journal/2026/2026-11.yaml\n"
    assert path.read_bytes() == CRLF_BUY.encode()
    assert lg.run("fmt", "--check").exit_code == 0


# ---------------------------------------------------------------------------
# fmt keeps every comment

COMMENTED = """\
# November purchases
---
id: b2
date: 2026-11-09
type: buy
from: hangzhou-tea
to: main
note: don't panic   # KEEP
ref: PO-7   # after a ref
lines:
  - {item: TEA-001, qty: 10, price: 50}   # the price was agreed by phone
--- {id: b1, date: 2026-11-02, type: buy, from: hangzhou-tea, to: main, lines: [{item: TEA-002, qty: 1, price: 40}]}  # first
"""

COMMENTED_FMT = """\
# November purchases
--- {id: b1, date: 2026-11-02, type: buy, from: hangzhou-tea, to: main, lines: [{item: TEA-002, qty: 1, price: 40}]}
# first
--- {id: b2, date: 2026-11-09, type: buy, from: hangzhou-tea, to: main, ref: PO-7, note: don't panic, lines: [{item: TEA-001, qty: 10, price: 50}]}
# KEEP
# after a ref
# the price was agreed by phone
"""


def test_fmt_never_drops_a_comment(make_ledger):
    """A comment after a plain value with an apostrophe (``don't panic   # KEEP``) is kept,
    like every other: each moves under the first line of its entry, in order."""
    lg = make_ledger(COMMENTED)
    lg.ok("fmt")
    assert lg.journal() == COMMENTED_FMT


def test_comments_are_found_by_the_yaml_scanner():
    from jxc.write.canonical import comments_of
    text = "a: don't   # one\nb: 'x # no' # two\nc: a#b\n# three\nd: \"it's # no\"\n"
    assert comments_of(text) == [(0, "# one"), (1, "# two"), (3, "# three")]


def test_fmt_check_takes_no_write_lock(make_ledger):
    """With another writer holding the write lock, `fmt --check` answers at once; `fmt`
    waits and gives up."""
    import fcntl
    lg = make_ledger(COMMENTED)
    fd = os.open(lg.root / ".jxc.lock", os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX)        # what any jxc writer (old or new) holds
    try:
        r = lg.run("fmt", "--check")
        assert (r.exit_code, r.stdout, r.stderr) == (1, "would reformat journal/2026/2026-11.yaml\n", "")
        r = lg.run("fmt", "--wait", "0.2")
        assert r.exit_code == 1 and "gave up after waiting 0.2 s" in r.stderr
    finally:
        os.close(fd)


def test_fmt_check_needs_no_write_access(make_ledger, monkeypatch):
    """A ledger where nothing can be created or opened for writing (as on a read-only
    mount; simulated, for root may write anywhere): `fmt --check` reads and answers;
    `fmt` says it cannot lock, with no traceback."""
    import builtins
    lg = make_ledger(COMMENTED)
    root = str(lg.root)
    real_open, real_os_open = builtins.open, os.open

    def ro_open(file, mode="r", *a, **k):
        if str(file).startswith(root) and set(mode) & set("wax+"):
            raise PermissionError(13, "Read-only file system", str(file))
        return real_open(file, mode, *a, **k)

    def ro_os_open(path, flags, *a, **k):
        if str(path).startswith(root) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            raise PermissionError(13, "Read-only file system", str(path))
        return real_os_open(path, flags, *a, **k)

    monkeypatch.setattr(builtins, "open", ro_open)
    monkeypatch.setattr(os, "open", ro_os_open)
    r = lg.run("fmt", "--check")
    assert (r.exit_code, r.stdout, r.stderr) == (1, "would reformat journal/2026/2026-11.yaml\n", "")
    r = lg.run("fmt")
    assert (r.exit_code, r.stderr) == (1, ".jxc.lock: error: cannot create the lock file"
                                          " (is the ledger folder writable?)\n")
    assert not (lg.root / ".jxc.lock").exists()


@settings(max_examples=60, deadline=None)
@given(note=st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), max_size=20),
       comment=st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), max_size=20))
def test_fmt_keeps_any_comment_after_any_value(note, comment):
    """Property: an entry (any note, quoted as jxc writes it) with a comment after its
    value and a full-line comment: canonical form keeps both, and the same entry."""
    import datetime as dt
    from jxc.ledger.entries import dump_entry
    from jxc.write.canonical import entries_of, canonical_text, comments_of
    raw = {"id": "a1", "date": dt.date(2026, 11, 2), "type": "buy", "from": "hangzhou-tea", "to": "main",
           "note": note, "lines": [{"item": "TEA-001", "qty": 1, "price": 1}]}
    line = dump_entry(raw)
    text = line.rstrip("\n") + "   # " + comment + "\n# whole line " + comment + "\n"
    out = canonical_text(text, "f.yaml")
    assert [c for _, c in comments_of(out)] == [("# " + comment).strip(), ("# whole line " + comment).strip()]
    assert entries_of(out, "f.yaml") == entries_of(line, "f.yaml")
