"""All or none across files: a write killed at any step, readers racing writers,
locks that say so, full disks and folders that cannot be synced."""

from __future__ import annotations

import errno
import json
import os
import re
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from jxc.fs.transaction import INTENT_FILE, TMP_SUFFIX

JXC = [sys.executable, "-m", "jxc"]

OPENING = "--- {id: o1, date: 2026-11-01, type: open, to: main, lines: [{item: TEA-001, qty: 10, price: 50}]}\n"

# Three entries in three month files.  The sale of 14 on 12-05 needs the buy of 10-01
# (10 opened + 5 bought - 1 moved to the shop = 14): a
# write that landed the sale's file alone would leave a ledger below zero.  The files
# are renamed in the order of the entries (2026-12 first).
ADD = "\n".join(json.dumps(e) for e in [
    {"id": "s1", "date": "2026-12-05", "type": "sell", "from": "main", "to": "cafe",
     "lines": [{"item": "TEA-001", "qty": 14, "price": 88}]},
    {"id": "b1", "date": "2026-10-01", "type": "buy", "from": "hangzhou-tea", "to": "main",
     "lines": [{"item": "TEA-001", "qty": 5, "price": 48}]},
    {"id": "t1", "date": "2026-11-20", "type": "transfer", "from": "main", "to": "shop",
     "lines": [{"item": "TEA-001", "qty": 1}]},
]) + "\n"
ADDED = {"s1", "b1", "t1"}


def ids_on_disk(root: Path) -> set:
    out = set()
    for p in (root / "journal").rglob("*.yaml"):
        out |= set(re.findall(r"id: ([^,\s]+),", p.read_text()))
    return out


def leftovers(root: Path) -> list:
    return sorted(p.name for p in root.rglob("*") if p.name.endswith(TMP_SUFFIX) or p.name == INTENT_FILE)


# ---------------------------------------------------------------------------
# A write killed at every step of it

