"""SPEC 6: writes are atomic and serialized."""

import os
import re
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from jxc.errors import LedgerError
from jxc.fs.transaction import atomic_write
from jxc.write.writer import insert_entries

JXC = [sys.executable, "-m", "jxc"]


def run_jxc(root, *args):
    return subprocess.Popen([*JXC, "-L", str(root), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def test_eight_buys_at_once_all_land_exactly_once(make_ledger):
    lg = make_ledger()
    procs = [run_jxc(lg.root, "buy", "TEA-001", f"{i + 1}@50", "--from", "hangzhou-tea",
                     "--date", "2026-11-21", "-q") for i in range(8)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0] * 8, outs
    written = {o.strip() for o, _ in outs}
    text = lg.journal()
    assert sorted(re.findall(r"^--- \{id: ([^,]+),", text, re.M)) == sorted(written)
    assert sorted(int(q) for q in re.findall(r"qty: (\d+)", text)) == list(range(1, 9))
    lg.ok("check")
    assert lg.json("stock")[0]["qty"] == 36


def test_concurrent_sales_never_oversell(make_ledger):
    """The negative-stock check and the write happen under one lock: of 6 sales of 2 from 5, two land."""
    lg = make_ledger()
    lg.ok("open", "TEA-001", "5@50", "--date", "2026-11-01", "-q")
    procs = [run_jxc(lg.root, "sell", "TEA-001", "2", "--to", "cafe", "--date", "2026-11-02", "-q")
             for _ in range(6)]
    for p in procs:
        p.communicate(timeout=120)
    assert sorted(p.returncode for p in procs) == [0, 0, 1, 1, 1, 1]
    assert lg.json("stock")[0]["qty"] == 1


WRITER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from jxc.fs.transaction import atomic_write
    path, n = Path(sys.argv[1]), int(sys.argv[2])
    while True:
        for k in range(n):
            atomic_write(path, (str(k) * 79 + "\\n") * 20000)
""")


def test_a_killed_writer_never_leaves_a_torn_file(tmp_path):
    """Kill a process that rewrites a 1.6 MB file in a loop, at random moments: the file is
    always one whole version, never a mix or a truncation."""
    import random
    target = tmp_path / "f.yaml"
    atomic_write(target, ("0" * 79 + "\n") * 20000)
    rnd = random.Random(7)
    for _ in range(12):
        p = subprocess.Popen([sys.executable, "-c", WRITER, str(target), "3"])
        time.sleep(0.05 + rnd.random() * 0.3)
        p.send_signal(signal.SIGKILL)
        p.wait()
        text = target.read_text()
        assert len(text) == 80 * 20000
        assert len(set(text.replace("\n", ""))) == 1
    # temporary files of killed writers are the only leftovers, never the target itself
    assert all(p.name.startswith(".f.yaml.") for p in tmp_path.iterdir() if p.name != "f.yaml")


def test_a_failed_rename_keeps_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "f.yaml"
    target.write_text("old\n")

    def boom(*a, **k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(LedgerError, match="f.yaml: error: cannot write: No space left on device"):
        atomic_write(target, "new\n")
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["f.yaml"]


def test_insert_before_an_implicit_document():
    text = "id: a\ndate: 2026-11-05\n"
    out = insert_entries(text, "f", [(__import__("datetime").date(2026, 11, 1), "--- {id: b}\n")])
    assert out == "--- {id: b}\n---\nid: a\ndate: 2026-11-05\n"