def _killed_at(k: int, run) -> bool:
    """Run ``run()`` in a forked child that SIGKILLs itself at its k-th file operation
    (write, fsync, rename, unlink); True when it was killed, False when it finished."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        count = [0]

        def step(fn):
            def wrapped(*a, **kw):
                count[0] += 1
                if count[0] == k:
                    os.kill(os.getpid(), signal.SIGKILL)
                return fn(*a, **kw)
            return wrapped
        for name in ("write", "fsync", "replace", "unlink"):
            setattr(os, name, step(getattr(os, name)))
        try:
            code = run()
        except BaseException:
            code = 3
        os._exit(code)
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        assert os.WTERMSIG(status) == signal.SIGKILL
        return True
    assert os.WEXITSTATUS(status) == 0, f"the child failed at step {k}"
    return False


def _every_kill_point(make_ledger, prepare, act, check):
    """For k = 1, 2, ...: a fresh ledger, ``act`` killed at its k-th file operation,
    then ``check(lg)`` of the state a later jxc sees; until ``act`` runs to its end."""
    k = 0
    while True:
        k += 1
        lg = make_ledger(OPENING)
        prepare(lg)
        if not _killed_at(k, lambda: act(lg)):
            check(lg, done=True)
            return k - 1
        check(lg, done=None)
        assert k < 200


@pytest.mark.slow
def test_add_across_three_files_killed_at_every_step_is_all_or_none(make_ledger):
    """Whatever step the kill hits, the next reader sees the three entries or none:
    `check` is always clean (never the false "below zero" of the sale alone), and the
    next writer leaves no temporary file."""
    def act(lg):
        return lg.run("add", "-", input=ADD).exit_code

    def check(lg, done):
        r = lg.run("check")                   # a reader: finishes an interrupted write first
        assert r.exit_code == 0, r
        got = ids_on_disk(lg.root) - {"o1"}
        assert got in (set(), ADDED), got
        if done:
            assert got == ADDED
        assert INTENT_FILE not in leftovers(lg.root)
        lg.ok("buy", "TEA-002", "1@1", "--from", "fujian-tea", "--date", "2026-11-30", "--dry-run")
        assert leftovers(lg.root) == []       # the next writer cleaned what the kill left

    steps = _every_kill_point(make_ledger, lambda lg: None, act, check)
    assert steps >= 12                        # 3 files + the intent, renames, syncs: each one tried


FMT_FILES = {
    "2026-09": "id: x9\ndate: 2026-09-03\ntype: buy\nfrom: hangzhou-tea\nto: main\n"
               "lines: [{item: TEA-002, qty: 2, price: 40}]   # kept\n",
    "2026-10": "id: x10\ndate: 2026-10-03\ntype: sell\nfrom: main\nto: cafe\n"
               "lines: [{item: TEA-002, qty: 2, price: 60}]\n",
}


def test_fmt_killed_at_every_step_is_all_or_none(make_ledger):
    """`fmt` rewrites two files as one transaction: after a kill, either both are still as
    written by hand or both are in canonical form (the comment kept)."""
    def prepare(lg):
        for month, text in FMT_FILES.items():
            lg.write_journal(text, month)

    def check(lg, done):
        lg.ok("check")
        texts = [lg.journal(m) for m in FMT_FILES]
        canonical = [t.startswith("--- {") for t in texts]
        assert canonical in ([False, False], [True, True]), texts
        assert "# kept" in texts[0]
        if done:
            assert canonical == [True, True]

    steps = _every_kill_point(make_ledger, prepare, lambda lg: lg.run("fmt").exit_code, check)
    assert steps >= 8


def test_a_catalog_edit_killed_at_every_step_is_all_or_none(make_ledger):
    def check(lg, done):
        text = (lg.root / "catalog.yaml").read_text()
        assert text.count("NEW-1") in (0, 1)
        assert text.endswith("\n") and "Corner Cafe" in text
        lg.ok("check")
        if done:
            assert "NEW-1" in text

    steps = _every_kill_point(make_ledger, lambda lg: None,
                              lambda lg: lg.run("item", "add", "NEW-1", "--name", "New tea").exit_code, check)
    assert steps >= 2


# ---------------------------------------------------------------------------
# What the next jxc does with an interrupted write

def _interrupted(lg, renamed: int):
    """The state a kill leaves after the intent was written and ``renamed`` files moved."""
    from jxc.fs import transaction as writer
    texts = {lg.root / "journal" / "2026" / "2026-12.yaml": "--- {id: s1, date: 2026-12-05, type: sell,"
             " from: main, to: cafe, lines: [{item: TEA-001, qty: 15, price: 88}]}\n",
             lg.root / "journal" / "2026" / "2026-10.yaml": "--- {id: b1, date: 2026-10-01, type: buy,"
             " from: hangzhou-tea, to: main, lines: [{item: TEA-001, qty: 5, price: 48}]}\n"}
    staged = [(p, writer.stage_file(lg.root, p, t)[0]) for p, t in texts.items()]
    writer.write_intent(lg.root, staged)
    for p, tmp in staged[:renamed]:
        os.replace(tmp, p)


@pytest.mark.parametrize("renamed", [0, 1, 2])
def test_a_reader_finishes_an_interrupted_write_first(make_ledger, renamed):
    """Stock after: 10 opened + 5 bought - 15 sold = 0, whatever was renamed before the kill."""
    lg = make_ledger(OPENING)
    _interrupted(lg, renamed)
    assert lg.json("stock", "--zero")[0]["qty"] == 0
    assert leftovers(lg.root) == []


def test_a_reader_does_not_delete_temporary_files_of_a_live_write(make_ledger):
    """Temporary files without an intent may be a writer's work in progress: only a writer
    (who holds the write lock, so no other writer is live) deletes them."""
    from jxc.fs import transaction as writer
    lg = make_ledger(OPENING)
    tmp, _ = writer.stage_file(lg.root, lg.root / "journal" / "2026" / "2026-11.yaml", "garbage: [")
    lg.ok("check")
    assert tmp.exists()
    lg.ok("buy", "TEA-002", "1@1", "--from", "fujian-tea", "--date", "2026-11-30", "-q")
    assert not tmp.exists()


def test_an_intent_naming_files_outside_the_ledger_is_refused(make_ledger):
    lg = make_ledger(OPENING)
    (lg.root / INTENT_FILE).write_text(json.dumps(
        {"jxc_intent": 1, "renames": [{"tmp": "../x/.evil.1.jxc-tmp", "target": "../x/evil", "sha256": ""}]}))
    r = lg.run("check")
    assert (r.exit_code, r.stderr) == (1, ".jxc-intent.json: error: not a record of an interrupted jxc"
                                          " write (unexpected file names '../x/.evil.1.jxc-tmp'); inspect"
                                          " it and delete it\n")


def test_a_temporary_file_that_does_not_match_its_checksum_is_not_renamed(make_ledger):
    lg = make_ledger(OPENING)
    _interrupted(lg, 0)
    tmp = next((lg.root / "journal" / "2026").glob(f".2026-12.yaml.*{TMP_SUFFIX}"))
    tmp.write_text("--- {id: s1, date: 2026-12-05, type: sell, from: main, to: cafe, lines: []}\n")
    r = lg.run("check")
    assert r.exit_code == 1
    assert r.stderr.startswith(".jxc-intent.json: error: journal/2026/.2026-12.yaml.")
    assert r.stderr.endswith("does not match the record of the interrupted write; inspect it,"
                             " then delete the intent file\n")
    assert not (lg.root / "journal" / "2026" / "2026-12.yaml").exists()


@settings(max_examples=25, deadline=None)
@given(st.dictionaries(st.sampled_from(["2026/2026-01.yaml", "2026/2026-02.yaml", "2025/2025-12.yaml"]),
                       st.text(st.characters(blacklist_categories=("Cs",)), max_size=40), min_size=1),
       st.booleans())
def test_write_files_writes_exactly_the_texts(tmp_path_factory, texts, crlf_before):
    """Property: after write_files, each file holds its text (with '\\n' → the file's old
    line end), and no temporary or intent file is left."""
    from jxc.fs.transaction import write_files
    root = tmp_path_factory.mktemp("w")
    paths = {root / "journal" / name: text for name, text in texts.items()}
    for p in paths:
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(b"old\r\n" if crlf_before else b"old\n")
    write_files(root, paths)
    for p, text in paths.items():
        want = text.replace("\r\n", "\n").replace("\n", "\r\n") if crlf_before else text
        assert p.read_bytes() == want.encode()
    assert leftovers(root) == []


# ---------------------------------------------------------------------------
# Locks

def _hold_write_lock(root: Path) -> int:
    """Hold .jxc.lock as every jxc writer does (flock, exclusive): an old jxc's lock too."""
    import fcntl
    fd = os.open(root / ".jxc.lock", os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX)
    return fd


@pytest.mark.parametrize("extra", [[], ["--dry-run"]])
def test_a_waiting_writer_says_so_and_gives_up(make_ledger, extra):
    """After 1 s a notice; after --wait 1.5 s exit 1 with nothing written (a dry run too)."""
    lg = make_ledger(OPENING)
    before = lg.snapshot()
    fd = _hold_write_lock(lg.root)
    try:
        t = time.monotonic()
        r = lg.run("sell", "TEA-001", "1", "--to", "cafe", "--date", "2026-11-05", "--wait", "1.5", *extra)
        took = time.monotonic() - t
    finally:
        os.close(fd)
    assert r.exit_code == 1
    assert r.stderr == ("jxc: waiting for another jxc writing to this ledger (.jxc.lock); giving up after 1.5 s\n"
                        ".jxc.lock: error: gave up after waiting 1.5 s for another jxc writing to this ledger;"
                        " nothing was written (wait longer with --wait SECONDS)\n")
    assert 1.5 <= took < 10
    assert lg.snapshot() == before


def test_a_writer_waits_for_the_lock_and_then_writes(make_ledger):
    """The holder lets go once the writer has said it waits: the writer then writes (exit 0)."""
    lg = make_ledger(OPENING)
    fd = _hold_write_lock(lg.root)
    p = subprocess.Popen([*JXC, "-L", str(lg.root), "sell", "TEA-001", "1", "--to", "cafe",
                          "--date", "2026-11-05", "-q"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    notice = p.stderr.readline()          # comes after 1 s of waiting (or EOF if it never waited)
    os.close(fd)
    out, err = p.communicate(timeout=60)
    assert p.returncode == 0, err
    assert notice == "jxc: waiting for another jxc writing to this ledger (.jxc.lock); giving up after 30 s\n"
    assert err == ""
    assert lg.json("stock")[0]["qty"] == 9


def test_every_write_command_has_wait(make_ledger):
    lg = make_ledger()
    for cmd in (["open"], ["buy"], ["sell"], ["transfer"], ["writeoff"], ["count"], ["return"], ["add"],
                ["fmt"], ["po"], ["so"], ["receive"], ["ship"], ["close"], ["item", "add"], ["location", "add"], ["supplier", "add"], ["customer", "add"]):
        assert "--wait" in lg.ok(*cmd, "--help").stdout, cmd


# ---------------------------------------------------------------------------
# Disks that fail

def _fail_fsync(monkeypatch, on_dirs: bool, err: int):
    real = os.fsync

    def fsync(fd):
        if stat.S_ISDIR(os.fstat(fd).st_mode) == on_dirs:
            raise OSError(err, os.strerror(err))
        return real(fd)
    monkeypatch.setattr(os, "fsync", fsync)


def test_a_full_disk_names_the_file_and_writes_nothing(make_ledger, monkeypatch):
    lg = make_ledger(OPENING)
    before = lg.snapshot()
    _fail_fsync(monkeypatch, on_dirs=False, err=errno.ENOSPC)
    r = lg.run("sell", "TEA-001", "1", "--to", "cafe", "--date", "2026-11-05")
    assert (r.exit_code, r.stdout) == (1, "")
    assert r.stderr == ("journal/2026/2026-11.yaml: error: cannot write: No space left on device;"
                        " nothing was written\n")
    monkeypatch.undo()
    assert lg.snapshot() == before and leftovers(lg.root) == []


def test_a_full_disk_in_a_multi_file_add_writes_none(make_ledger, monkeypatch):
    lg = make_ledger(OPENING)
    before = lg.snapshot()
    real_write, calls = os.write, [0]

    def write(fd, data):            # the second temporary file finds the disk full
        calls[0] += 1
        if calls[0] == 2:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(fd, data)
    monkeypatch.setattr(os, "write", write)
    r = lg.run("add", "-", input=ADD)
    monkeypatch.undo()
    assert r.exit_code == 1
    assert r.stderr == ("journal/2026/2026-10.yaml: error: cannot write: No space left on device;"
                        " nothing was written\n")
    assert lg.snapshot() == before and leftovers(lg.root) == []


def test_a_folder_that_cannot_be_synced_after_the_rename_is_a_warning(make_ledger, monkeypatch):
    """The rename happened: the entry is written, exit 0, and the user is told the sync failed."""
    lg = make_ledger(OPENING)
    _fail_fsync(monkeypatch, on_dirs=True, err=errno.EIO)
    r = lg.run("sell", "TEA-001", "1", "--to", "cafe", "--date", "2026-11-05", "-q")
    monkeypatch.undo()
    assert r.exit_code == 0, r
    assert re.fullmatch(r"jxc: warning: \S+/journal/2026: the folder could not be synced \(Input/output"
                        r" error\); the write is done, but a power cut now could undo it\n", r.stderr)
    assert lg.json("stock")[0]["qty"] == 9


# ---------------------------------------------------------------------------
# Readers racing writers

PAIR = "\n".join(json.dumps(e) for e in [
    {"date": "2026-12-{day}", "type": "sell", "from": "main", "to": "cafe",
     "lines": [{"item": "TEA-002", "qty": 5, "price": 60}]},
    {"date": "2026-10-{day}", "type": "buy", "from": "fujian-tea", "to": "main",
     "lines": [{"item": "TEA-002", "qty": 5, "price": 40}]}]) + "\n"


@pytest.mark.slow
@pytest.mark.parametrize("cache", ["plain", "cache"])
def test_readers_racing_writers_never_see_half_a_write(make_ledger, monkeypatch, cache):
    """A writer process adds (sale in December, buy in October) pairs, the December file
    renamed first, and lingers 0.3 s after each rename (widening the window a kill or a
    reader could fall into).  Meanwhile this process reads with `check` again and again:
    every read is clean, never the false "below zero" of the sale without its buy.
    On the plain reader and on the cached one (its records and stat index)."""
    if cache == "cache":
        monkeypatch.setenv("JXC_CACHE_MIN_BYTES", "0")
    lg = make_ledger(OPENING)
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the writer
        real = os.replace

        def slow_replace(*a, **kw):
            real(*a, **kw)
            time.sleep(0.3)
        os.replace = slow_replace
        code = 0
        for day in ("03", "04", "05"):
            code |= lg.run("add", "-q", "-", input=PAIR.replace("{day}", day)).exit_code
        os._exit(code)
    reads = 0
    while True:
        r = lg.run("check")
        assert r.exit_code == 0, r
        reads += 1
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
    assert reads >= 3
    assert len(ids_on_disk(lg.root)) == 1 + 6


@pytest.mark.slow
def test_stress_script_random_kills(tmp_path):
    """tools/stress_kill.py with a few random-time kills of real `jxc add` processes."""
    root = Path(__file__).resolve().parents[1]
    p = subprocess.run([sys.executable, str(root / "tools" / "stress_kill.py"), "--runs", "8",
                        "--dir", str(tmp_path)], capture_output=True, text=True, timeout=600)
    assert p.returncode == 0, p.stdout + p.stderr
    assert "8 runs" in p.stdout and "0 violations" in p.stdout
